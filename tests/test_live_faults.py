"""A partner's network goes bad while they type: nothing they typed may be lost.

The host and partner B run as real processes on real terminals; B reaches the
host through ``FaultProxy`` (loopback), which delays every chunk, breaks the
connections at random moments and cuts B off for a while. B types all along.
When the network is whole again the host's saved session must hold exactly
what B typed.

The figures (edits lost, seconds from the network's return until the host's file
holds the last word typed while cut off, reconnects) are printed (``pytest -s``)
and written to ``faults.json`` in the test's folder; they are recorded, not
asserted: only the words are.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest

from coalition_tui.domain.session import Session
from coalition_tui.remote.memory import decode_docs
from coalition_tui.remote.shared_state import read_rooms
from coalition_tui.storage import Store
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.pty_app import PtyApp, coalition_argv

pytestmark = pytest.mark.serial

SESSION_ID = "0000abcd"
SIZE = (140, 40)  # wide enough for the presence line's connection words
B_PATH = "alignment/answers/care/b"
LOST_LINE = "connection lost"
SLOW = 30.0  # seconds: generous deadlines for a slow, shared machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], object], what: str, timeout: float = SLOW, *, shown: Callable[[], str] | None = None
) -> None:
    """Poll ``condition`` until it holds; on timeout say what was awaited (and ``shown()``: the state then)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{shown() if shown else ''}")
        time.sleep(0.02)


def screen_of(app: PtyApp) -> str:
    """What the app's terminal shows now, drawn from everything it has written."""
    screen = pyte.Screen(*SIZE)
    pyte.ByteStream(screen).feed(app.output)
    return "\n".join(screen.display)


def host_words(db: Path) -> str | None:
    """Partner B's answer to the first prompt, as the host's saved session holds it."""
    data = json.loads((db / "sessions" / f"{SESSION_ID}.json").read_text())
    (session,) = data["session"].values()
    return session["alignment"]["answers"].get("care", {}).get("b")


def cached_words(db: Path) -> str:
    """B's answer as the joiner's own copy of the documents holds it ('' before the copy exists)."""
    words = ""
    for path in (db / "remote").glob("joined-*.json"):
        docs = decode_docs(json.loads(path.read_text())["docs"])
        if docs is not None:
            words = str(read_rooms(docs).get(B_PATH, ""))
    return words


@dataclass
class Live:
    """A host and partner B, B reaching the host through a fault proxy."""

    root: Path
    host: PtyApp
    proxy: FaultProxy
    address: str
    joiners: list[PtyApp] = field(default_factory=list)

    @property
    def host_db(self) -> Path:
        return self.root / "host"

    @property
    def b_db(self) -> Path:
        return self.root / "b"

    def join(self) -> PtyApp:
        joiner = PtyApp(coalition_argv("--db", str(self.b_db), "join", self.address), size=SIZE)
        self.joiners.append(joiner)
        return joiner


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    host_db = tmp_path / "host"
    Store(host_db).create(Session.new("Ada", "Ben", session_id=SESSION_ID))
    port = free_port()
    host = PtyApp(coalition_argv("--db", str(host_db), "host", SESSION_ID, "--port", str(port)), size=SIZE)
    proxy: FaultProxy | None = None
    setup: Live | None = None
    try:
        record_path = host_db / "remote" / f"host-{SESSION_ID}.json"
        host.wait_for(record_path.exists, SLOW, what="the hosting record")
        record = json.loads(record_path.read_text())
        host.wait_for(lambda: "Partners on their own computers" in screen_of(host), SLOW, what="the invitations")
        host.send("escape")  # close them
        host.wait_for(lambda: "hosting on" in screen_of(host), SLOW, what="the host's session on screen")
        proxy = FaultProxy(port)
        address = f"coalition://127.0.0.1:{proxy.port}/{record['room']}?key={record['keys']['b']}"
        setup = Live(tmp_path, host, proxy, address)
        yield setup
    finally:
        for joiner in setup.joiners if setup else []:
            joiner.close()
        if proxy is not None:
            proxy.close()
        host.close()


def connected(joiner: PtyApp) -> None:
    joiner.wait_for(lambda: "connected to the host" in screen_of(joiner), SLOW, what="B connected")


class Typist(threading.Thread):
    """Partner B typing unique words, a key at a time, into their pane until told to stop."""

    def __init__(self, joiner: PtyApp, *, key_gap: float = 0.035) -> None:
        super().__init__(daemon=True)
        self.joiner = joiner
        self.key_gap = key_gap
        self.words: list[str] = []
        self.stopping = threading.Event()

    @property
    def typed(self) -> str:
        return "".join(self.words)

    def run(self) -> None:
        number = 0
        while not self.stopping.is_set():
            number += 1
            word = f"w{number:03d} "
            for key in word:
                self.joiner.send(key)
                self.stopping.wait(self.key_gap)  # a typist's pace, not a wait for anything
            self.words.append(word)

    def last_word(self) -> str:
        return self.words[-1] if self.words else ""


class HostFileWatch(threading.Thread):
    """Notes each new version of B's words in the host's saved session, with when it was seen."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.seen: list[tuple[float, str]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            words = host_words(self.db) or ""
            if not self.seen or self.seen[-1][1] != words:
                self.seen.append((time.monotonic(), words))

    def first_holding(self, word: str, after: float) -> float | None:
        """When the file first held ``word`` from ``after`` on (``after`` itself if it already did then)."""
        before = [words for moment, words in self.seen if moment < after]
        if before and word in before[-1]:
            return after  # it got through before the cut took hold: nothing to catch up
        return next((moment for moment, words in self.seen if moment >= after and word in words), None)


def record_figures(tmp_path: Path, name: str, figures: dict[str, Any]) -> None:
    path = tmp_path / "faults.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\n{name}: {json.dumps(figures)}  ({path})")


def test_typing_through_delay_drops_and_a_cut_loses_nothing(live: Live, tmp_path: Path) -> None:
    rng = random.Random(15)
    live.proxy.delay_ms = 30
    joiner = live.join()
    connected(joiner)
    watch = HostFileWatch(live.host_db)
    typist = Typist(joiner)
    watch.start()
    typist.start()
    began = time.monotonic()
    try:
        # Three drops at random moments in the first five seconds, then one cut of at least two.
        for moment in sorted(rng.uniform(0.8, 5.0) for _ in range(3)):
            time.sleep(max(0.0, began + moment - time.monotonic()))  # a schedule of faults, not a wait
            live.proxy.drop()
        time.sleep(max(0.0, began + 6.0 - time.monotonic()))
        live.proxy.cut()
        cut_at = time.monotonic()
        # The joiner says it lost the connection; the cut lasts until it has, and two seconds at least.
        joiner.wait_for(lambda: LOST_LINE in screen_of(joiner), SLOW, what="the lost-connection line")
        seen_lost = screen_of(joiner)
        time.sleep(max(0.0, cut_at + 2.0 - time.monotonic()))
        last_cut_word = typist.last_word()
        live.proxy.restore()
        restored_at = time.monotonic()
        time.sleep(max(0.0, began + 10.0 - time.monotonic()))
    finally:
        typist.stopping.set()
        typist.join(5)
    typed = typist.typed
    try:
        wait_until(lambda: host_words(live.host_db) == typed, "the host's file to hold every word B typed", 40)
    finally:
        watch.stopping.set()
        watch.join(5)
    final = host_words(live.host_db) or ""
    resync = watch.first_holding(last_cut_word, restored_at)
    figures = {
        "words typed": len(typist.words),
        "characters typed": len(typed),
        "edits lost (words typed missing from the host's file)": sum(word not in final for word in typist.words),
        "resync after the cut, s (restore until the host's file holds the last word typed while cut)": (
            round(resync - restored_at, 3) if resync is not None else None
        ),
        "cut lasted, s": round(restored_at - cut_at, 3),
        "reconnects (connections the host accepted through the proxy / 3 rooms, less the first)": (
            live.proxy.counts.accepted // 3 - 1
        ),
        "connections accepted / refused while cut / broken": [
            live.proxy.counts.accepted,
            live.proxy.counts.refused,
            live.proxy.counts.dropped,
        ],
        "bytes through the proxy, B to host / host to B": [live.proxy.counts.bytes_up, live.proxy.counts.bytes_down],
        "delay, ms each way": live.proxy.delay_ms,
    }
    record_figures(tmp_path, "faults", figures)
    assert LOST_LINE in seen_lost
    assert final == typed
    assert live.proxy.counts.accepted >= 2 * 3  # the faults broke the rooms' connections and B connected again


def kill_while_cut_off(live: Live) -> None:
    """B types online, is cut off, types offline, and is killed once its own copy holds the offline words."""
    joiner = live.join()
    connected(joiner)
    joiner.send("before ")
    wait_until(lambda: host_words(live.host_db) == "before ", "B's first words at the host")
    live.proxy.cut()
    joiner.wait_for(lambda: LOST_LINE in screen_of(joiner), SLOW, what="the lost-connection line")
    joiner.send("offline ")
    wait_until(
        lambda: cached_words(live.b_db) == "before offline ",
        "the joiner's copy to hold its offline words",
        shown=lambda: f"copy: {cached_words(live.b_db)!r}\n{screen_of(joiner)}",
    )
    joiner.kill()
    assert host_words(live.host_db) == "before "  # nothing got through the cut


def restart_still_cut_off(live: Live) -> PtyApp:
    """The same join command again, the network still cut: it opens from its copy."""
    again = live.join()
    again.wait_for(lambda: "before offline" in screen_of(again), SLOW, what="B's words from the joiner's copy")
    return again


def test_joiner_killed_while_cut_off_and_restarted_online_merges_its_offline_words(live: Live, tmp_path: Path) -> None:
    kill_while_cut_off(live)
    live.proxy.restore()
    restarted_at = time.monotonic()
    again = live.join()
    wait_until(lambda: host_words(live.host_db) == "before offline ", "the offline words at the host", 40)
    merged = time.monotonic() - restarted_at
    connected(again)
    again.send("again ")
    wait_until(lambda: host_words(live.host_db) == "before offline again ", "the words typed after the restart")
    record_figures(
        tmp_path,
        "killed while cut off, restarted online",
        {"restart until the offline words are at the host, s": round(merged, 3)},
    )


def test_joiner_restarted_while_still_cut_off_keeps_typing_and_everything_arrives(live: Live) -> None:
    """Killed while offline, started again still offline: it opens from its copy as partner B, takes
    more words, and when the host is reachable again every word reaches it (the copy's and the new)."""
    kill_while_cut_off(live)
    again = restart_still_cut_off(live)
    again.send("restarted ")
    again.wait_for(lambda: "before offline restarted" in screen_of(again), 20, what="B typing in B's own pane")
    assert host_words(live.host_db) == "before "  # still cut off: nothing has left this machine
    live.proxy.restore()
    connected(again)
    wait_until(lambda: host_words(live.host_db) == "before offline restarted ", "every word at the host", 40)
