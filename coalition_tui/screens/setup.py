"""Setup: who the partners are, the agenda, and the clearing clock."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from coalition_tui import i18n
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import MAX_NAME_LENGTH, MAX_TITLE_LENGTH
from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase, parse_agenda
from coalition_tui.domain.protocol import Protocol, shipped_protocol
from coalition_tui.domain.session import ClockSettings, Session
from coalition_tui.i18n import N_, _
from coalition_tui.resources import stylesheet
from coalition_tui.screens.base import CoalitionScreen, Press
from coalition_tui.screens.focus import focus_now
from coalition_tui.storage.protocols import available_protocols, entry_for, find_protocol
from coalition_tui.widgets.agenda_editor import AgendaEditor
from coalition_tui.widgets.fields import TickBox, WordsInput
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.steady_footer import SteadyFooter

PRESETS: dict[str, tuple[Phase, ...]] = {
    "preset-full": DEFAULT_AGENDA,
    "preset-clearing-first": (Phase.CLEARING, Phase.ALIGNMENT, Phase.DECLARATION, Phase.ACCOUNTABILITY, Phase.SEAL),
    "preset-clearing-only": (Phase.CLEARING,),
}

FIELDS = ("partner_a", "partner_b", "facilitator", "title", "turn_seconds", "tolerance_seconds", "agenda")


def parse_minutes(text: str) -> int:
    """``"2"``, ``"2.5"`` or ``"2:30"`` minutes as whole seconds."""
    text = text.strip()
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return int(minutes or 0) * 60 + int(seconds or 0)
        return round(float(text) * 60)
    except ValueError:
        raise ValidationError(_("Give the turn length in minutes, like 2 or 2:30."), "turn_seconds") from None


class SetupScreen(CoalitionScreen):
    """Everything a session needs before it begins; nothing is saved until it does."""

    CSS_PATH = stylesheet("setup.tcss")
    BINDINGS = [
        Binding("ctrl+s", "begin", N_("Begin session"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, prefill: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.prefill = dict(prefill or {})
        self.protocols = available_protocols(self.coalition.protocol_file)

    def _text_field(
        self, field: str, label: str, max_length: int, placeholder: str = "", partner: str = ""
    ) -> ComposeResult:
        """A labelled one-line field with its error line, prefilled from the last attempt.

        Up to four times the allowed length can be typed, so a name pasted too long
        is refused with a message instead of cut off silently.
        """
        with Vertical(classes=f"field {partner}".strip()):
            yield Label(label)
            yield WordsInput(
                self.prefill.get(field) or "", id=field, max_length=max_length * 4, placeholder=placeholder
            )
            yield Static("", classes="error -empty", id=f"error-{field}")

    def compose(self) -> ComposeResult:
        p = self.prefill
        settings = p.get("settings") or ClockSettings()
        try:
            agenda = parse_agenda(p.get("agenda") or DEFAULT_AGENDA)
        except ValidationError:
            agenda = DEFAULT_AGENDA
        with VerticalScroll(id="setup"):
            yield Static(_("New session"), id="setup-title")
            with Horizontal(classes="row"):
                yield from self._text_field(
                    "partner_a", _("Partner A's name"), MAX_NAME_LENGTH, _("e.g. Sam"), "partner-a"
                )
                yield from self._text_field(
                    "partner_b", _("Partner B's name"), MAX_NAME_LENGTH, _("e.g. Robin"), "partner-b"
                )
            with Horizontal(classes="row"):
                yield from self._text_field("facilitator", _("Facilitator (optional)"), MAX_NAME_LENGTH)
                yield from self._text_field(
                    "title", _("Title (optional)"), MAX_TITLE_LENGTH, _("e.g. Co-founders, autumn reset")
                )
            yield from self._protocol_and_language()
            agenda_help = _("Agenda — {space} ticks a phase, {earlier} and {later} move it")
            yield Label(plain(agenda_help.format(space="space", earlier="[", later="]")), classes="section")
            with Horizontal(id="presets"):
                yield Button(_("Whole method"), id="preset-full", compact=True)
                yield Button(_("Clearing first"), id="preset-clearing-first", compact=True)
                yield Button(_("Clearing only"), id="preset-clearing-only", compact=True)
            yield AgendaEditor(agenda, id="agenda")
            yield Static("", classes="error -empty", id="error-agenda")
            yield Label(_("Clearing clock"), classes="section")
            with Horizontal(classes="row"):
                with Vertical(classes="field"):
                    yield Label(_("Turn length (minutes)"))
                    turn_text = p.get("turn_text") or _minutes_text(settings.turn_seconds)
                    yield Input(turn_text, id="turn_seconds", compact=True)
                    yield Static("", classes="error -empty", id="error-turn_seconds")
                with Vertical(classes="field"):
                    yield Label(_("Balance tolerance (seconds)"))
                    tolerance_text = p.get("tolerance_text") or str(settings.tolerance_seconds)
                    yield WordsInput(
                        tolerance_text,
                        id="tolerance_seconds",
                        restrict=r"[0-9]*",
                        refusal=_("The balance tolerance takes a number of seconds, like 30."),
                    )
                    yield Static("", classes="error -empty", id="error-tolerance_seconds")
            # Follows the app's presentation mode (f8 / ctrl+t) both ways; the session keeps it.
            presenting = p.get("presentation")
            yield TickBox(
                _("Presentation mode (large clock, for screen sharing)"),
                self.coalition.presentation if presenting is None else bool(presenting),
                id="presentation",
            )
            yield TickBox(
                _("Write first, reveal together (each answer covered until both are ready)"),
                bool(p.get("reveal_together")),
                id="reveal_together",
            )
            with Horizontal(id="setup-actions"):
                yield Button(_("Begin session"), id="begin", variant="primary")
                yield Button(_("Cancel"), id="cancel")
        yield SteadyFooter()

    def _protocol_and_language(self) -> ComposeResult:
        """The protocol (the shipped method, a coach's own) and the language the session is held in.

        Files that are not usable are named with their first mistake, and not offered.
        """
        usable = [entry.protocol for entry in self.protocols if entry.protocol is not None]
        chosen = self.prefill.get("protocol") or self._first_choice()
        language = i18n.current()
        with Horizontal(classes="row"):
            with Vertical(classes="field"):
                yield Label(_("Protocol"))
                yield Select(
                    [(Text(f"{found.title(language)} · {found.version}"), found.name) for found in usable],
                    value=chosen if any(found.name == chosen for found in usable) else "coalition",
                    allow_blank=False,
                    compact=True,
                    id="protocol",
                )
            with Vertical(classes="field"):
                yield Label(_("Language"))
                yield Select(
                    [(Text(name), code) for code, name in i18n.LANGUAGES.items()],
                    value=language,
                    allow_blank=False,
                    compact=True,
                    id="language",
                )
        broken = [entry for entry in self.protocols if entry.protocol is None]
        lines = [
            _("⚠ {file}: {mistake} The shipped method is offered instead (coalition protocol check shows all).").format(
                file=entry.source, mistake=entry.problems[0] if entry.problems else ""
            )
            for entry in broken
        ]
        yield Static(plain("\n".join(lines)), classes="error" + ("" if lines else " -empty"), id="protocol-problems")
        yield Static("", classes="note -empty", id="protocol-note")

    def _show_protocol_note(self) -> None:
        """Say so when the chosen protocol does not speak the chosen language (its words come in its own)."""
        protocol = self.chosen_protocol
        language = str(self.query_one("#language", Select).value)
        spoken = protocol.language_for(language)
        note = self.query_one("#protocol-note", Static)
        text = ""
        if spoken != language:
            text = _("{title} is written in {languages}: its words will be in {spoken}.").format(
                title=protocol.title(language),
                languages=", ".join(i18n.LANGUAGES.get(code, code) for code in protocol.languages),
                spoken=i18n.LANGUAGES.get(spoken, spoken),
            )
        note.update(plain(text))
        note.set_class(not text, "-empty")

    @on(Select.Changed, "#protocol")
    def _protocol_chosen(self, event: Select.Changed) -> None:
        event.stop()
        self._show_protocol_note()

    def _first_choice(self) -> str:
        """The ``--protocol`` file's protocol when it is usable, else the shipped method."""
        extra = self.coalition.protocol_file
        entry = entry_for(extra, self.protocols) if extra is not None else None
        return entry.protocol.name if entry is not None and entry.protocol is not None else "coalition"

    @property
    def chosen_protocol(self) -> Protocol:
        name = self.query_one("#protocol", Select).value
        found = find_protocol(str(name), self.protocols)
        return found.protocol if found is not None and found.protocol is not None else shipped_protocol()

    def _form(self) -> dict[str, Any]:
        """What the form holds now, as setup is pre-filled (to draw it again in another language)."""

        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return {
            **{name: value(name) for name in ("partner_a", "partner_b", "facilitator", "title")},
            "turn_text": value("turn_seconds"),
            "tolerance_text": value("tolerance_seconds"),
            "agenda": list(self.query_one(AgendaEditor).agenda),
            "presentation": self.query_one("#presentation", Checkbox).value,
            "reveal_together": self.query_one("#reveal_together", Checkbox).value,
            "protocol": self.query_one("#protocol", Select).value,
        }

    @on(Select.Changed, "#language")
    async def _language_chosen(self, event: Select.Changed) -> None:
        """The whole form speaks the chosen language at once, and so does Coalition from here on."""
        event.stop()
        language = str(event.value)
        if language == i18n.current():
            return
        self.prefill = self._form()
        self.coalition.interface_language = language
        self.coalition.speak(language)
        await self.recompose()
        focus_now(self.query_one("#language", Select))

    def on_mount(self, event: events.Mount) -> None:
        self._show_protocol_note()
        focus_now(self.query_one("#partner_a", Input))
        self.coalition.presentation = self.query_one("#presentation", Checkbox).value
        self.watch(self.coalition, "presentation", self._presentation_toggled, init=False)

    def _presentation_toggled(self, presentation: bool) -> None:
        self.query_one("#presentation", Checkbox).value = presentation

    @on(Checkbox.Changed, "#presentation")
    def _presentation_ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.coalition.presentation = event.value

    def _set_error(self, name: str, text: str) -> None:
        message = self.query_one(f"#error-{name}", Static)
        message.update(plain(text))
        message.set_class(not text, "-empty")
        for widget in self.query(f"#{name}"):
            widget.set_class(bool(text), "-invalid")

    def _clear_errors(self) -> None:
        for name in FIELDS:
            self._set_error(name, "")

    def _show_error(self, error: ValidationError) -> None:
        field = error.field if error.field in FIELDS else "partner_a"
        self._set_error(field, f"⚠ {error}")
        focus_now(self.query_one(f"#{field}"))

    def build_session(self) -> Session:
        """The session as the form describes it, or the first problem with it."""

        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        turn = parse_minutes(value("turn_seconds"))
        try:
            tolerance = int(value("tolerance_seconds") or 0)
        except ValueError:
            raise ValidationError(_("Give the tolerance in whole seconds."), "tolerance_seconds") from None
        settings = ClockSettings(turn_seconds=turn, tolerance_seconds=tolerance)
        return Session.new(
            value("partner_a"),
            value("partner_b"),
            facilitator=value("facilitator"),
            title=value("title"),
            agenda=list(self.query_one(AgendaEditor).agenda),
            settings=settings,
            presentation=self.query_one("#presentation", Checkbox).value,
            reveal_together=self.query_one("#reveal_together", Checkbox).value,
            now=self.coalition.now(),
            protocol=self.chosen_protocol,
            language=str(self.query_one("#language", Select).value),
        )

    async def action_begin(self) -> None:
        self._clear_errors()
        try:
            session = self.build_session()
        except ValidationError as error:
            self._show_error(error)
            return
        self.coalition.start_session(session)

    def action_cancel(self) -> None:
        self.coalition.presentation = self.coalition.home_presentation
        session = self.coalition.session
        if session is not None:  # setup was opened over a session: it goes on in its own language
            self.coalition.speak(session.language)
        self.dismiss()

    def pressable(self) -> Press | None:
        """Enter in a field begins the session; on a button, does what it says (in order with the next keys)."""
        focused = self.focused
        if isinstance(focused, Input):
            return self.action_begin
        if isinstance(focused, Button):
            return lambda: self._press(focused.id or "")
        return None

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        # Clear a field's message as soon as it is being fixed.
        if event.input.id:
            self._set_error(event.input.id, "")

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        await self._press(event.button.id or "")

    async def _press(self, button: str) -> None:
        if button == "begin":
            await self.action_begin()
        elif button == "cancel":
            self.action_cancel()
        elif button in PRESETS:
            self.query_one(AgendaEditor).set_agenda(PRESETS[button])


def _minutes_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}" if rest else str(minutes)
