"""The reference arm of pty_latency.py: a minimal Textual app doing what Coalition does on a key.

    python bench/minimal_app.py

* F2 / F3: one label says who has the floor ("▶ A has the floor").
* Typing: a text area, focused, echoes each key.
* ctrl+n / ctrl+r: a new screen replaces the current one (a header naming the
  phase, two text areas with a few lines each, a footer), as a phase change does.

Nothing else: no styles of its own, no storage, no timers.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label, TextArea

WORDS = "A few lines of words, as a partner's answer would have.\n" * 4


class PhaseScreen(Screen):
    BINDINGS = [
        Binding("ctrl+n", "app.phase(1)", "Next", priority=True),
        Binding("ctrl+r", "app.phase(-1)", "Back", priority=True),
        Binding("f2", "app.floor('A')", "A speaks", priority=True),
        Binding("f3", "app.floor('B')", "B speaks", priority=True),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Label(f"▶ Phase {self.number}", id="header")
        yield Label("○ Nobody has the floor", id="floor")
        with Horizontal():
            yield TextArea(WORDS, id="a")
            yield TextArea(WORDS, id="b")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#a"))


class Minimal(App[None]):
    def on_mount(self) -> None:
        self.phase_number = 1
        self.push_screen(PhaseScreen(1))

    def action_floor(self, who: str) -> None:
        self.screen.query_one("#floor", Label).update(f"▶ {who} has the floor")

    def action_phase(self, step: int) -> None:
        self.phase_number += step
        self.switch_screen(PhaseScreen(self.phase_number))


if __name__ == "__main__":
    Minimal().run()
