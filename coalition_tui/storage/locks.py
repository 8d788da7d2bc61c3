"""Advisory file locks: one window per session, and serialised index updates.

The lock file exists only while it is held: its holder removes it on release
(while still holding it), so no lock files are left once every window has
closed. A process that opened the file just before it was removed finds, once
it has the lock, that the path no longer names the file it locked, and tries
again on the new one.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from coalition_tui.storage.atomic import FILE_MODE


class FileLock:
    """An exclusive ``flock`` on ``path``; the lock dies with the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, blocking: bool = True) -> bool:
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(fd)
                return False
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
            return self.path.read_text().strip() or "another process"
        except OSError:
            return "another process"

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
