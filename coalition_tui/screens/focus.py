"""Where typing goes: the focus rules every screen follows, in one place.

* A prompt, step or phase opens with focus on partner A's side: in A's first
  field still empty, else in A's first field (a field with no partner, like the
  shared goals, counts as A's). The pair's rhythm is A's answer, Tab, B's answer,
  ctrl+n: each new prompt starts with A, whoever typed last.
* Focus moves at once (:func:`focus_now`). Textual's ``Widget.focus()`` waits
  for the app's queue, so a key already typed after ctrl+n would still reach
  the field being left (and be saved as the previous prompt's words).
* The partner whose field has focus is named on screen (``PartnerTitle``).
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widget import Widget

from coalition_tui.domain.partners import SIDES, Side


def is_field(widget: Widget) -> bool:
    """A place to answer: a text field, or a choice (``value``) that a partner makes."""
    # Textual's field widgets are imported here, when a screen asks: the home screen,
    # drawn first, has none, and the start does not pay for them.
    from textual.widgets import Input, TextArea

    if isinstance(widget, TextArea):
        return not widget.read_only
    if isinstance(widget, Input):
        return not widget.disabled
    return bool(getattr(widget, "is_answer", False))


def is_empty(widget: Widget) -> bool:
    from textual.widgets import Input, TextArea

    if isinstance(widget, TextArea):
        return not widget.text.strip()
    if isinstance(widget, Input):
        return not widget.value.strip()
    return not getattr(widget, "value", "")


def shown(widget: Widget) -> bool:
    """On screen: neither it nor a container around it is hidden (``display: none``).

    Textual's ``focusable`` counts a hidden field (it reads ``visible``, not
    ``display``): a screen must never open on a field nobody can see.
    """
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def fields(container: DOMNode) -> list[Widget]:
    """The fields under ``container`` that can take focus now, in reading order (the DOM's)."""
    return [w for w in container.query("*") if isinstance(w, Widget) and is_field(w) and w.focusable and shown(w)]


def opening_field(container: DOMNode) -> Widget | None:
    """The field to open on: partner A's first still empty, else A's first."""
    found = [w for w in fields(container) if side_of(w) in ("a", None)] or fields(container)
    return next((w for w in found if is_empty(w)), found[0] if found else None)


def focus_now(widget: Widget | None, *, scroll_visible: bool = True) -> bool:
    """Give ``widget`` the focus before the next key is handled; False if it cannot take it."""
    if widget is None or not widget.focusable:
        return False
    widget.screen.set_focus(widget, scroll_visible=scroll_visible)
    return True


def focus_opening_field(container: DOMNode) -> bool:
    return focus_now(opening_field(container), scroll_visible=False)


def side_of(widget: DOMNode | None) -> Side | None:
    """Whose field this is: the nearest ``side`` along the widget and its ancestors."""
    node = widget
    while node is not None:
        side = getattr(node, "side", None)
        if side in SIDES:
            return side
        node = node.parent
    return None


def typing_target(widget: Widget | None) -> Widget | None:
    """Where a letter typed on a button or tick box belongs: its partner's words nearby, if any.

    A container offers it by defining ``typing_field()``. A confirm button or a
    "said all" box is a stop on the way with Tab; letters typed there go to the
    words beside it instead of being thrown away.
    """
    node: DOMNode | None = widget
    while node is not None:
        offer = getattr(node, "typing_field", None)
        if callable(offer):
            field = offer()
            return field if isinstance(field, Widget) and is_field(field) and field.focusable else None
        node = node.parent
    return None
