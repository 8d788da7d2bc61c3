"""What comes in from the terminal: a paste is kept exactly and never acts; no byte crashes the app.

Textual 8.2.8 reads the terminal in a thread of its driver (``LinuxDriver``, or
``WebDriver`` under ``coalition serve``): it decodes the bytes with a strict UTF-8
decoder and feeds the text to ``XTermParser``, which turns it into keys and pastes.
Two things went wrong there:

* A paste (what a terminal sends between ``ESC [ 200 ~`` and ``ESC [ 201 ~``) went
  through the same key parser as typing. An escape inside it (``ESC [ 2 J``, an OSC
  title ended by BEL, an arrow key's sequence) opened a key sequence that swallowed
  the pasted characters after it and, once 32 long, came out as keys: the paste was
  scrambled, and a BEL in it arrived as ctrl+g, which leaves the session.
* A byte that is not UTF-8 (a terminal set to Latin-1, a broken paste) raised
  ``UnicodeDecodeError`` in that thread, which ends the app (in a browser, the
  app stops taking keys). Textual issue #6456 (open); the fixes offered, #6496
  and #6624, were closed unmerged.

``PasteParser`` takes each paste out of the stream before Textual's parser sees it
and hands it on whole as one ``Paste``: every character exactly as it came, escapes
and controls included (NUL too, which Textual dropped as a workaround for an old
Windows Terminal bug, #1661), except that the terminal's line breaks are read back:
terminals send the clipboard's line feeds as carriage returns (as if Enter were
pressed), so ``\\r\\n`` and ``\\r`` in a paste become ``\\n``. Showing pasted controls
is made safe elsewhere (``textual_ext.output_guard``); the text areas keep
every other character as it is (``widgets/exact_text.py``). Undecodable bytes become
U+FFFD (``replacing_decoder``).

What no application can tell apart: a pasted text that itself holds ``ESC [ 201 ~``
ends the paste there (most terminals take ESC out of what they paste, for that
reason); and a start marker cut between two reads more than Textual's escape delay
(0.1 s) apart has its own characters read as keys, as Textual would (the paste
after it is still kept whole).

``exact_input_driver`` gives ``CoalitionApp.get_driver_class`` the driver Textual
chose, reading with these two. What it relies on in Textual 8.2.8, each checked by
``tests/test_textual_internals.py``:

* the drivers' ``run_input_thread`` builds its parser and decoder from the names
  ``XTermParser`` and ``getincrementaldecoder`` of its module (``textual.drivers.
  linux_driver``, ``textual.drivers.web_driver``): the subclass runs Textual's own
  function with those two names bound to ours, so nothing of its loop is copied;
* ``textual._xterm_parser.XTermParser`` (private module) and its markers
  ``BRACKETED_PASTE_START`` / ``BRACKETED_PASTE_END``; its ``feed`` and ``tick``;
  and that it reads the two markers alone as an empty paste (one ``Paste("")``,
  dropped here), which keeps its own paste state in step with ours.
"""

from __future__ import annotations

import codecs
import functools
import types
from collections.abc import Callable, Generator, Iterable
from typing import Any

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.driver import Driver
from textual.message import Message

PASTE_START = BRACKETED_PASTE_START
PASTE_END = BRACKETED_PASTE_END


def pasted_text(raw: str) -> str:
    """A paste's text as it was copied: the terminal's carriage returns read back as line feeds."""
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _partial_marker(text: str, marker: str) -> int:
    """How many characters at the end of ``text`` could be the start of ``marker`` (0 if none)."""
    for length in range(min(len(marker) - 1, len(text)), 0, -1):
        if text.endswith(marker[:length]):
            return length
    return 0


