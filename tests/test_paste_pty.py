"""Pastes and stray bytes, sent to the real app on a real terminal, then the saved file is read.

A terminal sends a paste between ``ESC [ 200 ~`` and ``ESC [ 201 ~``. What is inside
is a person's words, whatever it holds: escape sequences (clear the screen, retitle
the window, arrow keys), control keys (BEL is ctrl+g, which leaves the session),
NUL, bytes that are not UTF-8, Unicode line and paragraph separators. Each must be
stored exactly (undecodable bytes as U+FFFD), nothing in it may act, and the app
must carry on: a letter typed after the paste lands straight after it, in the same
field of the same prompt.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coalition_tui.domain.session import Session
from coalition_tui.storage import Store

from .conftest import FIXED_NOW
from .helpers.pty_app import PtyApp, child_env, coalition_argv

pytestmark = [pytest.mark.slow, pytest.mark.serial]

START, END = b"\x1b[200~", b"\x1b[201~"
CTRL_Q = b"\x11"

# What a person might paste (bytes, as the terminal sends them), and what must be kept.
AWKWARD_PASTE = b"".join(
    [
        b"Dear Ben, ",
        b"\x1b[2J\x1b[H",  # clear the screen, cursor home
        b"\x1b]0;a new title\x07",  # an OSC sequence, ended by BEL
        b" bell:\x07",  # a bare BEL: ctrl+g, which leaves the session
        b" arrows:\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[1;5C",
        b" ctrl:\x01\x03\x05\x0e\x11\x12\x13\x14\x1a\x1c\x7f",  # ctrl+a c e n q r s t z \\, DEL
        b" nul:\x00",
        b" not utf-8:\xff\xfe\xc3(\xed\xa0\x80\xf0\x9f",
        " separators:\u2028\u0085\u2029\x0b\x0c|".encode(),
        b" markers:\x1b[200~ \x1b[20 \x1b[201 \x1b[",  # a start marker, and an end marker begun but not ended
        # ...and a lone ESC just before the end
        " Zo\u00eb \U0001f642 \u05e9\u05dc\u05d5\u05dd e\u0301 tab:\tend\x1b".encode(),
    ]
)
EXPECTED_TEXT = (
    "Dear Ben, \x1b[2J\x1b[H\x1b]0;a new title\x07 bell:\x07"
    " arrows:\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[1;5C"
    " ctrl:\x01\x03\x05\x0e\x11\x12\x13\x14\x1a\x1c\x7f"
    " nul:\x00"
    " not utf-8:\ufffd\ufffd\ufffd(\ufffd\ufffd\ufffd\ufffd"
    " separators:\u2028\u0085\u2029\x0b\x0c|"
    " markers:\x1b[200~ \x1b[20 \x1b[201 \x1b["
    " Zo\u00eb \U0001f642 \u05e9\u05dc\u05d5\u05dd e\u0301 tab:\tend\x1b"
)


def send_all(app: PtyApp, data: bytes) -> None:
    """Write every byte (a large write to a terminal goes in parts, as the app reads)."""
    assert app.master is not None
    view = memoryview(data)
    while view:
        view = view[os.write(app.master, view) :]


def the_session(db: Path) -> Session:
    store = Store(db)
    [row] = store.list_summaries()
    return store.load(row["id"])


def run_new_session(db: Path, *chunks: bytes) -> bytes:
    """``coalition new -a Ada -b Ben``: on its first prompt, send ``chunks`` then ctrl+q; the terminal's output."""
    with PtyApp(
        coalition_argv("--db", str(db), "new", "-a", "Ada", "-b", "Ben"), env=child_env(), size=(100, 30)
    ) as app:
        app.wait_for_output(b"Prompt 1 of 6", timeout=30)
        for chunk in chunks:
            send_all(app, chunk)
        send_all(app, CTRL_Q)
        status = app.wait(60)
        out = app.output
    assert status == 0, out[-3000:].decode("utf-8", "replace")
    assert b"Traceback" not in out, out[-3000:].decode("utf-8", "replace")
    return out


def assert_still_on_the_first_prompt(session: Session) -> None:
    assert session.phase_index == 0 and session.agenda[0].value == "alignment"
    assert session.alignment.prompt_index == 0, "a key inside the paste moved to another prompt"


