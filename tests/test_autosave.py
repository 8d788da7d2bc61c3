"""SessionKeeper: changes are gathered into one write; nothing new means no write."""

from __future__ import annotations

from coalition_tui.autosave import SessionKeeper

from .conftest import FIXED_NOW


class FakeTimers:
    def __init__(self) -> None:
        self.pending: list[tuple[float, object]] = []

    def schedule(self, delay, callback):
        timers = self

        class Timer:
            def stop(self) -> None:
                if entry in timers.pending:
                    timers.pending.remove(entry)

        entry = (delay, callback)
        self.pending.append(entry)
        return Timer()

    def fire(self) -> None:
        for _, callback in list(self.pending):
            self.pending.remove((_, callback))
            callback()


def test_many_changes_one_write(store, make_session):
    session = make_session()
    timers = FakeTimers()
    keeper = SessionKeeper(store, session, timers.schedule, delay=0.4, now=lambda: FIXED_NOW)
    for n in range(50):
        session.alignment.set_answer("care", "a", "x" * n)
        keeper.changed()
    assert len(timers.pending) == 1 and timers.pending[0][0] == 0.4
    timers.fire()
    assert keeper.saves == 1
    assert store.load(session.id).alignment.answer("care", "a") == "x" * 49


def test_nothing_new_is_not_written(store, make_session):
    session = make_session()
    path = store.session_path(session.id)
    before = (path.stat().st_ino, path.read_bytes())
    keeper = SessionKeeper(store, store.load(session.id), FakeTimers().schedule, now=lambda: FIXED_NOW, saved=True)
    keeper.changed()
    keeper.close()
    assert keeper.saves == 0
    assert (path.stat().st_ino, path.read_bytes()) == before


def test_before_save_hooks_run_and_their_changes_are_saved(store, make_session):
    session = make_session()
    keeper = SessionKeeper(store, session, FakeTimers().schedule, now=lambda: FIXED_NOW)
    keeper.add_before_save(lambda s: s.clearing.accounts.__setitem__("a", "folded in"))
    keeper.flush()
    assert store.load(session.id).clearing.accounts["a"] == "folded in"
