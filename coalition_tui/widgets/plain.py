"""People's words as Textual content: shown as they were typed, never read as markup.

A partner may be called ``Sam [CEO]`` or ``Ann [/]``. Textual reads a plain
``str`` as markup in most places (labels, buttons, border titles, placeholders,
toasts), where ``[CEO]`` would vanish as a style and ``[/]`` would end the app
with a MarkupError. Everything on screen that holds words a person typed is
built through :func:`plain`, and notifications are plain in
``CoalitionApp.notify``, so no call has a flag to remember.
"""

from __future__ import annotations

from textual.content import Content


def plain(text: str) -> Content:
    """``text`` exactly as it is, for any widget that takes Textual content."""
    return Content(text)
