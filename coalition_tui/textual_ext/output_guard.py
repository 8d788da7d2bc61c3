"""What a person typed never drives the terminal: control characters are filtered out of drawn text.

Partners' words reach the screen through many widgets (text areas, labels,
tables, notifications), several written by other hands. Textual sends a
segment's text to the terminal as it is, so an answer holding ``ESC [ 2 J``
(pasted from a terminal, say) would clear the screen, and an OSC sequence
could retitle the window or worse. ``ControlFilter`` takes control characters
out of the text segments of every line a widget draws; Textual's own escape
sequences are produced later, from styles and control segments, which are
left alone.

Public API only: a ``LineFilter`` returned by ``App.get_line_filters``, which
every widget's lines pass through (``Widget.get_line_filters``) on their way to
the screen. No private name is relied on; ``tests/test_textual_internals.py``
checks that drawn lines still pass through the app's filters.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from coalition_tui.safe_text import UNSAFE_CONTROLS, strip_controls


class ControlFilter(LineFilter):
    """Drops control characters from text segments; styles and control segments pass untouched."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(control is None and UNSAFE_CONTROLS.search(text) for text, _, control in segments):
            return segments
        return [
            Segment(strip_controls(text), style, control) if control is None else Segment(text, style, control)
            for text, style, control in segments
        ]


CONTROL_FILTER = ControlFilter()
"""One instance: Textual caches each filtered line per filter."""
