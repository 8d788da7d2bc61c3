"""``ExactDocument`` and the fields built on it: words come back exactly as they were put in.

Textual's ``Document`` turned U+2028, U+0085, ``\\r`` and the other characters
``str.splitlines`` breaks at into ``\\n`` (and a text mixing ``\\n`` and ``\\r\\n`` into
all ``\\r\\n``), so words holding them changed just by being shown. Checked on the
document, on a text area being typed into, and on a whole session opened, edited
elsewhere and saved.
"""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.document._document import Document
from textual.widgets import TextArea

from coalition_tui.app import StartRequest
from coalition_tui.storage import Store
from coalition_tui.widgets.exact_text import LINE_BREAK, ExactDocument, ExactTextArea, split_lines
from coalition_tui.widgets.fields import WordsArea
from coalition_tui.widgets.long_lines import SectionWrap

ODD = "one\u2028two\u0085three\r\nfour\nfive\x0bsix\x0cseven\u2029eight\x1c\x1d\x1e\rnine\r\n"
TEXTS = [
    "",
    "\n",
    "a",
    "a\n",
    "\r\n",
    "\u2028",
    ODD,
    ODD + "end",
    "a\r\n\r\nb\n\nc",
    "\r\r\n\n\r",
    "tab\there 🙂 e\u0301",
]
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


# -- the document ------------------------------------------------------------------------------


def shown_lines(text: str) -> list[str]:
    """The lines as Textual's ``Document`` shows them, and an empty last line after any break ending the text.

    (Textual's adds that last line only after ``\\n`` or ``\\r``: after a U+2028 at the end, say,
    the cursor had nowhere to go.)
    """
    lines = text.splitlines()
    if not text or text[-1] in BREAKS:
        lines.append("")
    if not text or text[-1] in "\r\n" or text[-1] not in BREAKS:
        assert lines == Document(text).lines
    return lines


def test_line_breaks_are_exactly_where_str_splitlines_breaks():
    """Every code point: a break for this document iff ``str.splitlines`` breaks there (as Textual shows it)."""
    breaks = {chr(c) for c in range(0x110000) if 0xD800 > c or c > 0xDFFF if len(f"a{chr(c)}b".splitlines()) == 2}
    assert breaks == set(BREAKS)
    assert all(LINE_BREAK.fullmatch(b) for b in breaks) and LINE_BREAK.fullmatch("\r\n")


@pytest.mark.parametrize("text", TEXTS)
def test_text_comes_back_exactly_with_textuals_lines(text):
    document = ExactDocument(text)
    assert document.text == text
    assert document.lines == shown_lines(text)  # shown as Textual shows it
    assert document.get_text_range(document.start, document.end) == text
    lines, ends = split_lines(text)
    assert len(ends) == len(lines) - 1


def test_textuals_own_document_changes_these_texts():
    """Why ``ExactDocument`` exists. If this fails, Textual may have fixed it."""
    assert Document("a\u2028b").text == "a\nb"
    assert Document("a\nb\r\nc").text == "a\r\nb\r\nc"


def _random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("ab é🙂\t" + BREAKS) if rng.random() < 0.8 else "\r\n" for _ in range(length))


def _location(rng: random.Random, document: ExactDocument) -> tuple[int, int]:
    row = rng.randrange(document.line_count)
    return row, rng.randrange(len(document[row]) + 1)


def _index(document: ExactDocument, location: tuple[int, int]) -> int:
    """Where ``location`` is in the document's text."""
    row, column = location
    before = zip(document.lines[:row], document._ends[:row], strict=True)
    return sum(len(line) + len(end) for line, end in before) + column


