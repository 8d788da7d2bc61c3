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
        self._settling: asyncio.Task[None] | None = None  # a focus key waiting for the keys before it

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.take_input(event)
        else:
            await super().on_event(event)

    FOCUS_KEYS = frozenset({"tab", "shift+tab"})
    """Keys that move the focus as they arrive (priority bindings): they wait for the keys typed before them."""

    SETTLE_SECONDS = 0.3
    """The longest a focus key waits for the keys before it to be handled (a stuck handler never stops typing)."""

    async def take_input(self, event: Input) -> None:
        """A key or paste has arrived: hold it while input waits, else handle it now.

        Tab moves the focus the moment it arrives, while a key typed just before it may
        still be on its way through the field it was typed in, and what that key sets off
        (a choice that shows the field for its reason) not done: Tab went by the screen as
        it was, past the field about to appear, and the next words landed in the other
        partner's pane. So Tab waits, with the keys after it, until the screen has
        handled everything before it.
        """
        if self._held_keys or self._input_holds or not self.screen.is_mounted:
            self._hold(event)
        elif self._waits_for_the_screen(event):
            self._held_keys.append(event)
            self._wait_for_the_screen()
        else:
            await self.handle_input(event)

    def _waits_for_the_screen(self, event: Input) -> bool:
        return isinstance(event, events.Key) and event.key in self.FOCUS_KEYS and self._screen_busy()

    def _wait_for_the_screen(self) -> None:
        """Hold input until the screen has handled what is queued; the keys held then go on in order."""
        self._settling = asyncio.create_task(self._release_when_settled(self.hold_input()))

    def _screen_busy(self) -> bool:
        """Whether any widget of the screen has messages waiting (a key, or what a key set off)."""
        screen = self.screen
        return any(not node._message_queue.empty() for node in (screen, *screen.walk_children()))

    async def _release_when_settled(self, release: Callable[[], None]) -> None:
        """Release the keys held once the screen has handled what was queued, round after round (bounded)."""
        deadline = time.monotonic() + self.SETTLE_SECONDS
        try:
            while await self._one_round(deadline - time.monotonic()) and self._screen_busy():
                pass  # something was set off meanwhile (a message bubbling up): another round
        finally:
            release()

    async def _one_round(self, timeout: float) -> bool:
        """Until every widget of the screen has handled what it had queued; False when ``timeout`` ran out."""
        if timeout <= 0:
            return False
        screen = self.screen
        pumps = [screen, *screen.walk_children()]
        left = len(pumps)
        done = asyncio.Event()

        def one_done() -> None:
            nonlocal left
            left -= 1
            if not left:
                done.set()

        # A callback behind each widget's messages: all of them have run once what came before is handled.
        for pump in pumps:
            if not pump.call_later(one_done):
                one_done()
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except TimeoutError:
            return False
        return True

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
            if self._waits_for_the_screen(self._held_keys[0]):  # a Tab among them waits its turn too
                self._wait_for_the_screen()
                return
            event = self._held_keys.pop(0)
            await self.handle_input(event)  # its own stamp: the clock still counts from the press

    async def wait_for_held_input(self, timeout: float) -> None:
        """Until every key held back has been handled (bounded): a quit honours what was typed before it."""
        deadline = time.monotonic() + timeout
        while (self._held_keys or self._input_holds) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
