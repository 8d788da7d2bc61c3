"""Revisions: which agreement replaced which, read from the index rows alone.

A revision is a session whose ``revision_of`` names the agreement it changes
(``domain.seal.new_revision``). Home lists each chain A → B → C with its latest
at its place and its earlier versions right under it, newest first. An agreement
is *superseded* once a revision of it is sealed: while the revision is still
being written the agreement stands (its check-ins and dates still hold), and
is shown under the draft without being called replaced.

Everything here reads summary rows (``domain.session.summarize``): no session
file is opened, so home's first paint costs what it did. A hand-edited index
may link sessions in a circle; every row is still listed exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Row = Mapping[str, Any]
R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Successor:
    """The revision that replaced a session: its id and when it was started (an ISO stamp, as stored)."""

    id: str
    created_at: str


def _newer(row: Row, than: Row) -> bool:
    return (str(row.get("created_at", "")), str(row["id"])) > (str(than.get("created_at", "")), str(than["id"]))


class Revisions:
    """Who replaced whom among ``rows`` (a revision of a session not among them replaces nothing here)."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._rows: dict[str, Row] = {str(row["id"]): row for row in rows}
        self._by: dict[str, Row] = {}  # a session's id -> its newest revision's row (sealed or not)
        self._sealed_by: dict[str, Row] = {}  # ... its newest sealed revision's row: what replaced it
        for row in self._rows.values():
            original = row.get("revision_of")
            if not original or original == row["id"] or original not in self._rows:
                continue
            known = self._by.get(original)
            if known is None or _newer(row, known):
                self._by[original] = row
            if row.get("status") == "sealed":
                replacing = self._sealed_by.get(original)
                if replacing is None or _newer(row, replacing):
                    self._sealed_by[original] = row

    def __bool__(self) -> bool:
        """Whether any session here has a revision."""
        return bool(self._by)

    def superseded_by(self, session_id: str) -> Successor | None:
        """The newest sealed revision of ``session_id``, or None while nothing sealed replaced it."""
        row = self._sealed_by.get(session_id)
        return Successor(str(row["id"]), str(row.get("created_at", ""))) if row is not None else None

    def is_superseded(self, session_id: str) -> bool:
        return session_id in self._sealed_by

    def is_earlier(self, session_id: str) -> bool:
        """Listed under a later version of it (a revision, sealed or still being written)."""
        return session_id in self._by

    def revised_by(self, session_id: str) -> str | None:
        """The newest revision of ``session_id``, sealed or not (``v`` on it opens that one)."""
        row = self._by.get(session_id)
        return str(row["id"]) if row is not None else None

    def superseded(self) -> dict[str, str]:
        """Each replaced session's id and the id of the sealed revision that replaced it."""
        return {original: str(row["id"]) for original, row in self._sealed_by.items()}

    def listed(self, row: Row) -> dict[str, Any]:
        """``row`` as ``coalition list --json`` gives it: with ``superseded_by`` (an id, or None), and no
        ``next_checkin`` once it is superseded (its revision carries the dates that hold)."""
        successor = self.superseded_by(str(row["id"]))
        listed = {**row, "superseded_by": successor.id if successor is not None else None}
        if successor is not None and "next_checkin" in listed:
            listed["next_checkin"] = ""
        return listed

    def latest(self, session_id: str) -> str:
        """The end of ``session_id``'s chain: the version nothing replaced (itself when not replaced)."""
        seen = {session_id}
        current = session_id
        while (row := self._by.get(current)) is not None and (following := str(row["id"])) not in seen:
            seen.add(following)
            current = following
        return current

    def grouped(self, rows: Sequence[R]) -> list[R]:
        """``rows`` (in the order given) with each chain's earlier versions right under its latest, newest first.

        The latest keeps its place; a superseded version listed before its latest (a hand-edited
        date) moves down to it. Every row given is returned once.
        """
        if not self._by:
            return list(rows)
        chains: dict[str, list[R]] = {}
        for row in rows:
            chains.setdefault(self.latest(str(row["id"])), []).append(row)
        place = {str(row["id"]): index for index, row in enumerate(rows)}

        def where(latest: str) -> int:  # the latest's place; the first listed version's when it is not given
            return place.get(latest, min(place[str(row["id"])] for row in chains[latest]))

        found: list[R] = []
        for latest in sorted(chains, key=where):
            members = chains[latest]
            top = [row for row in members if row["id"] == latest]
            earlier = [row for row in members if row["id"] != latest]
            earlier.sort(key=lambda row: (str(row.get("created_at", "")), str(row["id"])), reverse=True)
            found += top + earlier
        return found
