"""The words partners read in one language, as the protocol gives them (see ``protocol.py``).

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
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import Side, other
from coalition_tui.i18n import _

KINDS = ("text", "parts", "status")
MAX_PROMPTS = 50  # a session keeps its place among them (at most 99, storage/schema.py)
MAX_TEXT = 2_000  # characters in one text of a protocol: a long paragraph
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
    hints: Mapping[str, str] = field(default_factory=dict)  # accountability: the plan's hints, by field
    closing: str = ""  # the seal: the sealed moment's last line ("" for the app's own)


HINT_FIELDS: dict[str, frozenset[str]] = {
    "what": NO_FIELDS,
    "done_when": NO_FIELDS,
    "cadence": NO_FIELDS,
    "channel": NO_FIELDS,
    "role_asked": PANE_FIELDS,
}
"""The accountability plan's hints a protocol may give (each optional: the app has its own)."""
PHASE_KEYS = {"accountability": ("guidance", "hints"), "seal": ("guidance", "closing"), "checkin": ("guidance",)}


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
# Checking collects every mistake rather than stopping at the first: a coach
# fixing a protocol file wants the whole list (``coalition protocol check``).

Path_ = tuple[str | int, ...]
"""Where a value sits in the file: ``("alignment", 0, "question")`` (list positions count from 0)."""


@dataclass(frozen=True)
class Mistake:
    path: Path_
    message: str
    unknown: bool = False  # a key its table does not have
    at: Path_ | None = None  # where to point in the file, when more exact than ``path`` (a text's one language)


class Checks:
    """The mistakes found so far, and the prompt ids that name positions in messages."""

    def __init__(self) -> None:
        self.mistakes: list[Mistake] = []
        self.names: dict[Path_, str] = {}
        self.unknown: set[Path_] = set()  # keys a table does not have: nothing more is said about them

    def add(self, path: Path_, message: str) -> None:
        self.mistakes.append(Mistake(path, message))

    def unknown_key(self, path: Path_, keys: Collection[str]) -> None:
        """``path`` names a key its table does not have; nothing else is said about it."""
        self.unknown.add(path)
        self.mistakes.append(
            Mistake(
                path,
                _("{key} is not a key here (the keys are: {keys}).").format(key=path[-1], keys=", ".join(keys)),
                True,
            )
        )

    def kept(self) -> list[Mistake]:
        return [m for m in self.mistakes if m.unknown or m.path not in self.unknown]

    def where(self, path: Path_) -> str:
        """``path`` as a person reads it: ``alignment prompt 2 (vision), part 1: label``."""
        words: list[str] = []
        for depth, step in enumerate(path):
            if isinstance(step, int) and words:
                name = self.names.get(path[: depth + 1])
                label = {"alignment": _("alignment prompt {n}"), "parts": _("part {n}"), "choices": _("choice {n}")}
                words[-1] = label.get(words[-1], "{n}").format(n=step + 1) + (f" ({name})" if name else "")
            else:
                words.append(str(step))
        return ", ".join(words)

    def messages(self) -> list[str]:
        return [(f"{self.where(m.path[:-1])}: " if len(m.path) > 1 else "") + m.message for m in self.kept()]

    def raise_first(self) -> None:
        if self.mistakes:
            raise PromptsError(self.messages()[0])


def _text(
    table: Any,
    key: str,
    path: Path_,
    checks: Checks,
    *,
    required: bool = True,
    fields: frozenset[str] = NO_FIELDS,
) -> str:
    if not isinstance(table, dict):
        return ""
    value = table.get(key, "")
    if not isinstance(value, str):
        checks.add((*path, key), _("{key} must be text.").format(key=key))
        return ""
    value = value.strip()
    if required and not value:
        checks.add((*path, key), _("{key} is missing.").format(key=key))
        return ""
    if len(value) > MAX_TEXT:
        checks.add((*path, key), _("{key} is longer than {count} characters.").format(key=key, count=MAX_TEXT))
        return value[:MAX_TEXT]
    try:
        parsed = [
            (name, spec, conv) for _unused, name, spec, conv in string.Formatter().parse(value) if name is not None
        ]
    except ValueError as error:  # an unmatched brace
        checks.add(
            (*path, key), _("{key}: {text!r} has a stray brace ({error}).").format(key=key, text=value, error=error)
        )
        return value
    for name, spec, conv in parsed:
        if spec or conv or not name.isidentifier():  # {name!r}, {name:>9}, {0}: the app fills plain names only
            checks.add(
                (*path, key),
                _("{key}: write a name in braces as it is, like {{name}}, not {{{field}}}.").format(
                    key=key, field=name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
                ),
            )
            return value
    used = {name for name, _spec, _conv in parsed}
    unknown = used - fields
    if unknown:
        allowed = ", ".join(f"{{{f}}}" for f in sorted(fields)) or _("none")
        checks.add(
            (*path, key),
            _("{key} uses {{{field}}}; allowed here: {allowed}.").format(
                key=key, field=sorted(unknown)[0], allowed=allowed
            ),
        )
    return value


