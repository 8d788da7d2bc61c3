"""widgets/long_lines.py: the same rows, cursor places and drawing as Textual's own, at the cost of a row.

The module re-wraps only what an edit can change and draws a row from its own
characters. These tests hold it to Textual's results: after random edits (long
words, wide characters, tabs, line breaks, pastes, undo) the wrap equals a
fresh ``WrappedDocument``'s, every cursor place and row equals Textual's, and
each row drawn equals ``TextArea._render_line``'s. They also fail loudly if a
private name of Textual that the module relies on goes or changes meaning.
"""

from __future__ import annotations

import functools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.widgets import TextArea
from textual.widgets.text_area import Document, Selection, WrappedDocument

from coalition_tui.widgets import long_lines
from coalition_tui.widgets.fields import WordsArea
from coalition_tui.widgets.long_lines import LongLineArea, SectionWrap

WORDS = ["a", "an", "the", "words", "paragraph", "é", "naïve", "日本語", "🙂", "x" * 70, "  ", "(", ")"]


def prose(rng: random.Random, count: int, *, tabs: bool = False, breaks: bool = False) -> str:
    pieces = []
    for _ in range(count):
        pieces.append(rng.choice(WORDS))
        pieces.append(rng.choice([" ", " ", " ", "  "] + (["\t"] if tabs else []) + (["\n"] if breaks else [])))
    return "".join(pieces)


def wrap_state(wrapped: WrappedDocument) -> tuple:
    return (
        wrapped._wrap_offsets,
        wrapped._offset_to_line_info,
        wrapped._line_index_to_offsets,
        wrapped._tab_width_cache,
    )


def assert_same_as_textual(ours: SectionWrap, document: Document, width: int, rng: random.Random) -> None:
    """Our kept-up wrap equals a fresh Textual wrap of the same text, and answers every question alike."""
    theirs = WrappedDocument(document, width, 4)
    # Textual divides a line afresh for every question about it; this wrap never changes,
    # so each line is divided once (the answers are the same, an order of magnitude sooner).
    theirs.get_sections = functools.cache(theirs.get_sections)  # type: ignore[method-assign]
    assert wrap_state(ours) == wrap_state(theirs)
    assert ours.height == theirs.height
    for line_index in range(document.line_count):
        assert ours.get_sections(line_index) == theirs.get_sections(line_index)
        line = document[line_index]
        for column in {0, len(line), *(rng.randint(0, len(line)) for _ in range(5))}:
            assert ours.location_to_offset((line_index, column)) == theirs.location_to_offset((line_index, column))
        sections = len(theirs.get_offsets(line_index)) + 1
        for section in {0, sections - 1, -1, rng.randrange(sections)}:
            for x in (0, 1, width // 2, width + 3):
                assert ours.get_target_document_column(line_index, x, section) == (
                    theirs.get_target_document_column(line_index, x, section)
                ), (line_index, x, section)
    for _ in range(5):
        offset = Offset(rng.randint(0, width + 2), rng.randint(0, theirs.height + 1))
        assert ours.offset_to_location(offset) == theirs.offset_to_location(offset)


def random_edit(rng: random.Random, document: Document) -> tuple[tuple[int, int], tuple[int, int], str]:
    row = rng.randrange(document.line_count)
    line = document[row]
    start = rng.randint(0, len(line))
    kind = rng.random()
    if kind < 0.55:  # typing: one character, mostly at the end
        column = len(line) if rng.random() < 0.6 else start
        return (row, column), (row, column), rng.choice("abcdefg hij  é日🙂")
    if kind < 0.75:  # deleting a little
        end = min(len(line), start + rng.randint(1, 4))
        return (row, start), (row, end), ""
    if kind < 0.9:  # a paste within the line
        end = min(len(line), start + rng.randint(0, 30))
        return (row, start), (row, end), prose(rng, rng.randint(1, 40), tabs=rng.random() < 0.1)
    # a line break, or an edit across lines
    other = rng.randrange(document.line_count)
    top, bottom = sorted([(row, start), (other, rng.randint(0, len(document[other])))])
    return top, bottom, rng.choice(["\n", "", "new\nlines ", "a"])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), width=st.integers(5, 60))
def test_the_wrap_kept_up_edit_by_edit_equals_textuals_fresh_wrap(seed, width):
    rng = random.Random(seed)
    document = Document(prose(rng, rng.randint(0, 400), tabs=rng.random() < 0.2, breaks=rng.random() < 0.3))
    ours = SectionWrap(document, width, 4)
    assert_same_as_textual(ours, document, width, rng)
    for _ in range(25):
        top, bottom, text = random_edit(rng, document)
        result = document.replace_range(top, bottom, text)
        ours.wrap_range(top, bottom, result.end_location)
        assert_same_as_textual(ours, document, width, rng)


def test_a_wrong_claim_about_an_edit_falls_back_to_wrapping_the_line_again():
    """wrap_range is public: a caller that names too small a range still gets the right rows."""
    rng = random.Random(3)
    document = Document(prose(rng, 300))
    ours = SectionWrap(document, 20, 4)
    document.replace_range((0, 10), (0, 10), "inserted here ")
    ours.wrap_range((0, 200), (0, 200), (0, 201))  # claims an edit far from the real one
    assert_same_as_textual(ours, document, 20, rng)


