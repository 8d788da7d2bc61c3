"""Storage: atomic writes, private modes, damaged files kept, schema, flat autosave cost."""

from __future__ import annotations

import copy
import json
import os
import stat

import pytest

from coalition_tui.domain.session import Session
from coalition_tui.storage import (
    SCHEMA_VERSION,
    DamagedFileError,
    InvalidIdError,
    SchemaTooNewError,
    SessionLockedError,
    StorageError,
    Store,
    UnsavableSessionError,
    atomic,
)
from coalition_tui.storage.atomic import AtomicJSONStorage, atomic_write_bytes
from coalition_tui.storage.locks import FileLock
from coalition_tui.storage.tidy import LEFTOVER_SECONDS

from .conftest import FIXED_NOW


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Interrupted(Exception):
    pass


def test_interrupted_write_leaves_previous_file_readable(tmp_path):
    path = tmp_path / "data.json"
    atomic_write_bytes(path, b'{"v": 1}')

    def crash(tmp):
        assert tmp.exists() and tmp.read_bytes() == b'{"v": 2}'  # the new file was complete...
        raise Interrupted  # ...but the process died before the rename

    with pytest.raises(Interrupted):
        atomic_write_bytes(path, b'{"v": 2}', before_rename=crash)
    assert json.loads(path.read_bytes()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"], "no temporary file is left behind"


def test_interrupted_session_save_keeps_last_saved_session(store, make_session):
    session = make_session()
    session.alignment.set_answer("focus", "a", "first words")
    store.save(session)
    db = store._db(session.id)
    db.storage._before_rename = lambda tmp: (_ for _ in ()).throw(Interrupted())
    session.alignment.set_answer("focus", "a", "second words")
    with pytest.raises(Interrupted):
        store.save(session)
    assert Store(store.root).load(session.id).alignment.answer("focus", "a") == "first words"


def test_files_are_owner_only(store, make_session):
    session = make_session()
    assert mode(store.root) == 0o700
    assert mode(store.sessions_dir) == 0o700
    assert mode(store.index_path) == 0o600
    assert mode(store.session_path(session.id)) == 0o600
    store.set_setting("theme", "x")
    assert mode(store.settings_path) == 0o600


@pytest.mark.parametrize("existing", [0o755, 0o500, 0o1777, 0o700])
def test_an_existing_folder_keeps_its_mode(tmp_path, existing):
    """A folder the user made is theirs: Coalition never changes its mode (root can write even into 0500)."""
    root = tmp_path / "theirs"
    root.mkdir()
    os.chmod(root, existing)
    Store(root).list_summaries()
    assert stat.S_IMODE(root.stat().st_mode) == existing
    assert mode(root / "sessions") == 0o700  # what Coalition made inside it is private


def test_folders_made_for_db_are_private_whatever_the_umask(tmp_path):
    os.chmod(tmp_path, 0o755)
    old = os.umask(0)
    try:
        store = Store(tmp_path / "new" / "parents" / "db")
        session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000beef")
        store.create(session)
        store.lock(session.id)
        store.set_setting("theme", "x")
        for folder in (tmp_path / "new", tmp_path / "new" / "parents", store.root, store.sessions_dir):
            assert mode(folder) == 0o700, folder
        for path in (
            store.index_path,
            store.session_path(session.id),
            store.settings_path,
            store.sessions_dir / "0000beef.lock",
        ):
            assert mode(path) == 0o600, path
    finally:
        os.umask(old)
    assert mode(tmp_path) == 0o755, "the folder that was already there is left alone"


def test_schema_version_is_stored(store, make_session):
    session = make_session()
    for path in (store.index_path, store.session_path(session.id)):
        raw = json.loads(path.read_text())
        assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "empty"),
        (b'{"_meta": {"1": {"schema": 1}}, "sessions": {', "not valid JSON"),
        (b"\xff\xfe garbage", "not valid JSON"),
        (b"[1, 2]", "does not hold"),
        (b'{"a": 1}', "no Coalition data version"),
        (b'{"_meta": {"1": {"schema": 1e999}}}', "too large"),
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b'{"_meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": "../../x"}}}', "sessions[...].id"),
    ],
)
def test_a_damaged_index_is_kept_aside_and_rebuilt(store, make_session, content, detail):
    first, second = make_session(), make_session("Cleo", "Dan")
    store.index_path.write_bytes(content)
    fresh = Store(store.root)
    assert {row["id"] for row in fresh.list_summaries()} == {first.id, second.id}
    notice = fresh.take_notice()
    assert notice is not None and "\n" not in notice
    [kept] = store.root.glob("index.json.damaged-*")
    assert str(store.index_path) in notice and detail in notice and kept.name in notice
    assert "rebuilt from 2 session files" in notice
    assert kept.read_bytes() == content and mode(kept) == 0o600
    assert fresh.take_notice() is None, "said once"
    assert Store(store.root).list_summaries() == fresh.list_summaries()  # the rebuilt index is on disk
    assert mode(store.index_path) == 0o600


