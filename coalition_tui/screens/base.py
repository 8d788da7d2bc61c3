"""What every Coalition screen shares: the too-small guard, whose field has focus, and cheap focus changes.

``Screen.focused`` is Textual's public reactive; it is redeclared here with
``repaint=False`` and otherwise as Textual 8.2.8 declares it (default None, no
layout), relying on Textual's own watcher ``Screen._watch_focused`` (the
bindings follow the focus) still running beside ``watch_focused``. There is no
public way to keep a reactive's watchers and drop its repaint. Checked by
``tests/test_textual_internals.py``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import ActiveBinding, Screen
from textual.widget import Widget

from coalition_tui.i18n import N_
from coalition_tui.screens.focus import side_of
from coalition_tui.textual_ext.translated_bindings import translated
from coalition_tui.widgets.labels import PartnerTitle
from coalition_tui.widgets.steady_footer import browser_keys, fitting_bindings
from coalition_tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmall

if TYPE_CHECKING:
    from coalition_tui.app import CoalitionApp


Press = Callable[[], Awaitable[None] | None]


class CoalitionScreen(Screen):
    """A screen that hides itself behind a plain message when the terminal is too small."""

    BINDINGS = [
        # Enter or space on a control whose press moves the focus or changes screen (a
        # confirm button, a name typed to seal) is acted on within the key, so the words
        # typed next land where the press leads. Textual's own handling posts a message
        # that would arrive after the next key. Other keys, and these keys anywhere else,
        # are untouched.
        Binding("enter,space", "press_focused", N_("Press"), show=False, priority=True),
    ]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's own, without its repaint of the whole screen at every change of focus.

    The widgets that gain and lose focus (and their focus-within ancestors) are
    restyled and redrawn by Textual anyway; the whole-screen repaint on top cost
    the clearing screen about 25 ms at each hand-off, where the floor keys move
    the focus to the speaker's notes. tests/test_terminal_frames.py feeds every
    frame to a terminal emulator and checks that nothing is left stale.
    """

    @property
    def focus_chain(self) -> list[Widget]:
        """Textual's, in the order the screen's widgets are built (the order they read in) rather than drawn.

        Textual sorts the chain by where each widget was last laid out. Words that move
        a field (a warning appearing above it) move it a frame later, so a Tab typed in
        the same burst went by the old places and skipped a field. The widgets' order is
        there at once, and on these screens it is the reading order.
        """
        chain = super().focus_chain
        if len(chain) < 2:
            return chain
        order = {widget: index for index, widget in enumerate(self.walk_children(Widget))}
        return sorted(chain, key=lambda widget: order.get(widget, len(order)))

    def watch_focused(self, focused: Widget | None) -> None:
        """The partner being typed for: named over their fields, and their area framed double.

        Not a ``:focus-within`` rule: Textual restyles everything inside a
        ``:focus-within`` container at each change of focus (a whole plan column,
        fields and all, at every Tab), where this changes one title and one frame.
        """
        side = side_of(focused)
        for title in self.query(PartnerTitle):
            typing = title.side == side
            title.show_typing(typing)
            area = title.parent
            if isinstance(area, Widget) and area.has_class("partner-area"):
                colour = self.app.theme_variables.get(f"partner-{title.side}", "white")
                # Double: a shape no other state uses (heavy is the speaker's, and a declaration made).
                area.styles.border = ("double", colour) if typing else None

    FOOTER_ORDER: ClassVar[tuple[str, ...]] = ()
    """Actions in the order the footer needs them; when set, the footer keeps what fits on one line."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys the footer shows: in a browser, the ones the browser leaves to the page first."""
        bindings = translated(super().active_bindings)
        if self.app.is_web:
            bindings = browser_keys(bindings)
        # Every footer keeps to one line (German words are long): the keys that do not fit leave it, the
        # ones named first in FOOTER_ORDER stay; they all still work, and the palette offers them.
        bindings = fitting_bindings(self, bindings, self.FOOTER_ORDER)
        return bindings

    def keep_field(self, field: Widget) -> None:
        """A field of this screen changed (``widgets/fields.py:tell_keeper``); nothing by default."""

    def pressable(self) -> Press | None:
        """What enter or space on the focused control does, when it must happen in order (else None)."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "press_focused":
            return self.pressable() is not None
        return True

    async def action_press_focused(self) -> None:
        press = self.pressable()
        if press is not None:
            result = press()
            if inspect.isawaitable(result):
                await result

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
