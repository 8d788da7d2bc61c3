"""The declaration of mutual support: each partner's own confirmation.

Each partner confirms for themselves (with optional words of their own) that
they will stand behind what the other sets out to achieve and work out
together how to support each other. The declaration is complete only when
both have confirmed; either may withdraw until the agreement is sealed (the
screen checks ``session.ensure_editable()`` first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.i18n import _


@dataclass
class Declaration:
    confirmed_at: str | None = None  # ISO timestamp (UTC) of this partner's confirmation
    words: str = ""

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass
class DeclarationState:
    sides: dict[Side, Declaration] = field(default_factory=lambda: {s: Declaration() for s in SIDES})

    def of(self, side: Side) -> Declaration:
        return self.sides[side]

    @property
    def complete(self) -> bool:
        return all(self.sides[s].confirmed for s in SIDES)

    @property
    def waiting_for(self) -> list[Side]:
        """The partners who have not confirmed yet, A first."""
        return [s for s in SIDES if not self.sides[s].confirmed]

    def confirm(self, side: Side, at: str) -> None:
        """Record this partner's confirmation at ``at`` (a stamp); confirming twice keeps the first."""
        if not at:
            raise ValidationError(_("A confirmation needs the time it was given."), "confirmed_at")
        declaration = self.sides[side]
        if declaration.confirmed_at is None:
            declaration.confirmed_at = at

    def withdraw(self, side: Side) -> None:
        """Take this partner's confirmation back; their words stay."""
        self.sides[side].confirmed_at = None

    def set_words(self, side: Side, words: str) -> None:
        """Change this partner's own words; once confirmed they stand as confirmed."""
        declaration = self.sides[side]
        if declaration.confirmed:
            raise ValidationError(_("These words were confirmed; withdraw the declaration to change them."), "words")
        declaration.words = words

    def to_dict(self) -> dict[str, Any]:
        return {s: {"confirmed_at": d.confirmed_at, "words": d.words} for s, d in self.sides.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DeclarationState:
        data = data or {}
        sides = {}
        for s in SIDES:
            raw = data.get(s) or {}
            at = raw.get("confirmed_at")
            sides[s] = Declaration(confirmed_at=str(at) if at else None, words=str(raw.get("words") or ""))
        return cls(sides)
