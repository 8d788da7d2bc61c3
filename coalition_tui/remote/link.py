"""A joiner's connection to the host: the three rooms, kept in sync, and found again when lost.

Each room is a ``pycrdt.Provider`` over its own WebSocket. When any of them
drops, all three are closed and tried again after a back-off that doubles from
a quarter of a second to four (with a little jitter, so two partners who lost
the same network do not knock at the same instant): a short cut is over
within a second or two of the network's return. The documents stay, so words
typed meanwhile are sent when the rooms are back. A refusal by the host (a
wrong or replaced key) is not retried: it will not get better by waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from pycrdt import Doc, Provider
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from coalition_tui.i18n import _
from coalition_tui.remote.channel import SocketChannel
from coalition_tui.remote.host import EPOCH_HEADER, KEY_HEADER, ROLE_HEADER, SENTENCES
from coalition_tui.remote.invitation import Invitation
from coalition_tui.remote.shared_state import ROOMS, Room

log = logging.getLogger("coalition.remote")

FIRST_WAIT = 0.25
LONGEST_WAIT = 4.0
STEADY_AFTER = 5.0  # a connection that lasted this long starts the back-off afresh
CONNECT_TIMEOUT = 5.0

State = Literal["connecting", "connected", "waiting", "refused", "closed"]


@dataclass(frozen=True)
class LinkStatus:
    """What the joiner's screen says about the connection."""

    state: State
    attempt: int = 0
    retry_in: float = 0.0  # seconds until the next try (state "waiting")
    message: str = ""
    since: float = 0.0  # monotonic moment this state began


def back_off(attempt: int, *, jitter: float = 0.0) -> float:
    """Seconds to wait before try ``attempt`` (1 is the first retry)."""
    base = min(LONGEST_WAIT, FIRST_WAIT * 2 ** max(0, attempt - 1))
    return base * (1 + jitter)


class Refused(Exception):
    """The host will not admit this invitation."""


def refusal_words(body: str) -> str:
    """The host's refusal as this machine says it: a Coalition host's sentence in this machine's language."""
    if body in SENTENCES:
        return _(body)
    return body or _("The host refused this invitation.")


class RemoteLink:
    """Keeps a joiner's documents in sync with the host's for as long as it runs."""

    def __init__(
        self,
        invitation: Invitation,
        docs: Mapping[Room, Doc],
        *,
        on_status: Callable[[LinkStatus], None] | None = None,
        on_connected: Callable[[str, str], Mapping[Room, Doc] | None] | None = None,
        tls: ssl.SSLContext | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.invitation = invitation
        self.docs = dict(docs)
        self._on_status = on_status
        # Told (epoch, role) by the host before the rooms sync; may answer with fresh documents
        # (the host's lineage changed: the old copy cannot merge into the new one).
        self._on_connected = on_connected
        self._tls = tls
        self._monotonic = monotonic
        self.status = LinkStatus("connecting", since=monotonic())
        self.epoch: str | None = None
        self.role: str | None = None
        self.synced = asyncio.Event()
        self._stopping = False

    def _set(self, status: LinkStatus) -> None:
        self.status = status
        if self._on_status is not None:
            self._on_status(status)

    async def run(self) -> None:
        """Connect, and connect again after every loss, until stopped or refused."""
        attempt = 0
        while not self._stopping:
            self._set(LinkStatus("connecting", attempt, since=self._monotonic()))
            began = self._monotonic()
            try:
                await self._session()
            except Refused as refusal:
                self._set(LinkStatus("refused", attempt, message=str(refusal), since=self._monotonic()))
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - any network fault means: wait, then try again
                log.info("connection lost: %r", error)
            if self._stopping:
                break
            self.synced.clear()
            attempt = 1 if self._monotonic() - began >= STEADY_AFTER else attempt + 1
            wait = back_off(attempt, jitter=random.uniform(0, 0.2))  # noqa: S311 - not a secret
            self._set(LinkStatus("waiting", attempt, retry_in=wait, since=self._monotonic()))
            await asyncio.sleep(wait)
        self._set(LinkStatus("closed", since=self._monotonic()))

    def stop(self) -> None:
        self._stopping = True

    async def _open(self, room: Room) -> ClientConnection:
        try:
            return await asyncio.wait_for(
                connect(
                    self.invitation.url(room),
                    additional_headers={KEY_HEADER: self.invitation.key},
                    ssl=self._tls,
                    max_size=None,
                    ping_interval=5,
                    ping_timeout=10,
                    open_timeout=CONNECT_TIMEOUT,
                ),
                CONNECT_TIMEOUT + 1,
            )
        except InvalidStatus as error:
            status = error.response.status_code
            body = (error.response.body or b"").decode("utf-8", "replace").strip()
            if status in (403, 404):
                raise Refused(refusal_words(body)) from None
            raise

    async def _session(self) -> None:
        connections: list[ClientConnection] = []
        try:
            for room in ROOMS:
                connections.append(await self._open(room))
            headers = connections[0].response.headers if connections[0].response else {}
            epoch, role = headers.get(EPOCH_HEADER, ""), headers.get(ROLE_HEADER, "")
            self.epoch, self.role = epoch, role
            if self._on_connected is not None:
                fresh = self._on_connected(epoch, role)
                if fresh is not None:
                    self.docs = dict(fresh)
            async with contextlib.AsyncExitStack() as stack:
                providers = [
                    await stack.enter_async_context(Provider(self.docs[room], SocketChannel(conn, room)))
                    for room, conn in zip(ROOMS, connections, strict=True)
                ]
                await asyncio.wait_for(asyncio.gather(*(p.synced.wait() for p in providers)), CONNECT_TIMEOUT)
                self.synced.set()
                self._set(LinkStatus("connected", since=self._monotonic()))
                closed = [asyncio.ensure_future(conn.wait_closed()) for conn in connections]
                try:
                    await asyncio.wait(closed, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for waiter in closed:
                        waiter.cancel()
                raise ConnectionError("the host closed a room")
        finally:
            for conn in connections:
                with contextlib.suppress(Exception):
                    await conn.close()
