"""The data format of every file Coalition reads, checked before anything else sees what it holds.

A session file, the index and the settings may come from anywhere: a coach's
backup, a shared folder, a copy made by hand. Each is checked against the
msgspec types below in one pass: every field's type, range and length, and
the few words a field may hold (phases, sides, statuses). msgspec's error names
the field (``$.session.1.clearing.accounts.a``), and so does the message a
person reads. What types cannot say is checked right after, here: the phase
index within the agenda, the clock's totals against its turns, a session's id
against its file's name, timestamps that are real moments. Anything that fails is a ``DamagedFileError`` naming the
file and the field; the file itself is never touched.

Fields this version does not know are ignored, not refused: the data version
in ``_meta`` is what marks a file this version cannot read (a newer one is
refused whole), so a field added by hand or by a later release that kept the
version never stops a session from opening, and can never reach the model.

The limits are far beyond anything typed or pasted (an answer may hold
millions of characters) and still finite, so a hostile file cannot make the
app slow or exhaust memory. Importing this module costs little: the session
model is imported only when a session file is read.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType, field

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import MAX_NAME_LENGTH, MAX_TITLE_LENGTH
from coalition_tui.domain.phases import parse_agenda
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.i18n import N_, _, show_number
from coalition_tui.storage.errors import DamagedFileError
from coalition_tui.storage.ids import SESSION_ID_PATTERN

if TYPE_CHECKING:
    from coalition_tui.domain.session import Session

MAX_TEXT = 4 * 1024 * 1024
"""Characters in one answer, account, note or date field: four 1 MB pastes, and then some."""
MAX_KEYS = 1_000  # answers (and statuses) keyed by prompt
MAX_KEY_LENGTH = 200
MAX_COMMITMENTS = 1_000  # per partner
MAX_CHECKINS = 10_000
MAX_TURNS = 100_000  # a long clearing has a few hundred hand-offs
MAX_UNDO = 1_000
MAX_SECONDS = 10_000_000.0  # one turn (or its target): about four months
MAX_TOTAL_SECONDS = MAX_SECONDS * MAX_TURNS
MAX_INDEX_ROWS = 1_000_000
MAX_SCHEMA = 1_000_000
CLOCK_SLACK_SECONDS = 10.0
"""How far a saved total may run ahead of its turns: it is read a moment after the turns are folded."""
MIN_YEAR, MAX_YEAR = 2, 9998  # a moment within these years can be shown in any time zone

# The words a field may hold. tests/test_hostile_files.py checks each list against the domain's own.
PhaseName = Literal["alignment", "clearing", "declaration", "accountability", "seal"]
StatusName = Literal["alignment", "clearing", "declaration", "accountability", "seal", "finished", "sealed"]
SideName = Literal["a", "b"]
SIDE_NAMES: tuple[SideName, SideName] = ("a", "b")
StepName = Literal["commitment", "intention", "ground", "rounds"]
AlignmentStatus = Literal["", "yes", "partly", "not_yet"]
ProgressStatus = Literal["", "done", "on_track", "at_risk", "dropped"]
RoleResponse = Literal["", "agreed", "change"]
RhythmName = Literal["", "weekly", "biweekly", "monthly", "days"]
CLOCK_FORMAT = 1
TURN_SECONDS = (15, 30 * 60)  # domain/session.py: MIN_TURN_SECONDS, MAX_TURN_SECONDS
TOLERANCE_SECONDS = (0, 10 * 60)  # domain/session.py: 0, MAX_TOLERANCE_SECONDS

SessionId = Annotated[str, Meta(pattern=SESSION_ID_PATTERN)]
Text = Annotated[str, Meta(max_length=MAX_TEXT)]
Key = Annotated[str, Meta(min_length=1, max_length=MAX_KEY_LENGTH)]
Name = Annotated[str, Meta(min_length=1, max_length=MAX_NAME_LENGTH)]
OptionalName = Annotated[str, Meta(max_length=MAX_NAME_LENGTH)]
Title = Annotated[str, Meta(max_length=MAX_TITLE_LENGTH)]
Stamp = Annotated[str, Meta(min_length=10, max_length=64)]  # and it must parse: see _check_stamp
Seconds = Annotated[float, Meta(ge=0, le=MAX_SECONDS)]
Total = Annotated[float, Meta(ge=0, le=MAX_TOTAL_SECONDS)]
Balance = Annotated[float, Meta(ge=-MAX_TOTAL_SECONDS, le=MAX_TOTAL_SECONDS)]
IsoDateOrEmpty = Annotated[str, Meta(pattern=r"\A(\d{4}-\d{2}-\d{2})?\Z")]
DocId = Annotated[str, Meta(pattern=r"\A[0-9]{1,12}\Z")]
EventUid = Annotated[str, Meta(pattern=r"\A([0-9A-Za-z][0-9A-Za-z._-]{0,199})?\Z")]  # accountability._UID_SHAPE
EventStart = Annotated[str, Meta(pattern=r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?\Z")]
MAX_INHERITED = 2 * MAX_COMMITMENTS + 100_000  # the events an agreement's revisions ever carried

# -- the data version, in every file -------------------------------------------------------


class MetaDoc(Struct):
    schema: Annotated[int, Meta(ge=1, le=MAX_SCHEMA)]
    kind: str | None = None


class MetaTable(Struct):
    doc: MetaDoc = field(name="1")


class MetaOnly(Struct):
    meta: MetaTable = field(name="_meta")


# -- a session -------------------------------------------------------------------------------


class PartnersDoc(Struct):
    a: Name
    b: Name


class ClockSettingsDoc(Struct):
    turn_seconds: Annotated[int, Meta(ge=TURN_SECONDS[0], le=TURN_SECONDS[1])] = 120
    tolerance_seconds: Annotated[int, Meta(ge=TOLERANCE_SECONDS[0], le=TOLERANCE_SECONDS[1])] = 30


class AlignmentDoc(Struct):
    prompt_index: Annotated[int, Meta(ge=0, le=99)] = 0
    answers: Annotated[dict[Key, dict[SideName, Text]], Meta(max_length=MAX_KEYS)] = {}
    statuses: Annotated[dict[Key, dict[SideName, AlignmentStatus]], Meta(max_length=MAX_KEYS)] = {}
    revealed: Annotated[dict[Key, dict[SideName, bool]], Meta(max_length=MAX_KEYS)] = {}


class OpeningDoc(Struct):
    commitment: Text = ""
    intention: Text = ""


class TurnDoc(Struct):
    speaker: SideName
    start: Stamp
    duration: Seconds = 0.0
    target: Seconds = 0.0
    added: Seconds = 0.0
    signalled: bool = False


class MarkDoc(Struct):
    turn_count: Annotated[int, Meta(ge=0, le=MAX_TURNS)]
    last_turn: TurnDoc | None = None
    holder: SideName | None = None
    running: bool = False


class ClockDoc(Struct, omit_defaults=True):
    """The clearing's clock (``ClockRecord.to_dict``), or ``{}`` before the clock first saved."""

    format: Literal[1] | UnsetType = UNSET
    turn_seconds: Seconds | UnsetType = UNSET
    holder: SideName | None | UnsetType = UNSET
    running: bool | UnsetType = UNSET
    turns: Annotated[list[TurnDoc], Meta(max_length=MAX_TURNS)] | UnsetType = UNSET
    totals: dict[SideName, Total] | UnsetType = UNSET
    balance: Balance | UnsetType = UNSET
    undo: Annotated[list[MarkDoc], Meta(max_length=MAX_UNDO)] | UnsetType = UNSET


