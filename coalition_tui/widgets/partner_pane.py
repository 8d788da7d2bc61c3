"""One partner's pane: their name and colour, a label, and their own words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.scalar import Scalar
from textual.css.styles import RulesMap
from textual.reactive import reactive
from textual.visual import visualize
from textual.widgets import Static, TextArea

from coalition_tui.domain.edits import splice
from coalition_tui.domain.partners import Side
from coalition_tui.i18n import _
from coalition_tui.widgets.exact_text import ExactDocument
from coalition_tui.widgets.fields import WordsArea
from coalition_tui.widgets.labels import PartnerTitle
from coalition_tui.widgets.plain import plain


class PartnerText(WordsArea):
    """A partner's own words in their pane."""

    # The pane draws the frame: none around the words, focus or not.
    DEFAULT_CSS = """
    PartnerText {
        height: 1fr;
        border: none;
        padding: 0;

        &:focus {
            border: none;
        }
    }
    """

    def __init__(self, text: str = "", *, side: Side, **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.side = side


class PaneCover(Static):
    """Over a partner's words while they are to stay unseen; focusable where Tab means "my turn now"."""

    def __init__(self, words: Content | str, *, lifts: bool) -> None:
        super().__init__(words, classes="pane-cover")
        self.can_focus = lifts

    def on_focus(self) -> None:
        pane = self.parent
        if isinstance(pane, PartnerPane):
            pane.lift_cover()


class PartnerPane(Vertical):
    """A partner's side of the screen, titled by name so colour is never the only cue."""

    # Unscoped so that presentation mode (a class on the App) can restyle it here. Its title's
    # partner colour (app.tcss) and presentation band (presentation.tcss) stay in the stylesheets:
    # the band's colour must beat the partner colour, which DEFAULT_CSS never does.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    PartnerPane {
        border: round $panel-lighten-2;
        padding: 0 1;

        &.partner-a {
            border: round $partner-a 50%;
        }
        &.partner-b {
            border: round $partner-b 50%;
        }
        &.-lit.partner-a {
            border: heavy $partner-a;
            background: $partner-a 12%;
        }
        &.-lit.partner-b {
            border: heavy $partner-b;
            background: $partner-b 12%;
        }
        & .pane-title {
            text-style: bold;
        }
        & .pane-label {
            color: $text-muted;
            height: auto;
        }
    }

    /* Shared on a video call: every pane in its partner's full colour; the floor holder's heavy and tinted. */
    App.-presentation PartnerPane {
        &.partner-a {
            border: round $partner-a;
        }
        &.partner-b {
            border: round $partner-b;
        }
        &.-lit.partner-a {
            border: heavy $partner-a;
            background: $partner-a 15%;
        }
        &.-lit.partner-b {
            border: heavy $partner-b;
            background: $partner-b 15%;
        }
        & .pane-label {
            color: $text;
        }
    }
    """

    lit: reactive[bool] = reactive(False)
    floor_mark: reactive[str] = reactive("▶ speaking")
    """What the title says while lit (e.g. ``"‖ paused"`` while the floor holder's clock is stopped)."""

    def __init__(
        self,
        side: Side,
        name: str,
        text: str = "",
        *,
        key: str = "",
        label: str = "",
        placeholder: str = "",
        read_only: bool = False,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(id=id, classes=f"partner-pane partner-{side} {classes}".strip())
        # The class's default floor mark, in the interface's language.
        self.set_reactive(PartnerPane.floor_mark, "▶ " + _("speaking"))
        self.side = side
        self.partner_name = name
        self.key = key
        self._text = text
        self._label = label
        self._has_label = bool(label)
        self._room_for: tuple[str, ...] = ()
        self._placeholder = placeholder
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        yield PartnerTitle(self.side, self.partner_name, extra=self._floor_words(), classes="pane-title")
        if self._label:
            yield Static(plain(self._label), classes="pane-label")
        yield PartnerText(
            self._text,
            side=self.side,
            placeholder=self._placeholder,
            read_only=self._read_only,
            classes="pane-text",
        )

    def _floor_words(self) -> str:
        return self.floor_mark if self.lit else ""

    def typing_field(self) -> PartnerText | None:
        """Letters typed on a control in this pane (a confirm button) belong in its words."""
        return self.text_area

    def watch_lit(self, lit: bool) -> None:
        self.set_class(lit, "-lit")
        self._show_title()

    def show_floor(self, *, lit: bool, listening: bool) -> None:
        """Who has the floor, as this pane shows it: lit (speaking), listening, or neither.

        Both classes change in one restyle of the pane: a hand-off changes both.
        """
        self.update_classes({"-lit": lit, "-listening": listening})
        self.lit = lit  # the class is already set: the watcher only retitles

    def watch_floor_mark(self, mark: str) -> None:
        if self.lit:
            self._show_title()

    def _show_title(self) -> None:
        if self.is_mounted:
            self.query_one(PartnerTitle).show_extra(self._floor_words())

    def set_label(self, label: str, *, room_for: Sequence[str] = ()) -> None:
        """Change the words above the text (e.g. guidance that follows the floor).

        ``room_for``: other words this label takes turns with. The label keeps room
        for the longest of them, so the notes below stay put when the words change,
        and the change is drawn without laying the screen out again. It works on
        a pane created with a label.
        """
        if not self._has_label:
            return
        self._label = label
        self._room_for = tuple(room_for)
        self._show_label()

    def _show_label(self) -> None:
        if not self.is_mounted:
            return
        widget = self.query_one(".pane-label", Static)
        width = widget.content_size.width
        if not self._room_for or width <= 0:  # not laid out yet: its height follows its words
            widget.update(plain(self._label))
            return
        # Textual's own Widget passes its RenderStyles where Visual declares RulesMap: it reads them alike.
        rules = cast(RulesMap, widget.styles)
        lines = max(visualize(widget, plain(text)).get_height(rules, width) for text in (self._label, *self._room_for))
        if widget.styles.height != Scalar.from_number(lines):
            widget.styles.height = lines  # a new layout, only when the room itself changes
        widget.update(plain(self._label), layout=False)

    def on_resize(self) -> None:
        if self._room_for:  # a new width: the room the longest words need may change
            self.call_after_refresh(self._show_label)

    @property
    def text_area(self) -> PartnerText:
        return self.query_one(PartnerText)

    @property
    def text(self) -> str:
        return self.text_area.text

    def cover(self, words: str | None, *, lifts: bool = False) -> None:
        """Hide the words behind ``words`` (a "look away" cover), or show them again (None).

        ``lifts``: at one keyboard, Tab onto the cover is the other partner
        taking their turn: the cover lifts and the focus goes into the words
        (the screen then covers the pane being left). The cover is built the
        first time it is needed: most panes never have one.
        """
        covered = words is not None
        if covered and not self.is_attached:  # asked while the screen is still being put together
            self.call_after_refresh(lambda: self.cover(words, lifts=lifts))
            return
        covers = self.query(PaneCover)
        if covered and not covers:
            self.mount(PaneCover(plain(words or ""), lifts=lifts))
        elif covers:
            cover = covers.first()
            cover.can_focus = lifts and covered
            if covered:
                cover.update(plain(words or ""))
        self.set_class(covered, "-covered")

    def lift_cover(self) -> None:
        """The partner whose words these are has come to them: show them, and type there."""
        self.set_class(False, "-covered")
        area = self.text_area
        area.screen.set_focus(area, scroll_visible=False)

    def show_words(self, text: str) -> None:
        """Words changed on another machine: applied as the one edit they are, so a cursor here stays put."""
        area = self.text_area
        current = area.text
        if current == text:
            return
        document = area.document
        with area.prevent(TextArea.Changed):
            if isinstance(document, ExactDocument):
                start, end, insert = splice(current, text)
                area.replace(insert, document.location_of(start), document.location_of(end))
            else:
                area.load_text(text)
