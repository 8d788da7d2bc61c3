"""The iCalendar export: commitments' due dates, and the check-ins, recurring as the partners chose.

Each commitment's due date is an all-day event. Each check-in series is one
event: recurring (``RRULE``) when a rhythm was chosen, at the time chosen (or
all day) and at the place named (``LOCATION``), with a reminder (``VALARM``)
an hour before (all day: at 09:00 the day before). Dates set at a check-in
that the series does not already hold are events of their own.

UIDs stay the same across revisions: a commitment and a check-in series carry
a stable id, made when they are and copied into every revision (sessions held
before ids use the ones their events had: the session id and the commitment's
place, or the check-in's date). ``SEQUENCE`` rises with each newer agreement,
so importing a revision's export updates the events its original left in a
calendar, and the events the original carried that the revision no longer
holds (each plan remembers them: ``PartnerAccountability.inherited``) are sent
as ``STATUS:CANCELLED``. Importing a newer export never doubles an event.
Dates that are empty or not dates are left out.

Every text goes in through ``ics_text`` as a ``vText`` (the library escapes
commas, semicolons and newlines only for values it knows to be text, and an
``X-`` property is not one of them), so no control byte reaches the file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, vText

from coalition_tui.domain.accountability import (
    Cadence,
    CheckinSeries,
    checkin_series,
    commitment_uid,
    try_date,
)
from coalition_tui.domain.partners import SIDES, other
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.i18n import _, show_date
from coalition_tui.safe_text import ics_text

PRODID = "-//Coalition//coalition-tui//EN"
UID_DOMAIN = "coalition.local"
REMINDER = timedelta(hours=1)
"""How long before a check-in at a time of day its reminder goes off."""
ALL_DAY_REMINDER = timedelta(hours=15)
"""Before an all-day check-in (from its midnight): at 09:00 the day before."""
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_SEQUENCE_MAX = 2**31 - 1


def sequence_of(moment: datetime) -> int:
    """``SEQUENCE`` for an agreement sealed (or last changed) at ``moment``: minutes since 2020.

    A revision is sealed after the agreement it replaces, so its events carry a higher
    number and a calendar takes them over the ones it holds (RFC 5545, 3.8.7.4).
    """
    minutes = int((moment - _SEQUENCE_EPOCH).total_seconds() // 60)
    return max(0, min(minutes, _SEQUENCE_MAX))


def _base(uid: str, stamp: datetime, sequence: int) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    return event


def _text(event: Event, name: str, text: str) -> None:
    event.add(name, vText(ics_text(text)))


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime, sequence: int) -> Event:
    event = _base(uid, stamp, sequence)
    event.add("dtstart", day)
    if day < date.max:  # without DTEND an all-day event lasts its one day (RFC 5545), as it does here
        event.add("dtend", day + timedelta(days=1))
    _text(event, "summary", summary)
    _text(event, "description", description)
    event.add("transp", "TRANSPARENT")
    return event


def rrule(cadence: Cadence, first: date) -> dict[str, object]:
    """The recurrence rule for check-ins every ``cadence`` from ``first`` (``Cadence.nth`` gives the same dates).

    A monthly series begun after the 28th meets on the last day of a shorter month.
    """
    rule: dict[str, object] = {"freq": {"day": "daily", "week": "weekly", "month": "monthly"}[cadence.unit]}
    if cadence.count > 1:
        rule["interval"] = cadence.count
    if cadence.unit == "month" and first.day > 28:
        rule.update(bymonthday=list(range(28, first.day + 1)), bysetpos=-1)
    return rule


def _reminder(text: str, before: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    _text(alarm, "description", text)  # type: ignore[arg-type]
    alarm.add("trigger", -before)
    return alarm


def _starts(day: date, at: time | None) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND of a check-in: a floating local time and an hour, or the whole day (None past 9999)."""
    if at is None:
        return day, (day + timedelta(days=1) if day < date.max else None)
    start = datetime.combine(day, at)
    try:
        return start, start + REMINDER
    except OverflowError:
        return start, None


