"""Waiting until the messages already queued have been handled.

A key typed into a partner's field reaches the session through a chain of
messages, one widget to the next: the text area takes the key, says it
changed, the pane says so in turn, and the screen records the words. Each link
is handled in its own widget's queue, a moment after the one before. An action
that reads or closes the field (Enter on "confirm", ctrl+n to another phase, a
name typed to seal, quitting) must wait for the chain, or it acts on words that
have not arrived yet: a confirmation without its last words, a name one letter
short, a phase left with a sentence still on its way.

Each round waits until every node given has handled what was queued when the
round began; a message passed on during the round is handled in the next. The
rounds cover a chain as long as the screen is deep. Bounded: it never hangs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from textual.message_pump import MessagePump

ROUNDS = 12  # one link of a chain per round: the deepest screen is well within this
TIMEOUT = 0.5  # seconds: however busy the app, input is never held longer


async def drain(nodes: Callable[[], Iterable[MessagePump]], *, rounds: int = ROUNDS, timeout: float = TIMEOUT) -> None:
    """Let the messages queued at ``nodes()`` (asked again each round) be handled, link by link."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    for _ in range(rounds):
        posted = []
        for node in nodes():
            future = loop.create_future()
            if node.call_later(future.set_result, None):
                posted.append(future)
        if not posted:
            return
        remaining = deadline - loop.time()
        if remaining <= 0:
            return
        _, late = await asyncio.wait(posted, timeout=remaining)
        if late:
            return