MAX_CORRECTIONS = 10_000  # domain/corrections.py: MAX_CORRECTIONS
MAX_STANDING = 100  # domain/clear_again.py: MAX_STANDING
Shift = Annotated[float, Meta(ge=-MAX_SECONDS, le=MAX_SECONDS)]


class CorrectionDoc(Struct):
    """A turn corrected after the fact (``domain.corrections.Correction.to_dict``)."""

    turn: Annotated[int, Meta(ge=0, le=MAX_TURNS)]
    edge: Literal["start", "end"]
    seconds: Shift
    speaker: SideName
    at: Stamp
    by: OptionalName = "facilitator"
    asked: Shift = 0.0
    turn_before: Seconds = 0.0
    turn_after: Seconds = 0.0
    neighbour: Annotated[int, Meta(ge=0, le=MAX_TURNS)] | None = None
    neighbour_before: Seconds = 0.0
    neighbour_after: Seconds = 0.0
    totals_before: dict[SideName, Total] = {}
    totals_after: dict[SideName, Total] = {}


class StandingDoc(Struct):
    side: SideName
    what: Text = ""
    by_when: Text = ""
    status: ProgressStatus = ""


class ClearingDoc(Struct):
    openings: dict[SideName, OpeningDoc] = {}
    shared_goals: Text = ""
    opened: bool = False
    accounts: dict[SideName, Text] = {}
    said_all: dict[SideName, bool] = {}
    clock: ClockDoc = field(default_factory=ClockDoc)
    step: StepName | None = None
    corrections: Annotated[list[CorrectionDoc], Meta(max_length=MAX_CORRECTIONS)] = []  # absent before corrections
    standing: Annotated[
        list[StandingDoc], Meta(max_length=MAX_STANDING)
    ] = []  # a clearing begun again: what it stood on