def _series_event(session: Session, series: CheckinSeries, stamp: datetime, sequence: int) -> Event:
    pair = f"{session.partner_a} & {session.partner_b}"
    event = _base(series.uid, stamp, sequence)
    start, end = _starts(series.first, series.at)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if series.cadence is not None:
        event.add("rrule", rrule(series.cadence, series.first))
    summary = _("Coalition check-in: {pair}").format(pair=pair)
    _text(event, "summary", summary)
    lines = [
        _("Coalition check-in for {pair}: how is each commitment going, and when do you meet next?").format(pair=pair)
    ]
    for side in series.sides:
        plan = session.accountability.of(side)
        how = ", ".join(part for part in (plan.cadence.strip(), plan.channel.strip()) if part)
        if series.cadence is None:
            reason = _("{name}'s first check-in").format(name=session.name(side))
        else:
            reason = _("{name}'s check-ins").format(name=session.name(side))
        lines.append(f"- {reason}" + (f" ({how})" if how else ""))
    _text(event, "description", "\n".join(lines))
    if series.places:
        _text(event, "location", " / ".join(series.places))
    event.add("transp", "OPAQUE" if series.at is not None else "TRANSPARENT")
    event.add_component(_reminder(summary, REMINDER if series.at is not None else ALL_DAY_REMINDER))
    return event


def _cancelled(session: Session, uid: str, start: str, stamp: datetime, sequence: int) -> Event:
    event = _base(uid, stamp, sequence)
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:  # the format rules this out; never a crash
        moment = stamp.replace(tzinfo=None)
    event.add("dtstart", moment if "T" in start else moment.date())
    event.add("status", "CANCELLED")
    _text(event, "summary", _("Coalition: no longer in the agreement"))
    _text(
        event,
        "description",
        _("The revised agreement {title} ({id}) no longer holds this.").format(
            title=session.display_title, id=session.id
        ),
    )
    event.add("transp", "TRANSPARENT")
    return event


def _held(series: list[CheckinSeries], day: date) -> bool:
    """Is ``day`` one of the series' check-ins already?"""
    return any(s.dates(day, 1) == [day] for s in series)


def checkin_dates(session: Session) -> dict[date, list[str]]:
    """The check-in dates set at check-ins (and the next one agreed), with when each was set.

    The first check-ins and the dates they recur on are the series (``checkin_series``).
    """
    dates: dict[date, list[str]] = {}
    for checkin in session.checkins:
        when = try_date(checkin.next_checkin)
        if when:
            recorded = show_date(parse_stamp(checkin.at).astimezone().date())
            dates.setdefault(when, []).append(_("set at the check-in of {date}").format(date=recorded))
    upcoming = try_date(next_checkin_date(session))
    if upcoming:
        dates.setdefault(upcoming, [])
    return dates


def export_ics(session: Session) -> str:
    pair = f"{session.partner_a} & {session.partner_b}"
    stamp = parse_stamp(session.seal.sealed_at or session.updated_at)
    sequence = sequence_of(stamp)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(ics_text(_("Coalition: {title}").format(title=session.display_title))))
    emitted: set[str] = set()

    for side in SIDES:
        name, them = session.name(side), session.name(other(side))
        for number, (index, commitment) in enumerate(session.accountability.of(side).listed(), 1):
            due = commitment.due
            if due is None:
                continue
            what = " ".join(commitment.what.split()) or _("commitment {number}").format(number=number)
            lines = [_("{name} committed to: {what}").format(name=name, what=commitment.what.strip() or what)]
            if commitment.done_when.strip():
                lines.append(_("Done when: {text}").format(text=commitment.done_when.strip()))
            lines.append(
                _("{other} is holding {name} to it. Agreement: {title} ({id}).").format(
                    other=them, name=name, title=session.display_title, id=session.id
                )
            )
            summary = _("{name}: {what} (due)").format(name=name, what=what)
            uid = commitment_uid(session.id, side, index, commitment)
            if uid in emitted:
                continue  # a copied id (edited by hand): one event
            emitted.add(uid)
            calendar.add_component(_event(uid, due, summary, "\n".join(lines), stamp, sequence))

    series = checkin_series(session.accountability, session.id)
    for one in series:
        if one.uid not in emitted:
            emitted.add(one.uid)
            calendar.add_component(_series_event(session, one, stamp, sequence))

    for day, reasons in sorted(checkin_dates(session).items()):
        uid = f"{session.id}-checkin-{day.isoformat()}"
        if uid in emitted or _held(series, day):
            continue
        emitted.add(uid)
        description = _(
            "Coalition check-in for {pair}: how is each commitment going, and when do you meet next?"
        ).format(pair=pair)
        if reasons:
            description += "\n" + "\n".join(f"- {reason}" for reason in reasons)
        event = _event(uid, day, _("Coalition check-in: {pair}").format(pair=pair), description, stamp, sequence)
        event.add_component(_reminder(_("Coalition check-in: {pair}").format(pair=pair), ALL_DAY_REMINDER))
        calendar.add_component(event)

    for side in SIDES:
        for inherited in session.accountability.of(side).inherited:
            if inherited.uid not in emitted:
                emitted.add(inherited.uid)
                calendar.add_component(_cancelled(session, inherited.uid, inherited.start, stamp, sequence))
    return calendar.to_ical().decode("utf-8")