def _table(data: Any, key: str, path: Path_, checks: Checks, allowed: Collection[str]) -> dict[str, Any] | None:
    """``data[key]`` as a table, its unknown keys noted; None (and one mistake) when it is missing."""
    if not isinstance(data, dict):
        return None  # the table holding it is missing, and that is what is said
    table = data.get(key)
    where = ".".join(str(p) for p in (*path, key))
    if not isinstance(table, dict):
        checks.add((*path, key), _("the [{table}] texts are missing.").format(table=where))
        return None
    _unknown_keys(table, (*path, key), checks, allowed)
    return table


def _unknown_keys(table: dict[str, Any], path: Path_, checks: Checks, allowed: Collection[str]) -> None:
    for key in table:
        if key not in allowed:
            checks.unknown_key((*path, key), allowed)


def _ident(table: dict[str, Any], path: Path_, checks: Checks) -> str:
    ident = _text(table, "id", path, checks)
    if ident and (not ident.replace("_", "").isalnum() or not ident.isascii() or ident != ident.lower()):
        checks.add((*path, "id"), _("id {id!r} must be lower-case letters, digits and underscores.").format(id=ident))
    return ident


PROMPT_KEYS = ("id", "short", "question", "hint", "kind", "label", "placeholder", "parts", "choices")
PART_KEYS = ("id", "label", "placeholder")
CHOICE_KEYS = ("id", "label")


def _prompt(table: Any, number: int, checks: Checks) -> Prompt:
    path: Path_ = ("alignment", number - 1)
    if not isinstance(table, dict):
        checks.add(path, _("must be a table."))
        table = {}
    _unknown_keys(table, path, checks, PROMPT_KEYS)
    ident = _ident(table, path, checks)
    checks.names[path] = ident
    kind = _text(table, "kind", path, checks, required=False) or "text"
    if kind not in KINDS:
        checks.add((*path, "kind"), _("kind {kind!r} is not one of {kinds}.").format(kind=kind, kinds=", ".join(KINDS)))
    parts: list[Part] = []
    choices: list[Choice] = []
    raw_parts = table.get("parts") or []
    raw_choices = table.get("choices") or []
    if kind == "parts":
        if not isinstance(raw_parts, list) or len(raw_parts) < 2:
            checks.add((*path, "parts"), _("a prompt with parts needs at least two [[alignment.parts]]."))
            raw_parts = raw_parts if isinstance(raw_parts, list) else []
        for index, raw in enumerate(raw_parts):
            where: Path_ = (*path, "parts", index)
            if not isinstance(raw, dict):
                checks.add(where, _("must be a table."))
                continue
            _unknown_keys(raw, where, checks, PART_KEYS)
            part_id = _ident(raw, where, checks)
            checks.names[where] = part_id
            parts.append(
                Part(
                    id=part_id,
                    label=_text(raw, "label", where, checks, fields=PANE_FIELDS),
                    placeholder=_text(raw, "placeholder", where, checks, required=False, fields=PANE_FIELDS),
                )
            )
        if len({p.id for p in parts}) != len(parts):
            checks.add((*path, "parts"), _("two parts share an id."))
    elif raw_parts:
        checks.add((*path, "parts"), _('only a prompt of kind "parts" has parts.'))
    if kind == "status":
        for index, raw in enumerate(raw_choices if isinstance(raw_choices, list) else []):
            where = (*path, "choices", index)
            if not isinstance(raw, dict):
                checks.add(where, _("must be a table."))
                continue
            _unknown_keys(raw, where, checks, CHOICE_KEYS)
            choices.append(Choice(id=_ident(raw, where, checks), label=_text(raw, "label", where, checks)))
        if tuple(c.id for c in choices) != STATUSES:
            checks.add((*path, "choices"), _("the choices must be, in order: {ids}.").format(ids=", ".join(STATUSES)))
    elif raw_choices:
        checks.add((*path, "choices"), _('only a prompt of kind "status" has choices.'))
    return Prompt(
        id=ident,
        number=number,
        short=_text(table, "short", path, checks),
        question=_text(table, "question", path, checks),
        hint=_text(table, "hint", path, checks, required=False),
        kind=kind,
        label=_text(table, "label", path, checks, required=False, fields=PANE_FIELDS),
        placeholder=_text(table, "placeholder", path, checks, required=False, fields=PANE_FIELDS),
        parts=tuple(parts),
        choices=tuple(choices),
    )


