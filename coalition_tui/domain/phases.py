"""The phases of a session and the rules for an agenda."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from coalition_tui.domain.errors import ValidationError
from coalition_tui.i18n import N_, _


class Phase(StrEnum):
    ALIGNMENT = "alignment"
    CLEARING = "clearing"
    DECLARATION = "declaration"
    ACCOUNTABILITY = "accountability"
    SEAL = "seal"

    @property
    def title(self) -> str:  # type: ignore[override]  # the phase's name on screen; str.title is never wanted here
        return _(PHASE_TITLES[self])

    @property
    def blurb(self) -> str:
        return _(PHASE_BLURBS[self])


# English at import; ``Phase.title`` and ``Phase.blurb`` give them in the current language.
PHASE_TITLES: dict[Phase, str] = {
    Phase.ALIGNMENT: N_("Alignment"),
    Phase.CLEARING: N_("Clearing the past"),
    Phase.DECLARATION: N_("Declaration of support"),
    Phase.ACCOUNTABILITY: N_("Accountability"),
    Phase.SEAL: N_("Seal the deal"),
}

PHASE_BLURBS: dict[Phase, str] = {
    Phase.ALIGNMENT: N_("Six questions, answered side by side, to see where you stand."),
    Phase.CLEARING: N_("Each of you says what still stands between you, with equal air-time."),
    Phase.DECLARATION: N_("Each of you says you will back what the other sets out to do."),
    Phase.ACCOUNTABILITY: N_("What each of you commits to, and how you will keep each other honest."),
    Phase.SEAL: N_("Everything side by side; each of you seals the agreement."),
}

DEFAULT_AGENDA: tuple[Phase, ...] = tuple(Phase)


def parse_agenda(value: str | Iterable[str | Phase]) -> tuple[Phase, ...]:
    """Turn ``"clearing,alignment"`` (or a list) into a checked agenda.

    An agenda is a non-empty ordered list of known phases, each at most once.
    Sealing makes the session read-only, so the seal, when chosen, comes last.
    """
    if isinstance(value, str):
        items = [part.strip().lower() for part in value.split(",") if part.strip()]
    else:
        items = [str(part).strip().lower() for part in value]
    if not items:
        raise ValidationError(_("Choose at least one phase for the agenda."), "agenda")
    known = {phase.value for phase in Phase}
    unknown = [item for item in items if item not in known]
    if unknown:
        raise ValidationError(
            _("Unknown phase {phase}; choose from {choices}.").format(
                phase=repr(unknown[0]), choices=", ".join(p.value for p in Phase)
            ),
            "agenda",
        )
    if len(set(items)) != len(items):
        raise ValidationError(_("Each phase can appear only once in the agenda."), "agenda")
    agenda = tuple(Phase(item) for item in items)
    if Phase.SEAL in agenda and agenda[-1] is not Phase.SEAL:
        raise ValidationError(_("Seal the deal must come last: sealing ends the session."), "agenda")
    return agenda
