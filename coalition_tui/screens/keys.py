"""The keys that walk a session: one definition for the phase screens and the app.

The browser keeps ctrl+n and ctrl+r for itself, so each has an F-key twin
(F9, and shift+F9, which terminals report as F21).
"""

from __future__ import annotations

NEXT_KEYS = ("ctrl+n", "f9")
BACK_KEYS = ("ctrl+r", "f21")
HOME_KEY = "ctrl+g"
WALKING_KEYS = frozenset((*NEXT_KEYS, *BACK_KEYS))
"""Keys that move between phases: a repeat typed while a phase is being built is absorbed."""
