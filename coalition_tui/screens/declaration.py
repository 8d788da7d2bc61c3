"""The declaration of mutual support: each partner confirms for themselves.

Each partner's pane holds the declaration in their voice, optional words of
their own and their own confirm / withdraw button. The phase is complete only
when both have confirmed; either may withdraw until the agreement is sealed.
Moving on (ctrl+n) before both have confirmed is allowed, with a clear warning.
Withdrawing asks first: a second Enter on the button is more often a slip than
a change of heart.
"""

from __future__ import annotations

from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import DeclarationTexts, fill, fill_for
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import parse_stamp, stamp
from coalition_tui.i18n import _, show_datetime
from coalition_tui.remote.paths import join_path
from coalition_tui.resources import session_styles
from coalition_tui.screens.base import Press
from coalition_tui.screens.focus import focus_now, focus_opening_field
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.declaration_pane import DeclarationPane
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.steady_footer import SteadyFooter


def local_time(when: str) -> str:
    """A stored stamp as local ``YYYY-MM-DD HH:MM`` (in English; the locale's form in another language)."""
    return show_datetime(parse_stamp(when).astimezone())


def join_names(names: list[str]) -> str:
    """``Ada and Ben``."""
    joined = names[0] if names else ""
    for name in names[1:]:
        joined = _("{first} and {second}").format(first=joined, second=name)
    return joined


SHORT_HEIGHT = 24  # below this many rows the guidance gives way to the panes
TALL_HEIGHT = 40  # from this many rows presentation boxes the declarations large


