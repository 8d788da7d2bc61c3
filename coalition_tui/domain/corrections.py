"""Correcting the record: a turn's start or end moved after the fact.

Pure domain code (no Textual). The facilitator presses the floor keys as people
speak, and sometimes late: "Ben started 40 seconds before I pressed the key".
A correction moves one **edge** of a turn (its ``"start"`` or its ``"end"``) by
a signed number of seconds (negative: earlier; positive: later). The edge is
the boundary between two neighbouring turns, so the time moves from one to the
other and the floor time as a whole stays the same:

- moving turn *i*'s **start** earlier by *s* lengthens turn *i* by *s* and
  shortens turn *i-1* by *s* (later: the other way round);
- moving turn *i*'s **end** later by *s* lengthens turn *i* by *s* and shortens
  turn *i+1* by *s* (earlier: the other way round);
- the first turn's start and the last turn's end have no neighbour: that turn
  alone changes (the floor time with it), by at most :data:`MAX_SHIFT_SECONDS`.

**Clamped, not refused.** A move never takes a turn below zero seconds and
never goes past a neighbour: asked for more, the edge moves as far as it can
(:func:`limits` says how far that is) and the :class:`Correction` records what
was done (``seconds``) beside what was asked (``asked``). Refused, with a
:class:`CorrectionError` saying why, are only: a turn that does not exist, an
edge that is not ``"start"`` or ``"end"``, the **end of the turn still running**
(the clock's current turn while it runs: its end is now; its start may move),
and a move that, clamped, moves nothing.

The turns themselves change (durations, and the start stamp of the turn whose
start moved), so the totals, the balance and the fairness figures all follow
from them; the correction keeps the figures before and after, so nothing is
lost. **Undo after a correction**: undoing a hand-off puts back the turn as it
stood at that hand-off and folds away the turns after it, which would silently
take back or double the correction. So a correction clears the undo of every
hand-off at or before the turns it touched (marks that would restore or remove
a touched turn); later hand-offs can still be undone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Literal

from coalition_tui.domain.clock import ClockRecord, Turn, format_duration
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.timeutil import parse_stamp, stamp
from coalition_tui.i18n import N_, _

Edge = Literal["start", "end"]
EDGES: tuple[Edge, Edge] = ("start", "end")
FACILITATOR = "facilitator"
"""``Correction.by`` when the facilitator corrected (at one terminal, always): shown as "the facilitator"."""
MAX_SHIFT_SECONDS = 3600.0
"""The most one correction moves an edge that has no neighbour (the first start, the last end)."""
MAX_CORRECTIONS = 10_000


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, in the interface's language."""


