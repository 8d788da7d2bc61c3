"""Pictures of presentation mode during the clearing, at 80×24 and 160×48.

Every figure on the clock comes from the fake monotonic clock, so the pictures
are the same on every run: Ada has spoken for 2:10 (of a 2:00 turn), then Ben
took the floor and has spoken for 0:45.
"""

from __future__ import annotations

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.themes import HIGH_CONTRAST, THEME_SETTING

SIZES = [(80, 24), (160, 48)]


def steady_cursors(app) -> None:
    """Text cursors blink on a timer; a picture must not depend on when it is taken."""
    for widget in app.screen.query("TextArea, Input"):
        widget.cursor_blink = False


@pytest.fixture
def presenting_in_rounds(make_session, store):
    """A clearing-only session, saved in presentation mode, at the speaking rounds."""

    def build():
        session = make_session(
            "Ada", "Ben", agenda="clearing", title="Co-founders, autumn reset", facilitator="Frances", presentation=True
        )
        session.clearing.go_to_step(3)
        store.save(session)
        return session

    return build


def speaking(fake_clock, *, ada: float = 130, ben: float = 45):
    """Ada speaks ``ada`` seconds, hands the floor to Ben (F4), who speaks ``ben`` seconds."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ClearingScreen)
        assert pilot.app.has_class("-presentation")  # restored from the session
        await pilot.press("f2")
        fake_clock.advance(ada)
        await pilot.press("f4")
        fake_clock.advance(ben)
        pilot.app.screen.refresh_clock()
        steady_cursors(pilot.app)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_during_clearing(snap_compare, make_app, presenting_in_rounds, fake_clock, size):
    session = presenting_in_rounds()
    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=size, run_before=speaking(fake_clock))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_during_clearing_paused(snap_compare, make_app, presenting_in_rounds, fake_clock, size):
    """Paused: the floor is still marked by words ("‖ Paused · Ben holds the floor"), not by colour."""
    session = presenting_in_rounds()
    app = make_app(StartRequest("resume", session_id=session.id))

    async def run_before(pilot) -> None:
        await speaking(fake_clock)(pilot)
        await pilot.press("f5")
        fake_clock.advance(30)  # paused: no one's time
        pilot.app.screen.refresh_clock()
        steady_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_during_clearing_in_high_contrast(
    snap_compare, make_app, presenting_in_rounds, fake_clock, store, size
):
    store.set_setting(THEME_SETTING, HIGH_CONTRAST.name)
    session = presenting_in_rounds()
    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=size, run_before=speaking(fake_clock))


def test_presentation_during_the_opening(snap_compare, make_app, make_session):
    """The current prompt of the opening, bold and in full colour."""
    session = make_session("Ada", "Ben", agenda="clearing", presentation=True)
    app = make_app(StartRequest("resume", session_id=session.id))

    async def run_before(pilot) -> None:
        await pilot.pause()
        steady_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
