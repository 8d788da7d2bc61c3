"""The home screen's list widget: fitting columns, drawing rows lazily, moving and choosing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from coalition_tui.widgets.row_list import GAP, Column, Narrow, RowList, fit_columns, fit_text

STEPS = (Narrow(3, drop=True), Narrow(2), Narrow(1), Narrow(2, drop=True))


def shown_total(widths: list[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * max(0, len(shown) - 1)


@given(
    wanted=st.lists(st.integers(1, 40), min_size=4, max_size=4),
    floors=st.lists(st.integers(1, 40), min_size=4, max_size=4),
    available=st.integers(0, 200),
)
def test_fitting_narrows_only_as_the_steps_allow_and_only_as_far_as_needed(wanted, floors, available):
    minimum = [min(f, w) for f, w in zip(floors, wanted, strict=True)]
    widths = fit_columns(wanted, minimum, available, STEPS)
    if shown_total(wanted) <= available:
        assert widths == wanted, "what fits is left alone"
        return
    for index, (width, want, low) in enumerate(zip(widths, wanted, minimum, strict=True)):
        if index == 0:
            assert width == want, "a column no step names keeps its width"
        elif width:
            assert low <= width <= want
        else:
            assert index in (2, 3), "only columns a step drops are left out"
    # Everything the steps allow, taken in full: does that fit? Then the result fits too.
    narrowest = [wanted[0], minimum[1], 0, 0]
    if shown_total(narrowest) <= available:
        assert shown_total(widths) <= available
    # Column 2 is dropped only when shrinking it (and all before) was not enough.
    if widths[2] == 0:
        assert shown_total([wanted[0], minimum[1], minimum[2], 0]) > available


@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))), width=st.integers(0, 30))
def test_a_cell_always_takes_exactly_its_width(text, width):
    fitted = fit_text(text, width)
    assert cell_len(fitted) == width
    if not width:  # a column of width 0 is left out: it holds nothing, not even a zero-width character
        assert fitted == ""
    elif cell_len(text) <= width:
        assert fitted.rstrip(" ") == text.rstrip(" "), "what fits is shown whole"
    elif width:
        assert fitted.endswith("…"), "a cut is marked"


COLUMNS = (Column("Name"), Column("Note", min_width=4), Column("ID"))
NAMES = [f"Person {n}" for n in range(50)]


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowList(COLUMNS, (Narrow(2, drop=True), Narrow(1)), id="rows")

    def on_mount(self) -> None:
        keys = [f"k{n}" for n in range(len(NAMES))]

        def cells(index: int) -> tuple[str, ...]:
            self.asked.append(index)
            return (NAMES[index], "a note that runs on" if index % 2 else "-", keys[index])

        self.query_one(RowList).show_rows(keys, cells, [9, 19, 3])
        self.query_one(RowList).focus()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.chosen.append(event.key)


async def test_keys_move_the_highlight_within_the_list_and_enter_chooses():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(RowList)
        shown = rows.scrollable_content_region.height - 1
        assert sorted(set(app.asked)) == list(range(shown)), "only the rows on screen are asked for"
        await pilot.press("up")
        assert rows.highlighted_key == "k0", "the top stays the top"
        await pilot.press("down", "down", "enter")
        assert app.chosen == ["k2"]
        await pilot.press("pagedown")
        assert rows.cursor == 2 + shown
        await pilot.press("end")
        assert rows.highlighted_key == "k49"
        await pilot.pause()
        assert round(rows.scroll_offset.y) == 50 - shown, "the highlight is scrolled into view"
        assert "Person 49" in rows.render_line(shown).text
        await pilot.press("down", "pageup", "home")
        assert rows.cursor == 0 and round(rows.scroll_offset.y) == 0


async def test_a_click_chooses_the_row_under_it_and_the_heading_does_nothing():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.click(RowList, offset=(2, 0))
        assert app.chosen == []
        await pilot.click(RowList, offset=(2, 3))
        assert app.chosen == ["k2"] and app.query_one(RowList).cursor == 2


async def test_a_narrow_list_leaves_out_the_id_then_narrows_the_note():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(RowList)
        assert rows.render_line(0).text.split() == ["Name", "Note", "ID"]
        await pilot.resize_terminal(34, 12)
        await pilot.pause()
        assert rows.render_line(0).text.split() == ["Name", "Note"], "the ID goes first"
        assert "a note that runs on" in rows.render_line(2).text
        await pilot.resize_terminal(20, 12)
        await pilot.pause()
        line = rows.render_line(2).text
        assert "Person 1" in line and "a not…" in line, "then the note narrows, marked as cut"
        assert cell_len(line) == rows.scrollable_content_region.width