def test_typing_at_the_end_of_a_long_line_wraps_only_its_last_rows(monkeypatch):
    """The work per key does not grow with the line: what is wrapped again is a row or two."""
    rng = random.Random(5)
    document = Document(prose(rng, 60_000))
    assert len(document[0]) > 300_000
    ours = SectionWrap(document, 50, 4)
    wrapped_lengths: list[int] = []
    real = long_lines.compute_wrap_offsets

    def counting(text: str, width: int, tab_size: int, *args, **kwargs):
        wrapped_lengths.append(len(text))
        return real(text, width, tab_size, *args, **kwargs)

    monkeypatch.setattr(long_lines, "compute_wrap_offsets", counting)
    for character in "a quick word typed at the end ":
        end = (0, len(document[0]))
        result = document.replace_range(end, end, character)
        ours.wrap_range(end, end, result.end_location)
    assert wrapped_lengths and max(wrapped_lengths) <= 3 * 50
    # and in the middle: the rows meet the old ones again within a few rows
    wrapped_lengths.clear()
    middle = (0, len(document[0]) // 2)
    result = document.replace_range(middle, middle, "an inserted phrase ")
    ours.wrap_range(middle, middle, result.end_location)
    assert sum(wrapped_lengths) <= 20 * 50
    assert_same_as_textual(ours, document, 50, rng)


# -- drawing ------------------------------------------------------------------------------


class Areas(App[None]):
    def __init__(self, area: TextArea) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        yield self.area


def rows_drawn(area: LongLineArea) -> list[tuple[list, int]]:
    return [(list(strip), strip.cell_length) for strip in (area.render_line(y) for y in range(area.size.height))]


def rows_textual_draws(area: LongLineArea) -> list[tuple[list, int]]:
    area._line_cache.clear()
    strips = [TextArea._render_line(area, y) for y in range(area.size.height)]
    return [(list(strip), strip.cell_length) for strip in strips]


@pytest.mark.parametrize("seed", range(6))
async def test_each_row_drawn_equals_the_row_textual_draws(seed):
    rng = random.Random(seed)
    text = prose(rng, 700, breaks=seed % 2 == 1) + " (a bracket) ..."
    area = WordsArea(text)
    app = Areas(area)
    async with app.run_test(size=(50, 20)) as pilot:
        for _ in range(12):
            row = rng.randrange(area.document.line_count)
            column = rng.randint(0, len(area.document[row]))
            if rng.random() < 0.4:
                other = rng.randrange(area.document.line_count)
                area.selection = Selection((row, column), (other, rng.randint(0, len(area.document[other]))))
            else:
                area.move_cursor((row, column))
            if rng.random() < 0.3:
                area.blur()
            else:
                area.focus()
            if rng.random() < 0.3:
                area.scroll_to(y=rng.randint(0, max(0, area.virtual_size.height - 5)), animate=False)
            await pilot.pause()
            assert rows_drawn(area) == rows_textual_draws(area)


async def test_a_row_is_drawn_without_cutting_up_its_whole_line(monkeypatch):
    area = WordsArea("words " * 50_000)
    async with Areas(area).run_test(size=(60, 20)) as pilot:
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()

        def whole_line_cut(self, offsets):
            raise AssertionError("a whole line was cut into its rows to draw one")

        monkeypatch.setattr(Text, "divide", whole_line_cut)
        await pilot.press(*"more")
        await pilot.pause()
        assert all(area.render_line(y).cell_length for y in range(area.size.height))
        assert area.text.endswith("words more")


async def test_typing_after_a_long_line_lands_at_its_end_and_is_shown():
    words = "lorem ipsum dolor sit amet " * 1200
    area = WordsArea(words)
    async with Areas(area).run_test(size=(60, 20)) as pilot:
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*"typed at the end")
        await pilot.pause()
        assert area.text == words + "typed at the end"
        assert area.cursor_location == area.document.end
        shown = "".join("".join(segment.text for segment in area.render_line(y)) for y in range(area.size.height))
        assert "typed at the end" in shown
        area.undo()
        assert area.text == words
        assert_same_as_textual(area.wrapped_document, area.document, area.wrap_width, random.Random(1))


async def test_a_megabyte_pasted_on_one_line_lands_whole_and_keys_after_it_wrap_a_row(monkeypatch):
    paste = ("lorem ipsum dolor sit amet, " * 40_000)[:1_000_000]
    area = WordsArea("")
    app = Areas(area)
    async with app.run_test(size=(80, 24)) as pilot:
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(paste))  # as a terminal's paste arrives: the app hands it to the focus
        await pilot.pause()
        assert area.text == paste
        wrapped_lengths: list[int] = []
        real = long_lines.compute_wrap_offsets

        def counting(text: str, width: int, tab_size: int, *args, **kwargs):
            wrapped_lengths.append(len(text))
            return real(text, width, tab_size, *args, **kwargs)

        monkeypatch.setattr(long_lines, "compute_wrap_offsets", counting)
        await pilot.press(*"after")
        await pilot.pause()
        assert area.text == paste + "after"
        assert max(wrapped_lengths) <= 3 * area.wrap_width
