"""The calendar follows the partnership: recurring check-ins, stable UIDs across revisions, cancelled events.

Each export is read back with the ``icalendar`` parser and its recurring events
expanded with ``recurring-ical-events``, as a calendar application would.
Importing the export of an agreement and then of its revision into one
calendar keeps each event once, updated, and cancels those the revision
dropped; the check-ins expand to the dates the app shows (``next_checkins``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import recurring_ical_events
from icalendar import Calendar, Event

from coalition_tui.domain.accountability import (
    AccountabilityState,
    Commitment,
    PartnerAccountability,
    checkin_series,
    next_checkins,
    realism_warnings,
)
from coalition_tui.domain.seal import confirm_seal, new_revision
from coalition_tui.domain.session import Session
from coalition_tui.export.ics import export_ics
from coalition_tui.i18n import speaking

from .conftest import FIXED_NOW
from .helpers.filled_session import full_session

LATER = FIXED_NOW + timedelta(days=40)


def import_into(held: dict[str, Event], text: str) -> None:
    """What a calendar does on import: an event by UID, replaced by one with a higher (or equal) SEQUENCE."""
    for event in Calendar.from_ical(text).walk("VEVENT"):
        uid = str(event["UID"])
        before = held.get(uid)
        if before is None or int(event.get("SEQUENCE", 0)) >= int(before.get("SEQUENCE", 0)):
            held[uid] = event


def as_calendar(events: list[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//test//")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    return calendar


def cancelled(event: Event) -> bool:
    return str(event.get("STATUS", "")) == "CANCELLED"


def checkin_days(held: dict[str, Event], start: date, count: int) -> list[date]:
    """The next ``count`` check-in days the calendar shows from ``start``, recurring events expanded."""
    live = [e for e in held.values() if not cancelled(e) and str(e["SUMMARY"]).startswith("Coalition check-in")]
    found = recurring_ical_events.of(as_calendar(live)).between(start, start + timedelta(days=400))
    days = sorted({_day(event.decoded("DTSTART")) for event in found})
    return days[:count]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def agreement() -> Session:
    """A sealed agreement: Ada checks in every two weeks at 18:30 over a call, Ben monthly from the 31st."""
    session = full_session(sealed=False)
    a, b = session.accountability.of("a"), session.accountability.of("b")
    for side, plan in (("a", a), ("b", b)):
        for index, commitment in enumerate(plan.commitments):
            commitment.uid = f"commitment-{side}{index}"  # as add_commitment makes them, but readable
    a.choose_rhythm("biweekly")
    a.set_checkin_time("18:30")
    b.choose_rhythm("monthly")
    b.first_checkin = "2026-12-31"
    confirm_seal(session, "a", "Ada", FIXED_NOW)
    confirm_seal(session, "b", "Ben", FIXED_NOW)
    return session


def revised(original: Session) -> Session:
    """Its revision: Ada drops "Hire a designer" and moves "Ship the beta"; Ben meets weekly instead; sealed later."""
    revision = new_revision(original, now=LATER)
    a, b = revision.accountability.of("a"), revision.accountability.of("b")
    a.remove_commitment(1)
    a.set_commitment(0, "by_when", "2027-01-10")
    index = a.add_commitment()
    a.set_commitment(index, "what", "Write the launch note")
    a.set_commitment(index, "by_when", "2027-01-20")
    b.choose_rhythm("weekly")
    b.first_checkin = "2027-01-04"
    confirm_seal(revision, "a", "Ada", LATER)
    confirm_seal(revision, "b", "Ben", LATER)
    return revision


def events_of(text: str) -> dict[str, Event]:
    held: dict[str, Event] = {}
    import_into(held, text)
    return held


# -- an agreement and its revision in one calendar --------------------------------------------


def test_importing_an_agreement_then_its_revision_keeps_each_event_once_and_cancels_the_dropped():
    original = agreement()
    revision = revised(original)
    first, second = export_ics(original), export_ics(revision)
    before, after = events_of(first), events_of(second)

    held: dict[str, Event] = {}
    import_into(held, first)
    import_into(held, second)
    live = [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in held.values() if not cancelled(e)]
    assert len(live) == len(set(live)) == 5  # three commitments and two check-in series, each once

    a_original = original.accountability.of("a")
    kept, dropped = (f"{c.uid}@coalition.local" for c in a_original.commitments)
    # The commitment kept is the same event, moved to its new date.
    assert kept in before and kept in after
    assert held[kept].decoded("DTSTART") == date(2027, 1, 10) and not cancelled(held[kept])
    # The one dropped is cancelled, on the date the calendar had it.
    assert cancelled(held[dropped]) and held[dropped].decoded("DTSTART") == date(2027, 1, 31)
    # Ben's series changed its rhythm and first date: the same UID, updated; Ada's stayed as it was.
    ben = f"{original.accountability.of('b').series_uid}@coalition.local"
    ada = f"{a_original.series_uid}@coalition.local"
    assert str(held[ben]["RRULE"].to_ical().decode()) == "FREQ=WEEKLY"
    assert held[ben].decoded("DTSTART") == date(2027, 1, 4)
    assert held[ada].decoded("DTSTART") == datetime(2026, 12, 4, 18, 30)
    # Nothing the original held is left beside its update: every UID of the original is updated or cancelled.
    for uid in before:
        assert int(held[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"]), uid
    # The new commitment is new; nothing else is.
    assert set(held) - set(before) == {
        f"{revision.accountability.of('a').commitments[1].uid}@coalition.local",
    }
    # What the calendar shows is what the app shows.
    start = date(2027, 1, 5)
    assert checkin_days(held, start, 3) == next_checkins(revision.accountability, start, 3)


def test_importing_the_same_export_twice_changes_nothing():
    text = export_ics(agreement())
    held: dict[str, Event] = {}
    import_into(held, text)
    once = {uid: event.to_ical() for uid, event in held.items()}
    import_into(held, text)
    assert {uid: event.to_ical() for uid, event in held.items()} == once


def test_an_old_agreement_without_ids_keeps_its_uids_in_its_revision():
    """A session held before ids: its events were known by the session id and place; its revision keeps those."""
    data = full_session(sealed=True, session_id="0ld0ld00").to_dict()
    for side in "ab":
        plan = data["accountability"][side]
        del plan["series_uid"], plan["rhythm"], plan["every_days"], plan["checkin_time"], plan["inherited"]
        for commitment in plan["commitments"]:
            del commitment["uid"]
    old = Session.from_dict(data)
    assert old.accountability.of("a").series_uid == ""  # never a new id at each read
    before = events_of(export_ics(old))
    assert set(before) == {
        "0ld0ld00-a-commitment-0@coalition.local",
        "0ld0ld00-a-commitment-1@coalition.local",
        "0ld0ld00-b-commitment-0@coalition.local",
        "0ld0ld00-checkin-2026-12-02@coalition.local",
        "0ld0ld00-checkin-2026-12-04@coalition.local",
    }
    assert all("RRULE" not in e for e in before.values())  # free text: exported as it always was

    revision = new_revision(old, now=LATER)
    a, b = revision.accountability.of("a"), revision.accountability.of("b")
    assert (a.rhythm, b.rhythm) == ("biweekly", "weekly")  # read from "every two weeks" and "weekly"
    assert a.cadence == "every two weeks"  # the words stay as typed
    b.remove_commitment(0)
    held = dict(before)
    import_into(held, export_ics(revision))
    assert set(held) == set(before)  # every event is the one it was
    assert cancelled(held["0ld0ld00-b-commitment-0@coalition.local"])
    assert str(held["0ld0ld00-checkin-2026-12-04@coalition.local"]["RRULE"].to_ical().decode()) == (
        "FREQ=WEEKLY;INTERVAL=2"
    )


def test_a_revision_of_a_revision_still_cancels_what_the_first_agreement_carried():
    original = agreement()
    second = revised(original)
    third = new_revision(second, now=LATER + timedelta(days=5))
    dropped = original.accountability.of("a").commitments[1].uid
    held = events_of(export_ics(original))
    import_into(held, export_ics(third))  # the second was never imported here
    assert cancelled(held[f"{dropped}@coalition.local"])


# -- the recurring check-in ----------------------------------------------------------------------


def test_a_check_in_every_n_days_at_a_time_and_place_with_a_reminder():
    session = full_session(sealed=True)
    a = session.accountability.of("a")
    a.choose_rhythm("days", 10)
    a.set_checkin_time("7.05")
    found = events_of(export_ics(session))
    event = found[f"{a.series_uid}@coalition.local"]
    assert event.decoded("DTSTART") == datetime(2026, 12, 4, 7, 5)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert event["RRULE"].to_ical().decode() == "FREQ=DAILY;INTERVAL=10"
    assert str(event["LOCATION"]) == "a call on Fridays"
    alarms = event.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(hours=1)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert a.cadence == "every 10 days, 07:05"  # the words follow the choice


def test_monthly_from_the_31st_meets_on_each_months_last_day_in_the_calendar_and_the_app():
    state = AccountabilityState()
    plan = state.of("a")
    plan.first_checkin = "2027-01-31"
    plan.choose_rhythm("monthly")
    session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="3131abcd")
    session.accountability = state
    held = events_of(export_ics(session))
    shown = next_checkins(state, date(2027, 1, 1), 5)
    assert shown == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]
    assert checkin_days(held, date(2027, 1, 1), 5) == shown
    assert checkin_days(held, date(2028, 2, 1), 1) == next_checkins(state, date(2028, 2, 1), 1) == [date(2028, 2, 29)]


def test_an_all_day_check_in_is_reminded_the_morning_before():
    session = full_session(sealed=True)
    session.accountability.of("b").choose_rhythm("weekly")
    event = events_of(export_ics(session))[f"{session.accountability.of('b').series_uid}@coalition.local"]
    assert event.decoded("DTSTART") == date(2026, 12, 2)
    assert event.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(hours=15)  # 09:00 the day before


def test_next_checkins_start_count_and_side():
    state = AccountabilityState()
    state.of("a").first_checkin, state.of("b").first_checkin = "2026-12-04", "2026-12-02"
    state.of("a").choose_rhythm("biweekly")
    assert next_checkins(state, date(2026, 12, 5), 3, side="a") == [
        date(2026, 12, 18),
        date(2027, 1, 1),
        date(2027, 1, 15),
    ]
    assert next_checkins(state, date(2026, 12, 1), 2) == [date(2026, 12, 2), date(2026, 12, 4)]
    assert next_checkins(state, date(2026, 12, 3), 3, side="b") == []  # Ben's one check-in is behind
    assert next_checkins(state, date(2026, 12, 1), 0) == []
    # Far from the first date, the count is still exact (and quick).
    assert next_checkins(state, date(2400, 1, 1), 1, side="a") == [date(2400, 1, 14)]
    state.of("a").first_checkin = "9999-12-20"
    assert next_checkins(state, date(9999, 12, 1), 3, side="a") == [date(9999, 12, 20)]  # no year 10000


def test_the_same_check_ins_of_both_partners_are_one_series():
    state = AccountabilityState()
    for side in "ab":
        plan = state.of(side)
        plan.first_checkin = "2026-12-04"
        plan.choose_rhythm("weekly")
        plan.set_checkin_time("18:00")
        plan.channel = "the café"
    series = checkin_series(state, "5e55a0c1")
    assert [(s.sides, s.places, s.at) for s in series] == [(("a", "b"), ("the café",), time(18, 0))]
    state.of("b").set_checkin_time("19:00")
    assert len(checkin_series(state, "5e55a0c1")) == 2


def test_choosing_a_rhythm_and_a_time_reads_in_german_and_warns_kindly():
    plan = PartnerAccountability(commitments=[Commitment("x", "2027-01-01", "y")], first_checkin="2027-01-01")
    with speaking("de"):
        plan.choose_rhythm("biweekly")
        assert plan.cadence == "alle zwei Wochen"
        plan.choose_rhythm("days")
        notes = {w.kind: w.message for w in realism_warnings(_state(plan), "a", date(2026, 12, 1), _names())}
        assert "bad_days" in notes
        plan.set_checkin_time("25:00")
        notes = {w.kind: w.message for w in realism_warnings(_state(plan), "a", date(2026, 12, 1), _names())}
        assert "bad_time" in notes and "HH:MM" in notes["bad_time"]
    plan.choose_rhythm("")
    assert plan.cadence == ""  # words said from a choice go with it


def _state(plan: PartnerAccountability) -> AccountabilityState:
    state = AccountabilityState()
    state.sides["a"] = plan
    return state


def _names() -> dict[str, str]:
    return {"a": "Ada", "b": "Ben"}


def test_sequence_rises_with_the_later_agreement():
    original = agreement()
    revision = revised(original)
    first = {int(e["SEQUENCE"]) for e in events_of(export_ics(original)).values()}
    second = {int(e["SEQUENCE"]) for e in events_of(export_ics(revision)).values()}
    assert len(first) == len(second) == 1 and max(first) < min(second) < 2**31
