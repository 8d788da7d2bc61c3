"""The words partners read, kept as data in ``coalition_tui/prompts.toml``.

The six alignment prompts, the clearing's opening steps and the guidance over
its speaking rounds, and the declaration live in one TOML file so their
wording can be reviewed in one place (and, next, replaced by a coach's own
protocol). This module reads and checks it; nothing here imports Textual.

Answers are stored under each prompt's ``id`` (and ``id.part`` for a prompt
with parts), so ids are part of the saved data and the JSON export: the ids
shipped are ``care``, ``vision``, ``commitments.short``, ``commitments.long``,
``clarity``, ``aligned`` (with a status) and ``questions``.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import Side, other

KINDS = ("text", "parts", "status")
STATUSES = ("yes", "partly", "not_yet")
"""What a partner can record on a status prompt (stored as is)."""

# Which {fields} each kind of text may use.
PANE_FIELDS = frozenset({"name", "other"})
NO_FIELDS: frozenset[str] = frozenset()

DECLARATION_FIELDS: dict[str, frozenset[str]] = {
    "title": NO_FIELDS,
    "guidance": NO_FIELDS,
    "statement": PANE_FIELDS,
    "words_label": PANE_FIELDS,
    "words_placeholder": PANE_FIELDS,
    "confirm_button": PANE_FIELDS,
    "withdraw_button": PANE_FIELDS,
    "pending": PANE_FIELDS,
    "confirmed": PANE_FIELDS | {"when"},
    "waiting": frozenset({"names"}),
    "complete": NO_FIELDS,
    "incomplete_warning": frozenset({"names"}),
    "sealed_note": NO_FIELDS,
}


CLEARING_FIELDS: dict[str, frozenset[str]] = {
    "speaker": NO_FIELDS,
    "speaker_short": NO_FIELDS,
    "listener": NO_FIELDS,
    "listener_short": NO_FIELDS,
    "waiting": frozenset({"key"}),
    "rounds_placeholder": PANE_FIELDS,
    "said_all": NO_FIELDS,
}
OPENING_STEPS: dict[str, dict[str, frozenset[str]]] = {
    "commitment": {"title": NO_FIELDS, "guidance": NO_FIELDS, "label": PANE_FIELDS, "placeholder": PANE_FIELDS},
    "intention": {"title": NO_FIELDS, "guidance": NO_FIELDS, "label": PANE_FIELDS, "placeholder": PANE_FIELDS},
    "ground": {"title": NO_FIELDS, "guidance": NO_FIELDS, "placeholder": NO_FIELDS},
}
"""The clearing's opening steps, in order, and the texts each has (the shared ground has one pane, no label)."""


class PromptsError(CoalitionError):
    """The prompts file is missing a text or holds one the app cannot use."""


def fill(template: str, **values: str) -> str:
    """``template`` with its ``{fields}`` replaced; the values are never parsed."""
    return template.format_map(values)


def fill_for(template: str, names: Mapping[Side, str], side: Side, **more: str) -> str:
    """A text addressed to ``side``: ``{name}`` is theirs, ``{other}`` the other partner's (``more`` fills the rest).

    The one place a pane's wording meets the partners' names (alignment, clearing,
    declaration). Names are data: ``Ann {b}`` or ``Sam [CEO]`` come out as typed.
    """
    return fill(template, name=names[side], other=names[other(side)], **more)


