"""Lines of words that every screen shows: whose area this is, and quieter words beside louder ones.

Kept apart from the fields (``widgets/fields.py``): the home screen, drawn
first, needs these and none of the text areas.
"""

from __future__ import annotations

from rich.style import Style
from textual.widgets import Label, Static

from coalition_tui.domain.partners import SIDE_MARKS, Side
from coalition_tui.i18n import N_, _
from coalition_tui.widgets.plain import plain

TYPING_MARK = "✎"
TYPING = N_("typing")
"""Beside the mark: ``✎ typing`` (translated where shown)."""


class PartnerTitle(Label):
    """``A · Ada``, and ``✎ typing`` while that partner's field has the focus.

    The screen tells it (``CoalitionScreen.watch_typing_side``), so on every
    screen and in every theme the partner being typed for is named in words.
    """

    # A fixed size: new words need no new layout.
    DEFAULT_CSS = """
    PartnerTitle {
        width: 100%;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;

        &.-typing {
            text-style: bold;
        }
    }
    """

    def __init__(self, side: Side, name: str, *, extra: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.side = side
        self.partner_name = name
        self._extra = extra
        self._typing = False
        self.add_class("partner-title")
        self._show()

    def show_extra(self, extra: str) -> None:
        """Words after the name that the screen changes (e.g. ``▶ speaking``)."""
        if extra != self._extra:
            self._extra = extra
            self._show()

    def show_typing(self, typing: bool) -> None:
        if typing != self._typing:
            self._typing = typing
            self.set_class(typing, "-typing")
            self._show()

    @property
    def words(self) -> str:
        parts = [f"{SIDE_MARKS[self.side]} · {self.partner_name}"]
        if self._extra:
            parts.append(self._extra)
        if self._typing:
            parts.append(TYPING_MARK + " " + _(TYPING))
        return "  ".join(parts)

    def _show(self) -> None:
        # The title's size is fixed in CSS (DEFAULT_CSS): new words need no new layout.
        self.update(plain(self.words), layout=not self.is_mounted)


class QuietText(Static):
    """A line whose quieter words (``quiet``) take the theme's muted colour.

    Rich's ``dim`` halves a colour towards the background: under 7:1 in the
    high-contrast themes. The muted colour is the theme's own choice.
    """

    COMPONENT_CLASSES = {"quiet-text--quiet"}
    DEFAULT_CSS = """
    QuietText > .quiet-text--quiet {
        color: $text-muted;
    }
    """

    @property
    def quiet(self) -> Style:
        return self.get_component_rich_style("quiet-text--quiet", partial=True)


class Note(Static):
    """Words that come and go with what a partner types (a warning, a date's mistake, the next check-ins).

    Told on every key, it redraws, and lays the screen out again, only when its words
    change: most keys change none of them, and a whole layout of a dense screen costs
    far more than a key.
    """

    def show(self, words: str) -> None:
        """Show ``words`` (plain text); none hides the note."""
        if words == getattr(self, "_words", None):
            return
        self._words = words
        self.update(plain(words))
        self.display = bool(words)
