"""First paint and peak memory: `coalition` with 1,000 sessions against a hello-world Textual app.

    python bench/first_paint.py [--runs 15] [--settle-runs 5]
    python bench/first_paint.py --against REV [--runs 15]
    python bench/first_paint.py --against-checkout DIR [--runs 15]

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

``--against REV`` compares home's first paint with 1,000 sessions in this
checkout and in git revision REV, in one run: REV is checked out with ``git
worktree add --detach`` into a temporary folder (removed afterwards), and its
children run with PYTHONPATH pointing at it (the same paint_child.py drives
both). Each version reads its own copy of the data folder (a version may
rewrite an index another wrote). The runs alternate (this, REV, REV, this, ...)
after a warm-up each; printed: both medians and the ratio this/REV (goal:
within 1.1×). ``--against-checkout DIR`` does the same with a folder that
already holds another version's ``coalition_tui`` (no git).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BENCH_DIR, DATA_DIR, data_folder, interleaved, machine, median, ms, verdict

CHILD = BENCH_DIR / "paint_child.py"
PAINT_GOAL = 1.3
AGAINST_GOAL = 1.1
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


def spawn(args: list[str], checkout: Path | None = None) -> dict[str, float]:
    """Run one child; its figures at the first paint and at its end (seconds, kB).

    With ``checkout``, the child imports ``coalition_tui`` from there (PYTHONPATH comes before the
    installed checkout) and runs in it.
    """
    env = dict(os.environ)
    env.pop("COALITION_DB", None)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [env.get("PYTHONPATH")])])
    # Compiled bytecode, as an installed package has (pip compiles it; an editable
    # checkout with PYTHONDONTWRITEBYTECODE would compile every module on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA_DIR / "pycache")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=checkout,
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


# -- this checkout against another version ------------------------------------------------------------


def imported_from(checkout: Path | None) -> Path:
    """Where a child with ``checkout`` on its path finds ``coalition_tui`` (to be sure it is that version)."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run(
        [sys.executable, "-c", "import coalition_tui; print(coalition_tui.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=checkout or BENCH_DIR,
        check=True,
    )
    return Path(out.stdout.strip()).parent


def compare(checkout: Path, label: str, runs: int, scratch: Path) -> float:
    """Home's first paint with 1,000 sessions here and in ``checkout``, alternating; the ratio here/there."""
    from generate import NEWEST_PARTNERS

    here, there = imported_from(None), imported_from(checkout)
    if here == there:
        raise SystemExit(f"{checkout} does not hold its own coalition_tui: both arms would import {here}")
    data = data_folder(1000)
    copy = scratch / "data-against"
    shutil.copytree(data, copy)  # each version its own index: one may rewrite what the other wrote
    arms = {
        "this checkout": (["coalition", NEWEST_PARTNERS[1], str(data)], None),
        label: (["coalition", NEWEST_PARTNERS[1], str(copy)], checkout),
    }
    results: dict[str, dict[str, list[float]]] = {arm: {} for arm in arms}
    for args, where in arms.values():  # warm-up: caches, bytecode, and each version's index settled
        spawn(args, where)
        spawn(args, where)
    for _, arm in interleaved(list(arms), runs):
        args, where = arms[arm]
        for key, value in spawn(args, where).items():
            results[arm].setdefault(key, []).append(value)
    print(f"First paint, home with 1,000 sessions: this checkout against {label} ({runs} alternating runs, medians)")
    print(f"  this checkout: {here}")
    print(f"  {label}: {there}")
    print(f"  {'':22} {'wall':>10} {'min':>10} {'max':>10}   {'CPU':>10}   {'RSS then':>9}")
    for arm, figures in results.items():
        wall = figures["paint"]
        print(
            f"  {arm:22} {ms(median(wall))} {ms(min(wall))} {ms(max(wall))}   {ms(median(figures['cpu']))}"
            f"   {median(figures['rss_paint']) / 1024:6.1f} MB"
        )
    ratio = median(results["this checkout"]["paint"]) / median(results[label]["paint"])
    cpu = median(results["this checkout"]["cpu"]) / median(results[label]["cpu"])
    print(f"  this checkout / {label}: wall {ratio:.2f}× ({verdict(ratio, AGAINST_GOAL)}), CPU {cpu:.2f}×")
    return ratio


def against_revision(revision: str, runs: int) -> float:
    """``compare`` with git revision ``revision``, checked out into a temporary worktree, removed after."""
    repo = BENCH_DIR.parent
    with tempfile.TemporaryDirectory(prefix="coalition-bench-against-") as folder:
        worktree = Path(folder) / "checkout"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(worktree), revision], check=True)
        try:
            return compare(worktree, revision, runs, Path(folder))
        finally:
            removed = subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(worktree)])
            if removed.returncode != 0:
                shutil.rmtree(worktree, ignore_errors=True)
                subprocess.run(["git", "-C", str(repo), "worktree", "prune"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="first-paint runs of each arm (default 15)")
    parser.add_argument("--settle-runs", type=int, default=5, help="memory runs of each arm (default 5)")
    other = parser.add_mutually_exclusive_group()
    other.add_argument("--against", metavar="REV", help="only compare home's first paint with git revision REV")
    other.add_argument(
        "--against-checkout", metavar="DIR", type=Path, help="the same with a folder holding another version"
    )
    args = parser.parse_args(argv)
    print(machine())
    if args.against or args.against_checkout:
        if args.against:
            ratio = against_revision(args.against, args.runs)
        else:
            with tempfile.TemporaryDirectory(prefix="coalition-bench-against-") as folder:
                checkout = args.against_checkout.resolve()
                ratio = compare(checkout, checkout.name, args.runs, Path(folder))
        return 0 if ratio <= AGAINST_GOAL else 1
    paints = measure(args.runs, settle=False)
    settles = measure(args.settle_runs, settle=True)
    paint_ratio, rss_ratio = report(paints, settles, args.runs, args.settle_runs)
    return 0 if paint_ratio <= PAINT_GOAL and rss_ratio <= MEMORY_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
