"""The seal, and the check-ins recorded on a sealed agreement.

Sealing takes each partner's own confirmation (typing their own name); when
both have confirmed the session is sealed with a timestamp and reads only
from then on. The one thing still recorded on a sealed agreement is its
check-ins: progress on each commitment and the next date to meet. Changing
the agreement itself means starting a new revision that links to it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coalition_tui.domain.accountability import (
    InheritedEvent,
    carried_events,
    checkin_series,
    commitment_uid,
    new_uid,
    next_by_cadence,
    parse_date,
    try_date,
)
from coalition_tui.domain.errors import CoalitionError, ValidationError
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.timeutil import stamp
from coalition_tui.domain.versions import Report, report_of
from coalition_tui.i18n import N_, _, ngettext, show_date

if TYPE_CHECKING:
    from coalition_tui.domain.session import Session


@dataclass
class SealState:
    confirmed_at: dict[Side, str | None] = field(default_factory=lambda: {s: None for s in SIDES})
    sealed_at: str | None = None

    def confirmed(self, side: Side) -> bool:
        return self.confirmed_at.get(side) is not None

    def to_dict(self) -> dict[str, Any]:
        return {"confirmed_at": dict(self.confirmed_at), "sealed_at": self.sealed_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SealState:
        data = data or {}
        confirmed = {s: (data.get("confirmed_at") or {}).get(s) for s in SIDES}
        return cls(confirmed_at=confirmed, sealed_at=data.get("sealed_at"))


# -- sealing --------------------------------------------------------------------------


def _as_written(text: str) -> str:
    """A name as it is compared: without the spaces around it, its letters composed one way (NFC)."""
    return unicodedata.normalize("NFC", text.strip())


def name_matches(typed: str, name: str) -> bool:
    """Typing your own name seals, exactly as the screen shows it ("type your name exactly"): case and
    the spaces inside it matter; only spaces around it, and how a keyboard composes a letter (é typed
    as e and an accent), do not."""
    return bool(typed.strip()) and _as_written(typed) == _as_written(name)


@dataclass(frozen=True)
class SealGap:
    """Something the agreement lacks when it is sealed: said before sealing, and kept in the record."""

    kind: str  # "declaration", "commitment" or "checkin"
    side: Side | None
    text: str


def seal_gaps(session: Session) -> list[SealGap]:
    """What the agreement lacks, by the phases on its agenda: who has not declared, who has no
    commitment, and whether no check-in date is set. Empty when nothing is missing.

    A sealed agreement reads only, so the same list read later is what was missing when it
    was sealed: exports and the sealed moment say it from here, and never claim more.
    """
    from coalition_tui.domain.session import next_checkin_date

    gaps: list[SealGap] = []
    names = session.names
    if Phase.DECLARATION in session.agenda:
        for side in session.declaration.waiting_for:
            text = _("{name} has not declared support for {other}").format(name=names[side], other=names[other(side)])
            gaps.append(SealGap("declaration", side, text))
    if Phase.ACCOUNTABILITY in session.agenda:
        for side in SIDES:
            if not session.accountability.of(side).listed():
                gaps.append(SealGap("commitment", side, _("{name} has no commitment").format(name=names[side])))
        if not next_checkin_date(session):
            gaps.append(SealGap("checkin", None, _("no check-in date is set")))
    return gaps


def declarations_line(session: Session) -> str:
    """Who declared support and who did not, in words (``""`` when the agenda had no declaration)."""
    if Phase.DECLARATION not in session.agenda:
        return ""
    declared = [session.name(s) for s in SIDES if session.declaration.of(s).confirmed]
    missing = [session.name(s) for s in session.declaration.waiting_for]
    if not missing:
        first, second = declared
        return _("{first} and {second} each declared their support.").format(first=first, second=second)
    if not declared:
        first, second = missing
        return _("Neither {first} nor {second} declared support.").format(first=first, second=second)
    return _("{declared} declared support; {missing} did not.").format(declared=declared[0], missing=missing[0])


def record_lines(session: Session) -> list[str]:
    """What the record says beside the seal: who declared (and who did not), and what else was missing."""
    lines = []
    declared = declarations_line(session)
    if declared:
        lines.append(declared)
    others = [gap.text for gap in seal_gaps(session) if gap.kind != "declaration"]
    if others:
        gaps = "; ".join(others)
        lines.append(
            _("Sealed as it stands: {gaps}.").format(gaps=gaps)
            if session.sealed
            else _("Missing: {gaps}.").format(gaps=gaps)
        )
    return lines


def confirm_seal(session: Session, side: Side, typed_name: str, now: datetime) -> bool:
    """Record ``side``'s confirmation; returns True when this one sealed the session.

    The confirmation is the partner typing their own name. When both have
    confirmed, the session is sealed at ``now`` and reads only from then on.
    """
    session.ensure_editable()
    name = session.name(side)
    if not name_matches(typed_name, name):
        raise ValidationError(_("To seal, type your name exactly: {name}").format(name=name), f"seal_{side}")
    session.seal.confirmed_at[side] = stamp(now)
    if all(session.seal.confirmed(s) for s in SIDES):
        session.seal.sealed_at = stamp(now)
        return True
    return False


def seal_when_both_confirmed(session: Session) -> bool:
    """Both partners have confirmed, each on their own machine: sealed as of the later confirmation.

    At one terminal ``confirm_seal`` seals on the second name; in a live session
    each partner confirms on their own machine and the host, who keeps the
    record, seals when it has both. Returns True when this call sealed it.
    """
    if session.sealed or not all(session.seal.confirmed(s) for s in SIDES):
        return False
    session.seal.sealed_at = max(str(session.seal.confirmed_at[s]) for s in SIDES)
    return True


def withdraw_seal(session: Session, side: Side) -> None:
    """Take back a confirmation before the other partner has given theirs."""
    session.ensure_editable()
    session.seal.confirmed_at[side] = None


# -- revisions ------------------------------------------------------------------------


def new_revision(session: Session, *, now: datetime, session_id: str | None = None) -> Session:
    """A new, unsealed session copied from ``session``, linked to it by ``revision_of``.

    The sealed original is left as it is. The copy keeps everything the
    partners wrote, drops the seal and the check-ins (they belong to the
    agreement they were made on) and opens at the accountability phase when
    the agenda has one, since that is where agreements most often change.
    What the check-ins reported is read through the versions (``domain/versions.py``):
    each commitment keeps its uid, so its latest status follows it, and the
    clearing record it copies is counted once across the partnership.

    Each commitment and check-in series keeps its stable id (one from before ids
    gets the id its calendar event had), and each plan remembers the events the
    original carried, so the revision's calendar updates them and cancels those
    it no longer holds. A check-in rhythm typed in words is read into a choice.
    """
    from coalition_tui.domain.session import Session, new_session_id

    carried = carried_events(session.accountability, session.id)
    data = session.to_dict()
    when = stamp(now)
    data.update(
        id=session_id or new_session_id(),
        created_at=when,
        updated_at=when,
        seal=SealState().to_dict(),
        checkins=[],
        revision_of=session.id,
    )
    revision = Session.from_dict(data)
    series = checkin_series(session.accountability, session.id)
    for side in SIDES:
        original = session.accountability.of(side)
        plan = revision.accountability.of(side)
        for index, commitment in enumerate(plan.commitments):
            commitment.uid = commitment_uid(session.id, side, index, original.commitments[index])
        if not plan.series_uid:
            # The id its check-in event had (see checkin_series), so the revision's event replaces it.
            held = [s.uid for s in series if side in s.sides]
            plan.series_uid = held[0] if held else new_uid("checkins")
        seen: dict[str, InheritedEvent] = {}
        for event in [*original.inherited, *carried[side]]:
            seen[event.uid] = InheritedEvent(event.uid, event.start)  # the latest start wins
        plan.inherited = list(seen.values())
        plan.adopt_cadence_text()
    if Phase.ACCOUNTABILITY in revision.agenda:
        revision.phase_index = revision.agenda.index(Phase.ACCOUNTABILITY)
    else:
        revision.phase_index = 0
    return revision


# -- check-ins ------------------------------------------------------------------------

STATUSES: tuple[str, ...] = ("done", "on_track", "at_risk", "dropped")
STATUS_LABELS: dict[str, str] = {
    "done": N_("done"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "dropped": N_("dropped"),
    "": N_("not reported"),
}
"""Each status in words, English at import: show one as ``_(STATUS_LABELS[status])`` or :func:`status_label`."""
# A mark for each status, so meaning never rests on colour alone.
STATUS_MARKS: dict[str, str] = {"done": "✔", "on_track": "→", "at_risk": "!", "dropped": "✕", "": "·"}
OPEN_STATUSES = ("", "on_track", "at_risk")


def status_label(status: str) -> str:
    """A progress status in words, in the current language (an unknown one as it was saved)."""
    label = STATUS_LABELS.get(status)
    return _(label) if label is not None else status


@dataclass
class CheckIn:
    at: str  # when it was recorded (ISO timestamp)
    # progress[side][index of commitment] -> {"status": ..., "note": ...}
    progress: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    next_checkin: str = ""  # ISO date or empty

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "progress": {s: [dict(p) for p in items] for s, items in self.progress.items()},
            "next_checkin": self.next_checkin,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        progress = {
            str(s): [{"status": str(p.get("status", "")), "note": str(p.get("note", ""))} for p in items]
            for s, items in (data.get("progress") or {}).items()
        }
        return cls(at=data["at"], progress=progress, next_checkin=data.get("next_checkin", ""))

    def of(self, side: Side, index: int) -> dict[str, str]:
        items = self.progress.get(side, [])
        return items[index] if 0 <= index < len(items) else {"status": "", "note": ""}


def latest_progress(
    session: Session, side: Side, index: int, known: Mapping[str, Report] | None = None
) -> dict[str, str]:
    """The last status (and its note) reported for a commitment, or an empty report.

    ``known`` (``versions.known_progress``): what the agreements this one revises reported too,
    so a revision shows where each commitment it carried stood; without it, this session's own.
    """
    if known is not None:
        found = report_of(session, side, index, known)
        return {"status": found.status, "note": found.note} if found else {"status": "", "note": ""}
    for checkin in reversed(session.checkins):
        report = checkin.of(side, index)
        if report.get("status"):
            return report
    return {"status": "", "note": ""}


def open_commitments(session: Session) -> int:
    """How many listed commitments are not yet done or dropped."""
    count = 0
    for side in SIDES:
        for index, _commitment in session.accountability.of(side).listed():
            if latest_progress(session, side, index)["status"] in OPEN_STATUSES:
                count += 1
    return count


def suggest_next_checkin(session: Session, today: date) -> date | None:
    """The date a check-in suggests for the next one.

    A date the partners already agreed that is still ahead (the first check-in,
    when this one comes early) stands; otherwise one cadence from today.
    """
    from coalition_tui.domain.session import next_checkin_date

    agreed = try_date(next_checkin_date(session))
    if agreed is not None and agreed > today:
        return agreed
    return next_by_cadence(session.accountability, today)


def checkin_warnings(
    session: Session, progress: dict[str, list[dict[str, str]]], next_checkin: str, today: date
) -> list[str]:
    """Gentle notes on a check-in about to be recorded (it is recorded all the same)."""
    notes: list[str] = []
    chosen = try_date(next_checkin)
    still_open = False
    for side in SIDES:
        items = progress.get(side, [])
        for index, _commitment in session.accountability.of(side).listed():
            status = items[index].get("status", "") if index < len(items) else ""
            still_open = still_open or status in OPEN_STATUSES
    if chosen is None and not next_checkin.strip() and still_open:
        notes.append(_("No next check-in date: some commitments are still open. When will you meet again?"))
    if chosen is not None and chosen < today:
        notes.append(
            _("The next check-in ({date}) is already in the past, so it shows as due at once.").format(
                date=show_date(chosen)
            )
        )
    return notes


def record_checkin(
    session: Session,
    progress: dict[str, list[dict[str, str]]],
    next_checkin: str,
    now: datetime,
) -> CheckIn:
    """Add a check-in to a sealed agreement.

    ``progress[side]`` lists a ``{"status", "note"}`` for each commitment in
    that partner's list (same order, same length); status is one of
    ``STATUSES`` or ``""`` for "not reported this time". ``next_checkin`` is
    a YYYY-MM-DD (or DD.MM.YYYY) date or empty; it is kept as YYYY-MM-DD.
    """
    if not session.sealed:
        raise CoalitionError(_("Check-ins are recorded on a sealed agreement: seal the deal first."))
    when = parse_date(next_checkin, field="next_checkin")
    clean: dict[str, list[dict[str, str]]] = {}
    for side in SIDES:
        count = len(session.accountability.of(side).commitments)
        items = list(progress.get(side, []))
        if len(items) > count:
            # i18n: the English says "commitments" for one as well (as it always has); a translation need not.
            message = ngettext(
                "{name} has {count} commitments, not {given}.", "{name} has {count} commitments, not {given}.", count
            ).format(name=session.name(side), count=count, given=len(items))
            raise ValidationError(message, "progress")
        items += [{"status": "", "note": ""}] * (count - len(items))
        rows = []
        for item in items:
            status = str(item.get("status", ""))
            if status and status not in STATUSES:
                message = _("Unknown progress {status}; choose from {choices}.").format(
                    status=repr(status), choices=", ".join(STATUSES)
                )
                raise ValidationError(message, "status")
            rows.append({"status": status, "note": str(item.get("note", ""))})
        clean[side] = rows
    checkin = CheckIn(at=stamp(now), progress=clean, next_checkin=when.isoformat() if when else "")
    session.checkins.append(checkin)
    return checkin


def checkin_due(session: Session, today: date) -> bool:
    from coalition_tui.domain.session import next_checkin_date

    when = try_date(next_checkin_date(session)) if session.sealed else None
    return when is not None and when <= today
