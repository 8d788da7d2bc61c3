"""Autosave: one save of an open session with 1,000 past sessions against with 1.

    python bench/autosave.py [--saves 200] [--opens 15]

The open session is the newest generated one: mid-clearing, an hour of turns
on the clock, which is running. Like the clearing screen, a before-save hook
folds the running clock into the session; each save follows a small edit (a
word typed into a partner's account). The saves are SessionKeeper.flush()
calls, exactly what the autosave timer runs, through the real Store, with
fsync. The two data folders are open side by side and their saves alternate,
so a noisy machine slows both alike.

Also measured, for information: the first save after a session is opened and
the save on closing it (both may also write the index, which holds every
session's summary).

Goal: an autosave with 1,000 sessions ≤ 1.2× with 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchlib import data_folder, interleaved, machine, median, ms, verdict

from coalition_tui.autosave import SessionKeeper
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.storage import Store

GOAL = 1.2
ARMS = {"1 session": 1, "1,000 sessions": 1000}


class _NoTimer:
    def stop(self) -> None:
        pass


class Fsyncs:
    """Time spent in fsync, to show how much of a save is the disk's."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._real = os.fsync

    def __enter__(self) -> Fsyncs:
        def timed(fd: int) -> None:
            began = time.perf_counter()
            try:
                self._real(fd)
            finally:
                self.seconds += time.perf_counter() - began

        os.fsync = timed
        return self

    def __exit__(self, *exc: object) -> None:
        os.fsync = self._real


def open_session(folder: Path) -> tuple[Store, SessionKeeper]:
    """Open the newest session as the app does (lock, load, keep) with its clock running."""
    store = Store(folder)
    session_id = store.list_summaries()[0]["id"]
    store.lock(session_id)
    session = store.load(session_id)
    clock = SpeakingClock.from_record(session.clearing.clock, turn_seconds=session.settings.turn_seconds)
    clock.take("b" if clock.holder == "a" else "a")
    keeper = SessionKeeper(store, session, lambda delay, callback: _NoTimer())
    keeper.add_before_save(lambda s: setattr(s.clearing, "clock", clock.record()))
    return store, keeper


def small_edit(keeper: SessionKeeper) -> None:
    accounts = keeper.session.clearing.accounts
    accounts["a"] = accounts["a"][-4000:] + " and"  # a word typed; the text stays the same size


def timed(action: Callable[[], None]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def measure(saves: int, opens: int) -> dict[str, dict[str, list[float]]]:
    folders = {arm: data_folder(count) for arm, count in ARMS.items()}
    results: dict[str, dict[str, list[float]]] = {
        arm: {"save": [], "fsync": [], "first": [], "close": []} for arm in ARMS
    }
    # Steady autosaves: both sessions open, saves alternating.
    kept = {arm: open_session(folder) for arm, folder in folders.items()}
    for _, keeper in kept.values():
        keeper.flush()  # the first save is measured below, on its own
    for _ in range(5):  # warm-up
        for _, keeper in kept.values():
            small_edit(keeper)
            keeper.flush()
    for _, arm in interleaved(list(ARMS), saves):
        keeper = kept[arm][1]
        small_edit(keeper)
        with Fsyncs() as fsyncs:
            results[arm]["save"].append(timed(keeper.flush))
        results[arm]["fsync"].append(fsyncs.seconds)
    for store, keeper in kept.values():
        keeper.close()
        store.close()
    # Opening, the first save, and closing: a fresh store each time, as a new window has.
    for _, arm in interleaved(list(ARMS), opens):
        store, keeper = open_session(folders[arm])
        small_edit(keeper)
        results[arm]["first"].append(timed(keeper.flush))
        small_edit(keeper)
        results[arm]["close"].append(timed(keeper.close))
        store.close()
    return results


def report(results: dict[str, dict[str, list[float]]], saves: int, opens: int) -> float:
    one, many = results["1 session"], results["1,000 sessions"]
    ratio = median(many["save"]) / median(one["save"])
    print(f"Autosave (SessionKeeper.flush after a small edit, clock running; {saves} interleaved saves each, medians)")
    print(f"  {'':16} {'autosave':>10} {'of it fsync':>12} {'first save':>11} {'close':>10}")
    for arm, figures in results.items():
        print(
            f"  {arm:16} {ms(median(figures['save']))} {ms(median(figures['fsync'])):>12} "
            f"{ms(median(figures['first'])):>11} {ms(median(figures['close'])):>10}"
        )
    print(
        f"  ratios, 1,000 vs 1: autosave {ratio:.2f}×; first save {median(many['first']) / median(one['first']):.2f}×, "
        f"close {median(many['close']) / median(one['close']):.2f}× ({opens} opens each)"
    )
    print(
        f"  autosave, 1,000 sessions vs 1: {ratio:.2f}× ({verdict(ratio, GOAL)}); "
        f"median {median(many['save']) * 1000:.1f} ms on this machine"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200, help="autosaves of each arm (default 200)")
    parser.add_argument("--opens", type=int, default=15, help="opens/first saves/closes of each arm (default 15)")
    args = parser.parse_args(argv)
    print(machine())
    ratio = report(measure(args.saves, args.opens), args.saves, args.opens)
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
