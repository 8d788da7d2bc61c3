"""A WebSocket as pycrdt's ``Channel``: the one shape both ends of a live session use."""

from __future__ import annotations

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed


class SocketChannel:
    """One room's WebSocket, in binary messages (text frames are not ours, and are skipped)."""

    def __init__(self, connection: Connection, path: str) -> None:
        self._connection = connection
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> SocketChannel:
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except ConnectionClosed:
            raise StopAsyncIteration from None

    async def receive(self) -> bytes:
        """The next binary message."""
        while True:
            message = await self._connection.recv(decode=False)
            if isinstance(message, bytes):
                return message

    async def recv(self) -> bytes:
        return await self.receive()

    async def send(self, message: bytes) -> None:
        await self._connection.send(message)