def test_a_missing_index_is_rebuilt_and_sessions_missing_from_it_are_added(store, make_session):
    first, second, third = make_session(), make_session("Cleo", "Dan"), make_session("Eve", "Finn")
    store.index_path.unlink()
    fresh = Store(store.root)
    assert {row["id"] for row in fresh.list_summaries()} == {first.id, second.id, third.id}
    assert "was missing, and was rebuilt from 3 session files" in (fresh.take_notice() or "")
    # A session file the index does not list (copied in from a backup) is found and added.
    copied = Session.new("Gus", "Hal", now=FIXED_NOW, session_id="0000beef")
    other = Store(store.root.parent / "elsewhere")
    other.create(copied)
    (store.sessions_dir / "0000beef.json").write_bytes(other.session_path("0000beef").read_bytes())
    assert "0000beef" in [row["id"] for row in fresh.list_summaries()]
    assert f"added 1 session found in {store.sessions_dir} (0000beef)" in (fresh.take_notice() or "")
    # A row whose file is gone is dropped.
    store.session_path(second.id).unlink()
    assert second.id not in [row["id"] for row in fresh.list_summaries()]
    assert f"dropped 1 session whose file is gone ({second.id})" in (fresh.take_notice() or "")
    assert second.id not in [row["id"] for row in Store(store.root).list_summaries()]


def test_damaged_session_files_are_left_out_of_a_rebuild_and_named(store, make_session):
    good, bad = make_session(), make_session("Cleo", "Dan")
    bad_path = store.session_path(bad.id)
    broken = bad_path.read_bytes()[:40]
    bad_path.write_bytes(broken)
    store.index_path.write_bytes(b"{oops")
    fresh = Store(store.root)
    assert [row["id"] for row in fresh.list_summaries()] == [good.id]
    notice = fresh.take_notice() or ""
    assert "rebuilt from 1 session file" in notice
    assert f"1 session file could not be read and is left out of the list: {bad_path} (not valid JSON" in notice
    assert fresh.list_summaries() and fresh.take_notice() is None, "named once in a window, not at every refresh"
    assert bad_path.read_bytes() == broken


def test_the_list_reads_no_session_file_when_nothing_is_missing(store, make_session, monkeypatch):
    for n in range(5):
        make_session(f"A{n}", f"B{n}")
    fresh = Store(store.root)
    read: list[str] = []
    real = atomic.read_bytes
    monkeypatch.setattr("coalition_tui.storage.store.read_bytes", lambda path: read.append(path.name) or real(path))
    monkeypatch.setattr("coalition_tui.storage.store.read_checked", lambda *a, **k: pytest.fail("read a session"))
    assert len(fresh.list_summaries()) == 5
    assert read == ["index.json"]


