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
from coalition_tui.i18n import N_, _
from coalition_tui.widgets.fields import tell_keeper
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText

SELECTED = "◉"
UNSELECTED = "○"
GAP = "  "


class StatusChoice(Widget, can_focus=True):
    """Pick one of a few choices with ←/→, its first letter, its number, or a click."""

    BINDINGS = [
        Binding("left", "move(-1)", N_("Previous choice"), show=False),
        Binding("right", "move(1)", N_("Next choice"), show=False),
        Binding("backspace,delete", "clear", N_("Clear the choice"), show=False),
    ]

    COMPONENT_CLASSES = {"status-choice--selected", "status-choice--option"}
    # One line, always: the screens that use it (alignment, accountability) size and place it.
    DEFAULT_CSS = """
    StatusChoice {
        height: 1;
        min-height: 1;

        & > .status-choice--selected {
            text-style: bold reverse;
        }

        & > .status-choice--option {
            color: $text-muted;
        }

        &:focus {
            background: $boost;
        }

        &:focus > .status-choice--selected {
            text-style: bold reverse underline;
        }

        &:disabled {
            opacity: 80%;
        }
    }
    """

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
        self.tooltip = self.keys_told()

    @property
    def is_answer(self) -> bool:
        """A place where a partner answers (see ``screens/focus.py``)."""
        return not self.disabled

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(choice_id for choice_id, _label in self.choices)

    def label(self, choice_id: str) -> str:
        return dict(self.choices).get(choice_id, "")

    # -- drawing ---------------------------------------------------------------------

    @property
    def key_hint(self) -> str:
        """The keys that choose, e.g. ``y/p/n``: shown on the line, so nobody has to guess them."""
        return "/".join(label[:1].lower() for _choice_id, label in self.choices)

    @property
    def line_width(self) -> int:
        """The width the choices are drawn in (0 before the first layout).

        From the size the last layout gave the widget, not ``content_size``: that asks
        the screen where the widget is, and while a screen is still being built it lays
        the whole screen out again to answer (16 ms a call on the accountability screen).
        """
        return max(0, self.outer_size.width - self.styles.gutter.width)

    def _layout(self) -> tuple[str, bool]:
        """The gap between choices and whether the keys fit after them: roomy first, then tighter."""
        width = self.line_width
        choices = sum(len(SELECTED) + 1 + len(label) for _choice_id, label in self.choices)
        hint = len(GAP) + len(self.key_hint)
        for gap, keys in ((GAP, True), (" ", True), (GAP, False), (" ", False)):
            needed = choices + len(gap) * (len(self.choices) - 1) + (hint if keys else 0)
            if not width or needed <= width:
                return gap, keys
        return " ", False

    def _gap(self) -> str:
        return self._layout()[0]

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
        gap, keys = self._layout()
        line = Text(no_wrap=True, overflow="ellipsis")
        for index, (choice_id, label) in enumerate(self.choices):
            if index:
                line.append(gap)
            chosen = choice_id == self.value
            line.append(f"{SELECTED if chosen else UNSELECTED} {label}", style=selected if chosen else option)
        if keys and not self.disabled:
            line.append(GAP + self.key_hint, style=option)
        return line

    # -- choosing --------------------------------------------------------------------

    def choose(self, value: str) -> None:
        """Set the choice as the partner did (posts :class:`Changed`)."""
        if self.disabled or (value and value not in self.ids) or value == self.value:
            return
        self.value = value
        tell_keeper(self)  # into the record now, as part of the key that chose
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

    def _choice_for(self, character: str | None) -> str | None:
        """The choice a typed character picks: its number, or its first letter."""
        key = (character or "").lower()
        if not key or not key.isprintable():
            return None
        for number, (choice_id, label) in enumerate(self.choices, 1):
            if key == str(number) or key == label[:1].lower():
                return choice_id
        return None

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return self._choice_for(character) is not None

    def on_key(self, event: events.Key) -> None:
        choice_id = self._choice_for(event.character)
        if choice_id is not None:
            event.stop()
            event.prevent_default()
            self.choose(choice_id)
        elif event.is_printable and not self.disabled:
            event.stop()  # not one of its keys: said, never swallowed silently
            self.app.bell()
            self.notify(self.keys_told(), timeout=4)

    def keys_told(self) -> str:
        """Which keys choose here, in a sentence (its tooltip, and what a key it does not take is told)."""
        return _("Choose with ←/→, {keys} or 1–{count}; Backspace clears.").format(
            keys=self.key_hint, count=len(self.choices)
        )

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, choice_id in self._spans():
            if start <= offset.x < end:
                self.choose(choice_id)
                return


class NumberedChoice(StatusChoice):
    """A choice made with ←/→ or its number (its labels may share a first letter); where the choices do
    not fit on the line, the one chosen shows between arrows (``hint`` until one is)."""

    def __init__(self, *args, hint: str = "", **kwargs) -> None:
        self.hint = hint
        super().__init__(*args, **kwargs)

    @property
    def key_hint(self) -> str:
        return f"1–{len(self.choices)}"

    def keys_told(self) -> str:
        return _("Choose with ←/→ or 1–{count}; Backspace clears.").format(count=len(self.choices))

    def _choice_for(self, character: str | None) -> str | None:
        key = character or ""
        if key.isdigit() and 1 <= int(key) <= len(self.choices):
            return self.choices[int(key) - 1][0]
        return None

    def _fits(self) -> bool:
        width = self.line_width
        line = sum(len(SELECTED) + 1 + len(label) for _choice_id, label in self.choices) + len(self.choices) - 1
        return not width or line <= width

    def render(self) -> Text:
        if self._fits():
            return super().render()
        option = self.get_component_rich_style("status-choice--option", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis")
        if self.value:
            line.append(f"‹ {self.label(self.value)} ›", style=self.get_component_rich_style("status-choice--selected"))
        else:
            line.append(f"‹ {self.hint} ›", style=option)
        if not self.disabled and len(line) + len(GAP) + len(self.key_hint) <= self.line_width:
            line.append(GAP + self.key_hint, style=option)
        return line

    def on_click(self, event: events.Click) -> None:
        if self._fits():
            super().on_click(event)
            return
        offset = event.get_content_offset(self)
        if offset is not None:  # the arrows: the left half goes back, the right half on
            event.stop()
            self.action_move(-1 if offset.x < len(self.label(self.value) or self.hint) // 2 + 2 else 1)


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
            side,
            name,
            text,
            key=key,
            label=label,
            placeholder=placeholder,
            read_only=read_only,
            id=id,
            classes=f"status-pane {classes}".strip(),
        )
        self.choice = StatusChoice(
            choices, status, side=side, key=key, disabled=read_only, id=f"{id}-choice" if id else None
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, PartnerText):
                yield self.choice
            yield widget
