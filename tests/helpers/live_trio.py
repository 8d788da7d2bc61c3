"""A live session as three real processes on loopback: the host and partners A and B, each on its own pty.

``coalition --db H host ID --port P`` serves the session; ``coalition --db DA join
'<invitation A>'`` and the same for B open it on the partners' "machines" (each
process has its own data folder, as each computer would). Every terminal is the
same size, and what each one shows is read through a terminal emulator (pyte)
fed with everything the process drew, so a test sees the screens as the three
people do. What the host saved (the session file) and what each joiner keeps
(its cached documents) are read from disk, as the next run would read them.
"""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyte

from coalition_tui.domain.partners import Side
from coalition_tui.domain.session import Session
from coalition_tui.remote.invitation import Invitation, Role
from coalition_tui.remote.memory import load_joined_docs
from coalition_tui.remote.shared_state import read_rooms
from coalition_tui.storage import Store

from .pty_app import PtyApp, child_env, coalition_argv

SESSION_ID = "0000abcd"
COLS, ROWS = 100, 30
START_TIMEOUT = 40.0  # three Pythons starting Textual at once on two shared cores

Who = Literal["host", "a", "b"]


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it; the host binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_session(db: Path, *, speaking_rounds: bool = False) -> Session:
    """Ada and Ben's session in ``db``: at alignment's first prompt, or at the clearing's speaking rounds."""
    session = Session.new("Ada", "Ben", session_id=SESSION_ID)
    if speaking_rounds:
        session.phase_index = 1
        session.clearing.go_to_step(3)
    Store(db).create(session)
    return session


class Terminal:
    """One process on its pty and the screen a terminal would show for it."""

    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self.app = PtyApp(argv, env=child_env(), size=(COLS, ROWS))
        self._screen = pyte.Screen(COLS, ROWS)
        self._stream = pyte.ByteStream(self._screen)
        self._fed = 0
        self._lock = threading.Lock()

    def lines(self) -> list[str]:
        """The screen now, a string per row (only what arrived since the last look is fed to the emulator)."""
        with self._lock:
            output = self.app.output
            self._stream.feed(output[self._fed :])
            self._fed = len(output)
            return list(self._screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())

    def send(self, data: bytes | str) -> None:
        self.app.send(data)

    def wait_for(self, predicate: Callable[[], object], timeout: float, what: str) -> None:
        """Poll ``predicate`` until it holds (or the process ends); if it never does, the screen is in the message."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.app.proc.poll() is None:
            if predicate():
                return
            time.sleep(0.05)
        if predicate():
            return
        raise AssertionError(
            f"{self.name}: timed out after {timeout}s waiting for {what}; exit={self.app.proc.poll()}\n{self.text()}"
        )

    def wait_for_text(self, needle: str, timeout: float = 20.0) -> None:
        self.wait_for(lambda: needle in self.text(), timeout, repr(needle))

    def pane_words(self, side: Side) -> list[str]:
        """The words in partner ``side``'s pane (the alignment screen's two panes, side by side)."""
        return pane_words(self.lines(), side)

    def close(self) -> None:
        self.app.close()


def pane_words(lines: list[str], side: Side) -> list[str]:
    """The words inside one of alignment's two framed panes: A's on the left, B's on the right.

    The focused pane is framed with double lines (╔), the other with single ones
    (╭), so the panes are found by their corners, not by a frame style. A pane's
    first row is its heading (``A · Ada …``); the rows below are the answer,
    wrapped at spaces, so the words read in order row by row. The empty pane's
    placeholder ("What matters most to Ada right now…") counts as no words.
    """
    top = next(index for index, line in enumerate(lines) if line.lstrip()[:1] in ("╔", "╭"))
    corners = [column for column, character in enumerate(lines[top]) if character in "╔╭╗╮"]
    left, right = corners[0:2] if side == "a" else corners[2:4]
    rows: list[str] = []
    for line in lines[top + 1 :]:
        if line[left] in "╚╰":
            break
        rows.append(line[left + 1 : right])
    body = " ".join(rows[1:])
    if "right now…" in body:
        return []
    return body.split()


def saved_session(db: Path, session_id: str = SESSION_ID) -> dict[str, Any] | None:
    """The session as the host saved it (``sessions/<ID>.json``), or None before the first save."""
    path = db / "sessions" / f"{session_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return data["session"]["1"]


def saved_answer(db: Path, key: str, side: Side) -> str:
    session = saved_session(db)
    if session is None:
        return ""
    return session["alignment"]["answers"].get(key, {}).get(side, "")


@dataclass
class LiveTrio:
    """The host and both partners, with the folders, the port and the host's record."""

    base: Path
    port: int
    host: Terminal
    a: Terminal
    b: Terminal
    record: dict[str, Any]
    started: list[Terminal] = field(default_factory=list)  # every process, closed at the end

    @property
    def host_db(self) -> Path:
        return self.base / "host"

    def db(self, who: Who) -> Path:
        return self.base / who if who != "host" else self.host_db

    @property
    def terminals(self) -> dict[Who, Terminal]:
        return {"host": self.host, "a": self.a, "b": self.b}

    def invitation(self, role: Role) -> Invitation:
        return invitation_for(self.port, self.record, role)

    def saved(self) -> dict[str, Any] | None:
        return saved_session(self.host_db)

    def joined_flat(self, side: Side) -> dict[str, Any]:
        """What partner ``side``'s machine keeps of the documents, as flat paths (empty before its first save)."""
        kept = load_joined_docs(self.db(side), self.record["room"], self.record["keys"][side])
        return read_rooms(kept.docs) if kept is not None else {}

    def kill_host(self) -> None:
        """SIGKILL: no goodbye to the partners, no last save."""
        self.host.app.signal(signal.SIGKILL)
        self.host.app.proc.wait(10)
        self.host.close()

    def restart_host(self, *extra_args: str) -> None:
        """The same ``host`` command again; the record is read again (``--new-invitations`` replaces keys)."""
        self.host = start_host(self.host_db, self.port, *extra_args)
        self.started.append(self.host)
        self.record = read_record(self.host_db)


