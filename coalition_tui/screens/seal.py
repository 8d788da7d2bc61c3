"""Placeholder for the seal phase while its own issue is open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Static

from coalition_tui.domain.phases import Phase
from coalition_tui.screens.phase import PhaseScreen


class SealScreen(PhaseScreen):
    PHASE = Phase.SEAL

    def compose(self) -> ComposeResult:
        yield self.header()
        with Vertical(classes="phase-body"):
            yield Static(self.PHASE.title, classes="phase-title")
            yield Static(self.PHASE.blurb, classes="guidance")
        yield Footer()
