"""What the bench scripts share: data folders, medians, interleaving and the report lines."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("COALITION_BENCH_DATA", BENCH_DIR / ".data"))
SIZES = (1, 1000)


def data_folder(count: int) -> Path:
    """The generated data folder with ``count`` sessions (made on first use, then reused)."""
    from generate import ensure, marker_path

    folder = DATA_DIR / f"sessions-{count}"
    if not marker_path(folder, count).exists():
        print(f"generating {count} session(s) in {folder} (once; reused by later runs)…", file=sys.stderr)
    return ensure(folder, count)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def interleaved(arms: Sequence[str], runs: int) -> Iterator[tuple[int, str]]:
    """A/B/C, C/B/A, A/B/C…: each arm sees the same drift of a noisy machine."""
    for run in range(runs):
        order = arms if run % 2 == 0 else list(reversed(arms))
        for arm in order:
            yield run, arm


def verdict(ratio: float, goal: float) -> str:
    return f"goal ≤ {goal:.2f}×: {'met' if ratio <= goal else 'MISSED'}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPU(s), "
        f"Python {platform.python_version()}, Textual {textual.__version__}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"
