"""The reference arm of long_line.py: a minimal Textual app that types into one long line and saves it.

    python bench/long_line_minimal.py WORDS_FILE SAVE_FILE

Two plain text areas side by side (as Coalition's two partners' panes), the
first holding the words of WORDS_FILE (one line) with the cursor after them,
focused. Like Coalition's autosave, the text is written to SAVE_FILE 0.4 s
after a change (changes meanwhile go in the same write), atomically and with
fsync. Nothing else: no styles of its own, no other widgets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Label, TextArea

SAVE_DELAY = 0.4  # Coalition's AUTOSAVE_DELAY


class LongLine(App[None]):
    def __init__(self, words: str, save_to: Path) -> None:
        super().__init__()
        self.words = words
        self.save_to = save_to
        self.pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("Minimal long line")
        with Horizontal():
            yield TextArea(self.words, id="a")
            yield TextArea("", id="b")

    def on_mount(self) -> None:
        area = self.query_one("#a", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.pending is None:
            self.pending = self.set_timer(SAVE_DELAY, self.save)

    def save(self) -> None:
        self.pending = None
        temporary = self.save_to.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(self.query_one("#a", TextArea).text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.save_to)


if __name__ == "__main__":
    LongLine(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2])).run()
