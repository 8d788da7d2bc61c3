"""What the clearing records: the opening, each partner's account, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition_tui.domain.clock import ClockRecord, ClockSummary
from coalition_tui.domain.corrections import Correction, corrections_from
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.i18n import N_, _

# The clearing's steps, in order: three for the opening, then the speaking rounds.
STEPS: tuple[str, ...] = ("commitment", "intention", "ground", "rounds")

# How an alignment status leads a partner's carried words ("Partly — …"): translated where shown.
STATUS_WORDS: dict[str, str] = {"yes": N_("Yes"), "partly": N_("Partly"), "not_yet": N_("Not yet")}


@dataclass
class Opening:
    commitment: str = ""  # this partner's commitment to the other
    intention: str = ""  # what this partner means the conversation to do


@dataclass(frozen=True)
class Standing:
    """An open commitment as it stood when a clearing began: whose, what, by when, its latest status."""

    side: Side
    what: str
    by_when: str = ""
    status: str = ""  # the latest check-in's ("on_track", "at_risk"), or "" before any

    def to_dict(self) -> dict[str, str]:
        return {"side": self.side, "what": self.what, "by_when": self.by_when, "status": self.status}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Standing:
        side = data.get("side")
        if side != "a" and side != "b":
            raise ValueError(f"a commitment stood on is 'a' or 'b''s, not {side!r}")
        return cls(side, str(data.get("what", "")), str(data.get("by_when", "")), str(data.get("status", "")))


@dataclass
class ClearingState:
    openings: dict[str, Opening] = field(default_factory=lambda: {s: Opening() for s in SIDES})
    shared_goals: str = ""
    opened: bool = False  # the opening is done and the speaking rounds have begun
    accounts: dict[str, str] = field(default_factory=lambda: {s: "" for s in SIDES})
    said_all: dict[str, bool] = field(default_factory=lambda: {s: False for s in SIDES})
    clock: ClockRecord | None = None  # SpeakingClock.record(); None until the clock first saves
    step: str = STEPS[0]  # where the clearing stands (one of STEPS)
    corrections: list[Correction] = field(default_factory=list)  # turns corrected after the fact, oldest first
    # A clearing begun again (domain/clear_again.py): the open commitments it stood on, as they were.
    standing: list[Standing] = field(default_factory=list)

    def opening(self, side: Side) -> Opening:
        return self.openings[side]

    @property
    def step_index(self) -> int:
        return STEPS.index(self.step) if self.step in STEPS else 0

    def go_to_step(self, index: int) -> str:
        """Move to step ``index`` (clamped); reaching the rounds marks the opening done."""
        self.step = STEPS[max(0, min(index, len(STEPS) - 1))]
        if self.step == "rounds":
            self.opened = True
        return self.step

    @property
    def all_said(self) -> bool:
        """Both partners have said all there is for them to say."""
        return all(self.said_all.get(side, False) for side in SIDES)

    def air_time(self) -> ClockSummary:
        """What the clock recorded (no turns before anyone has spoken)."""
        return self.clock.summary() if self.clock is not None else ClockSummary.of(())

    def correct(self, correction: Correction, corrected: ClockRecord) -> None:
        """Keep a correction (``domain.corrections.correct``): the corrected clock, and the change in the history."""
        self.clock = corrected
        self.corrections.append(correction)

    def to_dict(self) -> dict[str, Any]:
        return {
            "openings": {s: {"commitment": o.commitment, "intention": o.intention} for s, o in self.openings.items()},
            "shared_goals": self.shared_goals,
            "opened": self.opened,
            "accounts": dict(self.accounts),
            "said_all": dict(self.said_all),
            "clock": self.clock.to_dict() if self.clock is not None else {},
            "step": self.step,
            "corrections": [correction.to_dict() for correction in self.corrections],
            "standing": [item.to_dict() for item in self.standing],
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
            clock=ClockRecord.from_dict(data["clock"]) if data.get("clock") else None,
            step=_step(data),
            corrections=corrections_from(data.get("corrections")),  # none in a file from before corrections
            standing=[Standing.from_dict(item) for item in data.get("standing") or []],
        )


def _step(data: dict[str, Any]) -> str:
    step = data.get("step")
    if step in STEPS:
        return step
    return "rounds" if data.get("opened") else STEPS[0]


def carried_goals(
    answers: dict[str, dict[str, str]],
    titles: dict[str, str] | None = None,
    statuses: dict[str, dict[str, str]] | None = None,
) -> list[tuple[str, dict[str, str]]]:
    """What alignment recorded about goals, vision and alignment, to restate in the opening.

    ``answers`` is ``AlignmentState.answers`` (``{key: {side: text}}``); ``titles`` maps
    a prompt key (or its part before a dot) to a short title when the prompts are known.
    Only keys about goals, vision or being aligned are carried, in the order given by
    ``titles`` when possible. A status (``statuses[key][side]``, e.g. ``"partly"``) leads
    that partner's words (``"Partly — …"``). Returns ``[(title, {side: text})]``; prompts
    nobody answered are left out.
    """
    statuses = statuses or {}
    titles = titles or {}
    wanted = ("goal", "vision", "align")
    order = {key: index for index, key in enumerate(titles)}

    def title_for(key: str) -> str:
        if key in titles:
            return titles[key]
        base, _dot, part = key.partition(".")
        if base in titles:
            return f"{titles[base]} ({part})" if part else titles[base]
        return key.replace("_", " ").replace(".", " – ").capitalize()

    def rank(key: str) -> tuple[int, str]:
        base = key.partition(".")[0]
        return (order.get(key, order.get(base, len(order))), key)

    carried: list[tuple[str, dict[str, str]]] = []
    for key in sorted(set(answers) | set(statuses), key=rank):
        lowered = f"{key} {titles.get(key, titles.get(key.partition('.')[0], ''))}".lower()
        if not any(word in lowered for word in wanted):
            continue
        texts: dict[str, str] = {}
        for side in SIDES:
            words = ((answers.get(key) or {}).get(side) or "").strip()
            status = ((statuses.get(key) or {}).get(side) or "").strip()
            if status:
                label = _(STATUS_WORDS[status]) if status in STATUS_WORDS else status.replace("_", " ").capitalize()
                words = f"{label} — {words}" if words else label
            texts[side] = words
        if any(texts.values()):
            carried.append((title_for(key), texts))
    return carried
