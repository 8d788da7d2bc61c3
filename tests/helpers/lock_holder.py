"""Hold a session open, as another Coalition window would, until killed.

python lock_holder.py DB SESSION_ID
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coalition_tui.storage import Store


def main() -> None:
    store = Store(Path(sys.argv[1]))
    store.lock(sys.argv[2])
    print("locked", flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
