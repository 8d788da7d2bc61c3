"""A key acts where it was typed, even when Tab came right after it.

Textual runs a key in two halves. Arriving at the app, its priority bindings run
(Tab, here) and the key is handed to the focused widget's queue. A key the widget
does not take itself (Backspace, ←, → in a field; ← → on a choice) then bubbles back
up to the app, and only then are the ordinary bindings looked up, along the focus
*as it is at that moment*. Typed in one burst, ``x Backspace Tab`` reaches the app's
second half after Tab has already moved the focus: Backspace ran in the next field
(deleting nothing there) and the ``x`` stayed. A pair typing fast, or a paste-like
burst from a remote terminal, lost edits that way.

Two remedies, one for fields and one for everything else:

* ``OwnKeysFirst`` (a field's mixin): the field runs its own bindings as the key
  reaches it, in its queue, in order, so Backspace deletes before Tab's blur moves
  the cursor away. Textual would have found the same binding first in the chain
  (the focused widget is nearest); only the moment changes.
* ``TypedFocusApp`` notes, as each key arrives, the widget it was typed into; when
  the key comes back up unhandled, its bindings are looked up along that widget's
  chain, as Textual's ``Screen._binding_chain`` builds it (keys the widget consumes
  left out, the keymap applied, nothing past a modal screen). Keys handed on while
  the focus has not moved (nearly all of them) take Textual's own path unchanged.

They rely on Textual 8.2.8's ``App.on_event`` (keys arrive there, un-forwarded),
``App._on_key`` (the unhandled key's bindings) and a widget's ``_on_key`` being
called before the key bubbles: checked by ``tests/test_textual_internals.py``.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from textual import events
from textual._dispatch_key import dispatch_key  # what App._on_key runs for a key no binding took
from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.keys import key_to_character
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


class TypedFocusApp(App[None]):
    """An ``App`` whose keys keep the bindings of the widget they were typed into."""

    def __init__(self) -> None:
        super().__init__()
        # Each key, while it travels: where the focus was when it arrived.
        self._focus_at_typing: weakref.WeakKeyDictionary[events.Key, Widget] = weakref.WeakKeyDictionary()

    async def on_event(self, event: events.Event) -> None:
        # A key from the terminal, as it is handed on (after any holding back: see key_holding).
        if isinstance(event, events.Key) and not event.is_forwarded and self.focused is not None:
            self._focus_at_typing[event] = self.focused
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's ``_on_key`` in turn (this one, then ``App``'s own, which looks
        # the bindings up along the focus of now): only a key typed before the focus moved is taken here.
        typed_into = self._focus_at_typing.pop(event, None)
        if typed_into is None or typed_into is self.focused or not typed_into.is_attached:
            return
        event.prevent_default()  # not App._on_key: its bindings are the wrong field's
        if typed_into.screen is not self.screen:
            return  # typed on a screen that has since gone: the key goes with it
        for namespace, bindings in binding_chain(typed_into):
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, namespace):
                    return
        await dispatch_key(self, event)  # not a binding there: the app's own ``key_…`` methods, as Textual would


def binding_chain(widget: Widget) -> list[tuple[DOMNode, BindingsMap]]:
    """The bindings a key typed into ``widget`` meets, nearest first (``Screen._binding_chain``'s rules)."""
    chain = [(node, node._bindings.copy()) for node in widget.ancestors_with_self]
    consumers: list[DOMNode] = []
    for node, bindings in chain:
        for consumer in consumers:
            for key in list(bindings.key_to_bindings):
                if consumer.check_consume_key(key, key_to_character(key)):
                    del bindings.key_to_bindings[key]  # the field nearer takes it as typing
        consumers.append(node)
    keymap = widget.app._keymap
    if keymap:
        for _node, bindings in chain:
            bindings.apply_keymap(keymap)
    for index, (node, _bindings) in enumerate(chain, 1):
        if node.is_modal:
            return chain[:index]
    return chain
