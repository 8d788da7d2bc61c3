"""What a joiner sees while their machine reaches the host (a second or two, or a clear refusal)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from coalition_tui.remote.invitation import Invitation
from coalition_tui.resources import session_styles
from coalition_tui.widgets.plain import plain


class JoiningScreen(Screen[None]):
    CSS_PATH = session_styles("live.tcss")
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, invitation: Invitation) -> None:
        super().__init__()
        self.invitation = invitation

    def compose(self) -> ComposeResult:
        with Vertical(id="joining-box"):
            yield Static("Joining a live session", id="joining-title")
            yield Static(
                plain(f"Reaching the host at {self.invitation.host}:{self.invitation.port}…"), id="joining-status"
            )
