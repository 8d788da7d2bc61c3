"""The equal air-time clock: who holds the floor, for how long, and what is fair next.

Pure domain code (no Textual). Durations come from an injected *monotonic*
time source and never from counting ticks or from wall-clock differences; an
injected *wall* clock only stamps when each turn began, for the record.

Vocabulary
- The **floor** is held by at most one partner (``holder``); the clock runs
  only for them, and only while it is not paused (``running``).
- A **turn** is one partner's holding of the floor, from taking it until a
  hand-off; pausing and resuming stay inside the turn.
- A turn's **goal** is its target (the base turn length plus any catch-up,
  fixed when the turn begins) plus any time the facilitator added.
- An **exchange** is a turn each: the partner who spoke first in the clearing
  opens each one, the other answers it.
- **Catch-up**: a partner who is behind as they take the floor gets the
  difference added to their target, so the totals come level at the end of
  each exchange. Who answers a turn is behind by that turn as they begin: that
  is the rhythm of taking turns, not a debt, so for them the difference is
  what they are behind *beyond* one base turn (an overrun is won back in the
  very next turn); who opens an exchange is owed the whole difference (what
  the last one left uneven, however small). Totals less than
  :data:`LEVEL_SECONDS` apart are level: nothing is added. (Adding the whole
  gap to the one answering too would double every turn after the first and
  leave the totals a full turn apart for ever.) Kept to, the targets bring the
  totals level at the end of every exchange from the second on. The session's
  balance tolerance is not a threshold here: it is how far apart the totals
  may be when the clearing is completed (``screens/clearing.py``).
- **Undo** takes back the last hand-off as if it had never been pressed: the
  previous holder has the floor again, and the time since then is theirs if
  the clock was running at the hand-off (if it was paused, that time is
  dropped and the clock is paused again). Undo can be repeated.

State persists as a :class:`ClockRecord` (:meth:`SpeakingClock.record`, which
folds the running stretch in first, and :meth:`SpeakingClock.from_record`, which
always comes back paused: time while the app was closed belongs to nobody); the
record alone converts to and from the dict in the session file. Every view of
the air-time (the seal screen, ``coalition show``, the exports) reads it through
:class:`ClockSummary`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.timeutil import stamp, utc_now

CLOCK_FORMAT = 1
ADD_TIME_SECONDS = 60
UNDO_DEPTH = 20  # hand-offs that can be taken back (also after a reload)
SIGNAL_SECONDS = 2.0  # how long the at-target signal shows
LEVEL_SECONDS = 0.5
"""Totals closer than this are level: nobody is ahead (the clock's display, who is due, the exports)."""


def format_duration(seconds: float, *, signed: bool = False) -> str:
    """``75.9`` → ``"1:15"``; an hour or more → ``"1:02:03"``. Whole seconds, rounded down.

    The one duration formatter of the package: the clock, the seal screen and every export agree.
    """
    sign = ""
    if signed:
        sign = "-" if seconds < 0 else "+"
    whole = int(math.floor(abs(seconds) + 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def whole_seconds(seconds: float) -> int:
    """Seconds as the clock shows them: whole, rounded down (as :func:`format_duration`)."""
    return int(math.floor(max(seconds, 0.0) + 1e-9))


def shown_balance(totals: Mapping[Side, float]) -> int:
    """A's total minus B's, from the two totals as shown: ``1:20`` and ``1:03`` are 17 seconds apart
    on screen, so the balance says ``+0:17`` (not the 16.3 the unrounded figures differ by)."""
    return whole_seconds(totals.get("a", 0.0)) - whole_seconds(totals.get("b", 0.0))


def ahead_by(balance: float) -> Side | None:
    """Who has spoken more, given A's total minus B's; None while the totals are level."""
    if abs(balance) < LEVEL_SECONDS:
        return None
    return "a" if balance > 0 else "b"


@dataclass(frozen=True)
class Turn:
    """One partner's holding of the floor (frozen: the clock replaces its last turn as it changes)."""

    speaker: Side
    start: str  # wall-clock stamp (ISO 8601, UTC) when the partner took the floor
    duration: float = 0.0  # seconds held (monotonic), as of the last fold
    target: float = 0.0  # base turn + catch-up, fixed when the turn began
    added: float = 0.0  # seconds the facilitator added during the turn
    signalled: bool = False  # the at-target signal has been given for this goal

    @property
    def goal(self) -> float:
        return self.target + self.added

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not dataclasses.asdict (which deep-copies): a long clearing
        # has hundreds of turns, folded in at every save.
        return {
            "speaker": self.speaker,
            "start": self.start,
            "duration": self.duration,
            "target": self.target,
            "added": self.added,
            "signalled": self.signalled,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        speaker = data.get("speaker")
        if speaker != "a" and speaker != "b":
            raise ValueError(f"a turn's speaker is 'a' or 'b', not {speaker!r}")
        return cls(
            speaker=speaker,
            start=str(data.get("start", "")),
            duration=max(0.0, float(data.get("duration", 0.0))),
            target=float(data.get("target", 0.0)),
            added=float(data.get("added", 0.0)),
            signalled=bool(data.get("signalled", False)),
        )


@dataclass(frozen=True)
class UndoMark:
    """The clock just before a hand-off, so the hand-off can be taken back."""

    turn_count: int
    last_turn: Turn | None  # the holder's turn as it stood, None if nobody held the floor
    holder: Side | None
    running: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn_count": self.turn_count,
            "last_turn": self.last_turn.to_dict() if self.last_turn else None,
            "holder": self.holder,
            "running": self.running,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UndoMark:
        last = data.get("last_turn")
        return cls(
            turn_count=int(data["turn_count"]),
            last_turn=Turn.from_dict(last) if last else None,
            holder=_side_or_none(data.get("holder")),
            running=bool(data.get("running", False)),
        )


def _side_or_none(value: Any) -> Side | None:
    return value if value == "a" or value == "b" else None


@dataclass(frozen=True)
class ClockSummary:
    """The clearing's air-time in figures: the one reading of the record every view shows."""

    turns: tuple[tuple[Side, float], ...]  # (speaker, seconds), in order
    totals: dict[Side, float]

    @classmethod
    def of(cls, turns: Iterable[Turn]) -> ClockSummary:
        spoken = [(turn.speaker, turn.duration) for turn in turns]
        totals: dict[Side, float] = {side: 0.0 for side in SIDES}
        for speaker, seconds in spoken:
            totals[speaker] += seconds
        return cls(turns=tuple(spoken), totals=totals)

    @property
    def recorded(self) -> bool:
        return bool(self.turns)

    @property
    def turn_counts(self) -> dict[Side, int]:
        return {side: sum(1 for speaker, _seconds in self.turns if speaker == side) for side in SIDES}

    @property
    def total(self) -> float:
        return self.totals["a"] + self.totals["b"]

    @property
    def balance(self) -> float:
        """A's total minus B's: positive when A has spoken more."""
        return self.totals["a"] - self.totals["b"]

    @property
    def ahead(self) -> Side | None:
        return ahead_by(self.balance)

    @property
    def shown_balance(self) -> int:
        """The balance in whole seconds, as the difference of the two totals as shown."""
        return shown_balance(self.totals)


@dataclass(frozen=True)
class ClockRecord:
    """What the clock saves: the one typed owner of the ``clock`` in a session file.

    ``to_dict`` and ``from_dict`` are the only conversions to and from the saved
    dict; the totals and balance written there are derived from the turns.
    ``turn_seconds`` is kept as saved: a clock's base comes from the session's settings.
    """

    turn_seconds: float
    holder: Side | None = None
    running: bool = False
    turns: tuple[Turn, ...] = ()
    undo: tuple[UndoMark, ...] = ()

    def summary(self) -> ClockSummary:
        return ClockSummary.of(self.turns)

    def to_dict(self) -> dict[str, Any]:
        summary = self.summary()
        return {
            "format": CLOCK_FORMAT,
            "turn_seconds": self.turn_seconds,
            "holder": self.holder,
            "running": self.running,
            "turns": [turn.to_dict() for turn in self.turns],
            "totals": summary.totals,
            "balance": summary.balance,
            "undo": [mark.to_dict() for mark in self.undo],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClockRecord:
        """The record as saved; a hand-edited or damaged turn is left out (and then the undo with it)."""
        raw_turns = data.get("turns")
        raw_turns = raw_turns if isinstance(raw_turns, list) else []
        turns = []
        for raw in raw_turns:
            try:
                turns.append(Turn.from_dict(raw))
            except (AttributeError, TypeError, ValueError):
                continue
        whole = len(turns) == len(raw_turns)
        seconds = data.get("turn_seconds")
        return cls(
            turn_seconds=float(seconds) if isinstance(seconds, int | float) and not isinstance(seconds, bool) else 0.0,
            holder=_side_or_none(data.get("holder")),
            running=bool(data.get("running", False)),
            turns=tuple(turns),
            undo=tuple(_valid_marks(data.get("undo") or [], len(turns))) if whole else (),
        )


@dataclass(frozen=True)
class ClockReading:
    """Everything a clock display needs, read at one instant."""

    holder: Side | None
    running: bool
    turn_number: int  # 1-based number of the current turn (0 before anyone speaks)
    elapsed: float  # the current turn so far
    base: float  # the base turn length
    catch_up: float  # what the current turn's target adds for being behind
    added: float  # what the facilitator added to the current turn
    goal: float  # the current turn's target including added time
    overtime: float  # how far past the goal the current turn is (0 if not)
    since_goal: float | None  # seconds since the goal was reached (None if not reached)
    totals: dict[Side, float] = field(default_factory=dict)
    balance: float = 0.0  # totals["a"] - totals["b"]
    next_targets: dict[Side, float] = field(default_factory=dict)

    @property
    def paused(self) -> bool:
        return self.holder is not None and not self.running

    @property
    def ahead(self) -> Side | None:
        return ahead_by(self.balance)

    @property
    def behind(self) -> Side | None:
        ahead = self.ahead
        return other(ahead) if ahead else None

    @property
    def signalling(self) -> bool:
        """In the short moment after the goal is reached (the visual signal)."""
        return self.since_goal is not None and self.since_goal < SIGNAL_SECONDS


def _valid_marks(raw: Any, turn_count: int) -> list[UndoMark]:
    """Undo marks that still fit the turns (a hand-edited or damaged file loses only its undo)."""
    marks: list[UndoMark] = []
    if not isinstance(raw, list):
        return []
    for item in raw:
        try:
            mark = UndoMark.from_dict(item)
        except (AttributeError, KeyError, TypeError, ValueError):
            return []
        if mark.turn_count > turn_count or (marks and mark.turn_count < marks[-1].turn_count):
            return []
        marks.append(mark)
    return marks


class SpeakingClock:
    """The equal air-time clock for a clearing. Every operation returns whether it changed anything."""

    def __init__(
        self,
        turn_seconds: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = utc_now,
        turns: Iterable[Turn] = (),
        holder: Side | None = None,
        undo: Iterable[UndoMark] = (),
    ) -> None:
        if turn_seconds <= 0:
            raise ValueError("a turn lasts a positive number of seconds")
        self.base = float(turn_seconds)
        self._monotonic = monotonic
        self._wall = wall
        self.turns: list[Turn] = list(turns)
        self.holder: Side | None = holder if self.turns else None
        if self.holder is not None and self.turns[-1].speaker != self.holder:
            self.holder = self.turns[-1].speaker
        self.running = False
        self._since: float | None = None  # monotonic moment the running stretch began
        self._last_op = -math.inf  # the moment of the latest operation
        self._undo: list[UndoMark] = list(undo)[-UNDO_DEPTH:]

    # -- reading ------------------------------------------------------------------

    def _now(self, now: float | None) -> float:
        return self._monotonic() if now is None else now

    def _moment(self, now: float | None) -> float:
        """The moment of an operation: ``now``, or when its key was pressed if the caller knows.

        A key pressed just before a save may be handled just after it; the save
        then folded in a little time that belongs after the key. :meth:`fold`
        moves such time back out. Nothing goes back before the previous operation.
        """
        moment = max(self._now(now), self._last_op)
        self.fold(moment)
        self._last_op = moment
        return moment

    def _live(self, now: float | None) -> float:
        """The running stretch not yet folded into the current turn."""
        if not self.running or self._since is None:
            return 0.0
        return max(0.0, self._now(now) - self._since)

    @property
    def current(self) -> Turn | None:
        return self.turns[-1] if self.holder is not None and self.turns else None

    def elapsed(self, now: float | None = None) -> float:
        turn = self.current
        return turn.duration + self._live(now) if turn else 0.0

    def totals(self, now: float | None = None) -> dict[Side, float]:
        totals: dict[Side, float] = {side: 0.0 for side in SIDES}
        for turn in self.turns:
            totals[turn.speaker] += turn.duration
        if self.current is not None:
            totals[self.current.speaker] += self._live(now)
        return totals

    def floor_time(self, now: float | None = None) -> float:
        """How long the floor has been held in all, by either partner."""
        return sum(self.totals(now).values())

    def balance(self, now: float | None = None) -> float:
        """Partner A's total minus partner B's: positive when A has spoken more."""
        totals = self.totals(now)
        return totals["a"] - totals["b"]

    def catch_up(self, side: Side, now: float | None = None) -> float:
        """What ``side`` is behind, added to their next target (see the module's *Catch-up*).

        Answering the other's turn, they are behind by what lies beyond one base
        turn; opening an exchange, by the whole difference. Nothing while the
        totals are level (less than :data:`LEVEL_SECONDS` apart).
        """
        totals = self.totals(now)
        behind = totals[other(side)] - totals[side]
        if self._answers(side):
            behind -= self.base
        return behind if behind >= LEVEL_SECONDS else 0.0

    def _answers(self, side: Side) -> bool:
        """Whether ``side``'s next turn answers the other's: the other has had more turns."""
        spoken = [turn.speaker for turn in self.turns]
        return spoken.count(other(side)) > spoken.count(side)

    def next_target(self, side: Side, now: float | None = None) -> float:
        """The target ``side``'s next turn would get if they took the floor now."""
        return self.base + self.catch_up(side, now)

    def overtime(self, now: float | None = None) -> float:
        turn = self.current
        return max(0.0, self.elapsed(now) - turn.goal) if turn else 0.0

    def read(self, now: float | None = None) -> ClockReading:
        now = self._now(now)
        turn = self.current
        elapsed = self.elapsed(now)
        totals = self.totals(now)
        goal = turn.goal if turn else 0.0
        return ClockReading(
            holder=self.holder,
            running=self.running,
            turn_number=len(self.turns) if turn else 0,
            elapsed=elapsed,
            base=self.base,
            catch_up=max(0.0, turn.target - self.base) if turn else 0.0,
            added=turn.added if turn else 0.0,
            goal=goal,
            overtime=max(0.0, elapsed - goal) if turn else 0.0,
            since_goal=(elapsed - goal) if turn and elapsed >= goal else None,
            totals=totals,
            balance=totals["a"] - totals["b"],
            next_targets={side: self.next_target(side, now) for side in SIDES},
        )

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- operations ---------------------------------------------------------------

    def fold(self, now: float | None = None) -> None:
        """Bring the current turn's recorded duration up to ``now`` (nothing observable changes)."""
        if self.running and self._since is not None:
            now = max(self._now(now), self._last_op)
            turn = self.current
            if turn is not None:
                # Usually adds the stretch since the last fold; with an earlier ``now``
                # (a key pressed before the last save) it takes that part back out.
                self.turns[-1] = replace(turn, duration=max(0.0, turn.duration + (now - self._since)))
            self._since = now

    def _start_running(self, now: float) -> None:
        self.running = True
        self._since = now

    def take(self, side: Side, now: float | None = None) -> bool:
        """``side`` takes the floor (a hand-off), or resumes their own paused turn."""
        if side not in SIDES:
            raise ValueError(f"side is 'a' or 'b', not {side!r}")
        now = self._moment(now)
        if self.holder == side:
            if self.running:
                return False
            self._start_running(now)
            return True
        self.fold(now)
        current = self.current
        self._undo.append(
            UndoMark(
                turn_count=len(self.turns),
                last_turn=current,
                holder=self.holder,
                running=self.running,
            )
        )
        del self._undo[:-UNDO_DEPTH]
        target = self.next_target(side, now)
        self.turns.append(Turn(speaker=side, start=stamp(self._wall()), target=target))
        self.holder = side
        self._start_running(now)
        return True

    def pass_floor(self, now: float | None = None) -> bool:
        """Hand the floor to the other partner; with nobody on it, to whoever is due."""
        if self.holder is not None:
            return self.take(other(self.holder), now)
        return self.take(self.due(now), now)

    def due(self, now: float | None = None) -> Side:
        """Who should speak next when nobody holds the floor: the one behind, else the one who did not speak last."""
        ahead = ahead_by(self.balance(now))
        if ahead is not None:
            return other(ahead)
        if self.turns:
            return other(self.turns[-1].speaker)
        return "a"

    def pause(self, now: float | None = None) -> bool:
        if self.holder is None or not self.running:
            return False
        self.fold(self._moment(now))
        self.running = False
        self._since = None
        return True

    def resume(self, now: float | None = None) -> bool:
        if self.holder is None or self.running:
            return False
        self._start_running(self._moment(now))
        return True

    def toggle_pause(self, now: float | None = None) -> bool:
        return self.pause(now) if self.running else self.resume(now)

    def add_time(self, seconds: float = ADD_TIME_SECONDS, now: float | None = None) -> bool:
        """Give the current turn more time; the at-target signal comes again at the new goal."""
        turn = self.current
        if turn is None or seconds <= 0:
            return False
        turn = replace(turn, added=turn.added + seconds)
        self.turns[-1] = turn
        if self.elapsed(now) < turn.goal:
            self.turns[-1] = replace(turn, signalled=False)
        return True

    def undo(self, now: float | None = None) -> bool:
        """Take back the last hand-off, as if it had never been pressed."""
        if not self._undo:
            return False
        now = self._moment(now)
        self.fold(now)
        mark = self._undo.pop()
        since = sum(turn.duration for turn in self.turns[mark.turn_count :])
        was_running = self.running
        del self.turns[mark.turn_count :]
        if mark.last_turn is not None and self.turns:
            self.turns[-1] = mark.last_turn
        self.holder = mark.holder
        self.running = False
        self._since = None
        if self.holder is not None and mark.running:
            # The clock was running for the previous holder: the time since is theirs.
            last = self.turns[-1]
            self.turns[-1] = replace(last, duration=last.duration + since)
            if was_running:
                self._start_running(now)
        return True

    def take_target_signal(self, now: float | None = None) -> bool:
        """True once when the current turn reaches its goal (then ring and show the signal)."""
        turn = self.current
        if turn is None or turn.signalled or self.elapsed(now) < turn.goal:
            return False
        self.turns[-1] = replace(turn, signalled=True)
        return True

    # -- persistence --------------------------------------------------------------

    def record(self, now: float | None = None) -> ClockRecord:
        """The clock as the session stores it; the running stretch is folded in first."""
        self.fold(now)
        return ClockRecord(
            turn_seconds=self.base,
            holder=self.holder,
            running=self.running,
            turns=tuple(self.turns),
            undo=tuple(self._undo),
        )

    @classmethod
    def from_record(
        cls,
        record: ClockRecord | None,
        *,
        turn_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = utc_now,
        running_since: float | None = None,
    ) -> SpeakingClock:
        """A clock as it was saved (None: never started); ``turn_seconds`` is the session's.

        Reopened, a clock is always paused. ``running_since`` is for a copy of a
        clock that runs elsewhere (a live session's host): a record saved running
        runs on from that moment of this machine's ``monotonic``.
        """
        if record is None:
            return cls(turn_seconds, monotonic=monotonic, wall=wall)
        clock = cls(
            turn_seconds,
            monotonic=monotonic,
            wall=wall,
            turns=record.turns,
            holder=record.holder,
            undo=record.undo,
        )
        if running_since is not None and record.running and clock.holder is not None:
            clock._start_running(running_since)
        return clock

    def to_dict(self, now: float | None = None) -> dict[str, Any]:
        """:meth:`record` as the saved dict."""
        return self.record(now).to_dict()

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        turn_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = utc_now,
    ) -> SpeakingClock:
        """:meth:`from_record` from the saved dict."""
        return cls.from_record(ClockRecord.from_dict(data), turn_seconds=turn_seconds, monotonic=monotonic, wall=wall)

    def summary(self, now: float | None = None) -> ClockSummary:
        """The air-time figures every view shows, up to ``now``."""
        return self.record(now).summary()
