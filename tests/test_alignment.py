"""Part one: the six alignment prompts, answered side by side and kept across a resume."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import ContentSwitcher, Static, TextArea

from coalition_tui.app import StartRequest
from coalition_tui.domain.alignment import AlignmentState
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.prompts import load_prompts
from coalition_tui.screens.alignment import AlignmentScreen, pane_id
from coalition_tui.screens.declaration import DeclarationScreen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.partner_pane import PartnerPane
from coalition_tui.widgets.status_choice import StatusChoice, StatusPane
from tests.conftest import FIXED_NOW
from tests.helpers.pilot_input import paste_text

PROMPTS = load_prompts().alignment

# What each partner types, by answer key; the status prompt also records a choice.
ANSWERS: dict[str, dict[str, str]] = {
    "care": {"a": "Craft", "b": "Calm team"},
    "vision": {"a": "A studio", "b": "Regulars"},
    "commitments.short": {"a": "Ship v2", "b": "Hire"},
    "commitments.long": {"a": "Ten people", "b": "Products"},
    "clarity": {"a": "Ask me", "b": "Numbers"},
    "aligned": {"a": "Bar pace", "b": "Yes, mostly"},
    "questions": {"a": "Calm?", "b": "Which craft?"},
}
STATUS = {"a": "partly", "b": "yes"}


# -- the domain ------------------------------------------------------------------------


def test_answers_and_statuses_round_trip():
    state = AlignmentState()
    state.set_answer("care", "a", "Craft")
    state.set_answer("commitments.short", "b", "Ship")
    state.set_status("aligned", "a", "not_yet")
    state.go_to(3, 6)
    again = AlignmentState.from_dict(state.to_dict())
    assert again == state
    assert again.answer("care", "a") == "Craft"
    assert again.answer("care", "b") == ""
    assert again.status("aligned", "a") == "not_yet"
    assert again.status("aligned", "b") == ""
    assert again.prompt_index == 3


def test_set_status_refuses_an_unknown_status():
    state = AlignmentState()
    with pytest.raises(ValidationError) as caught:
        state.set_status("aligned", "a", "maybe")
    assert caught.value.field == "status"
    state.set_status("aligned", "a", "yes")
    state.set_status("aligned", "a", "")  # clearing is allowed
    assert state.status("aligned", "a") == ""


def test_from_dict_drops_unknown_statuses_and_sides():
    state = AlignmentState.from_dict(
        {"prompt_index": -3, "statuses": {"aligned": {"a": "maybe", "b": "partly", "c": "yes"}}}
    )
    assert state.prompt_index == 0
    assert state.statuses == {"aligned": {"a": "", "b": "partly"}}


def test_from_dict_reads_an_older_record_without_statuses():
    state = AlignmentState.from_dict({"prompt_index": 2, "answers": {"care": {"a": "x", "b": ""}}})
    assert state.statuses == {} and state.answer("care", "a") == "x"


def test_go_to_stays_within_the_prompts():
    state = AlignmentState()
    assert state.go_to(9, 6) == 5
    assert state.go_to(-1, 6) == 0
    assert state.go_to(4, 0) == 0


def test_progress_counts_partners_who_answered():
    state = AlignmentState()
    state.set_answer("care", "a", "x")
    state.set_answer("care", "b", "   ")  # blank is not an answer
    state.set_answer("commitments.long", "a", "y")
    state.set_answer("commitments.short", "b", "z")
    state.set_status("aligned", "b", "not_yet")  # a status alone counts
    assert state.progress(PROMPTS) == [1, 0, 2, 0, 1, 0]


# -- helpers for the app ----------------------------------------------------------------


def screen_of(app) -> AlignmentScreen:
    assert isinstance(app.screen, AlignmentScreen), type(app.screen).__name__
    return app.screen


def pane(app, key: str, side: str) -> PartnerPane:
    prompt_id, _, part = key.partition(".")
    return app.screen.query_one(f"#{pane_id(prompt_id, side, part)}", PartnerPane)


async def type_into(pilot, area: TextArea, text: str) -> None:
    area.focus()
    await pilot.pause()
    await paste_text(pilot, text)


def current_prompt_id(app) -> str:
    return app.screen.query_one("#align-prompts", ContentSwitcher).current.removeprefix("prompt-")


def progress_line(app) -> str:
    return str(app.screen.query_one("#align-progress", Static).render())


def answered_session(make_session, store, **kwargs):
    """A session with every alignment answer already given (for snapshots)."""
    session = make_session("Ada", "Ben", **kwargs)
    for key, sides in ANSWERS.items():
        for side, text in sides.items():
            session.alignment.set_answer(key, side, text)
    for side, status in STATUS.items():
        session.alignment.set_status("aligned", side, status)
    store.save(session)
    return session


# -- walking the prompts ------------------------------------------------------------------


async def test_walk_all_six_prompts_and_the_declaration_then_find_everything_after_resume(
    make_app, make_session, db_path
):
    session = make_session("Ada", "Ben", agenda="alignment,declaration,seal")
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        for number, prompt in enumerate(PROMPTS, 1):
            screen = screen_of(app)
            assert current_prompt_id(app) == prompt.id
            assert progress_line(app).startswith(f"Prompt {number} of 6 · {prompt.short}")
            assert str(screen.query_one("#align-question", Static).render()) == prompt.question
            for key in prompt.keys:
                for side in ("a", "b"):
                    await type_into(pilot, pane(app, key, side).text_area, ANSWERS[key][side])
            if prompt.has_status:
                for side in ("a", "b"):
                    choice = app.screen.query_one(f"#{pane_id(prompt.id, side)}", StatusPane).choice
                    choice.focus()
                    await pilot.press(STATUS[side][0])  # p for partly, y for yes
            await pilot.press("ctrl+n")
            await pilot.pause()
        # Past the sixth prompt, ctrl+n moves on to the declaration.
        assert isinstance(app.screen, DeclarationScreen)
        for side, words in (("a", "Count on me"), ("b", "Me too")):
            declaration = app.screen.query_one(f"#declaration-{side}")
            await type_into(pilot, declaration.text_area, words)
            declaration.button.focus()
            await pilot.press("enter")
        assert app.session.declaration.complete
        await pilot.press("ctrl+q")

    saved = Store(db_path).load(session.id)
    for key, sides in ANSWERS.items():
        for side, text in sides.items():
            assert saved.alignment.answer(key, side) == text
    assert saved.alignment.status("aligned", "a") == "partly"
    assert saved.alignment.status("aligned", "b") == "yes"
    assert saved.declaration.of("a").words == "Count on me"
    assert saved.declaration.of("b").confirmed_at == FIXED_NOW.isoformat()

    # A new app instance on the same data: every answer is back in its pane.
    again = make_app(StartRequest("resume", session_id=session.id))
    async with again.run_test(size=(100, 40)) as pilot:
        assert isinstance(again.screen, DeclarationScreen)
        assert again.screen.query_one("#declaration-a").text_area.text == "Count on me"
        assert "Both of you have declared" in str(again.screen.query_one("#decl-summary").render())
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert current_prompt_id(again) == "questions"  # the last prompt, where they left
        assert "✔1 ✔2 ✔3 ✔4 ✔5 ▶6" in progress_line(again)
        for prompt in reversed(PROMPTS):  # back through every prompt: each pane holds its words
            assert current_prompt_id(again) == prompt.id
            for key in prompt.keys:
                for side, text in ANSWERS[key].items():
                    assert pane(again, key, side).text == text
            if prompt.has_status:
                for side, status in STATUS.items():
                    assert screen_of(again).query_one(f"#{pane_id('aligned', side)}", StatusPane).choice.value == status
            if prompt.number > 1:
                await pilot.press("ctrl+r")
        await pilot.press("ctrl+q")


async def test_resume_returns_to_the_same_prompt_with_the_same_text(make_app, make_session, db_path):
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        assert current_prompt_id(app) == "clarity"
        await pilot.press(*"Half a thought")
        await pilot.press("ctrl+q")
    assert Store(db_path).load(session.id).alignment.prompt_index == 3

    again = make_app(StartRequest("resume", session_id=session.id))
    async with again.run_test(size=(80, 24)) as pilot:
        assert current_prompt_id(again) == "clarity"
        assert progress_line(again).startswith("Prompt 4 of 6")
        area = pane(again, "clarity", "a").text_area
        assert area.text == "Half a thought"
        assert again.focused is area
        await pilot.press("ctrl+q")


async def test_every_keystroke_is_kept_without_a_save_key(make_app, make_session, db_path):
    session = make_session()
    # A long delay, so the test sees the save pending rather than racing the timer.
    app = make_app(StartRequest("resume", session_id=session.id), autosave_delay=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("W")
        assert app.session.alignment.answer("care", "a") == "W"
        assert app.keeper.dirty  # a save is on its way
        app.keeper.flush()  # what the autosave timer does
        assert Store(db_path).load(session.id).alignment.answer("care", "a") == "W"
        await pilot.press("ctrl+q")


async def test_every_prompt_opens_on_partner_as_field_whoever_typed_last(make_app, make_session, db_path):
    """The pair's rhythm: A's answer, Tab, B's answer, ctrl+n. Each prompt starts with A again."""
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        for prompt in PROMPTS[:2]:
            assert app.focused is pane(app, prompt.id, "a").text_area
            await pilot.press(*f"A{prompt.number}", "tab", *f"B{prompt.number}", "ctrl+n")
        assert app.focused is pane(app, "commitments.short", "a").text_area  # A's first part
        await pilot.press("ctrl+n", "ctrl+n")
        # On the status prompt partner A's choice comes first, then their words.
        choice = app.screen.query_one(f"#{pane_id('aligned', 'a')}", StatusPane).choice
        assert app.focused is choice
        await pilot.press("tab")
        assert app.focused is pane(app, "aligned", "a").text_area
        await pilot.press("ctrl+q")
    saved = Store(db_path).load(session.id).alignment
    assert [saved.answer(key, side) for key in ("care", "vision") for side in "ab"] == ["A1", "B1", "A2", "B2"]


