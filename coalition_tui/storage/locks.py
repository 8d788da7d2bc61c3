"""Advisory file locks: one window per session, and serialised index updates.

The lock file exists only while it is held: its holder removes it on release
(while still holding it), so no lock files are left once every window has
closed. A process that opened the file just before it was removed finds, once
it has the lock, that the path no longer names the file it locked, and tries
again on the new one.

A process killed outright cannot remove its lock file; the kernel releases
its ``flock`` all the same. Such a file is stale: anyone who can take the lock
on it may remove it, by the same rule (remove while holding, see
``remove_if_stale``), so a window opening it at that moment simply tries again.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

from coalition_tui.i18n import _
from coalition_tui.storage.atomic import FILE_MODE
from coalition_tui.storage.errors import UnreadableFileError


def _lock_error(path: Path, exc: OSError) -> UnreadableFileError:
    detail = _("it is a folder") if exc.errno == errno.EISDIR else exc.strerror or str(exc)
    return UnreadableFileError(
        path, _("{problem}; Coalition uses it to keep a session to one window").format(problem=detail)
    )


class FileLock:
    """An exclusive ``flock`` on ``path``; the lock dies with the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the lock (False if another holds it and ``blocking`` is off).

        A lock file that cannot be used (a folder, someone else's file) is an
        ``UnreadableFileError`` naming it, never a crash.
        """
        if self._fd is not None:
            return True
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
            except OSError as exc:
                raise _lock_error(self.path, exc) from None
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise UnreadableFileError(self.path, _("it is not a regular file"))
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(fd)
                return False
            except OSError as exc:
                os.close(fd)
                raise _lock_error(self.path, exc) from None
            except UnreadableFileError:
                os.close(fd)
                raise
            if self._still_at_path(fd):
                break
            os.close(fd)  # the holder removed it as we opened it: lock the file that is there now
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        self._fd = fd
        return True

    def _still_at_path(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except FileNotFoundError:
            return False

    def holder(self) -> str:
        try:
            with open(self.path, "rb") as handle:
                text = handle.read(200).decode("ascii", "replace").strip()
        except OSError:
            return _("another process")
        if text.startswith("pid ") and text[4:].isdigit():
            return _("pid {number}").format(number=text[4:])  # the holder's process, as the lock file names it
        return _("another process")

    def release(self) -> None:
        if self._fd is not None:
            if self._still_at_path(self._fd):
                try:
                    self.path.unlink()  # removed while still held: nobody can take it half-way
                except OSError:
                    pass  # a folder that became read-only: the lock still ends below
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def remove_if_stale(path: Path) -> bool:
    """Remove the lock file ``path`` if nobody holds it (its holder died); True if it was removed.

    Never creates a file, never waits, and leaves anything that is not a
    regular lock file of ours (a folder, a link) where it is.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # held: a window has the session open
        try:
            if not os.path.samestat(os.fstat(fd), os.stat(path)):
                return False
            os.unlink(path)  # while holding it, as a holder releasing it would
            return True
        except OSError:
            return False
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
