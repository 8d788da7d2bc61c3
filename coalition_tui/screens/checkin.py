"""A check-in on a sealed agreement: where each commitment stands, and the next date.

Reached from the sealed agreement (c) or from home (c on a sealed session).
Each commitment gets a status (done, on track, at risk, dropped: each with
its own mark, not only a colour) and a note; the next check-in date is
suggested from the partners' cadence when it can be read. Each commitment
starts at its latest status, reported here or on the agreement this one
revises (a revision's commitments carry on where they stood). Recording saves
at once and updates the home screen's "check-ins due".
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from coalition_tui.domain.accountability import DATE_HINT, date_problem, parse_cadence
from coalition_tui.domain.errors import CoalitionError, ValidationError
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.seal import (
    STATUS_LABELS,
    STATUS_MARKS,
    STATUSES,
    checkin_warnings,
    latest_progress,
    record_checkin,
    suggest_next_checkin,
)
from coalition_tui.domain.session import Session
from coalition_tui.domain.versions import known_progress
from coalition_tui.export.agreement import date_text
from coalition_tui.i18n import N_, _, show_date
from coalition_tui.resources import session_styles
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.screens.focus import focus_now
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.storage.earlier import earlier_versions
from coalition_tui.widgets.fields import WordsInput
from coalition_tui.widgets.labels import PartnerTitle, QuietText
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.session_header import SessionHeader
from coalition_tui.widgets.status_choice import NumberedChoice
from coalition_tui.widgets.steady_footer import SteadyFooter


def status_words(status: str) -> str:
    """A status with its mark, in the interface's language (``""``: not reported)."""
    return f"{STATUS_MARKS[status]} {_(STATUS_LABELS[status])}"


def status_options() -> list[tuple[str, str]]:
    """Each status and its words, in the order of their numbers."""
    return [(s, status_words(s)) for s in STATUSES]


class StatusChosen(NumberedChoice):
    """How a commitment stands, chosen at once with ←/→ or 1–4 (a drop-down opens a frame late: keys
    typed ahead of it landed on the wrong thing)."""

    def __init__(self, side: Side, index: int, value: str) -> None:
        super().__init__(
            status_options(),
            value if value in STATUSES else "",
            hint=status_words(""),
            side=side,
            key=f"status-{index}",
            id=f"status-{side}-{index}",
            classes="checkin-status",
        )
        self.index = index


class NoteInput(WordsInput):
    def __init__(self, side: Side, index: int) -> None:
        super().__init__(placeholder=_("a note (optional)"), id=f"note-{side}-{index}", classes="checkin-note")
        self.side = side
        self.index = index


