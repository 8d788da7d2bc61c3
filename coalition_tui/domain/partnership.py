"""Partnerships: the sessions of the same two people, found again however their names were typed.

Two sessions belong to one partnership when their partners' names are the same
pair, in either order, whatever the case, the accents' encoding or the spaces
around and inside them ("Ada Lovelace & Ben" and " ben &  ada lovelace").
A coach can merge two partnerships that are the same people under different
spellings ("Ben" and "Benjamin"), and split them again: merges are kept apart
from the sessions (``Merges``), so a split gives every session back its own.

The key is computed from a summary row's names, so the index holds everything
home needs; nothing here reads a file. A name typed at the command line finds
its partnership here too (``find_partnerships``).

A partnership's story (its timeline, commitments, clearings and what is due)
is read from its sessions; an agreement and its revisions are versions of one
agreement, and every figure reads through them (``domain/versions.py``): each
clearing counts once, each commitment keeps its latest status.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.fairness import Fairness, PartnerFairness, fairness
from coalition_tui.domain.finding import selected
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.versions import commitment_ids, counted_clearings, reports


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


# -- which partnership a NAME means (``coalition export --partnership NAME``) ---------------------------

PAIR_SEPARATORS = ("&", ",")
"""What ``name_parts`` reads between two names: ``"Ada & Ben"``, ``"Ada,Ben"``."""


def _name_has(name: str, words: str) -> bool:
    """Whether ``words`` are whole words of ``name``, as ``coalition list --partner`` matches them."""
    return bool(selected([{"partners": {"a": name, "b": ""}}], partner=words))


def _row_matches(row: Mapping[str, Any], wanted: Sequence[str]) -> bool:
    partners = row.get("partners") or {}
    a, b = str(partners.get("a", "")), str(partners.get("b", ""))
    if len(wanted) == 1:
        return _name_has(a, wanted[0]) or _name_has(b, wanted[0])
    first, second = wanted
    return (_name_has(a, first) and _name_has(b, second)) or (_name_has(a, second) and _name_has(b, first))


def name_parts(name: str) -> list[str]:
    """``"Ada & Ben"`` or ``"Ada,Ben"``: both names; anything else: one name (no empty parts)."""
    for separator in PAIR_SEPARATORS:
        if separator in name:
            parts = [part.strip() for part in name.split(separator)]
            parts = [part for part in parts if part]
            return parts if len(parts) <= 2 else [" ".join(parts)]
    return [name.strip()] if name.strip() else []


def find_partnerships(rows: Iterable[Mapping[str, Any]], name: str, merges: Merges | None = None) -> list[Partnership]:
    """The partnerships that have a session whose partners match ``name`` (newest first).

    One name matches as ``coalition list --partner`` does (either partner, whole
    words, any case or accents); two names (``"Ada & Ben"``, ``"Ada,Ben"``) must
    match one partner each, in either order.
    """
    wanted = name_parts(name)
    if not wanted:
        return []
    found = partnerships(list(rows), merges)
    return [p for p in found.values() if any(_row_matches(row, wanted) for row in p.rows)]


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
    status: str  # its latest reported: done, on_track, at_risk, dropped, or "" (none yet); see domain/versions.py
    superseded: bool  # made in an agreement a later revision replaced
    uid: str = ""  # the commitment's stable id, the same in every version of the agreement
    status_at: str = ""  # when the check-in that reported ``status`` was recorded ("" before any)
    status_session_id: str = ""  # the session that check-in was recorded on (this one, or another version)


@dataclass(frozen=True)
class ClearingRecord:
    session_id: str  # the session that held the clearing
    when: str
    totals: tuple[float, float]  # seconds, per person
    turns: int
    record_id: str = ""  # the version whose record counts: ``session_id`` itself, or a revision of it

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
    """Every commitment ever made, newest agreement first, with its latest status.

    Each version of an agreement lists its commitments again, so a commitment carried into
    a revision has a record in each; all of them show its latest status, reported on
    whichever version (``versions.reports``).
    """
    who = people(sessions)
    replaced = superseded_ids(sessions)
    latest = reports(sessions)
    found = []
    for session in sorted(sessions, key=lambda s: s.created_at, reverse=True):
        ids = commitment_ids(session)
        for person, side in enumerate(person_sides(session, who)):
            for index, commitment in session.accountability.of(side).listed():
                uid = ids[(side, index)]  # type: ignore[index]  # person_sides gives plain str
                report = latest.get(uid)
                found.append(
                    CommitmentRecord(
                        person,
                        session.id,
                        commitment.what,
                        commitment.by_when,
                        report.status if report else "",
                        session.id in replaced,
                        uid,
                        report.at if report else "",
                        report.session_id if report else "",
                    )
                )
    return found


def _one_key(record: CommitmentRecord) -> str:
    return record.uid or f"{record.session_id}\x1f{record.what}"


def kept(records: list[CommitmentRecord], person: int) -> tuple[int, int]:
    """(kept, closed): of one person's commitments that reached an end (done or dropped), how many were done.

    Each commitment counts once, however many versions of the agreement carried it, with its
    latest status: one reported done and then left out of a revision was still kept.
    """
    latest: dict[str, str] = {}
    for record in records:
        if record.person == person:
            latest.setdefault(_one_key(record), record.status)
    closed = [status for status in latest.values() if status in STATUSES_CLOSED]
    return sum(1 for status in closed if status in STATUSES_KEPT), len(closed)


def standing_records(records: list[CommitmentRecord], sealed: set[str]) -> list[CommitmentRecord]:
    """Each commitment once, as the agreement holding it now says it (``records`` newest first).

    Records of a superseded agreement are left out (its revision carries on what still holds);
    of the others the newest sealed one (``sealed``: the ids of sealed sessions) is chosen,
    else the newest (a revision still being written leaves its agreement's words standing).
    """
    chosen: dict[str, CommitmentRecord] = {}
    for record in records:
        if record.superseded:
            continue
        known = chosen.get(_one_key(record))
        if known is None or (record.session_id in sealed and known.session_id not in sealed):
            chosen[_one_key(record)] = record
    return [record for record in records if chosen.get(_one_key(record)) is record]


def clearings(sessions: list[Any]) -> list[ClearingRecord]:
    """Each clearing that recorded speaking time, once, oldest first, its totals per person.

    A revision carries its original's clearing record over (``new_revision``): it is a later
    version of that clearing, counted once, as its latest version records it, at the session
    that held it (``versions.counted_clearings`` says the rule).
    """
    who = people(sessions)
    found = []
    for counted in counted_clearings(sessions):
        record = counted.record.clearing.air_time()
        first, second = person_sides(counted.record, who)
        found.append(
            ClearingRecord(
                counted.held_in.id,
                counted.held_in.created_at,
                (record.totals[first], record.totals[second]),
                len(record.turns),
                counted.record.id,
            )
        )
    return found


def air_time(sessions: list[Any]) -> Fairness:
    """Each person's air-time across the partnership's clearings, each clearing once (as ``clearings``).

    Side ``a`` of the result is person 0, ``b`` person 1: totals, turns and the times over
    target, of catch-up and added are summed, the longest turn is the longest of all, and
    ``base`` is the latest clearing's turn length.
    """
    who = people(sessions)
    totals, turns, longest = [0.0, 0.0], [0, 0], [0.0, 0.0]
    over, catch_up, added = [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    base = 0.0
    for counted in counted_clearings(sessions):
        session = counted.record
        fair = fairness(session.clearing.clock, session.settings)
        base = fair.base
        for person, side in enumerate(person_sides(session, who)):
            partner = fair.of(side)  # type: ignore[arg-type]  # person_sides gives plain str
            totals[person] += partner.total
            turns[person] += partner.turns
            longest[person] = max(longest[person], partner.longest)
            over[person] += partner.over_target
            catch_up[person] += partner.catch_up
            added[person] += partner.added
    whole = sum(totals)
    a, b = (
        PartnerFairness(
            side=side,
            total=totals[person],
            share=totals[person] / whole if whole > 0 else 0.0,
            turns=turns[person],
            longest=longest[person],
            over_target=over[person],
            catch_up=catch_up[person],
            added=added[person],
        )
        for person, side in enumerate(SIDES)
    )
    return Fairness(partners=(a, b), base=base)


def due_next(sessions: list[Any], today: Any) -> tuple[str, list[CommitmentRecord]]:
    """The next check-in date agreed (ISO, "" for none) and the open commitments due soonest (three).

    Only agreements in force set the date: a superseded one shows none (its revision holds the
    dates now). Each commitment is listed once, as the agreement holding it says it.
    """
    from coalition_tui.domain.accountability import try_date
    from coalition_tui.domain.session import next_checkin_date

    replaced = superseded_ids(sessions)
    sealed = {s.id for s in sessions if s.sealed}
    dates = sorted(d for s in sessions if s.id in sealed and s.id not in replaced and (d := next_checkin_date(s)))
    open_ones = [
        r
        for r in standing_records(commitments(sessions), sealed)
        if r.status not in STATUSES_CLOSED and try_date(r.by_when)
    ]
    open_ones.sort(key=lambda r: try_date(r.by_when) or today)
    return (dates[0] if dates else ""), open_ones[:3]