def test_a_paste_of_escapes_controls_and_bad_bytes_is_kept_exactly_and_never_acts(tmp_path):
    db = tmp_path / "data"
    out = run_new_session(db, START + AWKWARD_PASTE + END, b"Z")
    session = the_session(db)
    assert_still_on_the_first_prompt(session)
    # "Z", typed after the paste, follows it in the same field: nothing in the paste moved the focus
    # or left the session (the BEL, the ctrl keys), and every character of it is there, in order.
    assert session.alignment.answer("care", "a") == EXPECTED_TEXT + "Z"
    assert session.alignment.answer("care", "b") == ""
    # Shown, the words never drove the terminal (the output guard).
    assert b"\x1b]0;a new title" not in out


def test_a_paste_split_over_many_writes_is_still_one_paste(tmp_path):
    db = tmp_path / "data"
    whole = START + AWKWARD_PASTE + END
    pieces = [whole[i : i + 3] for i in range(0, len(whole), 3)]  # markers and characters cut in two
    run_new_session(db, *pieces, b"Z")
    session = the_session(db)
    assert_still_on_the_first_prompt(session)
    assert session.alignment.answer("care", "a") == EXPECTED_TEXT + "Z"


def test_line_breaks_in_a_paste_are_the_ones_copied(tmp_path):
    # Terminals send the clipboard's line feeds as carriage returns (as if Enter were pressed).
    db = tmp_path / "data"
    run_new_session(db, START + b"one\rtwo\r\nthree\nfour" + END, b"Z")
    session = the_session(db)
    assert_still_on_the_first_prompt(session)
    assert session.alignment.answer("care", "a") == "one\ntwo\nthree\nfourZ"


def test_a_100_kilobyte_paste_is_kept_whole(tmp_path):
    db = tmp_path / "data"
    line = "é🙂 a long pasted letter \x1b[31mred\x1b[0m and a bell \x07 then on\r"
    text = line * (102_400 // len(line.encode()) + 1)
    data = text.encode()[:102_400]
    while True:  # cut on a character boundary
        try:
            text = data.decode()
            break
        except UnicodeDecodeError:
            data = data[:-1]
    assert len(data) > 102_000
    run_new_session(db, START + data + END, b"Z")
    session = the_session(db)
    assert_still_on_the_first_prompt(session)
    assert session.alignment.answer("care", "a") == text.replace("\r", "\n") + "Z"


def test_bytes_that_are_not_utf8_typed_outside_a_paste_never_crash(tmp_path):
    db = tmp_path / "data"
    run_new_session(db, b"ab", b"\xff", b"cd\xc3", b"(", b"\xe2\x82", b"x", b"\x80\x80", b"Z")
    session = the_session(db)
    assert_still_on_the_first_prompt(session)
    assert session.alignment.answer("care", "a") == "ab\ufffdcd\ufffd(\ufffdx\ufffd\ufffdZ"


def test_stored_separators_survive_opening_editing_elsewhere_and_saving(tmp_path):
    """Words holding U+2028, U+0085, ``\\r\\n`` and the rest are shown and saved back byte for byte."""
    db = tmp_path / "data"
    odd = "one\u2028two\u0085three\r\nfour\nfive\x0bsix\x0cseven\u2029eight\x1c\x1d\x1e\rnine\r\n"
    store = Store(db)
    session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="5e9a2a70", agenda="alignment")
    session.alignment.set_answer("care", "a", odd)
    session.alignment.set_answer("vision", "b", odd + "end")
    store.create(session)
    store.close()
    with PtyApp(coalition_argv("--db", str(db), "resume", "5e9a2a70"), env=child_env(), size=(100, 30)) as app:
        app.wait_for_output(b"Prompt 1 of 6", timeout=30)
        send_all(app, b"\tBen's words\x0e")  # Tab to Ben's answer, type, ctrl+n: every pane is copied back
        send_all(app, b"and Ada's\x0e")  # prompt 2: Ada's answer (empty) gets words; Ben's odd one is shown
        send_all(app, CTRL_Q)
        assert app.wait(60) == 0, app.output[-3000:].decode("utf-8", "replace")
    saved = the_session(db)
    assert saved.alignment.answer("care", "a") == odd
    assert saved.alignment.answer("care", "b") == "Ben's words"
    assert saved.alignment.answer("vision", "a") == "and Ada's"
    assert saved.alignment.answer("vision", "b") == odd + "end"
    assert saved.alignment.prompt_index == 2
