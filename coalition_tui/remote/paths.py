"""How a field of the session is named when it travels: ``alignment/answers/care/a``.

Apart from the shared documents (``shared_state.py``) so screens can name the
fields they show without loading the sync engine.
"""

from __future__ import annotations


def escape(segment: str) -> str:
    """A key as one segment: ``/`` and ``%`` escaped, and a leading ``#`` (which marks a list's item)."""
    escaped = segment.replace("%", "%25").replace("/", "%2F")
    return "%23" + escaped[1:] if escaped.startswith("#") else escaped


def unescape(segment: str) -> str:
    if segment.startswith("%23"):
        segment = "#" + segment[3:]
    return segment.replace("%2F", "/").replace("%25", "%")


def join_path(*segments: str) -> str:
    """The path of a field from its keys: ``join_path("alignment", "answers", "care", "a")``."""
    return "/".join(escape(segment) for segment in segments)


def split_path(path: str) -> list[str]:
    return [unescape(part) for part in path.split("/")]
