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
  so typing, and the autosave behind it, keep up with the typist.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Checkbox, Input

from coalition_tui.textual_ext.own_keys import OwnKeysFirst
from coalition_tui.widgets.exact_text import ExactTextArea
from coalition_tui.widgets.long_lines import LongLineArea
from coalition_tui.widgets.plain import plain


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

    def set_placeholder(self, placeholder: str) -> None:
        self.placeholder = plain(placeholder)

    def _on_focus(self, event: events.Focus) -> None:
        # Textual keeps the cursor where it was (at the start, for a field just
        # built): new words would go in front of the old ones.
        if not event.from_app_focus:
            self.move_cursor(self.document.end)


class WordsInput(OwnKeysFirst, Input):
    """One line of a person's words: the cursor at the end on arrival, the start in view once left."""

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

    def __init__(self, value: str = "", *, placeholder: str = "", **kwargs) -> None:
        # One line, no frame: styled in DEFAULT_CSS (Textual's ``compact`` restyles each field
        # once more as it is built, a cost paid 30 times over on the accountability screen).
        # Nothing to validate: no validation pass on every change either.
        super().__init__(value, placeholder=placeholder, select_on_focus=False, validate_on=(), **kwargs)

    def on_mount(self) -> None:
        self.cursor_position = 0  # not focused: show the start of the words

    def _on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:
            self.cursor_position = len(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        self.cursor_position = 0


class TickBox(OwnKeysFirst, Checkbox):
    """A tick box that shows its state by shape: ``✔`` when ticked, empty when not.

    Textual's draws an ``X`` either way and tells them apart by colour alone (the
    unticked one nearly the colour of the background).
    """

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✔" if self.value else " "
