"""Answers to the six alignment prompts, one text per partner per prompt.

A prompt of kind ``status`` (are we aligned?) also records, per partner, one of
:data:`STATUSES`: ``yes``, ``partly`` or ``not_yet`` (``""`` until chosen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.prompts import STATUSES, Prompt
from coalition_tui.i18n import _


@dataclass
class AlignmentState:
    prompt_index: int = 0
    # answers[prompt_id][side] -> text; a prompt with several parts keys them
    # as "prompt_id.part" (e.g. "commitments.short").
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    # statuses[prompt_id][side] -> "yes" | "partly" | "not_yet" | "" (not chosen yet)
    statuses: dict[str, dict[str, str]] = field(default_factory=dict)
    # revealed[prompt_id][side] -> True once that partner is ready for both answers to show
    # (used when the session writes first and reveals together)
    revealed: dict[str, dict[str, bool]] = field(default_factory=dict)

    def answer(self, key: str, side: Side) -> str:
        return self.answers.get(key, {}).get(side, "")

    def set_answer(self, key: str, side: Side, text: str) -> None:
        self.answers.setdefault(key, {"a": "", "b": ""})[side] = text

    def status(self, prompt_id: str, side: Side) -> str:
        return self.statuses.get(prompt_id, {}).get(side, "")

    def set_status(self, prompt_id: str, side: Side, status: str) -> None:
        """Record yes / partly / not yet (or ``""`` to clear) for one partner."""
        if status and status not in STATUSES:
            raise ValidationError(
                _("{status} is not a status; choose from {choices}.").format(
                    status=repr(status), choices=", ".join(STATUSES)
                ),
                "status",
            )
        self.statuses.setdefault(prompt_id, {"a": "", "b": ""})[side] = status

    def reveal(self, prompt_id: str, side: Side) -> None:
        """This partner is ready for both answers to this prompt to show."""
        self.revealed.setdefault(prompt_id, {"a": False, "b": False})[side] = True

    def reveal_both(self, prompt_id: str) -> None:
        """The host shows both answers now (each partner's readiness recorded as given by the host)."""
        self.revealed[prompt_id] = {side: True for side in SIDES}

    def ready(self, prompt_id: str, side: Side) -> bool:
        return bool(self.revealed.get(prompt_id, {}).get(side, False))

    def shown_together(self, prompt_id: str) -> bool:
        """Both partners are ready: each sees the other's answer to this prompt."""
        return all(self.ready(prompt_id, side) for side in SIDES)

    def go_to(self, index: int, count: int) -> int:
        """Show prompt ``index`` of ``count`` (clamped to the prompts there are)."""
        self.prompt_index = max(0, min(int(index), max(count - 1, 0)))
        return self.prompt_index

    # -- how far the partners have got ------------------------------------------

    def answered(self, prompt: Prompt, side: Side) -> bool:
        """Has this partner said anything on this prompt (words, or a status)?"""
        if prompt.has_status and self.status(prompt.id, side):
            return True
        return any(self.answer(key, side).strip() for key in prompt.keys)

    def progress(self, prompts: Iterable[Prompt]) -> list[int]:
        """For each prompt, how many partners (0, 1 or 2) have answered it."""
        return [sum(self.answered(p, side) for side in SIDES) for p in prompts]

    # -- persistence -------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "prompt_index": self.prompt_index,
            "answers": {k: dict(v) for k, v in self.answers.items()},
            "statuses": {k: dict(v) for k, v in self.statuses.items()},
        }
        if self.revealed:  # only sessions that write first and reveal together carry it
            data["revealed"] = {k: dict(v) for k, v in self.revealed.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AlignmentState:
        data = data or {}
        statuses = {
            str(k): {s: (str(t) if t in STATUSES else "") for s, t in (v or {}).items() if s in SIDES}
            for k, v in (data.get("statuses") or {}).items()
        }
        revealed = {
            str(k): {s: bool(t) for s, t in (v or {}).items() if s in SIDES}
            for k, v in (data.get("revealed") or {}).items()
        }
        return cls(
            prompt_index=max(0, int(data.get("prompt_index", 0))),
            answers={str(k): {s: str(t) for s, t in (v or {}).items()} for k, v in (data.get("answers") or {}).items()},
            statuses=statuses,
            revealed=revealed,
        )