def assert_consistent(document: ExactDocument) -> None:
    """Every line free of breaks, one break after each but the last, and together exactly the text."""
    lines, ends = document.lines, document._ends
    assert len(ends) == len(lines) - 1
    assert all(LINE_BREAK.fullmatch(end) for end in ends)
    assert not any(LINE_BREAK.search(line) for line in lines)
    assert "".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1] == document.text
    assert document._other_ends == sum(end != "\n" for end in ends)


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_change_exactly_what_they_replace(seed):
    rng = random.Random(seed)
    text = _random_text(rng, rng.randrange(0, 40))
    document = ExactDocument(text)
    for _ in range(30):
        start, end = _location(rng, document), _location(rng, document)
        insert = _random_text(rng, rng.randrange(0, 6))
        low, high = sorted((_index(document, start), _index(document, end)))
        before = text
        result = document.replace_range(start, end, insert)
        assert result.replaced_text == before[low:high]
        text = before[:low] + insert + before[high:]
        assert document.text == text
        assert_consistent(document)
        if "\r\n" not in text:  # (a "\r" and a "\n" an edit brings together stay two breaks until reopened)
            assert document.lines == shown_lines(text)
        assert _index(document, result.end_location) == low + len(insert)
        # Undo and redo, as Textual's history does them: what was replaced put back where the insert went.
        top = min(start, end)
        undo = document.replace_range(top, result.end_location, result.replaced_text)
        assert document.text == before
        document.replace_range(top, undo.end_location, insert)
        assert document.text == text


def test_undo_puts_back_the_very_characters():
    document = ExactDocument("a\u2028b\r\nc")
    result = document.replace_range((0, 1), (2, 0), "")
    assert document.text == "ac"
    document.replace_range((0, 1), result.end_location, result.replaced_text)
    assert document.text == "a\u2028b\r\nc"


def test_locations_past_the_end_are_taken_as_the_end():
    document = ExactDocument("ab\u2028cd")
    assert document.get_text_range((0, 1), (9, 9)) == "b\u2028cd"
    document.replace_range((9, 9), (9, 9), "!")
    assert document.text == "ab\u2028cd!"


# -- the text area -----------------------------------------------------------------------------


class OneArea(App[None]):
    def __init__(self, area: TextArea) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        yield self.area


async def test_a_field_keeps_the_words_when_typed_into_undone_and_reloaded():
    area = WordsArea(ODD)
    async with OneArea(area).run_test(size=(60, 20)) as pilot:
        assert isinstance(area.document, ExactDocument)
        assert isinstance(area.wrapped_document, SectionWrap)  # the long-line wrapping still applies
        assert area.text == ODD
        area.focus()
        await pilot.press("end", "x", "y")
        await pilot.pause()
        assert area.text == ODD + "xy"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == ODD
        area.move_cursor((0, 3))
        await pilot.press("backspace", "delete", "enter")  # "e", then the U+2028; a "\n" typed in its place
        await pilot.pause()
        assert area.text == "on\n" + ODD[4:]
        area.text = ODD + "again"  # load_text
        assert isinstance(area.document, ExactDocument) and area.text == ODD + "again"
        area.load_text("\u2028")
        assert area.text == "\u2028" and area.document.line_count == 2


async def test_a_plain_exact_text_area_wraps_with_textuals_own_class():
    area = ExactTextArea("a\u2028b")
    async with OneArea(area).run_test(size=(40, 10)):
        assert type(area.wrapped_document).__name__ == "WrappedDocument"
        assert area.text == "a\u2028b" and area.wrapped_document.height == 2


async def test_a_session_holding_them_is_saved_back_byte_for_byte(make_app, make_session, db_path):
    """Opened, edited elsewhere (another field, another prompt), walked through and saved: unchanged."""
    session = make_session(agenda="alignment")
    session.alignment.set_answer("care", "a", ODD)
    session.alignment.set_answer("vision", "b", ODD + "end")
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"hello", "ctrl+n")  # Ben's answer; ctrl+n copies every pane back
        await pilot.pause()
        await pilot.press(*"Ada", "ctrl+n", "ctrl+r", "ctrl+r")  # on and back again, past both
        await pilot.pause()
        app.save_now()
    saved = Store(db_path).load(session.id)
    assert saved.alignment.answer("care", "a") == ODD
    assert saved.alignment.answer("care", "b") == "hello"
    assert saved.alignment.answer("vision", "a") == "Ada"
    assert saved.alignment.answer("vision", "b") == ODD + "end"
