"""Keys through a real terminal: Coalition against a minimal Textual app, in one run.

    python bench/pty_latency.py [--presses 40] [--seed 12]

Each app runs as its own process on a pseudo-terminal (120×36, as a person's
terminal window), started the way a person starts it (``coalition resume ID``;
``python bench/minimal_app.py``). The bench writes a key to the terminal and
times it until the bytes the app sends back hold the text that shows the key
took effect:

* floor key (F2 / F3): "▶ NAME has the floor" in the clearing's clock line;
  the minimal app changes one label.
* typing echo: each letter typed into partner A's answer (alignment's last
  prompt, already holding words), until the last four letters typed are on
  screen; the minimal app types into its first text area.
* phase change (ctrl+n / ctrl+r through the whole agenda and back, the
  clearing's opening steps included): the new phase's name, marked "▶" in the
  header; the minimal app replaces its screen with a new one (a header, two text
  areas, a footer).

The arms are interleaved press by press (the minimal app, then Coalition, then
the other way round), with a random pause of 0.15–0.35 s before each key, so
both see the same machine. Figures are medians (and 90th percentiles); the
ratios are Coalition's median over the minimal app's, from the same run.

Goals (issue 12): floor key ≤ 1.5× the minimal app; a phase change drawn in
under 150 ms; typing echo ≤ 1.5× the minimal app.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchlib import BENCH_DIR, machine

REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))
from tests.helpers.pty_app import PtyApp, child_env, coalition_argv  # noqa: E402

FLOOR_GOAL = 1.5
ECHO_GOAL = 1.5
PHASE_GOAL_MS = 150.0
SIZE = (120, 36)
KEYS = {"f2": b"\x1bOQ", "f3": b"\x1bOR", "ctrl+n": b"\x0e", "ctrl+r": b"\x12"}
LETTERS = "bcdfghjkmpqvwxz"  # no vowels: four in a row never spell a word on screen


class TimedPty(PtyApp):
    """A PtyApp whose output also drives a terminal emulator, noting when the screen shows a text.

    Textual redraws only the cells that change, so a text on screen is seldom one
    run of bytes in the output: the emulator (pyte) puts the screen together as a
    terminal would. The time taken is the arrival of the chunk that completed it.
    """

    def __init__(self, *args, size: tuple[int, int] = SIZE, **kwargs) -> None:
        import pyte

        self._screen = pyte.Screen(*size)
        self._stream = pyte.ByteStream(self._screen)
        self._watch: tuple[Test, threading.Event, list[float]] | None = None
        super().__init__(*args, size=size, **kwargs)

    def _take(self, chunk: bytes, now: float) -> None:
        super()._take(chunk, now)
        self._stream.feed(chunk)
        watch = self._watch
        if watch is not None and watch[0](list(self._screen.display)):
            watch[2].append(now)
            watch[1].set()
            self._watch = None

    def passes(self, test: Test) -> bool:
        with self._lock:
            return test(list(self._screen.display))

    def shows(self, text: str) -> bool:
        return self.passes(showing(text))

    def press(self, key: str | bytes, marker: str, timeout: float = 15.0) -> float:
        """Send ``key``; seconds until the screen first shows ``marker``."""
        return self.press_until(key, showing(marker), timeout, what=repr(marker))

    def press_until(self, key: str | bytes, test: Test, timeout: float = 15.0, *, what: str = "") -> float:
        """Send ``key``; seconds until the screen first passes ``test`` (``what`` it waits for, in words)."""
        what = what or "what it should bring"
        if self.passes(test):
            raise SystemExit(f"{what} is on screen before {key!r} is pressed: it cannot time that key")
        done, when = threading.Event(), []
        with self._lock:
            self._watch = (test, done, when)
        sent = time.monotonic()
        self.send(KEYS.get(key, key) if isinstance(key, str) else key)
        if not done.wait(timeout):
            with self._lock:
                self._watch = None
                screen = "\n".join(self._screen.display)
            raise SystemExit(f"{key!r} never showed {what} within {timeout}s; the screen:\n{screen}")
        return when[0] - sent


Test = Callable[[list[str]], bool]
"""A test of the screen's lines (as a terminal shows them)."""


def showing(text: str) -> Test:
    """The screen shows ``text`` (across line ends as they fall)."""
    return lambda lines: text in "\n".join(lines)


@dataclass
class Figures:
    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.samples.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def p90(self, name: str) -> float:
        values = sorted(self.samples[name])
        return values[min(len(values) - 1, int(len(values) * 0.9))]


# -- the sessions Coalition opens ---------------------------------------------------------


