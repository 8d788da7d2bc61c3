"""A live session's host in a thread of the test process, for screens that join it.

Snapshot and pilot tests run the joining app in their own event loop; the host
runs in another (its own thread), on real loopback sockets, exactly as
``coalition host`` serves: the session's documents, fixed keys, a chosen port.
"""

from __future__ import annotations

import asyncio
import errno
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from coalition_tui.domain.session import Session
from coalition_tui.remote.bridge import SessionBridge
from coalition_tui.remote.host import RemoteHost
from coalition_tui.remote.invitation import Invitation, Keys
from coalition_tui.remote.memory import new_docs

ROOM = "0123456789abcdef"
KEYS = Keys({"a": "key-for-partner-a-in-tests", "b": "key-for-partner-b-in-tests", "viewer": "key-for-a-viewer"})


@contextmanager
def threaded_host(session: Session, port: int = 0) -> Iterator[tuple[int, Callable[[Callable[[], None]], None]]]:
    """Serve ``session`` until the block ends; yields the port and ``on_host(change)``.

    ``on_host`` runs ``change`` on the host's own thread (the session is the host's
    to change there), sends it as the host's app would, and returns once it is sent.
    """
    loop = asyncio.new_event_loop()
    docs = new_docs()
    bridge = SessionBridge(session, docs, writes=("host", "a", "b"))
    bridge.sync()
    host = RemoteHost(docs, KEYS, room_id=ROOM, epoch="test-epoch")
    started = threading.Event()
    stop = asyncio.Event()
    ports: list[int] = []

    async def serve() -> None:
        for _ in range(100):  # a port the test before has only just let go of may take a moment
            try:
                ports.append(await host.start("127.0.0.1", port))
                break
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                await asyncio.sleep(0.1)
        started.set()
        await stop.wait()
        await host.stop()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    if not started.wait(15) or not ports:
        raise AssertionError("the test host did not start")

    def on_host(change: Callable[[], None]) -> None:
        def run() -> None:
            change()
            bridge.sync()

        asyncio.run_coroutine_threadsafe(_call(run), loop).result(15)

    try:
        yield ports[0], on_host
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(15)
        loop.close()


async def _call(function: Callable[[], None]) -> None:
    function()


def invitation(port: int, role: str) -> Invitation:
    return Invitation("127.0.0.1", port, ROOM, KEYS.by_role[role])  # type: ignore[index]
