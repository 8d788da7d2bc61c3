"""The declaration of mutual support: each partner's own confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.partners import SIDES, Side


@dataclass
class Declaration:
    confirmed_at: str | None = None
    words: str = ""

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass
class DeclarationState:
    sides: dict[str, Declaration] = field(default_factory=lambda: {s: Declaration() for s in SIDES})

    def of(self, side: Side) -> Declaration:
        return self.sides[side]

    @property
    def complete(self) -> bool:
        return all(self.sides[s].confirmed for s in SIDES)

    def to_dict(self) -> dict[str, Any]:
        return {s: {"confirmed_at": d.confirmed_at, "words": d.words} for s, d in self.sides.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DeclarationState:
        data = data or {}
        return cls({s: Declaration(**(data.get(s) or {})) for s in SIDES})
