"""Part two: clearing the past, with the equal air-time speaking clock.

The clearing has an opening in three steps (each partner's commitment to the
other, what each wants the conversation to do, and the ground they share,
carried over from alignment when it ran), then the speaking rounds: two panes,
the floor holder's lit, guidance over each, and the clock.

The clock is :class:`~coalition_tui.domain.clock.SpeakingClock`, fed by
``app.monotonic`` (durations) and ``app.now`` (turn stamps). The display reads
it five times a second and never counts ticks. Every clock operation, and every
second while it runs, marks the session changed; a before-save hook folds the
running turn into ``session.clearing.clock`` on every write, so quitting or a
crash loses at most about a second. A reopened clock is always paused.

ctrl+n walks the steps; in the rounds it completes the clearing. When the
totals are out of balance it first offers the partner behind the floor (ctrl+n
again completes); when a partner has not said all, it says so and moves on, and
the record keeps who had not (like every other phase, nothing blocks).

Each step's panes are built the first time the step is shown, and each pane
holds one answer for its whole life: a pane re-used for the next step would file
words typed just before ctrl+n under the step after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, Static, TextArea

from coalition_tui.domain.clearing import STEPS, carried_goals
from coalition_tui.domain.clock import ADD_TIME_SECONDS, SpeakingClock, format_duration, shown_balance
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import fill, load_prompts
from coalition_tui.domain.session import Session
from coalition_tui.resources import session_styles
from coalition_tui.screens.focus import focus_now, focus_opening_field
from coalition_tui.screens.palette import Command, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.clock_panel import ClockKeys, ClockPanel
from coalition_tui.widgets.fields import TickBox, WordsArea
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.steady_footer import SteadyFooter

TICK_SECONDS = 0.2  # how often the display reads the clock
SAVE_EVERY_SECONDS = 1.0  # how often a running clock marks the session changed
FOLLOW_DELAY = 0.02  # seconds from a floor key's first frame (the clock line) to its second (the panes)
WIDE = 120  # from this many columns the longer guidance and the key list show
SHORT_HEIGHT = 24  # below this many rows the opening's guidance gives way to the panes
TALL_HEIGHT = 30  # from this many rows, presenting shows the clock five rows tall

# -- the keys ---------------------------------------------------------------------------
# F2–F7 first; each has a ctrl alternative that TextArea, the app and the phase screens
# leave free, for keyboards and terminals where function keys are awkward.
CLOCK_KEYS: tuple[tuple[str, str, str, str, str], ...] = (
    # action, primary, alternative, footer text, what it does
    ("take('a')", "f2", "ctrl+l", "A speaks", "Partner A takes the floor (or resumes their paused turn)"),
    ("take('b')", "f3", "ctrl+o", "B speaks", "Partner B takes the floor (or resumes their paused turn)"),
    ("pass_floor", "f4", "ctrl+f", "Pass", "Pass the floor to the other partner"),
    ("toggle_pause", "f5", "ctrl+s", "Pause", "Pause or resume the clock"),
    ("undo_handoff", "f6", "ctrl+backslash", "Undo", "Undo the last hand-off"),
    ("add_minute", "f7", "ctrl+right_square_bracket", "+1 min", "Add a minute to this turn"),
)
CLOCK_ACTIONS = tuple(row[0].partition("(")[0] for row in CLOCK_KEYS)
ALT_DISPLAY = {
    "ctrl+l": "^l",
    "ctrl+o": "^o",
    "ctrl+f": "^f",
    "ctrl+s": "^s",
    "ctrl+backslash": "^\\",
    "ctrl+right_square_bracket": "^]",
}
KEYS = ClockKeys(*(row[1].upper() for row in CLOCK_KEYS))
ALTERNATIVES = ClockKeys(*(ALT_DISPLAY[row[2]] for row in CLOCK_KEYS))


# The clock's own line lists its keys with their ctrl alternatives; the footer leads with
# the keys it alone shows (next, quit), then the clock's as room allows.
FOOTER_ORDER = ("next_step", "quit", "app.quit", *(row[0] for row in CLOCK_KEYS))


def _clock_bindings() -> list[Binding]:
    bindings = []
    for action, primary, alternative, short, tooltip in CLOCK_KEYS:
        bindings.append(Binding(primary, action, short, key_display=primary.upper(), priority=True, tooltip=tooltip))
        bindings.append(
            Binding(alternative, action, short, key_display=ALT_DISPLAY[alternative], show=False, priority=True)
        )
    return bindings


# -- our words (faithful to the method, never the article's sentences) ------------------------

OPENING: dict[str, dict[str, str]] = {
    "commitment": {
        "title": "Your commitment to each other",
        "guidance": (
            "Before you look back, each of you tells the other what you are committed to in this "
            "partnership. Say what is true for you, not what sounds right."
        ),
        "label": "{name}'s commitment to {other}",
        "placeholder": "What {name} is committed to, with {other}…",
    },
    "intention": {
        "title": "What this conversation is for",
        "guidance": (
            "Each of you says what you want this conversation to do. For instance: to set down what "
            "has come between you, so you can work side by side towards what you both want."
        ),
        "label": "What {name} wants this conversation to do",
        "placeholder": "What {name} hopes this conversation will do…",
    },
    "ground": {
        "title": "The ground you share",
        "guidance": (
            "Say again the goals you share and the points you already agree on. They are the "
            "ground you stand on while you look back together."
        ),
        "placeholder": "The goals we share, and what we already agree on…",
    },
}

SPEAKER_GUIDANCE = (
    "You have the floor. Tell it as you lived it: own your part, and name what you felt and what "
    "you were committed to. It is your truth, not the truth: there is nothing to prove and no one "
    "to win over."
)
SPEAKER_GUIDANCE_SHORT = (
    "Say it as you lived it: own your part, name what you felt. Your truth, not the truth. Nothing to prove."
)
LISTENER_GUIDANCE = (
    "You are listening. Hear what they felt, what they were committed to, and where what they "
    "counted on did not happen. Set aside blame, and the need to be right."
)
LISTENER_GUIDANCE_SHORT = "Listen for what they felt, what they were committed to, and where they were let down. Set blame and being right aside."
WAITING_GUIDANCE = "When you are ready to speak, {key} gives you the floor."
ROUNDS_PLACEHOLDER = "{name}'s account, in {name}'s own words…"
SAID_ALL_LABEL = "I have said all I have to say"


def carried_text(session: Session) -> Text | None:
    """What alignment recorded about goals and vision, for the ground step (None if nothing)."""
    alignment = session.alignment
    titles = {prompt.id: prompt.short for prompt in load_prompts().alignment}
    carried = carried_goals(alignment.answers, titles, alignment.statuses)
    if not carried:
        return None
    text = Text()
    text.append("From your alignment", style="bold")
    for title, texts in carried:
        text.append(f"\n{title}", style="italic")
        for side in SIDES:
            words = " ".join(texts[side].split())
            if not words:
                continue
            text.append(f"\n  {session.name(side)}: ", style="bold")
            text.append(words)
    return text


class SaidAllBox(TickBox):
    """A partner's "said all" tick."""

    def __init__(self, side: Side, value: bool, *, disabled: bool = False) -> None:
        super().__init__(SAID_ALL_LABEL, value, id=f"said-all-{side}", classes="said-all", disabled=disabled)
        self.side = side


