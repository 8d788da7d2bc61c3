"""The balance between the partners' speaking totals, as words and as a bar.

``Ada 5:12 ██████████████▒▒▒▒▒▒▒▒▒▒▒ 4:40 Ben   Ada +0:32``

A's share fills from the left in solid blocks, B's from the right in shaded
ones, with a tick at the middle: how far the join sits from the tick is the
imbalance. Names, figures and the words on the right carry the meaning, so
colour is never the only cue.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from coalition_tui.domain.clock import format_duration, shown_balance
from coalition_tui.i18n import _

A_BLOCK = "█"
B_BLOCK = "▒"
EMPTY = "·"
MIDDLE = "┃"
MIN_BAR = 8


def balance_words(name_a: str, name_b: str, balance: float, tolerance: float) -> tuple[str, bool]:
    """``("Ada +0:32", False)``: who is ahead and by how much, and whether past the tolerance.

    ``balance`` is :func:`shown_balance`: the difference of the totals as shown beside it.
    """
    if abs(balance) < 1:
        return _("level"), False
    name = name_a if balance > 0 else name_b
    return f"{name} +{format_duration(abs(balance))}", abs(balance) > tolerance


class BalanceBar(Widget):
    """One line: both totals around a bar, and who is ahead in words."""

    COMPONENT_CLASSES = {
        "balance-bar--a",
        "balance-bar--b",
        "balance-bar--empty",
        "balance-bar--middle",
        "balance-bar--over",
    }

    def __init__(self, name_a: str, name_b: str, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.name_a = name_a
        self.name_b = name_b
        self._figures: tuple[float, float, float, bool] = (0.0, 0.0, 30.0, True)

    def show(self, total_a: float, total_b: float, tolerance: float, *, warn: bool = True) -> None:
        """Redraw only when what is shown would change (whole seconds).

        ``warn``: mark a balance past the tolerance. While someone speaks, being
        ahead is the rhythm of taking turns, so the clock passes ``False`` then.
        """
        figures = (total_a, total_b, tolerance, warn)
        if self._key(figures) != self._key(self._figures):
            self._figures = figures
            self.refresh()
        else:
            self._figures = figures

    def _key(self, figures: tuple[float, float, float, bool]) -> tuple[int, int, int, bool]:
        a, b, tolerance, warn = figures
        return int(a), int(b), int(tolerance), warn

    def render(self) -> Text:
        total_a, total_b, tolerance, warn = self._figures
        width = self.size.width or 60
        left = Text.assemble((self.name_a, "bold"), " ", format_duration(total_a), " ")
        right = Text.assemble(" ", format_duration(total_b), " ", (self.name_b, "bold"))
        words, over = balance_words(self.name_a, self.name_b, shown_balance({"a": total_a, "b": total_b}), tolerance)
        over = over and warn
        tail = Text("   ")
        tail.append(
            ("⚠ " if over else "") + words, style=self.get_component_rich_style("balance-bar--over") if over else ""
        )
        room = width - cell_len(left.plain) - cell_len(right.plain) - cell_len(tail.plain)
        if room < MIN_BAR:
            # Too narrow for a bar: figures and words only.
            return Text.assemble(left, "·", right, tail, no_wrap=True, overflow="ellipsis")
        return Text.assemble(left, self._bar(room, total_a, total_b), right, tail, no_wrap=True, overflow="ellipsis")

    def _bar(self, cells: int, total_a: float, total_b: float) -> Text:
        bar = Text()
        whole = total_a + total_b
        middle = cells // 2
        if whole <= 0:
            for index in range(cells):
                if index == middle:
                    bar.append(MIDDLE, self.get_component_rich_style("balance-bar--middle"))
                else:
                    bar.append(EMPTY, self.get_component_rich_style("balance-bar--empty"))
            return bar
        a_cells = round(cells * total_a / whole)
        style_a = self.get_component_rich_style("balance-bar--a")
        style_b = self.get_component_rich_style("balance-bar--b")
        for index in range(cells):
            if index == middle:
                bar.append(MIDDLE, self.get_component_rich_style("balance-bar--middle"))
            elif index < a_cells:
                bar.append(A_BLOCK, style_a)
            else:
                bar.append(B_BLOCK, style_b)
        return bar
