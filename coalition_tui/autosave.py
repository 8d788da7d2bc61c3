"""Saving without a save key: the open session, written shortly after each change.

Changes within the delay are gathered into one write, so typing does not
write on every keystroke, and no edit waits longer than ``delay`` to be saved.
This lives between the screens and the store, so widgets never touch storage.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from coalition_tui.storage import Store

if TYPE_CHECKING:  # the session model is imported when a session opens, not at start-up
    from coalition_tui.domain.session import Session

AUTOSAVE_DELAY = 0.4


class _Timer(Protocol):
    def stop(self) -> None: ...


def as_recorded(content: dict[str, Any]) -> dict[str, Any]:
    """``Session.to_dict()`` as far as a person could tell two of them apart: what decides a write.

    Screens prepare a session as they show it, and nobody has changed anything:
    the accountability screen gives an empty plan a blank commitment to type
    into; the clearing's clock, folded in before every save, writes itself out
    in full (its totals and balance worked out again from the turns, an unused
    clock as a paused one with no turns, a clock saved running as the paused
    clock every reopened session has). Opening a session and leaving it
    unchanged must leave its file as it was, bytes and time, so these compare
    as what they mean: the clock by its turns, holder and undo marks, a plan
    without its trailing blank commitments.
    """
    clearing = dict(content.get("clearing") or {})
    clock = clearing.get("clock") or {}
    clearing["clock"] = {
        "turns": clock.get("turns") or [],
        "holder": clock.get("holder"),
        "undo": clock.get("undo") or [],
    }
    plans = {}
    for side, plan in (content.get("accountability") or {}).items():
        commitments = list(plan.get("commitments") or [])
        while commitments and not any(commitments[-1].values()):
            commitments.pop()
        plans[side] = {**plan, "commitments": commitments}
    return {**content, "clearing": clearing, "accountability": plans}


class SessionKeeper:
    """Owns the open session: the one place that writes it to the store."""

    def __init__(
        self,
        store: Store,
        session: Session,
        schedule: Callable[[float, Callable[[], Any]], _Timer],
        *,
        delay: float = AUTOSAVE_DELAY,
        before_save: Callable[[Session], None] | None = None,
        now: Callable[[], datetime] | None = None,
        saved: bool = False,
    ) -> None:
        self.store = store
        self._now = now
        self.session = session
        self._schedule = schedule
        self._delay = delay
        self._pending: _Timer | None = None
        self._before_save: list[Callable[[Session], None]] = [before_save] if before_save else []
        # ``saved``: the session is exactly what the store holds (just loaded or created),
        # so closing it unchanged (a sealed agreement only read) writes nothing.
        self._saved: dict[str, Any] | None = as_recorded(self._content()) if saved else None
        self.saves = 0

    def _content(self) -> dict[str, Any]:
        content = self.session.to_dict()
        content.pop("updated_at", None)
        return content

    def add_before_save(self, hook: Callable[[Session], None]) -> None:
        """Run ``hook`` before each write, e.g. to fold a running clock into the session."""
        self._before_save.append(hook)

    def remove_before_save(self, hook: Callable[[Session], None]) -> None:
        if hook in self._before_save:
            self._before_save.remove(hook)

    @property
    def dirty(self) -> bool:
        return self._pending is not None

    def changed(self) -> None:
        """Note a change; it is written within ``delay`` seconds."""
        if self._pending is None:
            self._pending = self._schedule(self._delay, self.flush)

    def flush(self, *, index: bool = False) -> None:
        """Write now (used on quit, on phase changes and by the timer)."""
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        failure: Exception | None = None
        for hook in list(self._before_save):
            try:
                hook(self.session)
            except Exception as exc:  # noqa: BLE001 - re-raised below, once the partners' words are saved
                failure = failure or exc
        content = self._content()
        recorded = as_recorded(content)
        if recorded != self._saved:  # nothing new (e.g. a session only opened and read): no write
            self.session.touch(self._now() if self._now else None)
            self.store.save(self.session, index=index, data={**content, "updated_at": self.session.updated_at})
            self._saved = recorded
            self.saves += 1
        if failure is not None:
            raise failure  # saved all the same; the fault is still reported

    def close(self) -> None:
        try:
            self.flush(index=True)
        finally:
            self.store.unlock(self.session.id)
