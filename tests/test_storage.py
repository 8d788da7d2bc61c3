"""Storage: atomic writes, private modes, damaged files kept, schema, flat autosave cost."""

from __future__ import annotations

import json
import os
import stat

import pytest

from coalition_tui.domain.session import Session
from coalition_tui.storage import SCHEMA_VERSION, DamagedFileError, SchemaTooNewError, SessionLockedError, Store
from coalition_tui.storage.atomic import AtomicJSONStorage, atomic_write_bytes

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


def test_existing_loose_folder_is_tightened(tmp_path):
    root = tmp_path / "loose"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    Store(root)
    assert mode(root) == 0o700


def test_schema_version_is_stored(store, make_session):
    session = make_session()
    for path in (store.index_path, store.session_path(session.id)):
        raw = json.loads(path.read_text())
        assert raw["_meta"]["1"]["schema"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("content", "detail"),
    [(b"", "empty"), (b'{"_meta": {"1": {"schema": 1}}, "sessions": {', "not valid JSON"),
     (b"\xff\xfe garbage", "not valid JSON"), (b"[1, 2]", "does not hold"), (b'{"a": 1}', "no Coalition data version")],
)
def test_damaged_index_is_reported_and_kept(store, make_session, content, detail):
    make_session()
    store.index_path.write_bytes(content)
    with pytest.raises(DamagedFileError) as caught:
        Store(store.root).list_summaries()
    message = str(caught.value)
    assert str(store.index_path) in message and detail in message
    assert "left exactly as it is" in message
    assert store.index_path.read_bytes() == content


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