class CommitmentLine(QuietText):
    """One commitment as the check-in names it; its date and last status in the muted colour."""

    def __init__(self, parts: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts = parts

    def on_mount(self, event: events.Mount) -> None:
        text = Text()
        for words, style in self._parts:
            text.append(words, style=self.quiet if style == "quiet" else style)
        self.update(text)


class CheckInScreen(CoalitionScreen, OffersCommands):
    """Record progress on a sealed agreement; nothing else about it changes."""

    CSS_PATH = session_styles("checkin.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+s", "record", N_("Record check-in"), priority=True),
        Binding("escape", "cancel", N_("Back")),
        Binding("ctrl+g", "home", N_("Home")),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="checkin-screen")
        self.session = session
        self._progress: dict[str, list[dict[str, str]]] = {
            side: [{"status": "", "note": ""} for _row in session.accountability.of(side).commitments] for side in SIDES
        }
        self._next_date = ""

    def compose(self) -> ComposeResult:
        session = self.session
        today = self.coalition.today()
        # Where each commitment stood: reported here, or on the agreements this one revises.
        known = known_progress(session, earlier_versions(self.coalition.store, session))
        yield SessionHeader(session, id="session-header")
        with Vertical(id="checkin"):
            yield Static(
                _("Check-in · {date}").format(date=show_date(today)), classes="phase-title", id="checkin-title"
            )
            yield Static(plain(self.session.prompts.checkin.guidance), classes="guidance", id="checkin-guidance")
            with VerticalScroll(id="checkin-body"):
                for side in SIDES:
                    yield PartnerTitle(side, session.name(side), classes=f"checkin-partner partner-{side}")
                    listed = session.accountability.of(side).listed()
                    if not listed:
                        yield Static(_("No commitments listed."), classes="checkin-empty")
                    for number, (index, commitment) in enumerate(listed, 1):
                        last = latest_progress(session, side, index, known)
                        with Vertical(classes=f"checkin-item partner-{side}"):
                            yield CommitmentLine(
                                self._describe(side, number, commitment.what, commitment.by_when, last),
                                classes="checkin-what",
                            )
                            with Horizontal(classes="checkin-row"):
                                yield StatusChosen(side, index, last.get("status", ""))
                                yield NoteInput(side, index)
            suggestion = suggest_next_checkin(session, today)
            with Horizontal(id="next-row"):
                yield Label(_("Next check-in"), id="next-label")
                yield WordsInput(
                    show_date(suggestion) if suggestion else "", placeholder=_("YYYY-MM-DD"), id="next-checkin"
                )
                yield Static(plain(self._cadence_hint()), id="next-hint")
            yield Static("", classes="error -empty", id="error-next_checkin")
            yield Static("", id="checkin-notes")
        yield SteadyFooter()

    def _describe(
        self, side: Side, number: int, what: str, by_when: str, last: dict[str, str]
    ) -> list[tuple[str, str]]:
        colour = self.coalition.partner_colours()[side]
        parts = [(f"{number}. ", "bold"), (what or _("(no words)"), f"bold {colour}")]
        if by_when.strip():
            parts.append(("  · " + _("due {when}").format(when=date_text(by_when.strip())), "quiet"))
        if last.get("status"):
            parts.append(("  · " + _("last time: {status}").format(status=status_words(last["status"])), "quiet"))
        return parts

    def _cadence_hint(self) -> str:
        cadences = [self.session.accountability.of(s).cadence.strip() for s in SIDES]
        cadences = [c for c in cadences if c]
        if not cadences:
            return _(DATE_HINT)
        readable = any(parse_cadence(c) for c in cadences)
        listed = " / ".join(dict.fromkeys(cadences))
        return (_("suggested from: {cadences}") if readable else _("you agreed: {cadences}")).format(cadences=listed)

    def on_mount(self, event: events.Mount) -> None:
        for choice in self.query(StatusChosen):  # where each commitment stood, until the form says otherwise
            self._progress[choice.side][choice.index]["status"] = choice.value
        self._next_date = self.query_one("#next-checkin", Input).value
        choices = self.query(StatusChosen)
        focus_now(choices.first() if choices else self.query_one("#next-checkin", Input))
        self._refresh_notes()

    # -- reading the form ---------------------------------------------------------------------

    def progress(self) -> dict[str, list[dict[str, str]]]:
        """What the form holds: each commitment's status and note, by partner (kept as each changes)."""
        return self._progress

    @property
    def next_date(self) -> str:
        return self._next_date

    def keep_field(self, field: Widget) -> None:
        """The form's draft follows each field as it changes (``widgets/fields.py``)."""
        if isinstance(field, StatusChosen) and field.side in SIDES:
            self._progress[field.side][field.index]["status"] = field.value
        elif isinstance(field, NoteInput):
            self._progress[field.side][field.index]["note"] = field.value
        elif isinstance(field, Input) and field.id == "next-checkin":
            self._next_date = field.value
            self._show_date_error(date_problem(field.value))
        else:
            return
        self._refresh_notes()

    def _refresh_notes(self) -> None:
        notes = checkin_warnings(self.session, self.progress(), self.next_date, self.coalition.today())
        box = self.query_one("#checkin-notes", Static)
        box.display = bool(notes)
        box.update(plain("\n".join(f"⚠ {note}" for note in notes)))

    def _show_date_error(self, message: str) -> None:
        error = self.query_one("#error-next_checkin", Static)
        error.update(plain(f"⚠ {message}" if message else ""))
        error.set_class(not message, "-empty")
        self.query_one("#next-checkin").set_class(bool(message), "-invalid")

    # -- actions -------------------------------------------------------------------------------

    async def action_record(self) -> None:
        try:
            checkin = record_checkin(self.session, self.progress(), self.next_date, self.coalition.now())
        except ValidationError as error:
            if error.field == "next_checkin":
                self._show_date_error(str(error))
                focus_now(self.query_one("#next-checkin"))
            else:
                self.notify(str(error), severity="error")
            return
        except CoalitionError as error:
            self.notify(str(error), severity="error")
            return
        self.coalition.save_now()
        following = (
            _("Next one: {date}.").format(date=show_date(date.fromisoformat(checkin.next_checkin)))
            if checkin.next_checkin
            else _("No next date set.")
        )
        self.notify(_("Check-in recorded.") + " " + following, title=_("Check-in"))
        self.dismiss()

    def action_cancel(self) -> None:
        self.dismiss()

    def action_home(self) -> None:
        self.coalition.go_home()

    def palette_commands(self) -> list[Command]:
        return [
            (
                _("Record this check-in"),
                _("Save the progress and the next date ({hint})").format(hint=_(DATE_HINT)),
                self.action_record,
            ),
            (_("Leave without recording"), _("Back to the sealed agreement; nothing is saved"), self.action_cancel),
        ]
