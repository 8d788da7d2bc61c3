"""Typing at the end of one long line, through a real terminal: Coalition against a minimal Textual app.

    python bench/long_line.py [--keys 12] [--bursts 3] [--lengths 0,3000,30000,300000] [--paste]
                              [--also LABEL CHECKOUT]

Most people write a paragraph without line breaks, so an answer is often one
long line. For each line length, partner A's answer on alignment's first
prompt holds that many characters of words on one line (no line break), and
letters are typed after them, as a person adds to what they wrote. The
reference arm (``bench/long_line_minimal.py``) is a minimal Textual app with
two plain text areas side by side, the first holding the same line, saving its
text 0.4 s after a change as Coalition's autosave does. Each app runs as its
own process on a pseudo-terminal (120×36), started the way a person starts it.

Measured, per length and arm:

* key→echo: a letter typed (0.15–0.35 s after the last one had reached the
  disk) until the screen shows it (the last four letters of the word being
  typed, put together by a terminal emulator);
* key→disk: the same letter until the saved file holds it (the last eight
  characters typed). Both apps save 0.4 s after a change, so 0.4 s of it is the
  autosave delay by design;
* burst: 120 characters at 120 per second (words of twelve letters), then the
  time from the burst's last key until it is on screen and on disk: an app that
  falls behind the typist shows it here. The burst lag to disk is what a kill
  at that moment could lose, beyond the keys of the last 0.4 s.

``--paste`` also pastes 1 MB of words on one line (bracketed paste, as a
terminal sends it) into an empty answer, times it until the whole paste is on
disk, then times keys typed after it.

Arms are interleaved key by key (the minimal app, then Coalition, then the
other way round), so both see the same machine. ``--also LABEL CHECKOUT``
measures another checkout of Coalition (e.g. the code before a change) in the
same run. Figures are medians (and the largest); ratios are Coalition's median
over the minimal app's, at the same length, in the same run.

Goal (issue 13): the time from a key to the disk does not grow with the length
of the line, and a burst at 120 characters per second reaches the disk within
1 s of its last key (a kill loses at most 1 s of typing).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import BENCH_DIR, machine
from pty_latency import TimedPty

REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))
from tests.helpers.pty_app import child_env, coalition_argv  # noqa: E402

SIZE = (120, 36)
LETTERS = "bcdfghjkmpqvwxz"  # no vowels: the letters typed never spell a word of the prose
WORD = 12  # letters typed between spaces: a word never folds over two rows of a pane
BURST = 120
RATE = 120.0  # characters per second
SESSION_ID = "10e91100"
PASTE_BYTES = 1_000_000
TIMEOUT = 60.0
GOAL_BURST_TO_DISK = 1.0
WARM_UP = " qzqzqzqz "
PROSE = (
    "Right now the part of the work that matters most to me is getting the new team onto its feet, "
    "and I want us to ship something our customers would miss if it were gone; over the next quarter "
    "I am committed to hiring two engineers and closing the pilot, and in the long run I want this "
    "company to be the place people learn the trade. "
)


def words_of(length: int, end: str = " ENDOFWORDS") -> str:
    """``length`` characters of prose on one line (no line break), ending in ``end`` so its end can be seen."""
    if length <= 0:
        return ""
    body = (PROSE * (length // len(PROSE) + 1))[: max(0, length - len(end))]
    return body.rstrip() + end


class FileWatch:
    """Notes when a file first holds a text: polls its identity every millisecond, reads it when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._watch: tuple[bytes, threading.Event, list[float]] | None = None
        self._content = b""
        self._stamp: tuple[int, int, int] | None = None
        self._running = True
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while self._running:
            try:
                stat = os.stat(self.path)
                stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                if stamp != self._stamp:
                    now = time.monotonic()
                    content = self.path.read_bytes()
                    self._stamp = stamp
                    with self._lock:
                        self._content = content
                        watch = self._watch
                        if watch is not None and watch[0] in content:
                            watch[2].append(now)
                            watch[1].set()
                            self._watch = None
            except FileNotFoundError:
                pass
            time.sleep(0.001)

    def holds(self, text: bytes) -> bool:
        with self._lock:
            return text in self._content

    def expect(self, text: bytes) -> tuple[threading.Event, list[float]]:
        done = threading.Event()
        when: list[float] = []
        with self._lock:
            if text in self._content:
                raise SystemExit(f"{text!r} is on disk before it is typed: it cannot time that key")
            self._watch = (text, done, when)
        return done, when

    def stop(self) -> None:
        self._running = False
        self._thread.join(2)


