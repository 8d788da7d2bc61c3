"""Correcting the record: a turn's start or end moved after the fact, and everything that follows from it.

The pure function first (boundaries, clamps, the first and last turn, the running
turn, undo), then storage, then the clearing's key → dialog → apply, the seal's
air-time view, every export, a joined partner, and pictures of the dialog.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from coalition_tui.app import CoalitionApp, StartRequest
from coalition_tui.domain.clearing import ClearingState
from coalition_tui.domain.clock import ClockRecord, SpeakingClock, Turn, UndoMark
from coalition_tui.domain.corrections import (
    FACILITATOR,
    MAX_SHIFT_SECONDS,
    Correction,
    CorrectionError,
    correct,
    describe,
    limits,
)
from coalition_tui.domain.fairness import fairness
from coalition_tui.domain.session import ClockSettings
from coalition_tui.export.json_export import export_dict
from coalition_tui.export.markdown import export_markdown
from coalition_tui.export.terminal import session_renderable
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.correct_turn import CorrectTurnScreen
from coalition_tui.screens.seal import AirTimeView
from coalition_tui.storage import Store

from .helpers.screen_text import screen_text

NAMES = {"a": "Ada", "b": "Ben"}
STARTS = ("2026-11-25T14:00:00+00:00", "2026-11-25T14:02:10+00:00", "2026-11-25T14:03:30+00:00")


def record(*durations: float, running: bool = False, undo: tuple[UndoMark, ...] = ()) -> ClockRecord:
    """Turns A, B, A, … of these lengths, each starting where the one before ended."""
    turns = []
    moment = datetime(2026, 11, 25, 14, 0, tzinfo=UTC).timestamp()
    for index, seconds in enumerate(durations):
        start = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
        turns.append(Turn(speaker="ab"[index % 2], start=start, duration=seconds, target=120.0))  # type: ignore[arg-type]
        moment += seconds
    holder = turns[-1].speaker if turns else None
    return ClockRecord(turn_seconds=120.0, holder=holder, running=running, turns=tuple(turns), undo=undo)


def durations(rec: ClockRecord) -> list[float]:
    return [turn.duration for turn in rec.turns]


# -- the pure function ---------------------------------------------------------------------------


def test_a_start_moved_earlier_takes_the_time_from_the_turn_before():
    rec = record(130, 80, 60)
    corrected, correction = correct(rec, 1, "start", -40, at=STARTS[0])
    assert durations(corrected) == [90, 120, 60]
    assert corrected.turns[1].start == "2026-11-25T14:01:30+00:00"  # 14:02:10 less 40 s
    assert corrected.turns[0].start == rec.turns[0].start
    assert (correction.turn_before, correction.turn_after) == (80, 120)
    assert (correction.neighbour, correction.neighbour_before, correction.neighbour_after) == (0, 130, 90)
    assert correction.totals_before == {"a": 190, "b": 80}
    assert correction.totals_after == {"a": 150, "b": 120}
    assert corrected.summary().totals == {"a": 150, "b": 120}
    assert corrected.summary().balance == 30
    assert not correction.clamped and correction.by == FACILITATOR


def test_an_end_moved_later_takes_the_time_from_the_turn_after():
    rec = record(130, 80, 60)
    corrected, correction = correct(rec, 1, "end", 20)
    assert durations(corrected) == [130, 100, 40]
    assert corrected.turns[2].start == "2026-11-25T14:03:50+00:00"  # the turn after now begins 20 s later
    assert correction.neighbour == 2


def test_an_end_moved_earlier_gives_the_time_to_the_turn_after():
    corrected, _correction = correct(record(130, 80, 60), 0, "end", -30)
    assert durations(corrected) == [100, 110, 60]


def test_the_first_start_and_the_last_end_change_that_turn_alone():
    rec = record(130, 80)
    first, correction = correct(rec, 0, "start", -15)
    assert durations(first) == [145, 80] and correction.neighbour is None
    last, correction = correct(rec, 1, "end", 25)
    assert durations(last) == [130, 105] and correction.neighbour is None
    assert last.summary().total == rec.summary().total + 25


def test_a_move_past_a_neighbour_is_held_at_the_neighbour():
    rec = record(30, 80, 60)
    corrected, correction = correct(rec, 1, "start", -45)
    assert durations(corrected) == [0, 110, 60]
    assert correction.seconds == -30 and correction.asked == -45 and correction.clamped


def test_a_move_never_takes_the_turn_itself_below_zero():
    corrected, correction = correct(record(30, 80, 60), 1, "start", 200)
    assert durations(corrected) == [110, 0, 60]
    assert correction.seconds == 80 and correction.clamped


def test_the_limits_are_the_neighbours_and_the_turn():
    rec = record(30, 80, 60)
    assert limits(rec, 1, "start") == (-30, 80)
    assert limits(rec, 1, "end") == (-80, 60)
    assert limits(rec, 0, "start") == (-MAX_SHIFT_SECONDS, 30)
    assert limits(rec, 2, "end") == (-60, MAX_SHIFT_SECONDS)


def test_a_running_turn_is_corrected_only_at_its_start():
    rec = record(130, 80, running=True)
    with pytest.raises(CorrectionError, match="still running"):
        correct(rec, 1, "end", 10)
    corrected, _correction = correct(rec, 1, "start", -10)
    assert durations(corrected) == [120, 90]
    paused = record(130, 80, running=False)
    assert durations(correct(paused, 1, "end", 10)[0]) == [130, 90]


@pytest.mark.parametrize(
    ("turn", "edge", "seconds", "words"),
    [(5, "start", -10, "no turn 6"), (0, "start", 0, "how many seconds"), (0, "start", 31, None)],
)
def test_what_cannot_be_done_is_refused_with_a_reason(turn, edge, seconds, words):
    rec = record(0, 80)
    if words is None:  # a zero-length first turn cannot start later: nothing would move
        words = "below zero"
    with pytest.raises(CorrectionError, match=words):
        correct(rec, turn, edge, seconds)


def test_fairness_follows_the_corrected_turns():
    settings = ClockSettings(turn_seconds=120)
    rec = record(130, 80, 60)
    before = fairness(rec, settings)
    corrected, _correction = correct(rec, 1, "start", -40)
    after = fairness(corrected, settings)
    assert before.of("a").over_target == 10 and after.of("a").over_target == 0
    assert after.of("b").longest == 120 and after.of("a").total == 150
    assert after.percents == {"a": 56, "b": 44}


def test_a_correction_clears_the_undo_of_the_hand_offs_it_touched():
    clock = SpeakingClock(120, monotonic=lambda: 0.0)
    now = 0.0
    for side, seconds in (("a", 100), ("b", 50), ("a", 70), ("b", 20)):
        clock.take(side, now)  # type: ignore[arg-type]
        now += seconds
    clock.pause(now)
    rec = clock.record(now)
    assert [mark.turn_count for mark in rec.undo] == [0, 1, 2, 3]
    corrected, _correction = correct(rec, 0, "end", 10)  # touches turns 0 and 1
    # Undoing the hand-off to turn 2 would put turn 1 back as it stood: only the one to turn 3 stays.
    assert [mark.turn_count for mark in corrected.undo] == [3]
    again = SpeakingClock.from_record(corrected, turn_seconds=120, monotonic=lambda: now)
    assert again.undo(now)
    assert [turn.duration for turn in again.turns] == [110, 40, 90]  # turn 3 folded back into 2, the correction kept
    assert not again.undo(now)  # the corrected hand-offs are not undone behind the correction's back
    assert [mark.turn_count for mark in correct(rec, 1, "end", 10)[0].undo] == []  # turn 2 touched: none left


@given(
    st.lists(st.floats(min_value=0, max_value=5_000, allow_nan=False), min_size=2, max_size=12),
    st.data(),
)
def test_a_boundary_move_keeps_the_floor_time_and_no_turn_goes_below_zero(lengths, data):
    rec = record(*lengths)
    boundary = data.draw(st.integers(min_value=0, max_value=len(lengths) - 2))  # between turn i and i+1
    seconds = data.draw(st.floats(min_value=-10_000, max_value=10_000, allow_nan=False))
    edge = data.draw(st.sampled_from(["end", "start"]))
    turn = boundary if edge == "end" else boundary + 1
    try:
        corrected, correction = correct(rec, turn, edge, seconds)
    except CorrectionError:
        return  # nothing could move that way
    assert sum(durations(corrected)) == pytest.approx(sum(lengths), abs=1e-6)
    assert all(duration >= 0 for duration in durations(corrected))
    assert abs(correction.seconds) <= abs(seconds) + 1e-9
    untouched = [i for i in range(len(lengths)) if i not in (boundary, boundary + 1)]
    assert all(corrected.turns[i] == rec.turns[i] for i in untouched)


def test_a_correction_says_what_moved():
    _corrected, correction = correct(record(130, 80, 60), 1, "start", -40)
    said = describe(correction, NAMES)
    assert said == "Turn 2 (Ben): start moved 0:40 earlier, 1:20 → 2:00; turn 1 (Ada): 2:10 → 1:30"


# -- storage ---------------------------------------------------------------------------------------


def corrected_session(make_session, store, *, step: int = 3, agenda: str = "clearing,seal"):
    session = make_session("Ada", "Ben", agenda=agenda)
    session.clearing.go_to_step(step)
    rec, correction = correct(record(130, 80, 60), 1, "start", -40, at="2026-11-25T14:31:05+00:00")
    session.clearing.correct(correction, rec)
    store.save(session)
    return session


def test_corrections_are_saved_and_read_back(make_session, store, db_path):
    session = corrected_session(make_session, store)
    again = Store(db_path).load(session.id)
    assert again.clearing.corrections == session.clearing.corrections
    assert durations(again.clearing.clock) == [90, 120, 60]
    assert isinstance(again.clearing.corrections[0], Correction)


def test_a_file_from_before_corrections_reads_as_none(make_session, store, db_path):
    session = corrected_session(make_session, store)
    path = store.session_path(session.id)
    data = json.loads(path.read_text())
    del data["session"]["1"]["clearing"]["corrections"]
    path.write_text(json.dumps(data))
    assert Store(db_path).load(session.id).clearing.corrections == []
    assert ClearingState.from_dict({}).corrections == []


def test_a_correction_of_a_turn_the_clock_lacks_is_refused_by_name(make_session, store, db_path):
    from coalition_tui.storage.errors import DamagedFileError

    session = corrected_session(make_session, store)
    path = store.session_path(session.id)
    data = json.loads(path.read_text())
    data["session"]["1"]["clearing"]["corrections"][0]["turn"] = 9
    path.write_text(json.dumps(data))
    with pytest.raises(DamagedFileError, match=r"clearing\.corrections\[0\]\.turn"):
        Store(db_path).load(session.id)


# -- the exports and the seal ----------------------------------------------------------------------


def test_every_export_shows_the_corrected_figures_and_says_so(make_session, store):
    session = corrected_session(make_session, store)
    markdown = export_markdown(session)
    assert "**Corrected after the fact: 1 change**" in markdown
    change = "- Turn 2 (Ben): start moved 0:40 earlier, 1:20 → 2:00; turn 1 (Ada): 2:10 → 1:30"
    assert change + " (by the facilitator, " in markdown
    assert "Each turn, in order: Ada 1:30, Ben 2:00, Ada 1:00" in markdown

    exported = export_dict(session)
    assert exported["session"]["clearing"]["corrections"][0]["seconds"] == -40
    assert exported["session"]["clearing"]["corrections"][0]["by"] == "facilitator"
    assert exported["clearing_summary"]["totals_seconds"] == {"a": 150.0, "b": 120.0}
    assert exported["clearing_summary"]["correction_count"] == 1

    console = Console(width=120, record=True, color_system=None)
    console.print(session_renderable(session, width=120))
    shown = console.export_text()
    assert "Corrected after the fact: 1 change" in shown
    assert "Turn 2 (Ben): start moved 0:40 earlier" in shown
    assert "2:30" in shown and "2:00" in shown  # Ada's and Ben's corrected totals


def test_nothing_corrected_says_nothing(make_session, store):
    session = make_session("Ada", "Ben", agenda="clearing,seal")
    session.clearing.clock = record(130, 80)
    assert "Corrected" not in export_markdown(session)
    assert export_dict(session)["clearing_summary"]["correction_count"] == 0
    assert export_dict(session)["session"]["clearing"]["corrections"] == []


async def test_the_seals_air_time_says_a_correction_was_made(make_session, store, make_app):
    session = corrected_session(make_session, store)
    session.phase_index = 1  # the seal
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(AirTimeView)
        shown = str(view.render())
        assert "Corrected after the fact: 1 change" in shown
        assert "2:30" in shown  # Ada's corrected total


# -- the clearing: key → dialog → apply --------------------------------------------------------------


def in_rounds(make_session, store, *durations_: float):
    session = make_session("Ada", "Ben", agenda="clearing,seal")
    session.clearing.go_to_step(3)
    session.clearing.clock = record(*durations_)
    store.save(session)
    return session


async def test_correcting_a_turn_from_the_key_to_the_notice(make_session, store, make_app, db_path):
    session = in_rounds(make_session, store, 130, 80, 60)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClearingScreen)
        await pilot.press("shift+f6")  # what xterm, tmux and most terminals send for ⇧F6
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen)
        assert isinstance(dialog.focused, OptionList)  # the latest turn first, highlighted
        await pilot.press("down")  # turn 2, Ben's
        await pilot.press("enter")  # chosen: on to its edge (start, as it opens)
        await pilot.press("tab")  # the direction: earlier, as it opens
        await pilot.press("tab", "4", "0")  # forty seconds
        preview = str(dialog.query_one("#correct-preview", Static).render())
        assert "Turn 2 (Ben): 1:20 → 2:00" in preview
        assert "Turn 1 (Ada): 2:10 → 1:30" in preview
        assert "Ada spoke 0:30 longer" in preview and "was: Ada spoke 1:50 longer" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert [turn.duration for turn in screen.clock.turns] == [90, 120, 60]  # the live clock at once
        assert screen.clock.totals() == {"a": 150, "b": 120}
        notices = [n for n in app._notifications if n.title == "Turn corrected"]
        assert notices and "Turn 2 (Ben): start moved 0:40 earlier" in notices[0].message
        correction = screen.session.clearing.corrections[0]
        assert (correction.turn, correction.edge, correction.seconds, correction.by) == (1, "start", -40, "facilitator")
        app.save_now()
    stored = Store(db_path).load(session.id)
    assert [turn.duration for turn in stored.clearing.clock.turns] == [90, 120, 60]
    assert len(stored.clearing.corrections) == 1


async def test_plus_and_minus_change_five_seconds_and_escape_changes_nothing(make_session, store, make_app):
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f18")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen)
        await pilot.press("plus", "plus", "plus", "minus")
        assert dialog.query_one("#correct-seconds", Input).value == "10"
        assert dialog.seconds == -10  # earlier, as the dialog opens
        await pilot.press("tab", "tab", "l", "minus")  # later, on the direction's own line; five seconds less
        assert dialog.seconds == 5
        preview = str(dialog.query_one("#correct-preview", Static).render())
        assert "Turn 2 (Ben): 1:20 → 1:15\nTurn 1 (Ada): 2:10 → 2:15" in preview
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClearingScreen)
        assert app.screen.session.clearing.corrections == []
        assert [turn.duration for turn in app.screen.clock.turns] == [130, 80]


async def test_enter_on_the_turn_list_applies_what_is_chosen(make_session, store, make_app):
    """Chosen from the list with + (no other line visited), enter applies at once: nothing is lost."""
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("shift+f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen) and isinstance(dialog.focused, OptionList)
        await pilot.press("plus", "plus")  # ten seconds; the direction stays Earlier, as it opened
        assert isinstance(dialog.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # applied from the list, not moved on to the next line
        correction = screen.session.clearing.corrections[0]
        assert (correction.turn, correction.edge, correction.seconds) == (1, "start", -10)
        assert [turn.duration for turn in screen.clock.turns] == [120, 90]


async def test_enter_with_nothing_chosen_says_what_is_missing(make_session, store, make_app):
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("shift+f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen)
        await pilot.press("enter")  # on the list, no seconds yet: on to the edge, and told what is missing
        await pilot.pause()
        assert app.screen is dialog and dialog.focused is dialog.query_one("#correct-edge")
        missing = [n for n in app._notifications if n.title == "Nothing to apply yet"]
        assert len(missing) == 1 and "by how many seconds its start moves" in missing[0].message
        await pilot.press("e", "tab", "tab")  # its end; on to the seconds, still none
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and dialog.focused is dialog.query_one("#correct-seconds")
        missing = [n for n in app._notifications if n.title == "Nothing to apply yet"]
        assert len(missing) == 2 and "by how many seconds its end moves" in missing[1].message
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClearingScreen) and app.screen.session.clearing.corrections == []


async def test_the_direction_changes_only_on_its_own_keys_and_the_dialog_names_them(make_session, store, make_app):
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("shift+f6")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen)
        direction = dialog.query_one("#correct-direction")
        text = screen_text(app)
        assert "Earlier or later: ←/→ or e/l on its line" in text  # the direction's keys, named
        assert "+/- five seconds more or less" in text
        await pilot.press("plus")  # from Earlier, 0 s: five seconds more, still earlier
        assert direction.value == "earlier" and dialog.seconds == -5
        await pilot.press("plus", "minus", "minus", "minus")  # never below nothing, never flipped
        assert direction.value == "earlier" and dialog.seconds == 0
        assert dialog.query_one("#correct-seconds", Input).value == ""
        await pilot.press("tab", "tab")  # the edge, then the direction
        assert dialog.focused is direction
        await pilot.press("l")  # its own key
        assert direction.value == "later"
        await pilot.press("plus", "plus", "minus")
        assert direction.value == "later" and dialog.seconds == 5
        await pilot.press("left")
        assert direction.value == "earlier" and dialog.seconds == -5
        await pilot.press("enter")
        await pilot.pause()
        correction = app.screen.session.clearing.corrections[0]
        assert (correction.turn, correction.edge, correction.seconds) == (1, "start", -5)


async def test_the_running_turns_end_is_not_offered(make_session, store, make_app, fake_clock):
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("f2")  # Ada takes the floor: turn 3 runs
        fake_clock.advance(30)
        await pilot.press("f18")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectTurnScreen)
        await pilot.press("enter", "e", "tab", "tab", "5")  # the end of the running turn
        assert "still running" in str(dialog.query_one("#correct-preview", Static).render())
        await pilot.press("enter")
        assert app.screen is dialog  # refused: the dialog stays
        await pilot.press("shift+tab", "shift+tab", "s", "tab", "tab")  # its start, then
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClearingScreen)
        assert screen.clock.running  # the clock runs on
        fake_clock.advance(10)
        assert [turn.duration for turn in screen.clock.record().turns] == [130, 75, 45]


async def test_a_joined_partner_is_not_offered_it(make_session, store, make_app, monkeypatch):
    session = in_rounds(make_session, store, 130, 80)
    monkeypatch.setattr(CoalitionApp, "drives", property(lambda self: False))
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClearingScreen)
        assert screen.check_action("correct_turn", ()) is False
        assert not any("correct" in title.lower() for title, _help, _run in screen.palette_commands())
        await pilot.press("f18")
        await pilot.pause()
        assert app.screen is screen
        assert "correct_turn" not in {active.binding.action for active in screen.active_bindings.values()}


async def test_the_facilitator_is_offered_it_in_the_palette_and_the_footer(make_session, store, make_app):
    session = in_rounds(make_session, store, 130, 80)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClearingScreen)
        assert screen.check_action("correct_turn", ()) is True
        assert any(title == "Clock: correct a turn" for title, _help, _run in screen.palette_commands())
        assert "correct_turn" in {active.binding.action for active in screen.active_bindings.values()}


# -- pictures --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_the_correction_dialog(snap_compare, make_app, make_session, store, size):
    session = in_rounds(make_session, store, 130, 80, 60, 95)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f18")
        await pilot.pause()
        await pilot.press("down", "tab", "tab", "tab", "4", "0")  # turn 3, its start, earlier, forty seconds
        for area in pilot.app.screen.query("Input"):
            area.cursor_blink = False
        await pilot.pause()

    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
