"""Two instances on one database: one window per session, and no lost updates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import SessionLockedError, Store

pytestmark = pytest.mark.serial  # a real process, pty or signal: never beside another test

HELPERS = Path(__file__).parent / "helpers"
REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture
def holder(db_path, make_session):
    """Another process that has the session open."""
    session = make_session()
    proc = subprocess.Popen(
        [sys.executable, str(HELPERS / "lock_holder.py"), str(db_path), session.id],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield session, proc
    proc.kill()
    proc.wait()


def test_second_window_is_told_plainly(holder, db_path, monkeypatch):
    session, proc = holder
    launched: list = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: launched.append(start))
    result = CliRunner().invoke(main, ["--db", str(db_path), "resume", session.id])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: Session {session.id} is open in another Coalition window (pid {proc.pid}). "
        "Close it there first; both editing at once would lose words."
    )
    assert "Traceback" not in result.output
    assert launched == []


async def test_second_window_in_the_app_shows_a_notification(holder, make_app, db_path):
    session, proc = holder
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None
        notes = [n for n in app._notifications if "another Coalition window" in n.message]
        assert notes and notes[0].title == "Cannot open the session"
        assert f"pid {proc.pid}" in notes[0].message


def test_the_lock_dies_with_its_process(holder, db_path):
    session, proc = holder
    store = Store(db_path)
    with pytest.raises(SessionLockedError):
        store.lock(session.id)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    lock_file = db_path / "sessions" / f"{session.id}.lock"
    assert lock_file.exists(), "a killed window cannot remove its lock file"
    Store(db_path)  # the next window to open the folder clears it: nobody holds it any more
    assert not lock_file.exists()
    store.lock(session.id)  # a crashed window never keeps a session hostage
    store.unlock(session.id)


def test_one_process_two_stores_cannot_both_edit(store, make_session, db_path):
    session = make_session()
    store.lock(session.id)
    with pytest.raises(SessionLockedError):
        Store(db_path).lock(session.id)
    store.unlock(session.id)


def test_two_processes_writing_different_sessions_lose_nothing(db_path):
    Store(db_path)
    go = db_path / "go"
    count = 25
    procs = [
        subprocess.Popen(
            [sys.executable, str(HELPERS / "index_writer.py"), str(db_path), tag, str(count), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for tag in ("aaaa", "bbbb")
    ]
    go.touch()
    outcomes = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
    rows = {row["id"]: row for row in Store(db_path).list_summaries()}
    expected = {f"{tag}{i:04d}" for tag in ("aaaa", "bbbb") for i in range(count)}
    assert set(rows) == expected, f"lost: {sorted(expected - set(rows))}"
    for sid, row in rows.items():
        tag, i = sid[:4], int(sid[4:])
        assert row["title"] == f"{tag} {i} step 2", "an index update was lost"
    for sid in expected:
        assert Store(db_path).load(sid).title == f"{sid[:4]} {int(sid[4:])} step 2"
