"""Atomic, private file writes, and the TinyDB storage that uses them.

A write goes to a temporary file in the same folder, is flushed and fsynced,
then renamed over the old file, so a crash at any moment leaves either the old
file or the new one, never half of each. Everything is created owner-only.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coalition_tui.storage.errors import DamagedFileError, UnreadableFileError, UnwritableError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) owner-only; tighten it if it exists."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if (path.stat().st_mode & 0o777) != DIR_MODE:
            os.chmod(path, DIR_MODE)
    except OSError as exc:
        raise UnwritableError(path, exc.strerror or str(exc)) from None
    return path


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, before_rename=None) -> None:
    """Replace ``path`` with ``data`` atomically; the file is 0600.

    ``before_rename`` is a test seam: it runs after the temporary file is
    complete and before it replaces the original.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UnwritableError(folder, exc.strerror or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        if before_rename is not None:
            before_rename(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UnwritableError(path, exc.strerror or str(exc)) from None
        raise
    _fsync_dir(folder)


def encode_json(data: Any) -> bytes:
    # ensure_ascii keeps lone surrogates from a terminal paste round-trippable.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_json(path: Path) -> Any | None:
    """Read a JSON file; ``None`` if it does not exist; clear errors otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise UnreadableFileError(path, exc.strerror or "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UnreadableFileError(path, "it is a folder") from None
        raise UnreadableFileError(path, exc.strerror or str(exc)) from None
    return parse_json(path, raw)


def parse_json(path: Path, raw: bytes) -> Any:
    """The database held in ``raw`` (the bytes of ``path``), or a clear error naming the file."""
    if not raw.strip():
        raise DamagedFileError(path, "the file is empty")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedFileError(path, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise DamagedFileError(path, "it does not hold a Coalition database")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written or world-readable file.

    Reading a damaged file raises instead of returning nothing, so TinyDB can
    never overwrite what it failed to read.
    """

    def __init__(self, path: str | Path, before_rename=None) -> None:
        self.path = Path(path)
        self._before_rename = before_rename

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, encode_json(data), before_rename=self._before_rename)

    def close(self) -> None:
        pass
