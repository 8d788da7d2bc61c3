"""A sentence said twice: in English for the live log, and in the interface's language for a screen.

A refused edit is written to ``logs/live.log`` (read by whoever debugs, in
English) and shown on the host's screen (read by the host, in their language).
``Said`` is the English text, so the log, the tests and anything else that
reads it as a string see English; its ``shown`` is what a screen puts up.
"""

from __future__ import annotations

from coalition_tui import i18n


class Said(str):
    """English text (the string itself) with ``shown``: the same in the interface's language."""

    shown: str

    def __new__(cls, english: str, shown: str | None = None) -> Said:
        said = super().__new__(cls, english)
        said.shown = english if shown is None else shown
        return said


def say(message: str, **fields: object) -> Said:
    """``message`` (an English message id, marked ``N_`` where written) with its ``fields`` filled in.

    A field that is itself ``Said`` goes into each version in that version's language.
    """
    shown = i18n._(message).format(**{name: shown_text(value) for name, value in fields.items()})
    return Said(message.format(**{name: str(value) for name, value in fields.items()}), shown)


def shown_text(text: object) -> object:
    """What a screen shows for ``text``: its ``shown`` if it was ``Said``, else itself."""
    return text.shown if isinstance(text, Said) else text


def number(value: int) -> Said:
    """A count with its thousands grouped: ``8,388,608`` in English, as the locale groups it on screen."""
    english = f"{value:,}"
    return Said(english, english if i18n.current() == i18n.DEFAULT else i18n.show_number(value))