@dataclass
class Arm:
    """One app on a terminal, with the file it saves to, and what has been typed into it."""

    name: str
    app: TimedPty
    saved: FileWatch
    words: str
    typed: str = ""
    gave_up: str = ""  # why this arm stopped being measured (it fell too far behind)

    def seen(self) -> str:
        return self.words + self.typed


@dataclass
class Figures:
    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, seconds: float) -> None:
        self.samples.setdefault(name, []).append(seconds)


def _next_letter(arm: Arm, rng: random.Random) -> str:
    """A letter that keeps the last 4 letters of the word new on screen and the last 8 characters new on disk."""
    seen = arm.seen()
    for _ in range(200):
        letter = rng.choice(LETTERS)
        candidate = arm.typed + letter
        if candidate[-4:] not in seen and candidate[-8:] not in seen:
            return letter
    raise SystemExit("no new letter found")


def _current_word(typed: str) -> str:
    return typed.rsplit(" ", 1)[-1]


def _key(arm: Arm, rng: random.Random) -> tuple[str, str | None]:
    """The next character to type: a space after every WORD letters, else a letter; and its screen marker."""
    if len(_current_word(arm.typed)) >= WORD:
        return " ", None
    letter = _next_letter(arm, rng)
    word = _current_word(arm.typed + letter)
    return letter, (word[-4:] if len(word) >= 4 else None)


def _send_and_time(arm: Arm, text: str, marker: str | None, timeout: float) -> tuple[float | None, float | None]:
    """Send ``text``; seconds until the screen shows ``marker`` (if any) and the file holds all typed so far."""
    arm.typed += text
    disk_done, disk_when = arm.saved.expect(arm.typed[-8:].encode())
    screen_done = threading.Event()
    screen_when: list[float] = []
    if marker is not None:
        with arm.app._lock:
            arm.app._watch = (marker, screen_done, screen_when)
    sent = time.monotonic()
    arm.app.send(text.encode())
    echo = disk = None
    if marker is not None and screen_done.wait(timeout):
        echo = screen_when[0] - sent
    if disk_done.wait(max(0.0, sent + timeout - time.monotonic())):
        disk = disk_when[0] - sent
    return echo, disk


def _type_burst(arm: Arm, rng: random.Random, timeout: float) -> tuple[float | None, float | None]:
    """BURST characters at RATE per second; from the last key until it is on screen and on disk."""
    keys = []
    for _ in range(BURST - 1):
        key, _ = _key(arm, rng)
        keys.append(key)
        arm.typed += key
    last, marker = _key(arm, rng)
    while marker is None:  # end on a letter the screen can show
        keys.append(last)
        arm.typed += last
        last, marker = _key(arm, rng)
    begun = time.monotonic()
    for number, key in enumerate(keys):
        delay = begun + number / RATE - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        arm.app.send(key.encode())
    delay = begun + len(keys) / RATE - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    return _send_and_time(arm, last, marker, timeout)


def _start(name: str, argv: list[str], env: dict[str, str], cwd: Path, saved: Path, words: str, ready: str) -> Arm:
    app = TimedPty(argv, env=env, cwd=cwd, size=SIZE)
    app.wait_for(lambda: app.shows(ready), timeout=TIMEOUT, what=f"{name}: {ready!r}")
    if words:  # the cursor is after the words: their end is on screen
        app.wait_for(lambda: app.shows("ENDOFWORDS"), timeout=TIMEOUT, what=f"{name}: the end of the words")
    arm = Arm(name, app, FileWatch(saved), words)
    # A first word, not timed: from here on the last eight characters typed are new on disk.
    _, disk = _send_and_time(arm, WARM_UP, None, TIMEOUT)
    if disk is None:
        raise SystemExit(f"{name}: the first word typed never reached the disk")
    return arm


