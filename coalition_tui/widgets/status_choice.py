"""Yes / partly / not yet: one partner's answer to "are we aligned?".

``StatusChoice`` is a one-line, focusable choice (◉ marks the choice, so the
meaning never rests on colour). ``StatusPane`` is a :class:`PartnerPane` with the
choice placed above the partner's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from coalition_tui.domain.partners import Side
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText

SELECTED = "◉"
UNSELECTED = "○"
GAP = "  "


class StatusChoice(Widget, can_focus=True):
    """Pick one of a few choices with ←/→, its first letter, its number, or a click."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous choice", show=False),
        Binding("right", "move(1)", "Next choice", show=False),
        Binding("backspace,delete", "clear", "Clear the choice", show=False),
    ]

    COMPONENT_CLASSES = {"status-choice--selected", "status-choice--option"}
    # Styled in styles/alignment.tcss (no CSS in Python).

    value: reactive[str] = reactive("")

    @dataclass
    class Changed(Message):
        choice: StatusChoice
        side: Side
        key: str
        value: str

        @property
        def control(self) -> StatusChoice:
            return self.choice

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str = "",
        *,
        side: Side,
        key: str = "",
        id: str | None = None,
        classes: str = "",
        disabled: bool = False,
    ) -> None:
        super().__init__(id=id, classes=f"status-choice {classes}".strip(), disabled=disabled)
        self.choices = tuple(choices)
        self.side = side
        self.key = key
        self.set_reactive(StatusChoice.value, value if value in self.ids else "")
        letters = "/".join(label[:1].lower() for _, label in self.choices)
        self.tooltip = f"Choose with ←/→, {letters} or 1–{len(self.choices)}; Backspace clears."

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(choice_id for choice_id, _ in self.choices)

    def label(self, choice_id: str) -> str:
        return dict(self.choices).get(choice_id, "")

    # -- drawing ---------------------------------------------------------------------

    def _gap(self) -> str:
        """Two spaces between choices, or one when the line would not fit otherwise."""
        width = self.content_size.width
        full = sum(len(SELECTED) + 1 + len(label) for _, label in self.choices) + len(GAP) * (len(self.choices) - 1)
        return GAP if not width or full <= width else " "

    def _spans(self) -> list[tuple[int, int, str]]:
        """(start, end, id) of each choice along the line, for clicks."""
        spans, x, gap = [], 0, self._gap()
        for choice_id, label in self.choices:
            width = len(SELECTED) + 1 + len(label)
            spans.append((x, x + width, choice_id))
            x += width + len(gap)
        return spans

    def render(self) -> Text:
        selected = self.get_component_rich_style("status-choice--selected", partial=True)
        option = self.get_component_rich_style("status-choice--option", partial=True)
        gap = self._gap()
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, (choice_id, label) in enumerate(self.choices):
            if index:
                line.append(gap)
            chosen = choice_id == self.value
            line.append(f"{SELECTED if chosen else UNSELECTED} {label}", style=selected if chosen else option)
        return line

    # -- choosing --------------------------------------------------------------------

    def choose(self, value: str) -> None:
        """Set the choice as the partner did (posts :class:`Changed`)."""
        if self.disabled or (value and value not in self.ids) or value == self.value:
            return
        self.value = value
        self.post_message(self.Changed(self, self.side, self.key, value))

    def action_move(self, step: int) -> None:
        ids = self.ids
        if not ids:
            return
        if self.value in ids:
            index = max(0, min(ids.index(self.value) + step, len(ids) - 1))
        else:
            index = 0 if step > 0 else len(ids) - 1
        self.choose(ids[index])

    def action_clear(self) -> None:
        self.choose("")

    def on_key(self, event: events.Key) -> None:
        key = (event.character or "").lower()
        if not key or not key.isprintable():
            return
        for number, (choice_id, label) in enumerate(self.choices, 1):
            if key == str(number) or key == label[:1].lower():
                event.stop()
                event.prevent_default()
                self.choose(choice_id)
                return

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, choice_id in self._spans():
            if start <= offset.x < end:
                self.choose(choice_id)
                return


class StatusPane(PartnerPane):
    """A partner's pane with a yes / partly / not yet choice above their words."""

    def __init__(
        self,
        side: Side,
        name: str,
        text: str = "",
        *,
        choices: Sequence[tuple[str, str]],
        status: str = "",
        key: str = "",
        label: str = "",
        placeholder: str = "",
        read_only: bool = False,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(
            side, name, text, key=key, label=label, placeholder=placeholder, read_only=read_only,
            id=id, classes=f"status-pane {classes}".strip(),
        )
        self.choice = StatusChoice(
            choices, status, side=side, key=key, disabled=read_only, id=f"{id}-choice" if id else None
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, PartnerText):
                yield self.choice
            yield widget
