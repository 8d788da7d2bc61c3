"""Choose which phases a session takes, and in what order.

Each phase is a line marked ``✔`` (on the agenda) or ``○`` (left out): the mark
is a shape, so what is chosen never rests on a colour (a tick box drawn in the
background's colour is invisible in a high-contrast theme, and unreadable on a
shared screen).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase
from coalition_tui.i18n import N_

ON = "✔"
OFF = "○"


class AgendaEditor(OptionList):
    """Every phase: space (or enter) ticks one, [ and ] move it up and down."""

    BINDINGS = [
        Binding("space,enter", "tick", N_("Tick"), show=True),
        Binding("left_square_bracket,ctrl+up", "move(-1)", N_("Move up"), show=True),
        Binding("right_square_bracket,ctrl+down", "move(1)", N_("Move down"), show=True),
    ]

    def __init__(self, agenda: tuple[Phase, ...] = DEFAULT_AGENDA, **kwargs) -> None:
        self._order: list[Phase] = list(agenda) + [p for p in Phase if p not in agenda]
        self._chosen: set[Phase] = set(agenda)
        super().__init__(*self._phase_options(), **kwargs)

    def _prompt(self, phase: Phase) -> Content:
        mark = ON if phase in self._chosen else OFF
        return Content(f"{mark} {phase.title}  —  {phase.blurb}")

    def _phase_options(self) -> list[Option]:
        return [Option(self._prompt(phase), id=phase.value) for phase in self._order]

    @property
    def agenda(self) -> tuple[str, ...]:
        """The ticked phases in their shown order (checked by the domain, not here)."""
        return tuple(p.value for p in self._order if p in self._chosen)

    def set_agenda(self, agenda: tuple[Phase, ...]) -> None:
        self._order = list(agenda) + [p for p in Phase if p not in agenda]
        self._chosen = set(agenda)
        self._rebuild(0)

    def clear_agenda(self) -> None:
        """Untick every phase."""
        self._chosen.clear()
        self._rebuild(self.highlighted or 0)

    def _rebuild(self, highlight: int) -> None:
        self.clear_options()
        self.add_options(self._phase_options())
        self.highlighted = highlight

    def action_tick(self) -> None:
        index = self.highlighted
        if index is None:
            return
        phase = self._order[index]
        self._chosen ^= {phase}
        self.replace_option_prompt_at_index(index, self._prompt(phase))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click ticks, as space does (enter is bound to the same)
        self.action_tick()

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self._order):
            return
        self._order[index], self._order[target] = self._order[target], self._order[index]
        self._rebuild(target)