@dataclass(frozen=True)
class Correction:
    """One correction: which edge of which turn moved, by how much, who moved it, when, and the figures around it."""

    turn: int  # index into the clock's turns (0-based; shown 1-based)
    edge: Edge
    seconds: float  # what moved (signed: negative earlier, positive later), after clamping
    by: str  # FACILITATOR, or a partner's name
    at: str  # stamp (ISO 8601, UTC) when the correction was made
    speaker: Side  # who spoke the corrected turn
    turn_before: float
    turn_after: float
    neighbour: int | None = None  # the other turn the boundary belongs to (None: first start, last end)
    neighbour_before: float = 0.0
    neighbour_after: float = 0.0
    asked: float = 0.0  # what was asked for (signed), before clamping
    totals_before: dict[Side, float] = field(default_factory=lambda: {side: 0.0 for side in SIDES})
    totals_after: dict[Side, float] = field(default_factory=lambda: {side: 0.0 for side in SIDES})

    @property
    def clamped(self) -> bool:
        """The edge moved less far than asked (it reached a neighbour, zero, or the limit)."""
        return abs(self.seconds - self.asked) > 1e-9

    @property
    def touched(self) -> tuple[int, ...]:
        return (self.turn,) if self.neighbour is None else tuple(sorted((self.turn, self.neighbour)))

    @property
    def balance_before(self) -> float:
        return self.totals_before.get("a", 0.0) - self.totals_before.get("b", 0.0)

    @property
    def balance_after(self) -> float:
        return self.totals_after.get("a", 0.0) - self.totals_after.get("b", 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "edge": self.edge,
            "seconds": self.seconds,
            "asked": self.asked,
            "by": self.by,
            "at": self.at,
            "speaker": self.speaker,
            "turn_before": self.turn_before,
            "turn_after": self.turn_after,
            "neighbour": self.neighbour,
            "neighbour_before": self.neighbour_before,
            "neighbour_after": self.neighbour_after,
            "totals_before": dict(self.totals_before),
            "totals_after": dict(self.totals_after),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Correction:
        edge = data.get("edge")
        if edge not in EDGES:
            raise ValueError(f"a correction moves a 'start' or an 'end', not {edge!r}")
        speaker = data.get("speaker")
        if speaker not in SIDES:
            raise ValueError(f"a turn's speaker is 'a' or 'b', not {speaker!r}")
        neighbour = data.get("neighbour")
        seconds = float(data.get("seconds", 0.0))
        return cls(
            turn=int(data["turn"]),
            edge=edge,
            seconds=seconds,
            asked=float(data.get("asked", seconds)),
            by=str(data.get("by") or FACILITATOR),
            at=str(data.get("at", "")),
            speaker=speaker,
            turn_before=float(data.get("turn_before", 0.0)),
            turn_after=float(data.get("turn_after", 0.0)),
            neighbour=int(neighbour) if isinstance(neighbour, int) and not isinstance(neighbour, bool) else None,
            neighbour_before=float(data.get("neighbour_before", 0.0)),
            neighbour_after=float(data.get("neighbour_after", 0.0)),
            totals_before=_totals(data.get("totals_before")),
            totals_after=_totals(data.get("totals_after")),
        )


def _totals(raw: Any) -> dict[Side, float]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {side: float(raw.get(side, 0.0)) for side in SIDES}


def corrections_from(raw: Any) -> list[Correction]:
    """The corrections a clearing saved (none in a file written before corrections); damaged ones are left out."""
    if not isinstance(raw, list):
        return []
    found = []
    for item in raw:
        try:
            found.append(Correction.from_dict(item))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return found


def running_turn(record: ClockRecord) -> int | None:
    """The index of the turn still running (the clock's current turn while it runs), else None."""
    if record.running and record.holder is not None and record.turns:
        return len(record.turns) - 1
    return None


def neighbour_of(record: ClockRecord, turn: int, edge: Edge) -> int | None:
    """The turn on the other side of the edge: the one before a start, the one after an end (None at either end)."""
    other = turn - 1 if edge == "start" else turn + 1
    return other if 0 <= other < len(record.turns) else None


def _check(record: ClockRecord, turn: int, edge: Edge) -> None:
    if edge not in EDGES:
        raise CorrectionError(_("A correction moves the start or the end of a turn."))
    if not 0 <= turn < len(record.turns):
        raise CorrectionError(_("There is no turn {number} to correct.").format(number=turn + 1))
    if edge == "end" and running_turn(record) == turn:
        raise CorrectionError(
            _("Turn {number} is still running: its end is now. Its start can be corrected.").format(number=turn + 1)
        )


def limits(record: ClockRecord, turn: int, edge: Edge) -> tuple[float, float]:
    """How far the edge can move: (the most it can go earlier, as a negative number; the most later).

    Raises :class:`CorrectionError` for an edge that cannot be corrected at all.
    """
    _check(record, turn, edge)
    own = record.turns[turn].duration
    neighbour = neighbour_of(record, turn, edge)
    beside = record.turns[neighbour].duration if neighbour is not None else MAX_SHIFT_SECONDS
    if edge == "start":
        # Earlier takes from the turn before (or lengthens the first turn); later shortens this turn.
        return -beside, own
    # Earlier shortens this turn; later takes from the turn after (or lengthens the last turn).
    return -own, beside


def _moved(start: str, seconds: float) -> str:
    """A turn's start stamp moved by ``seconds`` (left as it was if it is not a stamp)."""
    try:
        return stamp(parse_stamp(start) + timedelta(seconds=seconds))
    except (ValueError, OverflowError):
        return start


def _sum_totals(turns: tuple[Turn, ...]) -> dict[Side, float]:
    totals: dict[Side, float] = {side: 0.0 for side in SIDES}
    for turn in turns:
        totals[turn.speaker] += turn.duration
    return totals


def correct(
    record: ClockRecord, turn: int, edge: Edge, seconds: float, *, by: str = FACILITATOR, at: str = ""
) -> tuple[ClockRecord, Correction]:
    """Move ``edge`` of turn ``turn`` by ``seconds`` (negative: earlier); the corrected record and what was done.

    The move is clamped to :func:`limits`; raises :class:`CorrectionError` if the edge cannot be
    corrected, or if, clamped, nothing would move. The record's undo loses the hand-offs the
    correction touched (see the module's docstring).
    """
    if not math.isfinite(seconds):
        raise CorrectionError(_("Say by how many seconds the edge moves."))
    earliest, latest = limits(record, turn, edge)
    moved = max(earliest, min(latest, float(seconds)))
    if abs(moved) < 1e-9:
        if abs(seconds) < 1e-9:
            raise CorrectionError(_("Say by how many seconds the edge moves."))
        raise CorrectionError(_("This edge cannot move that way: a turn would go below zero."))
    turns = list(record.turns)
    this = turns[turn]
    neighbour = neighbour_of(record, turn, edge)
    if edge == "start":
        turns[turn] = replace(this, duration=max(0.0, this.duration - moved), start=_moved(this.start, moved))
        if neighbour is not None:
            before = turns[neighbour]
            turns[neighbour] = replace(before, duration=max(0.0, before.duration + moved))
    else:
        turns[turn] = replace(this, duration=max(0.0, this.duration + moved))
        if neighbour is not None:
            after = turns[neighbour]
            turns[neighbour] = replace(
                after, duration=max(0.0, after.duration - moved), start=_moved(after.start, moved)
            )
    touched = max(turn, neighbour if neighbour is not None else turn)
    corrected = replace(
        record,
        turns=tuple(turns),
        undo=tuple(mark for mark in record.undo if mark.turn_count > touched + 1),
    )
    correction = Correction(
        turn=turn,
        edge=edge,
        seconds=moved,
        asked=float(seconds),
        by=by or FACILITATOR,
        at=at,
        speaker=this.speaker,
        turn_before=this.duration,
        turn_after=turns[turn].duration,
        neighbour=neighbour,
        neighbour_before=record.turns[neighbour].duration if neighbour is not None else 0.0,
        neighbour_after=turns[neighbour].duration if neighbour is not None else 0.0,
        totals_before=_sum_totals(record.turns),
        totals_after=_sum_totals(corrected.turns),
    )
    return corrected, correction


def who(by: str) -> str:
    """``Correction.by`` as a person reads it: "the facilitator", or the name."""
    return _("the facilitator") if by == FACILITATOR else by


_MOVES: dict[tuple[Edge, bool], str] = {
    ("start", True): N_("Turn {number} ({name}): start moved {duration} earlier"),
    ("start", False): N_("Turn {number} ({name}): start moved {duration} later"),
    ("end", True): N_("Turn {number} ({name}): end moved {duration} earlier"),
    ("end", False): N_("Turn {number} ({name}): end moved {duration} later"),
}


def describe(correction: Correction, names: Mapping[Side, str], speakers: Mapping[int, Side] | None = None) -> str:
    """What a correction did, in a sentence.

    ``Turn 7 (Ben): start moved 0:40 earlier, 1:20 → 2:00; turn 6 (Ada): 2:10 → 1:30``.

    ``speakers`` names the neighbour's speaker when known (the clock's turns); else it is the other
    partner (turns alternate).
    """
    earlier = correction.seconds < 0
    line = _(_MOVES[(correction.edge, earlier)]).format(
        number=correction.turn + 1,
        name=names[correction.speaker],
        duration=format_duration(abs(correction.seconds)),
    )
    line += ", " + _("{before} → {after}").format(
        before=format_duration(correction.turn_before), after=format_duration(correction.turn_after)
    )
    if correction.neighbour is not None:
        speaker = (speakers or {}).get(correction.neighbour, other(correction.speaker))
        line += "; " + _("turn {number} ({name}): {before} → {after}").format(
            number=correction.neighbour + 1,
            name=names[speaker],
            before=format_duration(correction.neighbour_before),
            after=format_duration(correction.neighbour_after),
        )
    return line
