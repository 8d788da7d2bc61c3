"""How far each phase has got, read from what the partners recorded (never from having left it).

A phase is *done* when what the method asks of it is there, *partly* when some
of it is, and *untouched* when nothing is. The header's trail shows these, so
walking past a phase never marks it done.
"""

from __future__ import annotations

from enum import StrEnum

from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session, next_checkin_date


class Progress(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    UNTOUCHED = "untouched"


MARKS: dict[Progress, str] = {Progress.DONE: "✔", Progress.PARTLY: "◐", Progress.UNTOUCHED: "○"}
"""Shape, not colour: the same marks as the alignment prompts' progress line."""


def _of(done: bool, touched: bool) -> Progress:
    if done:
        return Progress.DONE
    return Progress.PARTLY if touched else Progress.UNTOUCHED


def alignment_progress(session: Session) -> Progress:
    """Done when both partners answered every prompt."""
    counts = session.alignment.progress(session.prompts.alignment)
    return _of(all(count == len(SIDES) for count in counts), any(counts))


def clearing_progress(session: Session) -> Progress:
    """Done when both partners said all they had to say (they tick it in the rounds)."""
    clearing = session.clearing
    touched = (
        clearing.opened
        or bool(clearing.shared_goals.strip())
        or any(o.commitment.strip() or o.intention.strip() for o in clearing.openings.values())
        or any(text.strip() for text in clearing.accounts.values())
        or (clearing.clock is not None and bool(clearing.clock.turns))
        or any(clearing.said_all.values())
    )
    return _of(clearing.all_said, touched)


def declaration_progress(session: Session) -> Progress:
    """Done when both partners declared their support."""
    declaration = session.declaration
    touched = any(d.confirmed or d.words.strip() for d in declaration.sides.values())
    return _of(declaration.complete, touched)


def accountability_progress(session: Session) -> Progress:
    """Done when each partner has a commitment and a check-in date is set."""
    plans = [session.accountability.of(side) for side in SIDES]
    touched = any(p.listed() or p.has_structure or p.role_asked.strip() for p in plans)
    return _of(all(p.listed() for p in plans) and bool(next_checkin_date(session)), touched)


def seal_progress(session: Session) -> Progress:
    return _of(session.sealed, any(session.seal.confirmed(side) for side in SIDES))


_BY_PHASE = {
    Phase.ALIGNMENT: alignment_progress,
    Phase.CLEARING: clearing_progress,
    Phase.DECLARATION: declaration_progress,
    Phase.ACCOUNTABILITY: accountability_progress,
    Phase.SEAL: seal_progress,
}


def phase_progress(session: Session, phase: Phase) -> Progress:
    return _BY_PHASE[phase](session)
