"""Input that waits, in order, while a screen is built or a change is drawn over two frames.

Textual makes a pushed screen current before its widgets exist: Enter on a
session and typing at once would reach a screen with nothing in it yet. And a
change drawn over two frames (the clearing's floor keys show the new holder at
once and move the focus a frame later) would let the keys typed in between go
where the focus was, not where it lands. ``InputHoldingApp`` holds keys and
pastes back until the screen is built (or the change released), then hands
them on in the order they came.

Textual has no public hook between a key's arrival at the app and its
dispatch to bindings and the focused widget, so this overrides Textual 8.2.8's
``App.on_event(event)`` (public in name, undocumented as an extension point):
keys and pastes not forwarded by a widget (``Event.is_forwarded``) arrive there
first, and ``App.on_event`` runs the priority bindings and hands the key to the
focused widget. Checked by ``tests/test_textual_internals.py``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import events
from textual.app import App

Input = events.Key | events.Paste


class InputHoldingApp(App[None]):
    """An ``App`` that can hold input back (``hold_input``; and always while the screen is being built)."""

    def __init__(self) -> None:
        super().__init__()
        self._held_keys: list[Input] = []  # input waiting for a screen, or a change, to be drawn
        self._input_holds = 0  # open hold_input() calls

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.take_input(event)
        else:
            await super().on_event(event)

    async def take_input(self, event: Input) -> None:
        """A key or paste has arrived: hold it while input waits, else handle it now."""
        if self._held_keys or self._input_holds or not self.screen.is_mounted:
            self._hold(event)
        else:
            await self.handle_input(event)

    async def handle_input(self, event: Input) -> None:
        """Textual's own handling: priority bindings, then the focused widget."""
        await super().on_event(event)

    def hold_input(self) -> Callable[[], None]:
        """Keys wait, in order, until the returned function is called."""
        self._input_holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._input_holds -= 1
                if not self._input_holds and self._held_keys:
                    self.call_later(self._release_keys)

        return release

    def _hold(self, event: Input) -> None:
        """Keep input until the current screen is built, so it acts on that screen, in order."""
        if not self._held_keys and not self._input_holds:
            self.call_after_refresh(self._release_keys)
        self._held_keys.append(event)

    async def _release_keys(self) -> None:
        while self._held_keys:
            if self._input_holds:  # released by hold_input's release, which calls again
                return
            if not self.screen.is_mounted:  # still building (or a key opened another screen)
                self.call_after_refresh(self._release_keys)
                return
            event = self._held_keys.pop(0)
            await self.handle_input(event)  # its own stamp: the clock still counts from the press

    async def wait_for_held_input(self, timeout: float) -> None:
        """Until every key held back has been handled (bounded): a quit honours what was typed before it."""
        deadline = time.monotonic() + timeout
        while (self._held_keys or self._input_holds) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
