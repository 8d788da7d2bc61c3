"""Text areas that give back exactly the words put in them.

Textual's ``Document`` (8.2.8) splits its text into lines with ``str.splitlines()``,
which breaks not only at ``\\n`` but at ``\\r``, ``\\r\\n``, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``,
U+0085, U+2028 and U+2029, and joins the lines back with a single newline (the
first style it finds): ``a\\u2028b`` came back ``a\\nb``, and a text mixing ``\\n``
and ``\\r\\n`` came back all ``\\r\\n``. Every phase screen copies its fields into the
session before it moves on, so words holding any of these changed just by being
shown.

``ExactDocument`` shows the same lines (each of those characters still starts a new
line on screen, as Unicode means them to) but remembers which one ended each line,
so ``text`` gives back exactly what was put in, and an edit changes only what it
replaces (undo and copy included: both read ``get_text_range``). Enter inserts
``\\n``. Two differences in what is shown, never in the text: a break that ends the
text is followed by an empty line for the cursor whichever break it is (Textual's
gives one only after ``\\n`` or ``\\r``), and a ``\\r`` and a ``\\n`` that an edit
brings together stay two breaks until the words are opened again (then ``\\r\\n``,
one break).

``ExactTextArea`` is a ``TextArea`` holding one; put it before any other ``TextArea``
subclass among a field's bases (``WordsArea(ExactTextArea, LongLineArea)``): the
others set up their own wrapping on an empty text first, which then wraps this
document. It relies on Textual 8.2.8's private ``TextArea._set_document(text,
language)``, through which ``__init__`` and ``load_text`` (so the ``text`` setter
too) make every document, and on ``TextArea._rewrap_and_refresh_virtual_size``;
``tests/test_textual_internals.py`` checks both. The document itself is written to
Textual's public ``DocumentBase`` interface.
"""

from __future__ import annotations

import re
from typing import Literal, overload

from rich.cells import cell_len
from textual.geometry import Size
from textual.widgets import TextArea
from textual.widgets.text_area import DocumentBase, DocumentNavigator, EditResult, Location

LINE_BREAK = re.compile("(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])")
"""Where ``str.splitlines()`` breaks a line (``\\r\\n`` as one break), captured."""

OTHER_BREAK = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""A break other than ``\\n``: text without one splits the quick way."""


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """The lines of ``text`` (as ``str.splitlines`` sees them) and the break after each but the last.

    ``"".join(line + end for line, end in zip(lines, ends)) + lines[-1] == text``; a text
    ending in a break has an empty last line, as in Textual's ``Document``.
    """
    if OTHER_BREAK.search(text) is None:
        lines = text.split("\n")
        return lines, ["\n"] * (len(lines) - 1)
    parts = LINE_BREAK.split(text)
    return parts[0::2], parts[1::2]


def _others(ends: list[str]) -> int:
    return sum(end != "\n" for end in ends)


class ExactDocument(DocumentBase):
    """Lines as Textual shows them, and the break that ended each, so the text comes back exact."""

    def __init__(self, text: str) -> None:
        self._lines, self._ends = split_lines(text)
        self._other_ends = _others(self._ends)  # how many ends are not "\n": none, and text is a plain join

    @property
    def text(self) -> str:
        lines, ends = self._lines, self._ends
        if not self._other_ends:
            return "\n".join(lines)
        parts = [part for line, end in zip(lines, ends, strict=False) for part in (line, end)]
        parts.append(lines[-1])
        return "".join(parts)

    @property
    def newline(self) -> Literal["\n"]:
        """What a new line typed is (Enter inserts ``\\n`` whatever this says)."""
        return "\n"

    @property
    def lines(self) -> list[str]:
        return self._lines

    def get_line(self, index: int) -> str:
        return self._lines[index]

    @overload
    def __getitem__(self, line_index: int) -> str: ...

    @overload
    def __getitem__(self, line_index: slice) -> list[str]: ...

    def __getitem__(self, line_index: int | slice) -> str | list[str]:
        return self._lines[line_index]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def start(self) -> Location:
        return (0, 0)

    @property
    def end(self) -> Location:
        return (len(self._lines) - 1, len(self._lines[-1]))

    def location_of(self, index: int) -> Location:
        """Where character ``index`` of ``text`` is (a break counts its own length, ``\r\n`` two)."""
        remaining = max(0, index)
        for row, line in enumerate(self._lines):
            if remaining <= len(line):
                return row, remaining
            remaining -= len(line)
            if row < len(self._ends):
                remaining -= len(self._ends[row])
                if remaining < 0:  # inside a two-character break: its line's end
                    return row, len(line)
        return self.end

    def get_size(self, indent_width: int) -> Size:
        width = max((cell_len(line.expandtabs(indent_width)) for line in self._lines), default=0)
        return Size(width, len(self._lines))

    def _within(self, location: Location) -> Location:
        """``location``, moved inside the document if it points past a line or past the end."""
        row, column = location
        row = max(0, min(row, len(self._lines) - 1))
        return row, max(0, min(column, len(self._lines[row])))

    def get_text_range(self, start: Location, end: Location) -> str:
        top, bottom = sorted((self._within(start), self._within(end)))
        (top_row, top_column), (bottom_row, bottom_column) = top, bottom
        lines, ends = self._lines, self._ends
        if top_row == bottom_row:
            return lines[top_row][top_column:bottom_column]
        parts = [lines[top_row][top_column:], ends[top_row]]
        for row in range(top_row + 1, bottom_row):
            parts += (lines[row], ends[row])
        parts.append(lines[bottom_row][:bottom_column])
        return "".join(parts)

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((self._within(start), self._within(end)))
        (top_row, top_column), (bottom_row, bottom_column) = top, bottom
        replaced = self.get_text_range(top, bottom)
        new_lines, new_ends = split_lines(text)
        new_lines[0] = self._lines[top_row][:top_column] + new_lines[0]
        end_column = len(new_lines[-1])
        new_lines[-1] += self._lines[bottom_row][bottom_column:]
        self._other_ends += _others(new_ends) - _others(self._ends[top_row:bottom_row])
        self._lines[top_row : bottom_row + 1] = new_lines
        self._ends[top_row:bottom_row] = new_ends
        return EditResult((top_row + len(new_lines) - 1, end_column), replaced)


class ExactTextArea(TextArea):
    """A ``TextArea`` whose ``text`` is exactly what was put in and typed (see ``ExactDocument``)."""

    def _set_document(self, text: str, language: str | None) -> None:
        if language:  # syntax highlighting needs Textual's own documents (none of Coalition's fields has it)
            super()._set_document(text, language)
            return
        # Whatever is set up for a new plain document (by Textual, and by any class after this one
        # in the MRO, such as ``LongLineArea``), done on no text; then the document is ours, wrapped
        # by the same class as was chosen for it, and wrapped once.
        super()._set_document("", None)
        document = ExactDocument(text)
        self.document = document
        self.wrapped_document = type(self.wrapped_document)(document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._rewrap_and_refresh_virtual_size()
