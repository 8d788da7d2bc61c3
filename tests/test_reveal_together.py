"""Write first, reveal together: each answer covered from the other partner until both are ready.

At one terminal the pane not being typed into is covered ("look away"); the
keys a pair really presses move the cover: Tab to the other pane, F10 in your
own pane when ready. (On partners' own machines the same rule covers the
other partner's pane: ``test_live_processes.py``.)
"""

from __future__ import annotations

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.domain.alignment import AlignmentState
from coalition_tui.domain.session import Session
from coalition_tui.screens.alignment import AlignmentScreen, pane_id
from coalition_tui.storage import Store
from coalition_tui.widgets.partner_pane import PartnerPane


def test_both_must_be_ready_for_an_answer_to_show() -> None:
    state = AlignmentState()
    state.reveal("care", "a")
    assert state.ready("care", "a") and not state.shown_together("care")
    state.reveal("care", "b")
    assert state.shown_together("care") and not state.shown_together("vision")
    state.reveal_both("vision")
    assert state.shown_together("vision")
    assert AlignmentState.from_dict(state.to_dict()) == state


def test_the_setting_is_kept_and_absent_from_sessions_without_it(store: Store) -> None:
    plain_session = Session.new("Ada", "Ben", session_id="0000aaa1")
    assert "reveal_together" not in plain_session.to_dict()
    assert "revealed" not in plain_session.to_dict()["alignment"]
    together = Session.new("Ada", "Ben", session_id="0000aaa2", reveal_together=True)
    together.alignment.reveal("care", "a")
    store.create(together)
    again = store.load("0000aaa2")
    assert again.reveal_together and again.alignment.ready("care", "a")


def covered(screen: AlignmentScreen, side: str) -> bool:
    return screen.query_one(f"#{pane_id('care', side)}", PartnerPane).has_class("-covered")


@pytest.fixture
def together(make_session) -> Session:
    return make_session(reveal_together=True)


async def test_at_one_terminal_the_other_pane_is_covered_until_both_are_ready(make_app, together, store) -> None:
    app = make_app(StartRequest("resume", session_id=together.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignmentScreen)
        assert not covered(screen, "a") and covered(screen, "b")  # Ada types first: Ben's pane is covered
        await pilot.press(*"mine")
        await pilot.press("tab")  # Ben's turn at the keyboard: Ada's words go under the cover
        await pilot.pause()
        assert covered(screen, "a") and not covered(screen, "b")
        await pilot.press(*"his", "f10")  # Ben is ready
        await pilot.press("shift+tab")
        await pilot.pause()
        assert covered(screen, "b")  # Ada has not said she is ready: still covered
        await pilot.press("f10")
        await pilot.pause()
        assert not covered(screen, "a") and not covered(screen, "b")
        assert app.session is not None and app.session.alignment.shown_together("care")
        assert app.session.alignment.answer("care", "a") == "mine"
        assert app.session.alignment.answer("care", "b") == "his"
    assert store.load(together.id).alignment.shown_together("care")


async def test_without_the_setting_nothing_is_covered(make_app, make_session) -> None:
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "f10")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignmentScreen)
        assert not covered(screen, "a") and not covered(screen, "b")
        assert app.session is not None and not app.session.alignment.revealed


def test_snapshot_the_look_away_cover(snap_compare, make_app, together, store) -> None:
    together.alignment.set_answer("care", "a", "Words Ben should not see yet")
    together.alignment.set_answer("care", "b", "Words Ada should not see yet")
    together.alignment.reveal("care", "b")
    store.save(together)

    async def steady(pilot) -> None:
        await pilot.pause()

    assert snap_compare(
        make_app(StartRequest("resume", session_id=together.id)), terminal_size=(80, 24), run_before=steady
    )
