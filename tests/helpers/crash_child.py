"""A child that types without pause and autosaves, until it is killed.

    python crash_child.py DB SESSION_ID REPORT_FD SEED

It opens (or creates) the session, then makes an edit every few milliseconds:
it appends one line ``<n> <monotonic time> <filler>`` to partner A's answer,
tells the SessionKeeper (the app's own autosaver, with the real delay), and
only then reports ``<n> <time>`` on the pipe. So the parent knows every edit
that was made; what was saved is in the file. Now and then it flushes with the
index too, as a phase change does. CLOCK_MONOTONIC is system-wide, so the
parent can compare these times with the moment it sent SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from pathlib import Path

from coalition_tui.autosave import AUTOSAVE_DELAY, SessionKeeper
from coalition_tui.domain.session import Session
from coalition_tui.storage import Store

KEY = "crash"
FILLER = "ünïcödé 🙂 שלום e\u0301 … "  # every line carries multi-byte text


def last_edit(text: str) -> int:
    lines = text.splitlines()
    return int(lines[-1].split(" ", 1)[0]) if lines else 0


class _Timer:
    def __init__(self, handle: asyncio.TimerHandle) -> None:
        self.handle = handle

    def stop(self) -> None:
        self.handle.cancel()


async def type_forever(store: Store, session: Session, report, rng: random.Random) -> None:
    loop = asyncio.get_running_loop()
    keeper = SessionKeeper(store, session, lambda delay, cb: _Timer(loop.call_later(delay, cb)), delay=AUTOSAVE_DELAY)
    text = session.alignment.answer(KEY, "a")
    n = last_edit(text)
    report.write(f"ready {n}\n")
    while True:
        n += 1
        moment = time.monotonic()
        text += f"{n} {moment:.6f} {FILLER * rng.randint(1, 4)}\n"
        session.alignment.set_answer(KEY, "a", text)
        keeper.changed()
        report.write(f"{n} {moment:.6f}\n")  # before any save below, so a saved edit was always reported
        if n % 97 == 0:
            keeper.flush(index=True)  # as a phase change does: the index is written too
        await asyncio.sleep(rng.uniform(0.001, 0.015))


def main() -> None:
    db, session_id, fd, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    report = os.fdopen(fd, "w", buffering=1)
    store = Store(db)
    if store.session_path(session_id).exists():
        store.lock(session_id)
        session = store.load(session_id)
    else:
        session = Session.new("Ada", "Ben", session_id=session_id, title="Crash test")
        store.create(session)
        store.lock(session_id)
    asyncio.run(type_forever(store, session, report, random.Random(seed)))


if __name__ == "__main__":
    main()
