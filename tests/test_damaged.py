"""Damaged data: a clear message naming the file and what to do, the file untouched, no traceback.

Every fault is tried through the command line (``list``, ``resume``, ``export``
and the home screen) and through the app (opening the session from home). File
permissions are real where the tests can drop root (a child running as
``nobody``); otherwise they are simulated. A damaged index is derived data:
it is rebuilt from the session files, the damaged one kept aside byte for byte.
(Hostile files of every shape, generated: tests/test_hostile_files.py.)
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import DamagedFileError, Store
from coalition_tui.storage import store as store_module

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def launched(monkeypatch):
    calls: list = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: calls.append(start))
    return calls


def _session_file(db: Path, session_id: str) -> Path:
    return db / "sessions" / f"{session_id}.json"


def _good_bytes(path: Path) -> bytes:
    return path.read_bytes()


# Each damage takes the good bytes of a file and returns the damaged bytes.
DAMAGES = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "invalid-json": lambda good: b'{"_meta": {"1": {"schema": 1}}, "session": {oops',
    "not-utf8": lambda good: b"\xff\xfe\x00garbage",
    "a-list": lambda good: b"[1, 2, 3]",
    "no-version": lambda good: b'{"session": {}}',
    "newer-schema": lambda good: good.replace(b'"schema":1', b'"schema":99'),
    "wrong-layout": lambda good: b'{"_meta": {"1": {"schema": 1}}, "session": "text"}',
    "wrong-types": lambda good: good.replace(b'"partners":{', b'"partners":"x","was":{'),
    "no-session": lambda good: b'{"_meta": {"1": {"schema": 1}}}',
}

EXPECTED_HINT = {
    "newer-schema": "upgrade Coalition",
}


def _assert_plain_failure(result, path: Path, damage: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert str(path) in result.output, f"the message does not name the file: {result.output!r}"
    hint = EXPECTED_HINT.get(damage, "move it aside")
    assert hint in result.output, result.output
    assert "left" in result.output  # it says the file was left as it is


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_session_file_through_the_cli(damage, runner, launched, db_path, make_session):
    session = make_session()
    path = _session_file(db_path, session.id)
    damaged = DAMAGES[damage](_good_bytes(path))
    path.write_bytes(damaged)
    for args in (["resume", session.id], ["resume"], ["export", session.id]):
        result = runner.invoke(main, ["--db", str(db_path), *args])
        _assert_plain_failure(result, path, damage)
    assert launched == []
    # The list reads the index only: it still works, and home still opens.
    assert runner.invoke(main, ["--db", str(db_path), "list"]).exit_code == 0
    assert runner.invoke(main, ["--db", str(db_path)]).exit_code == 0
    assert path.read_bytes() == damaged


def _kept_aside(db: Path) -> list[Path]:
    return sorted(db.glob("index.json.damaged-*"))


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_index_through_the_cli(damage, runner, launched, db_path, make_session):
    session = make_session()
    path = db_path / "index.json"
    damaged = DAMAGES[damage](_good_bytes(path))
    if damage == "wrong-layout":  # the index's table is "sessions"
        damaged = b'{"_meta": {"1": {"schema": 1}}, "sessions": "text"}'
    path.write_bytes(damaged)
    if damage == "newer-schema":  # not damaged: refused whole, and left as it is
        for args in (["list"], ["list", "--json"], [], ["resume"], ["resume", session.id[:4]]):
            _assert_plain_failure(runner.invoke(main, ["--db", str(db_path), *args]), path, damage)
        assert launched == [] and path.read_bytes() == damaged and _kept_aside(db_path) == []
        return
    result = runner.invoke(main, ["--db", str(db_path), "list", "--json"])
    assert result.exit_code == 0, result.output
    assert [row["id"] for row in json.loads(result.stdout)] == [session.id]
    notice = result.stderr.strip()
    assert "\n" not in notice and "Traceback" not in result.output
    if damage == "no-session":  # a valid index that lists nothing: the session is found and added
        assert f"added 1 session found in {db_path / 'sessions'} ({session.id})" in notice
        assert _kept_aside(db_path) == []
    else:
        [kept] = _kept_aside(db_path)
        assert kept.read_bytes() == damaged and kept.stat().st_mode & 0o777 == 0o600
        assert str(path) in notice and kept.name in notice and "rebuilt from 1 session file" in notice
    # Repaired once: every command works again, and says nothing more.
    for args in (["list"], [], ["resume"], ["resume", session.id[:4]]):
        again = runner.invoke(main, ["--db", str(db_path), *args])
        assert again.exit_code == 0 and again.stderr == "", again.output
    assert [start.session_id for start in launched if start.action == "resume"] == [session.id, session.id]


@pytest.mark.parametrize("damage", ["truncated", "invalid-json", "newer-schema", "wrong-types"])
async def test_opening_a_damaged_session_from_home_notifies_and_keeps_running(damage, make_app, make_session, db_path):
    good = make_session("Ada", "Ben")
    bad = make_session("Cleo", "Dan")
    path = _session_file(db_path, bad.id)
    damaged = DAMAGES[damage](_good_bytes(path))
    path.write_bytes(damaged)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.open_session(bad.id) is False
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m for m in messages), messages
        # The damaged session is not held: another window could open it, and so can this one now.
        assert app.open_session(good.id) is True
        await pilot.pause()
        assert app.session.id == good.id
        await pilot.press("ctrl+q")
    assert path.read_bytes() == damaged


async def test_resuming_a_damaged_session_in_the_app_stays_home(make_app, make_session, db_path):
    bad = make_session()
    path = _session_file(db_path, bad.id)
    path.write_bytes(b"{broken")
    app = make_app(StartRequest("resume", bad.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None
        assert any("Cannot open" in (n.title or "") for n in app._notifications)
    assert path.read_bytes() == b"{broken"


@pytest.mark.parametrize("damage", ["truncated", "wrong-types", "newer-schema"])
async def test_damaged_index_on_the_home_screen_is_repaired_or_reported(damage, make_app, make_session, db_path):
    session = make_session()
    path = db_path / "index.json"
    damaged = DAMAGES[damage](_good_bytes(path))
    path.write_bytes(damaged)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m for m in messages), messages
        if damage == "newer-schema":
            assert app.screen.query_one("#sessions").row_count == 0
        else:
            assert [n.title for n in app._notifications] == ["Session list repaired"]
            assert app.screen.query_one("#sessions").keys == [session.id]
        await pilot.press("n")  # the app keeps working: setup opens
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)
    if damage == "newer-schema":
        assert path.read_bytes() == damaged
    else:
        assert [p.read_bytes() for p in _kept_aside(db_path)] == [damaged]


async def test_odd_values_in_a_hand_edited_index_are_repaired(make_app, make_session, db_path):
    """Dates that are not dates, a status that is none: the index is rebuilt from the session's own file."""
    session = make_session()
    path = db_path / "index.json"
    data = json.loads(path.read_bytes())
    row = next(iter(data["sessions"].values()))
    row.update(created_at="last spring", next_checkin="soon", status="pondering")
    path.write_text(json.dumps(data))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert any("status" in n.message and "pondering" in n.message for n in app._notifications)
        sessions = app.screen.query_one("#sessions")
        drawn = sessions.render_line(1).text
        assert "2026-11-25" in drawn and "Alignment" in drawn and session.id in drawn
        await pilot.press("enter")  # and the session opens
        await pilot.pause()
        assert app.session is not None and app.session.id == session.id


