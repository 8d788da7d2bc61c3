"""Choose which phases a session takes, and in what order."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase


class AgendaEditor(SelectionList[str]):
    """A list of every phase: space ticks one, [ and ] move it up and down."""

    BINDINGS = [
        Binding("left_square_bracket,ctrl+up", "move(-1)", "Move up", show=True),
        Binding("right_square_bracket,ctrl+down", "move(1)", "Move down", show=True),
    ]

    def __init__(self, agenda: tuple[Phase, ...] = DEFAULT_AGENDA, **kwargs) -> None:
        self._order: list[Phase] = list(agenda) + [p for p in Phase if p not in agenda]
        self._chosen: set[Phase] = set(agenda)
        super().__init__(*self._selections(), **kwargs)

    def _selections(self) -> list[Selection[str]]:
        return [
            Selection(f"{phase.title}  —  {phase.blurb}", phase.value, phase in self._chosen)
            for phase in self._order
        ]

    @property
    def agenda(self) -> tuple[str, ...]:
        """The ticked phases in their shown order (checked by the domain, not here)."""
        chosen = set(self.selected)
        return tuple(p.value for p in self._order if p.value in chosen)

    def set_agenda(self, agenda: tuple[Phase, ...]) -> None:
        self._order = list(agenda) + [p for p in Phase if p not in agenda]
        self._chosen = set(agenda)
        self._rebuild(0)

    def _rebuild(self, highlight: int) -> None:
        self.clear_options()
        self.add_options(self._selections())
        self.highlighted = highlight

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self._order):
            return
        self._chosen = {Phase(v) for v in self.selected}
        self._order[index], self._order[target] = self._order[target], self._order[index]
        self._rebuild(target)
        self.post_message(self.SelectedChanged(self))
