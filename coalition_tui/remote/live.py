"""A live session as the app sees it: hosting one, or joining one.

Both ends hold a ``SessionBridge`` over three documents; what differs is where
the documents come from and what is saved. The host serves them
(``remote/host.py``), saves the session as always (the Store, through the
autosave keeper) and a snapshot of the documents beside it; a joiner reaches
them through ``remote/link.py`` and keeps only its copy of the documents
(the host's record is the one that counts). Nothing here draws: the app is told
what changed through callbacks and decides what to redraw.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pycrdt import Doc

from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import stamp, utc_now
from coalition_tui.i18n import _
from coalition_tui.remote.bridge import SessionBridge, refresh_in_place
from coalition_tui.remote.host import Refused, RemoteHost
from coalition_tui.remote.invitation import ROLES, Invitation, Keys, Role
from coalition_tui.remote.link import LinkStatus, RemoteLink
from coalition_tui.remote.memory import (
    HostRecord,
    JoinedCopy,
    load_host_docs,
    load_joined_docs,
    new_docs,
    save_host_docs,
    save_host_record,
    save_joined_docs,
)
from coalition_tui.remote.shared_state import LIVE_PREFIX, ROOMS, Room, flatten, owner_of, read_rooms, unflatten

log = logging.getLogger("coalition.remote")

SAVE_DELAY = 0.4  # the documents are written at the autosave's pace
TYPING_SECONDS = 2.0  # a partner counts as typing this long after their last change arrived
FLOOR_OPS = ("take", "pass", "pause")

Place = Literal["host", "a", "b", "viewer"]


@dataclass(frozen=True)
class FloorRequest:
    side: Side
    op: str
    moment: float  # the host's monotonic clock when the request arrived


@dataclass
class Presence:
    """What one partner's pane says about them: here or gone, and typing."""

    connected: bool = False
    since: str = ""  # stamp of the last change of ``connected``
    typing_until: float = 0.0


@dataclass
class LiveEvents:
    """What the app is told (all called on the event loop)."""

    changed: Callable[[set[str]], None] = lambda paths: None
    presence: Callable[[], None] = lambda: None
    floor: Callable[[FloorRequest], None] = lambda request: None
    refused: Callable[[Refused], None] = lambda refusal: None
    status: Callable[[LinkStatus], None] = lambda status: None
    saved_fault: Callable[[Exception], None] = lambda error: None


