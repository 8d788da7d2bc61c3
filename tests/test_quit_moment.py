"""Quitting waits for queued keys, but the clock stops at the quit key itself."""

from __future__ import annotations

from coalition_tui.app import StartRequest
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.lifecycle import quit_safely
from coalition_tui.storage import Store


async def test_time_after_the_quit_key_is_not_counted(make_app, make_session, fake_clock, db_path):
    session = make_session(agenda="clearing")
    session.clearing.go_to_step(3)  # the speaking rounds
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("f2")
        fake_clock.advance(10)
        quit_safely(app)  # what ctrl+q does
        fake_clock.advance(5)  # the queues settle while time goes on
        await pilot.pause()
    saved = Store(db_path).load(session.id)
    clock = SpeakingClock.from_record(saved.clearing.clock, turn_seconds=saved.settings.turn_seconds)
    assert clock.totals() == {"a": 10.0, "b": 0.0}