async def test_back_at_the_first_prompt_of_the_session_says_so(make_app, make_session):
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, AlignmentScreen) and current_prompt_id(app) == "care"
        assert notes == ["This is the first prompt of the session."]


async def test_back_from_the_first_prompt_goes_to_the_previous_phase(make_app, make_session):
    session = make_session(agenda="clearing,alignment")
    session.phase_index = 1
    app = make_app(StartRequest("resume", session_id=session.id))
    app.store.save(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, AlignmentScreen)
        await pilot.press("ctrl+n", "ctrl+r", "ctrl+r")
        await pilot.pause()
        assert app.session.current_phase.value == "clearing"
        app.next_phase()  # the clearing screen walks its own steps with ctrl+n
        await pilot.pause()
        assert current_prompt_id(app) == "care"


async def test_a_prompt_index_from_a_longer_list_is_clamped(make_app, make_session, store):
    session = make_session()
    session.alignment.prompt_index = 42
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)):
        assert current_prompt_id(app) == "questions"


# -- the status choice ----------------------------------------------------------------------


async def test_status_choice_by_letter_number_arrow_and_click(make_app, make_session):
    session = make_session()
    session.alignment.prompt_index = 4
    app = make_app(StartRequest("resume", session_id=session.id))
    app.store.save(session)
    async with app.run_test(size=(80, 24)) as pilot:
        choice = app.screen.query_one(f"#{pane_id('aligned', 'a')}", StatusPane).choice
        assert app.focused is choice
        status = lambda: app.session.alignment.status("aligned", "a")  # noqa: E731
        await pilot.press("y")
        assert status() == "yes" and choice.value == "yes"
        await pilot.press("right")
        assert status() == "partly"
        await pilot.press("right", "right")
        assert status() == "not_yet"  # stops at the last choice
        await pilot.press("1")
        assert status() == "yes"
        await pilot.press("backspace")
        assert status() == ""
        await pilot.press("n")
        assert status() == "not_yet"
        # A click on "Partly": ◉ Yes, two spaces, then "○ Partly" starts at column 7.
        await pilot.click(choice, offset=(8, 0))
        assert status() == "partly"
        assert "◉ Partly" in str(choice.render())
        assert "✔5" not in progress_line(app) and "▶5" in progress_line(app)
        await pilot.press("ctrl+n")
        assert "◐5" in progress_line(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_status_choices_stay_visible_on_small_terminals(make_app, make_session, size):
    session = make_session()
    session.alignment.prompt_index = 4
    session.alignment.set_answer("aligned", "a", "\n".join(f"line {i}" for i in range(60)))
    app = make_app(StartRequest("resume", session_id=session.id))
    app.store.save(session)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer_top = size[1] - 1
        for side in ("a", "b"):
            choice = app.screen.query_one(f"#{pane_id('aligned', side)}", StatusPane).choice
            region = choice.region
            assert region.height == 1 and region.bottom <= footer_top
            text = str(choice.render())
            assert "Yes" in text and "Partly" in text and "Not yet" in text
            assert len(text) <= choice.content_size.width
            assert pane(app, "aligned", side).text_area.region.height >= 2


# -- sealed, presentation, palette ----------------------------------------------------------


async def test_a_sealed_session_reads_only(make_app, make_session, store):
    session = make_session()
    session.alignment.set_answer("care", "a", "Sealed words")
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        # A sealed session opens on the seal screen; show its alignment as it would be seen.
        app.session.seal.sealed_at = FIXED_NOW.isoformat()
        await app.switch_screen(AlignmentScreen(app.session))
        await pilot.pause()
        screen = screen_of(app)
        assert all(area.read_only for area in screen.query(TextArea))
        assert all(choice.disabled for choice in screen.query(StatusChoice))
        area = pane(app, "care", "a").text_area
        area.focus()
        await pilot.press("x")
        assert area.text == "Sealed words"
        assert app.session.alignment.answer("care", "a") == "Sealed words"
        assert "read-only" in progress_line(app)
        assert not any("Partly" in name for name, *_ in screen.palette_commands())


async def test_presentation_shows_the_prompt_large(make_app, make_session):
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(160, 48)) as pilot:
        box = app.screen.query_one("#align-prompt")
        assert box.styles.border_top[0] == ""
        await pilot.press("f8")
        await pilot.pause()
        assert app.has_class("-presentation")
        assert box.styles.border_top[0] == "heavy"
        assert box.region.height >= 9
        question = app.screen.query_one("#align-question")
        assert question.styles.text_align == "center"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert box.styles.border_top[0] == ""


