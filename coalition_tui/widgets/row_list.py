"""A keyboard-driven list of rows in columns that draws only the rows on screen.

Textual's DataTable measures every cell it is given before its first frame, so
with a coach's thousand sessions the home screen would pay for the whole history
before showing a screenful of it. This list asks for a row's cells only when the
row is drawn (Textual's Line API), and fits its columns to the width it has:
columns narrow, with an ellipsis, and the least needed are left out, so nothing
scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coalition_tui.i18n import N_

GAP = 2  # blank cells between columns
MARGIN = 1  # a blank cell before the first column
ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    """A column's heading and how far it may narrow (``min_width`` None: never narrower than wanted)."""

    label: str
    min_width: int | None = None


@dataclass(frozen=True)
class Narrow:
    """One step in making the columns fit: shrink column ``index`` to its minimum, or drop it."""

    index: int
    drop: bool = False


def fit_columns(wanted: Sequence[int], minimum: Sequence[int], available: int, steps: Sequence[Narrow]) -> list[int]:
    """Column widths (0: left out) that fit ``available`` cells with GAP between them.

    The steps are taken in order, each only as far as needed. If every step is
    taken and the columns still do not fit, they are returned as narrowed as the
    steps allow (the line is then cut at the edge).
    """
    widths = list(wanted)

    def total() -> int:
        shown = [w for w in widths if w]
        return sum(shown) + GAP * max(0, len(shown) - 1)

    for step in steps:
        excess = total() - available
        if excess <= 0:
            break
        if step.drop:
            widths[step.index] = 0
        elif widths[step.index]:
            widths[step.index] = max(minimum[step.index], widths[step.index] - excess)
    return widths


def fit_text(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis (nothing in a column left out)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


class RowList(ScrollView, can_focus=True):
    """Rows of text in columns, one highlighted; Enter or a click chooses it.

    The owner gives the keys, the widest each column wants to be, and a function
    that returns a row's cells; the cells are asked for only when the row comes
    into view. Cells are plain text, never markup: they may be anyone's words.
    """

    BINDINGS = [
        Binding("enter", "select", N_("Open")),
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown", "page_down", N_("Page down"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
    ]

    COMPONENT_CLASSES = {"row-list--header", "row-list--cursor", "row-list--odd"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """The highlighted row's index."""

    class Selected(Message):
        """A row was chosen (Enter, or a click on it)."""

        def __init__(self, row_list: RowList, key: str) -> None:
            super().__init__()
            self.row_list = row_list
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, columns: Sequence[Column], steps: Sequence[Narrow] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.steps = tuple(steps)
        self._keys: list[str] = []
        self._cells_of: Callable[[int], Sequence[str]] = lambda index: ()
        self._cells: dict[int, Sequence[str]] = {}
        self._wanted = [cell_len(column.label) for column in self.columns]
        self._fitted: tuple[int, list[int]] | None = None  # (available width, widths)

    # -- what it shows ---------------------------------------------------------

    def show_rows(self, keys: Sequence[str], cells_of: Callable[[int], Sequence[str]], wanted: Sequence[int]) -> None:
        """Replace the rows; the highlight stays on the same key when it is still listed.

        ``wanted``: the widest each column's cells are (the headings are allowed for here).
        """
        current = self.highlighted_key
        self._keys = list(keys)
        self._cells_of = cells_of
        self._cells.clear()
        self._wanted = [max(w, cell_len(c.label)) for w, c in zip(wanted, self.columns, strict=True)]
        self._fitted = None
        self.virtual_size = Size(0, len(self._keys) + 1)  # the heading takes the first line
        index = self._keys.index(current) if current in self._keys else 0
        self.cursor = min(index, max(0, len(self._keys) - 1))
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    @property
    def highlighted_key(self) -> str | None:
        return self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None

    def cells(self, index: int) -> Sequence[str]:
        """Row ``index``'s cells (asked of the owner once, then kept until the rows change)."""
        if (cells := self._cells.get(index)) is None:
            cells = self._cells[index] = self._cells_of(index)
        return cells

    def column_widths(self) -> list[int]:
        """The widths the columns have at the current size (0: left out)."""
        available = self.scrollable_content_region.width
        if self._fitted is None or self._fitted[0] != available:
            minimum = [
                c.min_width if c.min_width is not None else w for c, w in zip(self.columns, self._wanted, strict=True)
            ]
            self._fitted = (available, fit_columns(self._wanted, minimum, available - MARGIN, self.steps))
        return self._fitted[1]

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            text, style = self._line([c.label for c in self.columns]), self.get_component_rich_style("row-list--header")
        else:
            index = round(self.scroll_offset.y) + y - 1
            if index >= len(self._keys):
                return Strip.blank(width, self.rich_style)
            text = self._line(self.cells(index))
            style = self.rich_style
            if index % 2:
                style += self.get_component_rich_style("row-list--odd")
            if index == self.cursor:
                style += self.get_component_rich_style("row-list--cursor")
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def _line(self, cells: Sequence[str]) -> str:
        parts = [fit_text(cell, w) for cell, w in zip(cells, self.column_widths(), strict=True) if w]
        return " " * MARGIN + (" " * GAP).join(parts)

    def on_resize(self) -> None:
        self._fitted = None
        self._scroll_to_cursor()

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        rows_shown = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows_shown:
            self.scroll_to(y=self.cursor - rows_shown + 1, animate=False, immediate=True)

    # -- moving and choosing ---------------------------------------------------

    def _move_to(self, index: int) -> None:
        if self._keys:
            self.cursor = max(0, min(index, len(self._keys) - 1))

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._keys) - 1)

    def action_select(self) -> None:
        if (key := self.highlighted_key) is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:  # the heading, or a scrollbar
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self._keys):
            self.cursor = index
            self.action_select()
