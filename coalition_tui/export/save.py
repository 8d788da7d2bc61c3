"""Exports from inside the app: a file named after the session, never over another one.

The app writes into the folder it was started from when that folder can be
written to, and otherwise into the home folder, and says which path it used.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from coalition_tui.domain.session import Session
from coalition_tui.export.files import write_private
from coalition_tui.export.render import render_export

EXTENSIONS = {"md": "md", "json": "json", "ics": "ics"}
FORMAT_NAMES = {"md": "Markdown", "json": "JSON", "ics": "iCalendar"}


def default_export_dir() -> Path:
    """The current folder if it can be written to (and is not the root), else the home folder."""
    try:
        here = Path.cwd()
    except OSError:
        here = None
    if here is not None and here != Path(here.anchor) and os.access(here, os.W_OK | os.X_OK):
        return here
    return Path.home()


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:40].strip("-")


def export_filename(session: Session, fmt: str) -> str:
    name = slug(f"{session.partner_a} {session.partner_b}") or "session"
    return f"coalition-{name}-{session.id}.{EXTENSIONS[fmt]}"


def free_path(folder: Path, filename: str) -> Path:
    """``folder/filename``, or ``name-2.ext``, ``name-3.ext``... if it exists already."""
    path = folder / filename
    stem, suffix = path.stem, path.suffix
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def save_export(session: Session, fmt: str, folder: Path | None = None) -> Path:
    """Render and write one export (0600); returns the path written."""
    text = render_export(session, fmt)
    path = free_path(Path(folder) if folder else default_export_dir(), export_filename(session, fmt))
    write_private(path, text)
    return path
