"""Textual's Footer, rebuilt only when the keys it shows change.

Footer rebuilds every key it shows whenever the screen's bindings are refreshed,
and Textual refreshes them on every change of focus. On the clearing screen each
floor key moves the focus to the speaker's notes, so each hand-off rebuilt the
footer twice (and laid the screen out again each time) although it showed the
same keys: work that stood between the key and the next frames.

Textual offers no public way to change when a Footer rebuilds, so this relies
on Textual 8.2.8's ``Footer.bindings_changed(screen)`` (subscribed by
``Footer.on_mount`` to the screen's ``bindings_updated_signal``; overridden) and
its private reactive ``Footer._bindings_ready`` (``Footer.compose`` shows no keys
until it is set). Checked by ``tests/test_textual_internals.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.screen import ActiveBinding, Screen
from textual.widgets import Footer

PALETTE_WIDTH = 13  # the footer's "^p palette" at the right


def shown_keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """What a footer on ``screen`` would show: each visible binding, and whether it is enabled."""
    return tuple(
        (binding.key, binding.key_display, binding.action, binding.description, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


def fitting_bindings(
    screen: Screen, bindings: Mapping[str, ActiveBinding], first: Sequence[str]
) -> dict[str, ActiveBinding]:
    """The bindings with the footer's keys cut to what fits on one line: ``first``'s actions first.

    A footer that overflows scrolls its last keys out of sight, so on a narrow
    terminal the least needed keys leave it instead; they still work, and the
    command palette still offers them. A screen returns this from its
    ``active_bindings``; a SteadyFooter looks again when its width changes.
    """

    def rank(item: tuple[str, ActiveBinding]) -> int:
        action = item[1].binding.action
        return first.index(action) if action in first else len(first)

    room = (screen.app.size.width if screen.is_attached else 200) - PALETTE_WIDTH
    # A key takes its key, its words and the space around them: one more in the roomier, non-compact footer.
    footers = screen.query_children(Footer) if screen.is_attached else None  # a footer is docked on its screen
    spacing = 2 if footers and footers.first().compact else 3
    shown: set[str] = set()
    result = {}
    for key, active in sorted(bindings.items(), key=rank):
        binding = active.binding
        if binding.show and binding.action not in shown:
            width = len(screen.app.get_key_display(binding)) + len(binding.description) + spacing
            if width > room:
                continue
            room -= width
            shown.add(binding.action)
        result[key] = active
    return result


BROWSER_KEYS = frozenset({"ctrl+n", "ctrl+r", "ctrl+t", "ctrl+w", "ctrl+l"})
"""Keys a web browser keeps for itself (new window, reload, new tab, close tab, address bar)."""


def browser_keys(bindings: Mapping[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The bindings without the keys a browser keeps, where the same action has another key.

    The footer shows each action's first key: in a browser it shows ``f9 Next``
    rather than ``^n Next``. Nothing stops working: the keys are only not shown.
    """
    safe_actions = {active.binding.action for key, active in bindings.items() if key not in BROWSER_KEYS}
    return {
        key: active
        for key, active in bindings.items()
        if key not in BROWSER_KEYS or active.binding.action not in safe_actions
    }


class SteadyFooter(Footer):
    """A Footer that keeps its keys while the bindings it shows are the same."""

    # Unscoped: presentation mode and the high-contrast themes are classes on the App.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    /* Presentation mode: the keys the facilitator drives with, on every screen. */
    App.-presentation SteadyFooter {
        background: $panel;

        FooterKey .footer-key--key {
            text-style: bold;
        }
        FooterKey .footer-key--description {
            color: $text;
        }
    }

    /* The high-contrast themes: a key that does nothing now is set in italics, not dimmed
       (dimmed, it falls under 7:1); the footer's word for it is unchanged. */
    App.-theme-high-contrast SteadyFooter FooterKey.-disabled,
    App.-theme-high-contrast-light SteadyFooter FooterKey.-disabled {
        text-style: italic;
    }
    """

    _shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer does, but the rebuild is decided after the refresh, when the
        # bindings are read (the moment Footer.compose would read them).
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    def on_resize(self) -> None:
        # A screen may show fewer keys on a narrower terminal (fitting_bindings).
        if self._bindings_ready:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = shown_keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
