"""Create and re-save sessions as fast as possible, to race another writer on one index.

python index_writer.py DB TAG COUNT GO_FILE
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coalition_tui.domain.session import Session
from coalition_tui.storage import Store


def main() -> None:
    db, tag, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    store = Store(db)
    while not go.exists():  # start together
        time.sleep(0.001)
    for i in range(count):
        session = Session.new(f"{tag}-A{i}", f"{tag}-B{i}", session_id=f"{tag}{i:04d}")  # eight hex characters
        store.create(session)
        for step in range(3):
            session.title = f"{tag} {i} step {step}"
            store.save(session, index=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
