"""Dates typed the German way (30.11.2026) as well as the ISO way (2026-11-30), and cadences in German words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_tui import i18n
from coalition_tui.domain.accountability import (
    AccountabilityState,
    Cadence,
    Commitment,
    PartnerAccountability,
    date_as_typed,
    date_hint,
    date_problem,
    next_by_cadence,
    parse_cadence,
    parse_date,
    realism_warnings,
    stored_date,
    try_date,
)
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.seal import record_checkin
from coalition_tui.domain.session import next_checkin_date

from .conftest import FIXED_NOW
from .helpers.filled_session import full_session

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _english():
    """Each test starts and ends in English, whatever it switched to."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


# -- the two forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-30", date(2026, 11, 30)),
        ("30.11.2026", date(2026, 11, 30)),
        ("  30.11.2026 ", date(2026, 11, 30)),
        ("01.02.2027", date(2027, 2, 1)),
        ("1.2.2027", date(2027, 2, 1)),
        ("29.02.2028", date(2028, 2, 29)),
        ("31.12.2026", date(2026, 12, 31)),
    ],
)
def test_a_date_is_read_in_either_form(text, day):
    assert parse_date(text) == day
    assert try_date(text) == day
    assert date_problem(text) == ""


def test_iso_is_read_exactly_as_before():
    assert parse_date("2026-12-01") == date(2026, 12, 1)
    assert parse_date("") is None and parse_date(None) is None and try_date("  ") is None
    for text in ("2026-1-5", "26-11-30", "2026/11/30", "20261130"):
        assert try_date(text) is None


@pytest.mark.parametrize(
    "text",
    ["30.11.26", "30/11/26", "30-11-2026", "30.11.2026.", "30. 11. 2026", "300.11.2026", "30.011.2026", "30.11"],
)
def test_other_shapes_are_still_refused(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="by_when")
    assert str(caught.value) == "Type the date as YYYY-MM-DD, like 2026-12-31."
    assert caught.value.field == "by_when"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30.13.2026", "There is no month 13: months run from 01 to 12."),
        ("01.00.2026", "There is no month 00: months run from 01 to 12."),
        ("29.02.2026", "February 2026 has 28 days, so there is no day 29."),
        ("31.04.2026", "April 2026 has 30 days, so there is no day 31."),
        ("0.4.2026", "April 2026 has 30 days, so there is no day 0."),
        ("01.01.0000", "Type the date as YYYY-MM-DD, like 2026-12-31."),
    ],
)
def test_a_bad_german_date_says_what_is_wrong_as_an_iso_one_does(text, message):
    assert date_problem(text) == message


def test_a_commitment_due_the_german_way_is_due():
    assert Commitment("Ship", "15.12.2026", "Users").due == date(2026, 12, 15)
    state = AccountabilityState()
    plan = state.of("a")
    plan.commitments = [Commitment("Ship", "01.11.2026", "Users log in")]
    plan.first_checkin = "2.12.2026"
    warnings = realism_warnings(state, "a", TODAY, {"a": "Ada", "b": "Ben"})
    assert [w.kind for w in warnings] == ["past_due"]
    assert "2026-11-01 has already passed" in warnings[0].message  # English shows dates as ISO, as always


def test_a_first_checkin_typed_the_german_way_is_the_next_checkin():
    session = full_session()
    session.accountability.of("a").first_checkin = "1.12.2026"
    assert next_checkin_date(session) == "2026-12-01"


def test_a_checkin_keeps_a_german_next_date_as_iso():
    session = full_session(sealed=True)
    checkin = record_checkin(session, {}, "09.12.2026", FIXED_NOW)
    assert checkin.next_checkin == "2026-12-09"


# -- one date, one stored form ------------------------------------------------------------------------


def test_a_day_first_date_typed_in_an_english_session_is_kept_as_iso():
    assert i18n.current() == "en"
    plan = PartnerAccountability()
    plan.add_commitment()
    plan.set_commitment(0, "by_when", "31.12.2026")
    plan.set_first_checkin(" 1.2.2027 ")
    assert plan.commitments[0].by_when == "2026-12-31" and plan.first_checkin == "2027-02-01"
    # What is not a date yet is kept exactly as typed: nothing typed is lost.
    plan.set_commitment(0, "by_when", "31.12.202")
    plan.set_first_checkin("after the launch")
    assert plan.commitments[0].by_when == "31.12.202" and plan.first_checkin == "after the launch"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/12/2026", date(2026, 12, 31)),  # day first: there is no month 31
        ("12/31/2026", date(2026, 12, 31)),  # month first: there is no month 31 either way round
        ("13/1/2027", date(2027, 1, 13)),
        ("4/4/2027", date(2027, 4, 4)),  # the same either way
    ],
)
def test_a_date_with_slashes_is_read_when_it_can_only_be_one_date(text, day):
    assert parse_date(text) == day and stored_date(text) == day.isoformat()


