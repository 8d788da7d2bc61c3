"""Commitments and the structures that keep each partner honest."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from coalition_tui.domain.partners import SIDES, Side


@dataclass
class Commitment:
    what: str = ""
    by_when: str = ""  # ISO date (YYYY-MM-DD) or empty
    done_when: str = ""  # how they will know it is done


@dataclass
class PartnerAccountability:
    commitments: list[Commitment] = field(default_factory=list)
    cadence: str = ""  # e.g. "every two weeks"
    channel: str = ""  # e.g. "a call on Fridays"
    first_checkin: str = ""  # ISO date or empty
    role_asked: str = ""  # the role asked of the other partner
    role_response: str = ""  # "", "agreed" or "change" (answered by the other partner)
    role_change_note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PartnerAccountability:
        data = dict(data or {})
        commitments = [Commitment(**c) for c in data.pop("commitments", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(commitments=commitments, **known)


@dataclass
class AccountabilityState:
    sides: dict[str, PartnerAccountability] = field(
        default_factory=lambda: {s: PartnerAccountability() for s in SIDES}
    )

    def of(self, side: Side) -> PartnerAccountability:
        return self.sides[side]

    def to_dict(self) -> dict[str, Any]:
        return {s: asdict(p) for s, p in self.sides.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AccountabilityState:
        data = data or {}
        return cls({s: PartnerAccountability.from_dict(data.get(s)) for s in SIDES})
