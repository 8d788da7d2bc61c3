"""Seal the deal: the whole agreement side by side, and each partner's own seal.

Before the seal, each partner types their own name to seal; when both have,
the session is sealed with a timestamp and reads only from then on. A sealed
session opens here, read-only, with its check-ins, exports and the way to a
new revision (the sealed original is never changed).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coalition_tui.domain.accountability import all_warnings
from coalition_tui.domain.errors import CoalitionError, ValidationError
from coalition_tui.domain.partners import SIDE_MARKS, SIDES, Side
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import air_time, checkin_due, confirm_seal, withdraw_seal
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.export.agreement import when_text
from coalition_tui.export.save import FORMAT_NAMES, default_export_dir, save_export
from coalition_tui.export.terminal import airtime_text, checkins_table, partner_text
from coalition_tui.resources import session_styles, stylesheet
from coalition_tui.screens.palette import Command, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.steady_footer import SteadyFooter, fitting_bindings

GUIDANCE = (
    "Read it through together. When it is right for you, type your own name below to seal. "
    "Once both of you have, the agreement is sealed and reads only."
)


class AirTimeView(Widget):
    """Totals, balance and a bar per turn, drawn to the width it is given."""

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def render(self) -> Text:
        record = air_time(self.session)
        names = {"a": self.session.partner_a, "b": self.session.partner_b}
        if record is None:
            return Text("The clearing's clock recorded no speaking time in this session.", style="dim")
        return airtime_text(record, names, width=max(self.content_size.width, 10))


class SealedMoment(ModalScreen[None]):
    """The moment both have sealed: plain, warm, and brief."""

    CSS_PATH = stylesheet("seal.tcss")
    BINDINGS = [Binding("enter,escape,space", "dismiss_moment", "Continue")]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="sealed-moment")
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        commitments = sum(len(s.accountability.of(side).listed()) for side in SIDES)
        following = next_checkin_date(s)
        with Vertical(id="moment-box"):
            yield Static("━━━  S E A L E D  ━━━", id="moment-title")
            yield Static(
                f"{s.partner_a} and {s.partner_b}, you have each given your word.\n"
                "From here you back each other.",
                id="moment-words", markup=False,
            )
            details = f"{when_text(s.seal.sealed_at)}  ·  {commitments} commitment{'s' if commitments != 1 else ''}"
            if following:
                details += f"  ·  first check-in {following}"
            yield Static(details, id="moment-details", markup=False)
            yield Static("enter to continue", id="moment-continue")

    def on_mount(self) -> None:
        box = self.query_one("#moment-box")
        box.styles.opacity = 0.0
        box.styles.animate("opacity", 1.0, duration=0.6)

    def on_click(self) -> None:
        self.dismiss()

    def action_dismiss_moment(self) -> None:
        self.dismiss()


class ExportScreen(ModalScreen[str | None]):
    """Choose a format; the file goes to the folder shown."""

    CSS_PATH = stylesheet("seal.tcss")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("m", "pick('md')", "Markdown", show=False),
        Binding("i", "pick('ics')", "iCalendar", show=False),
        Binding("j", "pick('json')", "JSON", show=False),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__(classes="export-screen")
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static("Export the agreement", id="export-title")
            yield OptionList(
                Option("Markdown (m): to paste into an email or a notes app", id="md"),
                Option("iCalendar (i): due dates and check-ins for your calendar", id="ics"),
                Option("JSON (j): everything, for other tools", id="json"),
                id="export-formats",
            )
            yield Static(f"Saved in {self.folder}, readable by you only.", id="export-where", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, fmt: str) -> None:
        self.dismiss(fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)


# The footer's keys in order of need; on a narrow terminal the last ones leave it first.
FOOTER_ORDER = ("next_step", "previous_step", "home", "export", "checkin", "new_revision", "quit", "app.quit")


class SealScreen(PhaseScreen):
    """The agreement side by side; sealing, or (once sealed) reading, checking in, exporting."""

    PHASE = Phase.SEAL
    CSS_PATH = session_styles("seal.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+o", "export", "Export", tooltip="Save the agreement as Markdown, iCalendar or JSON"),
        Binding("c", "checkin", "Check in", tooltip="Record progress on each commitment"),
        Binding("v", "new_revision", "New revision", tooltip="Change the agreement in a new, linked revision"),
    ]

    @property
    def read_only(self) -> bool:
        return self.session.sealed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("checkin", "new_revision"):
            return self.read_only
        if action == "previous_step":  # a sealed agreement has no step back: hidden, not just inert
            return not self.read_only
        return True

    @property
    def active_bindings(self):  # type: ignore[override]
        """The footer's keys, cut to what fits: presentation mode (f8) leaves first at 80 columns."""
        return fitting_bindings(self, super().active_bindings, FOOTER_ORDER)

    def compose(self) -> ComposeResult:
        session = self.session
        yield self.header()
        with Vertical(classes="phase-body", id="seal"):
            if self.read_only:
                yield Static("✔ The sealed agreement", classes="phase-title", id="seal-title")
                yield Static("", classes="guidance", id="seal-guidance", markup=False)
            else:
                yield Static(self.PHASE.title, classes="phase-title", id="seal-title")
                yield Static(GUIDANCE, classes="guidance", id="seal-guidance", markup=False)
            with VerticalScroll(id="seal-body", can_focus=True):
                with Horizontal(id="seal-sides"):
                    for side in SIDES:
                        panel = Static("", id=f"side-{side}", classes=f"seal-side partner-{side}")
                        panel.border_title = f"{SIDE_MARKS[side]} · {session.name(side)}"
                        yield panel
                airtime = AirTimeView(session, id="seal-airtime")
                airtime.border_title = "Air-time in the clearing"
                yield airtime
                yield Static("", id="seal-checkins")
            if self.read_only:
                yield Static("", id="sealed-banner", markup=False)
            else:
                yield Static("", id="seal-notes", markup=False)
                with Horizontal(id="seal-confirm"):
                    for side in SIDES:
                        with Vertical(classes=f"seal-sign partner-{side}", id=f"sign-{side}"):
                            yield Label(f"{session.name(side)}: type your name to seal", classes="sign-label",
                                        id=f"sign-label-{side}", markup=False)
                            yield Input(placeholder=session.name(side), id=f"seal-input-{side}", compact=True)
                            with Horizontal(classes="sign-done", id=f"sign-done-{side}"):
                                yield Static("", classes="sign-status", id=f"sign-status-{side}", markup=False)
                                yield Button("undo", id=f"withdraw-{side}", classes="withdraw", compact=True)
                            yield Static("", classes="error -empty", id=f"seal-error-{side}", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        if self.read_only:
            self.query_one("#seal-body").focus()
        else:
            waiting = [s for s in SIDES if not self.session.seal.confirmed(s)]
            if waiting:
                self.query_one(f"#seal-input-{waiting[0]}", Input).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    # -- drawing ---------------------------------------------------------------------------

    def refresh_view(self) -> None:
        session = self.session
        for side in SIDES:
            self.query_one(f"#side-{side}", Static).update(partner_text(session, side))
        self.query_one(AirTimeView).display = air_time(session) is not None
        self.query_one(AirTimeView).refresh(layout=True)
        history = self.query_one("#seal-checkins", Static)
        history.display = bool(session.checkins)
        if session.checkins:
            history.update(checkins_table(session))
        if self.read_only:
            self._refresh_sealed()
        else:
            self._refresh_signatures()

    def _refresh_sealed(self) -> None:
        session = self.session
        today = self.coalition.today()
        following = next_checkin_date(session)
        banner = f"✔ Sealed {when_text(session.seal.sealed_at)} by {session.partner_a} and {session.partner_b}."
        if following:
            banner += f"  Next check-in: {following}" + ("  (due now)" if checkin_due(session, today) else "")
        else:
            banner += "  No check-in planned."
        self.query_one("#sealed-banner", Static).update(banner)
        self.query_one("#sealed-banner").set_class(checkin_due(session, today), "-due")
        self.query_one("#seal-guidance", Static).update(
            "It reads only. c records a check-in, ctrl+o exports it, v starts a new revision to change it."
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
                when = parse_stamp(session.seal.confirmed_at[side] or "").astimezone().strftime("%H:%M")
                self.query_one(f"#sign-status-{side}", Static).update(f"✔ {session.name(side)} sealed at {when}")
        notes = []
        names = {"a": session.partner_a, "b": session.partner_b}
        warnings = all_warnings(session.accountability, self.coalition.today(), names)
        if warnings:
            notes.append(
                f"{len(warnings)} realism note{'s' if len(warnings) != 1 else ''} in Accountability"
                + (" (ctrl+r to look again)" if Phase.ACCOUNTABILITY in session.agenda else "")
            )
        if Phase.DECLARATION in session.agenda and not session.declaration.complete:
            waiting = [session.name(s) for s in session.declaration.waiting_for] if hasattr(
                session.declaration, "waiting_for") else []
            notes.append("Declaration not complete" + (f": waiting for {' and '.join(waiting)}" if waiting else ""))
        box = self.query_one("#seal-notes", Static)
        box.display = bool(notes)
        box.update("Before you seal: " + " · ".join(notes) if notes else "")

    # -- sealing -------------------------------------------------------------------------------

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        side: Side = "a" if event.input.id == "seal-input-a" else "b"
        await self.seal_as(side, event.value)

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        side = "a" if event.input.id == "seal-input-a" else "b"
        self._show_error(side, "")

    def _show_error(self, side: str, message: str) -> None:
        error = self.query_one(f"#seal-error-{side}", Static)
        error.update(f"⚠ {message}" if message else "")
        error.set_class(not message, "-empty")

    async def seal_as(self, side: Side, typed: str) -> None:
        try:
            sealed = confirm_seal(self.session, side, typed, self.coalition.now())
        except ValidationError as error:
            self._show_error(side, str(error))
            return
        except CoalitionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.coalition.save_now()
        if not sealed:
            self._refresh_signatures()
            waiting = next(s for s in SIDES if not self.session.seal.confirmed(s))
            self.query_one(f"#seal-input-{waiting}", Input).focus()
            return
        await self.recompose()
        self.query_one("#session-header").refresh_header()  # type: ignore[attr-defined]
        self.refresh_view()
        self.query_one("#seal-body").focus()
        self.app.bell()
        self.app.push_screen(SealedMoment(self.session))

    @on(Button.Pressed, ".withdraw")
    def _withdraw(self, event: Button.Pressed) -> None:
        event.stop()
        side: Side = "a" if event.button.id == "withdraw-a" else "b"
        try:
            withdraw_seal(self.session, side)
        except CoalitionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.changed()
        self._refresh_signatures()
        field = self.query_one(f"#seal-input-{side}", Input)
        field.value = ""
        field.focus()

    # -- moving on -------------------------------------------------------------------------------

    def action_next_step(self) -> None:
        if self.read_only:
            self.coalition.go_home()
        else:
            super().action_next_step()

    def action_previous_step(self) -> None:
        if self.read_only:
            self.notify("This agreement is sealed and reads only. Press v to start a new revision.",
                        title="Sealed")
        else:
            super().action_previous_step()

    def action_checkin(self) -> None:
        if not self.read_only:
            return
        from coalition_tui.screens.checkin import CheckInScreen

        self.app.push_screen(CheckInScreen(self.session))

    def action_new_revision(self) -> None:
        if not self.read_only:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.coalition.start_revision()

        self.app.push_screen(
            ConfirmScreen(
                "Start a new revision?",
                "The sealed agreement stays exactly as it is. The new revision starts as a copy you can "
                "change, links back to this one, and is sealed again when you are both ready.",
                yes="Start a revision", no="Cancel",
            ),
            answered,
        )

    # -- exports -------------------------------------------------------------------------------

    def action_export(self) -> None:
        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export(fmt)

        self.app.push_screen(ExportScreen(default_export_dir()), chosen)

    def export(self, fmt: str) -> Path | None:
        return export_session(self, self.session, fmt)

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            (f"Export as {FORMAT_NAMES[fmt]}", f"Save the agreement as {FORMAT_NAMES[fmt]} in {default_export_dir()}",
             lambda fmt=fmt: self.export(fmt))
            for fmt in ("md", "ics", "json")
        ]
        if self.read_only:
            commands.append(("Record a check-in", "Progress on each commitment, and the next date", self.action_checkin))
            commands.append(("Start a new revision", "Change the agreement in a new revision linked to this one",
                             self.action_new_revision))
        return commands


def export_session(screen: Widget, session: Session, fmt: str) -> Path | None:
    """Write one export and say where it went (or why it could not)."""
    if screen.app.session is session:  # type: ignore[attr-defined]
        screen.app.save_now()  # type: ignore[attr-defined]
    try:
        path = save_export(session, fmt)
    except (CoalitionError, OSError) as error:
        screen.notify(str(error), title="Not exported", severity="error", timeout=12, markup=False)
        return None
    screen.notify(f"{FORMAT_NAMES[fmt]} saved to {path} (readable by you only).", title="Exported",
                  timeout=10, markup=False)
    return path
