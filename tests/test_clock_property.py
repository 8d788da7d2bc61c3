"""Property test: the clock against an independent reference model.

The clock keeps turns and folds running stretches into them; the model below
keeps nothing but two running totals and, for each hand-off, the totals as they
were (it never looks at turns). For any sequence of operations and time steps:

- neither total is ever negative;
- each total, and so their sum (the time the floor was held), equals the model's;
- a hand-off undone at once leaves the clock exactly as it was (``to_dict`` equal);
- saving and reloading keeps every recorded second and comes back paused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition_tui.domain.clock import LEVEL_SECONDS, SpeakingClock
from tests.conftest import FIXED_NOW, FakeMonotonic
from tests.helpers.clock_steps import press
from tests.helpers.clock_steps import steps as history

BASE = 120


@dataclass
class Model:
    """What the floor time must be, from first principles."""

    holder: str | None = None
    running: bool = False
    totals: dict[str, float] = field(default_factory=lambda: {"a": 0.0, "b": 0.0})
    marks: list[tuple[str | None, bool, dict[str, float]]] = field(default_factory=list)

    def advance(self, seconds: float) -> None:
        if self.holder is not None and self.running:
            self.totals[self.holder] += seconds

    def take(self, side: str) -> None:
        if self.holder == side:
            self.running = True
            return
        self.marks.append((self.holder, self.running, dict(self.totals)))
        self.holder, self.running = side, True

    def pass_floor(self) -> None:
        if self.holder is not None:
            self.take("b" if self.holder == "a" else "a")
            return
        gap = self.totals["a"] - self.totals["b"]
        if abs(gap) >= 0.5:
            self.take("b" if gap > 0 else "a")
        else:
            self.take("a")  # the model's floor is empty only before any turn

    def toggle_pause(self) -> None:
        if self.holder is not None:
            self.running = not self.running

    def undo(self) -> None:
        if not self.marks:
            return
        holder, was_running, totals = self.marks.pop()
        since = sum(self.totals.values()) - sum(totals.values())
        running_now = self.running
        self.totals = dict(totals)
        self.holder = holder
        if holder is not None and was_running:
            self.totals[holder] += since
            self.running = running_now
        else:
            self.running = False

    def reload(self) -> None:
        self.running = False


steps = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(min_value=0, max_value=400, allow_nan=False, allow_infinity=False)),
        st.tuples(
            st.sampled_from(["take_a", "take_b", "pass", "pause", "undo", "add", "reload", "handoff_undo"]),
            st.just(0.0),
        ),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(steps)
def test_clock_matches_the_reference_model(ops):
    mono = FakeMonotonic()
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW)
    model = Model()
    for op, seconds in ops:
        if op == "advance":
            mono.advance(seconds)
            model.advance(seconds)
        elif op == "take_a":
            clock.take("a")
            model.take("a")
        elif op == "take_b":
            clock.take("b")
            model.take("b")
        elif op == "pass":
            clock.pass_floor()
            model.pass_floor()
        elif op == "pause":
            clock.toggle_pause()
            model.toggle_pause()
        elif op == "undo":
            clock.undo()
            model.undo()
        elif op == "add":
            clock.add_time(60)
        elif op == "reload":
            saved = clock.to_dict()
            clock = SpeakingClock.from_dict(saved, turn_seconds=BASE, monotonic=mono, wall=lambda: FIXED_NOW)
            model.reload()
            assert clock.totals() == pytest.approx(saved["totals"], abs=1e-9)
        elif op == "handoff_undo":
            before = clock.to_dict()
            side = "b" if clock.holder == "a" else "a"
            assert clock.take(side)
            assert clock.undo()
            assert clock.to_dict() == before
            continue

        totals = clock.totals()
        assert totals["a"] >= 0 and totals["b"] >= 0
        assert totals == pytest.approx(model.totals, abs=1e-6)
        assert clock.floor_time() == pytest.approx(sum(model.totals.values()), abs=1e-6)
        assert clock.holder == model.holder
        assert clock.running == model.running
        assert all(turn.duration >= 0 for turn in clock.turns)


@settings(max_examples=200, deadline=None)
@given(history)
def test_undo_after_any_history_restores_the_state_before_the_hand_off(ops):
    """Whatever came before, a hand-off followed at once by undo is as if never pressed."""
    mono = FakeMonotonic()
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW)
    for op, seconds in ops:
        press(clock, mono, op, seconds)
    before = clock.to_dict()
    reading = clock.read()
    assert clock.pass_floor()
    assert clock.undo()
    assert clock.to_dict() == before
    assert clock.read() == reading


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=900, allow_nan=False, allow_infinity=False), min_size=1, max_size=9))
def test_with_catch_up_honoured_the_totals_converge(opening):
    """Whatever the turns so far, once every turn keeps to its target the totals are level at the end
    of the second exchange at the latest, and at the end of every exchange after.

    (While catch-up waited for a partner to be a whole turn behind, a smaller gap left by the partner
    answering stayed for ever: Ben 50 s over his target left Ada 50 s behind after every exchange.)
    """
    mono = FakeMonotonic()
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW)
    for seconds in opening:  # turns of any length, Ada first, then each in turn
        clock.pass_floor()
        mono.advance(seconds)
    gaps = []
    while len(gaps) < 4:  # each turn exactly its goal: the target, catch-up included
        clock.pass_floor()
        mono.advance(clock.read().goal)
        spoken = [turn.speaker for turn in clock.turns]
        if spoken.count("a") == spoken.count("b"):  # an exchange is over
            gaps.append(abs(clock.balance()))
    assert all(gap < LEVEL_SECONDS for gap in gaps[1:]), gaps
    assert all(turn.target >= BASE for turn in clock.turns)
