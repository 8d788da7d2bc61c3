"""Walking setup as a user: validation messages, creating, quitting and resuming."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from coalition_tui.app import StartRequest
from coalition_tui.domain.phases import Phase
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store
from tests.helpers.pilot_input import paste_text

SIZE = (100, 40)


def error_text(app, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Static).render())


async def fill(pilot, field: str, text: str) -> None:
    """Put ``text`` in the field, pasted as a terminal delivers it (a joiner or a combining mark too)."""
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    if text:
        await paste_text(pilot, text)


@pytest.mark.parametrize(
    ("a", "b", "field", "message"),
    [
        ("", "", "partner_a", "Partner A needs a name."),
        ("Ada", "", "partner_b", "Partner B needs a name."),
        ("Ada", " ada", "partner_b", "The two partners need different names."),
        ("Ann", "\u0410nn", "partner_b", "look the same on screen"),  # a Cyrillic A
        ("Ann", "Ann\u200d", "partner_b", "look the same on screen"),  # a zero-width joiner
        ("\u200d\u0301", "Ben", "partner_a", "no letter anyone can see"),
        ("A" * 41, "Ben", "partner_a", "keep it to 40"),
    ],
)
async def test_setup_says_what_is_wrong_beside_the_field(make_app, db_path, a, b, field, message):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, "partner_a", a)
        await fill(pilot, "partner_b", b)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen), "nothing starts while a name is wrong"
        assert message in error_text(app, field)
        assert app.focused is app.screen.query_one(f"#{field}")
        # Fixing the field clears its message.
        await pilot.press("x")
        assert error_text(app, field) == ""
    assert Store(db_path).list_summaries() == []


async def test_bad_turn_length_is_explained(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, "partner_a", "Ada")
        await fill(pilot, "partner_b", "Ben")
        await fill(pilot, "turn_seconds", "abc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "minutes" in error_text(app, "turn_seconds")
        await fill(pilot, "turn_seconds", "0.1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "between 15 seconds" in error_text(app, "turn_seconds")


async def test_create_quit_and_resume_keeps_everything(make_app, db_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, "partner_a", "Zoë 🌱")
        await fill(pilot, "partner_b", "Ben")
        await fill(pilot, "facilitator", "Coach Cy")
        await fill(pilot, "title", "Autumn reset")
        await fill(pilot, "turn_seconds", "2:30")
        await fill(pilot, "tolerance_seconds", "45")
        await pilot.click("#preset-clearing-first")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        session_id = app.session.id
        assert app.session.current_phase is Phase.CLEARING
        app.next_phase()  # on to alignment
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert not app.is_running

    again = make_app(StartRequest("resume", session_id=session_id))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = again.session
        assert isinstance(again.screen, PhaseScreen)
        assert session.current_phase is Phase.ALIGNMENT
        assert (session.partner_a, session.partner_b, session.facilitator, session.title) == (
            "Zoë 🌱",
            "Ben",
            "Coach Cy",
            "Autumn reset",
        )
        assert session.agenda[:2] == (Phase.CLEARING, Phase.ALIGNMENT)
        assert (session.settings.turn_seconds, session.settings.tolerance_seconds) == (150, 45)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        assert again.session is None


async def test_agenda_can_be_reordered_and_trimmed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, "partner_a", "Ada")
        await fill(pilot, "partner_b", "Ben")
        agenda = app.screen.query_one("#agenda")
        agenda.focus()
        await pilot.press("down", "left_square_bracket")  # clearing moves to the top
        await pilot.press("down", "down", "down", "space")  # untick accountability
        await pilot.pause()
        assert agenda.agenda == ("clearing", "alignment", "declaration", "seal")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.agenda == (Phase.CLEARING, Phase.ALIGNMENT, Phase.DECLARATION, Phase.SEAL)


async def test_empty_agenda_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await fill(pilot, "partner_a", "Ada")
        await fill(pilot, "partner_b", "Ben")
        app.screen.query_one("#agenda").clear_agenda()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least one phase" in error_text(app, "agenda")


async def test_escape_cancels_setup_and_saves_nothing(make_app, db_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Ada", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(db_path).list_summaries() == []


async def test_new_with_names_goes_straight_in(make_app):
    start = StartRequest(
        "new", prefill={"partner_a": "Ada", "partner_b": "Ben", "agenda": ("clearing",), "skip_setup": True}
    )
    app = make_app(start)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.session.agenda == (Phase.CLEARING,)


async def test_new_with_one_name_prefills_setup(make_app):
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "skip_setup": False}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#partner_a", Input).value == "Ada"


async def test_home_opens_a_session_with_enter(make_app, make_session):
    session = make_session("Ada", "Ben")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.session.id == session.id
