"""Signals and ctrl+c: however the run ends, the session is saved, the clock stopped.

Two levels: in-process with Pilot (the handlers run in the test's event loop;
a signal sent to this very process), and a real ``coalition`` child on a pty
(SIGTERM, SIGINT, and SIGHUP by closing the terminal), checked on disk and by
starting it again.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.domain.clock import ClockRecord, SpeakingClock
from coalition_tui.domain.phases import Phase
from coalition_tui.lifecycle import HANDLED_SIGNALS
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.storage import Store
from coalition_tui.storage.errors import SessionLockedError
from tests.helpers.pty_app import PtyApp, child_env, coalition_argv

pytestmark = pytest.mark.serial  # a real process, pty or signal: never beside another test

SIGNALS = [pytest.param(sig, id=sig.name) for sig in HANDLED_SIGNALS]


def _saved(db_path: Path, session_id: str) -> dict:
    raw = json.loads((db_path / "sessions" / f"{session_id}.json").read_text())
    return raw["session"]["1"]


def _lock_is_free(db_path: Path, session_id: str) -> bool:
    store = Store(db_path)
    try:
        store.lock(session_id)
    except SessionLockedError:
        return False
    store.unlock(session_id)
    return True


# -- in-process: the handlers themselves --------------------------------------------


@pytest.mark.parametrize("sig", SIGNALS)
async def test_signal_saves_runs_hooks_and_exits(sig, make_app, make_session, db_path):
    session = make_session()
    # A long autosave delay: if the change reaches the disk, the signal handler wrote it.
    app = make_app(StartRequest("resume", session.id), autosave_delay=3600)
    folded: list[str] = []

    def fold_clock(s) -> None:  # what the clearing screen's hook does with its running clock
        folded.append(s.id)
        s.clearing.clock = ClockRecord(turn_seconds=77.0)  # a record no screen would write: the hook's own

    async with app.run_test(size=(100, 32)) as pilot:
        assert app.keeper is not None
        installed = app.signal_handlers.signals
        assert sig in installed, "the app did not take over this signal"  # else os.kill would end pytest
        app.keeper.add_before_save(fold_clock)
        app.action_toggle_presentation()
        await pilot.pause()
        assert app.keeper.dirty
        os.kill(os.getpid(), sig)
        for _ in range(20):
            await pilot.pause()
            if app.return_code is not None:
                break
        assert app.return_code == 128 + sig
        assert app.ended_by_signal == sig
    saved = _saved(db_path, session.id)
    assert saved["presentation"] is True
    assert saved["clearing"]["clock"] == ClockRecord(turn_seconds=77.0).to_dict()
    assert folded == [session.id]
    assert _lock_is_free(db_path, session.id)
    # The next start resumes where it was.
    again = make_app(StartRequest("resume", session.id))
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert again.session is not None and again.session.presentation is True
        await pilot.press("ctrl+q")


async def test_handlers_are_removed_when_the_app_ends(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        assert app.signal_handlers.signals
        await pilot.press("ctrl+q")
    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)


async def test_a_failing_hook_still_saves_the_words(make_app, make_session, db_path):
    session = make_session()
    app = make_app(StartRequest("resume", session.id), autosave_delay=3600)

    def broken(s) -> None:
        raise RuntimeError("clock bug")

    async with app.run_test(size=(100, 32)):
        app.keeper.add_before_save(broken)
        app.session.title = "kept"
        app.changed()
        with pytest.raises(RuntimeError):
            app.keeper.flush()
        app.keeper.remove_before_save(broken)
    assert _saved(db_path, session.id)["title"] == "kept"


async def test_clearing_clock_is_stopped_and_recorded_on_sigterm(make_app, make_session, db_path, fake_clock):
    """The real clearing screen: a running turn is recorded up to the signal and comes back paused."""
    session = make_session(agenda="clearing")
    app = make_app(StartRequest("resume", session.id), autosave_delay=3600)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClearingScreen)
        clock = app.screen.clock
        clock.take("a")
        fake_clock.advance(42)
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(20):
            await pilot.pause()
            if app.return_code is not None:
                break
        assert app.return_code == 128 + signal.SIGTERM
    stored = _saved(db_path, session.id)["clearing"]["clock"]
    restored = SpeakingClock.from_dict(stored, turn_seconds=session.settings.turn_seconds, monotonic=fake_clock)
    assert restored.running is False, "after a restart the clock must be paused"
    assert restored.totals()["a"] == pytest.approx(42, abs=0.01)


# -- ctrl+c pressed as a key (raw mode: not a signal) ------------------------------------


async def test_ctrl_c_key_saves_now_and_says_how_to_quit(make_app, make_session, db_path):
    session = make_session()
    app = make_app(StartRequest("resume", session.id), autosave_delay=3600)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_toggle_presentation()
        app.set_focus(None)
        await pilot.pause()
        assert app.keeper.dirty
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.keeper.dirty, "ctrl+c must save at once"
        assert _saved(db_path, session.id)["presentation"] is True
        assert app.return_code is None, "ctrl+c must not quit"
        assert any("ctrl+q" in str(n.message) for n in app._notifications)


async def test_ctrl_c_key_in_a_text_box_loses_nothing(make_app, make_session, db_path):
    session = make_session(agenda="alignment")
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        from textual.widgets import TextArea

        areas = [a for a in app.screen.query(TextArea) if not a.read_only]
        assert areas, "the alignment screen has no text box"
        areas[0].focus()
        await pilot.press(*"kept words")
        await pilot.press("ctrl+c", "ctrl+c")
        await pilot.pause()
        assert app.return_code is None
        await pilot.press("ctrl+q")
    assert "kept words" in json.dumps(_saved(db_path, session.id))


# -- a real process on a real terminal --------------------------------------------------


@pytest.fixture
def stored_session(db_path):
    from coalition_tui.domain.session import Session

    store = Store(db_path)
    session = Session.new("Ada", "Ben", title="Signals", agenda="alignment,declaration")
    store.create(session)
    store.close()
    return session


def _start(db_path: Path, session_id: str) -> PtyApp:
    app = PtyApp(coalition_argv("--db", str(db_path), "resume", session_id), env=child_env())
    app.wait_for_output(Phase.ALIGNMENT.title.encode(), timeout=30)
    return app


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_real_process_saves_on_signal_and_resumes(how, db_path, stored_session):
    sid = stored_session.id
    with _start(db_path, sid) as app:
        app.send("zqxjkw")  # words typed into the focused pane, autosaved 0.4 s later at the earliest
        app.wait_for_output(b"zqxjkw")  # drawn, so the keys were handled
        if how == "SIGHUP":
            app.hang_up()  # the terminal window closes
        else:
            app.signal(getattr(signal, how))
        code = app.wait(20)
    assert code == 128 + getattr(signal, how)
    assert "zqxjkw" in json.dumps(_saved(db_path, sid))
    assert _lock_is_free(db_path, sid)
    # No traceback on the way out (a closed terminal shows nothing at all).
    assert b"Traceback" not in app.output
    with _start(db_path, sid) as again:
        again.send("ctrl+q")
        assert again.wait(20) == 0
    assert b"Traceback" not in again.output
    assert "zqxjkw" in json.dumps(_saved(db_path, sid))


@pytest.mark.slow
def test_real_process_ctrl_c_key_does_not_quit(db_path, stored_session):
    """ctrl+c copies in a text box, or saves and says how to quit; either way the app stays."""
    with _start(db_path, stored_session.id) as app:
        app.send("ctrl+c")
        before = len(app.output)
        app.send("f8")  # still answering keys after ctrl+c
        app.wait_for(lambda: len(app.output) > before + 200, what="a redraw after ctrl+c, f8")
        assert app.proc.poll() is None
        app.send("ctrl+q")
        assert app.wait(20) == 0
    assert _saved(db_path, stored_session.id)["presentation"] is True
