"""The basic act, kept: words land where they are meant, keys are never lost, the record never overstates.

Keys are posted the way the terminal driver posts them, all at once, before any
of them is handled: a burst faster than any screen is built.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events

from coalition_tui.app import StartRequest
from coalition_tui.domain.clock import format_duration, shown_balance
from coalition_tui.domain.progress import Progress, phase_progress
from coalition_tui.domain.seal import confirm_seal, seal_gaps, suggest_next_checkin
from coalition_tui.domain.session import Session
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.declaration import DeclarationScreen
from coalition_tui.screens.seal import SealedMoment, SealScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.balance_bar import balance_words
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.session_header import agenda_trail
from coalition_tui.widgets.steady_footer import SteadyFooter

from .conftest import FIXED_NOW
from .helpers.filled_session import fill


def burst(app, *keys: str) -> None:
    """Post every key at once, as a fast typist's keys reach the app."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key("space" if key == " " else key, key))
        else:
            app.post_message(events.Key(key, None))


async def settle(pilot, rounds: int = 8) -> None:
    for _ in range(rounds):
        await pilot.pause()


def resume(session: Session) -> StartRequest:
    return StartRequest("resume", session_id=session.id)


# -- words land where they are meant ----------------------------------------------------------


async def test_a_burst_of_answers_tabs_and_ctrl_n_lands_in_order(make_app, make_session, db_path):
    session = make_session()
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, *"A one", "tab", *"B one", "ctrl+n", *"A two", "tab", *"B two", "ctrl+n", *"A3s")
        await settle(pilot)
        assert isinstance(app.screen, AlignmentScreen) and app.session.alignment.prompt_index == 2
        await pilot.press("ctrl+q")
    answers = Store(db_path).load(session.id).alignment.answers
    assert answers["care"] == {"a": "A one", "b": "B one"}
    assert answers["vision"] == {"a": "A two", "b": "B two"}
    assert answers["commitments.short"] == {"a": "A3s", "b": ""}


async def test_a_field_coming_back_puts_the_cursor_after_its_words(make_app, make_session, store, db_path):
    session = make_session()
    session.alignment.set_answer("care", "a", "Calm")
    session.alignment.set_answer("vision", "a", "A studio")
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*" and craft", "ctrl+n", *" that lasts", "ctrl+r", *" too")
        await pilot.press("ctrl+q")
    answers = Store(db_path).load(session.id).alignment.answers
    assert answers["care"]["a"] == "Calm and craft too"
    assert answers["vision"]["a"] == "A studio that lasts"


async def test_a_double_ctrl_n_while_a_phase_is_built_moves_one_phase(make_app, make_session, store):
    session = make_session(agenda="declaration,accountability,seal")
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, "ctrl+n", "ctrl+n", *"Ship")
        await settle(pilot)
        assert isinstance(app.screen, AccountabilityScreen), app.screen
        assert app.session.accountability.of("a").commitments[0].what == "Ship"
        burst(app, "ctrl+n")  # after words typed in the new phase, ctrl+n is meant
        await settle(pilot)
        assert isinstance(app.screen, SealScreen)


