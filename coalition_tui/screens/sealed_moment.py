"""The moment both partners have sealed: plain, warm and brief, over the sealed agreement.

Its look is its own (``DEFAULT_CSS``): it loads no screen's stylesheet.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import record_lines
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.export.agreement import when_text
from coalition_tui.i18n import N_, _, ngettext, show_date
from coalition_tui.textual_ext.translated_bindings import TranslatedBindings
from coalition_tui.widgets.plain import plain


def moment_words(session: Session) -> str:
    """What the sealed moment says to the pair: only what is true of this agreement."""
    declared = Phase.DECLARATION in session.agenda and session.declaration.complete
    opening = (
        _("{a} and {b}, you have each declared your support and sealed this agreement.")
        if declared
        else _("{a} and {b}, you have each sealed this agreement.")
    ).format(a=session.partner_a, b=session.partner_b)
    record = [] if declared else record_lines(session)
    if declared and (others := record_lines(session)[1:]):
        record = others
    closing = [] if record else [session.prompts.seal.closing or _("From here you back each other.")]
    return "\n".join([opening, *record, *closing])


def moment_details(session: Session) -> str:
    """When it was sealed, how many commitments it holds, and the first check-in."""
    commitments = sum(len(session.accountability.of(side).listed()) for side in SIDES)
    counted = ngettext("{count} commitment", "{count} commitments", commitments).format(count=commitments)
    details = f"{when_text(session.seal.sealed_at)}  ·  {counted}"
    following = next_checkin_date(session)
    if not following:
        return details
    return f"{details}  ·  " + _("first check-in {date}").format(date=show_date(date.fromisoformat(following)))


class SealedMoment(TranslatedBindings, ModalScreen[None]):
    """The moment both have sealed: plain, warm, and brief."""

    DEFAULT_CSS = """
    SealedMoment {
        align: center middle;
        background: $background 60%;
    }

    SealedMoment #moment-box {
        width: 64;
        max-width: 100%;
        height: auto;
        border: double $success;
        background: $surface;
        padding: 1 2;
    }

    SealedMoment #moment-title {
        width: 100%;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        color: $success;
        margin-bottom: 1;
    }

    SealedMoment #moment-words {
        width: 100%;
        text-align: center;
    }

    SealedMoment #moment-details {
        width: 100%;
        text-align: center;
        color: $text-muted;
        margin: 1 0;
    }

    SealedMoment #moment-continue {
        width: 100%;
        text-align: center;
        color: $text-muted;
        text-style: italic;
    }
    """
    BINDINGS = [Binding("enter,escape,space", "dismiss_moment", N_("Continue"), priority=True)]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="sealed-moment")
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="moment-box"):
            # The word is spaced out letter by letter, whatever the language.
            yield Static("━━━  " + " ".join(_("SEALED")) + "  ━━━", id="moment-title")
            yield Static(plain(moment_words(self.session)), id="moment-words")
            yield Static(plain(moment_details(self.session)), id="moment-details")
            yield Static(_("{key} to continue").format(key="enter"), id="moment-continue")

    def on_mount(self) -> None:
        box = self.query_one("#moment-box")
        box.styles.opacity = 0.0
        box.styles.animate("opacity", 1.0, duration=0.6)

    def on_click(self) -> None:
        self.dismiss()

    def action_dismiss_moment(self) -> None:
        self.dismiss()
