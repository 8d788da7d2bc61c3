"""Accountability: dates, realism checks, cadences, and the screen that edits both plans."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from coalition_tui.app import StartRequest
from coalition_tui.domain.accountability import (
    MAX_COMMITMENTS,
    AccountabilityState,
    Cadence,
    Commitment,
    PartnerAccountability,
    date_problem,
    next_by_cadence,
    next_checkins,
    parse_cadence,
    parse_date,
    realism_warnings,
)
from coalition_tui.domain.errors import ValidationError
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.commitment_plan import RhythmChoice, RoleAnswer
from coalition_tui.widgets.confirm import ConfirmScreen

from .helpers.pilot_input import paste_text, steady, type_keys

TODAY = date(2026, 11, 25)
NAMES = {"a": "Ada", "b": "Ben"}


def kinds(state: AccountabilityState, side: str = "a") -> list[str]:
    return [w.kind for w in realism_warnings(state, side, TODAY, NAMES)]


# -- dates -------------------------------------------------------------------------------


def test_dates_are_typed_as_iso():
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    assert parse_date("  2028-02-29 ") == date(2028, 2, 29)
    assert parse_date("") is None and parse_date(None) is None and date_problem("") == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1/12/2026", "1/12/2026 could be 2026-12-01 or 2026-01-12: type the date as YYYY-MM-DD, like 2026-12-31."),
        ("12/13/26", "Type the date as YYYY-MM-DD, like 2026-12-31."),
        ("31/31/2026", "There is no month 31: months run from 01 to 12."),
        ("2026-1-5", "Type the date as YYYY-MM-DD, like 2026-12-31."),
        ("next friday", "Type the date as YYYY-MM-DD, like 2026-12-31."),
        ("2026-13-01", "There is no month 13: months run from 01 to 12."),
        ("2026-02-29", "February 2026 has 28 days, so there is no day 29."),
        ("2026-04-31", "April 2026 has 30 days, so there is no day 31."),
    ],
)
def test_a_bad_date_says_what_is_wrong(text, message):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="by_when")
    assert str(caught.value) == message and caught.value.field == "by_when"
    assert date_problem(text) == message


# -- realism checks -----------------------------------------------------------------------------


def test_an_empty_plan_gets_no_warnings():
    assert kinds(AccountabilityState()) == []


def test_a_realistic_plan_gets_no_warnings():
    state = AccountabilityState()
    plan = state.of("a")
    plan.commitments = [Commitment("Ship", "2026-12-15", "Users log in")]
    plan.first_checkin = "2026-12-01"
    assert kinds(state) == []


def test_each_realism_check_is_a_gentle_warning():
    state = AccountabilityState()
    plan = state.of("a")
    plan.commitments = [
        Commitment("Ship the beta", "2026-11-01", "Users log in"),  # past
        Commitment("Hire", "2027-01-10", ""),  # no way to know it is done
        Commitment("Write", "", "Posted"),  # no date
        Commitment("Fix", "2026-02-30", "Green"),  # not a date
        Commitment(),  # blank: counts for nothing
    ]
    warnings = realism_warnings(state, "a", TODAY, NAMES)
    assert [(w.kind, w.index) for w in warnings] == [
        ("past_due", 0),
        ("no_done_when", 1),
        ("no_due", 2),
        ("bad_date", 3),
        ("no_checkin", None),
    ]
    assert "2026-11-01 has already passed" in warnings[0].message
    assert "how will you both know it is done?" in warnings[1].message
    assert "No first check-in date" in warnings[4].message


def test_due_today_is_not_past():
    state = AccountabilityState()
    state.of("a").commitments = [Commitment("Today", "2026-11-25", "Done")]
    state.of("a").first_checkin = "2026-11-25"
    assert kinds(state) == []


def test_more_than_five_commitments_is_too_many():
    state = AccountabilityState()
    plan = state.of("b")
    plan.first_checkin = "2026-12-01"
    plan.commitments = [Commitment(f"Task {i}", "2026-12-20", "Done") for i in range(MAX_COMMITMENTS)]
    assert kinds(state, "b") == []
    plan.commitments.append(Commitment("One more", "2026-12-20", "Done"))
    warnings = realism_warnings(state, "b", TODAY, NAMES)
    assert [w.kind for w in warnings] == ["too_many"]
    assert "6 commitments" in warnings[0].message


def test_a_first_checkin_in_the_past_or_unclear_is_noted():
    state = AccountabilityState()
    state.of("a").commitments = [Commitment("Ship", "2026-12-15", "Users")]
    state.of("a").first_checkin = "2026-11-20"
    assert kinds(state) == ["past_checkin"]
    state.of("a").first_checkin = "soon"
    assert kinds(state) == ["bad_checkin"]


def test_the_role_waits_for_the_other_partner():
    state = AccountabilityState()
    plan = state.of("a")
    plan.role_asked = "Ask me what shipped"
    warnings = realism_warnings(state, "a", TODAY, NAMES)
    assert [w.kind for w in warnings] == ["role_unanswered"] and "Ben has not yet agreed" in warnings[0].message
    plan.answer_role("change", "Only on Mondays")
    warnings = realism_warnings(state, "a", TODAY, NAMES)
    assert [w.kind for w in warnings] == ["role_change"] and "Only on Mondays" in warnings[0].message
    plan.answer_role("agreed")
    assert kinds(state) == []


def test_rewording_an_agreed_role_asks_again():
    plan = PartnerAccountability(role_asked="Ask me weekly", role_response="agreed")
    plan.set_role("Ask me weekly")
    assert plan.role_response == "agreed"
    plan.set_role("Ask me daily")
    assert plan.role_response == ""
    plan.answer_role("change", "Too often")
    plan.set_role("Ask me twice a week")
    assert (plan.role_response, plan.role_change_note) == ("change", "Too often")
    with pytest.raises(ValidationError):
        plan.answer_role("maybe")


def test_state_round_trips_through_a_dict():
    state = AccountabilityState()
    state.of("a").commitments = [Commitment("Ship ✨", "2026-12-01", "Users")]
    state.of("b").role_asked = "Hold me to it"
    assert AccountabilityState.from_dict(state.to_dict()) == state


# -- cadences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("weekly", Cadence("week", 1)),
        ("A call every two weeks on Friday", Cadence("week", 2)),
        ("fortnightly", Cadence("week", 2)),
        ("bi-weekly", Cadence("week", 2)),
        ("every 10 days", Cadence("day", 10)),
        ("Monthly, over lunch", Cadence("month", 1)),
        ("every 3 months", Cadence("month", 3)),
        ("quarterly", Cadence("month", 3)),
        ("daily stand-up", Cadence("day", 1)),
        ("when it feels right", None),
        ("", None),
    ],
)
def test_cadences_are_read_from_plain_words(text, cadence):
    assert parse_cadence(text) == cadence


def test_a_cadence_gives_the_next_date():
    assert Cadence("week", 2).after(date(2026, 11, 25)) == date(2026, 12, 9)
    assert Cadence("month", 1).after(date(2027, 1, 31)) == date(2027, 2, 28)
    assert Cadence("month", 3).after(date(2026, 11, 30)) == date(2027, 2, 28)
    state = AccountabilityState()
    state.of("a").cadence = "every two weeks"
    state.of("b").cadence = "weekly"
    assert next_by_cadence(state, TODAY) == date(2026, 12, 2)
    assert next_by_cadence(AccountabilityState(), TODAY) is None


# -- the screen ----------------------------------------------------------------------------------


def accountability_session(make_session, **kwargs):
    return make_session(agenda="accountability,seal", **kwargs)


async def test_typing_fills_both_plans_and_saves(make_app, make_session, db_path):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AccountabilityScreen)
        assert app.focused is screen.query_one("#what-a-0")
        await type_keys(pilot, "Ship the beta")
        await pilot.press("tab")
        await type_keys(pilot, "2026-12-15")
        await pilot.press("tab")
        await type_keys(pilot, "Ten users log in")
        screen.query_one("#first_checkin-a", Input).focus()
        await type_keys(pilot, "2026-12-04")
        screen.query_one("#role_asked-b", Input).focus()
        await type_keys(pilot, "Tell me when I over-promise")
        await pilot.press("tab")  # from the role to Ada's answer to it: a choice, a for "Agrees"
        assert app.focused is screen.query_one("#role-answer-b", RoleAnswer)
        await pilot.press("a")
        await pilot.pause()
        app.save_now()
    stored = Store(db_path).load(session.id).accountability
    first = stored.of("a").commitments[0]
    assert (first.what, first.by_when, first.done_when) == ("Ship the beta", "2026-12-15", "Ten users log in")
    assert first.uid.startswith("commitment-")  # its stable id, made when it was
    assert stored.of("a").first_checkin == "2026-12-04"
    assert (stored.of("b").role_asked, stored.of("b").role_response) == ("Tell me when I over-promise", "agreed")


async def test_a_date_typed_day_first_in_an_english_session_is_stored_as_iso(make_app, make_session, db_path):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AccountabilityScreen)
        await type_keys(pilot, "Ship the beta")
        await pilot.press("tab")
        await type_keys(pilot, "31.12.2026")
        screen.query_one("#first_checkin-a", Input).focus()
        await type_keys(pilot, "4/12/2026")  # could be the 4th of December or the 12th of April: said, not guessed
        await pilot.pause()
        assert "could be 2026-12-04 or 2026-04-12" in str(screen.query_one("#warn-checkin-a", Static).render())
        app.save_now()
        plan = Store(db_path).load(session.id).accountability.of("a")
        assert plan.commitments[0].by_when == "2026-12-31"  # beside every other date, as ISO
        assert plan.first_checkin == "4/12/2026"  # kept as typed until it is one date
        await pilot.press(*["backspace"] * 9)
        await type_keys(pilot, "13/12/2026")
        await pilot.pause()
        app.save_now()
    plan = Store(db_path).load(session.id).accountability.of("a")
    assert plan.first_checkin == "2026-12-13"


async def test_a_german_plan_shows_its_stored_dates_the_german_way(make_app, make_session, db_path):
    session = accountability_session(make_session, language="de")
    plan = session.accountability.of("a")
    plan.add_commitment()
    plan.set_commitment(0, "by_when", "30.12.2026")
    plan.set_first_checkin("2026-12-04")
    Store(db_path).save(session)
    assert plan.commitments[0].by_when == "2026-12-30"
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AccountabilityScreen)
        assert screen.query_one("#by_when-a-0", Input).value == "30.12.2026"
        assert screen.query_one("#first_checkin-a", Input).value == "04.12.2026"
        app.save_now()
    plan = Store(db_path).load(session.id).accountability.of("a")
    assert (plan.commitments[0].by_when, plan.first_checkin) == ("2026-12-30", "2026-12-04")


async def test_a_bad_date_is_explained_beside_the_field(make_app, make_session):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#by_when-a-0", Input).focus()
        await paste_text(pilot, "2026-02-30")
        await pilot.pause()
        note = screen.query_one("#warn-a-0", Static)
        assert note.display and "February 2026 has 28 days" in str(note.render())
        assert screen.query_one("#by_when-a-0").has_class("-invalid")
        # Never "realistic" while a date is wrong: the summary counts the note.
        assert "realistic" not in str(screen.query_one("#warnings-a", Static).render())
        await pilot.press("backspace", "backspace")
        await paste_text(pilot, "28")
        await pilot.pause()
        assert "February" not in str(note.render()) and not screen.query_one("#by_when-a-0").has_class("-invalid")


async def test_commitments_are_added_and_removed(make_app, make_session):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#what-b-0", Input).focus()
        await paste_text(pilot, "First")
        await pilot.press("ctrl+o")
        await pilot.pause()
        plan = app.session.accountability.of("b")
        assert len(plan.commitments) == 2
        assert app.focused is screen.query_one("#what-b-1")
        await paste_text(pilot, "Second")
        # Removing a commitment with words asks first.
        await pilot.click("#commitment-b-0 .remove-commitment")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert [c.what for c in plan.commitments] == ["First", "Second"]
        await pilot.click("#commitment-b-0 .remove-commitment")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [c.what for c in plan.commitments] == ["Second"]
        assert screen.query_one("#what-b-0", Input).value == "Second"


async def test_warnings_show_under_each_plan(make_app, make_session):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#what-a-0", Input).focus()
        await paste_text(pilot, "Ship")
        await pilot.press("tab")
        await paste_text(pilot, "2026-11-01")
        await pilot.pause()
        beside = str(screen.query_one("#warn-a-0", Static).render())
        assert "2026-11-01 has already passed" in beside and "how will you both know" in beside
        assert "No first check-in date" in str(screen.query_one("#warn-checkin-a", Static).render())
        assert "3 notes on this plan" in str(screen.query_one("#warnings-a", Static).render())
        assert not screen.query_one("#warnings-b", Static).display  # Ben has written nothing yet


def warned_session(make_session):
    session = accountability_session(make_session)
    a = session.accountability.of("a")
    a.commitments = [
        Commitment("Ship the beta", "2026-11-01", ""),
        Commitment("Hire a designer", "2027-01-31", "Offer signed"),
    ]
    a.cadence = "every two weeks"
    a.role_asked = "Ask me every Friday what shipped"
    b = session.accountability.of("b")
    b.commitments = [Commitment(f"Task {i + 1}", "2026-12-20", "Done") for i in range(6)]
    b.first_checkin = "2026-12-02"
    b.choose_rhythm("days", 10)
    b.set_checkin_time("18:30")
    b.role_asked = "Tell me when I over-promise"
    b.role_response = "agreed"
    return session


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_accountability_with_warnings(snap_compare, make_app, make_session, store, size):
    session = warned_session(make_session)
    store.save(session)
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=size, run_before=steady()
    )


def test_snapshot_accountability_bad_date(snap_compare, make_app, make_session):
    session = accountability_session(make_session)

    async def run_before(pilot):
        await pilot.pause()
        pilot.app.screen.query_one("#by_when-a-0", Input).focus()
        await paste_text(pilot, "2026-13-01")
        await steady()(pilot)

    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24), run_before=run_before
    )


# -- the check-in rhythm: a choice, by keyboard ------------------------------------------------


async def test_the_rhythm_is_chosen_by_keyboard_with_its_n_time_and_the_next_dates(make_app, make_session, db_path):
    session = accountability_session(make_session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        days = screen.query_one("#every_days-a", Input)
        assert not days.display  # asked for only with "every N days"
        screen.query_one("#first_checkin-a", Input).focus()
        await type_keys(pilot, "2026-12-04")
        screen.query_one("#rhythm-a", RhythmChoice).focus()
        await pilot.press("right", "right", "left")  # weekly → every two weeks → weekly, each at once
        assert screen.session.accountability.of("a").rhythm == "weekly"
        await pilot.press("4")  # every N days, by its number
        await pilot.pause()
        session = screen.session
        assert session.accountability.of("a").rhythm == "days"
        assert days.display and "-invalid" in days.classes  # no N yet
        await pilot.press("tab")
        assert app.focused is days
        await type_keys(pilot, "1x0")  # only digits go in
        await pilot.press("tab")
        assert app.focused is screen.query_one("#checkin_time-a", Input)
        await type_keys(pilot, "18:30")
        await pilot.pause()
        plan = session.accountability.of("a")
        assert (plan.every_days, plan.checkin_time, plan.cadence) == (10, "18:30", "every 10 days, 18:30")
        shown = str(screen.query_one("#next-checkins-a", Static).render())
        assert shown == "Next check-ins: 2026-12-04, 2026-12-14, 2026-12-24"
        assert next_checkins(session.accountability, TODAY, 3, side="a") == [
            date(2026, 12, 4),
            date(2026, 12, 14),
            date(2026, 12, 24),
        ]
        app.save_now()
    stored = Store(db_path).load(session.id).accountability.of("a")
    assert (stored.rhythm, stored.every_days, stored.checkin_time) == ("days", 10, "18:30")


def test_snapshot_accountability_rhythm_in_german(snap_compare, make_app, make_session, store):
    """A session held in German: the rhythm, its N, the time and the next check-ins, in 80 columns."""
    session = accountability_session(make_session, language="de")
    plan = session.accountability.of("a")
    plan.first_checkin = "2026-12-04"
    plan.choose_rhythm("days", 10)
    plan.set_checkin_time("18:30")
    plan.channel = "Café am Markt"
    store.save(session)

    async def run_before(pilot):
        await pilot.pause()
        pilot.app.screen.query_one("#rhythm-a", RhythmChoice).focus()
        await pilot.pause()
        pilot.app.screen.query_one("#next-checkins-a").scroll_visible(animate=False)
        await steady()(pilot)

    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24), run_before=run_before
    )
