"""Random histories for the clock's property tests: what a facilitator might press, and when."""

from __future__ import annotations

from hypothesis import strategies as st

from coalition_tui.domain.clock import SpeakingClock
from tests.conftest import FakeMonotonic

OPERATIONS = ("take_a", "take_b", "pass", "pause", "undo", "add")

steps = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(min_value=0, max_value=400, allow_nan=False, allow_infinity=False)),
        st.tuples(st.sampled_from(OPERATIONS), st.just(0.0)),
    ),
    max_size=60,
)


def press(clock: SpeakingClock, mono: FakeMonotonic, op: str, seconds: float) -> None:
    """One step of a history: time passing, or one of :data:`OPERATIONS`."""
    if op == "advance":
        mono.advance(seconds)
    elif op in ("take_a", "take_b"):
        clock.take("a" if op == "take_a" else "b")
    elif op == "pass":
        clock.pass_floor()
    elif op == "pause":
        clock.toggle_pause()
    elif op == "undo":
        clock.undo()
    elif op == "add":
        clock.add_time(60)
    else:
        raise ValueError(f"no such step: {op}")