class DeclarationDoc(Struct):
    confirmed_at: Stamp | None = None
    words: Text = ""


class CommitmentDoc(Struct):
    what: Text = ""
    by_when: Text = ""  # a date as typed: free text, read with accountability.try_date
    done_when: Text = ""
    uid: EventUid = ""  # its stable id across revisions; absent before ids


class InheritedEventDoc(Struct):
    uid: Annotated[str, Meta(pattern=r"\A[0-9A-Za-z][0-9A-Za-z._-]{0,199}\Z")]
    start: EventStart  # and it must be a real date and time: see check_session


class PlanDoc(Struct):
    commitments: Annotated[list[CommitmentDoc], Meta(max_length=MAX_COMMITMENTS)] = []
    cadence: Text = ""  # typed before rhythms; said from the rhythm since
    channel: Text = ""
    first_checkin: Text = ""  # as typed, like by_when
    role_asked: Text = ""
    role_response: RoleResponse = ""
    role_change_note: Text = ""
    rhythm: RhythmName = ""
    cadence_typed: Text = ""  # how often, as typed before a rhythm was chosen over it
    every_days: Annotated[int, Meta(ge=0, le=999)] = 0
    checkin_time: Text = ""  # as typed (HH:MM), read with accountability.try_time
    series_uid: EventUid = ""  # the check-in series' stable id; absent before ids
    inherited: Annotated[list[InheritedEventDoc], Meta(max_length=MAX_INHERITED)] = []


class SealDoc(Struct):
    confirmed_at: dict[SideName, Stamp | None] = {}
    sealed_at: Stamp | None = None


class ProgressDoc(Struct):
    status: ProgressStatus = ""
    note: Text = ""


class CheckInDoc(Struct):
    at: Stamp
    progress: dict[SideName, Annotated[list[ProgressDoc], Meta(max_length=MAX_COMMITMENTS)]] = {}
    next_checkin: Text = ""


class ProtocolDoc(Struct):
    """The protocol a session was held with and its words in that language (``domain/protocol.ProtocolRecord``)."""

    name: Annotated[str, Meta(min_length=1, max_length=40)]
    version: Annotated[str, Meta(max_length=200)]
    title: Annotated[str, Meta(max_length=1_000)]
    language: Annotated[str, Meta(pattern=r"\A[a-z]{2,3}\Z")]
    wording: dict[str, Any]  # checked by the domain's own reader: see check_session


