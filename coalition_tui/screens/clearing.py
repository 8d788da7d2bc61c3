"""Part two: clearing the past, with the equal air-time speaking clock.

The clearing has an opening in three steps (each partner's commitment to the
other, what each wants the conversation to do, and the ground they share,
carried over from alignment when it ran: ``widgets/clearing_opening.py``), then
the speaking rounds: two panes, the floor holder's lit, guidance over each, and
the clock (``widgets/speaking_rounds.py``). This screen walks the steps and owns
the clock; the keys are in ``screens/clearing_keys.py``.

The clock is :class:`~coalition_tui.domain.clock.SpeakingClock`, made once from
the session when the screen is made, and fed by ``app.monotonic`` (durations)
and ``app.now`` (turn stamps). The display reads it five times a second and
never counts ticks. Every clock operation, and every second while it runs,
marks the session changed; a before-save hook folds the running turn into
``session.clearing.clock`` on every write, so quitting or a crash loses at most
about a second. A reopened clock is always paused.

ctrl+n walks the steps; in the rounds it completes the clearing. When the
totals are out of balance it first offers the partner behind the floor (ctrl+n
again completes); when a partner has not said all, it says so and moves on, and
the record keeps who had not (like every other phase, nothing blocks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, Static, TextArea

from coalition_tui.domain.clearing import STEPS
from coalition_tui.domain.clock import ADD_TIME_SECONDS, SpeakingClock, format_duration, shown_balance
from coalition_tui.domain.corrections import FACILITATOR, CorrectionError, correct, describe
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import stamp
from coalition_tui.i18n import _, ngettext
from coalition_tui.remote.paths import join_path
from coalition_tui.resources import session_styles
from coalition_tui.screens.clearing_keys import (
    ALTERNATIVES,
    CLOCK_ACTIONS,
    CORRECT_DISPLAY,
    FLOOR_ACTIONS,
    FOOTER_ORDER,
    KEYS,
    clock_bindings,
    keys_spoken,
)
from coalition_tui.screens.correct_turn import CorrectionAsked, CorrectTurnScreen
from coalition_tui.screens.focus import focus_now, focus_opening_field
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.clearing_opening import (
    PARTNER_STEPS,
    OpeningPanes,
    SharedGround,
    opening_texts,
    opening_words,
    set_opening_words,
    view_id,
)
from coalition_tui.widgets.partner_pane import PartnerText
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.speaking_rounds import SaidAllBox, SpeakingRounds
from coalition_tui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from coalition_tui.remote.live import FloorRequest

TICK_SECONDS = 0.2  # how often the display reads the clock
SAVE_EVERY_SECONDS = 1.0  # how often a running clock marks the session changed
FOLLOW_DELAY = 0.02  # seconds from a floor key's first frame (the clock line) to its second (the panes)
WIDE = 120  # from this many columns the longer guidance and the key list show
SHORT_HEIGHT = 24  # below this many rows the opening's guidance gives way to the panes
TALL_HEIGHT = 30  # from this many rows, presenting shows the clock five rows tall


class ClearingScreen(PhaseScreen, OffersCommands):
    """The opening, then the speaking rounds with the equal air-time clock."""

    PHASE = Phase.CLEARING
    CSS_PATH = session_styles("clearing.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = clock_bindings()
    FOOTER_ORDER = FOOTER_ORDER

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.clock = self._clock_from_session()
        self._last_save = 0.0
        self._confirm_complete = False  # ctrl+n was pressed once with the totals out of balance
        self._note = ""
        self._keys_state: tuple[bool, bool] | None = None
        self._rounds: SpeakingRounds | None = None  # built the first time the rounds are shown

    def _clock_from_session(self) -> SpeakingClock:
        """The clock as the session holds it: paused when reopened; on a joined machine, the host's, running on."""
        return SpeakingClock.from_record(
            self.session.clearing.clock,
            turn_seconds=self.session.settings.turn_seconds,
            monotonic=self.coalition.monotonic,
            wall=self.coalition.now,
            running_since=None if self.coalition.drives else self.coalition.monotonic(),
        )

    # -- building ---------------------------------------------------------------------

    @property
    def names(self) -> dict[Side, str]:
        return self.session.names

    def compose(self) -> ComposeResult:
        yield from self.header_rows()
        with Vertical(classes="phase-body", id="clearing"):
            yield Static("", id="step-title")
            yield Static("", id="step-guidance")
            step = self.session.clearing.step
            with ContentSwitcher(id="steps", initial=view_id(step)):
                yield self._build_view(step)
        yield SteadyFooter(compact=True)

    def _build_view(self, step: str) -> Widget:
        """The panes of one step: built when the step is first shown."""
        if step in PARTNER_STEPS:
            return OpeningPanes(self.session, step, locked=self.locked)
        if step == "ground":
            return SharedGround(self.session, locked=self.locked)
        self._rounds = SpeakingRounds(self.session, keys=KEYS, alternatives=ALTERNATIVES, locked=self.locked)
        return self._rounds

    def on_mount(self, event: events.Mount) -> None:
        keeper = self.coalition.keeper
        if keeper is not None:
            keeper.add_before_save(self._fold_clock)
        self._fit(self.app.size.width, self.app.size.height)
        self._show_step_words()
        self._focus_step()
        self.set_interval(TICK_SECONDS, self.refresh_clock)

    def on_unmount(self) -> None:
        keeper = self.coalition.keeper
        if keeper is not None:
            keeper.remove_before_save(self._fold_clock)
        if self.coalition.drives and self.clock.pause():
            # Leaving the clearing stops the clock; the open session keeps the time.
            self._keep_clock()
            self.coalition.changed()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        wide = width >= WIDE
        changed = wide != self.has_class("-wide")
        self.set_class(wide, "-wide")
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height >= TALL_HEIGHT, "-tall")
        if changed and self.is_mounted and self._in_rounds:
            self._show_guidance()

    # -- the steps ------------------------------------------------------------------------

    async def show_step(self) -> None:
        """Show the current step, building its panes the first time, and open it on its first field.

        Awaited by the keys that call it: keys typed meanwhile wait in the app's
        queue and reach the new step's field.
        """
        switcher = self.query_one("#steps", ContentSwitcher)
        shown = view_id(self.session.clearing.step)
        if not switcher.query_children(f"#{shown}"):
            view = self._build_view(self.session.clearing.step)
            view.display = False  # the switcher shows it, never beside the step being left
            await switcher.mount(view)
        switcher.current = shown
        self._show_step_words()
        self._focus_step()

    def _show_step_words(self) -> None:
        step = self.session.clearing.step
        self.set_class(step == "rounds", "-rounds")
        title = self.query_one("#step-title", Static)
        guidance = self.query_one("#step-guidance", Static)
        if step == "rounds":
            title.update("")
            guidance.update("")
            self._show_guidance()
            self.refresh_clock()
        else:
            words = opening_texts(self.session, step)
            number = STEPS.index(step) + 1
            opening = _("Opening {number} of {count}").format(number=number, count=len(STEPS) - 1)
            title.update(Text.assemble((opening, "bold"), f" · {words.title}"))
            guidance.update(plain(words.guidance + "  " + _("{key} moves on.").format(key="ctrl+n")))
        self.refresh_bindings()

    def _focus_step(self) -> None:
        """The rounds open on the speaker's account; an opening step on its first field still empty."""
        view = self.query_one(f"#{view_id(self.session.clearing.step)}")
        if self.session.clearing.step == "rounds" and self.clock.holder:
            self._focus_account(self.clock.holder)
        else:
            focus_opening_field(view)

    async def go_to_step(self, index: int) -> None:
        clearing = self.session.clearing
        if clearing.step_index == index:
            return
        clearing.go_to_step(index)
        self._confirm_complete = False
        self._note = ""
        self.changed()
        await self.show_step()

    async def action_next_step(self) -> None:
        if self.host_drives():
            return
        clearing = self.session.clearing
        if clearing.step != "rounds":
            await self.go_to_step(clearing.step_index + 1)
            return
        if self.session.sealed or self.try_complete():
            self._stop_clock()
            await super().action_next_step()

    async def action_previous_step(self) -> None:
        if self.host_drives():
            return
        clearing = self.session.clearing
        if clearing.step_index == 0:
            await super().action_previous_step()
            return
        if clearing.step == "rounds":
            self._stop_clock()
        await self.go_to_step(clearing.step_index - 1)

    def try_complete(self) -> bool:
        """May the clearing be left now? Out of balance, the partner behind is offered the floor first (once).

        Like every phase it can be left unfinished: a partner who has not said all
        is named in a warning, and the record keeps that they had not.
        """
        clearing = self.session.clearing
        names = self.names
        reading = self.clock.read()
        tolerance = self.session.settings.tolerance_seconds
        behind = reading.behind
        if behind is not None and abs(reading.balance) > tolerance and not self._confirm_complete:
            self._offer_floor(behind, shown_balance(reading.totals))
            return False
        missing = [names[side] for side in SIDES if not clearing.said_all.get(side)]
        if missing:
            who = missing[0]
            if len(missing) > 1:
                who = _("{first} and {second}").format(first=missing[0], second=missing[1])
            self.notify(
                ngettext(
                    "{names} has not said all there is to say yet, and the record says so. "
                    "{key} comes back to the clearing.",
                    "{names} have not said all there is to say yet, and the record says so. "
                    "{key} comes back to the clearing.",
                    len(missing),
                ).format(names=who, key="ctrl+r"),
                title=_("The clearing is not finished"),
                severity="warning",
                timeout=8,
            )
        return True

    def _offer_floor(self, behind: Side, balance: float) -> None:
        """The first ctrl+n with the totals out of balance: the partner behind is offered the floor."""
        names = self.names
        tolerance = self.session.settings.tolerance_seconds
        self._confirm_complete = True
        key = KEYS.take_a if behind == "a" else KEYS.take_b
        gap = format_duration(abs(balance))
        self._note = _(
            "Out of balance: {behind} has had {gap} less air-time than {ahead} (tolerance {tolerance}). "
            "{key} gives {behind} the floor first; {next_key} again completes the clearing as it stands."
        ).format(
            behind=names[behind],
            ahead=names[other(behind)],
            gap=gap,
            tolerance=format_duration(tolerance),
            key=key,
            next_key="ctrl+n",
        )
        self.notify(self._note, title=_("Out of balance"), severity="warning", timeout=10)
        self.refresh_clock()

    # -- the clock ------------------------------------------------------------------------

    def _fold_clock(self, session: Session) -> None:
        """Before every save: fold the running turn into the session (the keeper calls this)."""
        if session is self.session:
            # On ctrl+q this runs while the key is handled: the clock stops when it was pressed.
            self._keep_clock(self.coalition.input_moment())

    def _keep_clock(self, now: float | None = None) -> None:
        """The clock's record into the session, with the running stretch up to ``now`` folded in."""
        self.session.clearing.clock = self.clock.record(now)

    def _save_clock(self) -> None:
        now = self.coalition.monotonic()
        self._keep_clock(now)
        self._last_save = now
        self.changed()

    def _stop_clock(self) -> None:
        if self.clock.pause():
            self._save_clock()

    @property
    def _in_rounds(self) -> bool:
        """The rounds are on screen (their panes are built and mounted)."""
        return self.session.clearing.step == "rounds" and self._rounds is not None and self._rounds.is_mounted

    def _shown_rounds(self) -> SpeakingRounds:
        """The rounds' view, for code that runs only while the rounds are shown."""
        assert self._rounds is not None, "the rounds are shown only once built"
        return self._rounds

    def refresh_clock(self) -> None:
        """Read the clock and redraw the clock area (called five times a second)."""
        if not self._in_rounds:
            return
        now = self.coalition.monotonic()
        if self.clock.take_target_signal(now):
            self.app.bell()
            if self.coalition.drives:
                self._save_clock()
        elif self.coalition.drives and self.clock.running and now - self._last_save >= SAVE_EVERY_SECONDS:
            self._last_save = now
            if self.coalition.live is not None:  # (drives: the host)
                self._keep_clock(now)  # partners' screens are sent the running turn every second
            self.changed()  # the before-save hook folds the running turn in
        reading = self.clock.read(now)
        rounds = self._shown_rounds()
        rounds.show_clock(reading, self._note)
        rounds.show_floor(reading.holder, reading.running)

    def _show_guidance(self) -> None:
        self._shown_rounds().show_guidance(self.clock.holder, wide=self.has_class("-wide"))

    def _clock_changed(self, *, focus: Side | None = None) -> None:
        """After every clock operation: save, show the clock at once, then let the panes follow.

        The clock line ("▶ Ada has the floor") is drawn in the very next frame; the
        panes (lit, guidance, the focus moving to the speaker's notes) in the frame
        after, since restyling two text areas takes several times longer than the
        clock line. Keys typed in between wait and land where the focus goes.
        """
        self._confirm_complete = False
        self._note = ""
        now = self.coalition.monotonic()
        self._last_save = now
        if self.coalition.live is not None and self.coalition.drives:
            self._keep_clock(now)  # sent to the partners' screens at once
        self.changed()  # saved within the autosave delay: the before-save hook folds the clock in
        self._shown_rounds().show_clock(self.clock.read(now), self._note)
        release = self.coalition.hold_input()
        # Not straight after the refresh: the panes' restyle holds the interpreter for tens of
        # milliseconds, and the thread that writes the first frame to the terminal would wait.
        self.set_timer(FOLLOW_DELAY, lambda: self._follow_floor(focus, release))

    def _follow_floor(self, focus: Side | None, release: Callable[[], None]) -> None:
        """The second frame of a clock operation: the panes, the footer's keys and the focus."""
        try:
            if not self._in_rounds:
                return
            self._show_guidance()
            self._shown_rounds().show_floor(self.clock.holder, self.clock.running)
            keys_state = (self.clock.holder is not None, self.clock.can_undo)
            if keys_state != self._keys_state:
                self._keys_state = keys_state
                self.refresh_bindings()  # pause, undo and +1 minute depend on the floor
            if focus is not None and focus == self.clock.holder:
                focused = self.focused
                # From wherever a partner was in the rounds (their words, or their "said all"): the speaker's words.
                if focused is None or isinstance(focused, (PartnerText, SaidAllBox)):
                    self._focus_account(focus)
        finally:
            release()

    def _focus_account(self, side: Side) -> None:
        if self.locked(side):  # a joined partner's focus stays in their own words
            mine = [s for s in SIDES if not self.locked(s)]
            if not mine:
                return
            side = mine[0]
        focus_now(self._shown_rounds().account_field(side), scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct_turn":
            if self.session.sealed or self.session.clearing.step != "rounds" or not self.coalition.drives:
                return False  # a joined partner cannot correct: the record is the host's
            return True if self.clock.turns else None  # shown, dimmed: no turn yet
        if action in CLOCK_ACTIONS:
            if self.session.sealed or self.session.clearing.step != "rounds":
                return False
            if not self.coalition.drives:
                return action in FLOOR_ACTIONS  # a joined partner asks the host; the rest is the host's
            if action == "undo_handoff" and not self.clock.can_undo:
                return None  # shown, dimmed: nothing to undo
            if action in ("toggle_pause", "add_minute") and not self.clock.holder:
                return None
        return super().check_action(action, parameters)

    def _key_moment(self) -> float:
        """When the key behind this action was pressed (the app knows), else now."""
        return self.coalition.input_moment()

    def action_take(self, side: Side) -> None:
        if not self.coalition.drives:
            self._ask_host("take", side)
        elif side in SIDES and self.clock.take(side, self._key_moment()):
            self._clock_changed(focus=side)

    def action_pass_floor(self) -> None:
        if not self.coalition.drives:
            self._ask_host("pass")
        elif self.clock.pass_floor(self._key_moment()):
            self._clock_changed(focus=self.clock.holder)

    def action_toggle_pause(self) -> None:
        if not self.coalition.drives:
            self._ask_host("pause")
        elif self.clock.toggle_pause(self._key_moment()):
            self._clock_changed()

    # -- the floor from a partner's own machine (a live session) -----------------------------

    def _ask_host(self, op: str, side: Side | None = None) -> None:
        """A joined partner's floor key: a request the host stamps as it arrives."""
        from coalition_tui.remote.floor import floor_refusal

        live = self.coalition.live
        if live is None:
            return
        refusal = floor_refusal(live, op, side, self.clock.holder)
        if refusal:
            self.notify(refusal, timeout=4)
            return
        live.request_floor(op)

    def remote_floor(self, request: FloorRequest) -> None:
        """On the host: a partner's floor key, at the moment it arrived (the host's clock is the one that counts)."""
        if self.session.sealed or not self._in_rounds:
            return
        clock, side, moment = self.clock, request.side, request.moment
        if request.op == "take":
            done = clock.take(side, moment)
        elif request.op == "pass":
            done = clock.holder == side and clock.pass_floor(moment)
        else:
            done = clock.holder is not None and clock.toggle_pause(moment)
        if done:
            self._clock_changed(focus=clock.holder if request.op != "pause" else None)

    def action_undo_handoff(self) -> None:
        if not self.clock.undo(self._key_moment()):
            self.notify(_("There is no hand-off to undo."), timeout=3)
            return
        holder = self.clock.holder
        self._clock_changed(focus=holder)
        if holder is None:
            self.notify(_("Hand-off undone: nobody has the floor."), timeout=3)
        else:
            self.notify(
                _("Hand-off undone: {name} has the floor again.").format(name=self.session.name(holder)), timeout=3
            )

    def action_add_minute(self) -> None:
        if self.clock.add_time(ADD_TIME_SECONDS, self._key_moment()):
            self._clock_changed()

    # -- correcting a turn after the fact -------------------------------------------------------

    def action_correct_turn(self) -> None:
        """Open the dialog to move a turn's start or end (the host, or the one terminal, only)."""
        if self.session.sealed or not self.coalition.drives or not self._in_rounds:
            return
        record = self.clock.record(self.coalition.monotonic())
        if not record.turns:
            self.notify(_("There is no turn to correct yet."), timeout=3)
            return
        self.app.push_screen(CorrectTurnScreen(record, self.names, on_answer=self._apply_correction))

    def _apply_correction(self, asked: CorrectionAsked | None) -> None:
        """Apply what the dialog asked to the clock as it stands now, keep it in the record, and say what changed."""
        if asked is None or self.session.sealed or not self.coalition.drives:
            return
        now = self.coalition.monotonic()
        was_running = self.clock.running
        record = self.clock.record(now)  # the running turn went on while the dialog was open
        try:
            corrected, correction = correct(
                record,
                asked.turn,
                asked.edge,
                asked.seconds,
                by=self.session.facilitator.strip() or FACILITATOR,
                at=stamp(self.coalition.now()),
            )
        except CorrectionError as error:
            self.notify(str(error), title=_("Not corrected"), severity="warning", timeout=6)
            return
        self.session.clearing.correct(correction, corrected)
        # The live clock is rebuilt from the corrected record, as a reopened one is; a running turn runs on.
        self.clock = SpeakingClock.from_record(
            corrected,
            turn_seconds=self.session.settings.turn_seconds,
            monotonic=self.coalition.monotonic,
            wall=self.coalition.now,
            running_since=now if was_running else None,
        )
        self._confirm_complete = False
        self._note = ""
        self._clock_changed()
        self._keys_state = None  # undo may have lost marks: the footer looks again
        speakers = dict(enumerate(turn.speaker for turn in corrected.turns))
        message = describe(correction, self.names, speakers) + "."
        if correction.clamped:
            message += " " + _("That is as far as it can go.")
        message += " " + _("The totals now include the correction.")
        self.notify(message, title=_("Turn corrected"), timeout=10)

    # -- what the partners write ----------------------------------------------------------------

    def record_words(self, side: Side, key: str, text: str) -> None:
        clearing = self.session.clearing
        if self.locked(side):
            return
        if key == "account" and clearing.accounts.get(side) != text:
            clearing.accounts[side] = text
            self.changed()
        elif key in PARTNER_STEPS and set_opening_words(clearing.opening(side), key, text):
            self.changed()

    def record_goals(self, text: str) -> None:
        if not self.locked(None) and self.session.clearing.shared_goals != text:
            self.session.clearing.shared_goals = text
            self.changed()

    def keep_field(self, field: Widget) -> None:
        if isinstance(field, SaidAllBox):
            self.set_said_all(field.side, field.value)
        elif isinstance(field, TextArea) and field.id == "shared-goals":
            self.record_goals(field.text)
        else:
            super().keep_field(field)

    def set_said_all(self, side: Side, value: bool) -> None:
        clearing = self.session.clearing
        if clearing.said_all.get(side) == value or self.locked(side):
            return
        clearing.said_all[side] = value
        self._confirm_complete = False
        self._note = ""
        self.changed()
        box = self.query_one(f"#said-all-{side}", Checkbox)
        if box.value != value:
            with box.prevent(Checkbox.Changed):
                box.value = value
        self.refresh_clock()

    # -- edits from another machine ------------------------------------------------------------

    def words_at(self, side: Side, key: str) -> tuple[str, str] | None:
        clearing = self.session.clearing
        if key == "account":
            return join_path("clearing", "accounts", side), clearing.accounts.get(side, "")
        if key in PARTNER_STEPS:
            return join_path("clearing", "openings", side, key), opening_words(clearing.opening(side), key)
        return None

    def show_remote(self, paths: set[str]) -> None:
        super().show_remote(paths)
        clearing = self.session.clearing
        for area in self.query("#shared-goals"):
            assert isinstance(area, TextArea)
            if "clearing/shared_goals" in paths and area.text != clearing.shared_goals:
                with area.prevent(TextArea.Changed):
                    area.load_text(clearing.shared_goals)
        for box in self.query(SaidAllBox):
            said = clearing.said_all.get(box.side, False)
            if box.value != said:
                with box.prevent(Checkbox.Changed):
                    box.value = said
        if self.query_one("#steps", ContentSwitcher).current != view_id(clearing.step):
            self.call_later(self.show_step)
            return
        if any(path.startswith("clearing/clock") for path in paths) and not self.coalition.drives:
            holder = self.clock.holder
            self.clock = self._clock_from_session()
            if self._in_rounds:
                self._clock_changed(focus=self.clock.holder if self.clock.holder != holder else None)
        elif self._in_rounds:
            self.refresh_clock()

    # -- the command palette ------------------------------------------------------------------

    def palette_commands(self) -> Iterable[Command]:
        if self.session.sealed or not self.coalition.drives:
            return
        if self.session.clearing.step != "rounds":
            yield (
                _("Clearing: begin the speaking rounds"),
                _("Leave the opening for the rounds with the clock"),
                lambda: self.go_to_step(STEPS.index("rounds")),
            )
            return
        names = self.names
        for side in SIDES:
            name = names[side]
            yield (
                _("Clock: give {name} the floor").format(name=name),
                _("{name} speaks ({keys})").format(name=name, keys=keys_spoken(f"take({side!r})")),
                partial(self.action_take, side),
            )
        yield (
            _("Clock: pass the floor"),
            _("Hand the floor to the other partner ({keys})").format(keys=keys_spoken("pass_floor")),
            self.action_pass_floor,
        )
        yield (
            _("Clock: pause or resume"),
            _("Stop or restart the clock for whoever holds the floor ({keys})").format(
                keys=keys_spoken("toggle_pause")
            ),
            self.action_toggle_pause,
        )
        yield (
            _("Clock: undo the last hand-off"),
            _("Give the floor back, as if the hand-off never happened ({keys})").format(
                keys=keys_spoken("undo_handoff")
            ),
            self.action_undo_handoff,
        )
        yield (
            _("Clock: add a minute to this turn"),
            _("One more minute for whoever holds the floor ({keys})").format(keys=keys_spoken("add_minute")),
            self.action_add_minute,
        )
        if self.clock.turns:
            yield (
                _("Clock: correct a turn"),
                _("Move a turn's start or end after the fact; the totals follow ({keys})").format(keys=CORRECT_DISPLAY),
                self.action_correct_turn,
            )
        for side in SIDES:
            name = names[side]
            if not self.session.clearing.said_all.get(side, False):
                yield (
                    _("Clearing: {name} has said all").format(name=name),
                    _("Mark that {name} has said all there is to say").format(name=name),
                    partial(self.set_said_all, side, True),
                )
            else:
                yield (
                    _("Clearing: {name} has more to say").format(name=name),
                    _("Take back {name}'s “said all”").format(name=name),
                    partial(self.set_said_all, side, False),
                )
        yield (
            _("Clearing: complete"),
            _("Finish the clearing and go on to the next phase"),
            self.action_next_step,
        )
