"""Fairness at a glance: each partner's total, share, turns, longest turn, time over target, catch-up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from coalition_tui.domain.clock import ClockRecord, SpeakingClock, Turn
from coalition_tui.domain.fairness import Fairness, PartnerFairness, fairness
from coalition_tui.domain.session import ClockSettings
from coalition_tui.export.agreement import airtime_summary
from coalition_tui.export.json_export import export_dict
from coalition_tui.export.markdown import export_markdown
from coalition_tui.export.terminal import airtime_text
from coalition_tui.i18n import speaking
from tests.conftest import FIXED_NOW, FakeMonotonic
from tests.helpers.clock_steps import press
from tests.helpers.clock_steps import steps as history
from tests.helpers.filled_session import clock_record, full_session

BASE = ClockSettings(turn_seconds=120)
NAMES = {"a": "Ada", "b": "Ben"}


def record_of(*turns: Turn, turn_seconds: float = 120) -> ClockRecord:
    return ClockRecord(turn_seconds=turn_seconds, turns=turns)


# -- the figures ----------------------------------------------------------------------------------


def test_the_sample_clearing_in_figures():
    # Ada 2:05, Ben 1:50, Ada 1:00, Ben 1:35, Ada 0:30 on a 2:00 clock: Ben took the floor
    # 2:05 behind, so his first target was 2:05 (0:05 catch-up); Ada's first turn ran 0:05 over.
    # Ada opened the third exchange 0:20 behind (3:25 to 3:05), so her last target was 2:20.
    session = full_session()
    figures = fairness(session.clearing.clock, session.settings)
    assert [turn.target for turn in session.clearing.clock.turns] == [120.0, 125.0, 120.0, 120.0, 140.0]
    assert figures.of("a") == PartnerFairness(
        side="a", total=215.0, share=215 / 420, turns=3, longest=125.0, over_target=5.0, catch_up=20.0, added=0.0
    )
    assert figures.of("b") == PartnerFairness(
        side="b", total=205.0, share=205 / 420, turns=2, longest=110.0, over_target=0.0, catch_up=5.0, added=0.0
    )
    assert figures.percents == {"a": 51, "b": 49}
    assert figures.base == 120.0 and figures.recorded and figures.total == 420.0


def test_catch_up_is_what_the_clock_put_into_the_target_beyond_the_base():
    record = clock_record([("a", 300), ("b", 250), ("a", 60)])
    # Ben came in 5:00 behind: 3:00 beyond one base turn went into his target (5:00).
    assert [turn.target for turn in record.turns] == [120.0, 300.0, 120.0]
    figures = fairness(record, BASE)
    assert figures.of("b").catch_up == 180.0 and figures.of("a").catch_up == 0.0
    # Ben used less than his target: nothing over; Ada's 5:00 against 2:00 is 3:00 over.
    assert figures.of("b").over_target == 0.0 and figures.of("a").over_target == 180.0


def test_time_added_moves_the_goal_and_is_counted_apart():
    record = record_of(
        Turn("a", "", duration=200.0, target=120.0, added=60.0),  # 0:20 past its goal of 3:00
        Turn("b", "", duration=170.0, target=120.0, added=60.0),  # within its goal
        Turn("a", "", duration=130.0, target=120.0),  # 0:10 over, nothing added
    )
    figures = fairness(record, BASE)
    assert figures.of("a").over_target == pytest.approx(30.0)
    assert figures.of("a").added == 60.0
    assert figures.of("b").over_target == 0.0 and figures.of("b").added == 60.0


def test_the_base_comes_from_the_settings_and_holds_a_turn_saved_without_target():
    record = record_of(Turn("a", "", duration=100.0), turn_seconds=120)  # target 0: written by hand
    assert fairness(record, ClockSettings(turn_seconds=60)).of("a").over_target == 40.0
    assert fairness(record, ClockSettings(turn_seconds=120)).of("a").over_target == 0.0
    assert fairness(record, ClockSettings(turn_seconds=60)).of("a").catch_up == 0.0


def test_nothing_recorded_is_all_zero():
    for record in (None, record_of()):
        figures = fairness(record, BASE)
        assert not figures.recorded and figures.total == 0.0
        assert figures.percents == {"a": 0, "b": 0}
        assert all(p == PartnerFairness(side=p.side) for p in figures)


def test_one_partner_alone_has_it_all():
    figures = fairness(record_of(Turn("b", "", duration=30.0, target=120.0)), BASE)
    assert figures.of("b").share == 1.0 and figures.of("a").share == 0.0
    assert figures.percents == {"a": 0, "b": 100}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (1.0, 2.0, {"a": 33, "b": 67}),
        (50.5, 49.5, {"a": 51, "b": 49}),  # rounding each half would read 51% and 50%, or 50% and 50%
        (0.5, 999.5, {"a": 0, "b": 100}),
    ],
)
def test_percents_add_up_to_a_hundred(a, b, expected):
    figures = fairness(record_of(Turn("a", "", duration=a), Turn("b", "", duration=b)), BASE)
    assert figures.percents == expected


# -- properties -----------------------------------------------------------------------------------

seconds = st.floats(min_value=0, max_value=100_000, allow_nan=False, allow_infinity=False)
turns = st.lists(
    st.builds(
        Turn, speaker=st.sampled_from(["a", "b"]), start=st.just(""), duration=seconds, target=seconds, added=seconds
    ),
    max_size=40,
)


def check(figures: Fairness, record: ClockRecord) -> None:
    summary = record.summary()
    for partner in figures:
        assert partner.total == summary.totals[partner.side]  # the very figure every view shows
        assert partner.turns == summary.turn_counts[partner.side]
        assert 0 <= partner.longest <= partner.total
        assert 0 <= partner.over_target <= partner.total
        assert partner.catch_up >= 0 and partner.added >= 0
        assert 0 <= partner.share <= 1
    shares = sum(partner.share for partner in figures)
    if summary.total > 0:
        assert shares == pytest.approx(1.0, abs=1e-9)
        assert sum(figures.percents.values()) == 100
    else:
        assert shares == 0 and figures.percents == {"a": 0, "b": 0}


@settings(max_examples=300, deadline=None)
@given(turns, st.integers(min_value=15, max_value=1800))
def test_any_record_adds_up(recorded, base):
    record = record_of(*recorded)
    check(fairness(record, ClockSettings(turn_seconds=base)), record)


@settings(max_examples=200, deadline=None)
@given(history)
def test_any_clearing_the_clock_keeps_adds_up(ops):
    mono = FakeMonotonic()
    clock = SpeakingClock(120, monotonic=mono, wall=lambda: FIXED_NOW)
    for op, step in ops:
        press(clock, mono, op, step)
    record = clock.record()
    figures = fairness(record, BASE)
    check(figures, record)
    # The clock never sets a target below the base: catch-up is exactly what it put above it.
    for side in ("a", "b"):
        expected = sum(turn.target - 120 for turn in record.turns if turn.speaker == side)
        assert figures.of(side).catch_up == pytest.approx(expected)


# -- how it reads -----------------------------------------------------------------------------------


def test_each_partner_in_one_sentence():
    session = full_session()
    figures = fairness(session.clearing.clock, session.settings)
    lines = airtime_summary(session.clearing.air_time(), session.names, figures)
    assert lines == [
        "Ada: 3:35 (51%), 3 turns, longest 2:05, 0:05 over target, 0:20 catch-up",
        "Ben: 3:25 (49%), 2 turns, longest 1:50, 0:05 catch-up",
        "Balance: Ada spoke 0:10 longer",
        "Turns: 5",
    ]
    with speaking("de"):
        german = airtime_summary(session.clearing.air_time(), session.names, figures)
    assert german[:2] == [
        "Ada: 3:35 (51\xa0%), 3 Redezeiten, längste 2:05, 0:05 überzogen, 0:20 Aufholen",
        "Ben: 3:25 (49\xa0%), 2 Redezeiten, längste 1:50, 0:05 Aufholen",
    ]
    # Without the figures, the sentences are as before.
    assert airtime_summary(session.clearing.air_time(), session.names)[:2] == ["Ada: 3:35", "Ben: 3:25"]


def test_a_single_turn_and_added_time_read_right():
    record = record_of(Turn("a", "", duration=200.0, target=120.0, added=60.0))
    figures = fairness(record, BASE)
    line = airtime_summary(record.summary(), NAMES, figures)[0]
    assert line == "Ada: 3:20 (100%), 1 turn, longest 3:20, 0:20 over target, 1:00 added"


def table_lines(text) -> list[str]:
    return text.plain.splitlines()


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_table_fits_eighty_columns(language):
    session = full_session()
    figures = fairness(session.clearing.clock, session.settings)
    with speaking(language):
        lines = table_lines(airtime_text(session.clearing.air_time(), session.names, 74, fair=figures))
    header, ada, ben = lines[:3]
    assert max(cell_len(line) for line in lines) <= 74
    if language == "en":
        assert header.split() == ["Total", "Share", "Turns", "Longest", "Over", "target", "Catch-up"]
        assert ada.split() == ["Ada", "3:35", "51%", "3", "2:05", "0:05", "0:20"]
        assert ben.split() == ["Ben", "3:25", "49%", "2", "1:50", "—", "0:05"]
        assert lines[3] == "Balance: Ada spoke 0:10 longer  ·  Turns: 5"
    else:
        assert header.split() == ["Gesamt", "Anteil", "Redezeiten", "Längste", "Überzogen", "Aufholen"]
        assert ada.split() == ["Ada", "3:35", "51", "%", "3", "2:05", "0:05", "0:20"]
    # Right-aligned under their headings: the three lines end in the same column.
    assert cell_len(header) == cell_len(ada) == cell_len(ben)


def test_added_time_gets_its_column_and_a_long_name_is_cut_not_the_figures():
    names = {"a": "Alexandra-Konstantina Papadopoulou-Wetherby", "b": "Ben"}
    record = record_of(
        Turn("a", "", duration=200.0, target=120.0, added=60.0), Turn("b", "", duration=90.0, target=200.0)
    )
    figures = fairness(record, BASE)
    lines = table_lines(airtime_text(record.summary(), names, 76, fair=figures))
    assert lines[0].split()[-1] == "Added"
    assert all(cell_len(line) <= 76 for line in lines[:3])
    assert lines[1].startswith("Alexandra") and "…" in lines[1]
    assert lines[1].split()[-4:] == ["3:20", "0:20", "—", "1:00"]
    assert lines[2].split()[-3:] == ["—", "1:20", "—"]


def test_too_narrow_for_the_table_a_sentence_each():
    session = full_session()
    figures = fairness(session.clearing.clock, session.settings)
    lines = table_lines(airtime_text(session.clearing.air_time(), session.names, 40, fair=figures))
    assert lines[:3] == [
        "Ada: 3:35 (51%), 3 turns, longest 2:05, 0:05 over target, 0:20 catch-up",
        "Ben: 3:25 (49%), 2 turns, longest 1:50, 0:05 catch-up",
        "Balance: Ada spoke 0:10 longer  ·  Turns: 5",
    ]


def test_the_exports_carry_the_figures():
    session = full_session()
    fair = export_dict(session)["clearing_summary"]["fairness"]
    assert fair == {
        "base_turn_seconds": 120.0,
        "partners": {
            "a": {
                "total_seconds": 215.0,
                "share": 0.5119,
                "turn_count": 3,
                "longest_turn_seconds": 125.0,
                "over_target_seconds": 5.0,
                "catch_up_seconds": 20.0,
                "added_seconds": 0.0,
            },
            "b": {
                "total_seconds": 205.0,
                "share": 0.4881,
                "turn_count": 2,
                "longest_turn_seconds": 110.0,
                "over_target_seconds": 0.0,
                "catch_up_seconds": 5.0,
                "added_seconds": 0.0,
            },
        },
    }
    text = export_markdown(session)
    assert "- Ada: 3:35 (51%), 3 turns, longest 2:05, 0:05 over target, 0:20 catch-up\n" in text
    assert "- Ben: 3:25 (49%), 2 turns, longest 1:50, 0:05 catch-up\n" in text
