"""Every benchmark in one go, each in its own process, then the goals at a glance.

    python bench/run_all.py            # about three minutes (plus a minute the first time,
                                        # to generate bench/.data/sessions-1000)
    python bench/run_all.py --quick    # fewer runs, for a rough look

Figures are ratios measured within one run (interleaved), so they hold on a
busy machine; the absolute times are this machine's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from benchlib import BENCH_DIR, data_folder

BENCHES: list[tuple[str, str, list[str], list[str]]] = [
    # name, script, arguments, quick arguments (start_imports.py has no goal: it lists)
    ("first paint and memory", "first_paint.py", [], ["--runs", "7", "--settle-runs", "3"]),
    ("autosave", "autosave.py", [], ["--saves", "60", "--opens", "6"]),
    ("key to screen", "key_to_screen.py", [], ["--presses", "30", "--steady", "2"]),
    ("keys through a pty", "pty_latency.py", [], ["--presses", "14"]),
    ("filter per keystroke", "filter.py", [], ["--quick"]),
    ("clock accuracy", "clock_accuracy.py", [], ["--seconds", "20"]),
    ("start-up imports", "start_imports.py", [], ["--runs", "2"]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs each")
    parser.add_argument("only", nargs="*", help="run only these (by script name, e.g. autosave)")
    args = parser.parse_args(argv)
    data_folder(1), data_folder(1000)  # generated once, before anything is timed
    outcomes: list[tuple[str, str, float]] = []
    for name, script, full, quick in BENCHES:
        if args.only and script.removesuffix(".py") not in args.only:
            continue
        path = BENCH_DIR / script
        if not path.exists():
            outcomes.append((name, "not there yet", 0.0))
            continue
        print(f"\n== {name} ({script}) ==", flush=True)
        began = time.monotonic()
        code = subprocess.run([sys.executable, str(path), *(quick if args.quick else full)]).returncode
        if code == 0:
            outcome = "listed" if script == "start_imports.py" else "goal met"
        else:
            outcome = "GOAL MISSED" if code == 1 else f"failed ({code})"
        outcomes.append((name, outcome, time.monotonic() - began))
    print("\n== summary ==")
    for name, outcome, seconds in outcomes:
        print(f"  {name:24} {outcome:14} ({seconds:.0f} s)")
    return 0 if all(outcome in ("goal met", "listed", "not there yet") for _, outcome, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
