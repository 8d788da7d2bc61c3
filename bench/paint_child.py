"""One headless run to first paint, then exit: the child process of first_paint.py.

    python bench/paint_child.py hello MARKER
    python bench/paint_child.py coalition MARKER DATA_FOLDER [SETTLE_ROWS]

``hello`` is a hello-world Textual app; ``coalition`` is the real ``coalition
--db DATA_FOLDER`` command (click, the store, the app, the home screen). Both
run headless. Every frame the compositor produces is turned into the bytes a
terminal would receive (the work a real run does and a headless run skips),
and the first frame that shows MARKER is the first paint. MARKER is text the
screen shows only once its content is there ("Hello, world"; a name only the
newest session has).

At the first paint the child notes ``time.monotonic()`` (system-wide, so the
parent can subtract its spawn time), its CPU time and its peak memory, and
exits. With SETTLE_ROWS it first waits until the home screen's list holds
that many rows, moves to the last one (so the oldest sessions are drawn too),
and notes the same figures again.
"""

import re
import resource
import sys
import time

_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def _figures() -> str:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return f"{time.monotonic()!r} {time.process_time()!r} {peak_kb}"


def _install(marker: str, settle_rows: int | None = None) -> dict:
    """Patch App so that runs are headless and stop at the first frame showing ``marker``."""
    from textual.app import App

    seen: dict = {"frames": 0}
    display = App._display
    run = App.run

    def settled(app) -> None:
        table = app.screen.query("#sessions")
        if table and table.first().row_count >= settle_rows and "settled" not in seen:
            seen["settled"] = True
            # Go to the last session, as a coach looking for an old one would: two refreshes
            # on, the list has drawn its last screenful too. That is the settled state.
            table.first().action_last()
            app.call_after_refresh(app.call_after_refresh, app.exit)

    def _display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is None or "paint" in seen or not self.is_headless:
            return
        render = getattr(renderable, "render_segments", None)
        text = render(self.console) if render else ""
        seen["frames"] += 1
        if marker in _CSI.sub("", text):
            seen["paint"] = _figures()
            if settle_rows is None:
                self.exit()
            else:
                self.set_interval(0.01, lambda: settled(self))

    def headless_run(self, *args, **kwargs):
        kwargs["headless"] = True
        kwargs.setdefault("size", (100, 30))
        return run(self, *args, **kwargs)

    App._display = _display
    App.run = headless_run
    return seen


def hello(marker: str) -> dict:
    seen = _install(marker)
    from textual.app import App
    from textual.widgets import Static

    class Hello(App):
        def compose(self):
            yield Static("Hello, world")

    Hello().run()
    return seen


def coalition(marker: str, folder: str, settle_rows: int | None = None) -> dict:
    seen = _install(marker, settle_rows)
    from coalition_tui.cli import main

    main(["--db", folder], standalone_mode=False, prog_name="coalition")
    return seen


def run(argv: list[str]) -> None:
    kind, marker, *rest = argv
    if kind == "hello":
        seen = hello(marker)
    else:
        seen = coalition(marker, rest[0], int(rest[1]) if len(rest) > 1 else None)
    if "paint" not in seen:
        raise SystemExit(f"no frame showed {marker!r} ({seen['frames']} frames)")
    sys.stdout.write(f"PAINT {seen['paint']} FRAMES {seen['frames']}\n")
    sys.stdout.write(f"END {_figures()}\n")


if __name__ == "__main__":
    run(sys.argv[1:])
