"""The session's editable state as shared Yjs documents: one per writer.

A live session is three documents (rooms): ``host`` holds what the host alone
writes (the phase, the prompt, the clearing's step, the clock, who is
connected), ``a`` and ``b`` what each partner writes (their answers, their
account, their confirmations, their floor requests). Splitting by writer is
what lets the host enforce who may write what without reading Yjs's binary
format: an update that arrives on room ``b`` from partner A's connection is
refused whole (``remote/guard.py``).

Inside a room, one map holds the session as flat paths
(``alignment/answers/care/a``). A partner's words are ``Text`` (two people
typing into one field merge character by character); every other value is
JSON in a string (numbers come back as the ints they were, and a choice or a
stamp is replaced whole, never merged into nonsense). The session dict, not
the documents, stays what is saved: ``unflatten`` gives back exactly the
``Session.to_dict()`` that ``flatten`` was given.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pycrdt import Doc, Map, Text

from coalition_tui.domain.edits import splice
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.remote.paths import escape, unescape

Room = Literal["host", "a", "b"]
ROOMS: tuple[Room, ...] = ("host", "a", "b")
FIELDS = "fields"  # the one map in each room's document
LIVE_PREFIX = "live/"  # paths that travel but are never saved: presence, floor requests

Flat = dict[str, Any]  # path -> a string (words or JSON), as the rooms hold it

# Who writes each path. "S" stands for a side (the segment names the owner), "~S" for the
# other side (a partner answers the role the other asked of them), "*" for any segment,
# "**" for any rest. The first rule that matches decides; nothing matched: the host.
_OWNERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("alignment", "answers", "*", "S"), "S"),
    (("alignment", "statuses", "*", "S"), "S"),
    (("alignment", "revealed", "*", "S"), "S"),
    (("clearing", "openings", "S", "**"), "S"),
    (("clearing", "accounts", "S"), "S"),
    (("clearing", "said_all", "S"), "S"),
    (("declaration", "S", "**"), "S"),
    (("accountability", "S", "role_response"), "~S"),
    (("accountability", "S", "role_change_note"), "~S"),
    (("accountability", "S", "**"), "S"),
    (("seal", "confirmed_at", "S"), "S"),
    (("live", "floor", "S"), "S"),
)

# Which paths hold a person's words (merged as text); the rest are replaced whole.
_WORDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("alignment", "answers", "*", "S"),
    ("clearing", "openings", "S", "*"),
    ("clearing", "accounts", "S"),
    ("clearing", "shared_goals"),
    ("declaration", "S", "words"),
    ("accountability", "S", "commitments", "#", "*"),
    ("accountability", "S", "cadence"),
    ("accountability", "S", "channel"),
    ("accountability", "S", "first_checkin"),
    ("accountability", "S", "role_asked"),
    ("accountability", "S", "role_change_note"),
)


def _match(pattern: tuple[str, ...], parts: list[str]) -> Side | None | Literal[False]:
    """The side a pattern's ``S`` took (None if it has none), or False if it does not match."""
    side: Side | None = None
    for index, want in enumerate(pattern):
        if want == "**":
            return side if index < len(parts) else False
        if index >= len(parts):
            return False
        got = parts[index]
        if want == "S":
            if got not in SIDES:
                return False
            side = got
        elif want == "#":
            if not got.startswith("#"):
                return False
        elif want != "*" and want != got:
            return False
    return side if len(parts) == len(pattern) else False


def _parts(path: str) -> list[str]:
    """The segments of ``path``, keys unescaped; a list's item stays ``#N`` (a key never starts so)."""
    return [part if part.startswith("#") else unescape(part) for part in path.split("/")]


def owner_of(path: str) -> Room:
    """Who may write ``path``: partner ``a``, partner ``b`` or the ``host``."""
    parts = _parts(path)
    for pattern, rule in _OWNERS:
        side = _match(pattern, parts)
        if side is False or side is None:
            continue
        return other(side) if rule == "~S" else side
    return "host"


@functools.lru_cache(maxsize=4096)
def is_words(path: str) -> bool:
    """Does ``path`` hold a person's words (merged as text, not replaced)?"""
    parts = _parts(path)
    return any(_match(pattern, parts) is not False for pattern in _WORDS)


# -- the session dict as flat paths, and back ---------------------------------------------

_EMPTY_DICT = "{}"
_EMPTY_LIST = "[]"


