"""The command line: every command's happy path and its plain errors."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from coalition_tui import __version__
from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.storage import Store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def launched(monkeypatch):
    """Capture what the CLI would open instead of running the TUI."""
    calls: list[tuple[Store, StartRequest]] = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: calls.append((store, start)))
    return calls


@pytest.mark.parametrize("args", [[], ["list"], ["new"], ["resume"], ["export"], ["show"], ["serve"]])
def test_help_and_version_everywhere(runner, args):
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0 and "--db" in result.output
    result = runner.invoke(main, [*args, "--version"])
    assert result.exit_code == 0 and __version__ in result.output


async def test_list_shows_a_session_created_in_the_tui(runner, make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", *"Ada", "tab", *"Ben", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("ctrl+q")
    result = runner.invoke(main, ["list", "--db", str(db_path)], terminal_width=120)
    assert result.exit_code == 0, result.output
    assert "Ada & Ben" in result.output and "alignment" in result.output
    rows = json.loads(runner.invoke(main, ["list", "--json", "--db", str(db_path)]).output)
    assert rows[0]["partners"] == {"a": "Ada", "b": "Ben"}


def test_db_from_environment(runner, db_path, make_session, monkeypatch):
    make_session("Ann", "Bo")
    monkeypatch.setenv("COALITION_DB", str(db_path))
    assert "Ann & Bo" in runner.invoke(main, ["list"], terminal_width=120).output


def test_db_option_before_the_command_also_works(runner, db_path, make_session):
    make_session("Ann", "Bo")
    assert "Ann & Bo" in runner.invoke(main, ["--db", str(db_path), "list"], terminal_width=120).output


def test_empty_list_says_what_to_do(runner, db_path):
    result = runner.invoke(main, ["list", "--db", str(db_path)])
    assert result.exit_code == 0 and "coalition new" in result.output


def test_export_json_to_stdout_and_private_file(runner, db_path, make_session, tmp_path):
    session = make_session("Ann", "Bo", title="Reset")
    result = runner.invoke(main, ["export", session.id[:5], "--format", "json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "coalition-session" and data["format_version"] == 1
    assert data["session"]["partners"] == {"a": "Ann", "b": "Bo"}
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["export", session.id, "-o", str(out), "--db", str(db_path)])
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["session"]["title"] == "Reset"


def test_output_dash_means_standard_output(runner, db_path, make_session, tmp_path, monkeypatch):
    session = make_session("Ann", "Bo")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["export", session.id, "--format", "md", "-o", "-", "--db", str(db_path)])
    assert result.exit_code == 0 and result.stdout.startswith("# Ann & Bo")
    assert not (tmp_path / "-").exists()


def test_a_reader_that_leaves_early_is_no_error(db_path, make_session):
    import subprocess
    import sys

    session = make_session("Ann", "Bo")
    command = f"{sys.executable} -m coalition_tui show {session.id} --db {db_path} | head -c 10"
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
    assert b"Traceback" not in done.stderr and b"Error" not in done.stderr, done.stderr


def test_error_messages_show_controls_instead_of_running_them(runner, tmp_path):
    db = tmp_path / "notes\x1b]0;PWNED\x07"  # a data folder whose name holds an escape sequence
    (db / "index.json").mkdir(parents=True)  # and an index that cannot be read: the message names it
    result = runner.invoke(main, ["list", "--db", str(db)])
    assert result.exit_code == 1 and "index.json" in result.output
    assert "\x1b" not in result.output and "notes␛]0;PWNED␇" in result.output


def test_unknown_session_is_a_plain_error(runner, db_path):
    result = runner.invoke(main, ["export", "nope", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "There is no session 'nope'" in result.output
    assert "Traceback" not in result.output


def test_new_with_both_names_skips_setup(runner, db_path, launched):
    result = runner.invoke(main, ["new", "-a", "Ann", "-b", "Bo", "--agenda", "clearing", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    _, start = launched[0]
    assert start.action == "new" and start.prefill["skip_setup"] is True
    assert start.prefill["agenda"] == ("clearing",)


def test_new_with_one_name_prefills_setup(runner, db_path, launched):
    runner.invoke(main, ["new", "-a", "Ann", "--db", str(db_path)])
    assert launched[0][1].prefill["skip_setup"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "Ann", "-b", "ann"], "different names"),
        (["--agenda", "clearing,dance"], "Unknown phase"),
        (["-a", "Ann", "-b", "x" * 41], "keep it to 40"),
        (["-a", "Ann", "-b", "\u0410nn"], "look the same"),
        (["-t", "x" * 121], "Keep the title to 120"),
        (["-t", "a\x1b[2Jb"], "control character"),
    ],
)
def test_new_refuses_bad_input_plainly(runner, db_path, launched, args, message):
    result = runner.invoke(main, ["new", *args, "--db", str(db_path)])
    assert result.exit_code == 1 and message in result.output and not launched


def test_resume_latest_or_by_id(runner, db_path, make_session, launched):
    session = make_session()
    assert runner.invoke(main, ["resume", "--db", str(db_path)]).exit_code == 0
    assert launched[-1][1].session_id == session.id
    assert runner.invoke(main, ["resume", session.id[:6], "--db", str(db_path)]).exit_code == 0
    assert launched[-1][1] == StartRequest("resume", session_id=session.id)


def test_resume_with_nothing_to_resume(runner, db_path, launched):
    result = runner.invoke(main, ["resume", "--db", str(db_path)])
    assert result.exit_code == 1 and "no unfinished session" in result.output


def test_db_that_is_a_file(runner, tmp_path):
    afile = tmp_path / "file.json"
    afile.write_text("{}")
    result = runner.invoke(main, ["list", "--db", str(afile)])
    assert result.exit_code != 0 and "file" in result.output.lower()
