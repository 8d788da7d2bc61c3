"""A small yes / no question over the current screen (y = yes; n or escape = no; enter presses the focused button).

The answer is acted on before the next key is handled (``widgets/dialog.py``),
so words typed straight after "y" go where the answer leaves the focus, never
into the question.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coalition_tui.i18n import N_, _
from coalition_tui.widgets.dialog import Answer, Dialog
from coalition_tui.widgets.plain import plain


class ConfirmScreen(Dialog[bool]):
    """Asks once; ``on_answer(True)`` for yes, ``on_answer(False)`` for no."""

    # Asked from several screens: its look is its own, never another screen's stylesheet.
    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        background: $background 60%;
    }

    ConfirmScreen #confirm-box {
        width: 64;
        max-width: 100%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }

    ConfirmScreen #confirm-title {
        text-style: bold;
    }

    ConfirmScreen #confirm-question {
        margin: 1 0;
    }

    ConfirmScreen #confirm-buttons {
        height: auto;
    }

    ConfirmScreen #confirm-buttons Button {
        margin-right: 2;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), show=False, priority=True),
        Binding("n,escape", "answer(False)", N_("No"), show=False, priority=True),
        Binding("enter,space", "press_focused", N_("Choose"), show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        *,
        yes: str | None = None,
        no: str | None = None,
        on_answer: Answer[bool] | None = None,
    ) -> None:
        """``yes`` and ``no``: the buttons' words, already in the interface's language ("Yes" and "No" if None)."""
        super().__init__(classes="confirm-screen", on_answer=on_answer)
        self._title = title
        self._question = question
        self._yes = _("Yes") if yes is None else yes
        self._no = _("No") if no is None else no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(plain(self._title), id="confirm-title")
            yield Static(plain(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(plain(f"{self._yes} (y)"), id="confirm-yes", variant="primary", compact=True)
                yield Button(plain(f"{self._no} (n)"), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm-no", Button))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_answer(event.button.id == "confirm-yes")

    async def action_press_focused(self) -> None:
        await self.action_answer(self.focused is not None and self.focused.id == "confirm-yes")

    async def action_answer(self, yes: bool) -> None:
        await self.answer(yes)
