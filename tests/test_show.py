"""The command line: ``coalition export`` in every format and ``coalition show``."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from rich.console import Console

from coalition_tui.cli import main
from coalition_tui.domain.seal import record_checkin
from coalition_tui.export.markdown import export_markdown
from coalition_tui.export.terminal import print_session

from .conftest import FIXED_NOW
from .helpers.filled_session import full_session


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sealed(store):
    session = full_session(sealed=True)
    record_checkin(
        session,
        {"a": [{"status": "on_track", "note": "two users"}], "b": [{"status": "done"}]},
        "2026-12-09",
        FIXED_NOW,
    )
    store.create(session)
    store.save(session, index=True)
    return session


# -- export -------------------------------------------------------------------------------------------------


def test_export_markdown_to_stdout(runner, db_path, sealed):
    result = runner.invoke(main, ["export", sealed.id, "--format", "md", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output == export_markdown(sealed)


def test_export_json_to_stdout_by_default(runner, db_path, sealed):
    result = runner.invoke(main, ["--db", str(db_path), "export", sealed.id[:5]])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["session"] == sealed.to_dict()


def test_export_ics_to_stdout(runner, db_path, sealed):
    result = runner.invoke(main, ["export", sealed.id, "--format", "ics", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.output)
    assert len(list(calendar.walk("VEVENT"))) == 6  # three due dates, three check-in dates


@pytest.mark.parametrize("fmt", ["md", "json", "ics"])
def test_export_to_a_file_is_owner_only(runner, db_path, sealed, tmp_path, fmt):
    target = tmp_path / f"agreement.{fmt}"
    result = runner.invoke(main, ["export", sealed.id, "--format", fmt, "-o", str(target), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"Exported {sealed.id} to {target}" in result.output
    text = target.read_text(encoding="utf-8")
    assert text and sealed.partner_a in text


def test_export_an_unknown_session_says_so(runner, db_path, sealed):
    result = runner.invoke(main, ["export", "nothere", "--format", "md", "--db", str(db_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


# -- show ----------------------------------------------------------------------------------------------------


def test_show_side_by_side_when_wide(runner, db_path, sealed):
    result = runner.invoke(main, ["show", sealed.id, "--db", str(db_path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert max(len(line) for line in out.splitlines()) <= 160
    assert any("A · Ada" in line and "B · Ben" in line for line in out.splitlines())
    for words in (
        "Co-founders, autumn reset",
        "Sealed 2026-11-25 14:30 UTC by Ada and Ben.",
        "Next check-in: 2026-12-09",
        "Ship the beta",
        "Close the seed round",
        "Ten outside users have logged in",
        "every two weeks",
        "Tell me when I over-promise",
        "Air-time in the clearing",
        "Check-ins",
        "two users",
    ):
        assert words in out, words
    # Fairness at a glance: a row per partner under the headings.
    rows = [line.strip("│ ").split() for line in out.splitlines()]
    assert ["Total", "Share", "Turns", "Longest", "Over", "target", "Catch-up"] in rows
    assert ["Ada", "3:35", "51%", "3", "2:05", "0:05", "0:20"] in rows
    assert ["Ben", "3:25", "49%", "2", "1:50", "—", "0:05"] in rows


def test_show_stacks_the_partners_when_narrow(runner, db_path, sealed):
    result = runner.invoke(main, ["show", sealed.id, "--db", str(db_path)], env={"COLUMNS": "70"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 70
    a = next(i for i, line in enumerate(lines) if "A · Ada" in line)
    b = next(i for i, line in enumerate(lines) if "B · Ben" in line)
    assert b > a and "B · Ben" not in lines[a]
    assert any(line.strip("│ ").split() == ["Ada", "3:35", "51%", "3", "2:05", "0:05", "0:20"] for line in lines)


def test_show_an_unsealed_session(runner, db_path, store):
    session = full_session(session_id="5ea1eeee")
    store.create(session)
    result = runner.invoke(main, ["show", "5ea1eeee", "--db", str(db_path)])
    assert result.exit_code == 0 and "Not sealed yet." in result.output


def test_partners_words_are_never_read_as_markup(sealed):
    sealed.accountability.of("a").commitments[0].what = "[bold red]not markup[/] \\[x]"
    console = Console(width=120, record=True)
    print_session(sealed, console)
    assert "[bold red]not markup[/] \\[x]" in console.export_text()
