"""The joiner's keeper: the same place in the app as the autosave keeper, with no session file.

A joiner's session lives on the host; this machine keeps only its copy of the
shared documents (``remote/memory.py``), written at the autosave's pace, so
words typed while the host was out of reach survive a crash and merge later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coalition_tui.domain.session import Session
    from coalition_tui.remote.live import LiveSession


class JoinedKeeper:
    """Owns a joined session: sends each change to the host, keeps the documents' copy."""

    def __init__(self, live: LiveSession) -> None:
        self.live = live
        self.session: Session = live.session
        self.saves = 0

    def add_before_save(self, hook: Callable[[Session], None]) -> None:
        """Nothing to prepare: no session file is written here (the host folds its own clock)."""

    def remove_before_save(self, hook: Callable[[Session], None]) -> None:
        """See ``add_before_save``."""

    @property
    def dirty(self) -> bool:
        return False

    def changed(self) -> None:
        """Sent at once (the app's ``changed`` syncs); the copy is written within the delay."""

    def flush(self, *, index: bool = False) -> None:
        self.live.save()
        self.saves += 1

    def close(self) -> None:
        self.flush()
