"""Run a command in a real pseudo-terminal, as a person would in a terminal window.

The child gets the pty as its controlling terminal, so closing the master side
hangs it up (SIGHUP), exactly as closing a terminal window does.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

KEYS = {
    "ctrl+c": b"\x03",
    "ctrl+g": b"\x07",
    "ctrl+n": b"\x0e",
    "ctrl+q": b"\x11",
    "ctrl+r": b"\x12",
    "ctrl+s": b"\x13",
    "f8": b"\x1b[19~",
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
}


def coalition_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "coalition_tui", *args]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COALITION_", "TEXTUAL"))}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC")
    env.update(extra)
    return env


class PtyApp:
    """A child process on a pty; its output is collected in the background."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        size: tuple[int, int] = (80, 24),
    ) -> None:
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def make_controlling_tty() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env if env is not None else child_env(),
            cwd=cwd,
            start_new_session=True,
            preexec_fn=make_controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.master: int | None = master
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        fd = self.master
        while fd is not None:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.monotonic()
            with self._lock:
                self._take(chunk, now)

    def _take(self, chunk: bytes, now: float) -> None:
        """What the app wrote, as it arrives (under the lock): kept; a subclass may look at it too."""
        self._buffer.extend(chunk)

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._buffer)

    def send(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = KEYS.get(data) or data.encode()
        assert self.master is not None
        os.write(self.master, data)

    def wait_for(self, predicate: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None and not predicate():
                break
            time.sleep(0.02)
        if predicate():
            return
        tail = self.output[-3000:].decode("utf-8", "replace")
        raise AssertionError(f"timed out waiting for {what or predicate}; exit={self.proc.poll()}\n{tail}")

    def wait_for_output(self, needle: bytes, timeout: float = 20.0) -> None:
        self.wait_for(lambda: needle in self.output, timeout, what=repr(needle))

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def hang_up(self) -> None:
        """Close the terminal window: the kernel sends SIGHUP to the child."""
        if self.master is not None:
            fd, self.master = self.master, None
            os.close(fd)

    def wait(self, timeout: float = 20.0) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"the app did not exit within {timeout}s:\n" + self.output[-3000:].decode("utf-8", "replace")
            ) from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def close(self) -> None:
        self.kill()
        if self.master is not None:
            os.close(self.master)
            self.master = None
        self._reader.join(5)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
