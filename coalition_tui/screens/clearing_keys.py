"""The clearing's clock keys: F2–F7, each with a ctrl alternative, for the bindings, the clock's line and the palette;
and ⇧F6 (or ^F6), which opens the dialog to correct a turn after the fact.

F2–F7 come first; each has a ctrl alternative that TextArea, the app and the
phase screens leave free, for keyboards and terminals where function keys are
awkward.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from coalition_tui.i18n import N_, _
from coalition_tui.widgets.clock_panel import ClockKeys

CLOCK_KEYS: tuple[tuple[str, str, str, str, str], ...] = (
    # action, primary, alternative, footer text, what it does
    # (the footer text and what it does are marked for the catalogue: the footer translates them)
    ("take('a')", "f2", "ctrl+l", N_("A speaks"), N_("Partner A takes the floor (or resumes their paused turn)")),
    ("take('b')", "f3", "ctrl+o", N_("B speaks"), N_("Partner B takes the floor (or resumes their paused turn)")),
    ("pass_floor", "f4", "ctrl+f", N_("Pass"), N_("Pass the floor to the other partner")),
    ("toggle_pause", "f5", "ctrl+s", N_("Pause"), N_("Pause or resume the clock")),
    ("undo_handoff", "f6", "ctrl+backslash", N_("Undo"), N_("Undo the last hand-off")),
    ("add_minute", "f7", "ctrl+right_square_bracket", N_("+1 min"), N_("Add a minute to this turn")),
)
CLOCK_ACTIONS = tuple(row[0].partition("(")[0] for row in CLOCK_KEYS)
# Correcting a turn after the fact (screens/correct_turn.py). Shift+F6, beside F6's undo: Textual reads
# xterm's ``ESC [17;2~`` (what xterm, tmux and most terminals send) as shift+f6, and the same
# sequence in its table as F18 (some terminals send F18 of their own); ctrl+F6 too. No ctrl letter
# is free: a text area owns ctrl+e (end of line).
CORRECT_KEYS = ("shift+f6,f18", "ctrl+f6")
CORRECT_DISPLAY = "⇧F6"
CORRECT_WORDS = N_("Correct")
CORRECT_TOOLTIP = N_("Correct a turn after the fact: move its start or end")
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
_KEY_PAIRS = {row[0]: (row[1].upper(), ALT_DISPLAY[row[2]]) for row in CLOCK_KEYS}


def keys_spoken(action: str) -> str:
    """An action's keys as the palette names them: ``"F2 or ^l"``."""
    key, alternative = _KEY_PAIRS[action]
    return _("{key} or {alternative}").format(key=key, alternative=alternative)


# The clock's own line lists its keys with their ctrl alternatives; the footer leads with
# the keys it alone shows (next, quit), then the clock's as room allows.
FOOTER_ORDER = ("next_step", "quit", "app.quit", *(row[0] for row in CLOCK_KEYS), "correct_turn")


def clock_bindings() -> list[BindingType]:
    """Priority bindings: a floor key acts as it arrives, in order with the words typed around it."""
    bindings: list[BindingType] = []
    for action, primary, alternative, short, tooltip in CLOCK_KEYS:
        bindings.append(Binding(primary, action, short, key_display=primary.upper(), priority=True, tooltip=tooltip))
        bindings.append(
            Binding(alternative, action, short, key_display=ALT_DISPLAY[alternative], show=False, priority=True)
        )
    primary, alternative = CORRECT_KEYS
    bindings.append(
        Binding(
            primary, "correct_turn", CORRECT_WORDS, key_display=CORRECT_DISPLAY, priority=True, tooltip=CORRECT_TOOLTIP
        )
    )
    bindings.append(Binding(alternative, "correct_turn", CORRECT_WORDS, key_display="^F6", show=False, priority=True))
    return bindings
