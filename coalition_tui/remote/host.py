"""The host's end: a WebSocket server that admits invited participants to the session's rooms.

The sync itself is pycrdt-websocket's (``WebsocketServer`` and ``YRoom``, the
engine behind Jupyter's real-time collaboration), served with the
``websockets`` library. What is ours: admitting a connection only with a key
(``process_request``: no key, a wrong key, an old key, or an unknown room is
refused with a sentence before any data moves), and putting every incoming
message through the room's guard (``remote/guard.py``) so a participant
writes only their own fields, whatever their program sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from typing import Any

from pycrdt import Doc
from pycrdt.websocket import WebsocketServer, YRoom
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from coalition_tui.i18n import N_
from coalition_tui.remote.channel import SocketChannel
from coalition_tui.remote.guard import MAX_UPDATE_BYTES, RoomGuard
from coalition_tui.remote.invitation import Keys, Role
from coalition_tui.remote.shared_state import ROOMS, Room

log = logging.getLogger("coalition.remote")

KEY_HEADER = "X-Coalition-Key"
EPOCH_HEADER = "X-Coalition-Epoch"
ROLE_HEADER = "X-Coalition-Role"
# Sent in English whatever the host's language (the joiner may speak another): a joiner
# that knows the sentence says it in its own language (``remote/link.py``).
REFUSED_KEY = N_("This invitation is not valid for this session (a wrong key, or one the host has replaced).")
REFUSED_ROOM = N_("There is no such session on this host.")
FULL = N_("Too many connections for one role; close the other window first.")
SENTENCES = (REFUSED_KEY, REFUSED_ROOM, FULL)
MAX_CONNECTIONS_PER_ROLE = 12  # three rooms each, and a reconnect or two overlapping


@dataclass(frozen=True)
class Refused:
    """An edit the host refused: for the log, the host's screen and the tests."""

    role: Role
    room: Room
    reason: str


class GuardedChannel(SocketChannel):
    """A participant's connection to one room: every message passes the room's guard first."""

    def __init__(self, connection: ServerConnection, path: str, role: Role, room: Room, host: RemoteHost):
        super().__init__(connection, path)
        self.role = role
        self.room = room
        self._host = host

    async def recv(self) -> bytes:
        while True:
            message = await self.receive()
            verdict = self._host.guards[self.room].check(self.role, message)
            if verdict.allowed:
                return message
            self._host.refused(self.role, self.room, verdict.reason, loud=verdict.loud)

    async def send(self, message: bytes) -> None:
        with contextlib.suppress(ConnectionClosed):
            await super().send(message)


