"""Between the open session and the shared documents: local edits out, remote edits in.

The session (``domain/session.py``) stays what screens change and what is
saved; the documents are how it travels. ``sync`` runs after every local
change (the app's ``changed()``) and whenever a room took an update from the
network. It sends what this machine changed and may write, as the smallest
edit (a partner's words are spliced into the shared text, so what the other
side typed meanwhile stays), then takes the documents as the truth for the
rest and brings the session to match, in place: screens hold on to the same
objects, and are told which paths moved so they can redraw just those.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from pycrdt import Doc, Map, Text

from coalition_tui.domain.edits import splice
from coalition_tui.domain.session import Session
from coalition_tui.remote.paths import split_path
from coalition_tui.remote.shared_state import (
    LIVE_PREFIX,
    Room,
    decode,
    fields,
    flatten,
    is_words,
    owner_of,
    read_rooms,
    unflatten,
    write_room,
)
from coalition_tui.storage.schema import MAX_TEXT

LIVE = "live"  # the paths that travel but are not saved: presence, floor requests, settings of the call
DERIVED = ("status",)  # written by to_dict, worked out again by from_dict


def refresh_in_place(target: Any, fresh: Any) -> None:
    """Make ``target`` equal ``fresh`` keeping every dataclass object (and dict of them) it holds."""
    for field in dataclasses.fields(target):
        old, new = getattr(target, field.name), getattr(fresh, field.name)
        if old == new:
            continue
        if dataclasses.is_dataclass(old) and type(old) is type(new) and not _frozen(old):
            refresh_in_place(old, new)
        elif isinstance(old, dict) and isinstance(new, dict) and _dataclass_values(old, new):
            for key in list(old):
                if key not in new:
                    del old[key]
            for key, value in new.items():
                if key in old and type(old[key]) is type(value):
                    refresh_in_place(old[key], value)
                else:
                    old[key] = value
        elif isinstance(old, dict) and isinstance(new, dict):
            old.clear()
            old.update(new)
        else:
            setattr(target, field.name, new)


def _frozen(value: Any) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params and params.frozen)


def _dataclass_values(old: dict[Any, Any], new: dict[Any, Any]) -> bool:
    values = list(old.values()) + list(new.values())
    return bool(values) and all(dataclasses.is_dataclass(v) and not _frozen(v) for v in values)


class SessionBridge:
    """Keeps one open session and the three shared documents saying the same thing."""

    def __init__(
        self,
        session: Session,
        docs: Mapping[Room, Doc],
        *,
        writes: Iterable[Room],
        check: Callable[[dict[str, Any]], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.writes = frozenset(writes)
        self.live: dict[str, Any] = {}  # flat "live/…" paths, as the documents hold them
        self._check = check
        self._monotonic = monotonic
        self._known: dict[str, Any] = {}  # the documents' paths as of the last sync (kept up to date by _dirty)
        self._dirty: set[tuple[Room, str]] = set()  # paths a room changed since then, from its own events
        self._writing = False
        self.remote_at: float | None = None  # when the first unsynced remote update arrived
        self.on_remote: Callable[[], None] | None = None  # the app schedules a sync
        self.rejected: str | None = None  # why the last remote state was not taken, if it was not
        self._docs: dict[Room, Doc] = {}
        self._subscriptions: list[tuple[Doc | Map, Any]] = []
        self.attach(docs)

    # -- the documents ----------------------------------------------------------------------

    def attach(self, docs: Mapping[Room, Doc]) -> None:
        """Use these documents from now on (a joiner given fresh ones by a new host lineage)."""
        self.detach()
        self._docs = dict(docs)
        for room, doc in self._docs.items():
            room_fields = fields(doc)
            self._subscriptions.append((doc, doc.observe(self._updated)))
            self._subscriptions.append((room_fields, room_fields.observe_deep(partial(self._touched, room))))
        self._known = read_rooms(self._docs)
        self._dirty = set()

    def detach(self) -> None:
        for observed, subscription in self._subscriptions:
            observed.unobserve(subscription)
        self._subscriptions = []

    def _touched(self, room: Room, events: Any) -> None:
        """Which paths a room's change touched: only those are read again at the next sync."""
        for event in events:
            if event.path:
                self._dirty.add((room, str(event.path[0])))
            else:
                self._dirty.update((room, str(key)) for key in event.keys)

    def _read_dirty(self) -> None:
        """Bring ``_known`` to what the documents hold now, reading only the paths that changed."""
        dirty, self._dirty = self._dirty, set()
        for room, path in dirty:
            if owner_of(path) != room:
                continue  # a path in a room that does not own it is never read (see read_rooms)
            held = fields(self._docs[room]).get(path)
            if held is None:
                self._known.pop(path, None)
            else:
                self._known[path] = decode(path, held)

    @property
    def docs(self) -> dict[Room, Doc]:
        return self._docs

    def _updated(self, event: Any) -> None:
        if self._writing:
            return
        if self.remote_at is None:
            self.remote_at = self._monotonic()
            if self.on_remote is not None:
                self.on_remote()

    # -- syncing ------------------------------------------------------------------------------

    def _local(self) -> dict[str, Any]:
        """The session as flat paths; a field with no words yet is left out.

        An empty field and a missing one read the same, and only the first words
        make one: otherwise every machine that shows a pane would create its
        empty text, and two texts made at once for one field are one too many
        (Yjs keeps one, and the words typed into the other are lost).
        """
        content = self.session.to_dict()
        for key in DERIVED:
            content.pop(key, None)
        flat = {path: value for path, value in flatten(content).items() if value != "" or not is_words(path)}
        flat.update(self.live)
        return flat

    def set_live(self, path: str, value: Any) -> None:
        """A live value this machine writes (``live/presence/a``…); sent at the next sync."""
        self.live[f"{LIVE}/{path}"] = value

    def sync(self) -> set[str]:
        """Send this machine's edits, take everyone else's; returns the paths that changed here."""
        local = self._local()
        self._send(local)  # against the state last agreed: only what this machine changed since
        self._read_dirty()  # then what the rooms hold now: its own edits and everyone else's
        shared = self._known
        self.remote_at = None
        changed = {
            path for path in shared.keys() | local.keys() if shared.get(path, _MISSING) != local.get(path, _MISSING)
        }
        if any(path.startswith(LIVE_PREFIX) for path in changed):
            self.live = {path: value for path, value in shared.items() if path.startswith(LIVE_PREFIX)}
        session_paths = {path for path in changed if not path.startswith(LIVE_PREFIX)}
        if session_paths and not self._take_words(session_paths, shared):
            self._take(shared)
        return changed

    def _send(self, local: dict[str, Any]) -> None:
        rooms: dict[Room, tuple[dict[str, Any], list[str]]] = {}
        for path, value in local.items():
            if self._known.get(path, _MISSING) == value:
                continue
            room = owner_of(path)
            if room in self.writes:
                rooms.setdefault(room, ({}, []))[0][path] = value
        for path in self._known:
            if path not in local and owner_of(path) in self.writes:
                rooms.setdefault(owner_of(path), ({}, []))[1].append(path)
        self._writing = True
        try:
            for room, (changes, removed) in rooms.items():
                doc = self._docs[room]
                words = {p: v for p, v in changes.items() if is_words(p) and isinstance(v, str)}
                others = {p: v for p, v in changes.items() if p not in words}
                self._splice_words(doc, words)
                write_room(doc, others, removed, origin="local")
        finally:
            self._writing = False

    def _splice_words(self, doc: Doc, words: dict[str, str]) -> None:
        """Each changed text as the edit the typist made, at the place they made it."""
        if not words:
            return
        room = fields(doc)
        with doc.transaction(origin="local"):
            for path, value in words.items():
                held = room.get(path)
                if not isinstance(held, Text):
                    room[path] = Text(value)
                    continue
                before = self._known.get(path)
                current = str(held)
                if not isinstance(before, str):
                    before = current
                start, end, insert = splice(before, value)
                start = min(start, len(current))
                end = min(max(end, start), len(current))
                if end > start:
                    del held[start:end]
                if insert:
                    held.insert(start, insert)

    def adopt(self, rooms: Iterable[Room]) -> None:
        """Take what ``rooms`` hold into the session as it is (a restarted host, for the partners' words)."""
        taken = frozenset(rooms)
        flat = {path: value for path, value in self._local().items() if owner_of(path) not in taken}
        flat.update((path, value) for path, value in self._known.items() if owner_of(path) in taken)
        self._take({path: value for path, value in flat.items() if not path.startswith(LIVE_PREFIX)})

    def _take_words(self, paths: set[str], shared: dict[str, Any]) -> bool:
        """The quick way, for the usual change (someone typing): words set where they belong.

        Only for fields the session keeps exactly where the path says; anything
        else (a choice, a new commitment, a phase) goes through ``_take``.
        """
        setters = []
        for path in paths:
            value = shared.get(path, _MISSING)
            setter = words_setter(self.session, path)
            if setter is None or not isinstance(value, str) or len(value) > MAX_TEXT:
                return False
            setters.append((setter, value))
        for setter, value in setters:
            setter(value)
        self.rejected = None
        return True

    def _take(self, shared: dict[str, Any]) -> None:
        """Bring the session to what the documents say (checked first: a bad remote state is not taken)."""
        content = unflatten({p: v for p, v in shared.items() if not p.startswith(f"{LIVE}/")})
        try:
            if self._check is not None:
                self._check(content)
            fresh = Session.from_dict(content)
        except Exception as error:  # noqa: BLE001 - a remote state this version cannot use is not taken
            self.rejected = str(error) or type(error).__name__
            return
        self.rejected = None
        refresh_in_place(self.session, fresh)

    def live_value(self, path: str, default: Any = None) -> Any:
        return self.live.get(f"{LIVE}/{path}", default)


_MISSING = object()


def words_setter(session: Session, path: str) -> Callable[[str], None] | None:
    """How to put new words at ``path`` straight into ``session`` (None: not a field kept that simply)."""
    parts = split_path(path)
    match parts:
        case ["alignment", "answers", key, "a" | "b" as side]:
            answers = session.alignment.answers
            return lambda text: answers.setdefault(key, {"a": "", "b": ""}).__setitem__(side, text)
        case ["clearing", "accounts", "a" | "b" as side]:
            accounts = session.clearing.accounts
            return lambda text: accounts.__setitem__(side, text)
        case ["clearing", "openings", "a" | "b" as side, "commitment" | "intention" as name]:
            opening = session.clearing.openings[side]
            return lambda text: setattr(opening, name, text)
        case ["clearing", "shared_goals"]:
            clearing = session.clearing
            return lambda text: setattr(clearing, "shared_goals", text)
        case ["declaration", "a" | "b" as side, "words"]:
            declaration = session.declaration.sides[side]
            return lambda text: setattr(declaration, "words", text)
    return None
