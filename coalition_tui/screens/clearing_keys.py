"""The clearing's clock keys: F2–F7, each with a ctrl alternative, for the bindings, the clock's line and the palette.

F2–F7 come first; each has a ctrl alternative that TextArea, the app and the
phase screens leave free, for keyboards and terminals where function keys are
awkward.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from coalition_tui.widgets.clock_panel import ClockKeys

CLOCK_KEYS: tuple[tuple[str, str, str, str, str], ...] = (
    # action, primary, alternative, footer text, what it does
    ("take('a')", "f2", "ctrl+l", "A speaks", "Partner A takes the floor (or resumes their paused turn)"),
    ("take('b')", "f3", "ctrl+o", "B speaks", "Partner B takes the floor (or resumes their paused turn)"),
    ("pass_floor", "f4", "ctrl+f", "Pass", "Pass the floor to the other partner"),
    ("toggle_pause", "f5", "ctrl+s", "Pause", "Pause or resume the clock"),
    ("undo_handoff", "f6", "ctrl+backslash", "Undo", "Undo the last hand-off"),
    ("add_minute", "f7", "ctrl+right_square_bracket", "+1 min", "Add a minute to this turn"),
)
CLOCK_ACTIONS = tuple(row[0].partition("(")[0] for row in CLOCK_KEYS)
FLOOR_ACTIONS = ("take", "pass_floor", "toggle_pause")
"""The clock keys a partner may press on their own machine in a live session (the host stamps them)."""
ALT_DISPLAY = {
    "ctrl+l": "^l",
    "ctrl+o": "^o",
    "ctrl+f": "^f",
    "ctrl+s": "^s",
    "ctrl+backslash": "^\\",
    "ctrl+right_square_bracket": "^]",
}
KEYS = ClockKeys(*(row[1].upper() for row in CLOCK_KEYS))
ALTERNATIVES = ClockKeys(*(ALT_DISPLAY[row[2]] for row in CLOCK_KEYS))
KEYS_SPOKEN = {row[0]: f"{row[1].upper()} or {ALT_DISPLAY[row[2]]}" for row in CLOCK_KEYS}
"""Each action's keys as the palette names them: ``"F2 or ^l"``."""

# The clock's own line lists its keys with their ctrl alternatives; the footer leads with
# the keys it alone shows (next, quit), then the clock's as room allows.
FOOTER_ORDER = ("next_step", "quit", "app.quit", *(row[0] for row in CLOCK_KEYS))


def clock_bindings() -> list[BindingType]:
    """Priority bindings: a floor key acts as it arrives, in order with the words typed around it."""
    bindings: list[BindingType] = []
    for action, primary, alternative, short, tooltip in CLOCK_KEYS:
        bindings.append(Binding(primary, action, short, key_display=primary.upper(), priority=True, tooltip=tooltip))
        bindings.append(
            Binding(alternative, action, short, key_display=ALT_DISPLAY[alternative], show=False, priority=True)
        )
    return bindings
