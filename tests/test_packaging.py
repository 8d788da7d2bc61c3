"""A non-editable install finds its stylesheets and data files inside the wheel."""

from __future__ import annotations

import zipfile

from .conftest import ROOT, run_in_install


def test_wheel_holds_every_stylesheet(installed_wheel):
    wheel, _ = installed_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    for tcss in (ROOT / "styles").glob("*.tcss"):
        assert f"coalition_tui/styles/{tcss.name}" in names


def test_installed_wheel_finds_its_styles_outside_the_source_tree(installed_wheel, tmp_path):
    _, site = installed_wheel
    probe = (
        "import coalition_tui.resources as r, sys; "
        "d = r.styles_dir(); print(d); "
        "sys.exit(0 if str(d).startswith(sys.argv[1]) and (d / 'app.tcss').is_file() else 1)"
    )
    result = run_in_install(site, probe, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