class SessionDoc(Struct):
    """A session as ``Session.to_dict`` writes it (``status`` is worked out again, so it is not read)."""

    id: SessionId
    created_at: Stamp
    partners: PartnersDoc
    updated_at: Stamp | None = None
    facilitator: OptionalName = ""
    title: Title = ""
    agenda: Annotated[list[PhaseName], Meta(min_length=1, max_length=5)] = field(
        default_factory=lambda: ["alignment", "clearing", "declaration", "accountability", "seal"]
    )
    phase_index: Annotated[int, Meta(ge=0, le=5)] = 0
    settings: ClockSettingsDoc = field(default_factory=ClockSettingsDoc)
    presentation: bool = False
    reveal_together: bool = False
    alignment: AlignmentDoc = field(default_factory=AlignmentDoc)
    clearing: ClearingDoc = field(default_factory=ClearingDoc)
    declaration: dict[SideName, DeclarationDoc] = {}
    accountability: dict[SideName, PlanDoc] = {}
    seal: SealDoc = field(default_factory=SealDoc)
    checkins: Annotated[list[CheckInDoc], Meta(max_length=MAX_CHECKINS)] = []
    revision_of: SessionId | None = None
    protocol: ProtocolDoc | None = None  # absent from sessions held before protocols


class SessionTable(Struct):
    doc: SessionDoc = field(name="1")


class SessionFile(Struct):
    meta: MetaTable = field(name="_meta")
    session: SessionTable


# -- the index ----------------------------------------------------------------------------------


class SummaryDoc(Struct):
    """One row of ``index.json`` (``domain.session.summarize``)."""

    id: SessionId
    created_at: Stamp
    partners: PartnersDoc
    status: StatusName
    updated_at: Stamp | None = None
    title: Title = ""
    agenda: Annotated[list[PhaseName], Meta(max_length=5)] = []
    sealed_at: Stamp | None = None
    next_checkin: IsoDateOrEmpty = ""
    revision_of: SessionId | None = None


class IndexFile(Struct):
    meta: MetaTable = field(name="_meta")
    sessions: Annotated[dict[DocId, SummaryDoc], Meta(max_length=MAX_INDEX_ROWS)] = {}


# -- preferences ---------------------------------------------------------------------------------


class SettingsDoc(Struct):
    theme: Annotated[str, Meta(max_length=200)] | None = None


class SettingsTable(Struct):
    doc: SettingsDoc | None = field(name="1", default=None)


class SettingsFile(Struct):
    meta: MetaTable = field(name="_meta")
    settings: SettingsTable = field(default_factory=SettingsTable)


# -- errors that name the field ------------------------------------------------------------------