async def test_palette_offers_prompts_and_statuses(make_app, make_session):
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {name: callback for name, _, callback in app.screen.palette_commands()}
        assert "Go to prompt 3: Commitments" in commands
        await commands["Go to prompt 3: Commitments"]()
        await pilot.pause()
        assert current_prompt_id(app) == "commitments"
        await commands["Ben: Aligned? Not yet"]()
        await pilot.pause()
        assert current_prompt_id(app) == "aligned"
        assert app.session.alignment.status("aligned", "b") == "not_yet"


async def test_palette_lists_screen_commands(make_app, make_session):
    from textual.command import CommandPalette

    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to prompt 4")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert current_prompt_id(app) == "clarity"


# -- big and unusual text -------------------------------------------------------------------

RTL_AND_EMOJI = "שלום, עולם — مرحبا بالعالم\n👩🏽‍💻 🇳🇴 🤝🏾 e\u0301 ﷽\n\tindented\u200fend"


async def test_a_100kb_paste_and_emoji_and_rtl_text_stay_exact_after_resume(make_app, make_session, db_path):
    line = "Forty-two is the answer; but what was the question? 0123456789 abcdefghijklmnopqrstuvwxy\n"
    big = (line * (100_000 // len(line) + 1))[:100_000]
    assert len(big.encode()) == 100_000
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        area_b = pane(app, "care", "b").text_area
        area_b.focus()
        await pilot.pause()
        app.post_message(events.Paste(big))  # as the terminal delivers a paste
        await pilot.pause()
        assert area_b.text == big
        area_a = pane(app, "care", "a").text_area
        area_a.focus()
        await pilot.pause()
        app.post_message(events.Paste(RTL_AND_EMOJI))
        await pilot.pause()
        await pilot.press("ctrl+q")
    saved = Store(db_path).load(session.id)
    assert saved.alignment.answer("care", "b") == big
    assert saved.alignment.answer("care", "a") == RTL_AND_EMOJI

    again = make_app(StartRequest("resume", session_id=session.id))
    async with again.run_test(size=(80, 24)) as pilot:
        assert pane(again, "care", "b").text == big
        assert pane(again, "care", "a").text == RTL_AND_EMOJI
        await pilot.press("ctrl+q")


async def test_leaving_home_and_back_keeps_the_prompt(make_app, make_session):
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", "ctrl+n", *"Soon")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.open_session(session.id)
        await pilot.pause()
        assert current_prompt_id(app) == "commitments"
        assert pane(app, "commitments.short", "a").text == "Soon"


# -- snapshots ------------------------------------------------------------------------------


async def _steady(pilot) -> None:
    """No blinking cursor in a snapshot."""
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_first_prompt(snap_compare, make_app, make_session, store, size):
    session = answered_session(make_session, store)
    assert snap_compare(make_app(StartRequest("resume", session_id=session.id)), terminal_size=size, run_before=_steady)


def test_snapshot_commitments_prompt(snap_compare, make_app, make_session, store):
    session = answered_session(make_session, store)
    session.alignment.prompt_index = 2
    store.save(session)
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24), run_before=_steady
    )


def test_snapshot_alignment_status_prompt(snap_compare, make_app, make_session, store):
    session = answered_session(make_session, store)
    session.alignment.prompt_index = 4
    session.alignment.set_status("aligned", "b", "")
    session.alignment.set_answer("aligned", "b", "")
    store.save(session)
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24), run_before=_steady
    )
