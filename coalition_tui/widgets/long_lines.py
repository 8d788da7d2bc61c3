"""A text area whose cost per key does not grow with the length of the line being typed.

Most people write a paragraph without line breaks, so a partner's answer is
often one long line. Textual's ``TextArea`` (8.2.8) does work in proportion
to the whole line on every key, several times over:

* after each edit it wraps the edited line again from its first character
  (``WrappedDocument.wrap_range``);
* to place the cursor it cuts the whole line into its rows, twice per key
  (``WrappedDocument.location_to_offset`` via ``get_sections``);
* to draw one row of the screen it styles the whole line and cuts it into all
  its rows, then keeps one (``TextArea._render_line``); every row on screen is
  drawn again after each key, because the cursor moved.

With 30,000 characters on one line that is about 0.1 s per key, longer than
the gap between a quick typist's keys, so the app fell behind the typing, and
so did the autosave. Here the same results come from the part of the line
that matters:

* ``SectionWrap`` re-wraps an edited line from the row before the edit and
  stops where its rows meet the old ones again (wrapping is greedy and each row
  starts afresh, so from a row start that the old and new text share, the rest
  is the same, shifted); it finds a cursor's row by bisecting the row starts.
* ``LongLineArea`` draws a row from that row's characters alone.

Lines holding a tab, syntax-highlighted documents, line numbers, a highlighted
cursor line and suggestions keep Textual's own path (none is used for
partners' words). The results are the same as Textual's: the tests compare the
wrap after random edits and each drawn row with Textual's own (except for
characters Rich drops from a ``Text``, such as form feed, which Textual's own
rows misplace).

Textual's private names relied on (the project pins textual 8.2.8;
``tests/test_textual_internals.py`` fails loudly if any goes or changes meaning):

* ``TextArea._set_document(text, language)``: builds the document and its
  ``WrappedDocument`` on every new text; overridden to put a ``SectionWrap``
  in its place (there is no public way to choose the wrapping class);
* ``TextArea._theme`` (the ``TextAreaTheme`` whose styles draw the text, the
  cursor and the selection), ``TextArea._draw_cursor`` (whether the cursor is
  shown now: focus and blink) and ``TextArea._has_cursor``: read to draw a row
  exactly as ``TextArea._render_line`` does;
* ``WrappedDocument._wrap_offsets`` (each line's row starts),
  ``_offset_to_line_info`` (each row's line and section),
  ``_line_index_to_offsets`` (each line's rows), ``_tab_width_cache``,
  ``_width`` and ``_tab_width``: the wrap's state, read and updated in place
  exactly as ``WrappedDocument.wrap_range`` does;
* ``textual._wrap.compute_wrap_offsets``: the wrapping rule itself, applied
  to the part of a line being wrapped again, so the rows are Textual's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual._wrap import compute_wrap_offsets
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import DocumentBase, DocumentNavigator, Location, WrappedDocument

# A row start that is a chunk start: whitespace, then a character that is not.
_CHUNK_START = re.compile(r"\s(?=\S)")
_FIRST_WINDOW = 256  # characters searched back for a chunk's start, doubled until found


def _chunk_start(text: str, end: int) -> int:
    """Where the chunk (a word and the spaces after it) holding ``text[end - 1]`` begins.

    Textual's wrap cuts a line into chunks (``\\S+\\s*`` or leading ``\\s+``);
    a chunk begins after whitespace, at a character that is not whitespace.
    Searched backwards in growing windows, so a long word costs what it is long.
    """
    window = _FIRST_WINDOW
    while True:
        low = max(0, end - window)
        last = -1
        for match in _CHUNK_START.finditer(text, low, end):
            last = match.end()
        if last >= 0:
            return last
        if low == 0:
            return 0
        window *= 2


def _last_chunk_start(text: str) -> int:
    return _chunk_start(text, len(text))


def _column_at(text: str, cells: int) -> int:
    """The column of ``text`` (no tabs) under cell ``cells``: the first character that reaches past it."""
    total = 0
    for column, character in enumerate(text):
        total += cell_len(character)
        if total > cells:
            return column
    return len(text)


class SectionWrap(WrappedDocument):
    """Textual's wrapped view of a document, kept up to date by re-wrapping only what an edit can change."""

    def __init__(self, document: DocumentBase, width: int = 0, tab_width: int = 4) -> None:
        self._wrapped_lines: list[str] = []  # each line as last wrapped, to check an edit's claims against
        super().__init__(document, width, tab_width)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        super().wrap(width, tab_width)
        self._wrapped_lines = list(self.document.lines)

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        if not self._rewrap_within_line(start, old_end, new_end):
            super().wrap_range(start, old_end, new_end)
            self._wrapped_lines = list(self.document.lines)

    # -- an edit within one line ------------------------------------------------------------

    def _rewrap_within_line(self, start: Location, old_end: Location, new_end: Location) -> bool:
        """Re-wrap the one line an edit changed, from the row before it; False if this edit is not such a one."""
        row = start[0]
        width = self._width
        if (
            not row == old_end[0] == new_end[0]
            or width <= 0
            or len(self._wrapped_lines) != self.document.line_count
            or not 0 <= row < len(self._wrap_offsets)
            or any(self._tab_width_cache[row])
        ):
            return False
        old, new = self._wrapped_lines[row], self.document[row]
        if "\t" in new:
            return False
        # The edit's claim, checked: the text before ``column`` is unchanged, and so is the text
        # after ``old_column`` (now at ``new_column``). A wrong claim falls back to a whole re-wrap.
        column = min(start[1], len(old), len(new))
        shift = len(new) - len(old)
        old_column = min(max(old_end[1], column), len(old))
        new_column = old_column + shift
        # (startswith / endswith: at the end of a line, the usual place, nothing is copied.)
        if new_column < column or not new.startswith(old[:column]) or not new.endswith(old[old_column:]):
            return False
        old_offsets = self._wrap_offsets[row]
        new_offsets = self._rewrapped(old_offsets, new, column, old_column, shift)
        self._wrapped_lines[row] = new
        self._wrap_offsets[row] = new_offsets
        self._tab_width_cache[row] = [0] if new else []  # what Textual's wrap records for a line without tabs
        if len(new_offsets) != len(old_offsets):
            self._resize_rows(row, len(old_offsets) + 1, len(new_offsets) + 1)
        return True

    def _rewrapped(self, old_offsets: list[int], new: str, column: int, old_column: int, shift: int) -> list[int]:
        """The new line's row starts: the old ones before the edit's chunk, then fresh ones until they meet the old."""
        width, tab_width = self._width, self._tab_width
        # Rows before the chunk holding the edit are unchanged; wrapping again from the last
        # row start before it (a row starts afresh there) gives every later row.
        kept_count = bisect_left(old_offsets, _chunk_start(new, column)) if column else 0
        kept = old_offsets[:kept_count]
        new_column = old_column + shift
        fresh: list[int] = []
        begin = kept[-1] if kept else 0
        span = (new_column - begin) + max(8 * width, _FIRST_WINDOW)
        while True:
            piece = new[begin : begin + span]
            complete = begin + len(piece) >= len(new)
            # A piece cut short may end mid-chunk: row starts from its last chunk on may change.
            limit = len(new) + 1 if complete else begin + _last_chunk_start(piece)
            progressed = False
            for offset in compute_wrap_offsets(piece, width, tab_width):
                position = begin + offset
                if position >= limit:
                    break
                if position >= new_column:  # in the unchanged tail: does an old row start here?
                    index = bisect_left(old_offsets, position - shift)
                    if index < len(old_offsets) and old_offsets[index] == position - shift:
                        return kept + fresh + [offset + shift for offset in old_offsets[index:]]
                fresh.append(position)
                progressed = True
            if complete:
                return kept + fresh
            if progressed:
                begin = fresh[-1]
            else:
                span *= 2  # one chunk longer than the piece: look further

    def _resize_rows(self, row: int, old_count: int, new_count: int) -> None:
        """Line ``row`` now has ``new_count`` rows: the row maps follow, as ``WrappedDocument.wrap_range`` does."""
        top = self._line_index_to_offsets[row][0]
        if new_count > old_count:
            self._offset_to_line_info[top + old_count : top + old_count] = [
                (row, section) for section in range(old_count, new_count)
            ]
        else:
            del self._offset_to_line_info[top + new_count : top + old_count]
        self._line_index_to_offsets[row] = list(range(top, top + new_count))
        moved = new_count - old_count
        for below in range(row + 1, len(self._line_index_to_offsets)):
            self._line_index_to_offsets[below] = [offset + moved for offset in self._line_index_to_offsets[below]]

    # -- rows of a line, without cutting up the whole line -------------------------------------

    def _plain_line(self, line_index: int) -> bool:
        """A line of this wrap without tabs: its rows are plain slices of it."""
        return (
            bool(self._width)
            and 0 <= line_index < len(self._wrap_offsets)
            and not any(self._tab_width_cache[line_index])  # a line without tabs has widths [0] (or [] if empty)
        )

    def section_bounds(self, line_index: int, section: int) -> tuple[int, int]:
        """Columns where row ``section`` of a line begins and ends (the end is the next row's start)."""
        offsets = self._wrap_offsets[line_index]
        if section < 0:
            section += len(offsets) + 1
        begin = offsets[section - 1] if section > 0 else 0
        end = offsets[section] if section < len(offsets) else len(self.document[line_index])
        return begin, end

    def get_sections(self, line_index: int) -> list[str]:
        if not self._plain_line(line_index):
            return super().get_sections(line_index)
        line = self.document[line_index]
        offsets = self._wrap_offsets[line_index]
        return [line[begin:end] for begin, end in zip([0, *offsets], [*offsets, len(line)], strict=True)]

    def location_to_offset(self, location: Location) -> Offset:
        line_index, column_index = location
        if not self._plain_line(line_index):
            return super().location_to_offset(location)
        offsets = self._wrap_offsets[line_index]
        section = bisect_right(offsets, column_index)
        begin = offsets[section - 1] if section else 0
        x_offset = cell_len(self.document[line_index][begin:column_index])
        return Offset(x_offset, self._line_index_to_offsets[line_index][section])

    def get_target_document_column(self, line_index: int, x_offset: int, y_offset: int) -> int:
        if not self._plain_line(line_index):
            return super().get_target_document_column(line_index, x_offset, y_offset)
        sections = len(self._wrap_offsets[line_index]) + 1
        begin, end = self.section_bounds(line_index, y_offset)
        target = begin + _column_at(self.document[line_index][begin:end], x_offset)
        if y_offset != sections - 1 and y_offset != -1:
            target = min(target, end - 1)
        return target


