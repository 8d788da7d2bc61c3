"""The reference arm of filter.py: a minimal Textual app that filters 1,000 rows as you type.

    python bench/filter_minimal.py ROWS.json

ROWS.json is a list of ``{"text": ..., "hay": ...}``: each row as the list shows
it and its folded search text (filter.py writes them from the same sessions
Coalition lists). ``/`` focuses an Input; each change of its value keeps the
rows whose ``hay`` holds every word typed (folded as Coalition folds), by
replacing the OptionList's options; escape clears the Input.

Nothing else: no styles of its own, no storage, no timers.
"""

from __future__ import annotations

import json
import sys
import unicodedata

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Filter(App[None]):
    BINDINGS = [Binding("slash", "find", "Find"), Binding("escape", "clear", "All", priority=True)]

    def __init__(self, rows: list[dict[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Find", id="find")
        yield OptionList(*(row["text"] for row in self.rows), id="rows")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_find(self) -> None:
        self.query_one(Input).focus()

    def action_clear(self) -> None:
        self.query_one(Input).value = ""
        self.query_one(OptionList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        words = fold(event.value).split()
        shown = [row["text"] for row in self.rows if all(word in row["hay"] for word in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(shown)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        Filter(json.load(file)).run()
