"""The session store: an index plus one small TinyDB file per session.

TinyDB rewrites a whole file on every write. Keeping each session in its own
file, and the home screen's summaries in a small index that changes only when
a summary does, keeps an autosave's cost flat however many sessions exist.

Layout of a data folder (0700, files 0600)::

    index.json            summaries, for the home screen and ``coalition list``
    settings.json         preferences (theme)
    sessions/<id>.json    one session, whole
    sessions/<id>.lock    held while a window has the session open

Everything read is checked against the data format (``schema.py``) before
anything uses it, and a session file is written only under a path built from
a checked id. The index is derived data: when it is missing or damaged it is
rebuilt from ``sessions/`` (the damaged one kept aside), and sessions missing
from it are added; the store says so in one line (``take_notice``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document

from coalition_tui.i18n import _, ngettext
from coalition_tui.storage import atomic
from coalition_tui.storage.atomic import FILE_MODE, AtomicJSONStorage, ensure_private_dir, parse_json, read_bytes
from coalition_tui.storage.errors import (
    DamagedFileError,
    InvalidIdError,
    SchemaTooNewError,
    SessionLockedError,
    SessionNotFoundError,
    StorageError,
    UnreadableFileError,
    UnsavableSessionError,
    UnwritableError,
)
from coalition_tui.storage.ids import is_session_id, session_file_id
from coalition_tui.storage.locks import FileLock
from coalition_tui.storage.schema import (
    check_session_dict,
    check_settings,
    index_rows,
    schema_version,
    session_from_file,
)
from coalition_tui.storage.tidy import tidy

if TYPE_CHECKING:  # the session model loads with the first session, not with the list
    from coalition_tui.domain.session import Session

SCHEMA_VERSION = 1

# MIGRATIONS[n] turns a whole database dict of version n into version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

META = "_meta"
DOC_ID = 1
NAMED_AT_MOST = 3  # files a notice names one by one


def _same_summary(known: dict[str, Any] | None, summary: dict[str, Any]) -> bool:
    """Whether the index already says all ``summary`` says (the time of the last edit aside)."""
    return (
        known is not None
        and known.keys() == summary.keys()
        and all(known[key] == value for key, value in summary.items() if key != "updated_at")
    )


def _meta(kind: str) -> dict[str, Any]:
    return {str(DOC_ID): {"schema": SCHEMA_VERSION, "kind": kind}}


def _newest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: row["created_at"], reverse=True)


def _named(items: list[str]) -> str:
    more = len(items) - NAMED_AT_MOST
    named = ", ".join(items[:NAMED_AT_MOST])
    return _("{names} and {more} more").format(names=named, more=more) if more > 0 else named


def _reason(error: StorageError) -> str:
    if isinstance(error, DamagedFileError | UnreadableFileError):
        return error.detail
    if isinstance(error, SchemaTooNewError):
        return _("written by a newer Coalition")
    return str(error)


def migrate(path: Path, data: dict[str, Any], version: int, kind: str) -> dict[str, Any]:
    """``data`` (of data version ``version``) brought to ``SCHEMA_VERSION``, in memory only."""
    start = version
    try:
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
    except Exception as exc:  # noqa: BLE001 - the file itself is untouched: migrations work on a copy in memory
        raise DamagedFileError(
            path,
            _("it could not be brought from data version {start} to {version}: {problem}").format(
                start=start, version=SCHEMA_VERSION, problem=repr(exc)
            ),
        ) from None
    data[META] = _meta(kind)
    return data


def read_checked(path: Path, kind: str, *, write_migrated: bool = True) -> dict[str, Any] | None:
    """A file's data at the current data version; ``None`` if there is no file.

    A file from a newer version is refused untouched. An older one is copied to
    ``<name>.schema<N>.bak`` (0600) and migrated forward; ``write_migrated``
    off migrates in memory only (reading, as a rebuild of the index does,
    changes no file).
    """
    raw = read_bytes(path)
    if raw is None:
        return None
    data: dict[str, Any] = parse_json(path, raw)
    version = schema_version(path, data, kind)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(path, version, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        data = migrate(path, data, version, kind)
        if write_migrated:
            atomic.atomic_write_bytes(path.with_name(f"{path.name}.schema{version}.bak"), raw)
            atomic.write_json(path, data)
    return data


class Store:
    """Sessions on disk. One instance per process; cheap to create."""

    def __init__(self, root: Path) -> None:
        self.root = ensure_private_dir(Path(root))
        self.sessions_dir = ensure_private_dir(self.root / "sessions")
        for folder in (self.root, self.sessions_dir):
            if not os.access(folder, os.W_OK | os.X_OK, effective_ids=os.access in os.supports_effective_ids):
                raise UnwritableError(folder, _("permission denied"))
        self.index_path = self.root / "index.json"
        self.settings_path = self.root / "settings.json"
        self._index_lock = FileLock(self.root / "index.lock")
        self._dbs: dict[str, TinyDB] = {}
        self._locks: dict[str, FileLock] = {}
        self._indexed: dict[str, dict[str, Any]] = {}  # each session's summary as the index holds it
        # What the list showed last: the index's bytes and the session files there were, and the rows.
        self._summaries: tuple[bytes | None, frozenset[str], list[dict[str, Any]]] | None = None
        self._left_out: dict[str, tuple[int, int]] = {}  # unreadable session files, named once: id -> (mtime, size)
        self._notices: list[str] = []
        self._tidy()

    def _tidy(self) -> None:
        """Clear what killed processes left: old temporary files of ours and lock files nobody holds."""
        tidy(self.root, lambda name: name in ("index.json", "settings.json"), lambda name: name == "index.lock")
        tidy(
            self.sessions_dir,
            lambda name: session_file_id(name) is not None,
            lambda name: name.endswith(".lock") and is_session_id(name[:-5]),
        )

    # -- paths -----------------------------------------------------------------

    def session_path(self, session_id: str) -> Path:
        """The file of a session; only ever built from a valid id, so it is always inside ``sessions/``."""
        if not is_session_id(session_id):
            raise InvalidIdError(self.root, str(session_id))
        return self.sessions_dir / f"{session_id}.json"

    def _lock_path(self, session_id: str) -> Path:
        if not is_session_id(session_id):
            raise InvalidIdError(self.root, str(session_id))
        return self.sessions_dir / f"{session_id}.lock"

    # -- the index -------------------------------------------------------------

    def take_notice(self) -> str | None:
        """What the store repaired since last asked (one line), or None; asking clears it.

        ``list_summaries`` may rebuild a missing or damaged index, add sessions it
        lacked or drop rows whose file is gone: the caller shows this line.
        """
        notices, self._notices = self._notices, []
        return " ".join(notices) or None

    def list_summaries(self) -> list[dict[str, Any]]:
        """Every session's summary, newest first; reads the index and lists ``sessions/`` once.

        Parsed once while the file's bytes and the session files stay the same:
        the command line checks the index before the app starts and the home
        screen lists it again, and with years of sessions each parse is a
        noticeable part of the start. Session files are read only to repair
        the index (see ``take_notice``).
        """
        raw, too_large = self._read_index()
        on_disk = self._session_ids_on_disk()
        cached = self._summaries
        if too_large is not None or cached is None or cached[0] != raw or cached[1] != on_disk:
            raw, rows = self._current_rows(raw, too_large, on_disk)
            # What the index holds now: the first save of a session opened from this list
            # rewrites the index (every session's summary) only if its own summary changed.
            self._indexed.update((row["id"], row) for row in rows)
            cached = self._summaries = (raw, on_disk, rows)
        return [dict(row) for row in cached[2]]

    def _read_index(self) -> tuple[bytes | None, DamagedFileError | None]:
        """The index's bytes; a file too large to be an index is damage to repair, not to read."""
        try:
            return read_bytes(self.index_path), None
        except DamagedFileError as error:
            return None, error

    def _session_ids_on_disk(self) -> frozenset[str]:
        try:
            names = os.listdir(self.sessions_dir)
        except OSError as exc:
            raise UnreadableFileError(self.sessions_dir, exc.strerror or str(exc)) from None
        # Read at every start and every refresh of the list, with a name per session: kept tight.
        return frozenset(name[:8] for name in names if len(name) == 13 and session_file_id(name))

    def _parse_index(self, raw: bytes) -> list[dict[str, Any]]:
        """The rows of an index file's bytes, checked (migrated forward first when it is older)."""
        data = parse_json(self.index_path, raw)
        version = schema_version(self.index_path, data, "index")
        if version > SCHEMA_VERSION:
            raise SchemaTooNewError(self.index_path, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            data = read_checked(self.index_path, "index") or data
        return index_rows(self.index_path, data)

    def _current_rows(
        self, raw: bytes | None, damage: DamagedFileError | None, on_disk: frozenset[str]
    ) -> tuple[bytes | None, list[dict[str, Any]]]:
        """The rows, newest first, with the bytes they came from; repairs the index when it must."""
        if damage is not None:
            return self._repair()
        try:
            rows = self._parse_index(raw) if raw is not None else None
        except DamagedFileError:
            return self._repair()
        if rows is None:
            return self._repair() if on_disk else (None, [])
        if {row["id"] for row in rows} != on_disk - self._still_left_out():
            return self._repair()
        return raw, _newest_first(rows)

    def _still_left_out(self) -> set[str]:
        """Session files already named as unreadable in this process, unchanged since."""
        still = set()
        for sid, seen in self._left_out.items():
            try:
                info = os.stat(self.session_path(sid))
            except OSError:
                continue
            if (info.st_mtime_ns, info.st_size) == seen:
                still.add(sid)
        return still

    def _repair(self) -> tuple[bytes | None, list[dict[str, Any]]]:
        """Bring the index in line with ``sessions/``, under the index lock, and note what was done."""
        with self._index_lock:
            return self._repair_locked()

    def _repair_locked(
        self, *, adding: str | None = None, write: bool = True
    ) -> tuple[bytes | None, list[dict[str, Any]]]:
        """The index's rows made to match ``sessions/`` (the index lock is held), with the bytes written.

        Everything is read again, now that no other window can change the index:
        another may have repaired it already. ``adding`` is a session whose
        summary the caller is about to put in (its file is expected, not news);
        ``write`` off leaves the writing to that caller.
        """
        raw, damage = self._read_index()
        on_disk = self._session_ids_on_disk()
        others = on_disk - {adding} if adding else on_disk
        rows: list[dict[str, Any]] | None = None
        if raw is not None:
            try:
                rows = self._parse_index(raw)
            except DamagedFileError as error:
                damage = error
        said = ""
        left_out: list[str] = []
        if rows is None and damage is None and not others:  # a new data folder: nothing to repair
            return raw, []
        if rows is None:  # missing or damaged: every session file is read
            rows, left_out = self._summaries_of(sorted(others))
            files = ngettext("{n} session file in {folder}", "{n} session files in {folder}", len(rows)).format(
                n=len(rows), folder=self.sessions_dir
            )
            if damage is not None:
                kept = self._keep_aside(damage)
                said = _(
                    "The list of sessions {path} could not be read ({problem}): "
                    "it is kept as {kept}, and the list was rebuilt from {files}."
                ).format(path=self.index_path, problem=damage.detail, kept=kept.name, files=files)
            else:
                said = _("The list of sessions {path} was missing, and was rebuilt from {files}.").format(
                    path=self.index_path, files=files
                )
        else:
            listed = {row["id"] for row in rows}
            missing = sorted(others - listed - self._still_left_out())
            gone = sorted(listed - on_disk)
            if not missing and not gone:
                return raw, _newest_first(rows)
            added, left_out = self._summaries_of(missing)
            rows = [row for row in rows if row["id"] not in gone] + added
            changes = []
            if added:
                changes.append(
                    ngettext(
                        "added {n} session found in {folder} ({names})",
                        "added {n} sessions found in {folder} ({names})",
                        len(added),
                    ).format(n=len(added), folder=self.sessions_dir, names=_named([row["id"] for row in added]))
                )
            if gone:
                changes.append(
                    ngettext(
                        "dropped {n} session whose file is gone ({names})",
                        "dropped {n} sessions whose file is gone ({names})",
                        len(gone),
                    ).format(n=len(gone), names=_named(gone))
                )
            if changes:
                said = _("The list of sessions was brought up to date: {changes}.").format(changes="; ".join(changes))
        if left_out:
            said = (f"{said[:-1]}; " if said else "") + ngettext(
                "{n} session file could not be read and is left out of the list: {names}.",
                "{n} session files could not be read and are left out of the list: {names}.",
                len(left_out),
            ).format(n=len(left_out), names=_named(left_out))
        if said:
            self._notices.append(said)
        return (self._write_index(rows) if write else raw), _newest_first(rows)

    def _summaries_of(self, ids: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        """Summaries of these sessions, read from their files; the files that could not be read, named."""
        from coalition_tui.domain.session import summarize

        rows: list[dict[str, Any]] = []
        left_out: list[str] = []
        for sid in ids:
            path = self.session_path(sid)
            try:
                data = read_checked(path, "session", write_migrated=False)
                if data is None:
                    continue  # removed a moment ago
                rows.append(summarize(session_from_file(path, data, sid)))
            except StorageError as error:
                left_out.append(f"{path} ({_reason(error)})")
                try:
                    info = os.stat(path)
                    self._left_out[sid] = (info.st_mtime_ns, info.st_size)
                except OSError:
                    pass
        return rows, left_out

    def _keep_aside(self, damage: DamagedFileError) -> Path:
        """Move the damaged index aside, byte for byte, as ``index.json.damaged-<UTC time>`` (0600)."""
        moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        for attempt in range(100):
            kept = self.index_path.with_name(f"index.json.damaged-{moment}" + (f"-{attempt}" if attempt else ""))
            try:
                os.link(self.index_path, kept)  # never over another file kept aside before
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK) or kept.exists():
                    raise damage from None  # cannot move it aside: it stays where it is, and so is reported
                try:
                    os.rename(self.index_path, kept)  # a file system without hard links
                except OSError:
                    raise damage from None
            else:
                try:
                    os.unlink(self.index_path)
                except OSError:
                    raise damage from None
            try:
                os.chmod(kept, FILE_MODE)
            except OSError:
                pass  # someone else's file: kept all the same
            return kept
        raise damage

    def _write_index(self, rows: list[dict[str, Any]]) -> bytes:
        """Write the index holding ``rows`` (the index lock is held); returns its bytes."""
        data = {META: _meta("index"), "sessions": {str(n): row for n, row in enumerate(rows, 1)}}
        raw = atomic.encode_json(data)
        atomic.atomic_write_bytes(self.index_path, raw)
        self._summaries = None  # what the list showed is no longer what the index says
        return raw

    def resolve_id(self, prefix: str) -> str:
        """Accept a whole id or an unambiguous start of one."""
        prefix = prefix.strip().lower()
        if not prefix or len(prefix) > 8 or any(ch not in "0123456789abcdef" for ch in prefix):
            raise SessionNotFoundError(self.root, prefix[:40])  # never a path that leads out of the data folder
        if is_session_id(prefix) and self.session_path(prefix).exists():
            return prefix
        matches = [row["id"] for row in self.list_summaries() if row["id"].startswith(prefix)]
        if len(matches) == 1:
            return matches[0]
        raise SessionNotFoundError(self.root, prefix)

    def latest_unfinished(self) -> str | None:
        rows = [r for r in self.list_summaries() if r.get("status") not in ("sealed", "finished")]
        rows.sort(key=lambda row: row["updated_at"], reverse=True)
        return rows[0]["id"] if rows else None

    def _write_summary(self, session: Session, *, force: bool = False) -> None:
        from coalition_tui.domain.session import summarize

        summary = summarize(session)
        if not force and _same_summary(self._indexed.get(session.id), summary):
            return
        with self._index_lock:
            self._put_summary(summary)

    def _put_summary(self, summary: dict[str, Any]) -> None:
        """Add or replace one summary in the index (the index lock is held); a damaged index is rebuilt first."""
        _written, rows = self._repair_locked(adding=summary["id"], write=False)
        self._write_index([row for row in rows if row["id"] != summary["id"]] + [summary])
        self._indexed[summary["id"]] = summary

    # -- sessions --------------------------------------------------------------

    def _db(self, session_id: str) -> TinyDB:
        """The TinyDB that writes a session's file (which must exist and be of a version this one writes)."""
        if session_id not in self._dbs:
            path = self.session_path(session_id)
            if read_checked(path, "session") is None:
                raise SessionNotFoundError(self.root, session_id)
            self._dbs[session_id] = TinyDB(path, storage=AtomicJSONStorage)
        return self._dbs[session_id]

    def _checked(self, session: Session, data: dict[str, Any] | None) -> tuple[Path, dict[str, Any]]:
        """The path and content of a session about to be written, refused if it could not be read back."""
        path = self.session_path(session.id)  # refuses an id that is not one: nothing outside sessions/
        content = data if data is not None else session.to_dict()
        if content.get("id") != session.id:
            raise UnsavableSessionError(
                path, _("the session's data names another id, {other}").format(other=repr(content.get("id")))
            )
        try:
            check_session_dict(path, content)
        except DamagedFileError as error:
            raise UnsavableSessionError(path, error.detail) from None
        return path, content

    def create(self, session: Session) -> None:
        """Write a new session's file, whole, and its summary, together (another window never sees half)."""
        from coalition_tui.domain.session import summarize

        path, content = self._checked(session, None)
        with self._index_lock:
            if path.exists():
                raise FileExistsError(path)
            atomic.write_json(path, {META: _meta("session"), "session": {str(DOC_ID): content}})
            self._put_summary(summarize(session))

    def load(self, session_id: str) -> Session:
        """The session in ``sessions/<id>.json``, checked against the data format and its file's name."""
        path = self.session_path(session_id)
        data = read_checked(path, "session")
        if data is None:
            raise SessionNotFoundError(self.root, session_id)
        return session_from_file(path, data, session_id)

    def save(self, session: Session, *, index: bool = False, data: dict[str, Any] | None = None) -> None:
        """Write the session file; touch the index only if its summary changed.

        ``data`` is ``session.to_dict()`` when the caller has it already.
        """
        _path, content = self._checked(session, data)
        self._db(session.id).table("session").upsert(Document(content, doc_id=DOC_ID))
        self._write_summary(session, force=index)

    def session_ids(self) -> Iterator[str]:
        yield from sorted(self._session_ids_on_disk())

    # -- one window per session ------------------------------------------------

    def lock(self, session_id: str) -> None:
        """Claim the session for this window, or say plainly who holds it."""
        lock = self._locks.get(session_id) or FileLock(self._lock_path(session_id))
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

    def _settings(self) -> dict[str, Any]:
        data = read_checked(self.settings_path, "settings")
        return check_settings(self.settings_path, data) if data is not None else {}

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._settings().get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        current = self._settings()  # a damaged file is reported, never written over
        current[key] = value
        atomic.write_json(self.settings_path, {META: _meta("settings"), "settings": {str(DOC_ID): current}})

    def close(self) -> None:
        for session_id in list(self._locks):
            self.unlock(session_id)