class PasteParser(XTermParser):
    """Textual's key parser, which never sees what is pasted.

    Outside a paste, text goes to Textual's parser, start marker included (so a
    key sequence it is part-way through is settled first, and a marker split
    between two reads is read whole). Inside, the text is kept here until the
    end marker; then Textual's parser is given that marker (it leaves its own,
    empty, paste) and the paste is handed on exactly.
    """

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._pasted: list[str] = []
        self._carry = ""
        """Outside a paste: the last characters given to Textual (a start marker may straddle two reads).
        Inside: the end of the text so far when it could be the start of the end marker."""

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            yield from self._end_of_input()
            return
        while data:
            if self._pasting:
                data = yield from self._take_paste(data)
            else:
                data = yield from self._take_keys(data)

    def tick(self) -> Iterable[Message]:
        yield from self._from_textual(super().tick())

    def _take_keys(self, data: str) -> Generator[Message, None, str]:
        """Give Textual the text up to (and with) the next paste's start marker; return the rest."""
        window = self._carry + data
        found = window.find(PASTE_START)
        if found < 0:
            yield from self._from_textual(super().feed(data))
            self._carry = window[-(len(PASTE_START) - 1) :]
            return ""
        cut = found + len(PASTE_START) - len(self._carry)
        yield from self._from_textual(super().feed(data[:cut]))
        self._pasting, self._carry = True, ""
        return data[cut:]

    def _take_paste(self, data: str) -> Generator[Message, None, str]:
        """Keep the pasted text; at the end marker, hand the paste on. Return what follows it."""
        window = self._carry + data
        found = window.find(PASTE_END)
        if found < 0:
            keep = _partial_marker(window, PASTE_END)
            self._pasted.append(window[: len(window) - keep])
            self._carry = window[len(window) - keep :]
            return ""
        self._pasted.append(window[:found])
        self._pasting, self._carry = False, ""
        yield from self._from_textual(super().feed(PASTE_END))
        yield self._paste()
        return window[found + len(PASTE_END) :]

    def _end_of_input(self) -> Iterable[Message]:
        if self._pasting:  # the input ended inside a paste: what came of it is still a paste
            self._pasted.append(self._carry)
            self._pasting, self._carry = False, ""
            yield self._paste()
        yield from self._from_textual(super().feed(""))

    def _paste(self) -> events.Paste:
        text, self._pasted = "".join(self._pasted), []
        return events.Paste(pasted_text(text))

    @staticmethod
    def _from_textual(messages: Iterable[Message]) -> Iterable[Message]:
        """Textual's keys and other events; its own pastes are empty (the text was kept here) and dropped."""
        for message in messages:
            if not isinstance(message, events.Paste):
                yield message


def replacing_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder``, whose decoders turn what they cannot decode into U+FFFD."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


READER_NAMES: dict[str, Any] = {"XTermParser": PasteParser, "getincrementaldecoder": replacing_decoder}
"""The module-level names a Textual driver's ``run_input_thread`` reads with, and ours."""


def reads_with_names(reader: Callable[..., Any]) -> bool:
    """Does ``reader`` (a driver's ``run_input_thread``) build its parser and decoder from ``READER_NAMES``?"""
    code = getattr(reader, "__code__", None)
    return code is not None and set(READER_NAMES) <= set(code.co_names)


def _reading_exactly(reader: types.FunctionType) -> types.FunctionType:
    """Textual's own ``reader``, run with ``READER_NAMES`` bound to ours (its module is left as it is)."""
    names = {**reader.__globals__, **READER_NAMES}
    exact = types.FunctionType(reader.__code__, names, reader.__name__, reader.__defaults__, reader.__closure__)
    exact.__kwdefaults__ = reader.__kwdefaults__
    functools.update_wrapper(exact, reader)
    return exact


@functools.cache
def exact_input_driver(chosen: type[Driver]) -> type[Driver]:
    """``chosen`` (the driver Textual picked), reading pastes exactly and never failing on a byte.

    A driver that reads some other way (Windows, or a headless test) is returned as it is.
    """
    reader = getattr(chosen, "run_input_thread", None)
    if not isinstance(reader, types.FunctionType) or not reads_with_names(reader):
        return chosen
    return type(
        f"Exact{chosen.__name__}",
        (chosen,),
        {
            "__module__": __name__,
            "__doc__": f"Textual's {chosen.__name__}, with pastes kept whole and bytes that are not UTF-8 as U+FFFD.",
            "run_input_thread": _reading_exactly(reader),
        },
    )
