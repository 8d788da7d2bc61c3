"""Driving the app in a pilot test: words into the focused field, and a steady picture for snapshots."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot


async def paste_text(pilot: Pilot, text: str) -> None:
    """``text`` as one paste, delivered as a terminal does: to the app, which hands it to the focused field.

    One message instead of a key per character: filling a form this way costs a
    pause, not a screen update per letter. Typing itself is proved key by key in
    tests/test_accountability.py::test_typing_fills_both_plans_and_saves.
    """
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def type_keys(pilot: Pilot, text: str) -> None:
    """``text`` typed one key at a time, as a person types it."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def steady(*keys: str):
    """A ``run_before`` for snapshots: press ``keys``, then stop text cursors blinking (a picture
    must not depend on the moment it is taken)."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        for widget in pilot.app.screen.query("TextArea, Input"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before