async def test_enter_on_confirm_then_typing_goes_to_the_other_partner(make_app, make_session, db_path):
    session = make_session(agenda="declaration,seal")
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        burst(app, *"Count on me", "tab", "enter", *"Me too", "tab", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "Enter again on a confirmed button asks before withdrawing"
        await pilot.press("escape")
        assert isinstance(app.screen, DeclarationScreen) and app.session.declaration.complete
        await pilot.press("ctrl+q")
    declaration = Store(db_path).load(session.id).declaration
    assert (declaration.of("a").words, declaration.of("b").words) == ("Count on me", "Me too")
    assert declaration.complete


async def test_withdrawing_asks_first_and_enter_keeps_it(make_app, make_session, store):
    session = make_session(agenda="declaration,seal")
    session.declaration.confirm("a", "2026-11-25T14:00:00+00:00")
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.pane("a").button.focus()
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is "Keep it"
        assert app.session.declaration.of("a").confirmed


async def test_keys_straight_after_ctrl_o_land_in_the_new_commitment(make_app, make_session, db_path):
    session = make_session(agenda="accountability,seal")
    app = make_app(resume(session))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        burst(app, *"First", "ctrl+o", *"Second", "tab", *"2027-01-31")
        await settle(pilot)
        await pilot.press("ctrl+q")
    plan = Store(db_path).load(session.id).accountability.of("a")
    assert [(c.what, c.by_when) for c in plan.commitments] == [("First", ""), ("Second", "2027-01-31")]


async def test_tab_through_a_plan_stops_only_where_typing_goes(make_app, make_session):
    """Tab visits what takes words or a choice, in reading order, and nothing else."""
    session = make_session(agenda="accountability,seal")
    app = make_app(resume(session))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        stops = []
        for _ in range(12):
            stops.append((type(app.focused).__name__, app.focused.id))
            await pilot.press("tab")
        assert [stop[1] for stop in stops] == [
            "what-a-0",
            "by_when-a-0",
            "done_when-a-0",
            # "+ Add a commitment" is an action (ctrl+o, or a click), never a stop: a space there added one
            "rhythm-a",  # how often: chosen, not typed (every N days asks for N only when chosen)
            "checkin_time-a",
            "channel-a",
            "first_checkin-a",
            "role_asked-a",
            "role-answer-a",
            "what-b-0",
            "by_when-b-0",
            "done_when-b-0",
        ]


async def test_a_one_line_field_left_behind_shows_the_start_of_its_words(make_app, make_session, store):
    session = make_session(agenda="accountability,seal")
    long_words = "Ship the beta to ten outside users who pay, and write up what they said" * 2
    session.accountability.of("a").add_commitment()
    session.accountability.of("a").commitments[0].what = long_words
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#what-a-0")
        field.focus()
        await pilot.pause()
        assert field.cursor_position == len(long_words)  # arriving: after the words
        await pilot.press("tab")
        assert field.cursor_position == 0 and "Ship the beta" in str(field.render_line(0).text)


# -- the record never overstates -----------------------------------------------------------


def test_a_phase_left_unfinished_is_not_marked_done():
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    session.alignment.set_answer("care", "a", "Calm")
    session.phase_index = 3  # walked past alignment, clearing and the declaration
    trail = agenda_trail(session).plain
    assert "◐ Alignment" in trail and "○ Clearing the past" in trail and "○ Declaration of support" in trail
    fill(session)
    assert phase_progress(session, session.agenda[0]) is Progress.DONE
    assert phase_progress(session, session.agenda[1]) is Progress.DONE  # opened, both said all


def test_the_seal_names_exactly_what_is_missing():
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    session.declaration.confirm("a", "2026-11-25T14:00:00+00:00")
    session.accountability.of("a").add_commitment()
    session.accountability.of("a").commitments[0].what = "Ship"
    assert [gap.text for gap in seal_gaps(session)] == [
        "Ben has not declared support for Ada",
        "Ben has no commitment",
        "no check-in date is set",
    ]
    clearing_only = Session.new("Ada", "Ben", agenda="clearing,seal", now=FIXED_NOW)
    assert seal_gaps(clearing_only) == []  # nothing the agenda did not ask for


async def test_sealing_with_gaps_asks_once_and_the_moment_says_who_declared(make_app, make_session, store):
    session = make_session(agenda="declaration,accountability,seal")
    fill(session)
    session.declaration.of("b").confirmed_at = None
    session.phase_index = 2
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press(*"Ada", "enter")
        assert not app.session.sealed and isinstance(app.screen, SealScreen)
        await pilot.press(*"Ben", "enter")
        assert isinstance(app.screen, ConfirmScreen) and not app.session.sealed
        assert "Ben has not declared support for Ada" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")  # not yet: nothing sealed, Ben's name stays to try again
        assert not app.session.sealed and isinstance(app.screen, SealScreen)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.session.sealed and isinstance(app.screen, SealedMoment)
        words = str(app.screen.query_one("#moment-words").render())
        assert "you have each sealed this agreement" in words and "Ada declared support; Ben did not." in words
        assert "each given your word" not in words and "declared your support and sealed" not in words


def test_the_check_in_suggests_the_first_date_agreed_when_it_is_still_ahead():
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    fill(session)  # first check-ins 2026-12-02 and 2026-12-04; cadences weekly and every two weeks
    confirm_seal(session, "a", "Ada", FIXED_NOW)
    confirm_seal(session, "b", "Ben", FIXED_NOW)
    today = FIXED_NOW.date()  # 2026-11-25: an early check-in
    assert suggest_next_checkin(session, today).isoformat() == "2026-12-02"
    later = today.replace(month=12, day=10)  # the agreed date has gone: one cadence (a week) on
    assert suggest_next_checkin(session, later).isoformat() == "2026-12-17"


@given(st.floats(0, 20_000, allow_nan=False), st.floats(0, 20_000, allow_nan=False))
def test_the_balance_shown_is_the_difference_of_the_totals_shown(a, b):
    def seconds(shown: str) -> int:
        parts = [int(p) for p in shown.split(":")]
        return parts[0] * 3600 + parts[1] * 60 + parts[2] if len(parts) == 3 else parts[0] * 60 + parts[1]

    balance = shown_balance({"a": a, "b": b})
    assert balance == seconds(format_duration(a)) - seconds(format_duration(b))
    words, _ = balance_words("Ada", "Ben", balance, 30)
    if balance:
        name, gap = words.split(" +")
        assert seconds(gap) == abs(balance) and name == ("Ada" if balance > 0 else "Ben")
    else:
        assert words == "level"


async def test_the_clearing_leaves_with_a_warning_and_the_export_says_who_had_not_said_all(
    make_app, make_session, store, db_path
):
    session = make_session(agenda="clearing,seal")
    session.clearing.go_to_step(3)
    session.clearing.said_all["a"] = True
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, SealScreen)
        await pilot.press("ctrl+q")
    from coalition_tui.export.markdown import export_markdown

    text = export_markdown(Store(db_path).load(session.id))
    assert "Said all there was to say: not yet" in text and "Said all there was to say: ✔" in text