def check_wording(data: dict[str, Any], checks: Checks) -> PromptBook:
    """Every mistake in one language's wording noted in ``checks``; the book as far as it could be read."""
    raw_prompts = data.get("alignment")
    if not isinstance(raw_prompts, list) or not raw_prompts:
        checks.add(("alignment",), _("there are no [[alignment]] prompts."))
        raw_prompts = []
    if len(raw_prompts) > MAX_PROMPTS:
        checks.add(("alignment",), _("there are more than {count} prompts.").format(count=MAX_PROMPTS))
        raw_prompts = raw_prompts[:MAX_PROMPTS]
    prompts = tuple(_prompt(raw, number, checks) for number, raw in enumerate(raw_prompts, 1))
    seen: set[str] = set()
    for index, prompt in enumerate(prompts):
        if prompt.id and prompt.id in seen:  # said at the second prompt with the id
            checks.add(("alignment", index, "id"), _("two alignment prompts share the id {id!r}.").format(id=prompt.id))
        seen.add(prompt.id)
    raw_declaration = _table(data, "declaration", (), checks, DECLARATION_FIELDS)
    declaration = DeclarationTexts(
        **{
            key: _text(raw_declaration, key, ("declaration",), checks, fields=fields)
            for key, fields in DECLARATION_FIELDS.items()
        }
    )
    guided = {}
    for phase in GUIDED_PHASES:
        table = _table(data, phase, (), checks, PHASE_KEYS[phase])
        hints = {}
        if table is not None and "hints" in table:
            raw_hints = _table(table, "hints", (phase,), checks, HINT_FIELDS)
            hints = {
                key: text
                for key, fields in HINT_FIELDS.items()
                if (text := _text(raw_hints, key, (phase, "hints"), checks, required=False, fields=fields))
            }
        guided[phase] = PhaseTexts(
            guidance=_text(table, "guidance", (phase,), checks),
            hints=hints,
            closing=_text(table, "closing", (phase,), checks, required=False),
        )
    return PromptBook(alignment=prompts, declaration=declaration, clearing=_clearing(data, checks), **guided)


def parse_prompts(data: dict[str, Any]) -> PromptBook:
    """Check one language's wording (as a session stores it) and turn it into a :class:`PromptBook`."""
    version = data.get("version")
    if version != 1:
        raise PromptsError(_("prompts version {version!r} is not one this app reads (1).").format(version=version))
    checks = Checks()
    book = check_wording(data, checks)
    checks.raise_first()
    return book


def _clearing(data: dict[str, Any], checks: Checks) -> ClearingTexts:
    raw = _table(data, "clearing", (), checks, (*CLEARING_FIELDS, *OPENING_STEPS))
    opening = {}
    for step, texts in OPENING_STEPS.items():
        table = _table(raw, step, ("clearing",), checks, texts)
        opening[step] = OpeningTexts(
            **{key: _text(table, key, ("clearing", step), checks, fields=fields) for key, fields in texts.items()}
        )
    words = {key: _text(raw, key, ("clearing",), checks, fields=fields) for key, fields in CLEARING_FIELDS.items()}
    return ClearingTexts(opening=opening, **words)


@cache
def load_prompts(language: str = "en") -> PromptBook:
    """The shipped protocol's wording in ``language`` (read once); a session reads its own (``Session.prompts``)."""
    from coalition_tui.domain.protocol import shipped_protocol

    return shipped_protocol().book(language)
