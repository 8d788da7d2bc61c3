"""Partnerships: the sessions of the same two people, found again however their names were typed.

Two sessions belong to one partnership when their partners' names are the same
pair, in either order, whatever the case, the accents' encoding or the spaces
around and inside them ("Ada Lovelace & Ben" and " ben &  ada lovelace").
A coach can merge two partnerships that are the same people under different
spellings ("Ben" and "Benjamin"), and split them again: merges are kept apart
from the sessions (``Merges``), so a split gives every session back its own.

The key is computed from a summary row's names, so the index holds everything
home needs; nothing here reads a file.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def same_name(name: str) -> str:
    """A name as compared: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def partnership_key(a: str, b: str) -> str:
    """The same 12 characters for the same two people, in either order (a short digest of both names)."""
    pair = sorted((same_name(a), same_name(b)))
    return hashlib.sha256("\x1f".join(pair).encode("utf-8")).hexdigest()[:12]


def row_key(row: Mapping[str, Any]) -> str:
    partners = row.get("partners") or {}
    return partnership_key(str(partners.get("a", "")), str(partners.get("b", "")))


@dataclass
class Merges:
    """Partnerships a coach has merged: each merged key and the key it now belongs to."""

    into: dict[str, str] = field(default_factory=dict)

    def of(self, key: str) -> str:
        return self.into.get(key, key)

    def merge(self, key: str, target: str) -> None:
        """``key``'s sessions (and any merged into it) now belong to ``target``'s partnership."""
        target = self.of(target)
        if self.of(key) == target:
            return
        for merged, into in list(self.into.items()):
            if into == key:
                self.into[merged] = target
        self.into[key] = target

    def split(self, key: str) -> None:
        """Every partnership merged into ``key``, and ``key`` itself, stand on their own again."""
        self.into = {merged: into for merged, into in self.into.items() if into != key and merged != key}

    def to_dict(self) -> dict[str, str]:
        return dict(self.into)

    @classmethod
    def from_dict(cls, data: Any) -> Merges:
        if not isinstance(data, dict):
            return cls()
        return cls({str(k): str(v) for k, v in data.items() if isinstance(k, str) and isinstance(v, str)})


@dataclass(frozen=True)
class Partnership:
    """Two people and their sessions (summary rows), newest first."""

    key: str
    rows: tuple[Mapping[str, Any], ...]

    @property
    def names(self) -> tuple[str, str]:
        """As written in the newest session."""
        partners = self.rows[0].get("partners") or {}
        return str(partners.get("a", "")), str(partners.get("b", ""))

    @property
    def session_ids(self) -> tuple[str, ...]:
        return tuple(str(row["id"]) for row in self.rows)


def partnerships(rows: Iterable[Mapping[str, Any]], merges: Merges | None = None) -> dict[str, Partnership]:
    """Every partnership among ``rows`` (kept in their order), by key after merges."""
    merges = merges or Merges()
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(merges.of(row_key(row)), []).append(row)
    return {key: Partnership(key, tuple(found)) for key, found in grouped.items()}


def partnership_of(
    row: Mapping[str, Any], rows: Iterable[Mapping[str, Any]], merges: Merges | None = None
) -> Partnership:
    merges = merges or Merges()
    key = merges.of(row_key(row))
    return Partnership(key, tuple(r for r in rows if merges.of(row_key(r)) == key))


# -- a partnership's story, from its sessions -----------------------------------------------------------
# Sessions list the same two people as A and B in either order; each figure here is per person, the
# people named as in the newest session (``people``), so "Ada kept 3 of 4" stays Ada's in every session.

STATUSES_KEPT = ("done",)
STATUSES_CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class Moment:
    """One line of the timeline: a session begun, or a check-in recorded on one."""

    when: str  # an ISO timestamp (for order) as stored
    kind: str  # "session" or "checkin"
    session_id: str
    session: Any  # the Session


@dataclass(frozen=True)
class CommitmentRecord:
    person: int  # 0 or 1: which of ``people``
    session_id: str
    what: str
    by_when: str
    status: str  # the latest check-in's: done, on_track, at_risk, dropped, or "" (none yet)
    superseded: bool  # made in an agreement a later revision replaced


@dataclass(frozen=True)
class ClearingRecord:
    session_id: str
    when: str
    totals: tuple[float, float]  # seconds, per person
    turns: int

    @property
    def balance(self) -> float:
        """The first person's total minus the second's (positive: the first spoke longer)."""
        return self.totals[0] - self.totals[1]