def _coalition_arm(label: str, checkout: Path, env: dict[str, str], root: Path, words: str) -> Arm:
    from coalition_tui.domain.session import Session
    from coalition_tui.storage import Store

    data = root / f"data-{label}"
    store = Store(data)
    session = Session.new("Ada", "Ben", session_id=SESSION_ID, title="Long line")
    session.alignment.set_answer("care", "a", words)
    store.create(session)
    return _start(
        label,
        coalition_argv("--db", str(data), "resume", SESSION_ID),
        env,
        checkout,
        store.session_path(SESSION_ID),
        words,
        "Prompt 1 of 6",
    )


def _minimal_arm(env: dict[str, str], root: Path, words: str) -> Arm:
    source = root / "minimal-words.txt"
    source.write_text(words, encoding="utf-8")
    saved = root / "minimal-saved.txt"
    saved.unlink(missing_ok=True)
    argv = [sys.executable, str(BENCH_DIR / "long_line_minimal.py"), str(source), str(saved)]
    return _start("minimal", argv, env, REPO, saved, words, "Minimal long line")


def _in_turn(arms: list[Arm], turn: int) -> list[Arm]:
    return arms if turn % 2 == 0 else list(reversed(arms))


def _isolated_keys(arms: list[Arm], what: str, keys: int, rng: random.Random, figures: Figures) -> None:
    measured = {arm.name: 0 for arm in arms}
    turn = 0
    while any(measured[arm.name] < keys and not arm.gave_up for arm in arms):
        for arm in _in_turn(arms, turn):
            if measured[arm.name] >= keys or arm.gave_up:
                continue
            time.sleep(rng.uniform(0.15, 0.35))
            key, marker = _key(arm, rng)
            echo, disk = _send_and_time(arm, key, marker, TIMEOUT)
            if disk is None:
                arm.gave_up = f"a key did not reach the disk within {TIMEOUT:.0f}s"
                figures.notes.append(f"{what}, {arm.name}: {arm.gave_up}")
                continue
            figures.add(f"{what}: key→disk, {arm.name}", disk)
            if echo is not None:
                figures.add(f"{what}: key→echo, {arm.name}", echo)
                measured[arm.name] += 1
        turn += 1


def _bursts(arms: list[Arm], what: str, bursts: int, rng: random.Random, figures: Figures) -> None:
    for turn in range(bursts):
        for arm in _in_turn(arms, turn):
            if arm.gave_up:
                continue
            time.sleep(0.5)
            echo, disk = _type_burst(arm, rng, TIMEOUT)
            if echo is not None:
                figures.add(f"{what}: burst→echo, {arm.name}", echo)
            if disk is None:
                arm.gave_up = f"a burst did not reach the disk within {TIMEOUT:.0f}s of its last key"
                figures.notes.append(f"{what}, {arm.name}: {arm.gave_up}")
                continue
            figures.add(f"{what}: burst→disk, {arm.name}", disk)


def _paste(arms: list[Arm], keys: int, rng: random.Random, figures: Figures) -> None:
    paste = words_of(PASTE_BYTES, end=" PASTEEND")
    for arm in arms:
        arm.typed += paste
        done, when = arm.saved.expect(paste[-40:].encode())
        sent = time.monotonic()
        arm.app.send(b"\x1b[200~" + paste.encode() + b"\x1b[201~")
        if not done.wait(TIMEOUT * 3):
            arm.gave_up = "the paste did not reach the disk"
            figures.notes.append(f"1 MB paste, {arm.name}: {arm.gave_up} within {TIMEOUT * 3:.0f}s")
            continue
        content = arm.saved.path.read_bytes()
        whole = paste.encode() in content
        figures.add(f"1 MB paste: paste→disk, {arm.name}", when[0] - sent)
        figures.notes.append(f"1 MB paste, {arm.name}: {'landed whole' if whole else 'NOT WHOLE'} on disk")
    time.sleep(1.0)
    _isolated_keys(arms, "after 1 MB paste", keys, rng, figures)


