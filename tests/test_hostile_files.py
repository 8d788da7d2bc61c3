"""Hostile files: whatever a session file or an index holds, one plain sentence or a sane session, never harm.

A session file someone hands over (a coach's backup, a shared folder, a copy)
is untrusted input. The cases are generated: a rich, valid session is walked
and every value in it, leaf or container, is replaced in turn by values of
types its field never takes; then come the cases that need a value of the
right type that is still wrong (an id that is a path, a phase index past the
agenda, a timestamp that is no moment, a number too large for any float,
nesting deeper than the interpreter's stack, ...). Each runs through every
command, in-process with click's runner (and a few through a real
subprocess), and some through the app from the home screen. For each:

* a damaged session file: exit status 1 and one sentence naming the file and
  the field, no traceback, the app never started;
* a damaged index: the listing rebuilt from the session files, one line
  saying so, the damaged index kept aside byte for byte;
* either way the hostile file is byte-identical afterwards (or kept aside so),
  and nothing is written outside the data folder.

Hypothesis adds arbitrary JSON at arbitrary places: loading gives a
``DamagedFileError`` or a session every export can render.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition_tui.cli import main
from coalition_tui.domain.accountability import InheritedEvent
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.domain.declaration import DeclarationState
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import confirm_seal, record_checkin
from coalition_tui.domain.session import Session
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import DamagedFileError, Store, schema

from .conftest import FIXED_NOW

REPO = Path(__file__).resolve().parents[1]
SID = "5e55a0c1"
COMMANDS: list[list[str]] = [
    ["list"],
    ["list", "--json"],
    ["show", SID],
    ["export", SID, "--format", "json"],
    ["export", SID, "--format", "md"],
    ["export", SID, "--format", "ics"],
    ["resume", SID],
]
SESSION_COMMANDS = COMMANDS[2:]  # those that read the session file itself


# -- a rich, valid session to spoil -------------------------------------------------------------


def rich_session() -> Session:
    """A sealed session with something in every part: answers, a clock with turns and undo, check-ins."""
    session = Session.new("Ada", "Ben", facilitator="Morgan", title="Spring reset", now=FIXED_NOW, session_id=SID)
    session.revision_of = "0000aaaa"
    session.alignment.set_answer("care", "a", "The new team")
    session.alignment.set_answer("commitments.short", "b", "Hire two engineers")
    session.alignment.set_status("aligned", "a", "partly")
    clearing = session.clearing
    clearing.opening("a").commitment = "I am committed to you"
    clearing.shared_goals = "Ship the beta"
    clearing.accounts["a"] = "I felt left out"
    clearing.said_all["b"] = True
    clearing.go_to_step(3)
    moment = [1000.0]
    clock = SpeakingClock(120, monotonic=lambda: moment[0], wall=lambda: FIXED_NOW)
    clock.take("a")
    moment[0] += 30.5
    clock.take("b")
    moment[0] += 20.0
    clock.pause()
    clearing.clock = clock.record()
    session.declaration.confirm("a", "2026-11-25T14:30:00+00:00")
    session.declaration.confirm("b", "2026-11-25T14:31:00+00:00")
    for side, what in (("a", "Ship the beta"), ("b", "Weekly numbers")):
        plan = session.accountability.of(side)
        plan.add_commitment()
        plan.set_commitment(0, "what", what)
        plan.set_commitment(0, "by_when", "2027-01-15")
        plan.set_commitment(0, "done_when", "It is live")
        plan.cadence, plan.channel, plan.first_checkin = "every two weeks", "a call", "2026-12-01"
        plan.choose_rhythm("days", 10)
        plan.set_checkin_time("18:30")
        # Stable ids made by hand (add_commitment and the plan make random ones): the file is the same each time.
        plan.commitments[0].uid, plan.series_uid = f"commitment-{side}0", f"checkins-{side}"
        plan.inherited = [
            InheritedEvent(f"commitment-{side}9", "2026-12-20"),
            InheritedEvent("checkins-x", "2026-12-01T18:30"),
        ]
        plan.role_asked = "Tell me plainly"
        plan.answer_role("agreed")
    session.phase_index = len(session.agenda) - 1
    confirm_seal(session, "a", "Ada", FIXED_NOW)
    confirm_seal(session, "b", "Ben", FIXED_NOW)
    record_checkin(session, {"a": [{"status": "on_track", "note": "fine"}]}, "2026-12-15", FIXED_NOW)
    return session


def make_db(root: Path) -> Path:
    """A data folder holding the rich session; returns the path of its file."""
    store = Store(root)
    store.create(rich_session())
    return store.session_path(SID)


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The rich session's whole file, as data."""
    path = make_db(tmp_path_factory.mktemp("good") / "db")
    return json.loads(path.read_bytes())