def read_record(db: Path, session_id: str = SESSION_ID) -> dict[str, Any]:
    """The host's record of the session it serves: room, port, a key per role."""
    return json.loads((db / "remote" / f"host-{session_id}.json").read_text(encoding="utf-8"))


def invitation_for(port: int, record: dict[str, Any], role: Role) -> Invitation:
    """The invitation the host printed for ``role`` (its key may also be used on a room it does not fit)."""
    return Invitation("127.0.0.1", port, record["room"], record["keys"][role])


def join_terminal(name: str, db: Path, invitation: Invitation) -> Terminal:
    """``coalition --db DB join '<invitation>'`` on its own pty."""
    return Terminal(name, coalition_argv("--db", str(db), "join", invitation.address()))


def start_host(db: Path, port: int, *extra_args: str) -> Terminal:
    """``coalition host`` on its pty, waited for until it listens; the invitations modal is closed."""
    host = Terminal("host", coalition_argv("--db", str(db), "host", SESSION_ID, "--port", str(port), *extra_args))
    try:
        host.wait_for_text("Partners on their own computers", START_TIMEOUT)
        host.send(b"\x1b")  # escape: the session, not the invitations, from here on
        host.wait_for(lambda: "Partners on their own computers" not in host.text(), 20, "the modal to close")
    except BaseException:
        host.close()
        raise
    return host


def wait_connected(trio: LiveTrio, timeout: float = START_TIMEOUT) -> None:
    """Both partners are here, as the host's presence line says, and each joiner shows the session."""
    for side in ("a", "b"):
        trio.terminals[side].wait_for_text("connected to the host", timeout)
    trio.host.wait_for(
        lambda: "A · Ada  here" in trio.host.text() and "B · Ben  here" in trio.host.text(),
        timeout,
        "both partners to be here",
    )


@contextmanager
def live_trio(base: Path, *, speaking_rounds: bool = False) -> Iterator[LiveTrio]:
    """Host, A and B running on loopback; every process is killed when the block ends, however it ends."""
    host_db = base / "host"
    make_session(host_db, speaking_rounds=speaking_rounds)
    port = free_port()
    host = start_host(host_db, port)
    started = [host]
    try:
        record = read_record(host_db)
        for side in ("a", "b"):
            started.append(join_terminal(side, base / side, invitation_for(port, record, side)))
        trio = LiveTrio(base, port, host, started[1], started[2], record, started)
        wait_connected(trio)
        yield trio
    finally:
        for terminal in started:  # the same list as trio.started: a restarted host is in it too
            terminal.close()
