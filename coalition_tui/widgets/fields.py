"""The fields partners type into.

Every field keeps the same promises, whatever screen it is on:

* coming back to a field puts the cursor after the words already there, so new
  words never land in front of old ones (a click still puts it where clicked);
* a one-line field left behind shows the start of its words, not their end;
* nothing typed selects or replaces what is there on arrival;
* a placeholder holding a name is plain text (see ``widgets/plain.py``);
* a key costs the same at the end of a paragraph of 30 characters or of
  300,000 on one line (most people write without line breaks): a several-line
  field wraps and draws only the rows a key changes (``widgets/long_lines.py``),
  so typing, and the autosave behind it, keep up with the typist;
* what a person changes reaches the record as part of the key that changed it:
  the field tells its screen at once (:func:`tell_keeper`), not by a message
  that would arrive after the next key. This is the only way a partner's words
  reach the session; messages about a change are for what is drawn.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import events
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Checkbox
from textual.widgets.text_area import Edit, EditResult

from coalition_tui.textual_ext.input_size import OneLineInput
from coalition_tui.widgets.exact_text import ExactTextArea
from coalition_tui.widgets.long_lines import LongLineArea
from coalition_tui.widgets.plain import plain


@runtime_checkable
class Keeper(Protocol):
    """What keeps the record a screen's fields belong to (the screen): told as each change happens."""

    def keep_field(self, field: Widget) -> None: ...


def tell_keeper(field: Widget) -> None:
    """``field`` changed: its screen puts what it holds now into the record, within the key that changed it."""
    if not field.is_attached:
        return
    try:
        screen = field.screen
    except NoScreen:
        return
    if isinstance(screen, Keeper):
        screen.keep_field(field)


class WordsArea(ExactTextArea, LongLineArea):  # exact_text: the words come back exactly as put in
    """Several lines of a person's words: wrapped, no line numbers, Tab moves on."""

    def __init__(self, text: str = "", *, placeholder: str = "", **kwargs) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            highlight_cursor_line=False,
            placeholder=plain(placeholder),
            **kwargs,
        )

    def edit(self, edit: Edit) -> EditResult:
        result = super().edit(edit)  # typing, deleting, pasting, cutting: every change a key makes
        tell_keeper(self)
        return result

    def undo(self) -> None:
        super().undo()
        tell_keeper(self)

    def redo(self) -> None:
        super().redo()
        tell_keeper(self)

    def _on_focus(self, event: events.Focus) -> None:
        # Textual keeps the cursor where it was (at the start, for a field just
        # built): new words would go in front of the old ones.
        if not event.from_app_focus:
            self.move_cursor(self.document.end)


class WordsInput(OneLineInput):
    """One line of a person's words: the cursor at the end on arrival, the start in view once left.

    ``refusal``: what to say when a character is refused (a field that takes only some characters).
    """

    # No frame, focused or flagged invalid (Input's own rules would draw one): the focus
    # shows as a tint, an invalid value by app.tcss's ``Input.-invalid``.
    DEFAULT_CSS = """
    WordsInput {
        border: none;
        height: 1;
        padding: 0;

        &:focus, &.-invalid, &.-invalid:focus {
            border: none;
        }
    }
    """

    def __init__(self, value: str = "", *, placeholder: str = "", refusal: str = "", **kwargs) -> None:
        # One line, no frame: styled in DEFAULT_CSS (Textual's ``compact`` restyles each field
        # once more as it is built, a cost paid 30 times over on the accountability screen).
        # Nothing to validate: no validation pass on every change either.
        super().__init__(value, placeholder=placeholder, select_on_focus=False, validate_on=(), **kwargs)
        self.refusal = refusal

    def on_mount(self) -> None:
        self.cursor_position = 0  # not focused: show the start of the words

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            tell_keeper(self)

    def restricted(self) -> None:
        """A character this field does not take: a bell, and why (never a silent loss)."""
        super().restricted()
        if self.refusal:
            self.notify(self.refusal, timeout=4)

    def _on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:
            self.cursor_position = len(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        self.cursor_position = 0


class TickBox(Checkbox):
    """A tick box that shows its state by shape: ``✔`` when ticked, empty when not.

    Textual's draws an ``X`` either way and tells them apart by colour alone (the
    unticked one nearly the colour of the background).
    """

    def watch_value(self) -> None:
        super().watch_value()
        if self.is_mounted:
            tell_keeper(self)

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✔" if self.value else " "
