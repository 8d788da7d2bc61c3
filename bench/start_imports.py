"""What `coalition` imports on its way to the home screen that a hello-world Textual app does not.

    python bench/start_imports.py [--runs 5]

Both run to their first paint under ``python -X importtime`` (see
paint_child.py), with compiled bytecode as an installed app has; each
module's own import time is the least seen over the runs. A module that shows
up here and is not needed for the home screen belongs in a lazy import.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

from benchlib import BENCH_DIR, DATA_DIR, data_folder, machine

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_times(args: list[str]) -> dict[str, int]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA_DIR / "pycache")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(BENCH_DIR / "paint_child.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return {m.group(4): int(m.group(1)) for m in map(LINE.match, result.stderr.splitlines()) if m}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    from generate import NEWEST_PARTNERS

    hello_args = ["hello", "Hello, world"]
    home_args = ["coalition", NEWEST_PARTNERS[1], str(data_folder(1000))]
    import_times(hello_args), import_times(home_args)  # compile the bytecode once
    hello: dict[str, int] = {}
    home: dict[str, int] = {}
    for _ in range(args.runs):
        for into, child in ((hello, hello_args), (home, home_args)):
            for module, micros in import_times(child).items():
                into[module] = min(micros, into.get(module, micros))
    extra = {module: micros for module, micros in home.items() if module not in hello}
    print(machine())
    print(f"Start-up imports (least of {args.runs} runs each, self time)")
    print(
        f"  hello world: {len(hello)} modules, {sum(hello.values()) / 1000:.1f} ms; "
        f"coalition home: {len(home)} modules, {sum(home.values()) / 1000:.1f} ms"
    )
    print(f"  only coalition's: {len(extra)} modules, {sum(extra.values()) / 1000:.1f} ms; the largest:")
    for module, micros in sorted(extra.items(), key=lambda item: -item[1])[: args.top]:
        print(f"    {micros / 1000:6.1f} ms  {module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
