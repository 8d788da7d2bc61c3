"""The session store: an index plus one small TinyDB file per session.

TinyDB rewrites a whole file on every write. Keeping each session in its own
file, and the home screen's summaries in a small index that changes only when
a summary does, keeps an autosave's cost flat however many sessions exist.

Layout of a data folder (0700, files 0600)::

    index.json            summaries, for the home screen and ``coalition list``
    settings.json         preferences (theme)
    sessions/<id>.json    one session, whole
    sessions/<id>.lock    held while a window has the session open
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from coalition_tui.storage.atomic import FILE_MODE, AtomicJSONStorage, ensure_private_dir, parse_json, read_json
from coalition_tui.storage.errors import (
    DamagedFileError,
    SchemaTooNewError,
    SessionLockedError,
    SessionNotFoundError,
)
from coalition_tui.storage.locks import FileLock

if TYPE_CHECKING:  # the session model loads with the first session, not with the list
    from coalition_tui.domain.session import Session

SCHEMA_VERSION = 1

# MIGRATIONS[n] turns a whole database dict of version n into version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

META = "_meta"
DOC_ID = 1


def _schema_of(path: Path, data: dict[str, Any]) -> int:
    try:
        return int(data[META][str(DOC_ID)]["schema"])
    except (KeyError, TypeError, ValueError):
        raise DamagedFileError(path, "it has no Coalition data version") from None


def _same_summary(known: dict[str, Any] | None, summary: dict[str, Any]) -> bool:
    """Whether the index already says all ``summary`` says (the time of the last edit aside)."""
    return known is not None and known.keys() == summary.keys() and all(
        known[key] == value for key, value in summary.items() if key != "updated_at"
    )


def open_checked(path: Path, kind: str) -> TinyDB:
    """Open a TinyDB file after checking (and if needed migrating) its schema.

    A file from a newer version is refused untouched; an older one is copied
    to ``<name>.schema<N>.bak`` before it is migrated forward.
    """
    data = read_json(path)
    if data is None:
        db = TinyDB(path, storage=AtomicJSONStorage)
        db.table(META).upsert(Document({"schema": SCHEMA_VERSION, "kind": kind}, doc_id=DOC_ID))
        return db
    version = _schema_of(path, data)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(path, version, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        backup = path.with_name(f"{path.name}.schema{version}.bak")
        shutil.copyfile(path, backup)
        backup.chmod(FILE_MODE)
        start = version
        try:
            while version < SCHEMA_VERSION:
                data = MIGRATIONS[version](data)
                version += 1
        except Exception as exc:  # the file itself is untouched: migrations work on a copy in memory
            raise DamagedFileError(
                path, f"it could not be brought from data version {start} to {SCHEMA_VERSION}: {exc!r}"
            ) from None
        data[META] = {str(DOC_ID): {"schema": SCHEMA_VERSION, "kind": kind}}
        AtomicJSONStorage(path).write(data)
    return TinyDB(path, storage=AtomicJSONStorage)


class Store:
    """Sessions on disk. One instance per process; cheap to create."""

    def __init__(self, root: Path) -> None:
        self.root = ensure_private_dir(Path(root))
        self.sessions_dir = ensure_private_dir(self.root / "sessions")
        self.index_path = self.root / "index.json"
        self.settings_path = self.root / "settings.json"
        self._index_lock = FileLock(self.root / "index.lock")
        self._index: TinyDB | None = None
        self._dbs: dict[str, TinyDB] = {}
        self._locks: dict[str, FileLock] = {}
        self._indexed: dict[str, dict[str, Any]] = {}  # each session's summary as the index holds it
        self._summaries: tuple[bytes | None, list[dict[str, Any]]] | None = None

    # -- paths -----------------------------------------------------------------

    def session_path(self, session_id: str) -> Path:
        return self.sessions_dir / f"{session_id}.json"

    # -- the index -------------------------------------------------------------

    @property
    def index(self) -> TinyDB:
        if self._index is None:
            self._index = open_checked(self.index_path, "index")
        return self._index

    def list_summaries(self) -> list[dict[str, Any]]:
        """Every session's summary, newest first; reads the index only.

        Parsed once while the file's bytes stay the same: the command line checks
        the index before the app starts and the home screen lists it again, and
        with years of sessions each parse is a noticeable part of the start.
        """
        try:
            raw = self.index_path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError:
            raw = None  # read_json below says what is wrong
        if raw is None or self._summaries is None or self._summaries[0] != raw:
            self._summaries = (raw, self._read_summaries(raw))
        return [dict(row) for row in self._summaries[1]]

    def _read_summaries(self, raw: bytes | None) -> list[dict[str, Any]]:
        if self._index is not None:
            data = None
        else:  # the bytes just read are parsed here, not read again
            data = parse_json(self.index_path, raw) if raw is not None else read_json(self.index_path)
        try:
            if data is not None and _schema_of(self.index_path, data) == SCHEMA_VERSION:
                rows = [dict(doc) for doc in data.get("sessions", {}).values()]  # one parse, not TinyDB's second
            else:  # not read yet, or a version to migrate or refuse: through TinyDB
                rows = [dict(doc) for doc in self.index.table("sessions").all()]
        except (AttributeError, TypeError, ValueError) as exc:  # valid JSON, not TinyDB's layout
            raise DamagedFileError(self.index_path, f"unexpected layout: {exc}") from None
        for row in rows:  # every reader relies on these; a bad row is a damaged index, not a crash
            partners = row.get("partners")
            if not (isinstance(row.get("id"), str) and isinstance(row.get("created_at"), str)
                    and isinstance(partners, dict) and {"a", "b"} <= partners.keys()):
                raise DamagedFileError(self.index_path, f"a session summary is incomplete: {row!r:.80}")
        # What the index holds now: the first save of a session opened from this list
        # rewrites the index (every session's summary) only if its own summary changed.
        self._indexed.update((row["id"], row) for row in rows)
        rows.sort(key=lambda row: row.get("created_at", ""), reverse=True)
        return rows

    def resolve_id(self, prefix: str) -> str:
        """Accept a whole id or an unambiguous start of one."""
        prefix = prefix.strip().lower()
        if not prefix.isalnum():  # an id is hex: never a path that leads out of the data folder
            raise SessionNotFoundError(self.root, prefix)
        if self.session_path(prefix).exists():
            return prefix
        matches = [row["id"] for row in self.list_summaries() if row["id"].startswith(prefix)]
        if len(matches) == 1:
            return matches[0]
        raise SessionNotFoundError(self.root, prefix)

    def latest_unfinished(self) -> str | None:
        rows = [r for r in self.list_summaries() if r.get("status") not in ("sealed", "finished")]
        rows.sort(key=lambda row: row.get("updated_at", ""), reverse=True)
        return rows[0]["id"] if rows else None

    def _write_summary(self, session: Session, *, force: bool = False) -> None:
        from coalition_tui.domain.session import summarize

        summary = summarize(session)
        if not force and _same_summary(self._indexed.get(session.id), summary):
            return
        with self._index_lock:
            # A fresh Table each time: TinyDB caches the next document id, and another
            # process may have added sessions since (two inserts would claim one id).
            Table(self.index.storage, "sessions").upsert(summary, Query().id == session.id)
        self._indexed[session.id] = summary

    # -- sessions --------------------------------------------------------------

    def _db(self, session_id: str) -> TinyDB:
        if session_id not in self._dbs:
            path = self.session_path(session_id)
            if not path.exists():
                raise SessionNotFoundError(self.root, session_id)
            self._dbs[session_id] = open_checked(path, "session")
        return self._dbs[session_id]

    def create(self, session: Session) -> None:
        path = self.session_path(session.id)
        if path.exists():
            raise FileExistsError(path)
        self._dbs[session.id] = open_checked(path, "session")
        self.save(session)

    def load(self, session_id: str) -> Session:
        try:
            doc = self._db(session_id).table("session").get(doc_id=DOC_ID)
        except (AttributeError, TypeError, ValueError) as exc:  # valid JSON, not TinyDB's layout
            raise DamagedFileError(self.session_path(session_id), f"unexpected layout: {exc}") from None
        if doc is None:
            raise DamagedFileError(self.session_path(session_id), "it holds no session")
        from coalition_tui.domain.session import Session

        try:
            return Session.from_dict(dict(doc))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise DamagedFileError(self.session_path(session_id), f"unexpected content: {exc}") from None

    def save(self, session: Session, *, index: bool = False, data: dict[str, Any] | None = None) -> None:
        """Write the session file; touch the index only if its summary changed.

        ``data`` is ``session.to_dict()`` when the caller has it already.
        """
        document = Document(data if data is not None else session.to_dict(), doc_id=DOC_ID)
        self._db(session.id).table("session").upsert(document)
        self._write_summary(session, force=index)

    def session_ids(self) -> Iterator[str]:
        for path in sorted(self.sessions_dir.glob("*.json")):
            yield path.stem

    # -- one window per session ------------------------------------------------

    def lock(self, session_id: str) -> None:
        """Claim the session for this window, or say plainly who holds it."""
        lock = self._locks.get(session_id) or FileLock(self.sessions_dir / f"{session_id}.lock")
        if not lock.acquire(blocking=False):
            raise SessionLockedError(self.session_path(session_id), session_id, lock.holder())
        self._locks[session_id] = lock

    def unlock(self, session_id: str) -> None:
        lock = self._locks.pop(session_id, None)
        if lock is not None:
            lock.release()

    @contextmanager
    def editing(self, session_id: str) -> Iterator[Session]:
        self.lock(session_id)
        try:
            yield self.load(session_id)
        finally:
            self.unlock(session_id)

    # -- preferences -----------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        if not self.settings_path.exists():
            return default
        doc = open_checked(self.settings_path, "settings").table("settings").get(doc_id=DOC_ID)
        return (doc or {}).get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        table = open_checked(self.settings_path, "settings").table("settings")
        current = dict(table.get(doc_id=DOC_ID) or {})
        current[key] = value
        table.upsert(Document(current, doc_id=DOC_ID))

    def close(self) -> None:
        for session_id in list(self._locks):
            self.unlock(session_id)
