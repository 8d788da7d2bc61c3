"""The iCalendar export: commitments' due dates and check-in dates as all-day events.

Each event has a stable UID (the session id, the partner and the commitment's
place), so importing a newer export updates the events instead of doubling
them. Dates that are empty or not dates are left out.

Every text goes in through ``ics_text`` as a ``vText`` (the library escapes
commas, semicolons and newlines only for values it knows to be text, and an
``X-`` property is not one of them), so no control byte reaches the file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vText

from coalition_tui.domain.accountability import try_date
from coalition_tui.domain.partners import SIDES, other
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.i18n import _, show_date
from coalition_tui.safe_text import ics_text

PRODID = "-//Coalition//coalition-tui//EN"
UID_DOMAIN = "coalition.local"


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    if day < date.max:  # without DTEND an all-day event lasts its one day (RFC 5545), as it does here
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", vText(ics_text(summary)))
    event.add("description", vText(ics_text(description)))
    event.add("transp", "TRANSPARENT")
    return event


def checkin_dates(session: Session) -> dict[date, list[str]]:
    """Every check-in date the agreement names, with who set it and how."""
    dates: dict[date, list[str]] = {}
    for side in SIDES:
        plan = session.accountability.of(side)
        first = try_date(plan.first_checkin)
        if first:
            how = ", ".join(part for part in (plan.cadence.strip(), plan.channel.strip()) if part)
            reason = _("{name}'s first check-in").format(name=session.name(side))
            dates.setdefault(first, []).append(reason + (f" ({how})" if how else ""))
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
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(ics_text(_("Coalition: {title}").format(title=session.display_title))))

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
            calendar.add_component(
                _event(f"{session.id}-{side}-commitment-{index}", due, summary, "\n".join(lines), stamp)
            )

    for day, reasons in sorted(checkin_dates(session).items()):
        description = _(
            "Coalition check-in for {pair}: how is each commitment going, and when do you meet next?"
        ).format(pair=pair)
        if reasons:
            description += "\n" + "\n".join(f"- {reason}" for reason in reasons)
        calendar.add_component(
            _event(
                f"{session.id}-checkin-{day.isoformat()}",
                day,
                _("Coalition check-in: {pair}").format(pair=pair),
                description,
                stamp,
            )
        )
    return calendar.to_ical().decode("utf-8")
