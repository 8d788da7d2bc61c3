"""A widget's own keys act as they reach it, in order with the typing around them.

Textual runs a key in two halves. The focused widget's handlers see it first, in
its queue (an Input inserts a printable character there); a key it does not take
itself (Backspace, an arrow) then bubbles back up to the app, and only then are
the ordinary bindings looked up, along the focus *as it is at that moment*. Typed
in one burst, ``1215 ← ← -`` put the dash at the end (it was inserted before the
arrows came back down), and ``x Backspace`` followed at once by a key that moves
the focus deleted nothing in the field being left (its cursor was put back to the
start as it lost the focus).

``OwnKeysFirst`` runs a widget's own bindings as the key reaches it, in its
queue: Textual would have found the same binding first in the chain (the
focused widget is nearest); only the moment changes. It relies on Textual
8.2.8 calling each class's ``_on_key`` in turn, most derived first, until one
prevents the default (checked by ``tests/test_textual_internals.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    _Field = Widget
else:
    _Field = object  # a plain mixin: Textual follows a widget's first base for its styles


class OwnKeysFirst(_Field):
    """A field that runs its own key bindings the moment a key reaches it (see the module's docstring).

    Put it first among the bases of a Textual widget: ``class WordsInput(OwnKeysFirst, Input)``.
    """

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's ``_on_key`` in turn, this mixin's first: typing the field
        # takes (an Input's printable keys) is left to the field's own, after this one.
        if self.check_consume_key(event.key, event.character):
            return
        bindings = self._bindings
        if self.app._keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(self.app._keymap)
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # done: neither the field's later handlers nor the app's bindings
                return