_WHERE = re.compile(r" - at `(?:(?P<key>key)` in `)?\$(?P<path>[^`]*)`$")
_TYPE_WORDS = {
    "str": N_("text"),
    "int": N_("a whole number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
    "null": N_("nothing"),
    "object": N_("an object"),
    "array": N_("a list"),
    "enum": N_("one of the names allowed"),
}
# msgspec's messages (English, from its C code) in the shapes it gives them, said in the
# interface's language; a shape not listed here is put in words as it comes (see _words).
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Expected `(?P<want>[^`]*)`, got `(?P<got>[^`]*)`"), N_("expected {want}, got {got}")),
    (
        re.compile(r"Expected `(?P<want>[^`]*)` of length (?P<limit>[<>]=? \S+)"),
        N_("expected {want} of length {limit}"),
    ),
    (re.compile(r"Expected `(?P<want>[^`]*)` matching regex '.*'"), N_("expected {want} in the form it must have")),
    (re.compile(r"Expected `(?P<want>[^`]*)` (?P<limit>[<>]=? \S+)"), N_("expected {want} {limit}")),
    (re.compile(r"Object missing required field `(?P<field>[^`]*)`"), N_("object missing required field {field}")),
    (re.compile(r"Invalid enum value (?P<value>.+)"), N_("invalid enum value {value}")),
)
_T = TypeVar("_T")


def _types(names: str) -> str:
    """msgspec's ``str | null`` in words: ``text or nothing``."""
    words = [_(_TYPE_WORDS[name]) if name in _TYPE_WORDS else name for name in (n.strip() for n in names.split("|"))]
    said = words[0]
    for word in words[1:]:
        said = _("{either} or {other}").format(either=said, other=word)
    return said


def _words(problem: str) -> str:
    """msgspec's ``Expected `str | null`, got `int``` in words: ``expected text or nothing, got a whole number``."""
    for shape, sentence in _SHAPES:
        match = shape.fullmatch(problem)
        if match is not None:
            parts = match.groupdict()
            for name in ("want", "got"):
                if name in parts:
                    parts[name] = _types(parts[name])
            return _(sentence).format(**parts)
    problem = re.sub(r" matching regex '.*'", " in the form it must have", problem)
    problem = re.sub(r"`([^`]*)`", lambda m: _types(m.group(1)), problem)
    return problem[:1].lower() + problem[1:]


def _field_name(path: str, skip: str) -> str:
    """``$.session.1.clearing.accounts.a`` as a person reads it: ``clearing.accounts.a``."""
    name = path.lstrip(".")
    if skip and name.startswith(skip):
        name = name[len(skip) :]
    return name or _("the whole file")


def _convert(path: Path, data: Any, kind: type[_T], skip: str = "") -> _T:
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as error:
        text = str(error)
        where = _WHERE.search(text)
        if where is None:
            raise DamagedFileError(path, _words(text)) from None
        problem = _words(text[: where.start()])
        name = _field_name(where.group("path"), skip)
        if where.group("key"):
            raise DamagedFileError(
                path, _("a key in the field {name}: {problem}").format(name=name, problem=problem)
            ) from None
        raise _bad(path, name, problem) from None
    except RecursionError:
        raise DamagedFileError(path, _("it is nested far deeper than any Coalition file")) from None
    except OverflowError:
        raise DamagedFileError(path, _("it holds a number too large for Coalition")) from None


def _bad(path: Path, name: str, problem: str) -> DamagedFileError:
    return DamagedFileError(path, _("the field {name}: {problem}").format(name=name, problem=problem))


def schema_version(path: Path, data: dict[str, Any], kind: str) -> int:
    """The data version a file says it has; it must say one, and be the kind of file expected."""
    if "_meta" not in data:
        raise DamagedFileError(path, _("it has no Coalition data version"))
    meta = _convert(path, data, MetaOnly).meta.doc
    if meta.kind is not None and meta.kind != kind:
        raise DamagedFileError(
            path,
            _("it holds a Coalition {found} file, not a {kind} file").format(found=repr(meta.kind[:20]), kind=kind),
        )
    return meta.schema


# -- what types cannot say -----------------------------------------------------------------------


def _check_stamp(path: Path, name: str, text: str | None) -> None:
    """A timestamp must be a real moment that can be shown in any time zone."""
    if text is None:
        return
    try:
        moment = parse_stamp(text)
    except ValueError:
        raise _bad(path, name, _("{text} is not a date and time").format(text=repr(text[:40]))) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _bad(path, name, _("{text} is not a year Coalition can show").format(text=repr(text[:40])))


def _check_clock(path: Path, clock: ClockDoc) -> None:
    """The clock's record must hold together: what the turns add up to is what the totals say."""
    if clock == ClockDoc():
        return  # no clock yet
    if clock.format is UNSET:
        raise _bad(path, "clearing.clock.format", _("a clock must say its format"))
    turns = [] if isinstance(clock.turns, UnsetType) else clock.turns
    for number, turn in enumerate(turns):
        _check_stamp(path, f"clearing.clock.turns[{number}].start", turn.start)
    holder = None if isinstance(clock.holder, UnsetType) else clock.holder
    if holder is not None and turns and turns[-1].speaker != holder:
        raise _bad(path, "clearing.clock.holder", _("the floor's holder is not the one who spoke last"))
    if not isinstance(clock.totals, UnsetType):
        totals = {side: clock.totals.get(side, 0.0) for side in SIDE_NAMES}
        for side in SIDE_NAMES:
            spoken = math.fsum(t.duration for t in turns if t.speaker == side)
            if not spoken - 1e-6 <= totals[side] <= spoken + CLOCK_SLACK_SECONDS:
                raise _bad(
                    path,
                    f"clearing.clock.totals.{side}",
                    _("{total} seconds, but the turns add up to {spoken}").format(
                        total=show_number(totals[side], 1), spoken=show_number(spoken, 1)
                    ),
                )
        difference = totals["a"] - totals["b"]
        if not isinstance(clock.balance, UnsetType) and abs(clock.balance - difference) > 1e-6 * max(
            1.0, abs(difference)
        ):
            raise _bad(path, "clearing.clock.balance", _("it is not the difference of the totals"))
    for number, mark in enumerate([] if isinstance(clock.undo, UnsetType) else clock.undo):
        if mark.turn_count > len(turns):
            raise _bad(path, f"clearing.clock.undo[{number}].turn_count", _("it counts more turns than there are"))
        if mark.last_turn is not None:
            _check_stamp(path, f"clearing.clock.undo[{number}].last_turn.start", mark.last_turn.start)


def _check_corrections(path: Path, clearing: ClearingDoc) -> None:
    """Each correction names a turn the clock has, and its neighbour beside it, at a real moment."""
    turns = 0 if isinstance(clearing.clock.turns, UnsetType) else len(clearing.clock.turns)
    for number, correction in enumerate(clearing.corrections):
        name = f"clearing.corrections[{number}]"
        _check_stamp(path, f"{name}.at", correction.at)
        if correction.turn >= turns:
            raise _bad(path, f"{name}.turn", _("the clock has no such turn"))
        beside = correction.turn - 1 if correction.edge == "start" else correction.turn + 1
        if correction.neighbour is not None and correction.neighbour != beside:
            raise _bad(path, f"{name}.neighbour", _("it is not the turn beside the edge that moved"))


def check_session(path: Path, doc: SessionDoc, expected_id: str | None) -> None:
    """Everything the types cannot say about a session; raises ``DamagedFileError`` naming the field."""
    if expected_id is not None and doc.id != expected_id:
        raise _bad(
            path,
            "id",
            _(
                "the session inside is {inside}, but the file is named for {named} (a copy of another session's file?)"
            ).format(inside=doc.id, named=expected_id),
        )
    try:
        parse_agenda(doc.agenda)
    except ValidationError as error:
        raise _bad(path, "agenda", str(error)) from None
    if doc.phase_index > len(doc.agenda):
        raise _bad(
            path,
            "phase_index",
            _("{index} is past the end of an agenda of {length}").format(index=doc.phase_index, length=len(doc.agenda)),
        )
    for name, text in (
        ("created_at", doc.created_at),
        ("updated_at", doc.updated_at),
        ("seal.sealed_at", doc.seal.sealed_at),
    ):
        _check_stamp(path, name, text)
    for side, declaration in doc.declaration.items():
        _check_stamp(path, f"declaration.{side}.confirmed_at", declaration.confirmed_at)
    for side, moment in doc.seal.confirmed_at.items():
        _check_stamp(path, f"seal.confirmed_at.{side}", moment)
    for number, checkin in enumerate(doc.checkins):
        _check_stamp(path, f"checkins[{number}].at", checkin.at)
    for side, plan in doc.accountability.items():
        for number, event in enumerate(plan.inherited):
            try:
                datetime.fromisoformat(event.start)
            except ValueError:
                raise _bad(
                    path,
                    f"accountability.{side}.inherited[{number}].start",
                    _("{text} is not a date").format(text=repr(event.start)),
                ) from None
    _check_clock(path, doc.clearing.clock)
    _check_corrections(path, doc.clearing)
    if doc.protocol is not None:
        from coalition_tui.domain.prompts import PromptsError, parse_prompts

        try:
            parse_prompts(doc.protocol.wording)
        except PromptsError as error:
            raise _bad(path, "protocol.wording", str(error)) from None


def session_data(path: Path, data: dict[str, Any], expected_id: str | None) -> dict[str, Any]:
    """The session a whole session file holds, checked, as plain data for ``Session.from_dict``."""
    file = _convert(path, data, SessionFile, skip="session.1.")
    doc = file.session.doc
    check_session(path, doc, expected_id)
    plain: dict[str, Any] = msgspec.to_builtins(doc)
    if plain["updated_at"] is None:
        plain["updated_at"] = plain["created_at"]
    return plain


def session_from_file(path: Path, data: dict[str, Any], expected_id: str | None) -> Session:
    """The domain's ``Session`` from a whole session file, or a ``DamagedFileError`` naming the field."""
    from coalition_tui.domain.session import Session

    plain = session_data(path, data, expected_id)
    try:
        return Session.from_dict(plain)
    except ValidationError as error:  # a rule of the domain the format does not repeat
        raise _bad(path, error.field or "session", str(error)) from None
    except (KeyError, TypeError, ValueError) as error:  # the format should rule these out; never a crash
        raise DamagedFileError(path, _("unexpected content: {problem}").format(problem=repr(error))[:200]) from None


def check_session_dict(path: Path, session: dict[str, Any]) -> None:
    """Check a session about to be written (``Session.to_dict``): never write what could not be read back."""
    doc = _convert(path, session, SessionDoc)
    check_session(path, doc, expected_id=None)


# -- the index and the settings -------------------------------------------------------------------


def _year(text: str) -> int | None:
    """The year of a timestamp, or None if it is not one (``datetime.fromisoformat``, as ``parse_stamp``)."""
    try:
        return datetime.fromisoformat(text).year
    except ValueError:
        return None


def index_rows(path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every summary an index holds, checked, in file order (``updated_at`` filled in when missing).

    Read at every start, with a row per session ever held: the loop is kept tight.
    """
    index = _convert(path, data, IndexFile)
    rows: list[dict[str, Any]] = msgspec.to_builtins(list(index.sessions.values()))
    seen: set[str] = set()
    for doc_id, row in zip(index.sessions, rows, strict=True):
        if row["id"] in seen:
            raise _bad(path, f"sessions.{doc_id}.id", _("session {id} is listed twice").format(id=row["id"]))
        seen.add(row["id"])
        for name in ("created_at", "updated_at", "sealed_at"):
            text = row[name]
            if text is not None and not MIN_YEAR <= (_year(text) or 0) <= MAX_YEAR:
                _check_stamp(path, f"sessions.{doc_id}.{name}", text)  # says what is wrong with it
        if row["next_checkin"]:
            try:
                date.fromisoformat(row["next_checkin"])
            except ValueError:
                raise _bad(
                    path,
                    f"sessions.{doc_id}.next_checkin",
                    _("{text} is not a date").format(text=repr(row["next_checkin"])),
                ) from None
        row["updated_at"] = row["updated_at"] or row["created_at"]
    return rows


def check_settings(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The preferences a settings file holds (its one document), checked."""
    _convert(path, data, SettingsFile)
    table = data.get("settings") or {}
    document: dict[str, Any] = dict(table.get("1") or {})
    return document