class LongLineArea(TextArea):
    """A ``TextArea`` whose wrapping and drawing cost what a row costs, not what its line costs.

    A row it draws itself does not go through ``TextArea.get_line``: a subclass that
    styles its text there would need Textual's own drawing (none of Coalition's does).
    """

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if not self.is_syntax_aware:
            self.wrapped_document = SectionWrap(self.document, tab_width=self.indent_width)
            self.wrapped_document.wrap(self.wrap_width, tab_width=self.indent_width)
            self.navigator = DocumentNavigator(self.wrapped_document)

    def render_line(self, y: int) -> Strip:
        row = self._plain_row(y)
        if row is None:
            return super().render_line(y)
        return self._render_row(*row)

    def _plain_row(self, y: int) -> tuple[int, int] | None:
        """(line, section) of screen row ``y`` when it can be drawn from its own characters, else None."""
        wrapped = self.wrapped_document
        if (
            not isinstance(wrapped, SectionWrap)
            or not self.soft_wrap
            or self.show_line_numbers
            or self.highlight_cursor_line
            or self.suggestion
        ):
            return None
        rows = wrapped._offset_to_line_info
        row = y + self.scroll_offset.y
        if not 0 <= row < len(rows):
            return None
        line_index, section = rows[row]
        if not wrapped._plain_line(line_index) or not self.document[line_index]:
            return None
        return line_index, section

    def _render_row(self, line_index: int, section: int) -> Strip:
        """Row ``section`` of a line, drawn as ``TextArea._render_line`` draws it, from that row's characters."""
        wrapped = self.wrapped_document
        assert isinstance(wrapped, SectionWrap)
        theme = self._theme
        base_style = theme.base_style if theme and theme.base_style is not None else self.rich_style
        line = self.document[line_index]
        begin, end = wrapped.section_bounds(line_index, section)
        last = section == len(wrapped.get_offsets(line_index))
        # Textual pads the line with a space for the cursor to rest on: it falls in the last row.
        text = Text(line[begin:end] + (" " if last else ""), end="", no_wrap=True)
        text.tab_size = self.indent_width
        length = len(text)

        def stylize(style: Style, start: int, stop: int) -> None:
            """Style columns [start, stop) of the whole line, as far as they fall in this row."""
            low, high = max(start - begin, 0), min(stop - begin, length)
            if low < high:
                text.stylize(style, low, high)

        selection = self.selection
        selection_start, selection_end = selection
        cursor_row, cursor_column = selection_end
        (top_row, top_column), (bottom_row, bottom_column) = sorted(selection)
        if selection_start != selection_end and top_row <= line_index <= bottom_row:
            selection_style = theme.selection_style if theme else None
            if selection_style:
                stylize(
                    selection_style,
                    top_column if line_index == top_row else 0,
                    bottom_column if line_index == bottom_row else len(line),
                )
        matching_bracket = self.matching_bracket_location
        draw_matched_brackets = (
            self._has_cursor
            and self.match_cursor_bracket
            and matching_bracket is not None
            and selection_start == selection_end
        )
        if cursor_row == line_index:
            if draw_matched_brackets and theme and theme.bracket_matching_style:
                stylize(theme.bracket_matching_style, cursor_column, cursor_column + 1)
            if self._draw_cursor and theme and theme.cursor_style:
                stylize(theme.cursor_style, cursor_column, cursor_column + 1)
        if draw_matched_brackets and matching_bracket is not None and theme and theme.bracket_matching_style:
            bracket_row, bracket_column = matching_bracket
            if bracket_row == line_index:
                stylize(theme.bracket_matching_style, bracket_column, bracket_column + 1)

        strip = Strip(text.render(self.app.console), cell_length=text.cell_len)
        width = self.scrollable_content_region.size.width - self.gutter_width
        strip = strip.extend_cell_length(width, theme.base_style if theme else None)
        return strip.apply_style(base_style)
