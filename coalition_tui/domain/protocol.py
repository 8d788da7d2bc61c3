"""A protocol: the method's wording as a coach gives it, in one or more languages.

The shipped method is one protocol file; a coach may write their own (reword,
add, drop or reorder alignment prompts; their own clearing, declaration,
accountability and seal wording) without touching code. What a protocol cannot
change is kept out of the file: the phases and what each one records, and the
clock's rules.

A file gives each text once per language, as TOML dotted keys::

    question.en = "What matters most to you in your work at the moment?"
    question.de = "Was ist dir bei deiner Arbeit gerade am wichtigsten?"

(a one-language protocol may write ``question = "..."``). Checking collects
every mistake with its line, for ``coalition protocol check``; a session stores
the wording of its one language as it was shown (``Protocol.wording``), so an
agreement reads the same whatever later happens to the file.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.prompts import GUIDED_PHASES, Checks, Mistake, Path_, PromptBook, check_wording, parse_prompts
from coalition_tui.i18n import LANGUAGES, _

FORMAT = 1
"""The protocol file format this app reads (``format = 1`` at the top of the file)."""

TOP_KEYS = ("format", "protocol", "alignment", "declaration", "clearing", *GUIDED_PHASES)
PROTOCOL_KEYS = ("name", "title", "version", "languages", "description")
STRUCTURE_KEYS = frozenset({"id", "kind", "format", "name", "version", "languages"})
"""Values that are the same in every language (everything else a file gives is wording)."""
TABLES = frozenset(
    {"protocol", "declaration", "clearing", "commitment", "intention", "ground", "hints", *GUIDED_PHASES}
)
"""Keys whose value is a table of texts, not one text given per language."""

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_TITLE = 200
MAX_DESCRIPTION = 1_000
MAX_VERSION = 100
"""What a session can store of a protocol (storage/schema.py's ProtocolDoc allows at least this)."""


class ProtocolError(CoalitionError):
    """A protocol file the app cannot use; ``problems`` lists every mistake found."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One mistake in a protocol file: where (line and field) and what is wrong."""

    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = _("line {line}").format(line=self.line) if self.line else ""
        return ": ".join(part for part in (where, self.field, self.message) if part)


@dataclass(frozen=True)
class Protocol:
    name: str
    version: str
    languages: tuple[str, ...]
    titles: Mapping[str, str]
    data: Mapping[str, Any] = field(repr=False, compare=False)
    source: str = ""  # the file it was read from ("" for the one that ships)
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def language_for(self, language: str) -> str:
        """``language`` if this protocol speaks it, else its first language."""
        return language if language in self.languages else self.languages[0]

    def title(self, language: str) -> str:
        return self.titles.get(self.language_for(language), self.name)

    def description(self, language: str) -> str:
        return self.descriptions.get(self.language_for(language), "")

    def wording(self, language: str) -> dict[str, Any]:
        """The wording in one language, as a session stores it (and ``parse_prompts`` reads it)."""
        resolved = resolve(self.data, self.language_for(language))
        wording = {key: value for key, value in resolved.items() if key not in ("format", "protocol")}
        return {"version": 1, **wording}

    def book(self, language: str) -> PromptBook:
        return parse_prompts(self.wording(language))

    def record(self, language: str) -> ProtocolRecord:
        """What a session keeps of the protocol it is held with: who it is, and every word shown."""
        spoken = self.language_for(language)
        return ProtocolRecord(self.name, self.version, self.title(spoken), spoken, self.wording(spoken))


@dataclass(frozen=True)
class ProtocolRecord:
    """The protocol a session is held with, as the session keeps it: its words in the one language shown."""

    name: str
    version: str
    title: str
    language: str
    wording: Mapping[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "title": self.title,
            "language": self.language,
            "wording": copy.deepcopy(dict(self.wording)),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProtocolRecord:
        return cls(
            name=str(data.get("name", "")),
            version=str(data.get("version", "")),
            title=str(data.get("title", "")),
            language=str(data.get("language", "en")),
            wording=copy.deepcopy(dict(data.get("wording") or {})),
        )

    def book(self) -> PromptBook:
        return parse_prompts(dict(self.wording))


# -- reading a translated value --------------------------------------------------------


LISTS = frozenset({"alignment", "parts", "choices"})
"""Keys whose value is a list of tables."""


def _is_text_position(key: str | int) -> bool:
    """Whether the value under ``key`` is one text (given once, or once per language)."""
    return isinstance(key, str) and key not in STRUCTURE_KEYS and key not in TABLES and key not in LISTS


def resolve(data: Any, language: str, key: str | int = "") -> Any:
    """``data`` with each text given per language replaced by its ``language`` text ("" when missing)."""
    if isinstance(data, list):
        return [resolve(item, language, index) for index, item in enumerate(data)]
    if isinstance(data, dict):
        if key and _is_text_position(key):
            value = data.get(language, "")
            return value if isinstance(value, str) else ""
        return {name: resolve(value, language, name) for name, value in data.items()}
    return copy.copy(data)


# -- where things are in the file -------------------------------------------------------


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")


def _split_key(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def line_map(text: str) -> dict[Path_, int]:
    """The line each table and key starts on (tomllib reports no positions, so the lines are read here).

    Enough of TOML for protocol files: ``[table]``, ``[[array]]`` (nested arrays
    count per parent), ``key = ...`` and dotted ``key.de = ...``; lines inside a
    multi-line string are skipped.
    """
    lines: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    arrays: dict[tuple[str, ...], Path_] = {}  # an array's dotted name -> the path of its latest element
    current: Path_ = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_string:
            if in_string in line:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header and not line.startswith("#"):
            names = tuple(_split_key(header.group(2)))
            # a nested name continues from the latest element of its parent array: [[alignment.parts]]
            base: Path_ = ()
            rest = names
            for size in range(len(names) - 1, 0, -1):
                if names[:size] in arrays:
                    base, rest = arrays[names[:size]], names[size:]
                    break
            path: Path_ = (*base, *rest)
            if header.group(1) == "[[":
                index = counts.get(path, 0)
                counts[path] = index + 1
                path = (*path, index)
                arrays[names] = path
            current = path
            lines.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key and not line.startswith("#"):
            parts = _split_key(key.group(1))
            for size in range(1, len(parts) + 1):
                lines.setdefault((*current, *parts[:size]), number)
            rest_of_line = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest_of_line.count(quote) == 1:
                    in_string = quote
    return lines


def line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    """The line of ``path``, or of the nearest table or key holding it."""
    for size in range(len(path), 0, -1):
        if path[:size] in lines:
            return lines[path[:size]]
    return None


# -- checking a whole file --------------------------------------------------------------


def _translations(data: Any, path: Path_, languages: tuple[str, ...], checks: Checks, key: str | int = "") -> None:
    """Note each text that lacks one of ``languages``, or gives one the protocol does not have."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            _translations(item, (*path, index), languages, checks, index)
        return
    if not isinstance(data, dict):
        if isinstance(data, str) and key and _is_text_position(key) and len(languages) > 1:
            wanted = ", ".join(f"{key}.{code}" for code in languages)
            message = _("{key} is one text for every language: a missing translation (give {wanted}).")
            checks.add(path, message.format(key=key, wanted=wanted))
        return
    if key and _is_text_position(key):
        for code in data:
            if code not in languages:
                checks.add(
                    (*path, code),
                    _("{code!r} is not one of this protocol's languages ({languages}).").format(
                        code=code, languages=", ".join(languages)
                    ),
                )
        for code in languages:
            if not isinstance(data.get(code), str) or not data.get(code, "").strip():
                checks.add(path, _("{key} has no {code} text (a missing translation).").format(key=key, code=code))
        return
    for name, value in data.items():
        _translations(value, (*path, name), languages, checks, name)


def _header(data: dict[str, Any], checks: Checks) -> tuple[str, str, tuple[str, ...]]:
    for key in data:
        if key not in TOP_KEYS:
            checks.unknown_key((key,), TOP_KEYS)
    if data.get("format") != FORMAT:
        checks.add(
            ("format",),
            _("format {format!r} is not one this app reads (write format = {expected} at the top).").format(
                format=data.get("format"), expected=FORMAT
            ),
        )
    meta = data.get("protocol")
    if not isinstance(meta, dict):
        checks.add(("protocol",), _("the [protocol] table (name, title, version, languages) is missing."))
        return "", "", ("en",)
    for key in meta:
        if key not in PROTOCOL_KEYS:
            checks.unknown_key(("protocol", key), PROTOCOL_KEYS)
    name = meta.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        checks.add(
            ("protocol", "name"),
            _("name must be 1 to 40 lower-case letters, digits, - or _ (it is how you choose the protocol)."),
        )
        name = ""
    version = meta.get("version")
    if not isinstance(version, (str, int)) or isinstance(version, bool) or not str(version).strip():
        checks.add(("protocol", "version"), _("version is missing (a number or a word, such as 2 or 2026-autumn)."))
        version = ""
    raw = meta.get("languages")
    languages: tuple[str, ...] = ()
    if isinstance(raw, list) and raw and all(isinstance(code, str) for code in raw):
        languages = tuple(raw)
        for code in languages:
            if code not in LANGUAGES:
                checks.add(
                    ("protocol", "languages"),
                    _("{code!r} is not a language the app speaks ({known}).").format(
                        code=code, known=", ".join(LANGUAGES)
                    ),
                )
        if len(set(languages)) != len(languages):
            checks.add(("protocol", "languages"), _("a language is listed twice."))
    else:
        checks.add(
            ("protocol", "languages"),
            _('languages must list the languages this protocol is written in, e.g. ["en", "de"].'),
        )
    known = tuple(code for code in dict.fromkeys(languages) if code in LANGUAGES) or ("en",)
    for language in known:
        for key, required, limit in (("title", True, MAX_TITLE), ("description", False, MAX_DESCRIPTION)):
            value = resolve(meta, language).get(key)
            if value is None and not required:
                continue
            where: Path_ = ("protocol", key, language) if len(known) > 1 else ("protocol", key)
            if not isinstance(value, str) and value is not None:
                checks.add(where, _("{key} must be text.").format(key=key))
            elif required and not (value or "").strip():
                checks.add(where, _("title is missing (the name people see when choosing a protocol)."))
            elif isinstance(value, str) and len(value) > limit:
                checks.add(where, _("{key} is longer than {count} characters.").format(key=key, count=limit))
    if len(str(version)) > MAX_VERSION:
        checks.add(
            ("protocol", "version"),
            _("{key} is longer than {count} characters.").format(key="version", count=MAX_VERSION),
        )
    return name, str(version).strip(), known


def check_protocol(text: str, source: str = "") -> tuple[Protocol | None, list[Problem]]:
    """Read a protocol file's text: the protocol, or None and every mistake found (each with its line)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"line (\d+)", str(error))
        message = _("not valid TOML: {error}").format(error=error)
        return None, [Problem(int(at.group(1)) if at else None, "", message)]
    checks = Checks()
    name, version, languages = _header(data, checks)
    _translations({k: v for k, v in data.items() if k != "format"}, (), languages, checks)
    untranslated = {m.path for m in checks.mistakes}
    found: dict[Mistake, list[str]] = {}  # each mistake of the wording, and the languages it is in
    for language in languages:
        spoken = Checks()
        check_wording({k: v for k, v in resolve(data, language).items() if k not in ("format", "protocol")}, spoken)
        checks.names.update(spoken.names)
        checks.unknown |= spoken.unknown
        for mistake in spoken.mistakes:
            if not _missing_text(mistake, untranslated):
                found.setdefault(mistake, []).append(language)
    for mistake, where in found.items():
        if len(where) == len(languages):
            checks.mistakes.append(mistake)
        else:
            tagged = f"{mistake.message} ({', '.join(where)})"
            checks.mistakes.append(Mistake(mistake.path, tagged, mistake.unknown, (*mistake.path, where[0])))
    lines = line_map(text)
    problems = [_problem(mistake, checks, lines) for mistake in checks.kept()]
    problems.sort(key=lambda p: p.line or 1_000_000)
    if problems:
        return None, problems
    meta = data["protocol"]
    protocol = Protocol(
        name=name,
        version=version,
        languages=languages,
        titles={code: resolve(meta, code).get("title", "") for code in languages},
        descriptions={code: resolve(meta, code).get("description", "") for code in languages},
        data=data,
        source=source,
    )
    return protocol, []


def _missing_text(mistake: Mistake, untranslated: set[Path_]) -> bool:
    """A text already reported as not translated is not reported again as missing in one language.

    Only a mistake about that text (or inside it) is left out: one about the table or list
    holding it (two prompts with one id, choices in the wrong order) is still said.
    """
    path = mistake.path
    return not mistake.unknown and any(path[:size] in untranslated for size in range(1, len(path) + 1))


def _problem(mistake: Mistake, checks: Checks, lines: Mapping[Path_, int]) -> Problem:
    path = mistake.path
    return Problem(line_of(lines, mistake.at or path), checks.where(path[:-1]), mistake.message)


def read_protocol(text: str, source: str = "") -> Protocol:
    """The protocol in ``text``, or a :class:`ProtocolError` listing every mistake."""
    protocol, problems = check_protocol(text, source)
    if protocol is None:
        shown = "; ".join(str(p) for p in problems[:3]) + ("; …" if len(problems) > 3 else "")
        raise ProtocolError(f"{source}: {shown}" if source else shown, tuple(problems))
    return protocol


def shipped_protocol_path() -> Path:
    return Path(str(files("coalition_tui").joinpath("protocols", "coalition.toml")))


@cache
def shipped_protocol() -> Protocol:
    """The method as it ships: the default protocol (read once)."""
    return read_protocol(shipped_protocol_path().read_text(encoding="utf-8"))
