"""Privacy: owner-only files and folders, and nothing written outside the data folder
and the paths the user names. (``serve`` binding to loopback is tested with serve.)
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.storage import SessionLockedError, Store
from tests.helpers.pty_app import PtyApp, child_env, coalition_argv

REPO = Path(__file__).resolve().parents[1]


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def _assert_private(root: Path) -> None:
    for name, mode in _modes(root).items():
        path = root / name
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path} is {oct(mode)}, expected {oct(expected)}"


async def test_a_whole_session_leaves_only_owner_only_files(make_app, db_path, tmp_path):
    old = os.umask(0o000)  # even the most careless umask does not loosen anything
    try:
        app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "Ben", "skip_setup": True}))
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            session_id = app.session.id
            app.action_toggle_presentation()
            for _ in range(6):
                app.next_phase()
                await pilot.pause()
            app.theme = "textual-light"  # settings.json too
            await pilot.pause()
            await pilot.press("ctrl+q")
        out = tmp_path / "exports" / "agreement.json"
        out.parent.mkdir()
        result = CliRunner().invoke(main, ["--db", str(db_path), "export", session_id, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        # Replacing an export that was world-readable makes it private.
        out.chmod(0o644)
        assert CliRunner().invoke(main, ["--db", str(db_path), "export", session_id, "-o", str(out)]).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    _assert_private(db_path)
    assert {p.name for p in db_path.iterdir()} >= {"index.json", "sessions", "settings.json"}


def test_an_existing_folder_keeps_its_mode(tmp_path):
    """A folder the user made is theirs (a shared or read-only one stays so); what Coalition makes is 0700."""
    db = tmp_path / "db"
    db.mkdir()
    db.chmod(0o755)
    Store(db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o755
    assert stat.S_IMODE((db / "sessions").stat().st_mode) == 0o700


def _locked(session_file: Path) -> bool:
    store = Store(session_file.parent.parent)
    try:
        store.lock(session_file.stem)
    except SessionLockedError:
        return True
    store.unlock(session_file.stem)
    return False


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.serial
@pytest.mark.slow
def test_nothing_is_written_outside_the_data_folder_and_named_paths(tmp_path):
    """A whole run of the real program with HOME and the XDG folders in a sandbox."""
    sandbox = tmp_path / "sandbox"
    home, cwd, tmp = sandbox / "home", sandbox / "cwd", sandbox / "tmp"
    xdg = {
        name: home / sub
        for name, sub in (
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_CACHE_HOME", ".cache"),
            ("XDG_STATE_HOME", ".local/state"),
            ("XDG_RUNTIME_DIR", "run"),
        )
    }
    for folder in (home, cwd, tmp, *xdg.values()):
        folder.mkdir(parents=True, exist_ok=True)
    before = _snapshot(sandbox)
    env = child_env(
        HOME=str(home),
        TMPDIR=str(tmp),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(REPO),
        **{k: str(v) for k, v in xdg.items()},
    )
    data = xdg["XDG_DATA_HOME"] / "coalition"

    with PtyApp(
        coalition_argv("new", "-a", "Ada", "-b", "Ben", "--agenda", "alignment,declaration"), env=env, cwd=cwd
    ) as app:
        app.wait_for(
            lambda: list((data / "sessions").glob("*.json")) if (data / "sessions").exists() else [],
            timeout=30,
            what="the session file",
        )
        app.wait_for_output(b"Alignment", timeout=30)
        app.send("private words")
        session_file = next((data / "sessions").glob("*.json"))
        app.wait_for(lambda: "private words" in session_file.read_text(), timeout=30, what="the words saved")
        app.send("ctrl+n")
        app.send("ctrl+g")  # home: saved and closed
        app.wait_for(lambda: not _locked(session_file), timeout=30, what="the session to be closed")
        app.send("ctrl+q")
        assert app.wait(20) == 0
    session_id = session_file.stem
    export = sandbox / "chosen" / "agreement.json"
    export.parent.mkdir()
    for args in (["list"], ["list", "--json"], ["export", session_id, "--format", "json", "-o", str(export)]):
        done = subprocess.run(
            [sys.executable, "-m", "coalition_tui", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
    after = _snapshot(sandbox)
    allowed_roots = (str(data.relative_to(sandbox)), str(export.relative_to(sandbox)))
    made = sorted(after - before)
    stray = [
        p
        for p in made
        if not any(p == r or p.startswith(r + "/") for r in allowed_roots)
        and not any(r.startswith(p + "/") for r in allowed_roots)
    ]  # parents of the data folder
    assert stray == [], f"written outside the data folder: {stray}"
    assert not list(cwd.iterdir()) and not list(tmp.iterdir())
    _assert_private(data)
    assert stat.S_IMODE(export.stat().st_mode) == 0o600


@pytest.mark.parametrize("given", ["../../outside", "../index", "/etc/passwd", "a/b", ".."])
def test_a_session_id_is_never_a_path(given, tmp_path, make_session, db_path, monkeypatch):
    make_session()
    (tmp_path / "outside.json").write_text("{}")
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: None)
    before = _snapshot(tmp_path)
    for command in (["resume", given], ["export", given], ["show", given]):
        result = CliRunner().invoke(main, ["--db", str(db_path), *command])
        assert result.exit_code == 1 and "There is no session" in result.output, result.output
    assert _snapshot(tmp_path) == before
