"""The clearing's clock in solid digits five rows tall, for a screen shared on a video call.

Textual's ``Digits`` are three rows of thin strokes: small in a video window. A
FIGlet font of solid blocks (pyfiglet's ``ansi_regular``) reads from across a
room. The font is loaded the first time presenting needs it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

if TYPE_CHECKING:
    from pyfiglet import Figlet

FONT = "ansi_regular"
ROWS = 5
WIDEST = "+88:88"  # the widest text it shows: its width is fixed, so a new second needs no new layout


@cache
def _figlet() -> Figlet:
    from pyfiglet import Figlet

    return Figlet(font=FONT, width=1000)


@cache
def big_text(text: str) -> str:
    """``text`` in solid block letters, ``ROWS`` rows tall (trailing blank rows cut)."""
    lines = _figlet().renderText(text).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines[:ROWS])


CAPTION_WIDTH = 5  # "left" or "over", beside the last row of digits


class BigClock(Widget):
    """A short clock text (``1:23``, ``+0:42``) in block letters, and what it counts in a word."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._caption = ""

    def show(self, text: str, caption: str = "") -> None:
        """``caption``: what the digits count ("left", "over"), so the sign is never the only cue."""
        if (text, caption) != (self._text, self._caption):
            self._text, self._caption = text, caption
            self.refresh()

    def render(self) -> Text:
        width = max(len(line) for line in big_text(WIDEST).splitlines())
        lines = [line.ljust(width) for line in big_text(self._text).splitlines()]
        if lines and self._caption:
            lines[-1] += " " + self._caption
        return Text("\n".join(lines), no_wrap=True, style="bold")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(len(line) for line in big_text(WIDEST).splitlines()) + 1 + CAPTION_WIDTH

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS
