"""A keystroke on partner A's machine: on A's own screen, on the host's and on partner B's, in one run.

    python bench/remote.py [--presses 60] [--seed 15] [--json]

The host, partner A and partner B run as their own processes, each on its own
pseudo-terminal (120×36) and with its own data folder, over loopback
(``coalition host`` and ``coalition join``), on a session at alignment's first
prompt. A minimal Textual app (``bench/minimal_app.py``) runs alongside, for a
local echo without Coalition.

Each press writes one letter to A's terminal, at a typist's pace (a random
pause of 0.12–0.18 s first), and times it until the last four letters A typed
show on each screen (four letters in a row are never on a screen before:
each is new), read incrementally by a terminal emulator per pty:

* local echo: on A's own screen;
* remote echo: on the host's screen and on B's (through the host);
* minimal app: the same letters typed into its text area (interleaved with A's).

Figures: median and 95th percentile per screen; the ratios are each remote
median over A's local echo median (goal of issue 15: ≤ 2×), and A's local echo
over the minimal app's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchlib import BENCH_DIR, machine
from pty_latency import TimedPty

REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))
from tests.helpers.pty_app import child_env, coalition_argv  # noqa: E402

SIZE = (120, 36)
REMOTE_GOAL = 2.0
LETTERS = "bcdfghjkmpqvwxz"  # no vowels: four in a row never spell a word on screen
SESSION_ID = "0000be0c"
LINE = 40  # letters per line: a pane at 120 columns holds about 55
ARMS = ("local echo (A's screen)", "host's screen", "B's screen", "minimal app, local echo")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


class Watched(TimedPty):
    """A TimedPty that can wait for a text already being watched for by another send (A's letter, seen elsewhere)."""

    def arm(self, marker: str) -> tuple[threading.Event, list[float]]:
        if self.shows(marker):
            raise SystemExit(f"{marker!r} is on screen before it is typed: it cannot time that key")
        done, when = threading.Event(), []
        with self._lock:
            self._watch = (marker, done, when)
        return done, when

    def seen(self, armed: tuple[threading.Event, list[float]], sent: float, timeout: float = 15.0) -> float:
        done, when = armed
        if not done.wait(timeout):
            raise SystemExit(f"a key never showed within {timeout}s; the screen:\n" + "\n".join(self._screen.display))
        return when[0] - sent


def start(root: Path) -> dict[str, Watched]:
    """The host (invitations closed), A and B joined and connected, and the minimal app."""
    from coalition_tui.domain.session import Session
    from coalition_tui.storage import Store

    env = child_env(PYTHONPYCACHEPREFIX=str(root / "pycache"))
    host_db = root / "host"
    Store(host_db).create(Session.new("Ada", "Ben", session_id=SESSION_ID))
    port = free_port()
    apps: dict[str, Watched] = {}
    apps["host"] = Watched(
        coalition_argv("--db", str(host_db), "host", SESSION_ID, "--port", str(port)), env=env, size=SIZE
    )
    apps["minimal"] = Watched([sys.executable, str(BENCH_DIR / "minimal_app.py")], env=env, size=SIZE)
    record_path = host_db / "remote" / f"host-{SESSION_ID}.json"
    apps["host"].wait_for(record_path.exists, 30, what="the hosting record")
    record = json.loads(record_path.read_text())
    apps["host"].wait_for(lambda: apps["host"].shows("hosting on"), 30, what="the host's session")
    apps["host"].send("\x1b")  # close the invitations
    for side in ("a", "b"):
        address = f"coalition://127.0.0.1:{port}/{record['room']}?key={record['keys'][side]}"
        apps[side] = Watched(coalition_argv("--db", str(root / side), "join", address), env=env, size=SIZE)
    for name in ("a", "b"):
        apps[name].wait_for(lambda app=apps[name]: app.shows("connected to the host"), 30, what=f"{name} connected")
    apps["minimal"].wait_for(lambda: apps["minimal"].shows("Nobody has the floor"), 30, what="the minimal app")
    return apps


def pin(apps: dict[str, Watched]) -> None:
    """A on CPU 0 alone, everything else on CPU 1: A's own machine, as it would be (``--pin``).

    On one two-core machine the host and B, busy with A's key, take CPU from A
    exactly while A draws it; three real machines would not.
    """
    os.sched_setaffinity(apps["a"].proc.pid, {0})
    for name in ("host", "b", "minimal"):
        os.sched_setaffinity(apps[name].proc.pid, {1})


def run(presses: int, seed: int, pinned: bool = False) -> dict[str, list[float]]:
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {arm: [] for arm in ARMS}
    with tempfile.TemporaryDirectory(prefix="coalition-bench-remote-") as folder:
        apps: dict[str, Watched] = {}
        try:
            apps = start(Path(folder))
            if pinned:
                pin(apps)
            time.sleep(1.0)  # let the first paints and the rooms' first sync settle before timing
            typed = {"a": "", "minimal": ""}  # everything typed, lines joined: each four letters are new
            line = {"a": "", "minimal": ""}
            timed = 0
            while timed < presses:
                order = ("a", "minimal") if len(typed["a"]) % 2 == 0 else ("minimal", "a")
                for who in order:
                    time.sleep(rng.uniform(0.12, 0.18))  # a typist's pace between keys
                    if len(line[who]) >= LINE:  # a new line before the pane would wrap the four letters apart
                        apps[who].send("\r")
                        line[who] = ""
                        continue
                    letter = rng.choice(LETTERS)
                    while len(line[who]) >= 3 and (line[who][-3:] + letter) in typed[who]:
                        letter = rng.choice(LETTERS)
                    typed[who] += letter
                    line[who] += letter
                    if len(line[who]) < 4:  # the first letters of a line only make the first four
                        apps[who].send(letter)
                        continue
                    marker = line[who][-4:]
                    if who == "minimal":
                        armed = apps["minimal"].arm(marker)
                        sent = time.monotonic()
                        apps["minimal"].send(letter)
                        samples[ARMS[3]].append(apps["minimal"].seen(armed, sent))
                        continue
                    watched = {name: apps[name].arm(marker) for name in ("a", "host", "b")}
                    sent = time.monotonic()
                    apps["a"].send(letter)
                    for arm, name in zip(ARMS[:3], ("a", "host", "b"), strict=True):
                        samples[arm].append(apps[name].seen(watched[name], sent))
                    timed += 1
        finally:
            for app in apps.values():
                app.close()
    return samples


def summary(samples: dict[str, list[float]]) -> dict[str, object]:
    medians = {arm: statistics.median(values) for arm, values in samples.items()}
    local = medians[ARMS[0]]
    return {
        "machine": machine(),
        "keys": len(samples[ARMS[0]]),
        "ms": {
            arm: {"median": round(medians[arm] * 1000, 2), "p95": round(p95(values) * 1000, 2)}
            for arm, values in samples.items()
        },
        "ratios": {
            "host's screen / local echo": round(medians[ARMS[1]] / local, 2),
            "B's screen / local echo": round(medians[ARMS[2]] / local, 2),
            "local echo / minimal app": round(local / medians[ARMS[3]], 2),
        },
        "goal": f"remote echo median ≤ {REMOTE_GOAL}× local echo",
        "goal met": max(medians[ARMS[1]], medians[ARMS[2]]) / local <= REMOTE_GOAL,
    }


def report(result: dict[str, object]) -> None:
    print(result["machine"])
    print(
        f"A keystroke on partner A's machine, over loopback ({SIZE[0]}×{SIZE[1]} ptys), {result['keys']} keys, one run"
    )
    if result.get("pinned"):
        print("  pinned: A alone on CPU 0; the host, B and the minimal app on CPU 1")
    for arm, figures in result["ms"].items():  # type: ignore[union-attr]
        print(f"  {arm:26} median {figures['median']:7.1f} ms   95th pct {figures['p95']:7.1f} ms")
    for name, ratio in result["ratios"].items():  # type: ignore[union-attr]
        print(f"  {name:34} {ratio:.2f}×")
    print(f"  goal: {result['goal']}: {'met' if result['goal met'] else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    sys.setswitchinterval(0.0002)  # the readers share this interpreter: see pty_latency.py
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60, help="keys timed (default 60)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--pin", action="store_true", help="A alone on CPU 0; the host, B and the minimal app on CPU 1 (Linux)"
    )
    args = parser.parse_args(argv)
    if args.pin and (not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2):
        parser.error("--pin needs Linux and two CPUs")
    result = {**summary(run(args.presses, args.seed, args.pin)), "pinned": args.pin}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        report(result)
    return 0 if result["goal met"] else 1


if __name__ == "__main__":
    sys.exit(main())
