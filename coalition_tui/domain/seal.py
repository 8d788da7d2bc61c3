"""The seal, and the check-ins recorded on a sealed agreement."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from coalition_tui.domain.partners import SIDES, Side


@dataclass
class SealState:
    confirmed_at: dict[str, str | None] = field(default_factory=lambda: {s: None for s in SIDES})
    sealed_at: str | None = None

    def confirmed(self, side: Side) -> bool:
        return self.confirmed_at.get(side) is not None

    def to_dict(self) -> dict[str, Any]:
        return {"confirmed_at": dict(self.confirmed_at), "sealed_at": self.sealed_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SealState:
        data = data or {}
        confirmed = {s: (data.get("confirmed_at") or {}).get(s) for s in SIDES}
        return cls(confirmed_at=confirmed, sealed_at=data.get("sealed_at"))


@dataclass
class CheckIn:
    at: str  # when it was recorded (ISO timestamp)
    # progress[side][index of commitment] -> {"status": ..., "note": ...}
    progress: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    next_checkin: str = ""  # ISO date or empty

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        return cls(**data)
