"""Presentation mode: toggled by key or at setup, kept with the session, driven from the keyboard."""

from __future__ import annotations

from textual.widgets import Checkbox, TextArea

from coalition_tui.app import StartRequest
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store

SIZE = (100, 40)


def checkbox(app) -> Checkbox:
    return app.screen.query_one("#presentation", Checkbox)


async def test_setup_checkbox_starts_the_session_in_presentation_mode(make_app, db_path):
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "Ben", "agenda": ("clearing",)}))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)
        assert not checkbox(app).value
        checkbox(app).focus()
        await pilot.press("space")  # tick it as a user does
        await pilot.pause()
        assert checkbox(app).value
        assert app.presentation and app.has_class("-presentation")  # a preview, before the session exists
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.presentation and app.has_class("-presentation")
        assert app.session is not None and app.session.presentation
        session_id = app.session.id
    assert Store(db_path).load(session_id).presentation


async def test_unticked_checkbox_starts_without_presentation(make_app, db_path):
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "Ben"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert not app.presentation and not app.has_class("-presentation")
        assert app.session is not None and not app.session.presentation


async def test_key_and_checkbox_agree_during_setup(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")  # at home: the facilitator turns it on first
        await pilot.pause()
        assert app.presentation
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert checkbox(app).value  # setup shows the mode already on
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not app.presentation and not checkbox(app).value
        await pilot.press("f8")
        await pilot.pause()
        assert app.presentation and checkbox(app).value
        checkbox(app).value = False
        await pilot.pause()
        assert not app.presentation


async def test_toggling_in_a_phase_is_saved_and_restored(make_app, make_session, db_path):
    session = make_session("Ada", "Ben")
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PhaseScreen)
        assert not app.presentation
        # The keys work while a partner's text area has the focus.
        areas = list(app.screen.query(TextArea))
        assert areas, "the first phase has the partners' text areas"
        areas[0].focus()
        await pilot.press("f8")
        await pilot.pause()
        assert app.presentation and app.has_class("-presentation")
        assert areas[0].text == ""  # the key did not type anything
        await pilot.pause(0.6)  # past the autosave delay
        assert Store(db_path).load(session.id).presentation
        await pilot.press("ctrl+q")  # quitting saves and lets the session go

    again = make_app(StartRequest("resume", session_id=session.id))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.presentation and again.has_class("-presentation")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not again.presentation
        await pilot.press("ctrl+g")  # home saves and closes
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
    assert not Store(db_path).load(session.id).presentation


async def test_presentation_is_offered_in_the_bindings(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        keys = {binding.key: binding for binding in app.BINDINGS}
        assert "f8,ctrl+t" in keys and keys["f8,ctrl+t"].action == "toggle_presentation"


async def test_floor_holder_is_large_and_marked_in_words_when_presenting(make_app, make_session, store, fake_clock):
    from coalition_tui.screens.clearing import ClearingScreen
    from coalition_tui.widgets.partner_pane import PartnerPane

    session = make_session("Ada", "Ben", agenda="clearing")
    session.clearing.go_to_step(3)
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ClearingScreen)
        pane_a = app.screen.query_one("#account-a", PartnerPane)
        pane_b = app.screen.query_one("#account-b", PartnerPane)
        title_a = pane_a.query_one(".pane-title")
        await pilot.press("f2")
        await pilot.pause()
        assert pane_a.lit and title_a.region.height == 1  # not presenting: one line
        await pilot.press("f8")
        await pilot.pause()
        # Presenting: a three-row band with the name and "▶ speaking" (words and shape, not colour).
        assert title_a.region.height == 3
        assert "Ada" in str(title_a.render()) and "▶ speaking" in str(title_a.render())
        assert "▶ speaking" not in str(pane_b.query_one(".pane-title").render())
        # The facilitator drives the clock from the keyboard while presenting.
        fake_clock.advance(20)
        await pilot.press("f4")  # pass to Ben
        await pilot.pause()
        assert pane_b.lit and not pane_a.lit
        assert pane_b.query_one(".pane-title").region.height == 3
        await pilot.press("f5")  # pause
        await pilot.pause()
        assert not app.screen.clock.running
        await pilot.press("f6")  # undo the hand-off: Ada again
        await pilot.pause()
        assert pane_a.lit and app.screen.clock.holder == "a"