def flatten(data: Mapping[str, Any], *, prefix: str = "") -> dict[str, Any]:
    """Every leaf of ``data`` by its path; lists' items as ``#0``, ``#1``…; empty containers kept."""
    flat: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            if not value:
                flat[path] = {}
            for key, item in value.items():
                walk(item, f"{path}/{escape(str(key))}" if path else escape(str(key)))
        elif isinstance(value, list | tuple):
            if not value:
                flat[path] = []
            for index, item in enumerate(value):
                walk(item, f"{path}/#{index}")
        else:
            flat[path] = value

    walk(data, prefix)
    return flat


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The nested dict ``flatten`` was given (lists rebuilt in index order)."""
    root: dict[str, Any] = {}
    for path in sorted(flat, key=_order):
        parts = path.split("/")  # escaped: only a list's item starts with "#"
        node: Any = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            key: Any = int(part[1:]) if part.startswith("#") else unescape(part)
            child = copy.deepcopy(flat[path]) if last else ([] if parts[depth + 1].startswith("#") else {})
            if isinstance(node, list):
                while len(node) <= key:
                    node.append(None)
                if node[key] is None or last:
                    node[key] = child
                node = node[key]
            else:
                if key not in node or last:
                    if last and key in node and isinstance(node[key], dict | list) and not child:
                        pass  # an empty container marker under a path that also has children
                    else:
                        node[key] = child
                node = node[key]
    return root


def _order(path: str) -> list[tuple[int, Any]]:
    """Paths in an order that builds each list from index 0 up."""
    return [(0, int(p[1:])) if p.startswith("#") else (1, p) for p in path.split("/")]


def encode(path: str, value: Any) -> Any:
    """A leaf as its room holds it: words as they are, anything else as JSON."""
    if isinstance(value, str) and is_words(path):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode(path: str, held: Any) -> Any:
    """A leaf from its room: words as they are, anything else from its JSON."""
    if isinstance(held, Text):
        return str(held)
    if not isinstance(held, str):
        raise ValueError(f"{path}: not a value this version writes")
    return json.loads(held)


# -- reading and writing rooms --------------------------------------------------------------


def fields(doc: Doc) -> Map:
    return doc.get(FIELDS, type=Map)


def read_room(doc: Doc) -> dict[str, Any]:
    """A room's paths and their values (decoded)."""
    return {path: decode(path, held) for path, held in fields(doc).items()}


def read_rooms(docs: Mapping[Room, Doc]) -> dict[str, Any]:
    """The flat session the rooms hold together: each path read from its owner's room only.

    A path found in a room that does not own it is ignored: the guard refuses
    such updates, and this is the second line.
    """
    flat: dict[str, Any] = {}
    for room, doc in docs.items():
        for path, value in read_room(doc).items():
            if owner_of(path) == room:
                flat[path] = value
    return flat


def apply_text(text: Text, new: str) -> None:
    """Change ``text`` to ``new`` by the smallest edit: what others typed meanwhile elsewhere stays."""
    start, end, insert = splice(str(text), new)
    if end > start:
        del text[start:end]
    if insert:
        text.insert(start, insert)


def write_room(doc: Doc, changes: Mapping[str, Any], removed: Iterable[str], *, origin: str) -> int:
    """Write changed paths into one room (one transaction); returns how many paths changed."""
    room = fields(doc)
    count = 0
    with doc.transaction(origin=origin):
        for path in removed:
            if path in room:
                del room[path]
                count += 1
        for path, value in changes.items():
            held = room.get(path)
            encoded = encode(path, value)
            if isinstance(encoded, str) and is_words(path) and isinstance(value, str):
                if isinstance(held, Text):
                    if str(held) != value:
                        apply_text(held, value)
                        count += 1
                else:
                    room[path] = Text(value)
                    count += 1
            elif held != encoded:
                room[path] = encoded
                count += 1
    return count


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """What changed from ``before`` to ``after``: (new or changed paths, removed paths)."""
    changed = {path: value for path, value in after.items() if before.get(path, _MISSING) != value}
    removed = [path for path in before if path not in after]
    return changed, removed


_MISSING = object()


def by_owner(paths: Iterable[str]) -> dict[Room, list[str]]:
    grouped: dict[Room, list[str]] = {room: [] for room in ROOMS}
    for path in paths:
        grouped[owner_of(path)].append(path)
    return grouped
