"""Textual's Footer, rebuilt only when the keys it shows change.

Footer rebuilds every key it shows whenever the screen's bindings are refreshed,
and Textual refreshes them on every change of focus. On the clearing screen each
floor key moves the focus to the speaker's notes, so each hand-off rebuilt the
footer twice (and laid the screen out again each time) although it showed the
same keys: work that stood between the key and the next frames.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """What a footer on ``screen`` would show: each visible binding, and whether it is enabled."""
    return tuple(
        (binding.key, binding.key_display, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class SteadyFooter(Footer):
    """A Footer that keeps its keys while the bindings it shows are the same."""

    _shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer does, but the rebuild is decided after the refresh, when the
        # bindings are read (the moment Footer.compose would read them).
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = shown_keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
