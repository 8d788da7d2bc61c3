"""Atomic, private file writes, careful reads, and the TinyDB storage that uses them.

A write goes to a temporary file in the same folder, is flushed and fsynced,
then renamed over the old file, so a crash at any moment leaves either the old
file or the new one, never half of each. Everything is created owner-only.

A read takes nothing on trust: a file may have been handed over by someone
else. It must be a regular file of a sane size holding JSON that Python can
hold (no NaN, no number too large for a float, no nesting deeper than the
interpreter's stack); anything else is a ``DamagedFileError`` naming the file.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

from coalition_tui.i18n import _
from coalition_tui.storage.errors import DamagedFileError, UnreadableFileError, UnwritableError

FILE_MODE = 0o600
DIR_MODE = 0o700
MAX_FILE_BYTES = 64 * 1024 * 1024
"""No Coalition file comes near this (a thousand sessions' index is about 350 kB); a larger one is not ours."""

# What ``atomic_write_bytes`` names its temporary files: ``.<name>.<8 random characters>.tmp``.
TEMPORARY_NAME = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents owner-only (0700, whatever the umask).

    A folder that already exists is left exactly as it is: it is the user's, and
    its mode is their choice (a shared or read-only folder stays so).
    """
    missing: list[Path] = []
    here = path
    while not here.exists():
        if here.is_symlink():  # a dangling link: creating through it would land elsewhere
            raise UnwritableError(here, _("it is a link to a folder that does not exist"))
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue  # made a moment ago by another window: then it is theirs, not ours to change
        except OSError as exc:
            raise UnwritableError(folder, exc.strerror or str(exc)) from None
        try:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is cut by the umask (e.g. 0277): ours is exact
        except OSError as exc:
            raise UnwritableError(folder, exc.strerror or str(exc)) from None
    if not path.is_dir():
        raise UnwritableError(path, _("it is not a folder"))
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


def atomic_write_bytes(path: Path, data: bytes, *, before_rename: Callable[[Path], None] | None = None) -> None:
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


def write_json(path: Path, data: Any) -> None:
    """``data`` as the whole new content of ``path`` (atomic, 0600)."""
    atomic_write_bytes(path, encode_json(data))


def read_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file of sane size; ``None`` if there is none; clear errors otherwise.

    Opened without blocking and checked before reading, so a named pipe or a
    device put where a file belongs is refused instead of hanging or filling memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise UnreadableFileError(path, exc.strerror or _("permission denied")) from None
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(path, _("it is a folder"))
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(path, _("it is not a regular file"))
        if info.st_size > MAX_FILE_BYTES:
            raise DamagedFileError(
                path,
                _("it is {megabytes} MB, more than a Coalition file can be").format(
                    megabytes=info.st_size // (1024 * 1024)
                ),
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UnreadableFileError(path, _("it is a folder")) from None
        raise UnreadableFileError(path, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise DamagedFileError(path, _("it is larger than a Coalition file can be"))
    return raw


def read_json(path: Path) -> Any | None:
    """Read a JSON file; ``None`` if it does not exist; clear errors otherwise."""
    raw = read_bytes(path)
    return None if raw is None else parse_json(path, raw)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(_("the number {number} is too large").format(number=text[:20]))
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def parse_json(path: Path, raw: bytes) -> Any:
    """The database held in ``raw`` (the bytes of ``path``), or a clear error naming the file."""
    if not raw.strip():
        raise DamagedFileError(path, _("the file is empty"))
    try:
        data = msgspec.json.decode(raw)  # twice as fast as json: the index is read at every start
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError, MemoryError):
        data = _parse_slowly(path, raw)  # json says plainly what is wrong, and reads a lone surrogate
    if not isinstance(data, dict):
        raise DamagedFileError(path, _("it does not hold a Coalition database"))
    return data


def _parse_slowly(path: Path, raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_float=_finite, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedFileError(path, _("not valid JSON: {problem}").format(problem=exc)) from None
    except (ValueError, OverflowError) as exc:  # NaN, 1e999, an integer of thousands of digits
        raise DamagedFileError(path, _("not valid JSON: {problem}").format(problem=exc)) from None
    except RecursionError:
        raise DamagedFileError(path, _("it is nested far deeper than any Coalition file")) from None
    except MemoryError:
        raise DamagedFileError(path, _("it holds more than this computer can read at once")) from None


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written or world-readable file.

    Reading a damaged file raises instead of returning nothing, so TinyDB can
    never overwrite what it failed to read.
    """

    def __init__(self, path: str | Path, before_rename: Callable[[Path], None] | None = None) -> None:
        self.path = Path(path)
        self._before_rename = before_rename

    def read(self) -> dict[str, dict[str, Any]] | None:
        data: dict[str, dict[str, Any]] | None = read_json(self.path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, encode_json(data), before_rename=self._before_rename)

    def close(self) -> None:
        pass