class AccountColumn(Vertical):
    """One partner's account in the rounds, with their "said all" tick below it."""

    def __init__(self, side: Side, *children: Widget) -> None:
        super().__init__(*children, classes=f"account-column partner-{side}")
        self.side = side

    def typing_field(self) -> PartnerText:
        """Letters typed on the tick box belong in this partner's account."""
        return self.query_one(PartnerText)


class ClearingScreen(PhaseScreen):
    """The opening, then the speaking rounds with the equal air-time clock."""

    PHASE = Phase.CLEARING
    CSS_PATH = session_styles("clearing.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = _clock_bindings()
    FOOTER_ORDER = FOOTER_ORDER

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.clock: SpeakingClock | None = None
        self._last_save = 0.0
        self._confirm_complete = False  # ctrl+n was pressed once with the totals out of balance
        self._note = ""
        self._labels: dict[str, str] = {}  # the guidance shown over each pane
        self._keys_state: tuple[bool, bool] | None = None
        self._panel: ClockPanel | None = None  # the clock area, once the rounds are built

    # -- building ---------------------------------------------------------------------

    @property
    def names(self) -> dict[Side, str]:
        return self.session.names

    def _fill(self, template: str, side: Side) -> str:
        return fill(template, name=self.session.name(side), other=self.session.name(other(side)))

    def compose(self) -> ComposeResult:
        session = self.session
        self.clock = SpeakingClock.from_dict(
            session.clearing.clock,
            turn_seconds=session.settings.turn_seconds,
            monotonic=self.coalition.monotonic,
            wall=self.coalition.now,
        )
        yield self.header()
        with Vertical(classes="phase-body", id="clearing"):
            yield Static("", id="step-title")
            yield Static("", id="step-guidance")
            step = session.clearing.step
            with ContentSwitcher(id="steps", initial=self._view_id(step)):
                yield self._build_view(step)
        yield SteadyFooter(compact=True)

    @staticmethod
    def _view_id(step: str) -> str:
        return f"view-{step}"

    def _build_view(self, step: str) -> Widget:
        """The panes of one step: built when the step is first shown."""
        session = self.session
        clearing = session.clearing
        read_only = session.sealed
        if step in ("commitment", "intention"):
            words = OPENING[step]
            return Horizontal(
                *(
                    PartnerPane(
                        side,
                        session.name(side),
                        getattr(clearing.opening(side), step),
                        key=step,
                        label=self._fill(words["label"], side),
                        placeholder=self._fill(words["placeholder"], side),
                        read_only=read_only,
                        id=f"{step}-{side}",
                    )
                    for side in SIDES
                ),
                id=self._view_id(step),
                classes="panes opening-panes",
            )
        if step == "ground":
            carried = carried_text(session)
            area = WordsArea(
                clearing.shared_goals,
                id="shared-goals",
                read_only=read_only,
                placeholder=OPENING["ground"]["placeholder"],
            )
            area.border_title = "The goals we share"
            return Vertical(
                VerticalScroll(
                    Static(carried or "", id="carried-text"),
                    id="carried",
                    classes="-empty" if carried is None else "",
                    can_focus=False,
                ),
                area,
                id=self._view_id(step),
            )
        return Vertical(
            ClockPanel(
                self.names,
                tolerance=session.settings.tolerance_seconds,
                keys=KEYS,
                alternatives=ALTERNATIVES,
                id="clock",
            ),
            Horizontal(
                *(
                    AccountColumn(
                        side,
                        PartnerPane(
                            side,
                            session.name(side),
                            clearing.accounts.get(side, ""),
                            key="account",
                            label=" ",
                            placeholder=self._fill(ROUNDS_PLACEHOLDER, side),
                            read_only=read_only,
                            id=f"account-{side}",
                        ),
                        SaidAllBox(side, clearing.said_all.get(side, False), disabled=read_only),
                    )
                    for side in SIDES
                ),
                classes="panes",
                id="rounds-panes",
            ),
            id=self._view_id(step),
        )

    def on_mount(self) -> None:
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
        if self.clock is not None and self.clock.pause():
            # Leaving the clearing stops the clock; the open session keeps the time.
            self.session.clearing.clock = self.clock.to_dict()
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
        view_id = self._view_id(self.session.clearing.step)
        if not switcher.query_children(f"#{view_id}"):
            view = self._build_view(self.session.clearing.step)
            view.display = False  # the switcher shows it, never beside the step being left
            await switcher.mount(view)
        switcher.current = view_id
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
            words = OPENING[step]
            number = STEPS.index(step) + 1
            title.update(Text.assemble((f"Opening {number} of {len(STEPS) - 1}", "bold"), f" · {words['title']}"))
            guidance.update(plain(words["guidance"] + "  ctrl+n moves on."))
        self.refresh_bindings()

    def _focus_step(self) -> None:
        """The rounds open on the speaker's account; an opening step on its first field still empty."""
        view = self.query_one(f"#{self._view_id(self.session.clearing.step)}")
        if self.session.clearing.step == "rounds" and self.clock is not None and self.clock.holder:
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
        clearing = self.session.clearing
        if clearing.step != "rounds":
            await self.go_to_step(clearing.step_index + 1)
            return
        if self.session.sealed or self.try_complete():
            self._stop_clock()
            await super().action_next_step()

    async def action_previous_step(self) -> None:
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
        assert self.clock is not None
        reading = self.clock.read()
        tolerance = self.session.settings.tolerance_seconds
        behind = reading.behind
        if behind is not None and abs(reading.balance) > tolerance and not self._confirm_complete:
            self._offer_floor(behind, shown_balance(reading.totals))
            return False
        missing = [names[side] for side in SIDES if not clearing.said_all.get(side)]
        if missing:
            who = " and ".join(missing)
            verb = "have" if len(missing) > 1 else "has"
            self.notify(
                f"{who} {verb} not said all there is to say yet, and the record says so. "
                "ctrl+r comes back to the clearing.",
                title="The clearing is not finished",
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
        self._note = (
            f"Out of balance: {names[behind]} has had {gap} less air-time than {names[other(behind)]} "
            f"(tolerance {format_duration(tolerance)}). {key} gives {names[behind]} the floor first; "
            "ctrl+n again completes the clearing as it stands."
        )
        self.notify(self._note, title="Out of balance", severity="warning", timeout=10)
        self.refresh_clock()

    # -- the clock ------------------------------------------------------------------------

    def _fold_clock(self, session: Session) -> None:
        """Before every save: fold the running turn into the session (the keeper calls this)."""
        if self.clock is not None and session is self.session:
            # On ctrl+q this runs while the key is handled: the clock stops when it was pressed.
            session.clearing.clock = self.clock.to_dict(self.coalition.input_moment())

    def _save_clock(self) -> None:
        assert self.clock is not None
        now = self.coalition.monotonic()
        self.session.clearing.clock = self.clock.to_dict(now)
        self._last_save = now
        self.changed()

    def _stop_clock(self) -> None:
        if self.clock is not None and self.clock.pause():
            self._save_clock()

    @property
    def _in_rounds(self) -> bool:
        """The rounds are on screen (their panes are built and mounted)."""
        if self.session.clearing.step != "rounds":
            return False
        if self._panel is None and (found := self.query("#view-rounds ClockPanel")):
            self._panel = found.first(ClockPanel)
        return self._panel is not None and self._panel.is_mounted

    def refresh_clock(self) -> None:
        """Read the clock and redraw the clock area (called five times a second)."""
        if self.clock is None or not self._in_rounds:
            return
        now = self.coalition.monotonic()
        if self.clock.take_target_signal(now):
            self.app.bell()
            self._save_clock()
        elif self.clock.running and now - self._last_save >= SAVE_EVERY_SECONDS:
            self._last_save = now
            self.changed()  # the before-save hook folds the running turn in
        reading = self.clock.read(now)
        assert self._panel is not None
        self._panel.show(reading, note=self._note)
        self._show_floor(reading.holder, reading.running)

    def _show_floor(self, holder: Side | None, running: bool) -> None:
        """Light the speaker's pane (and mark the listener's); nothing is restyled when nothing changed."""
        for side in SIDES:
            pane = self.query_one(f"#account-{side}", PartnerPane)
            pane.floor_mark = "▶ speaking" if running else "‖ paused"
            # The listener's side is marked too, so presentation mode gives both titles
            # the same height: the notes below stay level, and in place at each hand-off.
            pane.show_floor(lit=holder == side, listening=holder is not None and holder != side)

    def _show_guidance(self) -> None:
        holder = self.clock.holder if self.clock else None
        wide = self.has_class("-wide")
        speaker, listener = (
            (SPEAKER_GUIDANCE, LISTENER_GUIDANCE) if wide else (SPEAKER_GUIDANCE_SHORT, LISTENER_GUIDANCE_SHORT)
        )
        for side in SIDES:
            waiting = WAITING_GUIDANCE.format(key=KEYS.take_a if side == "a" else KEYS.take_b)
            label = waiting if holder is None else speaker if holder == side else listener
            if self._labels.get(side) != label:
                self._labels[side] = label
                # Room for the speaker's and the listener's words alike: the notes stay put at a hand-off.
                self.query_one(f"#account-{side}", PartnerPane).set_label(label, room_for=(speaker, listener))

    def _clock_changed(self, *, focus: Side | None = None) -> None:
        """After every clock operation: save, show the clock at once, then let the panes follow.

        The clock line ("▶ Ada has the floor") is drawn in the very next frame; the
        panes (lit, guidance, the focus moving to the speaker's notes) in the frame
        after, since restyling two text areas takes several times longer than the
        clock line. Keys typed in between wait and land where the focus goes.
        """
        self._confirm_complete = False
        self._note = ""
        assert self.clock is not None and self._panel is not None
        now = self.coalition.monotonic()
        self._last_save = now
        self.changed()  # saved within the autosave delay: the before-save hook folds the clock in
        self._panel.show(self.clock.read(now), note=self._note)
        release = self.coalition.hold_input()
        # Not straight after the refresh: the panes' restyle holds the interpreter for tens of
        # milliseconds, and the thread that writes the first frame to the terminal would wait.
        self.set_timer(FOLLOW_DELAY, lambda: self._follow_floor(focus, release))

    def _follow_floor(self, focus: Side | None, release: Callable[[], None]) -> None:
        """The second frame of a clock operation: the panes, the footer's keys and the focus."""
        try:
            if self.clock is None or not self._in_rounds:
                return
            self._show_guidance()
            self._show_floor(self.clock.holder, self.clock.running)
            keys_state = (self.clock.holder is not None, self.clock.can_undo)
            if keys_state != self._keys_state:
                self._keys_state = keys_state
                self.refresh_bindings()  # pause, undo and +1 minute depend on the floor
            if focus is not None and focus == self.clock.holder:
                focused = self.focused
                if focused is None or isinstance(focused, PartnerText):
                    self._focus_account(focus)
        finally:
            release()

    def _focus_account(self, side: Side) -> None:
        focus_now(self.query_one(f"#account-{side}", PartnerPane).text_area, scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOCK_ACTIONS:
            if self.session.sealed or self.session.clearing.step != "rounds":
                return False
            if action == "undo_handoff" and not (self.clock and self.clock.can_undo):
                return None  # shown, dimmed: nothing to undo
            if action in ("toggle_pause", "add_minute") and not (self.clock and self.clock.holder):
                return None
        return super().check_action(action, parameters)

    def _key_moment(self) -> float:
        """When the key behind this action was pressed (the app knows), else now."""
        return self.coalition.input_moment()

    def action_take(self, side: Side) -> None:
        if side not in SIDES or self.clock is None:
            return
        if self.clock.take(side, self._key_moment()):
            self._clock_changed(focus=side)

    def action_pass_floor(self) -> None:
        if self.clock is not None and self.clock.pass_floor(self._key_moment()):
            self._clock_changed(focus=self.clock.holder)

    def action_toggle_pause(self) -> None:
        if self.clock is not None and self.clock.toggle_pause(self._key_moment()):
            self._clock_changed()

    def action_undo_handoff(self) -> None:
        if self.clock is None or not self.clock.undo(self._key_moment()):
            self.notify("There is no hand-off to undo.", timeout=3)
            return
        holder = self.clock.holder
        self._clock_changed(focus=holder)
        if holder is None:
            self.notify("Hand-off undone: nobody has the floor.", timeout=3)
        else:
            self.notify(f"Hand-off undone: {self.session.name(holder)} has the floor again.", timeout=3)

    def action_add_minute(self) -> None:
        if self.clock is not None and self.clock.add_time(ADD_TIME_SECONDS, self._key_moment()):
            self._clock_changed()

    # -- what the partners write ----------------------------------------------------------------

    def record_words(self, side: Side, key: str, text: str) -> None:
        clearing = self.session.clearing
        if self.session.sealed:
            return
        if key == "account" and clearing.accounts.get(side) != text:
            clearing.accounts[side] = text
        elif key in ("commitment", "intention") and getattr(clearing.opening(side), key) != text:
            setattr(clearing.opening(side), key, text)
        else:
            return
        self.changed()

    def record_goals(self, text: str) -> None:
        if not self.session.sealed and self.session.clearing.shared_goals != text:
            self.session.clearing.shared_goals = text
            self.changed()

    def collect_fields(self) -> None:
        super().collect_fields()
        for area in self.query("#shared-goals"):
            assert isinstance(area, TextArea)
            self.record_goals(area.text)

    @on(TextArea.Changed, "#shared-goals")
    def _goals_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.record_goals(event.text_area.text)

    @on(Checkbox.Changed, ".said-all")
    def _said_all_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        assert isinstance(event.checkbox, SaidAllBox)
        self.set_said_all(event.checkbox.side, event.value)

    def set_said_all(self, side: Side, value: bool) -> None:
        clearing = self.session.clearing
        if clearing.said_all.get(side) == value:
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

    # -- the command palette ------------------------------------------------------------------

    def palette_commands(self) -> Iterable[Command]:
        if self.session.sealed:
            return
        if self.session.clearing.step != "rounds":
            yield (
                "Clearing: begin the speaking rounds",
                "Leave the opening for the rounds with the clock",
                lambda: self.go_to_step(STEPS.index("rounds")),
            )
            return
        names = self.names
        keys = {row[0]: f"{row[1].upper()} or {ALT_DISPLAY[row[2]]}" for row in CLOCK_KEYS}
        for side in SIDES:
            yield (
                f"Clock: give {names[side]} the floor",
                f"{names[side]} speaks ({keys[f'take({side!r})']})",
                lambda side=side: self.action_take(side),
            )
        yield (
            "Clock: pass the floor",
            f"Hand the floor to the other partner ({keys['pass_floor']})",
            self.action_pass_floor,
        )
        yield (
            "Clock: pause or resume",
            f"Stop or restart the clock for whoever holds the floor ({keys['toggle_pause']})",
            self.action_toggle_pause,
        )
        yield (
            "Clock: undo the last hand-off",
            f"Give the floor back, as if the hand-off never happened ({keys['undo_handoff']})",
            self.action_undo_handoff,
        )
        yield (
            "Clock: add a minute to this turn",
            f"One more minute for whoever holds the floor ({keys['add_minute']})",
            self.action_add_minute,
        )
        for side in SIDES:
            said = self.session.clearing.said_all.get(side, False)
            yield (
                f"Clearing: {names[side]} has said all" if not said else f"Clearing: {names[side]} has more to say",
                f"Mark that {names[side]} has said all there is to say"
                if not said
                else f"Take back {names[side]}'s “said all”",
                lambda side=side, said=said: self.set_said_all(side, not said),
            )
        yield ("Clearing: complete", "Finish the clearing and go on to the next phase", self.action_next_step)
