"""Writing an export: owner-only, atomically, wherever the user asked."""

from __future__ import annotations

from pathlib import Path

from coalition_tui.storage.atomic import atomic_write_bytes


def write_private(path: Path, text: str) -> None:
    path = Path(path).expanduser()
    atomic_write_bytes(path, text.encode("utf-8"))
