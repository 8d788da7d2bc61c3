"""Answers to the six alignment prompts, one text per partner per prompt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.partners import Side


@dataclass
class AlignmentState:
    prompt_index: int = 0
    # answers[prompt_id][side] -> text; a prompt with several parts keys them
    # as "prompt_id.part" (e.g. "commitments.short").
    answers: dict[str, dict[str, str]] = field(default_factory=dict)

    def answer(self, key: str, side: Side) -> str:
        return self.answers.get(key, {}).get(side, "")

    def set_answer(self, key: str, side: Side, text: str) -> None:
        self.answers.setdefault(key, {"a": "", "b": ""})[side] = text

    def to_dict(self) -> dict[str, Any]:
        return {"prompt_index": self.prompt_index, "answers": {k: dict(v) for k, v in self.answers.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AlignmentState:
        data = data or {}
        return cls(
            prompt_index=int(data.get("prompt_index", 0)),
            answers={str(k): {s: str(t) for s, t in v.items()} for k, v in data.get("answers", {}).items()},
        )
