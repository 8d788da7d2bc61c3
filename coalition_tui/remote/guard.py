"""The host's check on every update a remote participant sends.

A participant may change only the room it owns (partner A: room ``a``), and
in it only the paths ``shared_state.owner_of`` gives that partner, holding
values of the right kind (words as text, anything else as JSON the session
format accepts). Anything else is refused whole before it reaches the room,
and the refusal is logged. The check applies the update to a shadow copy of
the room first: Yjs updates are binary and cannot be read path by path, but a
copy shows exactly what an update would do. The shadow follows every change
the room takes (from anyone, the host included), so it stays a copy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pycrdt import Doc, Text, YMessageType, YSyncMessageType, read_message

from coalition_tui.i18n import N_
from coalition_tui.remote.said import number, say
from coalition_tui.remote.shared_state import Room, fields, is_words, owner_of, read_room
from coalition_tui.storage.schema import MAX_TEXT

log = logging.getLogger("coalition.remote")

EMPTY_UPDATE = b"\x00\x00"  # an update with nothing in it: what a reader's sync reply is
MAX_UPDATE_BYTES = 8 * 1024 * 1024  # one message; a whole session of long accounts is far less


@dataclass(frozen=True)
class Verdict:
    """What the guard decided about one message: pass it on, or drop it (and whether to say so)."""

    allowed: bool
    reason: str = ""  # English (the log's); a loud refusal's is ``Said``, with the screen's words as well
    loud: bool = True  # a refusal worth logging (and showing the host): an edit the sender had no right to make

    @classmethod
    def allow(cls) -> Verdict:
        return cls(True)

    @classmethod
    def refuse(cls, reason: str, *, loud: bool = True) -> Verdict:
        return cls(False, reason, loud)


class RoomGuard:
    """One room's shadow and the check each incoming update passes before the room sees it."""

    def __init__(self, room: Room, doc: Doc, *, check_room: Callable[[dict[str, Any]], str | None] | None = None):
        self.room = room
        self._doc = doc
        self._shadow = self._copy()
        self._check_room = check_room
        self._subscription = doc.observe(lambda event: self._shadow.apply_update(event.update))

    def _copy(self) -> Doc:
        shadow: Doc = Doc()
        shadow.apply_update(self._doc.get_update())
        fields(shadow)  # the map exists in the copy as in the room
        return shadow

    def close(self) -> None:
        self._doc.unobserve(self._subscription)

    def check(self, role: str, message: bytes) -> Verdict:
        """May ``role`` send ``message`` to this room?"""
        if not message or message[0] != YMessageType.SYNC or len(message) < 2:
            return Verdict.allow()  # awareness and the like carry no session data
        kind = message[1]
        if kind == YSyncMessageType.SYNC_STEP1:
            return Verdict.allow()  # asking for what the host has: anyone admitted may read
        try:
            update = read_message(message[2:])
        except Exception:  # noqa: BLE001 - a malformed message is a refused message
            return Verdict.refuse(say(N_("a malformed message")))
        if update == EMPTY_UPDATE:
            return Verdict.allow()
        if len(update) > MAX_UPDATE_BYTES:
            return Verdict.refuse(
                say(
                    N_("an update of {size} bytes (the most is {most})"),
                    size=number(len(update)),
                    most=number(MAX_UPDATE_BYTES),
                )
            )
        if role != self.room:
            if self._adds_nothing(update):
                # Every participant's provider sends back what it was sent (pycrdt sends each
                # change its document takes): an echo, with nothing new in it.
                return Verdict.refuse("an echo", loud=False)
            if kind == YSyncMessageType.SYNC_STEP2:
                # A reader's copy may hold what a restarted host lost: not an attack; the
                # writer, who owns those words, sends them again.
                return Verdict.refuse("a reader's copy holding what the host no longer has", loud=False)
            return Verdict.refuse(
                say(N_("an edit to {room}'s room, which {role} may only read"), room=repr(self.room), role=repr(role))
            )
        reason = self._try(update)
        return Verdict.refuse(reason) if reason else Verdict.allow()

    def _adds_nothing(self, update: bytes) -> bool:
        """Would ``update`` change nothing here? (Tried on the shadow, rebuilt if it did.)"""
        events: list[Any] = []
        subscription = self._shadow.observe(events.append)
        try:
            self._shadow.apply_update(update)
        except Exception:  # noqa: BLE001 - an update Yjs cannot apply adds nothing we take
            events.append(None)
        finally:
            self._shadow.unobserve(subscription)
        if events:
            self._shadow = self._copy()
        return not events

    def _try(self, update: bytes) -> str | None:
        """Apply ``update`` to the shadow and look at every path; a refused update rebuilds the shadow."""
        changed: set[str] = set()

        def note(events: Any) -> None:
            for event in events:
                path = event.path
                if path:
                    changed.add(str(path[0]))
                else:
                    changed.update(str(key) for key in getattr(event, "keys", {}))

        shadow_fields = fields(self._shadow)
        subscription = shadow_fields.observe_deep(note)
        try:
            self._shadow.apply_update(update)
        except Exception:  # noqa: BLE001 - an update Yjs cannot apply is refused
            self._shadow = self._copy()
            return say(N_("an update that cannot be applied"))
        finally:
            shadow_fields.unobserve(subscription)
        reason = self._problem(changed)
        if reason:
            self._shadow = self._copy()
        return reason

    def _problem(self, changed: set[str]) -> str | None:
        room = fields(self._shadow)
        values_changed = False
        for path in sorted(changed):
            if owner_of(path) != self.room:
                return say(
                    N_("a change to {path}, which is not {room}'s to write"), path=repr(path), room=repr(self.room)
                )
            if path not in room:
                values_changed = True  # a field removed: the session must still hold together
                continue
            held = room[path]
            if is_words(path):
                if not isinstance(held, Text):
                    return say(N_("{path} is words, sent as something else"), path=repr(path))
                if len(held) > MAX_TEXT:
                    return say(
                        N_("{path} is longer than the {most} characters a field holds"),
                        path=repr(path),
                        most=number(MAX_TEXT),
                    )
                continue
            values_changed = True
            if not isinstance(held, str):
                return say(N_("{path} sent as a kind of value this version does not write"), path=repr(path))
            try:
                json.loads(held)
            except ValueError:
                return say(N_("{path} is not a value this version reads"), path=repr(path))
        # Words alone (someone typing: nearly every update) cannot make the session invalid
        # once their kind and length are right; anything else is checked as a whole session.
        if values_changed and self._check_room is not None:
            return self._check_room(read_room(self._shadow))
        return None
