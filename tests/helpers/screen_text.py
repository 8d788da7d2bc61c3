"""What the terminal would show right now: the app's screen drawn from scratch into a terminal emulator.

One place that reaches into Textual's compositor (``render_full_update``): the
tests that read the screen as a person sees it (words, colours) all use this.
"""

from __future__ import annotations

import pyte


def full_render(app) -> pyte.Screen:
    """The whole current screen, as a terminal (pyte) shows it after a full redraw."""
    width, height = app.size
    screen = pyte.Screen(width, height)
    update = app.screen._compositor.render_full_update()
    pyte.Stream(screen).feed(update.render_segments(app.console))
    return screen


def screen_text(app) -> str:
    """The screen's characters, a line per row (wide characters take their cells once)."""
    return "\n".join(full_render(app).display)
