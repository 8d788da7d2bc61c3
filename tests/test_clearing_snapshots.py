"""Pictures of the clearing: the opening, A speaking, B in overtime, paused; 80×24 and 160×48.

The fake monotonic clock makes every figure on screen the same on every run.
"""

from __future__ import annotations

import pytest

from coalition_tui.app import StartRequest

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def clearing_session(make_session, store):
    def build(step: int = 3):
        session = make_session("Ada", "Ben", agenda="alignment,clearing,declaration")
        session.phase_index = 1
        session.clearing.go_to_step(step)
        session.clearing.opening("a").commitment = "I want us to build this studio together, as equals."
        store.save(session)
        return session

    return build


def driver(fake_clock, *steps):
    """A run_before that presses keys, moves the fake clock (numbers) and redraws the clock."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        for step in steps:
            if isinstance(step, (int, float)):
                fake_clock.advance(step)
            elif isinstance(step, tuple):
                await pilot.press(*step)
            else:
                await pilot.press(step)
        pilot.app.screen.refresh_clock()
        for area in pilot.app.screen.query("TextArea"):
            area.cursor_blink = False  # a picture must not depend on when the cursor blinks
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_clearing_opening(snap_compare, make_app, clearing_session, size):
    session = clearing_session(step=0)
    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=size, run_before=driver(None))


@pytest.mark.parametrize("size", SIZES)
def test_clearing_a_speaking(snap_compare, make_app, clearing_session, fake_clock, size):
    session = clearing_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    steps = ("f2", tuple("When the launch slipped I felt left out."), 83)
    assert snap_compare(app, terminal_size=size, run_before=driver(fake_clock, *steps))


@pytest.mark.parametrize("size", SIZES)
def test_clearing_b_speaking_in_overtime(snap_compare, make_app, clearing_session, fake_clock, size):
    session = clearing_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    # Ada runs 40 s over, so Ben's target is 2:40; he is 25 s past it.
    steps = ("f2", 160, "f3", tuple("I thought you had it in hand."), 185)
    assert snap_compare(app, terminal_size=size, run_before=driver(fake_clock, *steps))


@pytest.mark.parametrize("size", SIZES)
def test_clearing_paused(snap_compare, make_app, clearing_session, fake_clock, size):
    session = clearing_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    steps = ("f2", 95, "f4", 30, "f5", 600)
    assert snap_compare(app, terminal_size=size, run_before=driver(fake_clock, *steps))


def test_clearing_presenting_b_in_overtime(snap_compare, make_app, clearing_session, fake_clock):
    session = clearing_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    steps = ("f8", "f2", 160, "f3", 185)
    assert snap_compare(app, terminal_size=(80, 24), run_before=driver(fake_clock, *steps))
