"""Seal the deal: the whole agreement side by side, and each partner's own seal.

Before the seal, each partner types their own name to seal; when both have,
the session is sealed with a timestamp and reads only from then on. A sealed
session opens here, read-only, with its check-ins, exports and the way to a
new revision (the sealed original is never changed). An agreement a revision
has replaced says so in one line, and ``v`` opens that revision instead.

When the agreement lacks something (a declaration, a partner's commitment, a
check-in date) the screen lists exactly what, and the name that would seal it
asks once more with that list. What is sealed then says so: the sealed moment,
the banner and every export name who declared and what was missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from coalition_tui.domain.accountability import all_warnings
from coalition_tui.domain.errors import CoalitionError, ValidationError
from coalition_tui.domain.fairness import fairness
from coalition_tui.domain.partners import SIDE_MARKS, SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.revisions import Revisions, Successor
from coalition_tui.domain.seal import (
    checkin_due,
    confirm_seal,
    seal_gaps,
    withdraw_seal,
)
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.domain.versions import known_progress
from coalition_tui.export.agreement import corrections_heading, seal_line, successor_date
from coalition_tui.export.save import FORMAT_NAMES, default_export_dir
from coalition_tui.export.terminal import airtime_text, checkins_table, partner_text
from coalition_tui.i18n import N_, _, ngettext, show_date, show_time
from coalition_tui.resources import session_styles
from coalition_tui.screens.base import Press
from coalition_tui.screens.export_dialog import ExportScreen, export_session
from coalition_tui.screens.focus import focus_now, focus_opening_field
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.screens.sealed_moment import SealedMoment
from coalition_tui.storage.earlier import earlier_versions
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.fields import WordsInput
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.session_header import SessionHeader
from coalition_tui.widgets.steady_footer import SteadyFooter


class AirTimeView(Widget):
    """Each partner's figures (total, share, turns, longest, over target, catch-up), the balance
    and a bar per turn, drawn to the width it is given."""

    COMPONENT_CLASSES = {"air-time-view--quiet"}

    def __init__(self, session: Session, colours: Callable[[], dict[Side, str]], *, id: str) -> None:
        super().__init__(id=id)
        self.session = session
        self.colours = colours  # the partners' colours in the current theme

    def render(self) -> Text:
        record = self.session.clearing.air_time()
        names = self.session.names
        if not record.recorded:
            return Text(
                _("The clearing's clock recorded no speaking time in this session."),
                style=self.get_component_rich_style("air-time-view--quiet", partial=True),
            )
        text = airtime_text(
            record,
            names,
            width=max(self.content_size.width, 10),
            colours=self.colours(),
            fair=fairness(self.session.clearing.clock, self.session.settings),
        )
        corrections = len(self.session.clearing.corrections)
        if corrections:  # the figures above are corrected: say so (``coalition show`` and the exports list each)
            text.append("\n")
            text.append(corrections_heading(corrections), style="italic")
        return text


# The footer's keys in order of need; on a narrow terminal the last ones leave it first.
FOOTER_ORDER = (
    "next_step",
    "previous_step",
    "home",
    "export",
    "checkin",
    "new_revision",
    "open_revision",
    "quit",
    "app.quit",
)


class SignInput(WordsInput):
    """Where a partner types their own name to seal."""

    def __init__(self, side: Side, name: str, *, disabled: bool = False) -> None:
        super().__init__(placeholder=name, id=f"seal-input-{side}", disabled=disabled)
        self.side = side


class SealScreen(PhaseScreen, OffersCommands):
    """The agreement side by side; sealing, or (once sealed) reading, checking in, exporting."""

    PHASE = Phase.SEAL
    CSS_PATH = session_styles("seal.tcss")
    COMMANDS = {ScreenCommands}
    FOOTER_ORDER = FOOTER_ORDER
    BINDINGS = [
        Binding("ctrl+o", "export", N_("Export"), tooltip=N_("Save the agreement as Markdown, iCalendar or JSON")),
        Binding("c", "checkin", N_("Check in"), tooltip=N_("Record progress on each commitment")),
        Binding("v", "new_revision", N_("New revision"), tooltip=N_("Change the agreement in a new, linked revision")),
        # The same key on an agreement a revision replaced: it opens that revision (only one of the two applies).
        Binding("v", "open_revision", N_("Revision"), tooltip=N_("Open the revision that replaced this agreement")),
        Binding("f6", "undo_seal", N_("Undo seal"), priority=True, tooltip=N_("Take back a seal given (asks first)")),
    ]

    successor: Successor | None = None  # the revision that replaced this agreement (from the index)
    draft: str | None = None  # its newest revision, sealed or still being written (the one ``v`` opens)
    _earlier: list[Session] | None = None  # the agreements this one revises (their check-ins say where it stood)

    @property
    def read_only(self) -> bool:
        return self.session.sealed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "checkin":
            return self.read_only
        if action == "new_revision":
            return self.read_only and self.draft is None
        if action == "open_revision":
            return self.read_only and self.draft is not None
        if action == "previous_step":  # a sealed agreement has no step back: hidden, not just inert
            return not self.read_only
        if action == "undo_seal":
            return not self.read_only and bool(self._sealed_sides())
        return super().check_action(action, parameters)

    def pressable(self) -> Press | None:
        focused = self.focused
        if isinstance(focused, SignInput):
            return lambda: self.seal_as(focused.side, focused.value)
        return None

    def compose(self) -> ComposeResult:
        session = self.session
        yield from self.header_rows()
        with Vertical(classes="phase-body", id="seal"):
            if self.read_only:
                yield Static("✔ " + _("The sealed agreement"), classes="phase-title", id="seal-title")
                yield Static("", classes="guidance", id="seal-guidance")
            else:
                yield Static(self.PHASE.title, classes="phase-title", id="seal-title")
                yield Static(plain(session.prompts.seal.guidance), classes="guidance", id="seal-guidance")
            # A sealed agreement is read by scrolling; before the seal, Tab goes from name to name.
            with VerticalScroll(id="seal-body", can_focus=self.read_only):
                with Horizontal(id="seal-sides"):
                    for side in SIDES:
                        panel = Static("", id=f"side-{side}", classes=f"seal-side partner-{side}")
                        panel.border_title = plain(f"{SIDE_MARKS[side]} · {session.name(side)}")
                        yield panel
                airtime = AirTimeView(session, self.coalition.partner_colours, id="seal-airtime")
                airtime.border_title = _("Air-time in the clearing")
                yield airtime
                yield Static("", id="seal-checkins")
            if self.read_only:
                yield Static("", id="seal-superseded")
                yield Static("", id="sealed-banner")
            else:
                yield Static("", id="seal-notes")
                with Horizontal(id="seal-confirm"):
                    for side in SIDES:
                        with Vertical(classes=f"seal-sign partner-{side}", id=f"sign-{side}"):
                            yield Label(
                                plain(_("{name}: type your name to seal").format(name=session.name(side))),
                                classes="sign-label",
                                id=f"sign-label-{side}",
                            )
                            yield SignInput(side, session.name(side), disabled=self.locked(side))
                            with Horizontal(classes="sign-done", id=f"sign-done-{side}"):
                                yield Static("", classes="sign-status", id=f"sign-status-{side}")
                                undo = Button(
                                    _("undo (F6)"),
                                    id=f"withdraw-{side}",
                                    classes="withdraw",
                                    compact=True,
                                    disabled=self.locked(side),
                                )
                                undo.can_focus = False  # an action: F6 or a click, never a stop for Tab
                                yield undo
                            yield Static("", classes="error -empty", id=f"seal-error-{side}")
        yield SteadyFooter()

    def on_mount(self, event: events.Mount) -> None:
        self.refresh_view()
        self.watch(self.app, "theme", lambda _theme: self.refresh_view(), init=False)  # the partners' colours
        if self.read_only:
            focus_now(self.query_one("#seal-body"), scroll_visible=False)
        else:
            focus_opening_field(self.query_one("#seal-confirm"))

    def on_screen_resume(self) -> None:
        self.refresh_view()

    # -- drawing ---------------------------------------------------------------------------

    def refresh_view(self) -> None:
        session = self.session
        if self._earlier is None:  # what the agreements it revises reported, read once
            self._earlier = earlier_versions(self.coalition.store, session)
        known, colours = known_progress(session, self._earlier), self.coalition.partner_colours()
        for side in SIDES:
            self.query_one(f"#side-{side}", Static).update(partner_text(session, side, colours=colours, known=known))
        self.query_one(AirTimeView).display = session.clearing.air_time().recorded
        self.query_one(AirTimeView).refresh(layout=True)
        history = self.query_one("#seal-checkins", Static)
        history.display = bool(session.checkins)
        if session.checkins:
            history.update(checkins_table(session, colours=self.coalition.partner_colours()))
        # As composed, not as the session is now: between the seal and the recompose
        # that follows it, the screen still holds the fields to sign.
        if self.query("#sealed-banner"):
            self._refresh_sealed()
        else:
            self._refresh_signatures()

    def _find_successor(self) -> Successor | None:
        """The sealed revision that replaced this agreement, from the store's index (no session file is read).

        Also notes a revision still being written (``draft``): ``v`` takes it up rather than begin another.
        """
        try:
            rows = self.coalition.store.list_summaries()
        except CoalitionError:  # an index that cannot be read: the agreement is still shown
            return None
        revisions = Revisions(rows)
        self.draft = revisions.revised_by(self.session.id)
        return revisions.superseded_by(self.session.id)

    def _refresh_sealed(self) -> None:
        session = self.session
        today = self.coalition.today()
        draft = self.draft
        successor = self._find_successor()
        if successor != self.successor or draft != self.draft:
            self.successor = successor
            self.refresh_bindings()  # "v" opens the revision rather than starting another
        line = self.query_one("#seal-superseded", Static)
        line.display = successor is not None
        if successor is not None:
            text = _("Superseded by the revision of {date}; {key} opens it.")
            line.update(plain(text.format(date=successor_date(successor), key="v")))
        following = next_checkin_date(session)
        due = successor is None and checkin_due(session, today)
        banner = seal_line(session)
        if successor is not None:  # replaced: its dates no longer hold (the revision's do)
            pass
        elif following:
            banner += "  " + _("Next check-in: {date}").format(date=show_date(date.fromisoformat(following)))
            banner += "  " + _("(due now)") if due else ""
        else:
            banner += "  " + _("No check-in planned.")
        self.query_one("#sealed-banner", Static).update(plain(banner))
        self.query_one("#sealed-banner").set_class(due, "-due")
        if self.draft is None:
            guidance = _(
                "It reads only. {checkin} records a check-in, {export} exports it, "
                "{revise} starts a new revision to change it."
            )
        elif successor is None:  # a revision begun, not sealed yet: the agreement still stands
            guidance = _(
                "It reads only. {checkin} records a check-in, {export} exports it, "
                "{revise} opens the revision begun to change it."
            )
        else:  # changed already: the line above the banner says where the revision is
            guidance = _("It reads only. {checkin} records a check-in, {export} exports it.")
        self.query_one("#seal-guidance", Static).update(
            plain(guidance.format(checkin="c", export="ctrl+o", revise="v"))
        )

    def _refresh_signatures(self) -> None:
        session = self.session
        for side in SIDES:
            confirmed = session.seal.confirmed(side)
            self.query_one(f"#seal-input-{side}").display = not confirmed
            self.query_one(f"#sign-label-{side}").display = not confirmed
            self.query_one(f"#sign-done-{side}").display = confirmed
            self.query_one(f"#sign-{side}").set_class(confirmed, "-sealed")
            if confirmed:
                when = show_time(parse_stamp(session.seal.confirmed_at[side] or "").astimezone())
                sealed = _("{name} sealed at {time}").format(name=session.name(side), time=when)
                self.query_one(f"#sign-status-{side}", Static).update(plain(f"✔ {sealed}"))
        notes = [gap.text for gap in seal_gaps(session)]
        warnings = all_warnings(session.accountability, self.coalition.today(), session.names)
        if warnings:
            count = len(warnings)
            note = ngettext("{count} realism note in {phase}", "{count} realism notes in {phase}", count)
            note = note.format(count=count, phase=Phase.ACCOUNTABILITY.title)
            if Phase.ACCOUNTABILITY in session.agenda:
                note += " " + _("({key} to look again)").format(key="ctrl+r")
            notes.append(note)
        box = self.query_one("#seal-notes", Static)
        box.display = bool(notes)
        box.update(plain("⚠ " + _("Before you seal: {notes}").format(notes=" · ".join(notes)) if notes else ""))

    # -- sealing -------------------------------------------------------------------------------

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if isinstance(event.input, SignInput):
            await self.seal_as(event.input.side, event.value)

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        if isinstance(event.input, SignInput):
            self._show_error(event.input.side, "")

    def _show_error(self, side: Side, message: str) -> None:
        error = self.query_one(f"#seal-error-{side}", Static)
        error.update(plain(f"⚠ {message}" if message else ""))
        error.set_class(not message, "-empty")

    async def seal_as(self, side: Side, typed: str, *, gaps_seen: bool = False) -> None:
        """``side`` seals by typing their name; the name that would seal an agreement with gaps asks first."""
        if self.locked(side):
            return
        session = self.session
        seals = session.seal.confirmed(other(side)) and not session.seal.confirmed(side)
        gaps = seal_gaps(session)
        if seals and gaps and not gaps_seen and not session.sealed:
            if not self._check_name(side, typed):
                return
            self._ask_to_seal_with_gaps(side, typed, [gap.text for gap in gaps])
            return
        try:
            sealed = confirm_seal(session, side, typed, self.coalition.now())
        except ValidationError as error:
            self._show_error(side, str(error))
            return
        except CoalitionError as error:
            self.notify(str(error), severity="warning")
            return
        self.coalition.save_now()
        if not sealed:
            self._refresh_signatures()
            waiting = next(s for s in SIDES if not session.seal.confirmed(s))
            focus_now(self.query_one(f"#seal-input-{waiting}", Input))
            return
        await self.recompose()
        if not self.query("#session-header"):  # the screen went while it was redrawn (a quit right after
            return  # the seal): the seal is saved; nothing is left to show it on
        self.query_one("#session-header", SessionHeader).refresh_header()
        self.refresh_view()
        focus_now(self.query_one("#seal-body"), scroll_visible=False)
        self.app.bell()
        self.app.push_screen(SealedMoment(session))

    def _check_name(self, side: Side, typed: str) -> bool:
        from coalition_tui.domain.seal import name_matches

        if name_matches(typed, self.session.name(side)):
            return True
        self._show_error(side, _("To seal, type your name exactly: {name}").format(name=self.session.name(side)))
        return False

    def _ask_to_seal_with_gaps(self, side: Side, typed: str, gaps: list[str]) -> None:
        async def answered(yes: bool) -> None:
            if yes:
                await self.seal_as(side, typed, gaps_seen=True)
            else:
                focus_now(self.query_one(f"#seal-input-{side}", Input))

        self.app.push_screen(
            ConfirmScreen(
                _("Seal it as it stands?"),
                _("This agreement lacks:")
                + "\n"
                + "\n".join(f"  · {gap}" for gap in gaps)
                + "\n\n"
                + _("Sealed now, it will say so wherever it is read. {key} goes back to add what is missing.").format(
                    key="ctrl+r"
                ),
                yes=_("Seal as it stands"),
                no=_("Not yet"),
                on_answer=answered,
            )
        )

    @on(Button.Pressed, ".withdraw")
    def _withdraw(self, event: Button.Pressed) -> None:
        event.stop()
        self.ask_undo_seal("a" if event.button.id == "withdraw-a" else "b")

    def _sealed_sides(self) -> list[Side]:
        """The partners whose seal this machine may take back (before both have sealed)."""
        return [side for side in SIDES if self.session.seal.confirmed(side) and not self.locked(side)]

    def action_undo_seal(self) -> None:
        sealed = self._sealed_sides()
        if not sealed:
            self.notify(_("Nobody has sealed yet."), timeout=3)
            return
        self.ask_undo_seal(sealed[0])

    def ask_undo_seal(self, side: Side) -> None:
        """Taking a seal back asks first, naming whose it is."""
        name = self.session.name(side)

        def answered(yes: bool) -> None:
            if yes:
                self._withdraw_for(side)

        self.app.push_screen(
            ConfirmScreen(
                _("Undo {name}'s seal?").format(name=name),
                _("{name} will need to type their name again to seal.").format(name=name),
                yes=_("Undo the seal"),
                no=_("Keep it"),
                on_answer=answered,
            )
        )

    def _withdraw_for(self, side: Side) -> None:
        if self.locked(side):
            return
        try:
            withdraw_seal(self.session, side)
        except CoalitionError as error:
            self.notify(str(error), severity="warning")
            return
        self.changed()
        self._refresh_signatures()
        field = self.query_one(f"#seal-input-{side}", Input)
        field.value = ""
        focus_now(field)

    # -- edits from another machine --------------------------------------------------------------

    def show_remote(self, paths: set[str]) -> None:
        super().show_remote(paths)
        self.refresh_view()

    # -- moving on -------------------------------------------------------------------------------

    async def action_next_step(self) -> None:
        if self.read_only:
            self.coalition.go_home()
        else:
            await super().action_next_step()

    async def action_previous_step(self) -> None:
        if self.read_only:
            self.notify(
                _("This agreement is sealed and reads only. Press {key} to start a new revision.").format(key="v"),
                title=_("Sealed"),
            )
        else:
            await super().action_previous_step()

    def action_checkin(self) -> None:
        if not self.read_only:
            return
        from coalition_tui.screens.checkin import CheckInScreen

        self.app.push_screen(CheckInScreen(self.session))

    def action_open_revision(self) -> None:
        """Open this agreement's revision, sealed or begun (the original stays as it is)."""
        if self.read_only and self.draft is not None:
            self.coalition.open_session(self.draft)

    def action_new_revision(self) -> None:
        if not self.read_only or self.draft is not None:
            return

        def answered(yes: bool) -> None:
            if yes:
                self.coalition.start_revision()

        self.app.push_screen(
            ConfirmScreen(
                _("Start a new revision?"),
                _(
                    "The sealed agreement stays exactly as it is. The new revision starts as a copy you can "
                    "change, links back to this one, and is sealed again when you are both ready."
                ),
                yes=_("Start a revision"),
                no=_("Cancel"),
                on_answer=answered,
            )
        )

    # -- exports -------------------------------------------------------------------------------

    def action_export(self) -> None:
        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export(fmt)

        self.app.push_screen(ExportScreen(default_export_dir(), on_answer=chosen))

    def export(self, fmt: str) -> Path | None:
        successor = self._find_successor() if self.read_only else None  # as the index says now
        return export_session(self, self.session, fmt, superseded_by=successor)

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            (
                _("Export as {format}").format(format=FORMAT_NAMES[fmt]),
                _("Save the agreement as {format} in {folder}").format(
                    format=FORMAT_NAMES[fmt], folder=default_export_dir()
                ),
                partial(self.export, fmt),
            )
            for fmt in ("md", "ics", "json")
        ]
        if self.read_only:
            commands.append(
                (_("Record a check-in"), _("Progress on each commitment, and the next date"), self.action_checkin)
            )
            if self.draft is not None:
                commands.append(
                    (
                        _("Open the revision"),
                        _("The revision that replaced this agreement")
                        if self.successor is not None
                        else _("The revision begun to change this agreement"),
                        self.action_open_revision,
                    )
                )
            else:
                commands.append(
                    (
                        _("Start a new revision"),
                        _("Change the agreement in a new revision linked to this one"),
                        self.action_new_revision,
                    )
                )
        return commands
