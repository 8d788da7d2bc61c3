"""One record across revisions: what a partnership counts once when an agreement is revised.

A revision (``seal.new_revision``) is a copy of the agreement it revises: the same clearing
record, the same commitments (each keeping its stable ``uid``), none of the check-ins. The
sessions linked by ``revision_of`` (an agreement, its revisions, theirs, and any two revisions
of the same original) are *versions* of one agreement. Everything here reads their figures
through the versions, so that nothing is counted twice and nothing reported is lost.

**A clearing counts once, as its latest version records it.** A clearing is held in one
session: an agreement, or a clearing begun again (``clear_again``: a session of its own, so a
new clearing that counts). Every revision carries a copy of its original's clearing record and
is a later version of that same clearing, not a new one: unchanged, corrected (a turn's edge
moved) or continued (its clock resumed, a turn lengthened, turns added). So the versions of an
agreement hold one clearing between them. Of those whose clock recorded a turn, the newest (by
when it was started, then its id) is the record that counts, whole; the oldest is where the
clearing was held. Corrections and continuations are in the newer record already, so it is
counted in place of the older ones, never beside them. Two revisions branching from the same
original are two versions of that one clearing; the newer one stands, as the newer revision
of the agreement does.

**A commitment's status follows it through the versions.** A check-in reports on each
commitment by its place in one session's lists; across versions a commitment is known by its
uid (``accountability.commitment_uid``: its stable id, or its place in a session held before
ids, which every revision keeps). Its latest status is the newest report on it: the check-in
recorded last (then the newer session, then the later check-in in it) that gave it a status,
whichever version that check-in was recorded on. A check-in that left it unreported says nothing.
A partnership reads every check-in of its sessions (``reports``); one session's own screens read
its check-ins and those of the agreements it revises (``known_progress``), so a revision starts
where each commitment it carried stood, and a check-in recorded on the original while the
revision was being written is known to it too. The check-ins themselves stay where they were
recorded: nothing is copied.

Pure domain code: sessions in, figures out; nothing is read from disk here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from coalition_tui.domain.accountability import commitment_uid
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.timeutil import parse_stamp

_NEVER = datetime.min.replace(tzinfo=UTC)


def _order(session: Any) -> tuple[str, str]:
    return str(session.created_at), str(session.id)


def version_groups(sessions: Iterable[Any]) -> list[list[Any]]:
    """The sessions linked by ``revision_of``, each group oldest first, the groups by their oldest.

    A revision of a session not among ``sessions`` starts a group of its own; a hand-edited
    circle of revisions is one group. Every session is in exactly one group.
    """
    given = {str(s.id): s for s in sessions}
    parent = {key: key for key in given}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, session in given.items():
        original = str(session.revision_of) if session.revision_of else ""
        if original in given:
            parent[root(key)] = root(original)
    groups: dict[str, list[Any]] = {}
    for key, session in given.items():
        groups.setdefault(root(key), []).append(session)
    found = [sorted(group, key=_order) for group in groups.values()]
    return sorted(found, key=lambda group: _order(group[0]))


@dataclass(frozen=True)
class CountedClearing:
    """One clearing as a partnership counts it: where it was held, and the version whose record counts."""

    held_in: Any  # the oldest version whose clock recorded a turn (a Session)
    record: Any  # the version whose clock counts: the newest record, as first recorded (see counted_clearings)


def counted_clearings(sessions: Iterable[Any]) -> list[CountedClearing]:
    """Each clearing once, in the order they were held (see the module's docstring for the rule).

    The record that counts is the newest version's; it is named by the first version that
    recorded it so, so a revision that left its copy as it was names the session that held it.
    """
    found = []
    for group in version_groups(sessions):
        recorded = [s for s in group if s.clearing.air_time().recorded]
        if recorded:
            latest = recorded[-1].clearing.clock.to_dict()
            first = next(s for s in recorded if s.clearing.clock.to_dict() == latest)
            found.append(CountedClearing(held_in=recorded[0], record=first))
    return found


@dataclass(frozen=True)
class Report:
    """The newest status reported on a commitment, and where and when it was reported."""

    status: str  # done, on_track, at_risk, dropped (never "": a check-in that left it unreported is no report)
    note: str
    at: str  # when the check-in that reported it was recorded (ISO timestamp, as stored)
    session_id: str  # the session that check-in was recorded on


def commitment_ids(session: Any) -> dict[tuple[Side, int], str]:
    """Each commitment's uid by (side, place in that side's list), empty ones left out."""
    return {
        (side, index): commitment_uid(session.id, side, index, commitment)
        for side in SIDES
        for index, commitment in session.accountability.of(side).listed()
    }


def _when(at: str) -> datetime:
    try:
        return parse_stamp(at)
    except (TypeError, ValueError):
        return _NEVER


def reports(sessions: Sequence[Any]) -> dict[str, Report]:
    """Each commitment's newest report (by uid) among every check-in of ``sessions``."""
    found: dict[str, tuple[tuple[Any, ...], Report]] = {}
    for session in sessions:
        ids = commitment_ids(session)
        for number, checkin in enumerate(session.checkins):
            order = (_when(checkin.at), str(checkin.at), *_order(session), number)
            for (side, index), uid in ids.items():
                report = checkin.of(side, index)
                status = str(report.get("status", ""))
                if not status:
                    continue
                known = found.get(uid)
                if known is None or order >= known[0]:
                    found[uid] = (order, Report(status, str(report.get("note", "")), str(checkin.at), str(session.id)))
    return {uid: report for uid, (_order_key, report) in found.items()}


def known_progress(session: Any, earlier: Iterable[Any] = ()) -> dict[str, Report]:
    """What is known of each commitment of ``session``: the newest report on it, in its own check-ins
    or in those of the agreements it revises (``earlier``: its original, that one's original, ...)."""
    return reports([session, *(s for s in earlier if s.id != session.id)])


def report_of(session: Any, side: Side, index: int, known: Mapping[str, Report]) -> Report | None:
    """The newest report known on commitment ``index`` of ``side`` in ``session`` (None: none yet)."""
    plan = session.accountability.of(side)
    if not 0 <= index < len(plan.commitments):
        return None
    return known.get(commitment_uid(session.id, side, index, plan.commitments[index]))