class DeclarationScreen(PhaseScreen, OffersCommands):
    """Both partners declare their support, each with their own confirmation."""

    PHASE = Phase.DECLARATION
    CSS_PATH = session_styles("declaration.tcss")
    COMMANDS = {ScreenCommands}

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.texts: DeclarationTexts = self.session.prompts.declaration
        self._warned = False  # ctrl+n was pressed once with the declaration incomplete

    def _fill(self, template: str, side: Side) -> str:
        return fill_for(template, self.session.names, side)

    def compose(self) -> ComposeResult:
        texts = self.texts
        yield from self.header_rows()
        with Vertical(classes="phase-body", id="declaration"):
            yield Static(plain(texts.title), classes="phase-title", id="decl-title")
            yield Static(plain(texts.guidance), classes="guidance", id="decl-guidance")
            with Horizontal(classes="panes", id="decl-panes"):
                for side in SIDES:
                    yield DeclarationPane(
                        side,
                        self.session.name(side),
                        self.session.declaration.of(side).words,
                        statement=_("“{words}”").format(words=self._fill(texts.statement, side)),
                        words_label=self._fill(texts.words_label, side),
                        placeholder=self._fill(texts.words_placeholder, side),
                        confirm_label=self._fill(texts.confirm_button, side),
                        withdraw_label=self._fill(texts.withdraw_button, side),
                        read_only=self.locked(side),
                        id=f"declaration-{side}",
                        classes="partner-area",
                    )
            yield Static("", id="decl-summary")
        yield SteadyFooter()

    def on_mount(self, event: events.Mount) -> None:
        self._fit(self.app.size.height)
        self.refresh_state()
        focus_opening_field(self.query_one("#decl-panes"))

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height >= TALL_HEIGHT, "-tall")

    def pane(self, side: Side) -> DeclarationPane:
        return self.query_one(f"#declaration-{side}", DeclarationPane)

    # -- showing where the declaration stands ------------------------------------------

    def summary_text(self) -> str:
        texts = self.texts
        declaration = self.session.declaration
        if declaration.complete:
            text = texts.complete
        else:
            names = join_names([self.session.name(s) for s in declaration.waiting_for])
            text = fill(texts.waiting, names=names)
        if self.session.sealed:
            text = f"{text}  {texts.sealed_note}"
        return text

    def refresh_state(self) -> None:
        declaration = self.session.declaration
        for side in SIDES:
            mine = declaration.of(side)
            if mine.confirmed_at:
                status = fill_for(self.texts.confirmed, self.session.names, side, when=local_time(mine.confirmed_at))
            else:
                status = self._fill(self.texts.pending, side)
            self.pane(side).show_state(mine.confirmed, status)
        summary = self.query_one("#decl-summary", Static)
        summary.update(plain(self.summary_text()))
        summary.set_class(declaration.complete, "-complete")

    # -- confirming and withdrawing ---------------------------------------------------

    def confirm(self, side: Side) -> None:
        """This partner declares their support (their own explicit confirmation)."""
        try:
            self.session.ensure_editable()
        except CoalitionError as error:
            self.notify(str(error), severity="warning")
            return
        self.session.declaration.confirm(side, stamp(self.coalition.now()))
        self._warned = False
        self.changed()
        self.refresh_state()
        if self.session.declaration.complete:
            self.notify(self.texts.complete, title=self.texts.title)
        elif self.focused is self.pane(side).button:
            # On to the partner still to declare: a second Enter is not a withdrawal.
            focus_now(self.pane(other(side)).text_area)

    def ask_withdraw(self, side: Side) -> None:
        """Withdrawing asks first, naming whose declaration it is."""
        name = self.session.name(side)

        def answered(yes: bool) -> None:
            if yes:
                self.withdraw(side)

        self.app.push_screen(
            ConfirmScreen(
                _("Withdraw the declaration?"),
                _(
                    "{name}'s declaration of support will be taken back. {name}'s words stay, and "
                    "{name} can declare again at any time before the seal."
                ).format(name=name),
                yes=_("Withdraw"),
                no=_("Keep it"),
                on_answer=answered,
            )
        )

    def withdraw(self, side: Side) -> None:
        """This partner takes their declaration back (allowed until the seal)."""
        try:
            self.session.ensure_editable()
        except CoalitionError as error:
            self.notify(str(error), severity="warning")
            return
        self.session.declaration.withdraw(side)
        self._warned = False
        self.changed()
        self.refresh_state()

    def on_declaration_pane_toggled(self, event: DeclarationPane.Toggled) -> None:
        event.stop()
        self.toggle(event.side)

    def toggle(self, side: Side) -> None:
        """A partner's own button: declare, or (asking first) withdraw."""
        if self.locked(side):
            return
        if self.session.declaration.of(side).confirmed:
            self.ask_withdraw(side)
        else:
            self.confirm(side)

    def pressable(self) -> Press | None:
        focused = self.focused
        for side in SIDES:
            if focused is self.pane(side).button and not focused.disabled:
                return partial(self.toggle, side)
        return None

    def record_words(self, side: Side, key: str, text: str) -> None:
        declaration = self.session.declaration.of(side)
        if self.locked(side) or declaration.confirmed or declaration.words == text:
            return
        self.session.declaration.set_words(side, text)
        self.changed()

    # -- edits from another machine -------------------------------------------------------

    def words_at(self, side: Side, key: str) -> tuple[str, str] | None:
        return join_path("declaration", side, "words"), self.session.declaration.of(side).words

    def show_remote(self, paths: set[str]) -> None:
        super().show_remote(paths)
        self.refresh_state()

    # -- moving on ---------------------------------------------------------------------

    async def action_next_step(self) -> None:
        """Moving on before both have declared warns first and stays; ctrl+n again moves on (a double press never
        skips the declaration unseen)."""
        if self.host_drives():
            return
        declaration = self.session.declaration
        if not declaration.complete and not self.session.sealed and not self._warned:
            self._warned = True
            names = join_names([self.session.name(s) for s in declaration.waiting_for])
            self.notify(
                fill(self.texts.incomplete_warning, names=names)
                + " "
                + _("{key} again moves on without it.").format(key="ctrl+n"),
                title=_("Declaration not complete"),
                severity="warning",
                timeout=10,
            )
            return
        await super().action_next_step()

    # -- the command palette -----------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = []
        if self.session.sealed:
            return commands
        for side in SIDES:
            if self.locked(side):
                continue
            name = self.session.name(side)
            if self.session.declaration.of(side).confirmed:
                commands.append(
                    (
                        _("{name}: withdraw the declaration").format(name=name),
                        _("Take back {name}'s declaration").format(name=name),
                        partial(self.ask_withdraw, side),
                    )
                )
            else:
                commands.append(
                    (
                        _("{name}: confirm the declaration").format(name=name),
                        _("{name} declares their support").format(name=name),
                        partial(self.confirm, side),
                    )
                )
        return commands
