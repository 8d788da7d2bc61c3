"""Words on their way out never drive a terminal, and files keep them exactly.

A session someone hands over may hold ``ESC ] 0 ; … BEL`` (retitles the
window), ``ESC [ 2 J`` (clears the screen), ``ESC c`` (resets the terminal),
an 8-bit CSI, an OSC 52 (writes the clipboard). ``coalition show`` and every
export printed to standard output run here in a real pty, and what they print
is fed to a terminal emulator (pyte): the title, the screen and what was on it
before are untouched, and the words are still there, made visible. Files keep
the words exactly (JSON parses back to them; Markdown's entities render as
them); an iCalendar file holds no control at all.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pyte
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_tui.domain.session import Session
from coalition_tui.export.ics import export_ics
from coalition_tui.export.json_export import export_json
from coalition_tui.export.markdown import export_markdown
from coalition_tui.safe_text import UNSAFE_CONTROLS, ics_text, json_text, markdown_text, visible
from coalition_tui.storage import Store

from .helpers.filled_session import ALIGNMENT_KEYS, fill, full_session
from .helpers.pty_app import PtyApp, child_env, coalition_argv

PAYLOADS = [
    "\x1b]0;PWNED-TITLE\x07",  # set the window title (OSC 0, BEL-terminated)
    "\x1b]2;PWNED-TITLE2\x1b\\",  # set the title (OSC 2, ST-terminated)
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1bc",  # full reset
    "\x9b2J",  # 8-bit CSI: clear the screen
    "\x1b]52;c;UFdORUQ=\x07",  # write the clipboard
    "\x1b[?1049h",  # the alternate screen
    "\x07\x08\r\x0b\x0c\x00\x7f",  # bell, backspace, carriage return, VT, FF, NUL, DEL
]
HOSTILE = "words " + "".join(PAYLOADS) + " end"
MARKER = "MARKER-BEFORE-THE-COMMAND"


def hostile_session() -> Session:
    words = {f"{side}.alignment.{key}": f"{side} {key} {HOSTILE}" for side in "ab" for key in ALIGNMENT_KEYS}
    words |= {
        key: f"{key} {HOSTILE}"
        for key in (
            "a.account",
            "b.account",
            "a.declaration",
            "b.declaration",
            "shared_goals",
            "a.c0.what",
            "a.c0.done",
            "b.c0.what",
            "a.cadence",
            "b.channel",
            "a.role",
            "b.note",
            "a.opening.commitment",
        )
    }
    session = full_session(session_id="badbad00", sealed=True)
    fill(session, words)
    session.title = "Title; with, <b>markup</b> & a \\ backslash"  # controls in a title: refused on load
    return session


@pytest.fixture
def hostile_db(tmp_path):
    store = Store(tmp_path / "data")
    store.create(hostile_session())
    return tmp_path / "data"


def run_in_terminal(*args: str, cwd) -> bytes:
    with PtyApp(coalition_argv(*args), env=child_env(COLUMNS="160", LINES="50"), size=(160, 50), cwd=cwd) as app:
        assert app.wait() == 0, app.output.decode("utf-8", "replace")[-2000:]
        app.close()  # the reader has every byte once the pty is closed
        return app.output


def emulate(output: bytes) -> pyte.Screen:
    """A terminal that showed MARKER, then received ``output``."""
    screen = pyte.Screen(200, 3000)
    stream = pyte.ByteStream(screen)
    stream.feed(MARKER.encode() + b"\r\n")
    stream.feed(output)
    return screen


COMMANDS = [
    ("show", "badbad00"),
    ("export", "badbad00", "--format", "md"),
    ("export", "badbad00", "--format", "json"),
    ("export", "badbad00", "--format", "ics"),
    ("export", "badbad00", "--format", "md", "-o", "-"),
    ("list",),
]


@pytest.mark.serial
@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_printed_words_leave_the_terminal_as_it_was(hostile_db, tmp_path, command):
    output = run_in_terminal(*command, "--db", str(hostile_db), cwd=tmp_path)
    screen = emulate(output)
    assert screen.title == "" and screen.icon_name == ""
    assert screen.display[0].startswith(MARKER), "the screen was cleared or reset"
    shown = "\n".join(line.rstrip() for line in screen.display)
    assert "PWNED" not in screen.title
    # No escape sequence but colour and style (SGR) left the command; no other control at all.
    without_sgr = re.sub("\x1b\\[[0-9;]*m", "", output.decode("utf-8"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", without_sgr)
    if command[0] != "list":  # the words themselves are all there (the list shows titles only)
        assert "PWNED-TITLE" in shown and "words" in shown and "end" in shown


def test_show_makes_each_control_visible_not_lost(hostile_db):
    from rich.console import Console

    from coalition_tui.export.terminal import print_session

    console = Console(record=True, width=80, color_system=None)  # one column: lines join up in order
    print_session(Store(hostile_db).load("badbad00"), console)
    text = re.sub(r"[│\s]", "", console.export_text())  # long words fold across lines and columns
    assert "␛]0;PWNED-TITLE␇␛]2;PWNED-TITLE2␛\\␛[2J␛[H␛c�2J␛]52;c;UFdORUQ=␇␛[?1049h␇␈␍␋␌␀␡" in text
    assert "␛]0;PWNED-TITLE␇" in text and "␛[2J␛[H" in text and "␛c" in text and "␡" in text
    assert "\x1b" not in text


def test_files_keep_the_words_exactly(hostile_db):
    session = Store(hostile_db).load("badbad00")
    exported = json.loads(export_json(session))
    assert exported["session"] == session.to_dict()
    markdown = export_markdown(session)
    assert not UNSAFE_CONTROLS.search(markdown)
    assert "&#x1B;]0;PWNED-TITLE&#x07;" in markdown  # rendered, the entity is the character again
    ics = export_ics(session)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", ics)
    assert "X-WR-CALNAME:Coalition: Title\\; with\\, <b>markup</b> & a \\\\ backslash" in ics
    assert "&lt;b>markup&lt;/b> &amp; a" not in markdown and "# Title; with, &lt;b>markup&lt;/b> & a" in markdown


# -- the functions, for any text ------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=80)


@given(ANY_TEXT)
def test_visible_keeps_every_character_in_its_place_and_runs_none(text):
    shown = visible(text)
    assert len(shown) == len(text)
    assert not UNSAFE_CONTROLS.search(shown) and not re.search("[\ud800-\udfff]", shown)
    shown.encode("utf-8")  # always printable as UTF-8 (raises if not)
    for before, after in zip(text, shown, strict=True):
        if before != after:
            assert unicodedata.category(before) in ("Cc", "Cs", "Zl", "Zp")


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | ANY_TEXT,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
        max_leaves=10,
    )
)
def test_json_text_is_exact_and_holds_no_control(data):
    text = json_text(data)
    assert json.loads(text) == data
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", text.replace("\n", ""))
    text.encode("utf-8")


@given(ANY_TEXT)
def test_markdown_text_holds_no_control_or_tag(text):
    out = markdown_text(text)
    assert not UNSAFE_CONTROLS.search(out) and not re.search("<[A-Za-z/!?]", out)
    out.encode("utf-8")  # always writable as UTF-8 (raises if not)


def test_markdown_text_leaves_ordinary_words_alone():
    words = "Ann & Sam: 3 < 5, a -> b, 'quotes' \"too\" — שלום 🙂 e\u0301"
    assert markdown_text(words) == words
    assert markdown_text("<b>x</b> &amp; &#x41;") == "&lt;b>x&lt;/b> &amp;amp; &amp;#x41;"


@given(ANY_TEXT)
def test_ics_text_holds_no_control(text):
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", ics_text(text))


def test_far_dates_export_to_icalendar():
    session = full_session(session_id="fa2da7e0", sealed=True)
    session.accountability.of("a").commitments[0].by_when = "9999-12-31"
    session.accountability.of("a").first_checkin = "9999-12-31"
    ics = export_ics(session)
    assert "DTSTART;VALUE=DATE:99991231" in ics