# -- the smaller things ------------------------------------------------------------------------


async def test_a_sessions_presentation_mode_does_not_follow_into_the_next(make_app, make_session, store):
    presenting = make_session(presentation=True)
    plain = make_session("Cy", "Di")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_session(presenting.id)
        await settle(pilot)
        assert app.presentation
        app.go_home()
        await settle(pilot)
        assert not app.presentation
        app.open_session(plain.id)
        await settle(pilot)
        assert not app.presentation
        app.go_home()
        await pilot.press("f8")  # chosen at home: every session opened shows it
        app.open_session(plain.id)
        await settle(pilot)
        assert app.presentation


async def test_the_choice_shows_its_keys(make_app, make_session, store):
    session = make_session()
    session.alignment.prompt_index = 4
    store.save(session)
    app = make_app(resume(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#answer-aligned-a-choice").render())
        assert line.endswith("y/p/n"), line


async def test_no_lock_file_is_left_once_the_window_closes(make_app, make_session, db_path):
    session = make_session()
    app = make_app(resume(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (Path(db_path) / "sessions" / f"{session.id}.lock").exists()
        await pilot.press("ctrl+q")
    assert list((Path(db_path) / "sessions").glob("*.lock")) == []
    assert not (Path(db_path) / "index.lock").exists()


async def test_a_click_on_the_footers_quit_saves_first(make_app, make_session, db_path):
    session = make_session()
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Words before the click")
        footer = app.screen.query_one(SteadyFooter)
        quit_key = next(key for key in footer.query("FooterKey") if key.action in ("quit", "app.quit"))
        await pilot.click(quit_key)
        await pilot.pause()
    assert Store(db_path).load(session.id).alignment.answer("care", "a") == "Words before the click"


@pytest.mark.parametrize("name", ["Ann [/]", "Sam [CEO]"])
async def test_palette_commands_with_a_bracketed_name_show_it(make_app, make_session, name):
    session = make_session(name, "Ben")
    app = make_app(resume(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"aligned")
        await settle(pilot)
        from .helpers.screen_text import screen_text

        assert f"{name}: Aligned? Yes" in screen_text(app)


async def test_clearing_floor_key_then_words_land_in_the_new_speakers_account(make_app, make_session, db_path):
    session = make_session(agenda="clearing")
    session.clearing.go_to_step(3)
    app = make_app(resume(session))
    Store(db_path).save(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ClearingScreen)
        burst(app, "f2", *"mine", "f3", *"yours", "f2", *" more")
        await settle(pilot)
        await pilot.press("ctrl+q")
    accounts = Store(db_path).load(session.id).clearing.accounts
    assert accounts == {"a": "mine more", "b": "yours"}


async def test_a_long_line_typed_into_a_narrow_plan_field_keeps_its_end_in_view(make_app, make_session, db_path):
    """A one-line field scrolls sideways with its words (it never lays the screen out again to do so)."""
    session = make_session(agenda="accountability,seal")
    app = make_app(resume(session))
    words = "a commitment worded at length, far wider than the field it is typed into, ending here"
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#what-a-0")
        assert app.focused is field and field.content_size.width < len(words)
        await pilot.press(*[("space" if ch == " " else ch) if ch.isalnum() or ch == " " else "comma" for ch in words])
        await settle(pilot)
        assert field.value == words
        assert field.scroll_x > 0 and field.scroll_x == field.max_scroll_x  # the end of the words, where the cursor is
        assert "ending here" in field.render_line(0).text
