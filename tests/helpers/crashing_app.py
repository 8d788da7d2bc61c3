"""``coalition`` with a fault planted: F12 raises in a key handler, as an unforeseen bug would.

    python crashing_app.py [coalition arguments...]

The error carries private-looking words in its message and in a local
variable, so a test can check that neither reaches the screen.
"""

from __future__ import annotations

import sys

from textual.binding import Binding

import coalition_tui.app
from coalition_tui.cli import main

SECRET = "PRIVATE-WORDS-IN-A-LOCAL"


class CrashingApp(coalition_tui.app.CoalitionApp):
    BINDINGS = [Binding("f12", "crash", "Crash", priority=True)]

    def action_crash(self) -> None:
        secret_local = SECRET  # noqa: F841 - Textual's crash screen would show this value
        raise RuntimeError(f"planted fault near {SECRET}")


if __name__ == "__main__":
    coalition_tui.app.CoalitionApp = CrashingApp  # type: ignore[misc] - what the command line starts
    sys.exit(main())