def make_sessions(root: Path) -> tuple[str, str, tuple[str, str]]:
    """A session mid-clearing (floor keys, typing) and one at alignment's last prompt (phases)."""
    import generate

    from coalition_tui.domain.phases import Phase
    from coalition_tui.storage import Store

    store = Store(root)
    rng = random.Random(4)
    when = datetime(2026, 11, 20, 9, tzinfo=UTC)
    clearing = generate.realistic_session(
        rng,
        when,
        session_id="c1ea0001",
        finished=False,
        sealed=False,
        checkins=0,
        partners=generate.NEWEST_PARTNERS,
        phase=Phase.CLEARING,
    )
    clearing.clearing.said_all = {"a": False, "b": False}
    store.create(clearing)
    phases = generate.realistic_session(
        rng,
        when,
        session_id="0a5e0002",
        finished=False,
        sealed=False,
        checkins=0,
        partners=("Ada", "Ben"),
        phase=Phase.ALIGNMENT,
    )
    phases.clearing.clock = None  # level totals: ctrl+n completes the clearing at once
    phases.clearing.step = "commitment"
    store.create(phases)
    return clearing.id, phases.id, generate.NEWEST_PARTNERS


# The walk through the agenda: each key and the text that shows it is done.
PHASE_WALK: tuple[tuple[str, str, bool], ...] = (
    # key, marker, is a change of phase (else a step inside the clearing)
    ("ctrl+n", "▶ Clearing the past", True),
    ("ctrl+n", "Opening 2 of 3", False),
    ("ctrl+n", "Opening 3 of 3", False),
    ("ctrl+n", "Speaking rounds", False),
    ("ctrl+n", "▶ Declaration of support", True),
    ("ctrl+n", "▶ Accountability", True),
    ("ctrl+n", "▶ Seal the deal", True),
    ("ctrl+r", "▶ Accountability", True),
    ("ctrl+r", "▶ Declaration of support", True),
    ("ctrl+r", "▶ Clearing the past", True),
    ("ctrl+r", "Opening 3 of 3", False),
    ("ctrl+r", "Opening 2 of 3", False),
    ("ctrl+r", "Opening 1 of 3", False),
    ("ctrl+r", "▶ Alignment", True),
)


def run(presses: int, seed: int, only: str | None = None, also: list[tuple[str, Path]] = ()) -> Figures:
    """Measure; ``also``: (label, checkout) pairs, another version of Coalition measured in the same run."""
    rng = random.Random(seed)
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="coalition-bench-pty-") as folder:
        root = Path(folder)
        clearing_id, phases_id, names = make_sessions(root / "data")
        env = child_env(PYTHONPYCACHEPREFIX=str(root / "pycache"))
        # (label, environment, working folder): python -m puts the working folder first on the path.
        variants = [("coalition", env, REPO)] + [
            (label, child_env(PYTHONPYCACHEPREFIX=str(root / f"pycache-{label}"), PYTHONPATH=str(checkout)), checkout)
            for label, checkout in also
        ]
        minimal_argv = [sys.executable, str(BENCH_DIR / "minimal_app.py")]
        apps = {
            "minimal": TimedPty(minimal_argv, env=env, size=SIZE),
            "minimal phases": TimedPty(minimal_argv, env=env, size=SIZE),
        }
        for label, variant_env, cwd in variants:
            # Each version on its own copy of the data: a session is open in one window at a time.
            data = root / f"data-{label}"
            shutil.copytree(root / "data", data)
            apps[f"clearing {label}"] = TimedPty(
                coalition_argv("--db", str(data), "resume", clearing_id), env=variant_env, cwd=cwd, size=SIZE
            )
            apps[f"phases {label}"] = TimedPty(
                coalition_argv("--db", str(data), "resume", phases_id), env=variant_env, cwd=cwd, size=SIZE
            )
        labels = [label for label, _, _ in variants]
        try:
            for name, app in apps.items():
                ready = {"minimal": "Nobody has the floor", "clearing": "Speaking rounds", "phases": "Prompt 6 of 6"}[
                    name.split()[0]
                ]
                app.wait_for(lambda app=app, text=ready: app.shows(text), what=f"{name}: {ready}")
            time.sleep(1.0)
            if only in (None, "floor"):
                _floor(apps, labels, names, presses, rng, figures)
            if only in (None, "typing"):
                _typing(apps, labels, presses, rng, figures)
            if only in (None, "phases"):
                _phases(apps, labels, presses, rng, figures)
        finally:
            for app in apps.values():
                app.close()
    return figures


def _pause(rng: random.Random) -> None:
    time.sleep(rng.uniform(0.15, 0.35))


def _in_turn(arms: list, press: int) -> list:
    """The arms in one order, then the other: each sees the same drift of a noisy machine."""
    return arms if press % 2 == 0 else list(reversed(arms))


def _floor(
    apps: dict[str, TimedPty],
    labels: list[str],
    names: tuple[str, str],
    presses: int,
    rng: random.Random,
    figures: Figures,
) -> None:
    # One hand-off each first, unmeasured: the first press of a run pays for things once.
    apps["minimal"].press("f2", "▶ A has the floor")
    for label in labels:
        apps[f"clearing {label}"].press("f2", f"▶ {names[0]} has the floor")
    for press in range(presses):
        side = press % 2  # B, then A, ...: always a hand-off
        key = ("f3", "f2")[side]
        arms = [("minimal", apps["minimal"], f"▶ {'BA'[side]} has the floor")] + [
            (label, apps[f"clearing {label}"], f"▶ {names[1 - side]} has the floor") for label in labels
        ]
        for arm, app, marker in _in_turn(arms, press):
            _pause(rng)
            figures.add(f"floor key, {arm}", app.press(key, marker))


