"""The session format's checks, applied to what arrives over the network.

Words from another machine are held to the same rules as a file from disk
(``storage/schema.py``): the host checks each partner's room before taking an
update into it, and a joiner checks the host's state before showing it. Either
way a value the session format would refuse never reaches a screen or a save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coalition_tui import i18n
from coalition_tui.domain.session import Session
from coalition_tui.i18n import N_, _
from coalition_tui.remote.said import Said, say
from coalition_tui.remote.shared_state import LIVE_PREFIX, Room, owner_of, unflatten
from coalition_tui.storage.errors import DamagedFileError
from coalition_tui.storage.schema import check_session_dict

SOURCE = Path("<the live session>")


class RemoteDataError(ValueError):
    """What arrived would not make a session this version can save."""


def check_content(content: dict[str, Any]) -> None:
    """Raise ``RemoteDataError`` unless ``content`` is a session the format accepts."""
    try:
        check_session_dict(SOURCE, content)
        Session.from_dict(content)
    except DamagedFileError as error:
        raise RemoteDataError(error.detail) from None
    except (KeyError, TypeError, ValueError) as error:
        raise RemoteDataError(_("unexpected content: {problem}").format(problem=repr(error))[:200]) from None


def _live_problem(path: str, value: Any) -> str | None:
    if path.endswith(("/floor/a", "/floor/b")):
        ok = (
            isinstance(value, dict)
            and isinstance(value.get("n"), int)
            and value["n"] >= 0
            and value.get("op") in ("take", "pass", "pause")
        )
        return None if ok else say(N_("{path} is not a floor request"), path=repr(path))
    return say(N_("{path} is not a live value a partner writes"), path=repr(path))


def room_problem(shared: dict[str, Any], room: Room, room_flat: dict[str, Any]) -> str | None:
    """Would ``room`` holding ``room_flat`` (with everything else as ``shared``) still be a valid session?"""
    merged = {p: v for p, v in shared.items() if owner_of(p) != room and not p.startswith(LIVE_PREFIX)}
    for path, value in room_flat.items():
        if path.startswith(LIVE_PREFIX):
            problem = _live_problem(path, value)
            if problem:
                return problem
        else:
            merged[path] = value
    content = unflatten(merged)
    try:
        check_content(content)
    except RemoteDataError as error:
        return say(N_("the session format refuses it ({problem})"), problem=_in_english_too(content, error))
    return None


def _in_english_too(content: dict[str, Any], error: RemoteDataError) -> Said:
    """The format's refusal of ``content`` for the live log (English) and the host's screen (``error``)."""
    if i18n.current() == i18n.DEFAULT:
        return Said(str(error))
    with i18n.speaking(i18n.DEFAULT):
        try:
            check_content(content)
        except RemoteDataError as english:
            return Said(str(english), str(error))
    return Said(str(error))
