"""``terminal_input``: the paste parser, the decoder, the driver, and what they rely on in Textual 8.2.8.

The parser is fed text as a driver feeds it (whole, or cut anywhere); the driver
subclass is checked to run Textual's own reading loop with our parser and decoder.
The tests marked "Textual" fail loudly if an upgrade changes what the module relies on.
"""

from __future__ import annotations

import codecs

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver
from textual.drivers.web_driver import WebDriver

from coalition_tui.app import CoalitionApp
from coalition_tui.terminal_input import (
    PASTE_END,
    PASTE_START,
    PasteParser,
    exact_input_driver,
    pasted_text,
    replacing_decoder,
)

EVIL = (
    "x\x1b[2J\x1b]0;title\x07 bell\x07 \x1b[A\x1b[B\x1bOA \x03\x0e\x11\x12 \x00 \u2028\u0085 \x1b[200~ \x1b[20 end\x1b"
)


def parse(*chunks: str, parser: PasteParser | None = None) -> list[object]:
    parser = parser or PasteParser()
    out: list[object] = []
    for chunk in chunks:
        out += parser.feed(chunk)
    return out


def keys(messages: list[object]) -> list[str]:
    return [m.key for m in messages if isinstance(m, events.Key)]


def pastes(messages: list[object]) -> list[str]:
    return [m.text for m in messages if isinstance(m, events.Paste)]


# -- the parser -------------------------------------------------------------------------------


def test_a_paste_is_one_paste_holding_every_character():
    messages = parse("ab" + PASTE_START + EVIL + PASTE_END + "cd")
    assert pastes(messages) == [EVIL]
    assert keys(messages) == ["a", "b", "c", "d"]
    assert [type(m).__name__ for m in messages] == ["Key", "Key", "Paste", "Key", "Key"]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 6, 7, 64])
def test_a_paste_cut_anywhere_between_reads_is_the_same_paste(size):
    stream = "ab" + PASTE_START + EVIL + PASTE_END + "cd" + PASTE_START + "second" + PASTE_END + "\x1b[A"
    messages = parse(*[stream[i : i + size] for i in range(0, len(stream), size)])
    assert pastes(messages) == [EVIL, "second"]
    assert keys(messages) == ["a", "b", "c", "d", "up"]


def test_no_key_inside_a_paste_is_a_key():
    messages = parse(PASTE_START + "\x07\x0e\x11\x12\x1b[A\x1b[1;5C\r\t" + PASTE_END)
    assert keys(messages) == []
    assert pastes(messages) == ["\x07\x0e\x11\x12\x1b[A\x1b[1;5C\n\t"]


def test_keys_around_pastes_are_textuals():
    messages = parse("\x07", "\x1b[B", PASTE_START, "p", PASTE_END, "\x0e")
    assert keys(messages) == ["ctrl+g", "down", "ctrl+n"]
    assert pastes(messages) == ["p"]


def test_an_escape_just_before_a_paste_is_still_the_escape_key_and_comes_first():
    # Textual holds a lone ESC, waiting to see whether a sequence follows; the paste's
    # start marker settles it, so it is neither lost nor joined to the next key.
    messages = parse("\x1b", PASTE_START + "p" + PASTE_END + "a")
    assert [(type(m).__name__, getattr(m, "key", getattr(m, "text", None))) for m in messages] == [
        ("Key", "escape"),
        ("Paste", "p"),
        ("Key", "a"),
    ]


def test_an_empty_paste_is_an_empty_paste():
    assert pastes(parse(PASTE_START + PASTE_END)) == [""]


def test_line_breaks_in_a_paste_are_line_feeds():
    assert pasted_text("a\rb\r\nc\nd\r\re") == "a\nb\nc\nd\n\ne"
    assert pastes(parse(PASTE_START + "a\r", "\nb\rc" + PASTE_END)) == ["a\nb\nc"]


def test_a_paste_left_open_when_input_ends_is_kept():
    parser = PasteParser()
    assert pastes(parse(PASTE_START + "half a letter\x1b[20", parser=parser)) == []
    assert pastes(list(parser.feed(""))) == ["half a letter\x1b[20"]


def test_a_large_paste_in_reads_of_4096():
    text = ("é🙂 words \x1b[31m and \x07 more " * 5000)[:100_000]
    stream = PASTE_START + text + PASTE_END
    messages = parse(*[stream[i : i + 4096] for i in range(0, len(stream), 4096)])
    assert pastes(messages) == [text]
    assert keys(messages) == []


def test_ticks_pass_textuals_keys_and_never_a_paste():
    parser = PasteParser()
    assert list(parser.feed("\x1b")) == []  # Textual waits: a sequence may follow
    parser._timeout_time = 0.0  # Textual's Parser: when it stops waiting (here: now)
    assert keys(list(parser.tick())) == ["escape"]


# -- the decoder ---------------------------------------------------------------------------------


def test_the_decoder_turns_bad_bytes_into_replacement_characters():
    decode = replacing_decoder("utf-8")().decode
    assert decode(b"ok \xff\xfe ") == "ok \ufffd\ufffd "
    assert decode(b"\xc3") == ""  # the start of a character: wait for the rest
    assert decode(b"\xa9 \xe2\x82") == "\u00e9 "
    assert decode(b"x") == "\ufffdx"
    assert isinstance(replacing_decoder("utf-8")(), codecs.IncrementalDecoder)


# -- the driver ----------------------------------------------------------------------------------


@pytest.mark.parametrize("textual_driver", [LinuxDriver, WebDriver])
def test_the_driver_reads_with_our_parser_and_decoder(textual_driver):
    driver = exact_input_driver(textual_driver)
    assert issubclass(driver, textual_driver) and driver is not textual_driver
    reader = driver.run_input_thread
    assert reader.__code__ is textual_driver.run_input_thread.__code__  # Textual's own loop, not a copy
    assert reader.__globals__["XTermParser"] is PasteParser
    assert reader.__globals__["getincrementaldecoder"] is replacing_decoder
    # Textual's module is left as it was: other apps in the process read as before.
    assert textual_driver.run_input_thread.__globals__["XTermParser"] is XTermParser
    assert textual_driver.run_input_thread.__globals__["getincrementaldecoder"] is codecs.getincrementaldecoder
    assert exact_input_driver(textual_driver) is driver  # made once


def test_a_driver_that_reads_another_way_is_left_as_it_is():
    assert exact_input_driver(HeadlessDriver) is HeadlessDriver


def test_the_app_asks_for_the_exact_driver(monkeypatch, store):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    app = CoalitionApp(store)
    assert app.driver_class is exact_input_driver(LinuxDriver)
    monkeypatch.setattr("textual.constants.DRIVER", "textual.drivers.web_driver:WebDriver")
    assert CoalitionApp(store).driver_class is exact_input_driver(WebDriver)
