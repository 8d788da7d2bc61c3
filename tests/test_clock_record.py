"""The clock's record (what a session saves of the clock) and its one reading, ``ClockSummary``.

- any clock the domain can produce survives record → dict → record unchanged, and the
  dict passes the storage schema's check of a session file;
- a dict written in the saved format loads and is written back byte for byte;
- the summary reads the turns, totals, balance and who is ahead with a fake time source;
- the partners' names by side, and the one template helper that puts them into a prompt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

from coalition_tui.domain.clock import LEVEL_SECONDS, ClockRecord, ClockSummary, SpeakingClock, Turn, ahead_by
from coalition_tui.domain.prompts import fill_for
from coalition_tui.domain.session import Session
from coalition_tui.storage.schema import check_session_dict
from tests.conftest import FIXED_NOW, FakeMonotonic
from tests.helpers.clock_steps import press, steps

BASE = 120


def run(ops: list[tuple[str, float]], mono: FakeMonotonic) -> SpeakingClock:
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW)
    for op, seconds in ops:
        press(clock, mono, op, seconds)
    return clock


@settings(max_examples=200, deadline=None)
@given(steps)
def test_any_record_survives_the_saved_dict_and_passes_the_schema(ops):
    clock = run(ops, FakeMonotonic())
    record = clock.record()
    saved = json.loads(json.dumps(record.to_dict()))
    assert ClockRecord.from_dict(saved) == record
    session = Session.new("Ada", "Ben", agenda="clearing", now=FIXED_NOW)
    session.clearing.clock = record
    check_session_dict(Path("session.json"), session.to_dict())  # raises DamagedFileError if not
    again = SpeakingClock.from_record(record, turn_seconds=BASE)
    assert again.totals() == clock.totals() and again.holder == clock.holder and not again.running


def test_a_saved_clock_is_written_back_byte_for_byte():
    saved = {
        "format": 1,
        "turn_seconds": 120.0,
        "holder": "b",
        "running": True,
        "turns": [
            {"speaker": "a", "start": "2026-11-25T14:00:00+00:00", "duration": 61.25, "target": 120.0, "added": 0.0,
             "signalled": False},
            {"speaker": "b", "start": "2026-11-25T14:01:01+00:00", "duration": 30.5, "target": 120.0, "added": 60.0,
             "signalled": True},
        ],
        "totals": {"a": 61.25, "b": 30.5},
        "balance": 30.75,
        "undo": [
            {"turn_count": 0, "last_turn": None, "holder": None, "running": False},
            {"turn_count": 1, "last_turn": {"speaker": "a", "start": "2026-11-25T14:00:00+00:00", "duration": 61.25,
             "target": 120.0, "added": 0.0, "signalled": False}, "holder": "a", "running": True},
        ],
    }  # fmt: skip
    text = json.dumps(saved)
    assert json.dumps(ClockRecord.from_dict(json.loads(text)).to_dict()) == text


def test_a_session_without_a_clock_saves_an_empty_one():
    session = Session.new("Ada", "Ben", agenda="clearing", now=FIXED_NOW)
    assert session.clearing.clock is None and session.to_dict()["clearing"]["clock"] == {}
    assert Session.from_dict(session.to_dict()).clearing.clock is None
    assert not session.clearing.air_time().recorded


def test_the_summary_reads_turns_totals_and_who_is_ahead():
    mono = FakeMonotonic()
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW)
    assert clock.summary() == ClockSummary(turns=(), totals={"a": 0.0, "b": 0.0})
    clock.take("a")
    mono.advance(80.4)
    clock.take("b")
    mono.advance(63.9)
    summary = clock.summary()  # B's turn is still running: counted up to now
    assert summary.turns == (("a", pytest.approx(80.4)), ("b", pytest.approx(63.9)))
    assert summary.totals == {"a": pytest.approx(80.4), "b": pytest.approx(63.9)}
    assert summary.turn_counts == {"a": 1, "b": 1} and summary.total == pytest.approx(144.3)
    assert summary.balance == pytest.approx(16.5) and summary.ahead == "a"
    assert summary.shown_balance == 80 - 63  # the totals as shown, 1:20 and 1:03
    assert clock.record().summary() == summary  # one reading, live or saved


def test_one_threshold_says_who_is_ahead():
    assert ahead_by(LEVEL_SECONDS) == "a" and ahead_by(-LEVEL_SECONDS) == "b"
    assert ahead_by(LEVEL_SECONDS - 0.01) is None and ahead_by(0.0) is None
    turns = (Turn("a", "", duration=10.3), Turn("b", "", duration=10.0))
    summary = ClockSummary.of(turns)
    assert summary.ahead is None  # 0.3 s apart is level, for the clock and the exports alike
    mono = FakeMonotonic()
    clock = SpeakingClock(BASE, monotonic=mono, wall=lambda: FIXED_NOW, turns=turns)
    assert clock.read().ahead is None and clock.due() == "a"  # level: whoever did not speak last


def test_names_by_side():
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    assert session.names == {"a": "Ada", "b": "Ben"}
    assert [session.names[side] for side in ("a", "b")] == [session.name("a"), session.name("b")]


@pytest.mark.parametrize(
    ("names", "side", "expected"),
    [
        ({"a": "Ada", "b": "Ben"}, "a", "Ada, what does Ben need from you?"),
        ({"a": "Ada", "b": "Ben"}, "b", "Ben, what does Ada need from you?"),
        ({"a": "Ann {b}", "b": "Sam [CEO]"}, "a", "Ann {b}, what does Sam [CEO] need from you?"),
        ({"a": "{other}", "b": "{name}"}, "b", "{name}, what does {other} need from you?"),
    ],
)
def test_a_prompt_takes_the_names_as_data(names, side, expected):
    assert fill_for("{name}, what does {other} need from you?", names, side) == expected
