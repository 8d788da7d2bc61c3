"""The Textual application: screens, the open session, and quitting safely."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from coalition_tui import i18n
from coalition_tui.autosave import AUTOSAVE_DELAY, SessionKeeper
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import PARTNER_COLOURS, Side
from coalition_tui.domain.timeutil import utc_now
from coalition_tui.i18n import N_, _, ngettext
from coalition_tui.lifecycle import SignalHandlers, install_signal_handlers, quit_safely, remove_signal_handlers
from coalition_tui.resources import stylesheet
from coalition_tui.screens.focus import focus_now, typing_target
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.keys import WALKING_KEYS
from coalition_tui.storage import Store
from coalition_tui.textual_ext.crash_handling import QuietCrashApp
from coalition_tui.textual_ext.event_clock import event_clock
from coalition_tui.textual_ext.ordered_input import Input, OrderedInputApp
from coalition_tui.textual_ext.output_guard import CONTROL_FILTER
from coalition_tui.textual_ext.textual_words import textual_text
from coalition_tui.themes import THEME_SETTING, THEMES

if TYPE_CHECKING:  # imported when a session is opened or set up: the home screen needs only the index
    import threading
    from collections.abc import Sequence

    from textual.driver import Driver

    from coalition_tui.domain.protocol import Protocol
    from coalition_tui.domain.session import Session
    from coalition_tui.live_control import HostOptions, JoinOptions
    from coalition_tui.remote.live import LiveSession

MAX_INPUT_LAG = 5.0  # seconds: an older key stamp than this is not trusted

STYLESHEETS = ("app.tcss", "home.tcss")  # the rest are read with the screens that use them


@dataclass
class StartRequest:
    """What the command line asked the app to open first."""

    action: str = "home"  # "home", "new", "resume", "host" or "join"
    session_id: str | None = None
    prefill: dict[str, Any] = field(default_factory=dict)
    host: HostOptions | None = None
    join: JoinOptions | None = None


class CoalitionApp(OrderedInputApp, QuietCrashApp):
    """Two partners, one terminal: a guided coalition-building session."""

    TITLE = "Coalition"
    CSS_PATH = [stylesheet(name) for name in STYLESHEETS]
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, tooltip=N_("Save everything and quit")),
        Binding(
            "f8,ctrl+t",
            "toggle_presentation",
            N_("Present"),
            tooltip=N_("Large, high-contrast view for screen sharing"),
        ),
        # Tab is handled as it arrives, in order with the keys around it. As Textual's
        # ordinary binding it was handled once the field being left had passed it up,
        # and a partner's next words, typed just after, went into that field.
        Binding("tab", "focus_next", N_("Next field"), show=False, priority=True),
        Binding("shift+tab", "focus_previous", N_("Previous field"), show=False, priority=True),
        Binding(
            "f12",
            "live",
            N_("Live"),
            show=False,
            tooltip=N_("Partners on their own computers: invitations and who is here"),
        ),
    ]

    presentation: reactive[bool] = reactive(False)
    """Presentation mode: the App carries the ``-presentation`` class, so any stylesheet can enlarge for it."""

    def __init__(
        self,
        store: Store,
        *,
        start: StartRequest | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
        autosave_delay: float = AUTOSAVE_DELAY,
        language: str | None = None,
        protocol_file: Path | None = None,
    ) -> None:
        super().__init__()
        if language is not None:
            i18n.set_language(language)
        self.interface_language = i18n.current()
        """The language chosen at start (``--lang`` or the environment); a session held in another switches it."""
        self.protocol_file = protocol_file  # ``--protocol FILE``: offered (and chosen first) on setup
        self._home_language = self.interface_language  # the language home was last drawn in
        self.store = store
        self.start = start or StartRequest()
        self.monotonic = monotonic
        self.now = now
        self.autosave_delay = autosave_delay
        self.keeper: SessionKeeper | None = None
        self.live: LiveSession | None = None  # set while the open session is hosted or joined
        self.ended_by_signal: int | None = None  # set when SIGINT/SIGTERM/SIGHUP ended the run
        self.crash_report: str | None = None  # the one sentence for an error nobody foresaw
        self.ending: asyncio.Task[None] | None = None  # the task saving and leaving, once ctrl+q or a signal came
        self.hangup_watchdog: threading.Timer | None = None  # ends a stalled exit after SIGHUP; cancelled on leaving
        self.signal_handlers = SignalHandlers()  # those installed on the event loop while the app runs
        for theme in THEMES:
            self.register_theme(theme)
        self._theme_restored = False
        self._theme_problem: str | None = None
        self._walk: tuple[float, Screen | None, float | None] | None = None
        """The latest walk to another phase: when its key was pressed, the screen, when that screen was built."""
        self.home_presentation = False  # presentation mode as it was at home: each session's own is its own
        self.restore_theme()  # before the first screen is styled: no second pass over the styles

    NARROW = 100
    """Below this many columns messages show as one wide band, not a column over partner B's pane."""

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Each partner has a colour of their own; a theme may override them.
        return {f"partner-{side}": colour for side, colour in PARTNER_COLOURS.items()}

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Partners' words never reach the terminal as escape sequences (see ``textual_ext.output_guard``).
        return [*super().get_line_filters(), CONTROL_FILTER]

    def partner_colours(self) -> dict[Side, str]:
        """Each partner's colour in the current theme, for text drawn with Rich (the seal's columns)."""
        return {side: self.theme_variables.get(f"partner-{side}", colour) for side, colour in PARTNER_COLOURS.items()}

    # -- start-up ------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        # Textual's driver, reading pastes whole (never as keys) and bytes that are not UTF-8 as U+FFFD.
        from coalition_tui.terminal_input import exact_input_driver

        return exact_input_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the stack: it is composed with the app, not pushed after it.
        return HomeScreen()

    def on_mount(self) -> None:
        install_signal_handlers(self)  # SIGINT/SIGTERM/SIGHUP: save, stop the clock, exit
        if self._theme_problem:
            self.notify(self._theme_problem, title=_("Theme not restored"), severity="warning", timeout=8)
        if self.start.action == "new":
            self.new_session(**self.start.prefill)
        elif self.start.action == "resume" and self.start.session_id:
            self.open_session(self.start.session_id)
        elif self.start.action == "host" and self.start.session_id:
            if self.open_session(self.start.session_id):
                self.run_worker(self.host_session(self.start.host), exclusive=True, group="live")
        elif self.start.action == "join" and self.start.join is not None:
            from coalition_tui.live_control import start_joining
            from coalition_tui.screens.joining import JoiningScreen

            self.push_screen(JoiningScreen(self.start.join.invitation))
            self.run_worker(start_joining(self, self.start.join), exclusive=True, group="live")

    def on_ready(self) -> None:
        # The first frame is up: the command line kept the cyclic GC off until now (cli.quick_start).
        gc.enable()

    def on_unmount(self) -> None:
        remove_signal_handlers(self)
        self.close_session()  # however the app is being shut down, the open session is saved

    # -- the theme, remembered between runs ------------------------------------------

    def restore_theme(self) -> None:
        """Apply the theme chosen last time (if it still exists); from now on, remember changes."""
        try:
            name = self.store.get_setting(THEME_SETTING)
        except (CoalitionError, OSError) as error:
            self._theme_problem = str(error)  # told once the app is running (on_mount)
            name = None
        if isinstance(name, str) and name in self.available_themes:
            self.theme = name
        self._theme_restored = True

    def watch_theme(self, name: str) -> None:
        if not self._theme_restored:
            return
        try:
            if self.store.get_setting(THEME_SETTING) != name:
                self.store.set_setting(THEME_SETTING, name)
        except (CoalitionError, OSError) as error:
            self.notify(str(error), title=_("Theme not remembered"), severity="warning", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: messages name partners and quote their words."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def today(self) -> date:
        return self.now().astimezone().date()

    # -- when the key being handled was pressed ----------------------------------------

    ending_at: float | None = None
    """Set by ctrl+q or a signal: the moment the app began to end (see ``lifecycle``)."""

    input_time: float | None = None
    """While a key is handled: Textual's stamp of when it arrived; otherwise None."""

    async def handle_input(self, event: Input) -> None:
        """A key's turn has come (``textual_ext.ordered_input``): the app's own rules, then Textual's handling."""
        if isinstance(event, events.Key):
            if self._repeats_a_walk(event):
                return
            if event.key not in WALKING_KEYS:
                self._walk = None  # typing in between: the next ctrl+n is meant
            self._send_typing_home(event)
        self.input_time = event.time
        try:
            await super().handle_input(event)  # priority bindings run in here
        finally:
            self.input_time = None

    def input_stalled(self, quiet: float, waiting: int) -> None:
        from coalition_tui.crash import log_line

        log_line(
            self.store.root,
            f"input: no key handled for {quiet:.1f} s with {waiting} waiting; the wait was given up",
        )
        self.notify(
            _("The screen did not take keys for {seconds} seconds. The keys typed since go on now.").format(
                seconds=round(quiet)
            ),
            title=_("Keys were held up"),
            severity="warning",
            timeout=10,
        )

    def _send_typing_home(self, key: events.Key) -> None:
        """A letter typed on a button or tick box beside a partner's words goes into those words.

        Decided here, as the key arrives, so it lands before the keys typed after it.
        """
        focused = self.focused
        if not key.is_printable or focused is None or focused.check_consume_key(key.key, key.character):
            return
        if key.key in self.screen.active_bindings:  # a key the screen uses stays a key
            return
        focus_now(typing_target(focused))

    # -- a double ctrl+n never skips a phase -----------------------------------------------

    def _repeats_a_walk(self, key: events.Key) -> bool:
        """A key that walks the agenda, pressed again while the phase it walked to was still being built.

        Keys wait in the app's queue while a phase screen is built, and then act
        on it: a second ctrl+n pressed in that moment (an impatient or a double
        press) would skip the phase just reached. It is absorbed instead. A
        ctrl+n after other keys (words typed into the new phase) is meant.
        """
        if key.key not in WALKING_KEYS or self._walk is None:
            return False
        pressed, screen, built = self._walk
        if built is None and screen is not None and screen.is_mounted:
            built = event_clock()  # mounted before this key was taken: the keys it held come now
            self._walk = (pressed, screen, built)
        return pressed < key.time and (built is None or key.time <= built)

    def phase_built(self, screen: Screen) -> None:
        """A phase screen tells the app it is built (see ``PhaseScreen.on_mount``)."""
        if self._walk is not None and self._walk[1] is screen:
            self._walk = (self._walk[0], screen, event_clock())

    def input_moment(self) -> float:
        """When the key being handled was pressed, on ``monotonic``'s scale (else now).

        Textual stamps each key as it arrives, on its own monotonic clock. When the
        app uses that same clock, an action (the clearing clock's hand-off) learns
        when the key was pressed rather than when a busy screen got to it. With any
        other clock (a test's fake one), or outside a key, it is simply now.
        """
        now = self.monotonic()
        if self.ending_at is not None:  # quitting: nothing after the quit key or signal counts
            now = min(now, self.ending_at)
        if self.input_time is None or self.monotonic is not event_clock:
            return now
        return min(now, max(self.input_time, now - MAX_INPUT_LAG))

    # -- the open session ------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.keeper.session if self.keeper else None

    def new_session(self, *, skip_setup: bool = False, **prefill: Any) -> None:
        """Open setup (pre-filled), or start at once when everything is given."""
        from coalition_tui.domain.session import Session
        from coalition_tui.screens.setup import SetupScreen

        self.home_presentation = self.presentation
        protocol = self.given_protocol()
        if skip_setup and protocol is not False:  # a --protocol file with mistakes: setup names them
            try:
                session = Session.new(now=self.now(), protocol=protocol, language=i18n.current(), **prefill)
            except CoalitionError as error:
                self.notify(str(error), severity="error")
            else:
                self.start_session(session)
                return
        self.push_screen(SetupScreen(prefill))

    def given_protocol(self) -> Protocol | None | Literal[False]:
        """The ``--protocol`` file's protocol; None without one; False when the file has mistakes."""
        if self.protocol_file is None:
            return None
        from coalition_tui.storage.protocols import checked_protocol_file

        return checked_protocol_file(self.protocol_file).protocol or False

    def start_session(self, session: Session) -> None:
        try:
            self.store.create(session)
            self.store.lock(session.id)
        except (CoalitionError, OSError) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._keep(session)
        self.show_current_phase()

    def open_session(self, session_id: str) -> bool:
        if self.keeper and self.keeper.session.id == session_id:
            self.show_current_phase()
            return True
        self.close_session()
        self.home_presentation = self.presentation
        try:
            self.store.lock(session_id)
            session = self.store.load(session_id)
        except CoalitionError as error:
            self.store.unlock(session_id)
            self.notify(str(error), title=_("Cannot open the session"), severity="error", timeout=12)
            return False
        if session.finished and not session.sealed and session.agenda:
            session.phase_index = len(session.agenda) - 1
        self._keep(session)
        self.show_current_phase()
        return True

    def speak(self, language: str) -> None:
        """Speak ``language`` from the next thing drawn: a session is shown in the language it is held in."""
        if language != i18n.current():
            i18n.set_language(language if language in i18n.LANGUAGES else i18n.DEFAULT)
            if self.screen_stack:  # not while the app is ending
                self.refresh_bindings()

    def _keep(self, session: Session) -> None:
        self.speak(session.language)
        # Presenting stays on if the facilitator turned it on at home; a session's own
        # choice is its own and goes when it closes (close_session).
        self.presentation = self.presentation or session.presentation
        if not session.sealed:  # a sealed agreement is never rewritten for a view preference
            session.presentation = self.presentation
        self.keeper = SessionKeeper(
            self.store,
            session,
            lambda delay, callback: self.set_timer(delay, self._autosave(callback)),
            delay=self.autosave_delay,
            now=self.now,
            saved=True,
        )

    def _autosave(self, flush: Callable[[], None]) -> Callable[[], None]:
        # A failed timed save (disk full, folder gone) is shown, never a crash that loses the screen.
        def run() -> None:
            try:
                flush()
            except CoalitionError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=12)

        return run

    def watch_presentation(self, presentation: bool) -> None:
        self.set_class(presentation, "-presentation")
        session = self.session
        if session is not None and not session.sealed and session.presentation != presentation:
            session.presentation = presentation
            self.changed()

    def action_toggle_presentation(self) -> None:
        self.presentation = not self.presentation

    def changed(self) -> None:
        """Screens call this after changing the session; it is saved shortly after (and sent, when live)."""
        if self.keeper:
            self.keeper.changed()
        if self.live is not None:
            self.live.local_change()

    # -- partners on their own computers ------------------------------------------------

    def may_write(self, side: Side | None) -> bool:
        """May this screen change ``side``'s fields (None: what the host drives)? Always, unless joined."""
        return self.live is None or self.live.may_write(side)

    @property
    def drives(self) -> bool:
        """Does this machine walk the agenda and run the clock (not a joined partner or viewer)?"""
        return self.live is None or self.live.hosting

    async def host_session(self, options: HostOptions | None = None) -> None:
        """Open the open session to remote partners and show the invitations."""
        from coalition_tui.live_control import HostOptions, start_hosting

        if await start_hosting(self, options or HostOptions()):
            self.action_live()

    def action_live(self) -> None:
        """F12: the invitations and who is here; or, in a session not yet live, an offer to host it."""
        from coalition_tui.screens.hosting import HostingScreen

        if self.live is None:
            if self.session is None:
                self.notify(_("Open a session first: it is the session that partners join."), timeout=5)
                return
            self.run_worker(self.host_session(), exclusive=True, group="live")
            return
        if not isinstance(self.screen, HostingScreen):
            self.push_screen(HostingScreen(self.live))

    async def stop_live(self) -> None:
        live, self.live = self.live, None
        if live is not None:
            await live.stop()

    def save_now(self) -> None:
        if self.keeper:
            try:
                self.keeper.flush()
            except CoalitionError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=12)

    def crashed(self, error: Exception) -> int:
        """An error nobody foresaw: save, log it privately, leave; the command line says one sentence.

        Textual's own handler prints a traceback with the values of local
        variables, which here hold partners' private words: ``QuietCrashApp``
        calls this instead (see ``textual_ext.crash_handling`` and ``crash.py``).
        The sentence is printed by ``cli.run_app`` once the terminal is
        restored, unwrapped, so the log's path stays whole.
        """
        from coalition_tui.crash import EXIT_STATUS, crash_sentence, write_crash_log

        saved: bool | None = None
        if self.keeper is not None:
            try:
                self.keeper.flush()
                saved = True
            except Exception:  # noqa: BLE001 - the app is already failing: say so, do not fail twice
                saved = False
        if self.crash_report is None:
            self.crash_report = crash_sentence(write_crash_log(error, self.store.root), saved=saved)
        return EXIT_STATUS

    def close_session(self) -> None:
        if self.live is not None:
            from coalition_tui.remote.live import LiveEvents

            live, self.live = self.live, None
            live.events = LiveEvents()  # nothing to report to once the session is closed
            live.close()
            # The rest, if the app goes on (given as a function: when the app is ending there is no
            # worker, and no coroutine left unawaited). Textual types ``work`` as returning Never.
            self.run_worker(live.stop, group="live-stop", exit_on_error=False)  # type: ignore[arg-type]
        if self.keeper:
            keeper, self.keeper = self.keeper, None
            try:
                keeper.close()
            except CoalitionError as error:
                self.notify(str(error), title=_("Not saved"), severity="error", timeout=12)
            self.presentation = self.home_presentation  # the next session starts with its own
        self.speak(self.interface_language)

    # -- walking the agenda ---------------------------------------------------------

    def _session_screen(self, session: Session) -> Screen:
        if session.sealed:
            # A sealed agreement reads only: it always opens on the seal screen.
            from coalition_tui.screens.seal import SealScreen

            return SealScreen(session)
        from coalition_tui.screens.phases import screen_for

        return screen_for(session)

    def show_current_phase(self, *, walking: bool = False) -> None:
        """Show the open session where it stands; ``walking``: by ctrl+n or ctrl+r, from the phase before or after."""
        session = self.session
        if session is None:
            return
        if session.finished and not session.sealed:
            self.finish_session()
            return
        screen = self._session_screen(session)
        from coalition_tui.screens.phase import PhaseScreen
        from coalition_tui.screens.setup import SetupScreen

        if walking:
            self._walk = (self.input_time if self.input_time is not None else event_clock(), screen, None)
        # A phase replaces setup or the previous phase, so Home is always one step down.
        if isinstance(self.screen, (PhaseScreen, SetupScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def next_phase(self) -> None:
        if self.session is None:
            return
        if self.session.sealed:  # nothing to walk: a sealed agreement only goes home
            self.go_home()
            return
        self.session.advance()
        self.changed()  # saved in a moment: the next phase is drawn first
        self.show_current_phase(walking=True)

    def previous_phase(self) -> None:
        if self.session is None or self.session.phase_index == 0 or self.session.sealed:
            return
        self.session.go_back()
        self.changed()
        self.show_current_phase(walking=True)

    def finish_session(self) -> None:
        session = self.session
        if session is not None:
            self.notify(
                _("{title}: the agenda is complete and saved.").format(title=session.display_title),
                title=_("Session complete"),
            )
        self.go_home()

    def go_home(self) -> None:
        """Save and close the open session, and show the list of sessions."""
        if self.live is not None and not self.live.hosting:
            quit_safely(self)  # a joined session has no home here: leaving it leaves Coalition
            return
        self.close_session()
        while not isinstance(self.screen, HomeScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())
        elif self._home_language != i18n.current():  # home was drawn in the language of another session
            self.screen.refresh(recompose=True)
        self._home_language = i18n.current()

    def start_revision(self) -> None:
        """Change a sealed agreement: a new, unsealed copy linked by ``revision_of``; the original stays."""
        from coalition_tui.domain.seal import new_revision

        old = self.session
        if old is None or not old.sealed:
            return
        revision = new_revision(old, now=self.now())
        self.close_session()
        self.start_session(revision)
        self.notify(
            _("Revision {revision} of {original}: change what you need, then seal it again.").format(
                revision=revision.id, original=old.id
            ),
            title=_("New revision"),
        )

    def revise(self, session_id: str) -> None:
        """A new revision of the sealed agreement ``session_id`` (from the partnership screen)."""
        if self.open_session(session_id):
            self.start_revision()

    def clear_again(self, sessions: list[Session]) -> None:
        """A new clearing for the two people of ``sessions``, standing on their open commitments."""
        from coalition_tui.domain.clear_again import clearing_again

        if not sessions:
            return
        try:
            session = clearing_again(sessions, now=self.now())
        except CoalitionError as error:
            self.notify(str(error), severity="error")
            return
        self.close_session()
        self.start_session(session)
        count = len(session.clearing.standing)
        self.notify(
            ngettext(
                "A new clearing for {names}. The open commitment they stand on is in the opening's third step.",
                "A new clearing for {names}. The {count} open commitments they stand on are in the opening's "
                "third step.",
                count,
            ).format(names=f"{session.partner_a} & {session.partner_b}", count=count)
            if count
            else _("A new clearing for {names}.").format(names=f"{session.partner_a} & {session.partner_b}"),
            title=_("Clearing again"),
        )

    # -- quitting -------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save first, then quit: ctrl+q from anywhere loses nothing (keys typed just before it too)."""
        quit_safely(self)

    def action_help_quit(self) -> None:
        """ctrl+c pressed as a key (outside a text box, where it copies).

        It never quits: people press it out of habit or to copy, and a session
        is too precious to end by reflex. It saves at once and says how to leave.
        """
        self.save_now()
        self.notify(
            _("Everything is saved. To leave, press {key} (it saves, then quits).").format(key="ctrl+q"),
            title=_("Still here"),
            timeout=6,
        )

    def action_command_palette(self) -> None:
        """Textual's command palette, its search field worded in the interface's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """Textual's theme picker, its search field worded in the interface's language (themes keep their names)."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            yield command._replace(title=textual_text(command.title), help=textual_text(command.help))
        yield SystemCommand(_("Home"), _("Save and go back to the list of sessions"), self.go_home)
        yield SystemCommand(_("New session"), _("Set up a new session"), self.new_session)
        if self.session is not None and self.drives and not self.session.sealed:
            yield SystemCommand(
                _("Live: partners on their own computers"),
                _("Open this session to partners joining from their own machines; show the invitations ({key})").format(
                    key="F12"
                ),
                self.action_live,
            )
