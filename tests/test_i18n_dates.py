"""Dates typed the German way (30.11.2026) as well as the ISO way (2026-11-30), and cadences in German words."""

from __future__ import annotations

from datetime import date

import pytest

from coalition_tui import i18n
from coalition_tui.domain.accountability import (
    AccountabilityState,
    Cadence,
    Commitment,
    date_hint,
    date_problem,
    next_by_cadence,
    parse_cadence,
    parse_date,
    realism_warnings,
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
    ["30.11.26", "30/11/2026", "30-11-2026", "30.11.2026.", "30. 11. 2026", "300.11.2026", "30.011.2026", "30.11"],
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