def test_an_index_from_a_newer_coalition_or_unreadable_is_not_rebuilt(store, make_session):
    make_session()
    data = json.loads(store.index_path.read_bytes())
    data["_meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    store.index_path.write_text(json.dumps(data))
    before = store.index_path.read_bytes()
    with pytest.raises(SchemaTooNewError):
        Store(store.root).list_summaries()
    assert store.index_path.read_bytes() == before and not list(store.root.glob("index.json.damaged-*"))
    store.index_path.unlink()
    store.index_path.mkdir()
    with pytest.raises(StorageError, match="it is a folder"):
        Store(store.root).list_summaries()


def test_damaged_session_is_reported_and_never_overwritten(store, make_session):
    session = make_session()
    path = store.session_path(session.id)
    broken = path.read_bytes()[:-7]
    path.write_bytes(broken)
    fresh = Store(store.root)
    with pytest.raises(DamagedFileError, match=str(path)):
        fresh.load(session.id)
    with pytest.raises(DamagedFileError):
        fresh.save(session)
    assert path.read_bytes() == broken


def test_newer_schema_refused_untouched(store, make_session):
    session = make_session()
    path = store.session_path(session.id)
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer Coalition"):
        Store(store.root).load(session.id)
    assert path.read_bytes() == before


def test_round_trip_of_awkward_text(store, make_session):
    session = make_session()
    texts = {
        "emoji": "🫶🏽 we're ok 👩‍👩‍👧",
        "rtl": "אני מרגיש\u200f مرحبا",
        "combining": "Zoe\u0308 n\u0303",
        "escape": "\x1b[2J\x1b]0;title\x07 plain",
        "surrogate": "lone \ud800 surrogate",
        "big": "paste " * 20_000,
    }
    for key, text in texts.items():
        session.alignment.set_answer(key, "a", text)
    store.save(session)
    loaded = Store(store.root).load(session.id)
    for key, text in texts.items():
        assert loaded.alignment.answer(key, "a") == text


def test_autosave_does_not_rewrite_the_index_when_the_summary_is_unchanged(store, make_session):
    session = make_session()
    store.save(session)
    before = store.index_path.stat().st_ino
    for n in range(5):
        session.alignment.set_answer("focus", "a", f"edit {n}")
        session.touch()
        store.save(session)
    assert store.index_path.stat().st_ino == before, "an edit of the answers left the index alone"
    session.advance()
    store.save(session)
    assert store.index_path.stat().st_ino != before, "a phase change updates the index"
    assert Store(store.root).list_summaries()[0]["status"] == "clearing"


def test_list_is_newest_first_and_resolves_prefixes(store):
    ids = []
    for day in (1, 3, 2):
        session = Session.new("Ada", "Ben", now=FIXED_NOW.replace(day=day), session_id=f"{day:02d}aa0000")
        store.create(session)
        ids.append(session.id)
    assert [r["id"] for r in store.list_summaries()] == ["03aa0000", "02aa0000", "01aa0000"]
    assert store.resolve_id("03a") == "03aa0000"
    with pytest.raises(Exception, match="no session"):
        store.resolve_id("0")  # ambiguous


def test_latest_unfinished(store, make_session):
    first = make_session()
    assert store.latest_unfinished() == first.id
    first.phase_index = len(first.agenda)
    store.save(first)
    assert store.latest_unfinished() is None


def test_a_session_opens_in_one_window_only(store, make_session):
    session = make_session()
    store.lock(session.id)
    other = Store(store.root)
    with pytest.raises(SessionLockedError, match="open in another Coalition window"):
        other.lock(session.id)
    store.unlock(session.id)
    other.lock(session.id)
    other.unlock(session.id)


def test_settings_round_trip(store):
    assert store.get_setting("theme", "default") == "default"
    store.set_setting("theme", "coalition-contrast")
    assert Store(store.root).get_setting("theme") == "coalition-contrast"


def test_storage_read_never_returns_empty_for_damage(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json")
    with pytest.raises(DamagedFileError):
        AtomicJSONStorage(path).read()


# -- ids are never paths ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../../x", "..", "/abs", "0000BEEF", "0000beef0", "0000bee", "", "0000beef/", "x" * 8])
def test_paths_are_built_only_from_valid_ids(store, bad):
    with pytest.raises(InvalidIdError, match="not a Coalition session id"):
        store.session_path(bad)
    with pytest.raises(InvalidIdError):
        store.lock(bad)
    session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000beef")
    session.id = bad
    with pytest.raises(InvalidIdError):
        store.create(session)
    with pytest.raises(InvalidIdError):
        store.save(session)
    assert [p.name for p in store.sessions_dir.iterdir()] == []
    assert sorted(p.name for p in store.root.iterdir()) == ["sessions"]


def test_a_session_is_never_written_in_a_form_it_could_not_be_read_back_in(store, make_session):
    session = make_session()
    path = store.session_path(session.id)
    before = path.read_bytes()
    session.alignment.set_answer("care", "a", "x" * (4 * 1024 * 1024 + 1))
    with pytest.raises(UnsavableSessionError, match=r"alignment\.answers"):
        store.save(session)
    assert path.read_bytes() == before


def test_a_new_session_file_is_written_whole_at_once(store, monkeypatch):
    writes: list[str] = []
    real = atomic.atomic_write_bytes
    monkeypatch.setattr(
        atomic, "atomic_write_bytes", lambda path, data, **k: writes.append(path.name) or real(path, data, **k)
    )
    session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000beef")
    store.create(session)
    assert writes == ["0000beef.json", "index.json"]  # never a file holding only its data version
    assert Store(store.root).load("0000beef") == session
    assert Store(store.root).take_notice() is None


def test_a_copy_of_a_session_under_another_name_is_refused(store, make_session):
    """Writes go by the id inside: a copy opened under another name would write over the original."""
    original = make_session()
    copy = store.sessions_dir / "0000beef.json"
    copy.write_bytes(store.session_path(original.id).read_bytes())
    with pytest.raises(DamagedFileError, match=f"the field id: the session inside is {original.id}"):
        Store(store.root).load("0000beef")
    fresh = Store(store.root)
    assert [row["id"] for row in fresh.list_summaries()] == [original.id]
    assert f"{copy} (the field id" in (fresh.take_notice() or "")


# -- what killed processes leave behind -----------------------------------------------------------


def _aged(path, seconds: float) -> None:
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))