def test_an_ambiguous_date_is_a_clear_message_never_a_guess():
    with pytest.raises(ValidationError) as caught:
        parse_date("03/04/2026", field="by_when")
    assert caught.value.field == "by_when"
    assert str(caught.value) == (
        "03/04/2026 could be 2026-04-03 or 2026-03-04: type the date as YYYY-MM-DD, like 2026-12-31."
    )
    assert stored_date("03/04/2026") == "03/04/2026"  # kept as typed, and said beside the field
    assert try_date("03/04/2026") is None


def test_an_ambiguous_date_is_explained_in_german_too():
    with i18n.speaking("de"):
        message = date_problem("03/04/2026")
    assert "03.04.2026" in message and "04.03.2026" in message and "TT.MM.JJJJ" in message


def test_a_field_shows_a_stored_date_as_its_language_types_it():
    assert date_as_typed("2026-12-31") == "2026-12-31"
    with i18n.speaking("de"):
        assert date_as_typed("2026-12-31") == "31.12.2026"
        assert date_as_typed("nächste Woche") == "nächste Woche"
    assert date_as_typed("31.12.2026") == "31.12.2026"  # as typed in an older session: as it is


def _forms(day: date) -> list[str]:
    """Every way of writing ``day`` that must read as ``day`` (slashes only where they cannot mean another)."""
    d, m, y = day.day, day.month, day.year
    forms = [day.isoformat(), f"{d:02d}.{m:02d}.{y:04d}", f"{d}.{m}.{y:04d}"]
    if d > 12 or d == m:  # day first, or month first: only one of them is a date
        forms += [f"{d:02d}/{m:02d}/{y:04d}", f"{d}/{m}/{y:04d}", f"{m:02d}/{d:02d}/{y:04d}", f"{m}/{d}/{y:04d}"]
    return forms


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_accepted_form_of_a_date_reads_back_to_it_and_is_stored_as_iso(day):
    for text in _forms(day):
        assert parse_date(text) == day, text
        assert stored_date(text) == day.isoformat(), text
    for language in ("en", "de"):
        with i18n.speaking(language):
            assert parse_date(date_as_typed(day.isoformat())) == day


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_date_with_slashes_that_could_be_two_dates_is_never_read_as_either(day):
    d, m, y = day.day, day.month, day.year
    if d <= 12 and d != m:
        for text in (f"{d:02d}/{m:02d}/{y:04d}", f"{m}/{d}/{y:04d}"):
            with pytest.raises(ValidationError):
                parse_date(text)
            assert stored_date(text) == text


# -- in German ---------------------------------------------------------------------------------------


def test_a_date_shown_in_german_reads_back():
    with i18n.speaking("de"):
        for day in (date(2026, 11, 30), date(2027, 2, 1), date(2028, 2, 29)):
            assert parse_date(i18n.show_date(day)) == day


def test_the_english_hint_and_messages_stay_english():
    assert date_hint() == "YYYY-MM-DD, like 2026-12-31"
    assert date_problem("2026-02-30") == "February 2026 has 28 days, so there is no day 30."


def test_a_month_is_named_in_the_language_spoken():
    with i18n.speaking("de"):
        assert "Februar 2026" in date_problem("29.02.2026")
        assert "29" in date_problem("29.02.2026")
    assert "February 2026" in date_problem("29.02.2026")


# -- cadences in German words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("wöchentlich", Cadence("week", 1)),
        ("Ein Anruf alle zwei Wochen am Freitag", Cadence("week", 2)),
        ("alle 2 Wochen", Cadence("week", 2)),
        ("vierzehntägig", Cadence("week", 2)),
        ("alle 14 Tage", Cadence("day", 14)),
        ("alle vierzehn Tage", Cadence("day", 14)),
        ("Monatlich beim Mittagessen", Cadence("month", 1)),
        ("einmal im Monat", Cadence("month", 1)),
        ("alle drei Monate", Cadence("month", 3)),
        ("quartalsweise", Cadence("month", 3)),
        ("täglich kurz", Cadence("day", 1)),
        ("jede Woche", Cadence("week", 1)),
        ("wenn es passt", None),
    ],
)
def test_cadences_are_read_from_german_words(text, cadence):
    assert parse_cadence(text) == cadence


def test_english_cadences_come_first():
    assert parse_cadence("every two weeks") == Cadence("week", 2)
    assert parse_cadence("weekly") == Cadence("week", 1)
    state = AccountabilityState()
    state.of("a").cadence = "alle zwei Wochen"
    state.of("b").cadence = "wöchentlich"
    assert next_by_cadence(state, TODAY) == date(2026, 12, 2)
