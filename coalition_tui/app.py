"""The Textual application: screens, the open session, and quitting safely."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual import _time as textual_time
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from coalition_tui.autosave import AUTOSAVE_DELAY, SessionKeeper
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import PARTNER_COLOURS
from coalition_tui.domain.timeutil import utc_now
from coalition_tui.lifecycle import (
    install_output_guard,
    install_signal_handlers,
    quit_safely,
    remove_signal_handlers,
)
from coalition_tui.resources import stylesheet
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import Store
from coalition_tui.themes import THEME_SETTING, THEMES

if TYPE_CHECKING:  # imported when a session is opened or set up: the home screen needs only the index
    from coalition_tui.domain.session import Session

MAX_INPUT_LAG = 5.0  # seconds: an older key stamp than this is not trusted
UNHELD_KEYS = frozenset({"ctrl+q", "ctrl+c"})  # quitting never waits for a screen to be built

STYLESHEETS = ("app.tcss", "home.tcss")  # the rest are read with the screens that use them


@dataclass
class StartRequest:
    """What the command line asked the app to open first."""

    action: str = "home"  # "home", "new" or "resume"
    session_id: str | None = None
    prefill: dict[str, Any] = field(default_factory=dict)


class CoalitionApp(App[None]):
    """Two partners, one terminal: a guided coalition-building session."""

    TITLE = "Coalition"
    CSS_PATH = [stylesheet(name) for name in STYLESHEETS]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Save everything and quit"),
        Binding("f8,ctrl+t", "toggle_presentation", "Present", tooltip="Large, high-contrast view for screen sharing"),
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
    ) -> None:
        super().__init__()
        self.store = store
        self.start = start or StartRequest()
        self.monotonic = monotonic
        self.now = now
        self.autosave_delay = autosave_delay
        self.keeper: SessionKeeper | None = None
        self.ended_by_signal: int | None = None  # set when SIGINT/SIGTERM/SIGHUP ended the run
        install_output_guard()  # partners' words never reach the terminal as escape sequences
        for theme in THEMES:
            self.register_theme(theme)
        self._theme_restored = False
        self._theme_problem: str | None = None
        self._held_keys: list[events.Key] = []  # keys waiting for the current screen to be built
        self.restore_theme()  # before the first screen is styled: no second pass over the styles

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Each partner has a colour of their own; a theme may override them.
        return {f"partner-{side}": colour for side, colour in PARTNER_COLOURS.items()}

    # -- start-up ------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the stack: it is composed with the app, not pushed after it.
        return HomeScreen()

    def on_mount(self) -> None:
        install_signal_handlers(self)  # SIGINT/SIGTERM/SIGHUP: save, stop the clock, exit
        if self._theme_problem:
            self.notify(self._theme_problem, title="Theme not restored", severity="warning", timeout=8, markup=False)
        if self.start.action == "new":
            self.new_session(**self.start.prefill)
        elif self.start.action == "resume" and self.start.session_id:
            self.open_session(self.start.session_id)

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
            self.notify(str(error), title="Theme not remembered", severity="warning", timeout=8, markup=False)

    def today(self) -> date:
        return self.now().astimezone().date()

    # -- when the key being handled was pressed ----------------------------------------

    ending_at: float | None = None
    """Set by ctrl+q or a signal: the moment the app began to end (see ``lifecycle``)."""

    input_time: float | None = None
    """While a key is handled: Textual's stamp of when it arrived; otherwise None."""

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if (self._held_keys or not self.screen.is_mounted) and event.key not in UNHELD_KEYS:
            self._hold_key(event)
            return
        await self._handle_key(event)

    async def _handle_key(self, event: events.Key) -> None:
        self.input_time = event.time
        try:
            await super().on_event(event)  # priority bindings run in here
        finally:
            self.input_time = None

    # -- keys that arrive while a screen is being built ----------------------------------

    def _hold_key(self, event: events.Key) -> None:
        """Keep a key until the current screen is built, so it acts on that screen, in order.

        Textual makes a pushed screen current before its widgets exist: Enter on a
        session and ctrl+n at once would reach a screen with nothing in it yet.
        """
        if not self._held_keys:
            self.call_after_refresh(self._release_keys)
        self._held_keys.append(event)

    async def _release_keys(self) -> None:
        while self._held_keys:
            if not self.screen.is_mounted:  # still building (or a key opened another screen)
                self.call_after_refresh(self._release_keys)
                return
            event = self._held_keys.pop(0)
            await self._handle_key(event)  # its own stamp: the clock still counts from the press

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
        if self.input_time is None or self.monotonic is not textual_time.get_time:
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

        if skip_setup:
            try:
                session = Session.new(now=self.now(), **prefill)
            except CoalitionError as error:
                self.notify(str(error), severity="error", markup=False)
            else:
                self.start_session(session)
                return
        self.push_screen(SetupScreen(prefill))

    def start_session(self, session: Session) -> None:
        try:
            self.store.create(session)
            self.store.lock(session.id)
        except (CoalitionError, OSError) as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self._keep(session)
        self.show_current_phase()

    def open_session(self, session_id: str) -> bool:
        if self.keeper and self.keeper.session.id == session_id:
            self.show_current_phase()
            return True
        self.close_session()
        try:
            self.store.lock(session_id)
            session = self.store.load(session_id)
        except CoalitionError as error:
            self.store.unlock(session_id)
            self.notify(str(error), title="Cannot open the session", severity="error", timeout=12, markup=False)
            return False
        if session.finished and not session.sealed and session.agenda:
            session.phase_index = len(session.agenda) - 1
        self._keep(session)
        self.show_current_phase()
        return True

    def _keep(self, session: Session) -> None:
        # Presenting stays on if the facilitator turned it on before opening the session.
        self.presentation = self.presentation or session.presentation
        if not session.sealed:  # a sealed agreement is never rewritten for a view preference
            session.presentation = self.presentation
        self.keeper = SessionKeeper(
            self.store, session, lambda delay, callback: self.set_timer(delay, self._autosave(callback)),
            delay=self.autosave_delay, now=self.now, saved=True,
        )

    def _autosave(self, flush: Callable[[], None]) -> Callable[[], None]:
        # A failed timed save (disk full, folder gone) is shown, never a crash that loses the screen.
        def run() -> None:
            try:
                flush()
            except CoalitionError as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=12, markup=False)

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
        """Screens call this after changing the session; it is saved shortly after."""
        if self.keeper:
            self.keeper.changed()

    def save_now(self) -> None:
        if self.keeper:
            try:
                self.keeper.flush()
            except CoalitionError as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=12, markup=False)

    def close_session(self) -> None:
        if self.keeper:
            keeper, self.keeper = self.keeper, None
            try:
                keeper.close()
            except CoalitionError as error:
                self.notify(str(error), title="Not saved", severity="error", timeout=12, markup=False)

    # -- walking the agenda ---------------------------------------------------------

    def _session_screen(self, session: Session) -> Screen:
        if session.sealed:
            # A sealed agreement reads only: it always opens on the seal screen.
            from coalition_tui.screens.seal import SealScreen

            return SealScreen(session)
        from coalition_tui.screens.phases import screen_for

        return screen_for(session)

    def show_current_phase(self) -> None:
        session = self.session
        if session is None:
            return
        if session.finished and not session.sealed:
            self.finish_session()
            return
        screen = self._session_screen(session)
        from coalition_tui.screens.phase import PhaseScreen
        from coalition_tui.screens.setup import SetupScreen

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
        self.save_now()
        self.show_current_phase()

    def previous_phase(self) -> None:
        if self.session is None or self.session.phase_index == 0 or self.session.sealed:
            return
        self.session.go_back()
        self.save_now()
        self.show_current_phase()

    def finish_session(self) -> None:
        session = self.session
        if session is not None:
            self.notify(
                f"{session.display_title}: the agenda is complete and saved.",
                title="Session complete",
                markup=False,
            )
        self.go_home()

    def go_home(self) -> None:
        """Save and close the open session, and show the list of sessions."""
        self.close_session()
        while not isinstance(self.screen, HomeScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

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
            f"Revision {revision.id} of {old.id}: change what you need, then seal it again.",
            title="New revision", markup=False,
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
            "Everything is saved. To leave, press ctrl+q (it saves, then quits).",
            title="Still here",
            timeout=6,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Home", "Save and go back to the list of sessions", self.go_home)
        yield SystemCommand("New session", "Set up a new session", self.new_session)