def test_old_temporary_files_of_ours_are_removed_when_the_folder_is_opened(store, make_session):
    session = make_session()
    old_session_tmp = store.sessions_dir / f".{session.id}.json.ab12cd_3.tmp"
    old_index_tmp = store.root / ".index.json.zz99yy88.tmp"
    fresh_tmp = store.sessions_dir / f".{session.id}.json.fresh123.tmp"  # a write under way in another window
    not_ours = [
        store.sessions_dir / ".notes.txt.ab12cd34.tmp",
        store.root / ".bashrc.ab12cd34.tmp",
        store.sessions_dir / "keep.tmp",
    ]
    for path in (old_session_tmp, old_index_tmp, fresh_tmp, *not_ours):
        path.write_bytes(b"half")
    for path in (old_session_tmp, old_index_tmp, *not_ours):
        _aged(path, LEFTOVER_SECONDS + 5)
    Store(store.root)
    assert not old_session_tmp.exists() and not old_index_tmp.exists()
    assert fresh_tmp.exists() and all(path.exists() for path in not_ours)


def test_stale_lock_files_are_removed_and_held_ones_kept(store, make_session):
    held, stale = make_session(), make_session("Cleo", "Dan")
    store.lock(held.id)
    stale_lock = store.sessions_dir / f"{stale.id}.lock"
    stale_lock.write_text("pid 99999999")  # its window was killed: nobody holds it
    (store.root / "index.lock").write_text("pid 99999999")
    folder_lock = store.sessions_dir / "0000beef.lock"
    folder_lock.mkdir()  # not a lock file of ours: left where it is
    Store(store.root)
    assert not stale_lock.exists() and not (store.root / "index.lock").exists()
    assert (store.sessions_dir / f"{held.id}.lock").exists() and folder_lock.is_dir()
    with pytest.raises(SessionLockedError):
        Store(store.root).lock(held.id)
    store.unlock(held.id)
    assert not (store.sessions_dir / f"{held.id}.lock").exists(), "released locks are removed"


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_lock_file_that_is_not_one_is_a_plain_error(store, make_session, kind, tmp_path):
    session = make_session()
    lock = store.sessions_dir / f"{session.id}.lock"
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious")
    if kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(target)  # the lock's holder would truncate whatever it points to
    with pytest.raises(StorageError, match=str(lock)):
        store.lock(session.id)
    assert target.read_text() == "precious"
    index_lock = store.root / "index.lock"
    index_lock.mkdir()
    session.title = "New title"
    with pytest.raises(StorageError, match="index.lock"):
        store.save(session)
    assert FileLock(store.root / "other.lock").acquire()


# -- reading never writes -----------------------------------------------------------------------------


def _stamped(path, when_ns: int = 1_000_000_000) -> bytes:
    os.utime(path, ns=(when_ns, when_ns))
    return path.read_bytes()


