"""What every Coalition screen shares: the too-small guard, and focus changes that repaint only what they change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from coalition_tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

if TYPE_CHECKING:
    from coalition_tui.app import CoalitionApp


class CoalitionScreen(Screen):
    """A screen that hides itself behind a plain message when the terminal is too small."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's own, without its repaint of the whole screen at every change of focus.

    The widgets that gain and lose focus (and their focus-within ancestors) are
    restyled and redrawn by Textual anyway; the whole-screen repaint on top cost
    the clearing screen about 25 ms at each hand-off, where the floor keys move
    the focus to the speaker's notes. tests/test_terminal_frames.py feeds every
    frame to a terminal emulator and checks that nothing is left stale.
    """

    @property
    def coalition(self) -> CoalitionApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self, event: events.Mount) -> None:
        # Handlers run along the MRO, so subclasses' own on_mount runs as well.
        self._check_size(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(too_small, "-too-small")
        if too_small:  # the message is added the first time it is needed: most runs never need it
            if guard := self.query(TooSmall):
                guard.first().show_size(width, height)
            else:
                self.mount(TooSmall(width, height))
