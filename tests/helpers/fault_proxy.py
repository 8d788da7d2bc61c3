"""A TCP proxy on loopback that makes a network bad on purpose: late, dropped, or cut off.

It sits between a joiner and the host (the joiner's invitation names the
proxy's port) and runs its own event loop in a background thread, so a test
can change the network's behaviour while real processes talk through it:

* ``delay_ms``: every chunk waits this long before it is passed on (each
  direction on its own, in order), as over a distant link;
* ``drop()``: every open connection is closed abruptly (a reset, as when a
  router restarts); new connections are let through at once;
* ``cut()``: the same, and new connections are refused (accepted, then reset)
  until ``restore()``, as when a laptop loses its Wi-Fi.

The counts (bytes each way, connections accepted, refused and dropped) tell a
test how much traffic the faults actually met.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any


@dataclass
class ProxyCounts:
    accepted: int = 0
    refused: int = 0
    dropped: int = 0
    bytes_up: int = 0  # joiner to host
    bytes_down: int = 0  # host to joiner


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0): the far side sees the connection break, not end politely."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) and forwards each connection to ``127.0.0.1:target_port``."""

    def __init__(self, target_port: int, *, delay_ms: float = 0.0) -> None:
        self.target_port = target_port
        self.delay_ms = delay_ms
        self.counts = ProxyCounts()
        self._cut = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._thread.start()
        self.port: int = self._call(self._listen())

    # -- what a test calls (from its own thread) ------------------------------------------------

    def drop(self) -> int:
        """Break every open connection now; returns how many were broken."""
        return self._call(self._break_all())

    def cut(self) -> int:
        """Break every open connection and refuse new ones until ``restore()``."""
        self._cut = True
        return self.drop()

    def restore(self) -> None:
        self._cut = False

    def close(self) -> None:
        """Stop listening, break everything and end the thread."""
        if not self._thread.is_alive():
            return
        self._call(self._shut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop's side -------------------------------------------------------------------------

    def _call(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _shut(self) -> None:
        if self._server is not None:
            self._server.close()
        await self._break_all()

    async def _break_all(self) -> int:
        writers, self._writers = list(self._writers), set()
        for writer in writers:
            _reset(writer)
        broken = len(writers) // 2
        self.counts.dropped += broken
        return broken

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self._cut:
            self.counts.refused += 1
            _reset(client_writer)
            return
        try:
            host_reader, host_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            self.counts.refused += 1
            _reset(client_writer)
            return
        if self._cut:  # cut while the host's side was being opened
            self.counts.refused += 1
            _reset(client_writer)
            _reset(host_writer)
            return
        self.counts.accepted += 1
        pair = (client_writer, host_writer)
        self._writers.update(pair)
        try:
            await asyncio.gather(
                self._pipe(client_reader, host_writer, up=True),
                self._pipe(host_reader, client_writer, up=False),
            )
        except (ConnectionError, OSError):
            for writer in pair:  # one side broke: break the other too, as a real network would show it
                _reset(writer)
        finally:
            for writer in pair:
                if writer in self._writers:
                    self._writers.discard(writer)
                    writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, up: bool) -> None:
        """Pass one direction's bytes on, each chunk ``delay_ms`` late, in order, then the end of it."""
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                due, chunk = item
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()

        sender = asyncio.ensure_future(deliver())
        try:
            while chunk := await reader.read(65536):
                if up:
                    self.counts.bytes_up += len(chunk)
                else:
                    self.counts.bytes_down += len(chunk)
                queue.put_nowait((loop.time() + self.delay_ms / 1000, chunk))
            queue.put_nowait(None)
            await sender
        finally:
            if not loop.is_closed():  # a test's loop may end first: nothing is left to cancel then
                sender.cancel()