async def test_damaged_settings_do_not_stop_the_app(make_app, db_path, store):
    path = db_path / "settings.json"
    path.write_bytes(b"{half")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any(str(path) in n.message for n in app._notifications)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert path.read_bytes() == b"{half"


async def test_a_failing_autosave_is_shown_and_the_app_keeps_running(make_app, make_session, db_path, monkeypatch):
    """The folder becomes unwritable (disk full, removed drive) while a session is open."""
    from coalition_tui.storage.errors import UnwritableError

    session = make_session()
    app = make_app(StartRequest("resume", session.id), autosave_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def refuse(*args, **kwargs):
            raise UnwritableError(db_path / "sessions", "No space left on device")

        monkeypatch.setattr("coalition_tui.storage.atomic.atomic_write_bytes", refuse)
        app.action_toggle_presentation()
        await pilot.pause(0.1)
        await pilot.pause()
        assert app.return_code is None
        assert any("No space left" in n.message and n.title == "Not saved" for n in app._notifications)
        monkeypatch.undo()
        app.save_now()  # once the disk has room again, the change is written
    store = Store(db_path)
    assert store.load(session.id).presentation is True


# -- permissions -------------------------------------------------------------------------
# Root ignores file modes. To check them for real, the test drops its *effective*
# user to 'nobody' for the duration of one command (the real user stays root, so it
# can come back), and runs the command line in-process with CliRunner.


def _nobody() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


needs_root_to_drop = pytest.mark.skipif(
    os.geteuid() != 0 or _nobody() is None,
    reason="real permission checks act as 'nobody' for a moment, which needs root "
    "(and root itself ignores file modes); the simulated tests below cover the messages",
)


@pytest.fixture
def shared_tmp():
    """A folder outside pytest's root-only tmp, so another user can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="coalition-perm-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def acting_as(user: pwd.struct_passwd):
    # Everything a command imports lazily must be loaded first: the interpreter's
    # own files may not be readable by 'nobody'.
    import rich.console  # noqa: E401, F401

    import coalition_tui.domain.timeutil  # noqa: E401, F401

    groups = os.getgroups()
    os.setgroups([])
    os.setegid(user.pw_gid)
    os.seteuid(user.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


def _run_as_nobody(*args: str):
    nobody = _nobody()
    assert nobody is not None
    with acting_as(nobody):
        result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _make_db(folder: Path, owner: pwd.struct_passwd | None) -> tuple[Path, str]:
    from coalition_tui.domain.session import Session

    db = folder / "db"
    store = Store(db)
    session = Session.new("Ada", "Ben")
    store.create(session)
    store.close()
    if owner is not None:
        for path in [db, *db.rglob("*")]:
            os.chown(path, owner.pw_uid, owner.pw_gid)
    return db, session.id


@needs_root_to_drop
def test_unreadable_session_file_for_real(shared_tmp, launched):
    nobody = _nobody()
    db, sid = _make_db(shared_tmp, nobody)
    path = _session_file(db, sid)
    os.chown(path, 0, 0)  # someone else's file (0600): nobody cannot read it
    before = path.read_bytes()
    result = _run_as_nobody("--db", str(db), "resume", sid)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert str(path) in result.output and "Permission denied" in result.output
    assert "chmod 600" in result.output
    assert path.read_bytes() == before
    assert launched == []
    listing = _run_as_nobody("--db", str(db), "list")
    assert listing.exit_code == 0, listing.output  # the index is still theirs


@needs_root_to_drop
def test_unreadable_index_for_real(shared_tmp, launched):
    nobody = _nobody()
    db, _ = _make_db(shared_tmp, nobody)
    os.chown(db / "index.json", 0, 0)
    before = (db / "index.json").read_bytes()
    for args in (["list"], []):
        result = _run_as_nobody("--db", str(db), *args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert str(db / "index.json") in result.output
    assert (db / "index.json").read_bytes() == before
    assert launched == []


@needs_root_to_drop
@pytest.mark.parametrize("args", [["list"], ["new", "-a", "Ada", "-b", "Ben"], []])
def test_folder_that_cannot_be_written_for_real(args, shared_tmp, launched):
    db, _ = _make_db(shared_tmp, None)  # root's folder: nobody may look, not write
    db.chmod(0o755)
    (db / "sessions").chmod(0o755)
    for path in db.rglob("*.json"):
        path.chmod(0o644)
    before = {p: p.read_bytes() for p in db.rglob("*") if p.is_file()}
    result = _run_as_nobody("--db", str(db), *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"cannot write to {db}" in result.output
    assert "--db or COALITION_DB" in result.output
    assert {p: p.read_bytes() for p in db.rglob("*") if p.is_file()} == before
    assert launched == []


def test_unreadable_file_simulated(runner, launched, db_path, make_session, monkeypatch):
    """The same message without root tricks: reading the file is refused."""
    session = make_session()
    path = _session_file(db_path, session.id)
    before = path.read_bytes()
    real = os.open

    def refuse(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = runner.invoke(main, ["--db", str(db_path), "resume", session.id])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(path) in result.output and "Permission denied" in result.output
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_unwritable_folder_simulated(runner, launched, tmp_path, monkeypatch):
    db = tmp_path / "db"

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "mkdir", refuse)
    result = runner.invoke(main, ["--db", str(db), "list"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot write to {db}" in result.output


# -- schema versions -----------------------------------------------------------------------


def test_older_schema_migrates_forward_keeping_a_backup(db_path, make_session, monkeypatch):
    session = make_session()
    path = _session_file(db_path, session.id)
    original = path.read_bytes()

    def v1_to_v2(data):
        data["session"]["1"]["title"] = "migrated"
        return data

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: v1_to_v2})
    loaded = Store(db_path).load(session.id)
    assert loaded.title == "migrated"
    backup = path.with_name(f"{path.name}.schema1.bak")
    assert backup.read_bytes() == original
    assert backup.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_bytes())["_meta"]["1"]["schema"] == 2
    # Opening again does not migrate twice.
    assert Store(db_path).load(session.id).title == "migrated"


def test_a_failing_migration_leaves_the_file_untouched(runner, launched, db_path, make_session, monkeypatch):
    session = make_session()
    path = _session_file(db_path, session.id)
    original = path.read_bytes()

    def broken(data):
        return data["no such key"]

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: broken})
    with pytest.raises(DamagedFileError) as caught:
        Store(db_path).load(session.id)
    assert str(path) in str(caught.value) and "version 1 to 2" in str(caught.value)
    result = runner.invoke(main, ["--db", str(db_path), "resume", session.id])
    assert result.exit_code == 1 and "Traceback" not in result.output and str(path) in result.output
    assert path.read_bytes() == original


def test_the_home_screen_started_by_the_command_line_says_what_was_repaired(runner, db_path, make_session, monkeypatch):
    session = make_session()
    (db_path / "index.json").write_bytes(b"{half")
    stores: list[Store] = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: stores.append(store))
    result = runner.invoke(main, ["--db", str(db_path)])
    assert result.exit_code == 0 and result.output == "", result.output  # nothing printed under the screen
    [store] = stores
    notice = store.take_notice()  # left for the home screen, which shows it as it lists the sessions
    assert notice is not None and "kept as index.json.damaged-" in notice
    assert [row["id"] for row in store.list_summaries()] == [session.id]