class LiveSession:
    """The part of the app that keeps a session live between machines."""

    def __init__(
        self,
        place: Place,
        session: Session,
        bridge: SessionBridge,
        *,
        events: LiveEvents,
        root: Path,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.place = place
        self.session = session
        self.bridge = bridge
        self.events = events
        self.root = root
        self.monotonic = monotonic
        self.presence: dict[Side, Presence] = {side: Presence() for side in SIDES}
        self.viewers = 0
        self.host: RemoteHost | None = None
        self.record: HostRecord | None = None
        self.link: RemoteLink | None = None
        self.invitation: Invitation | None = None
        self.bind = "127.0.0.1"
        self.tls = False
        self.epoch: str | None = None  # a joiner's: the host's documents' lineage its copy belongs to
        self._save_handle: asyncio.TimerHandle | None = None
        self._sync_soon = False
        self._floor_seen: dict[Side, int] = {side: 0 for side in SIDES}
        self._floor_sent = 0
        self._task: asyncio.Task[None] | None = None
        bridge.on_remote = self._remote_arrived

    # -- who may do what -------------------------------------------------------------------

    @property
    def hosting(self) -> bool:
        return self.place == "host"

    def may_write(self, side: Side | None) -> bool:
        """May this machine write ``side``'s fields (None: the shared ones the host drives)?"""
        if self.place == "host":
            return True
        return side is not None and side == self.place

    @property
    def partner_floor(self) -> bool:
        """May partners take, pass and pause the floor from their own machines?"""
        return bool(self.bridge.live_value("partner_floor", True))

    # -- syncing -------------------------------------------------------------------------------

    def local_change(self) -> None:
        """The app changed the session: send it now (a keystroke is one small update).

        Whatever arrived from elsewhere since the last sync is taken in the same
        pass, and reported like any remote change.
        """
        moment = self.bridge.remote_at
        paths = self.bridge.sync()
        self._after_sync(paths, moment=moment)
        self._save_soon()  # this machine's own words are in the documents now: kept within the delay
        if paths:
            self.events.changed(paths)

    def _remote_arrived(self) -> None:
        if not self._sync_soon:
            self._sync_soon = True
            asyncio.get_running_loop().call_soon(self._remote_sync)

    def _remote_sync(self) -> None:
        self._sync_soon = False
        moment = self.bridge.remote_at
        paths = self.bridge.sync()
        self._after_sync(paths, moment=moment)
        if paths:
            self.events.changed(paths)

    def _after_sync(self, paths: set[str], *, moment: float | None) -> None:
        now = self.monotonic()
        typed = False
        for path in paths:
            owner = owner_of(path)
            if owner in SIDES and not path.startswith("live/") and not self.may_write(owner):
                self.presence[owner].typing_until = now + TYPING_SECONDS
                typed = True
        if self.hosting:
            self._take_floor_requests(moment if moment is not None else now)
        else:
            self._read_presence()
        if typed or any(path.startswith("live/presence") for path in paths):
            self.events.presence()
        if paths:
            self._save_soon()

    # -- presence ----------------------------------------------------------------------------------

    def _connections(self, counts: dict[Role, int]) -> None:
        """The host's count of connections per role changed: say who is here."""
        for side in SIDES:
            connected = counts.get(side, 0) > 0
            if connected != self.presence[side].connected:
                self.presence[side] = Presence(connected, stamp(utc_now()))
                self.bridge.set_live(f"presence/{side}", {"connected": connected, "since": self.presence[side].since})
        self.viewers = counts.get("viewer", 0)
        self.bridge.set_live("presence/viewers", self.viewers)
        self.local_change()
        self.events.presence()

    def _read_presence(self) -> None:
        for side in SIDES:
            value = self.bridge.live_value(f"presence/{side}") or {}
            if isinstance(value, dict):
                self.presence[side].connected = bool(value.get("connected"))
                self.presence[side].since = str(value.get("since") or "")
        viewers = self.bridge.live_value("presence/viewers", 0)
        self.viewers = viewers if isinstance(viewers, int) else 0

    def typing(self, side: Side) -> bool:
        return self.presence[side].typing_until > self.monotonic()

    # -- the floor -------------------------------------------------------------------------------

    def request_floor(self, op: str) -> bool:
        """A partner's floor key: sent to the host, which stamps it when it arrives."""
        if self.place not in SIDES or op not in FLOOR_OPS:
            return False
        self._floor_sent = max(self._floor_sent, self._floor_seen_by_me()) + 1
        self.bridge.set_live(f"floor/{self.place}", {"n": self._floor_sent, "op": op})
        self.local_change()
        return True

    def _floor_seen_by_me(self) -> int:
        value = self.bridge.live_value(f"floor/{self.place}") or {}
        return int(value.get("n", 0)) if isinstance(value, dict) and isinstance(value.get("n"), int) else 0

    def _take_floor_requests(self, moment: float) -> None:
        for side in SIDES:
            value = self.bridge.live_value(f"floor/{side}")
            if not isinstance(value, dict):
                continue
            number, op = value.get("n"), value.get("op")
            if not isinstance(number, int) or number <= self._floor_seen[side] or op not in FLOOR_OPS:
                continue
            self._floor_seen[side] = number
            if self.partner_floor:
                self.events.floor(FloorRequest(side, str(op), moment))

    def set_partner_floor(self, allowed: bool) -> None:
        self.bridge.set_live("partner_floor", allowed)
        self.local_change()

    # -- saving ---------------------------------------------------------------------------------------

    def _save_soon(self) -> None:
        """A joiner's copy, within the delay. The host's documents are written by the autosave
        itself, just before each save of the session file (``live_control.start_hosting``)."""
        if self.hosting:
            return
        if self._save_handle is None:
            self._save_handle = asyncio.get_running_loop().call_later(SAVE_DELAY, self.save)

    def save(self) -> None:
        """Write the documents (the host's snapshot, or a joiner's copy)."""
        if self._save_handle is not None:
            self._save_handle.cancel()
            self._save_handle = None
        try:
            if self.hosting and self.record is not None:
                save_host_docs(self.root, self.record, self.bridge.docs)
            elif self.invitation is not None and self.epoch:
                invitation = self.invitation
                save_joined_docs(
                    self.root, invitation.room, invitation.key, JoinedCopy(self.epoch, self.bridge.docs, self.place)
                )
        except Exception as error:  # noqa: BLE001 - shown by the app; the session itself is saved apart
            self.events.saved_fault(error)

    # -- starting and stopping ---------------------------------------------------------------------------

    async def start_host(self, bind: str, port: int | None, *, tls: ssl.SSLContext | None = None) -> int:
        assert self.record is not None and self.host is not None
        chosen = self.record.port if port is None else port
        self.bind = bind
        self.tls = tls is not None
        actual = await self.host.start(bind, chosen, tls=tls)
        if actual != self.record.port:
            self.record.port = actual
        save_host_record(self.root, self.record)
        self.bridge.set_live("epoch", self.record.epoch)
        self._connections(dict.fromkeys(ROLES, 0))
        return actual

    def invitations(self, address: str | None = None) -> dict[Role, Invitation]:
        """One invitation per role, for ``address`` (the bind address unless it is a wildcard)."""
        assert self.record is not None
        host = address or (self.bind if self.bind not in ("0.0.0.0", "::", "") else "127.0.0.1")  # noqa: S104
        return {
            role: Invitation(host, self.record.port, self.record.room, key, tls=self.tls)
            for role, key in self.record.keys.by_role.items()
        }

    def replace_invitations(self) -> None:
        assert self.record is not None and self.host is not None
        self.record.keys = Keys()
        save_host_record(self.root, self.record)
        self.host.replace_keys(self.record.keys)

    def start_link(self, tls: ssl.SSLContext | None = None) -> None:
        assert self.link is not None
        self._task = asyncio.ensure_future(self.link.run())

    def close(self) -> None:
        """Leave now: nothing more is sent or received, the port is free (the rest ends with ``stop``)."""
        self.save()
        if self.link is not None:
            self.link.stop()
        if self._task is not None:
            self._task.cancel()
        if self.host is not None:
            self.host.close()
        self.bridge.detach()

    async def stop(self) -> None:
        self.save()
        if self.link is not None:
            self.link.stop()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - leaving: nothing left to report to
                pass
        if self.host is not None:
            await self.host.stop()
        self.bridge.detach()


# -- making one ---------------------------------------------------------------------------------------


def hosted(
    session: Session,
    record: HostRecord,
    *,
    root: Path,
    events: LiveEvents,
    check: Callable[[dict[str, Any]], None] | None = None,
    check_room: Callable[[Room, dict[str, Any]], str | None] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> LiveSession:
    """The host's live session: the saved documents resumed if they are this lineage's, else new ones.

    Resumed, the documents are at least as new as the session file for the
    partners' words (they are written just before it, in the same save): those
    are taken from the documents, never pushed from the file, which would
    delete words a partner typed just before a kill, or type them a second
    time when the partner comes back. What the host writes is the file's.
    """
    saved = load_host_docs(root, record)
    docs = saved or new_docs()
    bridge = SessionBridge(session, docs, writes=ROOMS, check=check, monotonic=monotonic)
    live = LiveSession("host", session, bridge, events=events, root=root, monotonic=monotonic)
    live.record = record
    if saved is not None:
        bridge.adopt(("a", "b"))
    bridge.sync()  # the rest of the session file is the truth: the documents are brought to it
    live.host = RemoteHost(
        docs,
        record.keys,
        room_id=record.room,
        epoch=record.epoch,
        check_room=check_room,
        on_presence=live._connections,
        on_refused=lambda refusal: live.events.refused(refusal),
    )
    return live


async def joined(
    invitation: Invitation,
    *,
    root: Path,
    events: LiveEvents,
    check: Callable[[dict[str, Any]], None] | None = None,
    tls: ssl.SSLContext | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    timeout: float = 10.0,
) -> LiveSession:
    """A joiner's live session, once the first sync with the host is done.

    With no host to reach, a joiner that kept a copy opens from it (as the role
    the host gave it before) and keeps trying: what it types merges when the
    host answers. Without a copy, it says it cannot reach the host.
    """
    kept = load_joined_docs(root, invitation.room, invitation.key)
    docs = dict(kept.docs) if kept else new_docs()
    state: dict[str, Any] = {"epoch": kept.epoch if kept else None, "role": kept.role if kept else ""}

    def connected(epoch: str, role: str) -> dict[Room, Doc] | None:
        state["role"] = role or state["role"]
        if state["epoch"] in (None, epoch):
            state["epoch"] = epoch
            return None
        # The host started its documents afresh (its saved ones were lost): this copy cannot
        # merge into them. This machine's own words are written into the new ones again.
        state["epoch"] = epoch
        fresh = new_docs()
        opened: LiveSession | None = state.get("live")
        if opened is not None:
            opened.epoch = epoch
            opened.bridge.attach(fresh)  # nothing known of the new documents: the next sync sends our words
            asyncio.get_running_loop().call_soon(opened.local_change)
        else:
            state["carried"] = read_rooms(docs)
        return fresh

    link = RemoteLink(
        invitation,
        docs,
        on_status=lambda status: (state["live"].events if "live" in state else events).status(status),
        on_connected=connected,
        tls=tls,
    )
    task = asyncio.ensure_future(link.run())
    synced = asyncio.ensure_future(link.synced.wait())
    done, _pending = await asyncio.wait({task, synced}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if synced not in done:
        synced.cancel()
        if task in done or link.status.state == "refused":
            link.stop()
            raise JoinRefused(link.status.message or _("The host refused this invitation."))
        if kept is None or not kept.role:
            link.stop()
            task.cancel()
            raise JoinFailed(
                _(
                    "Could not reach the host at {address} ({problem}). Is the session hosted, and the address right?"
                ).format(address=f"{invitation.host}:{invitation.port}", problem=link.status.message or _("no answer"))
            )
    role = state["role"]
    place: Place = role if role in ("a", "b", "viewer") else "viewer"
    docs = link.docs
    content = unflatten({p: v for p, v in read_rooms(docs).items() if not p.startswith("live/")})
    if check is not None:
        check(content)
    session = Session.from_dict(content)
    writes: tuple[Room, ...] = (place,) if place in SIDES else ()
    bridge = SessionBridge(session, docs, check=check, writes=writes, monotonic=monotonic)
    live = LiveSession(place, session, bridge, events=events, root=root, monotonic=monotonic)
    live.invitation = invitation
    live.link = link
    live.epoch = state["epoch"]
    live._task = task
    state["live"] = live
    carried = state.pop("carried", None)
    if carried:
        _retype(live, carried)
    live._read_presence()
    live._floor_sent = live._floor_seen_by_me()
    live.save()  # the copy knows its role and lineage from the start: a restart without the host can open it
    return live


def _retype(live: LiveSession, carried: dict[str, Any]) -> None:
    """Words this machine wrote into an older lineage, written again into the new documents."""
    mine = {
        path: value
        for path, value in carried.items()
        if not path.startswith(LIVE_PREFIX) and owner_of(path) in SIDES and live.may_write(owner_of(path))  # type: ignore[arg-type]
    }
    if not mine:
        return
    flat = flatten(live.session.to_dict())
    flat.update(mine)
    refresh_in_place(live.session, Session.from_dict(unflatten(flat)))
    live.local_change()


class JoinRefused(Exception):
    """The host does not accept this invitation."""


class JoinFailed(Exception):
    """The host could not be reached."""
