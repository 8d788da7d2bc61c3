"""Which screen shows which phase (imported lazily: start-up pays only for home)."""

from __future__ import annotations

from importlib import import_module

from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.screens.phase import PhaseScreen

SCREENS: dict[Phase, tuple[str, str]] = {
    Phase.ALIGNMENT: ("coalition_tui.screens.alignment", "AlignmentScreen"),
    Phase.CLEARING: ("coalition_tui.screens.clearing", "ClearingScreen"),
    Phase.DECLARATION: ("coalition_tui.screens.declaration", "DeclarationScreen"),
    Phase.ACCOUNTABILITY: ("coalition_tui.screens.accountability", "AccountabilityScreen"),
    Phase.SEAL: ("coalition_tui.screens.seal", "SealScreen"),
}


def screen_class(phase: Phase) -> type[PhaseScreen]:
    module, name = SCREENS[phase]
    return getattr(import_module(module), name)


def prefetch(phases: list[Phase]) -> None:
    """Import these phases' screens ahead of need (once each), so walking to them only builds them."""
    for phase in phases:
        module, _name = SCREENS[phase]
        import_module(module)


def screen_for(session: Session) -> PhaseScreen:
    phase = session.current_phase
    if phase is None:
        raise ValueError("the session has no current phase")
    return screen_class(phase)(session)
