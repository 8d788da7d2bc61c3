"""Crash safety while one long line is typed into the real app: SIGKILL at random moments, lose at most 1 s.

Most people write a paragraph without line breaks, so an answer is often one
long line, and the text area's work on each key can grow with it. The
SessionKeeper kill test (test_crash_kill.py) edits the session directly; this
one runs ``coalition resume`` on a real pseudo-terminal, with partner A's first
answer already holding a long line (30,000 characters of words, no line break),
and types after it at 120 characters per second, as a quick typist does,
without a line break. At a random moment it sends SIGKILL, then reads the
session file the way the app does:

* the file loads, and A's answer is exactly the words it held before, then the
  first M characters typed (nothing reordered, nothing invented);
* the loss is the time between the last character that reached the file (the
  M-th; the start of typing if none did) and the kill. At most 1 s.

Each round resumes the session the last one left, so the line grows round by
round. The figures (largest and median loss) are printed.

Kills default to 12 (quick); the full proof: ``COALITION_LONG_LINE_KILLS=80
pytest tests/test_long_line_kill.py -s``. ``COALITION_KILL_SEED`` replays a
run; ``COALITION_LONG_LINE_CHARS`` sets the line's starting length.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path

import pytest

from coalition_tui.domain.session import Session
from coalition_tui.storage import Store

from .helpers.pty_app import PtyApp, child_env, coalition_argv

pytestmark = [pytest.mark.slow, pytest.mark.serial]

SESSION_ID = "10e9c0de"
KEY = "care"  # alignment's first prompt: the app opens on partner A's answer to it
RATE = 120.0  # characters per second
MAX_LOSS_SECONDS = 1.0
KILL_AFTER = (0.5, 4.0)  # seconds of typing before the kill, drawn at random
PROSE = (
    "Right now the part of the work that matters most to me is getting the new team onto its feet, "
    "and I want us to ship something our customers would miss if it were gone; over the next quarter "
    "I am committed to hiring two engineers and closing the pilot. "
)


def long_line(length: int) -> str:
    """``length`` characters of words on one line."""
    return (PROSE * (length // len(PROSE) + 1))[:length].rstrip() + " "


def typing(rng: random.Random, count: int) -> str:
    """What a typist adds: words of letters and spaces, never a line break."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < count:
        words.append("".join(rng.choice(letters) for _ in range(rng.randint(1, 10))))
    return (" ".join(words) + " ")[:count]


def saved_answer(db: Path) -> str:
    return Store(db).load(SESSION_ID).alignment.answer(KEY, "a")


def type_until_killed(app: PtyApp, text: str, kill_after: float) -> tuple[list[float], float]:
    """Send ``text`` at RATE characters per second; SIGKILL the app ``kill_after`` seconds in.

    Returns the moment each character was sent (as many as were) and the moment of the kill.
    """
    sent: list[float] = []
    begun = time.monotonic()
    kill_at = begun + kill_after
    for number, character in enumerate(text):
        due = begun + number / RATE
        if due >= kill_at:
            break
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        app.send(character.encode())
        sent.append(time.monotonic())
    delay = kill_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    killed_at = time.monotonic()
    app.kill()
    return sent, killed_at


def test_sigkill_while_typing_one_long_line_loses_at_most_a_second(tmp_path, capsys):
    kills = int(os.environ.get("COALITION_LONG_LINE_KILLS", "12"))
    seed = int(os.environ.get("COALITION_KILL_SEED", str(random.randrange(2**32))))
    length = int(os.environ.get("COALITION_LONG_LINE_CHARS", "30000"))
    rng = random.Random(seed)
    db = tmp_path / "data"
    session = Session.new("Ada", "Ben", session_id=SESSION_ID, title="Long line")
    session.alignment.set_answer(KEY, "a", long_line(length))
    Store(db).create(session)

    losses: list[float] = []
    typed_in_all = kept_in_all = 0
    started = time.monotonic()
    for round_no in range(kills):
        before = saved_answer(db)
        assert "\n" not in before
        kill_after = rng.uniform(*KILL_AFTER)
        text = typing(rng, int(kill_after * RATE) + 10)
        with PtyApp(coalition_argv("--db", str(db), "resume", SESSION_ID), env=child_env(), size=(120, 36)) as app:
            app.wait_for_output(b"Prompt 1 of 6", timeout=60)
            sent, killed_at = type_until_killed(app, text, kill_after)
            assert app.proc.returncode is not None and app.proc.returncode < 0, "the app ended by itself"

        after = saved_answer(db)  # the file loads: a damaged one would raise here
        context = f"round {round_no}, seed {seed}"
        assert after.startswith(before), f"{context}: the words already saved were changed"
        kept = after[len(before) :]
        assert text[: len(kept)] == kept, f"{context}: the file holds words that were not typed, or out of order"
        assert len(kept) <= len(sent), f"{context}: the file holds more than was typed"
        last_kept_at = sent[len(kept) - 1] if kept else sent[0]
        losses.append(killed_at - last_kept_at)
        typed_in_all += len(sent)
        kept_in_all += len(kept)

    figures = (
        f"long-line kill test: kills={kills}, line at start={length:,} chars, typing at {RATE:.0f} chars/s, "
        f"loss largest={max(losses):.3f}s median={statistics.median(losses):.3f}s (limit {MAX_LOSS_SECONDS}s), "
        f"characters typed={typed_in_all:,}, kept={kept_in_all:,}, line at end={len(saved_answer(db)):,} chars, "
        f"seed={seed}, {time.monotonic() - started:.0f}s"
    )
    with capsys.disabled():
        print("\n" + figures)
    assert max(losses) <= MAX_LOSS_SECONDS, figures
