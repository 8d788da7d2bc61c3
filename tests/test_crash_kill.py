"""Crash safety: SIGKILL an autosaving child at random moments; the data always loads.

The child (tests/helpers/crash_child.py) types continuously through the app's
SessionKeeper with the real autosave delay and reports each edit on a pipe.
After each kill the parent opens the data folder the way the app does and
checks that the session and the index load, that the saved text is whole (a
gap-free run of edits 1..M), and that every edit older than one second before
the kill was saved.

Kills default to 12 (quick; a new seed each run, so runs add up). The full proof:
``COALITION_KILLS=200 pytest tests/test_crash_kill.py -s``; ``COALITION_KILL_SEED``
replays a run.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coalition_tui.autosave import AUTOSAVE_DELAY
from coalition_tui.storage import StorageError, Store

pytestmark = pytest.mark.serial  # a real process, pty or signal: never beside another test

HELPER = Path(__file__).parent / "helpers" / "crash_child.py"
REPO = Path(__file__).resolve().parents[1]
SESSION_ID = "c0ffee00"
MAX_LOSS_SECONDS = 1.0


def _read_lines(fd: int, buffer: bytearray, until: float | None, stop_at: bytes | None = None) -> bool:
    """Collect what the child reports until ``until`` (monotonic), EOF, or ``stop_at`` seen; True at EOF."""
    while stop_at is None or stop_at not in buffer:
        timeout = None if until is None else max(0.0, until - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(fd, 65536)
        if not chunk:
            return True
        buffer.extend(chunk)
    return False


def _parse(buffer: bytearray) -> tuple[int | None, list[tuple[int, float]]]:
    ready_at, edits = None, []
    for line in buffer.decode().splitlines():
        first, _, rest = line.partition(" ")
        if first == "ready":
            ready_at = int(rest)
        elif first and rest:
            edits.append((int(first), float(rest)))
    return ready_at, edits


def _saved_edits(text: str) -> list[int]:
    return [int(line.split(" ", 1)[0]) for line in text.splitlines()]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_at_most_the_last_second(tmp_path, capsys):
    kills = int(os.environ.get("COALITION_KILLS", "12"))
    seed = int(os.environ.get("COALITION_KILL_SEED", str(random.randrange(2**32))))
    rng = random.Random(seed)
    db = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    unreadable: list[str] = []
    largest_loss = 0.0
    lost_edits_total = 0
    mid_start_kills = 0
    edits_total = 0
    started = time.monotonic()

    for round_no in range(kills):
        read_fd, write_fd = os.pipe()
        child = subprocess.Popen(
            [sys.executable, str(HELPER), str(db), SESSION_ID, str(write_fd), str(rng.randrange(2**32))],
            pass_fds=(write_fd,),
            env=env,
            stderr=subprocess.PIPE,
        )
        os.close(write_fd)
        buffer = bytearray()
        try:
            if round_no and rng.random() < 0.1:
                # Now and then, kill it while it starts: loading, locking, creating.
                mid_start_kills += 1
                _read_lines(read_fd, buffer, time.monotonic() + rng.uniform(0.0, 0.3))
            else:
                deadline = time.monotonic() + 20
                ended = _read_lines(read_fd, buffer, deadline, stop_at=b"ready")
                assert b"ready" in buffer, (
                    f"round {round_no}: the child {'ended' if ended else 'hung'} before it was ready: "
                    f"{child.stderr.read().decode() if ended and child.stderr else ''}"
                )
                _read_lines(read_fd, buffer, time.monotonic() + rng.uniform(0.05, 0.9))
            killed_at = time.monotonic()
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            _read_lines(read_fd, buffer, None)
        finally:
            os.close(read_fd)
            if child.poll() is None:
                child.kill()
                child.wait()
            if child.stderr:
                child.stderr.close()
        assert child.returncode == -signal.SIGKILL, f"round {round_no}: the child died by itself"

        _, edits = _parse(buffer)
        edits_total += len(edits)
        store = Store(db)
        try:
            store.list_summaries()
            session = store.load(SESSION_ID) if store.session_path(SESSION_ID).exists() else None
        except StorageError as error:  # the one thing that must never happen
            unreadable.append(f"round {round_no}: {error}")
            continue
        if session is None:
            assert not edits, "edits were reported before the session file existed"
            continue
        saved = _saved_edits(session.alignment.answer("crash", "a"))
        assert saved == list(range(1, len(saved) + 1)), f"round {round_no}: the saved text is not whole"
        last_saved = saved[-1] if saved else 0
        if edits:
            assert last_saved <= edits[-1][0], "the file holds an edit that was never made"
        lost = [(n, moment) for n, moment in edits if n > last_saved]
        lost_edits_total += len(lost)
        if lost:
            loss = killed_at - lost[0][1]  # the oldest edit that did not reach the disk
            largest_loss = max(largest_loss, loss)
            assert loss <= MAX_LOSS_SECONDS, (
                f"round {round_no}: lost {len(lost)} edits spanning {loss:.3f}s before the kill (seed {seed})"
            )

    leftovers = sorted(p.name for p in db.rglob("*.tmp"))
    figures = (
        f"crash test: kills={kills} (during start-up: {mid_start_kills}), unreadable files={len(unreadable)}, "
        f"largest loss={largest_loss:.3f}s (limit {MAX_LOSS_SECONDS}s, autosave delay {AUTOSAVE_DELAY}s), "
        f"edits={edits_total}, edits lost in all={lost_edits_total}, "
        f"final size={sum(p.stat().st_size for p in db.rglob('*.json')) // 1024} KiB, "
        f"leftover temp files={len(leftovers)}, seed={seed}, {time.monotonic() - started:.0f}s"
    )
    with capsys.disabled():
        print("\n" + figures)
    assert not unreadable, "\n".join(unreadable)
    # Whatever the kills left behind is private too.
    for path in db.rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"
