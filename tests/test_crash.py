"""An error nobody foresaw ends in one sentence and a private log, never a traceback.

Textual's crash screen prints the values of local variables, which here are
partners' words, and the app used to exit with status 0 after it. Now: the
open session is saved, the details go to a 0600 log beside the data, the
screen gets one sentence naming that log, and the exit status is 70.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalition_tui import cli
from coalition_tui.app import StartRequest
from coalition_tui.crash import EXIT_STATUS, crash_sentence, write_crash_log
from coalition_tui.storage import Store

from .helpers.crashing_app import SECRET
from .helpers.pty_app import PtyApp, child_env

pytestmark = pytest.mark.serial  # a real process, pty or signal: never beside another test

HELPER = Path(__file__).parent / "helpers" / "crashing_app.py"


def logs(db: Path) -> list[Path]:
    return sorted((db / "logs").glob("crash-*.log"))


def test_the_log_is_private_and_holds_the_traceback_only(tmp_path):
    def fail() -> None:
        words = "private words"  # noqa: F841 - a local: it must not be in the log
        raise ValueError("boom")

    try:
        fail()
    except ValueError as error:
        path = write_crash_log(error, tmp_path)
    assert path is not None and path.parent == tmp_path / "logs"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "ValueError: boom" in text and "in fail" in text and "private words" not in text.split("Traceback")[0]
    assert "words = " not in text.split("\n")[-3:]  # source lines may be shown; values never are


def test_without_a_data_folder_the_log_goes_to_the_temp_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    path = write_crash_log(RuntimeError("x"), tmp_path / "missing")
    assert path is not None and path.parent == tmp_path / "tmp"


def test_the_sentence_says_what_happened_and_where_to_look(tmp_path):
    sentence = crash_sentence(tmp_path / "crash.log", saved=True)
    assert sentence.count(".") == sentence.count("crash.log") + 1  # one sentence (the path's dot aside)
    assert "saved" in sentence and str(tmp_path / "crash.log") in sentence
    assert "could not be saved" in crash_sentence(None, saved=False)


def test_a_command_that_fails_unexpectedly_says_one_sentence(tmp_path, monkeypatch):
    db = tmp_path / "data"
    Store(db)

    def broken(self):
        raise RuntimeError(f"unforeseen, near {SECRET}")

    monkeypatch.setattr(Store, "list_summaries", broken)
    result = CliRunner().invoke(cli.main, ["list", "--db", str(db)])
    assert result.exit_code == EXIT_STATUS
    assert "Traceback" not in result.output and SECRET not in result.output
    assert result.output.strip().count("\n") == 0 and "unexpected error" in result.output
    [log] = logs(db)
    assert str(log) in result.output and "RuntimeError" in log.read_text()


async def test_an_error_in_the_app_saves_logs_and_leaves_one_sentence(make_app, make_session, db_path, capsys):
    """Textual prints nothing of its own (no traceback); the app keeps the sentence for the command line."""
    session = make_session()
    app = make_app(StartRequest("resume", session_id=session.id))
    with pytest.raises(RuntimeError):  # the pilot raises the app's first error again, for tests
        async with app.run_test() as pilot:
            await pilot.pause()
            app.session.alignment.set_answer("care", "a", "words typed before the fault")
            app.keeper.changed()

            def fault() -> None:
                secret_local = SECRET  # noqa: F841
                raise RuntimeError("planted")

            app.call_later(fault)
            await pilot.pause()
    assert app.return_code == EXIT_STATUS
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err + printed.out and SECRET not in printed.err + printed.out
    message = app.crash_report or ""
    assert "unexpected error" in message and "was saved" in message and SECRET not in message
    assert Store(db_path).load(session.id).alignment.answer("care", "a") == "words typed before the fault"
    [log] = logs(db_path)
    assert "RuntimeError: planted" in log.read_text() and str(log) in message


@pytest.mark.slow
def test_through_a_real_terminal_the_pair_sees_a_sentence_and_their_words_are_kept(tmp_path):
    db = tmp_path / "data"
    session_id = "c4a5e000"
    from coalition_tui.domain.session import Session

    Store(db).create(Session.new("Ada", "Ben", session_id=session_id))
    argv = [sys.executable, str(HELPER), "--db", str(db), "resume", session_id]
    with PtyApp(argv, env=child_env(PYTHONPATH=str(HELPER.parents[2])), size=(100, 30)) as app:
        app.wait_for_output(b"Prompt", timeout=30)
        for character in "kept words":
            app.send(character)
        app.wait_for(lambda: b"kept word" in app.output, what="the words on screen")
        app.send(b"\x1b[24~")  # F12: the planted fault
        status = app.wait(30)
        app.close()
        output = app.output.decode("utf-8", "replace")
    assert status == EXIT_STATUS, output[-1500:]
    tail = output[output.rfind("\x1b[?1049l") :]  # what is printed once the app has left the screen
    assert "unexpected error" in tail and "Traceback" not in output and SECRET not in output
    assert Store(db).load(session_id).alignment.answer("care", "a") == "kept words"
    [log] = logs(db)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and "planted fault" in log.read_text()
