"""Textual's own words: the keys of its widgets (Input, TextArea, Select, scrolling), its palette and commands.

Those bindings are declared inside Textual, in English, and reach the footer and
the keys panel like ours (``translated_bindings``). Listed here with ``N_`` so the
catalogue carries them; ``tests/test_i18n.py`` checks the list still matches the
Textual in use, so an upgrade that rewords one cannot slip through untranslated.
"""

from __future__ import annotations

from coalition_tui.i18n import N_, _

TEXTUAL_WORDS = (
    N_("Copy"),
    N_("Copy selected text"),
    N_("Cursor down"),
    N_("Cursor down select"),
    N_("Cursor left"),
    N_("Cursor left select"),
    N_("Cursor left word select"),
    N_("Cursor line end"),
    N_("Cursor line end select"),
    N_("Cursor line start"),
    N_("Cursor line start select"),
    N_("Cursor page down"),
    N_("Cursor page up"),
    N_("Cursor right"),
    N_("Cursor right select"),
    N_("Cursor right word select"),
    N_("Cursor up"),
    N_("Cursor up select"),
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cut"),
    N_("Cut selected text"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete line"),
    N_("Delete right to start of word"),
    N_("Delete to line end"),
    N_("Delete to line start"),
    N_("Dismiss menu"),
    N_("Down"),
    N_("Exit the command palette"),
    N_("First"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Go to bottom"),
    N_("Go to end"),
    N_("Go to start"),
    N_("Go to top"),
    N_("Last"),
    N_("Move cursor left"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Next command"),
    N_("Next page"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Page Up"),
    N_("Paste"),
    N_("Paste text from the clipboard"),
    N_("Press button"),
    N_("Previous command"),
    N_("Previous page"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
    N_("Redo"),
    N_("Scroll Down"),
    N_("Scroll End"),
    N_("Scroll Home"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Up"),
    N_("Select"),
    N_("Select all"),
    N_("Select line"),
    N_("Select line end"),
    N_("Select line start"),
    N_("Show menu"),
    N_("Submit"),
    N_("Toggle"),
    N_("Undo"),
    N_("Up"),
)


TEXTUAL_COMMANDS = frozenset(
    {
        N_("Theme"),
        N_("Change the current theme"),
        N_("Quit"),
        N_("Quit the application as soon as possible"),
        N_("Keys"),
        N_("Hide the keys and widget help panel"),
        N_("Show help for the focused widget and a summary of available keys"),
        N_("Minimize"),
        N_("Minimize the widget and restore to normal size"),
        N_("Maximize"),
        N_("Maximize the focused widget"),
        N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"),
    }
)
"""Textual's own palette commands, as Textual words them: translated where they are listed."""


PALETTE_WORDS = (N_("palette"), N_("Open the command palette"), N_("Search for commands…"))
"""Textual's words for its command palette key (translated with the footer's keys) and search field."""


def textual_text(text: str) -> str:
    """One of Textual's command titles or help in the interface's language (any other as Textual gives it)."""
    return _(text) if text in TEXTUAL_COMMANDS else text
