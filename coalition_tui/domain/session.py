"""A session: two partners, their agenda, and what each phase recorded."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coalition_tui.domain.accountability import AccountabilityState
from coalition_tui.domain.alignment import AlignmentState
from coalition_tui.domain.clearing import ClearingState
from coalition_tui.domain.declaration import DeclarationState
from coalition_tui.domain.errors import SealedError, ValidationError
from coalition_tui.domain.partners import Side, clean_title, validate_names
from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase, parse_agenda
from coalition_tui.domain.prompts import PromptBook, load_prompts
from coalition_tui.domain.protocol import Protocol, ProtocolRecord, shipped_protocol
from coalition_tui.domain.seal import CheckIn, SealState
from coalition_tui.domain.timeutil import stamp, utc_now

MIN_TURN_SECONDS = 15
MAX_TURN_SECONDS = 30 * 60
MAX_TOLERANCE_SECONDS = 10 * 60


@dataclass
class ClockSettings:
    """How long a speaking turn is, and how far apart the totals may drift."""

    turn_seconds: int = 120
    tolerance_seconds: int = 30

    def __post_init__(self) -> None:
        if not MIN_TURN_SECONDS <= int(self.turn_seconds) <= MAX_TURN_SECONDS:
            raise ValidationError(
                f"A turn lasts between {MIN_TURN_SECONDS} seconds and {MAX_TURN_SECONDS // 60} minutes.",
                "turn_seconds",
            )
        if not 0 <= int(self.tolerance_seconds) <= MAX_TOLERANCE_SECONDS:
            raise ValidationError(
                f"The balance tolerance is between 0 and {MAX_TOLERANCE_SECONDS // 60} minutes.",
                "tolerance_seconds",
            )
        self.turn_seconds = int(self.turn_seconds)
        self.tolerance_seconds = int(self.tolerance_seconds)


def new_session_id() -> str:
    return secrets.token_hex(4)


@dataclass
class Session:
    id: str
    created_at: str
    updated_at: str
    partner_a: str
    partner_b: str
    facilitator: str = ""
    title: str = ""
    agenda: tuple[Phase, ...] = DEFAULT_AGENDA
    phase_index: int = 0  # == len(agenda) once the agenda has been walked to its end
    settings: ClockSettings = field(default_factory=ClockSettings)
    presentation: bool = False
    reveal_together: bool = False  # alignment: each writes first, both answers show once both are ready
    alignment: AlignmentState = field(default_factory=AlignmentState)
    clearing: ClearingState = field(default_factory=ClearingState)
    declaration: DeclarationState = field(default_factory=DeclarationState)
    accountability: AccountabilityState = field(default_factory=AccountabilityState)
    seal: SealState = field(default_factory=SealState)
    checkins: list[CheckIn] = field(default_factory=list)
    revision_of: str | None = None
    protocol: ProtocolRecord | None = (
        None  # None: a session from before protocols, held with the shipped one in English
    )

    @classmethod
    def new(
        cls,
        partner_a: str | None,
        partner_b: str | None,
        *,
        facilitator: str | None = None,
        title: str | None = None,
        agenda: str | tuple[Phase, ...] | list[str] = DEFAULT_AGENDA,
        settings: ClockSettings | None = None,
        presentation: bool = False,
        reveal_together: bool = False,
        now: datetime | None = None,
        session_id: str | None = None,
        protocol: Protocol | None = None,
        language: str = "en",
    ) -> Session:
        """Validate everything setup asks for and start a session at its first phase."""
        name_a, name_b, fac = validate_names(partner_a, partner_b, facilitator)
        when = stamp(now or utc_now())
        return cls(
            id=session_id or new_session_id(),
            created_at=when,
            updated_at=when,
            partner_a=name_a,
            partner_b=name_b,
            facilitator=fac,
            title=clean_title(title),
            agenda=parse_agenda(agenda),
            settings=settings or ClockSettings(),
            presentation=presentation,
            reveal_together=reveal_together,
            protocol=(protocol or shipped_protocol()).record(language),
        )

    # -- the words it is held with -------------------------------------------

    @property
    def language(self) -> str:
        """The language the session is held in: its protocol's words and the interface around them."""
        return self.protocol.language if self.protocol else "en"

    @property
    def prompts(self) -> PromptBook:
        """The wording this session was held with (the shipped English for a session from before protocols)."""
        if self.protocol is None:
            return load_prompts("en")
        book = self.__dict__.get("_book")
        if book is None or book[0] is not self.protocol:
            book = (self.protocol, self.protocol.book())
            self.__dict__["_book"] = book
        return book[1]

    # -- who is who ---------------------------------------------------------

    def name(self, side: Side) -> str:
        return self.partner_a if side == "a" else self.partner_b

    @property
    def names(self) -> dict[Side, str]:
        """Both partners' names by side."""
        return {"a": self.partner_a, "b": self.partner_b}

    # -- where the session stands -------------------------------------------

    @property
    def current_phase(self) -> Phase | None:
        if 0 <= self.phase_index < len(self.agenda):
            return self.agenda[self.phase_index]
        return None

    @property
    def finished(self) -> bool:
        return self.phase_index >= len(self.agenda)

    @property
    def sealed(self) -> bool:
        return self.seal.sealed_at is not None

    @property
    def status(self) -> str:
        """One word for lists: the phase it is in, ``finished`` or ``sealed``."""
        if self.sealed:
            return "sealed"
        phase = self.current_phase
        return phase.value if phase else "finished"

    @property
    def display_title(self) -> str:
        return self.title or f"{self.partner_a} & {self.partner_b}"

    def advance(self) -> Phase | None:
        """Move to the next phase of the agenda (None past the end)."""
        self.phase_index = min(self.phase_index + 1, len(self.agenda))
        return self.current_phase

    def go_back(self) -> Phase | None:
        self.phase_index = max(self.phase_index - 1, 0)
        return self.current_phase

    def go_to(self, phase: Phase) -> None:
        if phase not in self.agenda:
            raise ValidationError(f"{phase.title} is not on this session's agenda.", "agenda")
        self.phase_index = self.agenda.index(phase)

    def ensure_editable(self) -> None:
        if self.sealed:
            raise SealedError("This agreement is sealed and reads only; start a new revision to change it.")

    def touch(self, now: datetime | None = None) -> None:
        self.updated_at = stamp(now or utc_now())

    # -- persistence --------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "partners": dict(self.names),
            "facilitator": self.facilitator,
            "title": self.title,
            "agenda": [p.value for p in self.agenda],
            "phase_index": self.phase_index,
            "status": self.status,
            "settings": {
                "turn_seconds": self.settings.turn_seconds,
                "tolerance_seconds": self.settings.tolerance_seconds,
            },
            "presentation": self.presentation,
            "alignment": self.alignment.to_dict(),
            "clearing": self.clearing.to_dict(),
            "declaration": self.declaration.to_dict(),
            "accountability": self.accountability.to_dict(),
            "seal": self.seal.to_dict(),
            "checkins": [c.to_dict() for c in self.checkins],
            "revision_of": self.revision_of,
        }
        if self.reveal_together:  # written only when chosen: files of sessions without it stay as they were
            data["reveal_together"] = True
        if self.protocol is not None:
            data["protocol"] = self.protocol.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        partners = data.get("partners") or {}
        settings = data.get("settings") or {}
        return cls(
            id=data["id"],
            created_at=data["created_at"],
            updated_at=data.get("updated_at", data["created_at"]),
            partner_a=partners.get("a", ""),
            partner_b=partners.get("b", ""),
            facilitator=data.get("facilitator", ""),
            title=data.get("title", ""),
            agenda=tuple(Phase(p) for p in data.get("agenda", DEFAULT_AGENDA)),
            phase_index=int(data.get("phase_index", 0)),
            settings=ClockSettings(**settings) if settings else ClockSettings(),
            presentation=bool(data.get("presentation", False)),
            reveal_together=bool(data.get("reveal_together", False)),
            alignment=AlignmentState.from_dict(data.get("alignment")),
            clearing=ClearingState.from_dict(data.get("clearing")),
            declaration=DeclarationState.from_dict(data.get("declaration")),
            accountability=AccountabilityState.from_dict(data.get("accountability")),
            seal=SealState.from_dict(data.get("seal")),
            checkins=[CheckIn.from_dict(c) for c in data.get("checkins", [])],
            revision_of=data.get("revision_of"),
            protocol=ProtocolRecord.from_dict(data["protocol"]) if data.get("protocol") else None,
        )


def next_checkin_date(session: Session) -> str:
    """The next check-in date the partners agreed on, as an ISO date, or ``""``.

    After a check-in, the date it set wins (empty when it set none: nothing is
    due); before the first one, the earliest first check-in either partner put
    in their accountability structure. Text that is not a date never counts.
    """
    from coalition_tui.domain.accountability import try_date

    if session.checkins:
        when = try_date(session.checkins[-1].next_checkin)
        return when.isoformat() if when else ""
    firsts = [d for d in (try_date(p.first_checkin) for p in session.accountability.sides.values()) if d]
    return min(firsts).isoformat() if firsts else ""


def summarize(session: Session) -> dict[str, Any]:
    """The few fields the home screen and ``coalition list`` show: the index entry."""
    return {
        "id": session.id,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "partners": dict(session.names),
        "title": session.title,
        "agenda": [p.value for p in session.agenda],
        "status": session.status,
        "sealed_at": session.seal.sealed_at,
        "next_checkin": next_checkin_date(session) if session.sealed else "",
        "revision_of": session.revision_of,
    }
