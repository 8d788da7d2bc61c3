"""A question over the current screen whose answer acts within the key that gave it.

Textual hands a dismissed screen's result to its callback in a later message,
after the next key: a correction applied by Enter and ctrl+q straight after
lost the correction, and words typed straight after "y" could go to the screen
being left. A ``Dialog`` is given its ``on_answer`` and calls it itself, as
part of the key (or click) that answered; Enter on a list of choices answers
with the one highlighted, the same way.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList

from coalition_tui.i18n import N_
from coalition_tui.textual_ext.translated_bindings import TranslatedBindings

R = TypeVar("R")
Answer = Callable[[R], Awaitable[None] | None]


class Dialog(TranslatedBindings, ModalScreen[R], Generic[R]):
    """Asks once; ``on_answer(result)`` runs within the key that answered (``answer``)."""

    BINDINGS = [
        # Enter on a list of choices (Textual's selects in a later message): the highlighted one, at once.
        Binding("enter", "choose_highlighted", N_("Choose"), show=False, priority=True),
    ]

    def __init__(self, *, on_answer: Answer[R] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_answer = on_answer
        self._answered = False

    async def answer(self, result: R) -> None:
        """Close the dialog and act on ``result`` now (a second answer before it has gone changes nothing)."""
        if self._answered:
            return
        self._answered = True
        self.dismiss(result)
        if self._on_answer is not None:
            outcome = self._on_answer(result)
            if inspect.isawaitable(outcome):
                await outcome

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_highlighted":
            return isinstance(self.focused, OptionList)
        return True

    async def action_choose_highlighted(self) -> None:
        choices = self.focused
        if isinstance(choices, OptionList) and choices.highlighted_option is not None:
            await self.chosen(choices.highlighted_option.id)

    async def chosen(self, option_id: str | None) -> None:
        """An option of a list was chosen (by Enter or a click); by default it is the answer."""
        await self.answer(option_id)  # type: ignore[arg-type]

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click: Enter is taken above, within the key
        await self.chosen(event.option.id)