def _unchanged(path, before: bytes, when_ns: int = 1_000_000_000) -> bool:
    return path.read_bytes() == before and path.stat().st_mtime_ns == when_ns


def _at(session: Session, where: str) -> Session:
    """The session at ``where``: a phase, ``finished``, ``sealed``, or a clearing saved with its clock running."""
    from coalition_tui.domain.clock import SpeakingClock
    from coalition_tui.domain.phases import Phase
    from coalition_tui.domain.seal import confirm_seal

    if where == "finished":
        session.phase_index = len(session.agenda)
    elif where == "sealed":
        session.go_to(Phase.SEAL)
        confirm_seal(session, "a", "Ada", FIXED_NOW)
        confirm_seal(session, "b", "Ben", FIXED_NOW)
    elif where == "clock-running":
        session.go_to(Phase.CLEARING)
        session.clearing.go_to_step(3)
        moment = [1000.0]
        clock = SpeakingClock(120, monotonic=lambda: moment[0], wall=lambda: FIXED_NOW)
        clock.take("a")
        moment[0] += 30.5
        session.clearing.clock = clock.record()  # saved while running, as a killed window leaves it
    else:
        session.go_to(Phase(where))
    return session


PLACES = ["alignment", "clearing", "declaration", "accountability", "seal", "finished", "sealed", "clock-running"]


@pytest.mark.parametrize("where", PLACES)
async def test_opening_a_session_and_leaving_it_unchanged_writes_nothing(where, store, make_session, make_app):
    session = _at(make_session(), where)
    store.save(session, index=True)
    path, index = store.session_path(session.id), store.index_path
    before, listed = _stamped(path), _stamped(index)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open it from the list
        await pilot.pause()
        assert app.session is not None and app.session.id == session.id
        await pilot.pause(0.6)  # longer than the autosave delay
        await pilot.press("ctrl+g")  # home
        await pilot.pause()
        await pilot.press("enter")  # and once more
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert _unchanged(path, before), f"{where}: the session file was rewritten"
    assert _unchanged(index, listed), f"{where}: the index was rewritten"


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["export", "--format", "json"],
        ["export", "--format", "md"],
        ["export", "--format", "ics"],
        ["list"],
        ["list", "--json"],
    ],
)
def test_show_export_and_list_write_nothing(args, store, make_session, db_path):
    from click.testing import CliRunner

    from coalition_tui.cli import main

    session = _at(make_session(), "sealed")
    store.save(session, index=True)
    path, index = store.session_path(session.id), store.index_path
    before, listed = _stamped(path), _stamped(index)
    files = sorted(p.name for p in db_path.rglob("*"))
    ids = [] if args[0] == "list" else [session.id]
    result = CliRunner().invoke(main, ["--db", str(db_path), args[0], *ids, *args[1:]])
    assert result.exit_code == 0, result.output
    assert _unchanged(path, before) and _unchanged(index, listed)
    assert sorted(p.name for p in db_path.rglob("*")) == files


def test_the_keeper_compares_what_a_person_could_tell_apart():
    from coalition_tui.autosave import as_recorded

    session = _at(Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000beef"), "clock-running")
    saved = session.to_dict()
    shown = copy.deepcopy(saved)
    shown["clearing"]["clock"].update(running=False, totals={"a": 30.5000001, "b": 0.0})  # reopened: paused
    shown["accountability"]["a"]["commitments"].append({"what": "", "by_when": "", "done_when": ""})
    assert as_recorded(shown) == as_recorded(saved)
    for change in (
        lambda d: d["accountability"]["a"]["commitments"][-1].update(what="x"),
        lambda d: d["clearing"]["clock"]["turns"][0].update(duration=31.0),
        lambda d: d["clearing"]["clock"].update(holder=None),
        lambda d: d["clearing"].update(shared_goals="words"),
    ):
        changed = copy.deepcopy(shown)
        change(changed)
        assert as_recorded(changed) != as_recorded(saved)
    empty = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000beef").to_dict()
    unused = copy.deepcopy(empty)
    from coalition_tui.domain.clock import SpeakingClock

    unused["clearing"]["clock"] = SpeakingClock(120).to_dict()  # what the clearing's hook makes of an unused clock
    assert as_recorded(unused) == as_recorded(empty)
