"""What every Coalition screen shares: the too-small guard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.screen import Screen

from coalition_tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

if TYPE_CHECKING:
    from coalition_tui.app import CoalitionApp


class CoalitionScreen(Screen):
    """A screen that hides itself behind a plain message when the terminal is too small."""

    @property
    def coalition(self) -> CoalitionApp:
        return self.app  # type: ignore[return-value]

    async def on_mount(self, event: events.Mount) -> None:
        # Handlers run along the MRO, so subclasses' own on_mount runs as well.
        await self.mount(TooSmall())
        self._check_size(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(too_small, "-too-small")
        if too_small:
            self.query_one(TooSmall).show_size(width, height)
