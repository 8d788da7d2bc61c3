"""A one-line field whose typing never lays the whole screen out again.

Textual 8.2.8's ``Input`` keeps its ``virtual_size`` (a reactive declared on
``Widget`` with ``layout=True``) as wide as its text: its ``_watch_value`` sets
it on every change, so every key typed into any one-line field asks for a new
layout of the whole screen. On the accountability screen, with two plans of
fields side by side, that layout cost more than everything else a key does,
and more than the key itself, many times over on a busy machine.

A one-line field never changes size with its words (its width comes from the
screen's layout, its height is one row): the width of its text matters only to
how far it scrolls sideways, which ``Widget.max_scroll_x`` reads straight from
``virtual_size``. So ``OneLineInput`` redeclares ``virtual_size`` as Textual
declares it on ``Widget`` (same default) but without ``layout``: a change of
words repaints the field and leaves the layout alone. Checked by
``tests/test_textual_internals.py``.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class OneLineInput(Input):
    """An ``Input`` whose words never ask for a new layout (see the module's docstring)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True, layout=False)
