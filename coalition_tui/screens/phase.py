"""What every phase screen shares: the session, the header, walking the agenda."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.widgets.session_header import SessionHeader


class PhaseScreen(CoalitionScreen):
    """A phase of the open session. Keys work while a partner's pane has focus."""

    PHASE: ClassVar[Phase]

    BINDINGS = [
        # F9 / shift+F9 (reported as f21) for browsers, which keep ctrl+n and ctrl+r for themselves.
        Binding("ctrl+n,f9", "next_step", "Next", tooltip="Next prompt or phase"),
        Binding("ctrl+r,f21", "previous_step", "Back", tooltip="Previous prompt or phase"),
        Binding("ctrl+g", "home", "Home", tooltip="Save and go back to the list of sessions"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(classes=f"phase-screen phase-{self.PHASE.value}")
        self.session = session

    def header(self) -> SessionHeader:
        return SessionHeader(self.session, id="session-header")

    def changed(self) -> None:
        """Call after changing the session: it is saved within a moment."""
        self.coalition.changed()

    def action_next_step(self) -> None:
        self.coalition.next_phase()

    def action_previous_step(self) -> None:
        self.coalition.previous_phase()

    def action_home(self) -> None:
        self.coalition.go_home()
