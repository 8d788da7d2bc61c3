"""The equal air-time clock, driven by a fake monotonic source (no Textual)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from coalition_tui.domain.clock import SpeakingClock, format_duration
from coalition_tui.domain.session import Session
from tests.conftest import FIXED_NOW, FakeMonotonic

BASE = 120


class Wall:
    """A wall clock that moves with the fake monotonic one, so stamps are checkable."""

    def __init__(self, mono: FakeMonotonic) -> None:
        self.mono = mono
        self.start = mono()

    def __call__(self) -> datetime:
        return FIXED_NOW + timedelta(seconds=self.mono() - self.start)


@pytest.fixture
def clock(fake_clock: FakeMonotonic) -> SpeakingClock:
    return SpeakingClock(BASE, monotonic=fake_clock, wall=Wall(fake_clock))


def test_a_new_clock_is_idle(clock):
    reading = clock.read()
    assert reading.holder is None and not reading.running
    assert reading.totals == {"a": 0.0, "b": 0.0}
    assert reading.next_targets == {"a": BASE, "b": BASE}
    assert not clock.pause() and not clock.resume() and not clock.add_time()
    assert not clock.can_undo and not clock.undo()


def test_totals_and_balance_follow_the_floor(clock, fake_clock):
    clock.take("a")
    fake_clock.advance(30)
    clock.pass_floor()
    fake_clock.advance(45.5)
    assert clock.totals() == {"a": 30.0, "b": 45.5}
    assert clock.balance() == pytest.approx(-15.5)
    clock.take("a")
    fake_clock.advance(10)
    assert clock.totals() == {"a": 40.0, "b": 45.5}
    assert [t.speaker for t in clock.turns] == ["a", "b", "a"]
    assert clock.floor_time() == pytest.approx(85.5)


def test_turns_record_speaker_wall_start_and_duration(clock, fake_clock):
    clock.take("b")
    fake_clock.advance(12)
    clock.take("a")
    fake_clock.advance(3)
    data = clock.to_dict()
    assert [(t["speaker"], t["start"], t["duration"]) for t in data["turns"]] == [
        ("b", "2026-11-25T14:30:00+00:00", 12.0),
        ("a", "2026-11-25T14:30:12+00:00", 3.0),
    ]


def test_taking_the_floor_you_hold_changes_nothing(clock, fake_clock):
    clock.take("a")
    fake_clock.advance(5)
    assert not clock.take("a")
    assert len(clock.turns) == 1 and clock.elapsed() == 5


def test_pause_stops_time_and_resume_restarts_it(clock, fake_clock):
    clock.take("a")
    fake_clock.advance(20)
    assert clock.pause()
    fake_clock.advance(300)  # nobody's time
    reading = clock.read()
    assert reading.paused and reading.holder == "a" and reading.elapsed == 20
    assert clock.toggle_pause()  # resume
    fake_clock.advance(5)
    assert clock.totals()["a"] == 25


def test_taking_your_own_paused_turn_resumes_it(clock, fake_clock):
    clock.take("a")
    fake_clock.advance(10)
    clock.pause()
    assert clock.take("a")
    fake_clock.advance(10)
    assert clock.running and len(clock.turns) == 1 and clock.elapsed() == 20


def test_a_hand_off_while_paused_starts_the_new_speaker(clock, fake_clock):
    clock.take("a")
    fake_clock.advance(10)
    clock.pause()
    fake_clock.advance(99)
    clock.take("b")
    fake_clock.advance(7)
    assert clock.totals() == {"a": 10.0, "b": 7.0} and clock.running


class TestTargets:
    def test_the_first_turns_get_the_base_length(self, clock, fake_clock):
        clock.take("a")
        assert clock.read().goal == BASE
        fake_clock.advance(BASE)
        clock.pass_floor()
        # Being one on-target turn behind is the rhythm of taking turns, not a debt.
        assert clock.read().goal == BASE and clock.read().catch_up == 0

    def test_an_overrun_is_added_to_the_other_partners_next_target(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE + 50)  # 50 s over
        assert clock.next_target("b") == BASE + 50
        clock.pass_floor()
        reading = clock.read()
        assert reading.goal == BASE + 50 and reading.catch_up == 50
        fake_clock.advance(BASE + 50)  # B uses the whole target: level again
        assert clock.balance() == 0
        clock.pass_floor()
        assert clock.read().goal == BASE

    def test_catch_up_is_everything_beyond_one_turn(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(600)  # someone forgot to hand the floor over
        clock.pass_floor()
        assert clock.read().goal == 600  # B can draw level in one turn
        fake_clock.advance(100)
        clock.pass_floor()  # B stopped early: A is ahead, so A gets the base only
        assert clock.read().goal == BASE
        assert clock.next_target("b") == BASE + (600 + 0 - 100) - BASE  # catch-up shows live

    def test_a_partner_behind_as_they_open_an_exchange_gets_the_whole_difference(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE)
        clock.pass_floor()
        fake_clock.advance(BASE + 50)  # Ben ran 50 s over: Ada is 50 s behind, less than a whole turn
        assert clock.next_target("a") == BASE + 50
        clock.pass_floor()
        reading = clock.read()
        assert reading.goal == BASE + 50 and reading.catch_up == 50
        fake_clock.advance(BASE + 50)
        clock.pass_floor()  # Ben answers Ada's turn: being one turn behind is the rhythm, not a debt
        assert clock.read().goal == BASE and clock.read().catch_up == 0
        fake_clock.advance(BASE)
        assert clock.balance() == 0  # level at the end of the exchange

    def test_a_few_seconds_behind_is_behind_and_level_is_level(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE)
        clock.pass_floor()
        fake_clock.advance(BASE + 0.4)  # less than LEVEL_SECONDS apart: level, nothing owed
        assert clock.next_target("a") == BASE
        fake_clock.advance(2.6)  # three seconds: not a whole turn, not within a tolerance, owed all the same
        assert clock.next_target("a") == pytest.approx(BASE + 3)
        assert clock.next_target("b") == BASE  # ahead: the base only

    def test_the_target_is_fixed_when_the_turn_begins(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(200)
        clock.pass_floor()
        goal = clock.read().goal
        fake_clock.advance(500)
        assert clock.read().goal == goal

    def test_totals_converge_when_turns_keep_to_their_targets(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE + 37)
        for _ in range(6):
            clock.pass_floor()
            fake_clock.advance(clock.read().goal)
            if clock.holder == "b":
                assert clock.balance() == 0  # level at the end of every exchange

    def test_pass_with_nobody_on_the_floor_goes_to_whoever_is_due(self, clock, fake_clock):
        assert clock.due() == "a"
        clock.pass_floor()
        assert clock.holder == "a"


class TestOvertime:
    def test_overtime_shows_and_the_speaker_is_not_cut_off(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE - 1)
        assert clock.overtime() == 0 and clock.read().since_goal is None
        fake_clock.advance(31)
        reading = clock.read()
        assert reading.overtime == 30 and reading.holder == "a" and reading.running

    def test_the_target_signal_comes_once_per_goal(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE - 0.1)
        assert not clock.take_target_signal()
        fake_clock.advance(0.1)
        assert clock.read().signalling
        assert clock.take_target_signal()
        assert not clock.take_target_signal()
        fake_clock.advance(5)
        assert not clock.take_target_signal() and not clock.read().signalling

    def test_adding_a_minute_moves_the_goal_and_signals_again(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE + 10)
        assert clock.take_target_signal()
        assert clock.add_time(60)
        reading = clock.read()
        assert reading.goal == BASE + 60 and reading.added == 60 and reading.overtime == 0
        fake_clock.advance(50)
        assert clock.take_target_signal()

    def test_a_new_turn_signals_afresh(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE)
        assert clock.take_target_signal()
        clock.pass_floor()
        fake_clock.advance(BASE)
        assert clock.take_target_signal()


class TestUndo:
    def test_undo_gives_the_floor_and_the_time_back(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(40)
        clock.take("b")  # pressed by mistake: Ada is still talking
        fake_clock.advance(15)
        assert clock.undo()
        assert clock.holder == "a" and clock.running and len(clock.turns) == 1
        assert clock.totals() == {"a": 55.0, "b": 0.0}
        fake_clock.advance(5)
        assert clock.totals()["a"] == 60

    def test_undo_right_away_restores_the_exact_state(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(40)
        clock.add_time(60)
        before = clock.to_dict()
        clock.pass_floor()
        clock.undo()
        assert clock.to_dict() == before

    def test_undo_when_the_clock_was_paused_drops_the_time(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(40)
        clock.pause()
        clock.take("b")  # the hand-off started the clock for B
        fake_clock.advance(15)
        clock.undo()
        assert clock.holder == "a" and not clock.running
        assert clock.totals() == {"a": 40.0, "b": 0.0}

    def test_a_pause_after_the_hand_off_stays(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(40)
        clock.take("b")
        fake_clock.advance(15)
        clock.pause()
        fake_clock.advance(100)
        clock.undo()
        assert clock.holder == "a" and not clock.running
        assert clock.totals() == {"a": 55.0, "b": 0.0}

    def test_undoing_the_first_take_leaves_the_floor_empty(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(9)
        clock.undo()
        assert clock.holder is None and clock.turns == [] and clock.totals() == {"a": 0.0, "b": 0.0}

    def test_undo_repeats_back_through_the_hand_offs(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(10)
        clock.take("b")
        fake_clock.advance(20)
        clock.take("a")
        fake_clock.advance(30)
        assert clock.undo() and clock.holder == "b" and clock.totals() == {"a": 10.0, "b": 50.0}
        assert clock.undo() and clock.holder == "a" and clock.totals() == {"a": 60.0, "b": 0.0}
        assert clock.undo() and clock.holder is None
        assert not clock.undo()

    def test_undo_restores_the_previous_turns_target_and_added_time(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(BASE + 5)
        clock.take_target_signal()
        clock.add_time(60)
        clock.take("b")
        clock.add_time(60)  # meant for Ada, went to Ben's mistaken turn
        clock.undo()
        turn = clock.turns[-1]
        # The added minute moved Ada's goal past where she was, so its signal is still to come.
        assert (turn.speaker, turn.target, turn.added, turn.signalled) == ("a", BASE, 60, False)
        assert clock.take_target_signal() is False
        fake_clock.advance(55)
        assert clock.take_target_signal() is True


class TestKeyMoments:
    """A key can be handled a moment after it was pressed; the clock takes the moment it was pressed."""

    def test_a_hand_off_counts_from_the_key_press(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(10)
        pressed = fake_clock()
        fake_clock.advance(0.3)  # the screen was busy
        clock.take("b", pressed)
        assert clock.totals() == {"a": 10.0, "b": pytest.approx(0.3)}

    def test_time_a_save_folded_in_after_the_press_moves_to_the_new_speaker(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(10)
        pressed = fake_clock()
        fake_clock.advance(0.2)
        clock.to_dict()  # an autosave between the press and its handling
        fake_clock.advance(0.1)
        clock.take("b", pressed)
        assert clock.totals() == {"a": pytest.approx(10.0), "b": pytest.approx(0.3)}

    def test_nothing_goes_back_before_the_previous_operation(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(5)
        clock.take("b")
        clock.pause(fake_clock() - 60)  # a stale stamp: taken as the hand-off's moment
        assert clock.totals() == {"a": 5.0, "b": 0.0} and clock.turns[-1].duration == 0


class TestPersistence:
    def test_round_trip_through_json_keeps_every_second(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(61.25)
        clock.take("b")
        fake_clock.advance(30.5)
        data = json.loads(json.dumps(clock.to_dict()))
        assert data["turns"][-1]["duration"] == 30.5 and data["running"] is True
        again = SpeakingClock.from_dict(data, turn_seconds=BASE, monotonic=fake_clock)
        fake_clock.advance(1000)  # the app was closed: nobody's time
        reading = again.read()
        assert reading.holder == "b" and not reading.running  # resumed paused
        assert reading.totals == {"a": 61.25, "b": 30.5}
        again.resume()
        fake_clock.advance(4.5)
        assert again.totals() == {"a": 61.25, "b": 35.0}

    def test_undo_survives_a_reload(self, clock, fake_clock):
        clock.take("a")
        fake_clock.advance(10)
        clock.take("b")
        fake_clock.advance(5)
        again = SpeakingClock.from_dict(clock.to_dict(), turn_seconds=BASE, monotonic=fake_clock)
        assert again.undo()
        assert again.holder == "a" and not again.running and again.totals() == {"a": 15.0, "b": 0.0}

    def test_to_dict_folds_the_running_turn_without_changing_it(self, clock, fake_clock):
        clock.take("a")
        for _ in range(10):
            fake_clock.advance(0.1)
            clock.to_dict()
        assert clock.elapsed() == pytest.approx(1.0)

    def test_the_clock_travels_with_the_session(self, clock, fake_clock):
        session = Session.new("Ada", "Ben", agenda="clearing", now=FIXED_NOW)
        clock.take("b")
        fake_clock.advance(42)
        session.clearing.clock = clock.record()
        loaded = Session.from_dict(json.loads(json.dumps(session.to_dict())))
        assert loaded.clearing.clock == session.clearing.clock
        again = SpeakingClock.from_record(loaded.clearing.clock, turn_seconds=loaded.settings.turn_seconds)
        assert again.totals() == {"a": 0.0, "b": 42.0}

    def test_an_empty_or_damaged_record_starts_clean(self, fake_clock):
        assert SpeakingClock.from_dict({}, turn_seconds=BASE).turns == []
        data = {
            "turns": [{"speaker": "a", "start": "", "duration": 3}],
            "holder": "a",
            "undo": [{"turn_count": 7, "holder": None, "running": False}],
        }
        clock = SpeakingClock.from_dict(data, turn_seconds=BASE, monotonic=fake_clock)
        assert clock.totals()["a"] == 3 and not clock.can_undo
        odd = {"turns": [{"speaker": "c"}, "nonsense", {"speaker": "b", "duration": 4}], "holder": "b"}
        clock = SpeakingClock.from_dict(odd, turn_seconds=BASE, monotonic=fake_clock)
        assert clock.totals() == {"a": 0.0, "b": 4.0} and clock.holder == "b"
        assert SpeakingClock.from_dict({"turns": "x", "undo": 3}, turn_seconds=BASE).turns == []


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.99, "0:59"), (60, "1:00"), (125.5, "2:05"), (3600, "1:00:00"), (3725, "1:02:05")],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_duration_signed():
    assert format_duration(-65, signed=True) == "-1:05"
    assert format_duration(5, signed=True) == "+0:05"


def test_stamps_are_utc_iso(fake_clock):
    clock = SpeakingClock(BASE, monotonic=fake_clock, wall=lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    clock.take("a")
    assert clock.turns[0].start == "2026-01-02T03:04:05+00:00"