# -- generating the hostile cases ---------------------------------------------------------------

# The containers the data format types as dicts keyed freely (msgspec names a place in them ``[...]``);
# every other object is a record of named fields.
FREE_KEYS = {
    ("alignment", "answers"),
    ("alignment", "answers", "*"),
    ("alignment", "statuses"),
    ("alignment", "statuses", "*"),
    ("clearing", "openings"),
    ("clearing", "accounts"),
    ("clearing", "said_all"),
    ("clearing", "clock", "totals"),
    ("declaration",),
    ("accountability",),
    ("seal", "confirmed_at"),
    ("checkins", "*", "progress"),
}
IGNORED = {("status",)}  # worked out again from the rest, never read


def _shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _generic(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """``path`` with the keys of freely keyed dicts as ``*``."""
    out: list[Any] = []
    for part in path:
        parent = tuple(out)
        out.append("*" if isinstance(part, int) or (isinstance(part, str) and parent in FREE_KEYS) else part)
    return tuple(out)


def field_name(path: tuple[Any, ...]) -> str:
    """A path in the session as the error message names it (``clearing.clock.turns[0].start``)."""
    text = ""
    for depth, part in enumerate(path):
        parent = _generic(path[:depth])
        if isinstance(part, int):
            text += f"[{part}]"
        elif parent in FREE_KEYS:
            text += "[...]"
        else:
            text += f".{part}" if text else str(part)
    return text


def walk(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in ``value`` with its path, containers before what they hold."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))


def wrong_values(value: Any) -> list[Any]:
    """Values of types the field holding ``value`` never takes."""
    if isinstance(value, bool):
        return ["yes", 1]
    if isinstance(value, int | float):
        return ["7", []]
    if isinstance(value, str):
        return [12345, ["text"]]
    if value is None:
        return [[], 5.5]
    if isinstance(value, list):
        return ["x", {}]
    return ["x", []]


def put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target = data["session"]["1"]
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def generated_cases(good: dict[str, Any]) -> list[tuple[str, bytes, str]]:
    """(name, file bytes, field the message must name) for every value replaced by a wrong type."""
    cases = []
    for path, value in walk(good["session"]["1"]):
        if not path or _shape(path) in IGNORED:
            continue
        named = field_name(path)
        if path[:2] == ("protocol", "wording"):
            # The wording is read by the protocol's own reader, which names the prompt and text
            # (``alignment prompt 1 (care): question must be text``): a few of its values suffice.
            if path not in WORDING_SAMPLES:
                continue
            named = "protocol.wording"
        for wrong in wrong_values(value):
            data = put(good, path, wrong)
            cases.append((f"{field_name(path)}={json.dumps(wrong)}", json.dumps(data).encode(), named))
    return cases


WORDING_SAMPLES = {
    ("protocol", "wording", "version"),
    ("protocol", "wording", "alignment", 0, "question"),
    ("protocol", "wording", "alignment", 2, "parts", 1, "label"),
    ("protocol", "wording", "declaration", "statement"),
    ("protocol", "wording", "clearing", "ground", "title"),
}


def _good() -> dict[str, Any]:
    """The rich session's file, made once at collection (in a throwaway folder)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return json.loads(make_db(Path(folder) / "db").read_bytes())


GOOD = _good()
GENERATED = generated_cases(GOOD)


def spoiled(**changes: Any) -> bytes:
    """The good file with fields of the session replaced (``clearing__accounts__a=5``)."""
    data = GOOD
    for name, value in changes.items():
        data = put(data, tuple(int(p) if p.isdigit() else p for p in name.split("__")), value)
    return json.dumps(data).encode()


def raw_replace(old: str, new: str) -> bytes:
    text = json.dumps(GOOD)
    assert old in text
    return text.replace(old, new, 1).encode()


DEEP = b'{"_meta": {"1": {"schema": 1}}, "session": {"1": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
HUGE_INT = "9" * 5000

# Values of the right type that are still wrong: (name, bytes, field or words the message must hold).
NAMED: list[tuple[str, bytes, str]] = [
    ("schema-1e999", raw_replace('"schema": 1', '"schema": 1e999'), "too large"),
    ("schema-huge-int", raw_replace('"schema": 1', f'"schema": {HUGE_INT}'), "not valid JSON"),
    ("schema-zero", raw_replace('"schema": 1', '"schema": 0'), "_meta.1.schema"),
    ("schema-float", raw_replace('"schema": 1', '"schema": 1.0'), "_meta.1.schema"),
    ("kind-index", raw_replace('"kind": "session"', '"kind": "index"'), "not a session file"),
    ("deep-nesting", DEEP, "nested far deeper"),
    ("nan", raw_replace('"duration": 30.5', '"duration": NaN'), "NaN"),
    ("infinity", raw_replace('"duration": 30.5', '"duration": Infinity'), "Infinity"),
    ("float-overflow", raw_replace('"duration": 30.5', '"duration": 1e400'), "too large"),
    ("id-parent-path", spoiled(id="../../x"), "the field id"),
    ("id-dotdot", spoiled(id=".."), "the field id"),
    ("id-absolute", spoiled(id="/abs"), "the field id"),
    ("id-uppercase", spoiled(id=SID.upper()), "the field id"),
    ("id-other-file", spoiled(id="0000beef"), "the field id: the session inside is 0000beef"),
    ("id-empty", spoiled(id=""), "the field id"),
    ("id-newline", spoiled(id=SID + "\n"), "the field id"),
    ("revision-of-path", spoiled(revision_of="../../x"), "the field revision_of"),
    ("title-list", spoiled(title=["a"]), "the field title"),
    ("title-too-long", spoiled(title="t" * 121), "the field title"),
    ("name-too-long", spoiled(partners__a="A" * 41), "the field partners.a"),
    ("name-empty", spoiled(partners__b=""), "the field partners.b"),
    ("name-missing", spoiled(partners={"a": "Ada"}), "the field partners"),
    ("created-at-number", spoiled(created_at=12345), "the field created_at"),
    ("created-at-words", spoiled(created_at="yesterday, around noon"), "the field created_at"),
    ("created-at-year-9999", spoiled(created_at="9999-12-31T23:59:59+00:00"), "the field created_at"),
    ("created-at-missing", json.dumps(put(GOOD, ("created_at",), None)).encode(), "the field created_at"),
    ("sealed-at-number", spoiled(seal__sealed_at=5), "the field seal.sealed_at"),
    ("sealed-at-soon", spoiled(seal__sealed_at="soon"), "the field seal.sealed_at"),
    ("accounts-number", spoiled(clearing__accounts__a=5), "the field clearing.accounts[...]"),
    ("phase-index-negative", spoiled(phase_index=-3), "the field phase_index"),
    ("phase-index-past-agenda", spoiled(agenda=["alignment"], phase_index=3), "the field phase_index"),
    ("phase-index-huge", raw_replace('"phase_index": 4', f'"phase_index": {"9" * 30}'), "the field phase_index"),
    ("prompt-index-negative", spoiled(alignment__prompt_index=-1), "the field alignment.prompt_index"),
    ("unknown-phase", spoiled(agenda=["alignment", "gossip"]), "the field agenda"),
    ("agenda-empty", spoiled(agenda=[]), "the field agenda"),
    ("agenda-twice", spoiled(agenda=["clearing", "clearing"], phase_index=0), "the field agenda"),
    ("seal-not-last", spoiled(agenda=["seal", "clearing"], phase_index=0), "the field agenda"),
    ("unknown-step", spoiled(clearing__step="gossip"), "the field clearing.step"),
    ("unknown-status", spoiled(alignment__statuses__aligned__a="maybe"), "the field alignment.statuses"),
    ("unknown-side", spoiled(clearing__accounts={"c": "x"}), "a key in the field clearing.accounts"),
    ("unknown-progress", spoiled(checkins__0__progress__a__0__status="meh"), "checkins[0].progress"),
    ("turn-seconds-huge", spoiled(settings__turn_seconds=10**9), "the field settings.turn_seconds"),
    ("duration-negative", spoiled(clearing__clock__turns__0__duration=-5), "clearing.clock.turns[0].duration"),
    ("turn-start-words", spoiled(clearing__clock__turns__0__start="now"), "clearing.clock.turns[0].start"),
    ("totals-off", spoiled(clearing__clock__totals__a=9999.0), "the field clearing.clock.totals.a"),
    ("balance-off", spoiled(clearing__clock__balance=-1.0), "the field clearing.clock.balance"),
    ("holder-not-last", spoiled(clearing__clock__holder="a"), "the field clearing.clock.holder"),
    ("undo-past-turns", spoiled(clearing__clock__undo__0__turn_count=99), "clearing.clock.undo[0].turn_count"),
    ("clock-without-format", spoiled(clearing__clock={"turns": []}), "the field clearing.clock.format"),
    ("text-too-long", spoiled(clearing__shared_goals="x" * (schema.MAX_TEXT + 1)), "clearing.shared_goals"),
    (
        "too-many-commitments",
        spoiled(accountability__a__commitments=[{}] * (schema.MAX_COMMITMENTS + 1)),
        "accountability[...].commitments",
    ),
    ("unknown-rhythm", spoiled(accountability__a__rhythm="fortnightly"), "the field accountability[...].rhythm"),
    ("every-days-negative", spoiled(accountability__b__every_days=-1), "the field accountability[...].every_days"),
    ("every-days-huge", spoiled(accountability__b__every_days=10**6), "the field accountability[...].every_days"),
    ("uid-a-path", spoiled(accountability__a__series_uid="../x"), "the field accountability[...].series_uid"),
    ("uid-newline", spoiled(accountability__a__commitments__0__uid="c\nBEGIN:VEVENT"), "commitments[0].uid"),
    ("inherited-uid-empty", spoiled(accountability__a__inherited__0__uid=""), "inherited[0].uid"),
    (
        "inherited-not-a-date",
        spoiled(accountability__b__inherited__1__start="2026-02-30T18:30"),
        "the field accountability.b.inherited[1].start",
    ),
    (
        "inherited-start-words",
        spoiled(accountability__b__inherited__0__start="next week"),
        "accountability[...].inherited[0].start",
    ),
    ("no-session", json.dumps({"_meta": GOOD["_meta"]}).encode(), "missing required field session"),
    ("session-a-number", json.dumps({"_meta": GOOD["_meta"], "session": {"1": 5}}).encode(), "the field session.1"),
]

# Files that are odd but fine: they load, and every command works.
VALID: list[tuple[str, bytes]] = [
    ("lone-surrogate", spoiled(clearing__accounts__a="lone \ud800 surrogate")),
    (
        "dates-far-out",
        spoiled(
            accountability__a__commitments__0__by_when="9999-12-31",
            accountability__a__first_checkin="9999-12-31",
            accountability__b__first_checkin="9999-12-31",
            accountability__b__rhythm="monthly",
            accountability__a__checkin_time="23:59",
            accountability__a__inherited__0__start="9999-12-31T23:59",
            checkins__0__next_checkin="9999-12-31",
        ),
    ),
    ("time-not-a-time", spoiled(accountability__a__checkin_time="half past six")),  # kept as typed: no time
    ("every-n-days-without-n", spoiled(accountability__a__every_days=0)),
    ("dates-not-dates", spoiled(accountability__a__commitments__0__by_when="after the summer")),
    ("unknown-fields", spoiled(mood="sunny", clearing__clock__colour="blue")),
    ("status-wrong", spoiled(status="pondering")),  # worked out again from the phase index
    ("escape-in-words", spoiled(clearing__accounts__b="\x1b]0;owned\x07\x1b[2J")),
    # Names and titles as no one could type them (setup refuses these): shown, never run.
    ("escape-in-names", spoiled(partners__a="Eve\x1b]0;owned\x07", title="a\x1b[2Jb\u200f")),
]


def test_the_generated_cases_cover_every_value_and_are_many(good_file):
    assert good_file == GOOD
    paths = {name for _, _, name in GENERATED}
    for needed in (
        "clearing.accounts[...]",
        "clearing.clock.turns[0].start",
        "seal.sealed_at",
        "title",
        "checkins[0].progress[...][0].status",
        "alignment.answers[...][...]",
        "revision_of",
        "id",
    ):
        assert needed in paths, needed
    assert len(GENERATED) > 250


def test_the_format_names_the_same_words_as_the_domain():
    from coalition_tui.domain.accountability import RHYTHMS, ROLE_RESPONSES
    from coalition_tui.domain.clearing import STEPS
    from coalition_tui.domain.clock import CLOCK_FORMAT
    from coalition_tui.domain.prompts import STATUSES as ALIGNMENT_STATUSES
    from coalition_tui.domain.seal import STATUSES as PROGRESS_STATUSES
    from coalition_tui.domain.session import MAX_TOLERANCE_SECONDS, MAX_TURN_SECONDS, MIN_TURN_SECONDS

    assert get_args(schema.PhaseName) == tuple(p.value for p in Phase)
    assert get_args(schema.StatusName) == (*(p.value for p in Phase), "finished", "sealed")
    assert get_args(schema.StepName) == STEPS
    assert get_args(schema.AlignmentStatus) == ("", *ALIGNMENT_STATUSES)
    assert get_args(schema.ProgressStatus) == ("", *PROGRESS_STATUSES)
    assert get_args(schema.RoleResponse) == ROLE_RESPONSES
    assert get_args(schema.RhythmName) == RHYTHMS
    assert schema.CLOCK_FORMAT == CLOCK_FORMAT
    assert schema.TURN_SECONDS == (MIN_TURN_SECONDS, MAX_TURN_SECONDS)
    assert schema.TOLERANCE_SECONDS == (0, MAX_TOLERANCE_SECONDS)
    assert DeclarationState().to_dict().keys() == {"a", "b"}


# -- checking one case ---------------------------------------------------------------------------


def tree(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under ``folder`` (but ``skip``): its mode and, for a file, its bytes."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        info = path.lstat()
        out[str(path)] = (info.st_mode, path.read_bytes() if path.is_file() and not path.is_symlink() else None)
    return out


ONE_SENTENCE = re.compile(r"[.!?] +[A-Z]")


def assert_one_sentence(result: Result, path: Path, field: str) -> None:
    """Exit status 1, one line, one sentence, naming the file and the field; no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    message = result.output.strip()
    assert "\n" not in message, message
    assert message.startswith("Error: "), message
    assert ONE_SENTENCE.search(message.removeprefix("Error: ")) is None, f"more than one sentence: {message}"
    assert str(path) in message, f"the message does not name the file: {message}"
    assert field in message, f"the message does not name {field!r}: {message}"


@pytest.fixture
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A data folder in a folder of its own, and the app never started (its start is recorded)."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # hundreds of folders: the disk need not wait
    launched: list[Any] = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: launched.append(start))
    db = tmp_path / "outer" / "db"
    path = make_db(db)
    return db, path, launched


def run_all(db: Path, commands: list[list[str]]) -> list[Result]:
    runner = CliRunner()
    return [runner.invoke(main, ["--db", str(db), *args], terminal_width=120) for args in commands]


def check_damaged_session(db: Path, path: Path, launched: list[Any], content: bytes, field: str) -> None:
    path.write_bytes(content)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    outside = db.parent.parent
    before = tree(outside, skip=db)
    inside = tree(db)
    for args, result in zip(SESSION_COMMANDS, run_all(db, SESSION_COMMANDS), strict=True):
        try:
            assert_one_sentence(result, path, field)
        except AssertionError as error:
            raise AssertionError(f"coalition {' '.join(args)}: {error}") from None
    # The index still lists it (it is not damaged): the list works, and says nothing about repairs.
    for result in run_all(db, [["list"], ["list", "--json"]]):
        assert result.exit_code == 0 and result.stderr == "", result.output
    assert launched == [], "the app started on a damaged file"
    assert path.read_bytes() == content and path.stat().st_mtime_ns == 1_000_000_000
    assert tree(db) == inside, "something in the data folder changed"
    assert tree(outside, skip=db) == before, "something was written outside the data folder"


@pytest.mark.parametrize(("name", "content", "field"), GENERATED, ids=[case[0] for case in GENERATED])
def test_every_value_of_a_wrong_type_is_refused_in_one_sentence(name, content, field, setting):
    db, path, launched = setting
    check_damaged_session(db, path, launched, content, f"the field {field}:")


@pytest.mark.parametrize(("name", "content", "field"), NAMED, ids=[case[0] for case in NAMED])
def test_values_of_the_right_type_that_are_still_wrong_are_refused(name, content, field, setting):
    db, path, launched = setting
    check_damaged_session(db, path, launched, content, field)


@pytest.mark.parametrize(("name", "content"), VALID, ids=[case[0] for case in VALID])
def test_odd_but_valid_files_work_with_every_command(name, content, setting):
    db, path, launched = setting
    path.write_bytes(content)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    outside = db.parent.parent
    before = tree(outside, skip=db)
    for args, result in zip(COMMANDS, run_all(db, COMMANDS), strict=True):
        assert result.exit_code == 0, (args, result.output, result.exception)
        assert "Traceback" not in result.output
        assert "\x1b]" not in result.stdout and "\ud800" not in result.stdout, args
    assert [start.session_id for start in launched] == [SID]
    assert path.read_bytes() == content and path.stat().st_mtime_ns == 1_000_000_000, "reading wrote"
    assert tree(outside, skip=db) == before


def test_far_out_dates_load_as_dates(setting):
    db, path, _ = setting
    path.write_bytes(dict(VALID)["dates-far-out"])
    session = Store(db).load(SID)
    assert session.accountability.of("a").commitments[0].due is not None
    assert session.accountability.of("a").commitments[0].due.year == 9999


# -- hostile indexes ------------------------------------------------------------------------------


def index_cases() -> list[tuple[str, bytes]]:
    with_row = json.loads(
        json.dumps(
            {
                "_meta": {"1": {"schema": 1, "kind": "index"}},
                "sessions": {
                    "1": {
                        "id": SID,
                        "created_at": "2026-11-25T14:30:00+00:00",
                        "updated_at": "2026-11-25T14:30:00+00:00",
                        "partners": {"a": "Ada", "b": "Ben"},
                        "title": "Spring reset",
                        "agenda": ["alignment"],
                        "status": "sealed",
                        "sealed_at": "2026-11-25T14:30:00+00:00",
                        "next_checkin": "2026-12-15",
                        "revision_of": None,
                    }
                },
            }
        )
    )
    cases = [
        ("truncated", b'{"_meta": {"1": {"schema": 1}}, "sess'),
        ("empty", b""),
        ("a-list", b"[1]"),
        ("deep", b"[" * 100_000 + b"]" * 100_000),
        ("schema-1e999", b'{"_meta": {"1": {"schema": 1e999}}}'),
        ("not-utf8", b"\xff\xfe"),
        ("nan", json.dumps(with_row).replace('"schema": 1', '"schema": NaN').encode()),
    ]
    row = with_row["sessions"]["1"]
    for path, value in walk(row):
        if not path:
            continue
        for wrong in wrong_values(value):
            data = copy.deepcopy(with_row)
            target = data["sessions"]["1"]
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = wrong
            cases.append((f"{'.'.join(map(str, path))}={json.dumps(wrong)}", json.dumps(data).encode()))
    for name, value in (
        ("id", "../../x"),
        ("id", "0000BEEF"),
        ("created_at", "yesterday"),
        ("next_checkin", "soon"),
        ("next_checkin", "2026-02-30"),
        ("status", "pondering"),
        ("sealed_at", "9999-12-31T23:59:59+00:00"),
        ("title", "t" * 121),
    ):
        data = copy.deepcopy(with_row)
        data["sessions"]["1"][name] = value
        cases.append((f"{name}={value[:12]}", json.dumps(data).encode()))
    twice = copy.deepcopy(with_row)
    twice["sessions"]["2"] = twice["sessions"]["1"]
    cases.append(("listed-twice", json.dumps(twice).encode()))
    return cases


INDEX_CASES = index_cases()


@pytest.mark.parametrize(("name", "content"), INDEX_CASES, ids=[case[0] for case in INDEX_CASES])
def test_a_hostile_index_is_kept_aside_and_the_list_rebuilt(name, content, setting):
    db, _, launched = setting
    index = db / "index.json"
    index.write_bytes(content)
    outside = db.parent.parent
    before = tree(outside, skip=db)
    first = run_all(db, [["list", "--json"]])[0]
    assert first.exit_code == 0, first.output
    assert [row["id"] for row in json.loads(first.stdout)] == [SID]
    notice = first.stderr.strip()
    [kept] = db.glob("index.json.damaged-*")
    assert "\n" not in notice and str(index) in notice and kept.name in notice and "rebuilt" in notice, notice
    assert kept.read_bytes() == content and kept.stat().st_mode & 0o777 == 0o600
    for args, result in zip(COMMANDS, run_all(db, COMMANDS), strict=True):
        assert result.exit_code == 0 and result.stderr == "", (args, result.output)
    assert [start.session_id for start in launched] == [SID]
    assert tree(outside, skip=db) == before


# -- locks, copies, unreadable files -------------------------------------------------------------


def test_a_lock_file_that_is_a_folder_or_cannot_be_opened(setting, monkeypatch):
    db, path, launched = setting
    lock = db / "sessions" / f"{SID}.lock"
    lock.mkdir()
    [result] = run_all(db, [["resume", SID]])
    assert_one_sentence(result, lock, "it is a folder")
    lock.rmdir()
    real = os.open

    def refuse(file, flags, *args, **kwargs):
        if Path(file) == lock:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    [result] = run_all(db, [["resume", SID]])
    assert_one_sentence(result, lock, "Permission denied")
    assert launched == []


def test_an_index_lock_that_is_a_folder_stops_a_repair_plainly(setting):
    db, _, _ = setting
    (db / "index.json").write_bytes(b"{broken")
    (db / "index.lock").mkdir()
    [result] = run_all(db, [["list"]])
    assert_one_sentence(result, db / "index.lock", "it is a folder")
    assert (db / "index.json").read_bytes() == b"{broken"


def test_a_copied_session_file_cannot_write_over_the_original(setting):
    """The lost update of old: a copy under another name, opened, wrote the original's words by its inner id."""
    db, path, launched = setting
    copy_path = path.with_name("0000beef.json")
    copy_path.write_bytes(path.read_bytes())
    original = path.read_bytes()
    for result in run_all(db, [["show", "0000beef"], ["resume", "0000beef"]]):
        assert_one_sentence(result, copy_path, f"the session inside is {SID}")
    listing = run_all(db, [["list"]])[0]
    assert listing.exit_code == 0 and str(copy_path) in listing.stderr and "left out" in listing.stderr
    assert path.read_bytes() == original and launched == []


# -- through a real process ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "content", "words"),
    [
        pytest.param(["show", SID], dict((n, c) for n, c, _ in NAMED)["id-parent-path"], "the field id", id="show"),
        pytest.param(
            ["export", SID, "--format", "ics"],
            dict((n, c) for n, c, _ in NAMED)["deep-nesting"],
            "nested far deeper",
            id="export",
        ),
        pytest.param(["resume", SID], spoiled(clearing__accounts__a=5), "clearing.accounts[...]", id="resume"),
        pytest.param(["export", SID, "--format", "ics"], dict(VALID)["dates-far-out"], None, id="ics-9999"),
    ],
)
@pytest.mark.serial
def test_through_a_real_process(args, content, words, setting, tmp_path):
    db, path, _ = setting
    path.write_bytes(content)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "COALITION_DB": str(db)}
    before = tree(tmp_path, skip=db)
    done = subprocess.run(
        [sys.executable, "-m", "coalition_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stderr
    if words is None:
        assert done.returncode == 0, done.stderr
        assert "DTSTART;VALUE=DATE:99991231" in done.stdout
    else:
        assert done.returncode == 1, done.stderr
        [line] = done.stderr.splitlines()
        assert str(path) in line and words in line
    assert path.read_bytes() == content
    assert tree(tmp_path, skip=db) == before


# -- through the app ------------------------------------------------------------------------------

APP_CASES = [
    case
    for case in NAMED
    if case[0]
    in {
        "id-parent-path",
        "id-other-file",
        "schema-1e999",
        "deep-nesting",
        "created-at-words",
        "sealed-at-soon",
        "accounts-number",
        "phase-index-negative",
        "title-list",
        "totals-off",
        "nan",
        "unknown-phase",
    }
] + GENERATED[:: max(1, len(GENERATED) // 12)]


@pytest.mark.parametrize(("name", "content", "field"), APP_CASES, ids=[case[0] for case in APP_CASES])
async def test_opening_a_hostile_session_from_home_says_so_and_writes_nothing(
    name, content, field, make_app, db_path, monkeypatch
):
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    path = make_db(db_path)
    path.write_bytes(content)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    outside = db_path.parent
    before, inside = tree(outside, skip=db_path), tree(db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.query_one("#sessions").keys == [SID]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None
        [note] = [n for n in app._notifications if n.title == "Cannot open the session"]
        assert str(path) in note.message and field.split(":")[0] in note.message and "\n" not in note.message
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)
    assert path.read_bytes() == content and path.stat().st_mtime_ns == 1_000_000_000
    assert tree(db_path) == inside
    assert tree(outside, skip=db_path) == before


# -- anything at all, anywhere --------------------------------------------------------------------

PATHS = [path for path, _ in walk(GOOD["session"]["1"]) if path]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(PATHS), value=JSON_VALUES, extra=st.booleans())
def test_any_json_anywhere_gives_a_plain_error_or_a_sane_session(where, value, extra, tmp_path_factory, monkeypatch):
    """Arbitrary JSON at an arbitrary place (or as a new field beside it): a DamagedFileError, or a session
    that every export renders and that saves back in a form that reads back the same."""
    from coalition_tui.export.render import render_export

    monkeypatch.setattr(os, "fsync", lambda fd: None)
    data = copy.deepcopy(GOOD)
    target = data["session"]["1"]
    for part in where[:-1]:
        target = target[part]
    if extra and isinstance(target, dict):
        target[f"x-{where[-1]}"] = value
    else:
        target[where[-1]] = value
    folder = tmp_path_factory.mktemp("any")
    path = make_db(folder / "db")
    content = json.dumps(data).encode()
    path.write_bytes(content)
    store = Store(folder / "db")
    try:
        session = store.load(SID)
    except DamagedFileError as error:
        assert str(path) in str(error) and "\n" not in str(error)
        assert path.read_bytes() == content
        return
    for fmt in ("json", "md", "ics"):
        render_export(session, fmt)
    store.save(session)
    assert Store(folder / "db").load(SID) == session


async def test_a_lock_file_that_is_a_folder_in_the_app(make_app, db_path):
    make_db(db_path)
    lock = db_path / "sessions" / f"{SID}.lock"
    lock.mkdir()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None
        [note] = [n for n in app._notifications if n.title == "Cannot open the session"]
        assert str(lock) in note.message and "it is a folder" in note.message
    assert lock.is_dir()
