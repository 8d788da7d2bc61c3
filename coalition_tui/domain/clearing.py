"""What the clearing records: the opening, each partner's account, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.partners import SIDES, Side


@dataclass
class Opening:
    commitment: str = ""  # this partner's commitment to the other
    intention: str = ""  # what this partner means the conversation to do


@dataclass
class ClearingState:
    openings: dict[str, Opening] = field(default_factory=lambda: {s: Opening() for s in SIDES})
    shared_goals: str = ""
    opened: bool = False  # the opening is done and the speaking rounds have begun
    accounts: dict[str, str] = field(default_factory=lambda: {s: "" for s in SIDES})
    said_all: dict[str, bool] = field(default_factory=lambda: {s: False for s in SIDES})
    clock: dict[str, Any] = field(default_factory=dict)  # SpeakingClock.to_dict()

    def opening(self, side: Side) -> Opening:
        return self.openings[side]

    def to_dict(self) -> dict[str, Any]:
        return {
            "openings": {s: {"commitment": o.commitment, "intention": o.intention} for s, o in self.openings.items()},
            "shared_goals": self.shared_goals,
            "opened": self.opened,
            "accounts": dict(self.accounts),
            "said_all": dict(self.said_all),
            "clock": self.clock,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ClearingState:
        data = data or {}
        openings = data.get("openings") or {}
        return cls(
            openings={s: Opening(**(openings.get(s) or {})) for s in SIDES},
            shared_goals=data.get("shared_goals", ""),
            opened=bool(data.get("opened", False)),
            accounts={s: (data.get("accounts") or {}).get(s, "") for s in SIDES},
            said_all={s: bool((data.get("said_all") or {}).get(s, False)) for s in SIDES},
            clock=dict(data.get("clock") or {}),
        )
