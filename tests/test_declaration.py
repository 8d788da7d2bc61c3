"""The declaration of mutual support: each partner's own confirmation, kept across a resume."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from coalition_tui.app import StartRequest
from coalition_tui.domain.declaration import DeclarationState
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.timeutil import stamp
from coalition_tui.screens.declaration import DeclarationScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.declaration_pane import DeclarationPane
from tests.conftest import FIXED_NOW
from tests.helpers.pilot_input import paste_text

WHEN = stamp(FIXED_NOW)  # "2026-11-25T14:30:00+00:00"

# -- the domain ---------------------------------------------------------------------------


def test_complete_only_when_both_have_confirmed():
    state = DeclarationState()
    assert not state.complete and state.waiting_for == ["a", "b"]
    state.confirm("b", WHEN)
    assert not state.complete and state.waiting_for == ["a"]
    state.confirm("a", WHEN)
    assert state.complete and state.waiting_for == []


def test_confirming_twice_keeps_the_first_time():
    state = DeclarationState()
    state.confirm("a", "2026-11-25T14:30:00+00:00")
    state.confirm("a", "2026-11-25T15:00:00+00:00")
    assert state.of("a").confirmed_at == "2026-11-25T14:30:00+00:00"


def test_a_confirmation_needs_a_time():
    with pytest.raises(ValidationError):
        DeclarationState().confirm("a", "")


def test_withdraw_keeps_the_words_and_reopens_them():
    state = DeclarationState()
    state.set_words("a", "Count on me")
    state.confirm("a", WHEN)
    with pytest.raises(ValidationError) as caught:
        state.set_words("a", "Changed my mind")
    assert caught.value.field == "words"
    state.withdraw("a")
    assert not state.of("a").confirmed and state.of("a").words == "Count on me"
    state.set_words("a", "Count on me, always")
    assert state.of("a").words == "Count on me, always"


def test_round_trip_and_a_damaged_record():
    state = DeclarationState()
    state.set_words("b", "Yes 👍")
    state.confirm("b", WHEN)
    assert DeclarationState.from_dict(state.to_dict()) == state
    odd = DeclarationState.from_dict({"a": {"confirmed_at": "", "words": None, "extra": 1}, "b": None})
    assert not odd.of("a").confirmed and odd.of("a").words == "" and not odd.of("b").confirmed


# -- the screen -----------------------------------------------------------------------------


def declaration_app(make_app, make_session, store, *, confirmed=(), words=None, **kwargs):
    session = make_session("Ada", "Ben", agenda="declaration,accountability,seal")
    for side, text in (words or {}).items():
        session.declaration.set_words(side, text)
    for side in confirmed:
        session.declaration.confirm(side, WHEN)
    store.save(session)
    return session, make_app(StartRequest("resume", session_id=session.id), **kwargs)


def pane(app, side) -> DeclarationPane:
    return app.screen.query_one(f"#declaration-{side}", DeclarationPane)


def summary(app) -> str:
    return str(app.screen.query_one("#decl-summary").render())


async def test_each_partner_confirms_for_themselves(make_app, make_session, store, db_path):
    session, app = declaration_app(make_app, make_session, store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DeclarationScreen)
        a, b = pane(app, "a"), pane(app, "b")
        assert "Ben is setting out to achieve" in str(a.query_one(".pane-label").render())
        assert "Ada is setting out to achieve" in str(b.query_one(".pane-label").render())
        assert app.focused is a.text_area
        await paste_text(pilot, "Count on me")
        await pilot.click(a.button)
        assert app.session.declaration.of("a").confirmed_at == WHEN
        assert not app.session.declaration.complete
        assert "Waiting for Ben" in summary(app)
        assert "✔ Declared 2026-11-25 14:30" in str(a.status_line.render())
        assert str(b.status_line.render()) == "Not declared yet"
        assert str(a.button.label) == "Withdraw Ada's declaration"
        assert a.text_area.read_only and a.has_class("-confirmed")
        # Ben's confirmation is his own button, pressed from the keyboard.
        b.button.focus()
        await pilot.press("enter")
        assert app.session.declaration.complete
        assert "Both of you have declared" in summary(app)
        await pilot.press("ctrl+q")
    saved = Store(db_path).load(session.id).declaration
    assert saved.complete and saved.of("a").words == "Count on me"
    assert saved.of("a").confirmed_at == saved.of("b").confirmed_at == WHEN


async def test_either_can_withdraw_before_the_seal(make_app, make_session, store, db_path):
    session, app = declaration_app(make_app, make_session, store, confirmed=("a", "b"), words={"a": "Yes"})
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Both of you have declared" in summary(app)
        await pilot.click(pane(app, "a").button)
        # Withdrawing asks first, naming whose declaration it is; "n" keeps it.
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ada's declaration" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        assert app.session.declaration.complete
        await pilot.click(pane(app, "a").button)
        await pilot.press("y")
        assert not app.session.declaration.complete
        assert "Waiting for Ada" in summary(app)
        assert not pane(app, "a").text_area.read_only
        assert pane(app, "a").text_area.text == "Yes"
        await pilot.press("ctrl+q")
    saved = Store(db_path).load(session.id).declaration
    assert not saved.of("a").confirmed and saved.of("b").confirmed


async def test_words_are_kept_and_come_back_after_resume(make_app, make_session, store, db_path):
    session, app = declaration_app(make_app, make_session, store)
    words = "I'll back you 🤝 — אני איתך — أنا معك"
    async with app.run_test(size=(80, 24)) as pilot:
        area = pane(app, "b").text_area
        area.focus()
        await pilot.pause()
        area.insert(words)
        await pilot.pause()
        assert app.session.declaration.of("b").words == words
        await pilot.press("ctrl+q")
    again = make_app(StartRequest("resume", session_id=session.id))
    async with again.run_test(size=(80, 24)) as pilot:
        assert pane(again, "b").text_area.text == words
        assert again.focused is pane(again, "a").text_area  # the first partner still to declare
        await pilot.press("ctrl+q")


async def test_moving_on_before_both_confirmed_warns_first_and_is_allowed_on_a_second_press(
    make_app, make_session, store
):
    session, app = declaration_app(make_app, make_session, store, confirmed=("a",))
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: notes.append((message, kw.get("severity", "")))  # type: ignore[method-assign]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.current_phase.value == "declaration", "the first ctrl+n warns and stays"
        assert len(notes) == 1
        message, severity = notes[0]
        assert severity == "warning"
        assert "not complete" in message and "Ben" in message and "ctrl+r" in message
        assert "ctrl+n again moves on" in message
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.current_phase.value == "accountability"
        assert len(notes) == 1, "the second says nothing more"


async def test_two_quick_ctrl_n_at_the_end_of_the_clearing_stop_at_the_declaration(make_app, make_session, store):
    """A double press that leaves the clearing never skips the declaration unseen."""
    session = make_session(agenda="clearing,declaration,accountability,seal")
    session.clearing.go_to_step(3)
    session.clearing.said_all.update(a=True, b=True)
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)
        await pilot.press("ctrl+n")  # the second press of a double one, once the declaration is up
        await pilot.pause()
        assert app.session.current_phase.value == "declaration"
        assert any("not complete" in note for note in notes)


async def test_moving_on_after_both_confirmed_says_nothing(make_app, make_session, store):
    session, app = declaration_app(make_app, make_session, store, confirmed=("a", "b"))
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.current_phase.value == "accountability"
        assert notes == []


async def test_a_sealed_declaration_reads_only(make_app, make_session, store):
    session, app = declaration_app(make_app, make_session, store, confirmed=("a", "b"), words={"a": "Yes"})
    async with app.run_test(size=(80, 24)) as pilot:
        app.session.seal.sealed_at = WHEN
        await app.switch_screen(DeclarationScreen(app.session))
        await pilot.pause()
        assert all(area.read_only for area in app.screen.query(TextArea))
        assert pane(app, "a").button.disabled and pane(app, "b").button.disabled
        app.screen.withdraw("a")  # even if asked directly, the seal holds
        assert app.session.declaration.complete
        assert "sealed" in summary(app)
        assert app.screen.palette_commands() == []


async def test_palette_confirms_and_withdraws(make_app, make_session, store):
    session, app = declaration_app(make_app, make_session, store)
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {name: callback for name, _, callback in app.screen.palette_commands()}
        assert set(commands) == {"Ada: confirm the declaration", "Ben: confirm the declaration"}
        commands["Ben: confirm the declaration"]()
        await pilot.pause()
        assert app.session.declaration.of("b").confirmed
        names = [name for name, *_ in app.screen.palette_commands()]
        assert "Ben: withdraw the declaration" in names


async def test_presentation_enlarges_the_summary(make_app, make_session, store):
    session, app = declaration_app(make_app, make_session, store)
    async with app.run_test(size=(160, 48)) as pilot:
        box = app.screen.query_one("#decl-summary")
        assert box.region.height == 1
        await pilot.press("f8")
        await pilot.pause()
        assert box.styles.border_top[0] == "heavy" and box.region.height >= 5


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_buttons_and_statements_fit_small_terminals(make_app, make_session, store, size):
    session, app = declaration_app(make_app, make_session, store, confirmed=("a",))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for side in ("a", "b"):
            p = pane(app, side)
            assert p.button.region.height == 1
            assert p.button.region.bottom <= p.region.bottom - 1  # inside the pane's border
            assert p.status_line.region.height >= 1
            assert p.text_area.region.height >= 1
        assert app.screen.query_one("#decl-summary").region.bottom <= size[1] - 1


# -- snapshots --------------------------------------------------------------------------------


async def _steady(pilot) -> None:
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def test_snapshot_declaration_one_confirmed(snap_compare, make_app, make_session, store):
    _, app = declaration_app(
        make_app, make_session, store, confirmed=("a",), words={"a": "I will keep Fridays free for you."}
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady)


def test_snapshot_declaration_both_confirmed(snap_compare, make_app, make_session, store):
    _, app = declaration_app(
        make_app,
        make_session,
        store,
        confirmed=("a", "b"),
        words={"a": "I will keep Fridays free for you.", "b": "Call me first."},
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=_steady)
