"""The agreements a revision revises, as far back as the data folder can read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coalition_tui.domain.errors import CoalitionError

if TYPE_CHECKING:
    from coalition_tui.domain.session import Session
    from coalition_tui.storage.store import Store

MAX_EARLIER = 100
"""The most earlier versions read (a hand-edited folder could chain sessions without end)."""


def earlier_versions(store: Store, session: Session) -> list[Session]:
    """``session``'s original, that one's original, and so on, nearest first.

    The chain stops at a session that is gone or cannot be read (what is known is what
    could be read), and at one already met (a hand-edited circle).
    """
    found: list[Session] = []
    seen = {session.id}
    following = session.revision_of
    while following and following not in seen and len(found) < MAX_EARLIER:
        seen.add(following)
        try:
            earlier = store.load(following)
        except (CoalitionError, ValueError):
            break
        found.append(earlier)
        following = earlier.revision_of
    return found
