"""Keys and pastes are handled one at a time, each to its end before the next begins.

Textual hands a key to the focused widget's queue and takes the next at once:
typed in a burst, a key could act before the one typed ahead of it had finished
(a Backspace passed back up to the bindings, a ctrl+n run while letters were
still in a field's queue). Here the app hands on one key and then follows it:
a callback goes behind it in the focused widget's queue, then in each container
above it, the screen's and the app's own, one after another, so it runs only
once the key has passed each (handled there, or passed up). Then the next key
goes. A character the focused field takes (``check_consume_key``) stops there:
it is followed through that field only. Keys also wait while the screen is being built, and while input is held
(``hold_input``: a change drawn over two frames). Order is kept by progress,
never by a clock: on a slow machine keys are slower, never out of order.

One bound remains, and it is on progress: when keys wait and none has been
handled for ``STALL_SECONDS`` (a stuck screen), the wait is given up, the app is
told (``input_stalled``) and the keys go on.

Relies on Textual 8.2.8's ``App.on_event`` (public in name, not documented as an
extension point): keys and pastes not yet forwarded arrive there, and Textual's
own runs the priority bindings, then forwards the key to the focused widget
(or the screen), setting ``Event.is_forwarded``. Checked by
``tests/test_textual_internals.py``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import DOMNode
from textual.timer import Timer

Input = events.Key | events.Paste


class OrderedInputApp(App[None]):
    """An ``App`` that handles each key to its end before the next (see the module's docstring)."""

    STALL_SECONDS = 5.0
    """Keys waiting and none handled for this long: the screen is stuck, and the wait is given up."""

    def __init__(self) -> None:
        super().__init__()
        self._typed: deque[Input] = deque()  # arrived, not handed on yet
        self._in_hand = 0  # the number of the key being followed through the widgets (0: none)
        self._handed = 0  # how many keys have been followed (the next one's number)
        self._holds = 0  # open hold_input() calls
        self._typing_holds = 0  # open hold_input(typing_passes=True) calls
        self._retry_after_refresh = False  # the screen is being built: look again after the next refresh
        self._progress_at = time.monotonic()  # when a key was last handed on or finished
        self._stall_timer: Timer | None = None
        self._settled: list[Callable[[], None]] = []  # told when no input is waiting any more
        self._input_closed = False  # the app is ending: keys typed from now on are not handled

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._input_closed:
                return
            self._typed.append(event)
            self._watch_for_stall()
            await self._hand_on()
        else:
            await super().on_event(event)

    @property
    def input_waiting(self) -> bool:
        """Keys typed and not yet handled to their end."""
        return bool(self._typed) or bool(self._in_hand)

    def _may_hand_on(self, event: Input) -> bool:
        if self._in_hand or self._holds or (self._typing_holds and not self._is_typing(event)):
            return False
        try:
            return self.screen.is_mounted
        except ScreenStackError:  # leaving: no screen to hand keys to
            return False

    def _is_typing(self, event: Input) -> bool:
        """Words for the focused field (a character it takes, or a paste), as opposed to a key that acts."""
        if isinstance(event, events.Paste):
            return True
        focused = self.focused
        return focused is not None and focused.check_consume_key(event.key, event.character)

    async def _hand_on(self) -> None:
        """Hand on the keys typed, one at a time, while nothing holds them back."""
        while self._typed and self._may_hand_on(self._typed[0]):
            event = self._typed.popleft()
            self._progress_at = time.monotonic()
            target = self.focused or self.screen  # where Textual forwards what no priority binding takes
            # A character the field takes stops there (it is typing): the next key waits only for that field.
            typing = isinstance(event, events.Key) and target.check_consume_key(event.key, event.character)
            await self.handle_input(event)
            if event.is_forwarded and target.is_attached:
                self._follow([target] if typing else target.ancestors_with_self)
        if (
            self._typed
            and not self._in_hand
            and not self._holds
            and not self._typing_holds
            and not self._retry_after_refresh
        ):
            self._retry_after_refresh = True  # the screen is still being built
            self.call_after_refresh(self._retry)
        if not self.input_waiting:
            self._tell_settled()

    async def _retry(self) -> None:
        self._retry_after_refresh = False
        await self._hand_on()

    def _follow(self, nodes: list[DOMNode]) -> None:
        """Let the next key go once this one has passed each of ``nodes`` (where it went, and up from there)."""
        self._handed += 1
        self._in_hand = self._handed
        self._pass(self._in_hand, nodes)

    def _pass(self, number: int, nodes: list[DOMNode]) -> None:
        """Wait behind the key at the first node of ``nodes`` still running; at the app, the key is done."""
        if number != self._in_hand:  # given up on (a stall)
            return
        for index, node in enumerate(nodes):
            if node is self:
                break
            if node.call_later(self._pass, number, nodes[index + 1 :]):
                return
        self.call_later(self._key_done, number)

    async def _key_done(self, number: int) -> None:
        if number == self._in_hand:
            self._in_hand = 0
            self._progress_at = time.monotonic()
            await self._hand_on()

    async def handle_input(self, event: Input) -> None:
        """Textual's own handling: priority bindings, then the focused widget."""
        await super().on_event(event)

    def hold_input(self, *, typing_passes: bool = False) -> Callable[[], None]:
        """Keys wait, in order, until the returned function is called (once is enough; more do nothing).

        ``typing_passes``: words for the focused field go on meanwhile; the first key that acts
        (Tab, Enter, a binding) waits, and every key after it with it.
        """
        if typing_passes:
            self._typing_holds += 1
        else:
            self._holds += 1
        self._watch_for_stall()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                if typing_passes:
                    self._typing_holds -= 1
                else:
                    self._holds -= 1
                if not (self._holds or self._typing_holds):
                    self.call_later(self._hand_on)

        return release

    # -- waiting for what was typed ------------------------------------------------------

    def close_input(self, *, drop_typed: bool) -> None:
        """The app is ending: no key typed from now on is handled; ``drop_typed``: nor those waiting."""
        self._input_closed = True
        if drop_typed:
            self._typed.clear()
            if not self._in_hand:
                self._tell_settled()

    def when_input_settled(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once every key typed so far has been handled (at once when none waits)."""
        if self.input_waiting:
            self._settled.append(callback)
        else:
            callback()

    def _tell_settled(self) -> None:
        waiting, self._settled = self._settled, []
        for callback in waiting:
            callback()

    # -- a stuck screen ------------------------------------------------------------------

    def _watch_for_stall(self) -> None:
        if self._stall_timer is None:
            self._progress_at = time.monotonic()
            self._stall_timer = self.set_timer(self.STALL_SECONDS, self._check_stall, name="input stall")

    def _check_stall(self) -> None:
        """Keys wait: has any been handled in the last ``STALL_SECONDS``? If not, give the wait up."""
        self._stall_timer = None
        if not (self.input_waiting or self._holds or self._typing_holds):
            return
        quiet = time.monotonic() - self._progress_at
        if quiet < self.STALL_SECONDS:
            self._stall_timer = self.set_timer(self.STALL_SECONDS - quiet, self._check_stall, name="input stall")
            return
        self.give_up_waiting(quiet)

    def give_up_waiting(self, quiet: float) -> None:
        """No key handled for ``quiet`` seconds: stop waiting for the one in hand and any hold; the keys go on."""
        self._in_hand = 0
        self._holds = self._typing_holds = 0
        self._progress_at = time.monotonic()
        self.input_stalled(quiet, len(self._typed))
        self.call_later(self._hand_on)
        self._watch_for_stall()

    def input_stalled(self, quiet: float, waiting: int) -> None:
        """Told when the wait for a stuck screen is given up (the app says so); nothing by default."""
