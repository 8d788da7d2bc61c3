"""The plain message shown instead of a screen when the terminal is too small."""

from __future__ import annotations

from textual.widgets import Static

from coalition_tui.i18n import _

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmall(Static):
    """Covers the screen until the terminal is big enough again; nothing is lost.

    Hidden until the screen carries ``-too-small`` (app.tcss shows it then, and hides the rest).
    """

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
        padding: 1 2;
        text-style: bold;
    }
    """

    def __init__(self, width: int, height: int) -> None:
        super().__init__("", id="too-small")
        self.show_size(width, height)

    def show_size(self, width: int, height: int) -> None:
        self.update(
            _("The terminal is too small ({width}×{height}).").format(width=width, height=height)
            + "\n\n"
            + _(
                "Make it at least {width}×{height} and the session comes back exactly as it was. Nothing has been lost."
            ).format(width=MIN_WIDTH, height=MIN_HEIGHT)
        )
