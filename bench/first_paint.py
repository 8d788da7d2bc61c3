"""First paint and peak memory: `coalition` with 1,000 sessions against a hello-world Textual app.

    python bench/first_paint.py [--runs 15] [--settle-runs 5]

Each run is a fresh process (see paint_child.py), timed from just before it is
spawned to the first frame that shows the home screen's list (or "Hello,
world"), on the system-wide monotonic clock. CPU is the child's own CPU time
to that frame (steadier than wall time when other work shares the machine).
The arms are interleaved (A B C, C B A, ...) after one warm-up run each, and
the figures are medians, so the ratios hold on a noisy machine. The children
use compiled bytecode (kept in bench/.data/pycache), as an installed app does.

Memory is measured in separate runs that, after the first paint, go to the end
of the list (so the oldest sessions are drawn as well): the peak RSS (wait4's
ru_maxrss) of that whole run.

Goals: first paint with 1,000 sessions ≤ 1.3× hello world; peak memory ≤ 1.5×.
"home, 24 sessions" (a screenful, a short history) tells the cost of a long
history apart from the cost of drawing a full list.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from benchlib import BENCH_DIR, DATA_DIR, data_folder, interleaved, machine, median, ms, verdict

CHILD = BENCH_DIR / "paint_child.py"
PAINT_GOAL = 1.3
MEMORY_GOAL = 1.5
ARMS = ("hello world", "home, 1 session", "home, 24 sessions", "home, 1,000 sessions")
COUNTS = {"home, 1 session": 1, "home, 24 sessions": 24, "home, 1,000 sessions": 1000}


def child_args(arm: str, *, settle: bool = False) -> list[str]:
    from generate import NEWEST_PARTNERS

    if arm == "hello world":
        return ["hello", "Hello, world"]
    count = COUNTS[arm]
    # A name only the newest session has: the list has painted when it shows.
    args = ["coalition", NEWEST_PARTNERS[1], str(data_folder(count))]
    return [*args, str(count)] if settle else args


def spawn(args: list[str]) -> dict[str, float]:
    """Run one child; its figures at the first paint and at its end (seconds, kB)."""
    env = dict(os.environ)
    env.pop("COALITION_DB", None)
    # Compiled bytecode, as an installed package has (pip compiles it; an editable
    # checkout with PYTHONDONTWRITEBYTECODE would compile every module on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA_DIR / "pycache")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    assert proc.stdout is not None
    output = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or "PAINT " not in output or "END " not in output:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{output}")
    paint = output.split("PAINT ", 1)[1].split()
    end = output.split("END ", 1)[1].split()
    return {
        "paint": float(paint[0]) - started,
        "cpu": float(paint[1]),
        "rss_paint": float(paint[2]),
        "end": float(end[0]) - started,
        "rss_peak": float(usage.ru_maxrss),
    }


def measure(runs: int, *, settle: bool) -> dict[str, dict[str, list[float]]]:
    arms = {arm: child_args(arm, settle=settle) for arm in ARMS}
    results: dict[str, dict[str, list[float]]] = {arm: {} for arm in arms}
    for args in arms.values():  # warm the disk cache and the bytecode caches
        spawn(args)
    for _, arm in interleaved(list(arms), runs):
        for key, value in spawn(arms[arm]).items():
            results[arm].setdefault(key, []).append(value)
    return results


def report(
    paints: dict[str, dict[str, list[float]]], settles: dict[str, dict[str, list[float]]], runs: int, settle_runs: int
) -> tuple[float, float]:
    def base(results: dict[str, dict[str, list[float]]], key: str) -> float:
        return median(results["hello world"][key])

    print(f"First paint: process start to the first frame showing the content ({runs} interleaved runs, medians)")
    print(
        f"  {'':22} {'wall':>10} {'min':>10} {'max':>10} {'ratio':>6}   {'CPU':>10} {'ratio':>6}"
        f"   {'RSS then':>9} {'ratio':>6}"
    )
    for arm, figures in paints.items():
        wall, cpu, rss = figures["paint"], median(figures["cpu"]), median(figures["rss_paint"])
        print(
            f"  {arm:22} {ms(median(wall))} {ms(min(wall))} {ms(max(wall))} "
            f"{median(wall) / base(paints, 'paint'):5.2f}×   {ms(cpu)} {cpu / base(paints, 'cpu'):5.2f}×"
            f"   {rss / 1024:6.1f} MB {rss / base(paints, 'rss_paint'):5.2f}×"
        )
    print(f"Settled: moved to the oldest session ({settle_runs} interleaved runs, medians)")
    print(f"  {'':22} {'wall':>10} {'peak RSS':>12} {'ratio':>6}")
    for arm, figures in settles.items():
        rss = median(figures["rss_peak"])
        print(f"  {arm:22} {ms(median(figures['end']))} {rss / 1024:9.1f} MB {rss / base(settles, 'rss_peak'):5.2f}×")
    paint_ratio = median(paints["home, 1,000 sessions"]["paint"]) / base(paints, "paint")
    rss_ratio = median(settles["home, 1,000 sessions"]["rss_peak"]) / base(settles, "rss_peak")
    print(f"  first paint, 1,000 sessions vs hello world: {paint_ratio:.2f}× ({verdict(paint_ratio, PAINT_GOAL)})")
    print(f"  peak memory, 1,000 sessions vs hello world: {rss_ratio:.2f}× ({verdict(rss_ratio, MEMORY_GOAL)})")
    return paint_ratio, rss_ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="first-paint runs of each arm (default 15)")
    parser.add_argument("--settle-runs", type=int, default=5, help="memory runs of each arm (default 5)")
    args = parser.parse_args(argv)
    print(machine())
    paints = measure(args.runs, settle=False)
    settles = measure(args.settle_runs, settle=True)
    paint_ratio, rss_ratio = report(paints, settles, args.runs, args.settle_runs)
    return 0 if paint_ratio <= PAINT_GOAL and rss_ratio <= MEMORY_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