def _fields(template: str, where: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:  # an unmatched brace
        raise PromptsError(f"{where}: {template!r} has a stray brace ({error}).") from None


@dataclass(frozen=True)
class Part:
    """One of several answers a prompt asks for (e.g. short term and long term)."""

    id: str
    label: str
    placeholder: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Prompt:
    id: str
    number: int  # 1-based, in the order shown
    short: str
    question: str
    hint: str = ""
    kind: str = "text"
    label: str = ""
    placeholder: str = ""
    parts: tuple[Part, ...] = ()
    choices: tuple[Choice, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys this prompt's answers are stored under, one text per partner each."""
        if self.kind == "parts":
            return tuple(f"{self.id}.{part.id}" for part in self.parts)
        return (self.id,)

    @property
    def has_status(self) -> bool:
        return self.kind == "status"

    def choice_label(self, choice_id: str) -> str:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice.label
        return ""


@dataclass(frozen=True)
class DeclarationTexts:
    title: str
    guidance: str
    statement: str
    words_label: str
    words_placeholder: str
    confirm_button: str
    withdraw_button: str
    pending: str
    confirmed: str
    waiting: str
    complete: str
    incomplete_warning: str
    sealed_note: str


@dataclass(frozen=True)
class OpeningTexts:
    """One step of the clearing's opening."""

    title: str
    guidance: str
    placeholder: str
    label: str = ""


@dataclass(frozen=True)
class ClearingTexts:
    opening: Mapping[str, OpeningTexts]  # by step: commitment, intention, ground
    speaker: str
    speaker_short: str
    listener: str
    listener_short: str
    waiting: str
    rounds_placeholder: str
    said_all: str


@dataclass(frozen=True)
class PhaseTexts:
    """The words over a phase that has no prompts of its own."""

    guidance: str


GUIDED_PHASES = ("accountability", "seal", "checkin")


@dataclass(frozen=True)
class PromptBook:
    alignment: tuple[Prompt, ...]
    declaration: DeclarationTexts
    clearing: ClearingTexts
    accountability: PhaseTexts
    seal: PhaseTexts
    checkin: PhaseTexts

    def prompt(self, prompt_id: str) -> Prompt:
        for prompt in self.alignment:
            if prompt.id == prompt_id:
                return prompt
        raise KeyError(prompt_id)


# -- reading and checking -------------------------------------------------------


def _text(
    table: dict[str, Any], key: str, where: str, *, required: bool = True, fields: frozenset[str] = NO_FIELDS
) -> str:
    if not isinstance(table, dict):
        raise PromptsError(f"{where} must be a table.")
    value = table.get(key, "")
    if not isinstance(value, str):
        raise PromptsError(f"{where}: {key} must be text.")
    value = value.strip()
    if required and not value:
        raise PromptsError(f"{where}: {key} is missing.")
    unknown = _fields(value, f"{where}: {key}") - fields
    if unknown:
        allowed = ", ".join(f"{{{f}}}" for f in sorted(fields)) or "none"
        raise PromptsError(f"{where}: {key} uses {{{sorted(unknown)[0]}}}; allowed here: {allowed}.")
    return value


def _ident(table: dict[str, Any], where: str) -> str:
    ident = _text(table, "id", where)
    if not ident.replace("_", "").isalnum() or not ident.isascii() or ident != ident.lower():
        raise PromptsError(f"{where}: id {ident!r} must be lower-case letters, digits and underscores.")
    return ident


def _prompt(table: Any, number: int) -> Prompt:
    where = f"alignment prompt {number}"
    if not isinstance(table, dict):
        raise PromptsError(f"{where} must be a table.")
    ident = _ident(table, where)
    where = f"alignment prompt {number} ({ident})"
    kind = _text(table, "kind", where, required=False) or "text"
    if kind not in KINDS:
        raise PromptsError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}.")
    parts: list[Part] = []
    choices: list[Choice] = []
    if kind == "parts":
        raw_parts = table.get("parts") or []
        if len(raw_parts) < 2:
            raise PromptsError(f"{where}: a prompt with parts needs at least two [[alignment.parts]].")
        for index, raw in enumerate(raw_parts, 1):
            part_where = f"{where}, part {index}"
            parts.append(
                Part(
                    id=_ident(raw, part_where),
                    label=_text(raw, "label", part_where, fields=PANE_FIELDS),
                    placeholder=_text(raw, "placeholder", part_where, required=False, fields=PANE_FIELDS),
                )
            )
        if len({p.id for p in parts}) != len(parts):
            raise PromptsError(f"{where}: two parts share an id.")
    elif table.get("parts"):
        raise PromptsError(f'{where}: only a prompt of kind "parts" has parts.')
    if kind == "status":
        for index, raw in enumerate(table.get("choices") or [], 1):
            choice_where = f"{where}, choice {index}"
            choices.append(Choice(id=_ident(raw, choice_where), label=_text(raw, "label", choice_where)))
        if tuple(c.id for c in choices) != STATUSES:
            raise PromptsError(f"{where}: the choices must be, in order: {', '.join(STATUSES)}.")
    elif table.get("choices"):
        raise PromptsError(f'{where}: only a prompt of kind "status" has choices.')
    return Prompt(
        id=ident,
        number=number,
        short=_text(table, "short", where),
        question=_text(table, "question", where),
        hint=_text(table, "hint", where, required=False),
        kind=kind,
        label=_text(table, "label", where, required=False, fields=PANE_FIELDS),
        placeholder=_text(table, "placeholder", where, required=False, fields=PANE_FIELDS),
        parts=tuple(parts),
        choices=tuple(choices),
    )


def parse_prompts(data: dict[str, Any]) -> PromptBook:
    """Check a parsed prompts file and turn it into a :class:`PromptBook`."""
    version = data.get("version")
    if version != 1:
        raise PromptsError(f"prompts version {version!r} is not one this app reads (1).")
    raw_prompts = data.get("alignment")
    if not isinstance(raw_prompts, list) or not raw_prompts:
        raise PromptsError("there are no [[alignment]] prompts.")
    prompts = tuple(_prompt(raw, number) for number, raw in enumerate(raw_prompts, 1))
    ids = [p.id for p in prompts]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise PromptsError(f"two alignment prompts share the id {duplicate!r}.")
    raw_declaration = data.get("declaration")
    if not isinstance(raw_declaration, dict):
        raise PromptsError("the [declaration] texts are missing.")
    declaration = DeclarationTexts(
        **{key: _text(raw_declaration, key, "declaration", fields=fields) for key, fields in DECLARATION_FIELDS.items()}
    )
    guided = {}
    for phase in GUIDED_PHASES:
        table = data.get(phase)
        if not isinstance(table, dict):
            raise PromptsError(f"the [{phase}] texts are missing.")
        guided[phase] = PhaseTexts(guidance=_text(table, "guidance", phase))
    return PromptBook(alignment=prompts, declaration=declaration, clearing=_clearing(data.get("clearing")), **guided)


def _clearing(raw: Any) -> ClearingTexts:
    if not isinstance(raw, dict):
        raise PromptsError("the [clearing] texts are missing.")
    opening = {}
    for step, texts in OPENING_STEPS.items():
        table = raw.get(step)
        if not isinstance(table, dict):
            raise PromptsError(f"the [clearing.{step}] texts are missing.")
        opening[step] = OpeningTexts(
            **{key: _text(table, key, f"clearing.{step}", fields=fields) for key, fields in texts.items()}
        )
    words = {key: _text(raw, key, "clearing", fields=fields) for key, fields in CLEARING_FIELDS.items()}
    return ClearingTexts(opening=opening, **words)


def default_prompts_path() -> Path:
    return Path(str(files("coalition_tui").joinpath("prompts.toml")))


def read_prompts(path: Path) -> PromptBook:
    """Read and check a prompts file; any problem is a :class:`PromptsError` naming the file."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise PromptsError(f"Cannot read the prompts file {path}: {error.strerror or error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise PromptsError(f"The prompts file {path} is not valid TOML: {error}.") from None
    try:
        return parse_prompts(data)
    except PromptsError as error:
        raise PromptsError(f"The prompts file {path}: {error}") from None


@cache
def load_prompts() -> PromptBook:
    """The prompts shipped with the app (read once)."""
    return read_prompts(default_prompts_path())