class RemoteHost:
    """Serves the three rooms of one live session to the participants holding its keys."""

    def __init__(
        self,
        docs: Mapping[Room, Doc],
        keys: Keys,
        *,
        room_id: str,
        epoch: str,
        check_room: Callable[[Room, dict[str, Any]], str | None] | None = None,
        on_presence: Callable[[dict[Role, int]], None] | None = None,
        on_refused: Callable[[Refused], None] | None = None,
    ) -> None:
        self.docs = dict(docs)
        self.keys = keys
        self.room_id = room_id
        self.epoch = epoch
        self.guards: dict[Room, RoomGuard] = {
            room: RoomGuard(room, doc, check_room=partial(check_room, room) if check_room else None)
            for room, doc in self.docs.items()
        }
        self.connections: dict[Role, int] = {"a": 0, "b": 0, "viewer": 0}
        self.refusals: list[Refused] = []
        self._on_presence = on_presence
        self._on_refused = on_refused
        self._sync = WebsocketServer(auto_clean_rooms=False, log=log, exception_handler=self._quiet)
        self._sync_task: asyncio.Task[None] | None = None  # the one task that holds the sync server open
        self._closing = asyncio.Event()
        self._server: Server | None = None
        self.port = 0

    @staticmethod
    def _quiet(error: Exception, logger: logging.Logger) -> bool:
        logger.debug("a participant's connection ended: %r", error)
        return True

    # -- starting and stopping --------------------------------------------------------

    async def start(self, bind: str, port: int, *, tls: ssl.SSLContext | None = None) -> int:
        """Listen on ``bind:port`` (0: any free port); returns the port. May be tried again if binding failed."""
        if self._sync_task is None:
            ready = asyncio.Event()
            self._sync_task = asyncio.create_task(self._hold_sync(ready))
            waiting = asyncio.create_task(ready.wait())
            await asyncio.wait({self._sync_task, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if not ready.is_set():
                waiting.cancel()
                self._sync_task.result()  # raises what stopped it
                raise RuntimeError("the sync server stopped before it started")
        self._server = await serve(
            self._serve,
            bind,
            port,
            process_request=self._admit,
            process_response=self._stamp,
            ssl=tls,
            max_size=MAX_UPDATE_BYTES + 1024,
            ping_interval=5,
            ping_timeout=10,
            server_header=None,
        )
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        return self.port

    async def _hold_sync(self, ready: asyncio.Event) -> None:
        """The sync server, entered and left in this one task (anyio's task groups ask for that)."""
        async with self._sync:
            for room, doc in self.docs.items():
                yroom = YRoom(ready=True, ydoc=doc, log=log, exception_handler=self._quiet)
                self._sync.rooms[self._path(room)] = yroom
                await self._sync.start_room(yroom)
            ready.set()
            await self._closing.wait()

    def close(self) -> None:
        """Stop listening now (the app is leaving: there may be no loop turn left for ``stop``).

        ``websockets``' own close happens in a task; the listening socket is closed
        here and now, so the port is free even if that task never runs.
        """
        if self._server is not None:
            self._server.server.close()  # asyncio's Server: its listening sockets, at once
            self._server.close()
        self._closing.set()

    async def stop(self) -> None:
        self.close()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._server.wait_closed()), 2)
            self._server = None
        if self._sync_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._sync_task, 2)
        for guard in self.guards.values():
            guard.close()

    # -- admitting ------------------------------------------------------------------------

    def _path(self, room: Room) -> str:
        return f"/{self.room_id}/{room}"

    def _which(self, path: str) -> Room | None:
        for room in ROOMS:
            if path == self._path(room):
                return room
        return None

    def _admit(self, connection: ServerConnection, request: Request) -> Response | None:
        role = self.keys.role_of(request.headers.get(KEY_HEADER, ""))
        if role is None:
            log.warning("refused a connection with a wrong key from %s", connection.remote_address[0])
            return self._refuse(connection, HTTPStatus.FORBIDDEN, REFUSED_KEY)
        if self._which(request.path) is None:
            return self._refuse(connection, HTTPStatus.NOT_FOUND, REFUSED_ROOM)
        if self.connections[role] >= MAX_CONNECTIONS_PER_ROLE:
            return self._refuse(connection, HTTPStatus.TOO_MANY_REQUESTS, FULL)
        return None

    @staticmethod
    def _refuse(connection: ServerConnection, status: HTTPStatus, sentence: str) -> Response:
        response = connection.respond(status, sentence + "\n")
        response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return response

    def _stamp(self, connection: ServerConnection, request: Request, response: Response) -> Response:
        if response.status_code == HTTPStatus.SWITCHING_PROTOCOLS:
            role = self.keys.role_of(request.headers.get(KEY_HEADER, ""))
            headers = Headers(response.headers)
            headers[EPOCH_HEADER] = self.epoch
            headers[ROLE_HEADER] = role or ""
            return Response(response.status_code, response.reason_phrase, headers, response.body)
        return response

    async def _serve(self, connection: ServerConnection) -> None:
        request = connection.request
        assert request is not None
        role = self.keys.role_of(request.headers.get(KEY_HEADER, ""))
        room = self._which(request.path)
        if role is None or room is None:  # replaced keys while connecting
            await connection.close(code=4403, reason="refused")
            return
        self._count(role, +1)
        try:
            await self._sync.serve(GuardedChannel(connection, request.path, role, room, self))
        finally:
            self._count(role, -1)

    def _count(self, role: Role, step: int) -> None:
        self.connections[role] = max(0, self.connections[role] + step)
        if self._on_presence is not None:
            self._on_presence(dict(self.connections))

    def refused(self, role: Role, room: Room, reason: str, *, loud: bool) -> None:
        if not loud:
            log.debug("dropped a sync reply from %s for room %s: %s", role, room, reason)
            return
        refusal = Refused(role, room, reason)
        self.refusals.append(refusal)
        log.warning("refused an update from %s to room %s: %s", role, room, reason)
        if self._on_refused is not None:
            self._on_refused(refusal)

    def replace_keys(self, keys: Keys) -> None:
        """New invitations: connections made with the old keys are closed and cannot come back."""
        self.keys = keys
        for yroom in self._sync.rooms.values():
            for client in list(yroom.clients):
                if isinstance(client, GuardedChannel):
                    asyncio.ensure_future(client._connection.close(code=4403, reason="invitation replaced"))