def run(lengths: list[int], keys: int, bursts: int, paste: bool, seed: int, also: list[tuple[str, Path]]) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="coalition-bench-long-line-") as folder:
        root = Path(folder)
        env = child_env(PYTHONPYCACHEPREFIX=str(root / "pycache"))
        variants = [("coalition", env, REPO)] + [
            (label, child_env(PYTHONPYCACHEPREFIX=str(root / f"pycache-{label}"), PYTHONPATH=str(checkout)), checkout)
            for label, checkout in also
        ]
        plans: list[tuple[str, int]] = [(f"{length:,} chars", length) for length in lengths]
        if paste:
            plans.append(("1 MB paste", 0))
        for what, length in plans:
            words = words_of(length)
            place = root / f"{length}-{len(figures.samples)}"
            place.mkdir()
            arms = [_minimal_arm(env, place, words)]
            try:
                for label, variant_env, cwd in variants:
                    arms.append(_coalition_arm(label, cwd, variant_env, place, words))
                time.sleep(1.0)
                print(f"… {what}", file=sys.stderr, flush=True)
                if what == "1 MB paste":
                    _paste(arms, keys, rng, figures)
                else:
                    _isolated_keys(arms, what, keys, rng, figures)
                    _bursts(arms, what, bursts, rng, figures)
            finally:
                for arm in arms:
                    arm.saved.stop()
                    arm.app.close()
    return figures


def report(figures: Figures) -> int:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:7.1f} ms"

    print(f"Typing at the end of one long line ({SIZE[0]}×{SIZE[1]} pty), Coalition vs a minimal Textual app, one run")
    for name, values in figures.samples.items():
        print(f"  {name:48} median {ms(statistics.median(values))}   largest {ms(max(values))}   ({len(values)})")
    for note in figures.notes:
        print(f"  note: {note}")
    arms = sorted({name.rsplit(", ", 1)[1] for name in figures.samples} - {"minimal"})
    print("  Ratios (median over the minimal app's median, same length, same run):")
    for name in figures.samples:
        what, arm = name.rsplit(", ", 1)
        if arm == "minimal":
            continue
        reference = figures.samples.get(f"{what}, minimal")
        if reference:
            ratio = statistics.median(figures.samples[name]) / statistics.median(reference)
            print(f"    {what:40} {arm:12} {ratio:6.2f}×")
    ok = True
    for arm in arms:
        lasts = [max(values) for name, values in figures.samples.items() if name.endswith(f"burst→disk, {arm}")]
        missing = [note for note in figures.notes if note.split(": ")[0].endswith(f", {arm}") and "within" in note]
        largest = max(lasts, default=float("nan"))
        met = bool(lasts) and largest <= GOAL_BURST_TO_DISK and not missing
        if arm == "coalition":
            ok &= met
        print(
            f"  {arm}: largest burst lag to disk {largest:.3f} s (goal ≤ {GOAL_BURST_TO_DISK} s)"
            f"{', and a key or burst never reached the disk' if missing else ''}: {'met' if met else 'MISSED'}"
        )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    sys.setswitchinterval(0.0002)  # the reader threads take the interpreter at once when output arrives
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=12, help="letters timed per length and arm (default 12)")
    parser.add_argument("--bursts", type=int, default=3, help="bursts per length and arm (default 3)")
    parser.add_argument("--lengths", default="0,3000,30000,300000", help="characters on the line, comma-separated")
    parser.add_argument("--paste", action="store_true", help="also paste 1 MB on one line, then time keys after it")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--also",
        nargs=2,
        action="append",
        default=[],
        metavar=("LABEL", "CHECKOUT"),
        help="also measure the Coalition in another checkout, interleaved in the same run",
    )
    args = parser.parse_args(argv)
    lengths = [int(part) for part in args.lengths.split(",") if part]
    print(machine())
    figures = run(
        lengths, args.keys, args.bursts, args.paste, args.seed, [(label, Path(path)) for label, path in args.also]
    )
    return report(figures)


if __name__ == "__main__":
    sys.exit(main())
