"""What every phase screen shares: the session, the header, walking the agenda."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget

from coalition_tui.domain.partners import Side
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.i18n import N_, _
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.screens.keys import BACK_KEYS, HOME_KEY, NEXT_KEYS
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText
from coalition_tui.widgets.session_header import SessionHeader

PREFETCH_AFTER = 0.5  # seconds after a phase is shown, its neighbours' screens are imported
HOST_DRIVES = N_("The host moves the session on; your words are yours to write.")
HEADER_AFTER = 0.5  # seconds: the header follows a remote partner's typing this often at most
WORDS_ONLY = ("alignment/answers/", "clearing/accounts/", "clearing/openings/", "declaration/", "live/")


class PhaseScreen(CoalitionScreen):
    """A phase of the open session. Keys work while a partner's pane has focus."""

    PHASE: ClassVar[Phase]

    # Priority: handled as they arrive, in order with the typing around them (an ordinary
    # binding waits until the focused field has passed the key up, by which time the
    # next words may already have gone into the field being left).
    BINDINGS = [
        Binding(",".join(NEXT_KEYS), "next_step", N_("Next"), tooltip=N_("Next prompt or phase"), priority=True),
        Binding(
            ",".join(BACK_KEYS), "previous_step", N_("Back"), tooltip=N_("Previous prompt or phase"), priority=True
        ),
        Binding(HOME_KEY, "home", N_("Home"), tooltip=N_("Save and go back to the list of sessions"), priority=True),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(classes=f"phase-screen phase-{self.PHASE.value}")
        self.session = session

    _shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. A phase screen is new each time it is shown:
        # built and styled a moment ago. Textual's restyle of every widget on the first
        # resume repeats that work (a third of a phase change, on the accountability screen).
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    def on_mount(self, event: events.Mount) -> None:
        self.coalition.phase_built(self)
        self.set_timer(PREFETCH_AFTER, self._prefetch_neighbours)

    def _prefetch_neighbours(self) -> None:
        from coalition_tui.screens.phases import prefetch

        index, agenda = self.session.phase_index, self.session.agenda
        prefetch([agenda[i] for i in (index + 1, index - 1) if 0 <= i < len(agenda)])

    def header(self) -> SessionHeader:
        return SessionHeader(self.session, id="session-header")

    def header_rows(self) -> Iterator[Widget]:
        """The header, and in a live session who is here (``widgets/presence.py``)."""
        yield self.header()
        live = self.coalition.live
        if live is not None and live.session is self.session:
            from coalition_tui.widgets.presence import PresenceLine

            yield PresenceLine(live, id="presence")

    def show_presence(self) -> None:
        """The session just went live: who is here, under the header."""
        live = self.coalition.live
        if live is None or self.query("#presence"):
            return
        from coalition_tui.widgets.presence import PresenceLine

        self.mount(PresenceLine(live, id="presence"), after=self.query_one(SessionHeader))

    def locked(self, side: Side | None) -> bool:
        """Is ``side``'s field read-only here: a sealed agreement, or another partner's words in a joined session."""
        return self.session.sealed or not self.coalition.may_write(side)

    # -- edits from another machine (a live session) ------------------------------------------

    def words_at(self, side: Side, key: str) -> tuple[str, str] | None:
        """Where the session holds the words of the pane of ``side`` keyed ``key``, and what they are."""
        return None

    def show_remote(self, paths: set[str]) -> None:
        """The session changed on another machine: the panes it touched show their words as they now stand.

        Only those: a pane this machine is typing into holds keys the session has
        not been given yet (they are on their way as messages), and redrawing it
        from the session would take them back out.
        """
        for pane in self.query(PartnerPane):
            found = self.words_at(pane.side, pane.key)
            if found is not None and found[0] in paths:
                pane.show_words(found[1])
        # The agenda trail's marks follow what was recorded: redrawn at once for anything but
        # words, and for words (someone typing) once they pause, not at every key.
        if any(not path.startswith(WORDS_ONLY) for path in paths):
            self._refresh_header()
        elif self._header_timer is None:
            self._header_timer = self.set_timer(HEADER_AFTER, self._refresh_header)

    _header_timer: Timer | None = None

    def _refresh_header(self) -> None:
        if self._header_timer is not None:
            self._header_timer.stop()
            self._header_timer = None
        for header in self.query(SessionHeader):
            header.refresh_header()

    def host_drives(self) -> bool:
        """On a joined partner's machine, the walking keys are the host's: say so, and do nothing."""
        if self.coalition.drives:
            return False
        self.notify(_(HOST_DRIVES), timeout=4)
        return True

    def record_words(self, side: Side, key: str, text: str) -> None:
        """A partner's words from one of their panes, into the session (each phase knows where)."""

    def keep_field(self, field: Widget) -> None:
        """A field changed (``widgets/fields.py``): a partner's words, into the session at once."""
        pane = field.parent
        if isinstance(field, PartnerText) and isinstance(pane, PartnerPane):
            self.record_words(pane.side, pane.key, field.text)

    def changed(self) -> None:
        """Call after changing the session: it is saved within a moment."""
        self.coalition.changed()

    async def action_next_step(self) -> None:
        if self.host_drives():
            return
        self.coalition.next_phase()

    async def action_previous_step(self) -> None:
        if self.host_drives():
            return
        self.coalition.previous_phase()

    async def action_home(self) -> None:
        self.coalition.go_home()
