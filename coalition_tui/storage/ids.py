"""What a session id is: eight characters from 0-9 and a-f, so it can never be read as a path.

Every path to a session's file is built from an id that passed this check;
an id read from a file (or typed on the command line) that fails it names no file.
"""

from __future__ import annotations

import re

SESSION_ID = re.compile(r"[0-9a-f]{8}")
SESSION_ID_PATTERN = r"\A[0-9a-f]{8}\Z"  # the same, for the data format (storage/schema.py)
SESSION_FILE = re.compile(r"(?P<id>[0-9a-f]{8})\.json")


def is_session_id(text: object) -> bool:
    return isinstance(text, str) and SESSION_ID.fullmatch(text) is not None


def session_file_id(name: str) -> str | None:
    """The id a file name in ``sessions/`` belongs to (``3f2a9c01.json``), or None for any other file."""
    match = SESSION_FILE.fullmatch(name)
    return match.group("id") if match else None