def _typing(apps: dict[str, TimedPty], labels: list[str], presses: int, rng: random.Random, figures: Figures) -> None:
    """Letters typed into partner A's answer on alignment's last prompt (a text area with words in it)."""
    arms = [("minimal", apps["minimal phases"])] + [(label, apps[f"phases {label}"]) for label in labels]
    typed = {arm: "" for arm, _ in arms}
    for press in range(presses + 3):
        for arm, app in _in_turn(arms, press):
            letter = rng.choice(LETTERS)
            while len(typed[arm]) >= 3 and (typed[arm][-3:] + letter) in typed[arm]:
                letter = rng.choice(LETTERS)  # each four letters are new on screen
            typed[arm] += letter
            _pause(rng)
            if len(typed[arm]) < 4:  # the first letters only make the first four on screen
                app.send(letter)
                continue
            figures.add(f"typing echo, {arm}", app.press(letter.encode(), typed[arm][-4:]))


def _phases(apps: dict[str, TimedPty], labels: list[str], presses: int, rng: random.Random, figures: Figures) -> None:
    number = 1
    for step in range(presses):
        key, marker, is_phase = PHASE_WALK[step % len(PHASE_WALK)]
        number += 1 if key == "ctrl+n" else -1
        arms = [("minimal", apps["minimal phases"], f"▶ Phase {number}")] + [
            (label, apps[f"phases {label}"], marker) for label in labels
        ]
        for arm, app, expected in _in_turn(arms, step):
            _pause(rng)
            seconds = app.press(key, expected)
            if arm == "minimal":
                figures.add("phase change, minimal", seconds)
            elif is_phase:
                figures.add(f"phase change, {arm}", seconds)
                figures.add(f"  {arm}, to {expected.removeprefix('▶ ')}", seconds)
            else:
                figures.add(f"clearing step, {arm}", seconds)


def report(figures: Figures) -> int:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:6.1f} ms"

    print(f"Keys through a real terminal ({SIZE[0]}×{SIZE[1]} pty), Coalition vs a minimal Textual app, one run")
    for name in sorted(figures.samples):
        print(
            f"  {name:28} median {ms(figures.median(name))}   90th pct {ms(figures.p90(name))}"
            f"   ({len(figures.samples[name])} keys)"
        )
    for label in sorted(
        {name.split(", ")[1] for name in figures.samples if name.startswith("floor key, ")} - {"minimal", "coalition"}
    ):
        for what in ("floor key", "typing echo", "phase change"):
            if f"{what}, {label}" in figures.samples:
                ratio = figures.median(f"{what}, {label}") / figures.median(f"{what}, minimal")
                print(
                    f"  {what} ({label}): {ratio:.2f}× the minimal app, "
                    f"{figures.median(f'{what}, {label}') * 1000:.1f} ms median"
                )
    ok = True
    if "floor key, coalition" in figures.samples:
        floor = figures.median("floor key, coalition") / figures.median("floor key, minimal")
        ok &= floor <= FLOOR_GOAL
        print(
            f"  floor key: {floor:.2f}× the minimal app (goal ≤ {FLOOR_GOAL}×): "
            f"{'met' if floor <= FLOOR_GOAL else 'MISSED'}"
        )
    if "typing echo, coalition" in figures.samples:
        echo = figures.median("typing echo, coalition") / figures.median("typing echo, minimal")
        ok &= echo <= ECHO_GOAL
        print(
            f"  typing echo: {echo:.2f}× the minimal app (goal ≤ {ECHO_GOAL}×): "
            f"{'met' if echo <= ECHO_GOAL else 'MISSED'}"
        )
    if "phase change, coalition" in figures.samples:
        phase = figures.median("phase change, coalition")
        ratio = phase / figures.median("phase change, minimal")
        ok &= phase * 1000 < PHASE_GOAL_MS
        print(
            f"  phase change: {phase * 1000:.0f} ms median, {ratio:.2f}× the minimal app's new screen "
            f"(goal < {PHASE_GOAL_MS:.0f} ms): {'met' if phase * 1000 < PHASE_GOAL_MS else 'MISSED'}"
        )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    # The readers share this process's interpreter: a short switch interval lets the one whose
    # terminal has output take it at once (the default 5 ms would add to the figures).
    sys.setswitchinterval(0.0002)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="keys per measure and arm (default 40)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--only", choices=("floor", "typing", "phases"), help="measure one thing only")
    parser.add_argument(
        "--also",
        nargs=2,
        action="append",
        default=[],
        metavar=("LABEL", "CHECKOUT"),
        help="also measure the Coalition in another checkout (e.g. the version before a change), "
        "interleaved in the same run",
    )
    args = parser.parse_args(argv)
    print(machine())
    return report(run(args.presses, args.seed, args.only, [(label, Path(path)) for label, path in args.also]))


if __name__ == "__main__":
    sys.exit(main())
