"""One partner's declaration: the statement, their own words, their own confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Button, Static

from coalition_tui.domain.partners import Side
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText
from coalition_tui.widgets.plain import plain


class DeclarationPane(PartnerPane):
    """A :class:`PartnerPane` whose words are optional, with a confirm / withdraw button."""

    @dataclass
    class Toggled(Message):
        """The partner pressed their own button: confirm if not confirmed, else withdraw."""

        pane: DeclarationPane
        side: Side

        @property
        def control(self) -> DeclarationPane:
            return self.pane

    def __init__(
        self,
        side: Side,
        name: str,
        words: str = "",
        *,
        statement: str,
        words_label: str,
        placeholder: str = "",
        confirm_label: str,
        withdraw_label: str,
        read_only: bool = False,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(
            side,
            name,
            words,
            key="words",
            label=statement,
            placeholder=placeholder,
            read_only=read_only,
            id=id,
            classes=f"declaration-pane {classes}".strip(),
        )
        self._words_label = words_label
        self._confirm_label = confirm_label
        self._withdraw_label = withdraw_label
        self._sealed = read_only
        self.status_line = Static("", classes="declaration-status")
        self.button = Button(plain(confirm_label), classes="declaration-button", compact=True, disabled=read_only)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, PartnerText):
                yield Static(plain(self._words_label), classes="declaration-words-label")
            yield widget
        yield self.status_line
        yield self.button

    def show_state(self, confirmed: bool, status: str) -> None:
        """Show whether this partner has declared; confirmed words read only."""
        self.set_class(confirmed, "-confirmed")
        self.status_line.update(plain(status))
        self.button.label = plain(self._withdraw_label if confirmed else self._confirm_label)
        self.button.variant = "default" if confirmed else "primary"
        self.text_area.read_only = self._sealed or confirmed

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self._sealed:
            self.post_message(self.Toggled(self, self.side))
