"""What a joiner sees while their machine reaches the host (a second or two, or a clear refusal)."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from coalition_tui.i18n import N_, _
from coalition_tui.remote.invitation import Invitation
from coalition_tui.remote.link import LinkStatus
from coalition_tui.resources import session_styles
from coalition_tui.textual_ext.translated_bindings import TranslatedBindings
from coalition_tui.widgets.plain import plain


class JoiningScreen(TranslatedBindings, Screen[None]):
    CSS_PATH = session_styles("live.tcss")
    BINDINGS = [Binding("ctrl+q", "app.quit", N_("Quit"), priority=True)]

    def __init__(self, invitation: Invitation) -> None:
        super().__init__()
        self.invitation = invitation

    def compose(self) -> ComposeResult:
        with Vertical(id="joining-box"):
            yield Static(_("Joining a live session"), id="joining-title")
            yield Static(plain(self.reaching()), id="joining-status")

    def reaching(self) -> str:
        return _("Reaching the host at {address}…").format(address=f"{self.invitation.host}:{self.invitation.port}")

    def show_status(self, status: LinkStatus) -> None:
        """The connection's latest news: no answer yet and when it tries again, or a refusal."""
        words = self.reaching()
        if status.state == "waiting":
            words = " ".join(
                [
                    words,
                    _("no answer yet; trying again in {seconds} s (try {attempt}).").format(
                        seconds=math.ceil(status.retry_in), attempt=status.attempt + 1
                    ),
                ]
            )
        elif status.state == "refused":
            words = status.message
        self.query_one("#joining-status", Static).update(plain(words))
