"""A non-editable install finds its stylesheets and data files inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("coalition_tui-*.whl"))


def test_wheel_holds_every_stylesheet(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"coalition_tui/styles/{tcss.name}" in names


def test_installed_wheel_finds_its_styles_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True
    )
    probe = (
        "import coalition_tui.resources as r, sys; "
        "d = r.styles_dir(); print(d); "
        "sys.exit(0 if str(d).startswith(sys.argv[1]) and (d / 'app.tcss').is_file() else 1)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