def people(sessions: list[Any]) -> tuple[str, str]:
    """The two people as the newest session names them."""
    newest = max(sessions, key=lambda s: s.created_at)
    return newest.partner_a, newest.partner_b


def person_sides(session: Any, who: tuple[str, str]) -> tuple[str, str]:
    """Which side each of ``who`` is in ``session`` (a and b unless the names say they swapped)."""
    return name_sides(session.partner_a, session.partner_b, who)


def name_sides(partner_a: str, partner_b: str, who: tuple[str, str]) -> tuple[str, str]:
    """Which side each of ``who`` is beside ``partner_a`` and ``partner_b`` (a and b unless they swapped)."""
    swapped = same_name(partner_a) == same_name(who[1]) and same_name(partner_b) == same_name(who[0])
    return ("b", "a") if swapped else ("a", "b")


def superseded_ids(sessions: list[Any]) -> set[str]:
    """Agreements a sealed revision replaced (while a revision is being written, its agreement stands)."""
    return {s.revision_of for s in sessions if s.revision_of and s.sealed}


def timeline(sessions: list[Any]) -> list[Moment]:
    """Every session and every check-in, newest first."""
    moments = [Moment(s.created_at, "session", s.id, s) for s in sessions]
    moments += [Moment(c.at, "checkin", s.id, s) for s in sessions for c in s.checkins]
    return sorted(moments, key=lambda m: m.when, reverse=True)


def commitments(sessions: list[Any]) -> list[CommitmentRecord]:
    """Every commitment ever made, newest agreement first, with its latest check-in status."""
    who = people(sessions)
    replaced = superseded_ids(sessions)
    found = []
    for session in sorted(sessions, key=lambda s: s.created_at, reverse=True):
        last = session.checkins[-1] if session.checkins else None
        for person, side in enumerate(person_sides(session, who)):
            for index, commitment in session.accountability.of(side).listed():
                status = last.of(side, index).get("status", "") if last else ""
                found.append(
                    CommitmentRecord(
                        person, session.id, commitment.what, commitment.by_when, status, session.id in replaced
                    )
                )
    return found


def kept(records: list[CommitmentRecord], person: int) -> tuple[int, int]:
    """(kept, closed): of one person's commitments that reached an end (done or dropped), how many were done.

    Commitments of a replaced agreement count once, in the revision that carried them on, so
    they are left out here.
    """
    closed = [r for r in records if r.person == person and not r.superseded and r.status in STATUSES_CLOSED]
    return sum(1 for r in closed if r.status in STATUSES_KEPT), len(closed)


def clearings(sessions: list[Any]) -> list[ClearingRecord]:
    """Each clearing that recorded speaking time, oldest first, its totals per person.

    A revision carries its original's clearing record over (``new_revision``): while the record
    is the same, it is that clearing again, counted once, in the session that held it.
    """
    who = people(sessions)
    by_id = {s.id: s for s in sessions}
    found = []
    for session in sorted(sessions, key=lambda s: s.created_at):
        record = session.clearing.air_time()
        if not record.recorded or _carried_clearing(session, by_id):
            continue
        first, second = person_sides(session, who)
        found.append(
            ClearingRecord(
                session.id, session.created_at, (record.totals[first], record.totals[second]), len(record.turns)
            )
        )
    return found


def _carried_clearing(session: Any, by_id: Mapping[str, Any]) -> bool:
    """Whether ``session`` is a revision whose clearing record is its original's, as carried over."""
    original = by_id.get(session.revision_of) if session.revision_of else None
    if original is None or original is session or original.clearing.clock is None or session.clearing.clock is None:
        return False
    return bool(original.clearing.clock.to_dict() == session.clearing.clock.to_dict())


def due_next(sessions: list[Any], today: Any) -> tuple[str, list[CommitmentRecord]]:
    """The next check-in date agreed (ISO, "" for none) and the open commitments due soonest (three)."""
    from coalition_tui.domain.accountability import try_date
    from coalition_tui.domain.session import next_checkin_date

    replaced = superseded_ids(sessions)
    dates = sorted(d for s in sessions if s.sealed and s.id not in replaced and (d := next_checkin_date(s)))
    open_ones = [
        r for r in commitments(sessions) if not r.superseded and r.status not in STATUSES_CLOSED and try_date(r.by_when)
    ]
    open_ones.sort(key=lambda r: try_date(r.by_when) or today)
    return (dates[0] if dates else ""), open_ones[:3]
