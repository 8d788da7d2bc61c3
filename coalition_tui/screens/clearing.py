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

ctrl+n walks the steps; in the rounds it completes the clearing once both
partners have said all they have to say (and, when the totals are out of
balance, offers the partner behind the floor first: ctrl+n again completes).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, ContentSwitcher, Static, TextArea

from coalition_tui.domain.clearing import STEPS, carried_goals
from coalition_tui.domain.clock import ADD_TIME_SECONDS, SpeakingClock, format_duration
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.resources import session_styles
from coalition_tui.screens.palette import Command, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.clock_panel import ClockKeys, ClockPanel
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText
from coalition_tui.widgets.steady_footer import SteadyFooter, fitting_bindings

TICK_SECONDS = 0.2  # how often the display reads the clock
SAVE_EVERY_SECONDS = 1.0  # how often a running clock marks the session changed
WIDE = 120  # from this many columns the longer guidance and the key list show
SHORT_HEIGHT = 24  # below this many rows the opening's guidance gives way to the panes

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


FOOTER_ORDER = (*(row[0] for row in CLOCK_KEYS), "next_step", "quit", "app.quit")


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
SPEAKER_GUIDANCE_SHORT = "Say it as you lived it: own your part, name what you felt. Your truth, not the truth. Nothing to prove."
LISTENER_GUIDANCE = (
    "You are listening. Hear what they felt, what they were committed to, and where what they "
    "counted on did not happen. Set aside blame, and the need to be right."
)
LISTENER_GUIDANCE_SHORT = "Listen for what they felt, what they were committed to, and where they were let down. Set blame and being right aside."
WAITING_GUIDANCE = "When you are ready to speak, {key} gives you the floor."
ROUNDS_PLACEHOLDER = "{name}'s account, in {name}'s own words…"
SAID_ALL_LABEL = "I have said all I have to say"


def _alignment_titles() -> dict[str, str]:
    """Short titles of the alignment prompts, when the prompts can be read (else none)."""
    try:
        from coalition_tui.domain.prompts import load_prompts

        return {prompt.id: prompt.short for prompt in load_prompts().alignment}
    except Exception:  # the prompts are another phase's business: carry on without titles
        return {}


def carried_text(session: Session) -> Text | None:
    """What alignment recorded about goals and vision, for the ground step (None if nothing)."""
    alignment = session.alignment
    statuses: dict[str, dict[str, str]] = getattr(alignment, "statuses", None) or {}
    carried = carried_goals(alignment.answers, _alignment_titles(), statuses)
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


class SaidAllBox(Checkbox):
    """A partner's "said all" tick: a check mark when ticked, an empty box when not (shape, not colour)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✔" if self.value else " "


class ClearingScreen(PhaseScreen):
    """The opening, then the speaking rounds with the equal air-time clock."""

    PHASE = Phase.CLEARING
    CSS_PATH = session_styles("clearing.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = _clock_bindings()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.clock: SpeakingClock | None = None
        self._last_save = 0.0
        self._confirm_complete = False  # ctrl+n was pressed once with the totals out of balance
        self._note = ""
        self._labels: dict[str, str] = {}  # the guidance shown over each pane
        self._keys_state: tuple[bool, bool] | None = None

    # -- building ---------------------------------------------------------------------

    @property
    def names(self) -> dict[str, str]:
        return {side: self.session.name(side) for side in SIDES}

    def _fill(self, template: str, side: Side) -> str:
        return template.format(name=self.session.name(side), other=self.session.name(other(side)))

    def compose(self) -> ComposeResult:
        session = self.session
        clearing = session.clearing
        read_only = session.sealed
        self.clock = SpeakingClock.from_dict(
            clearing.clock,
            turn_seconds=session.settings.turn_seconds,
            monotonic=self.coalition.monotonic,
            wall=self.coalition.now,
        )
        yield self.header()
        with Vertical(classes="phase-body", id="clearing"):
            yield Static("", id="step-title", markup=False)
            yield Static("", id="step-guidance", markup=False)
            with ContentSwitcher(id="steps", initial=self._view_for(clearing.step)):
                with Horizontal(id="view-opening", classes="panes"):
                    for side in SIDES:
                        yield PartnerPane(
                            side, session.name(side), "", key="commitment", label=" ",
                            read_only=read_only, id=f"opening-{side}",
                        )
                with Vertical(id="view-ground"):
                    carried = carried_text(session)
                    with VerticalScroll(id="carried", classes="-empty" if carried is None else ""):
                        yield Static(carried or "", id="carried-text", markup=False)
                    area = TextArea(
                        clearing.shared_goals, id="shared-goals", soft_wrap=True, show_line_numbers=False,
                        tab_behavior="focus", highlight_cursor_line=False, read_only=read_only,
                        placeholder=OPENING["ground"]["placeholder"],
                    )
                    area.border_title = "The goals we share"
                    yield area
                with Vertical(id="view-rounds"):
                    yield ClockPanel(
                        self.names, tolerance=session.settings.tolerance_seconds, keys=KEYS,
                        alternatives=ALTERNATIVES, id="clock",
                    )
                    with Horizontal(classes="panes", id="rounds-panes"):
                        for side in SIDES:
                            with Vertical(classes=f"account-column partner-{side}"):
                                yield PartnerPane(
                                    side, session.name(side), clearing.accounts.get(side, ""), key="account",
                                    label=" ", placeholder=self._fill(ROUNDS_PLACEHOLDER, side),
                                    read_only=read_only, id=f"account-{side}",
                                )
                                yield SaidAllBox(
                                    SAID_ALL_LABEL, clearing.said_all.get(side, False),
                                    id=f"said-all-{side}", classes="said-all", disabled=read_only,
                                )
        yield SteadyFooter(compact=True)

    @staticmethod
    def _view_for(step: str) -> str:
        if step == "ground":
            return "view-ground"
        if step == "rounds":
            return "view-rounds"
        return "view-opening"

    def on_mount(self) -> None:
        keeper = self.coalition.keeper
        if keeper is not None:
            keeper.add_before_save(self._fold_clock)
        self._fit(self.app.size.width, self.app.size.height)
        self.show_step(focus=True)
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
        if changed and self.is_mounted and self.session.clearing.step == "rounds":
            self._show_guidance()

    # -- the steps ------------------------------------------------------------------------

    def show_step(self, *, focus: bool = False) -> None:
        """Show the current step (the opening's three, or the rounds)."""
        clearing = self.session.clearing
        step = clearing.step
        self.query_one("#steps", ContentSwitcher).current = self._view_for(step)
        self.set_class(step == "rounds", "-rounds")
        title = self.query_one("#step-title", Static)
        guidance = self.query_one("#step-guidance", Static)
        if step == "rounds":
            title.update("")
            guidance.update("")
            self._show_guidance()
            self.refresh_clock()
            if focus:
                self._focus_account(self.clock.holder if self.clock and self.clock.holder else "a")
        else:
            words = OPENING[step]
            number = STEPS.index(step) + 1
            title.update(
                Text.assemble(
                    (f"Opening {number} of {len(STEPS) - 1}", "bold"),
                    f" · {words['title']}",
                )
            )
            guidance.update(words["guidance"] + "  ctrl+n moves on.")
            if step in ("commitment", "intention"):
                for side in SIDES:
                    pane = self.query_one(f"#opening-{side}", PartnerPane)
                    pane.load(
                        getattr(clearing.opening(side), step), key=step, label=self._fill(words["label"], side)
                    )
                    pane.text_area.placeholder = self._fill(words["placeholder"], side)
                if focus:
                    self.query_one("#opening-a", PartnerPane).text_area.focus()
            elif focus:
                self.query_one("#shared-goals", TextArea).focus()
        self.refresh_bindings()

    def go_to_step(self, index: int) -> None:
        clearing = self.session.clearing
        if clearing.step_index == index:
            return
        clearing.go_to_step(index)
        self._confirm_complete = False
        self._note = ""
        self.changed()
        self.show_step(focus=True)

    def action_next_step(self) -> None:
        clearing = self.session.clearing
        if clearing.step != "rounds":
            self.go_to_step(clearing.step_index + 1)
            return
        if self.session.sealed or self.try_complete():
            self._stop_clock()
            super().action_next_step()

    def action_previous_step(self) -> None:
        clearing = self.session.clearing
        if clearing.step_index == 0:
            super().action_previous_step()
            return
        if clearing.step == "rounds":
            self._stop_clock()
        self.go_to_step(clearing.step_index - 1)

    def try_complete(self) -> bool:
        """May the clearing be completed now? Says why not, and offers the floor when out of balance."""
        clearing = self.session.clearing
        names = self.names
        missing = [names[side] for side in SIDES if not clearing.said_all.get(side)]
        if missing:
            who = " and ".join(missing)
            verb = "have" if len(missing) > 1 else "has"
            self.notify(
                f"{who} {verb} not yet said all there is to say. When you have, tick "
                f"“{SAID_ALL_LABEL}” under your pane (Tab to it, then space); then ctrl+n completes the clearing.",
                title="The clearing is not finished",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return False
        assert self.clock is not None
        reading = self.clock.read()
        tolerance = self.session.settings.tolerance_seconds
        behind = reading.behind
        if behind is None or abs(reading.balance) <= tolerance or self._confirm_complete:
            return True
        self._confirm_complete = True
        key = KEYS.take_a if behind == "a" else KEYS.take_b
        gap = format_duration(abs(reading.balance))
        self._note = (
            f"Out of balance: {names[behind]} has had {gap} less air-time than {names[other(behind)]} "
            f"(tolerance {format_duration(tolerance)}). {key} gives {names[behind]} the floor first; "
            "ctrl+n again completes the clearing as it stands."
        )
        self.notify(self._note, title="Out of balance", severity="warning", timeout=10, markup=False)
        self.refresh_clock()
        return False

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

    def refresh_clock(self) -> None:
        """Read the clock and redraw the clock area (called five times a second)."""
        if self.clock is None or self.session.clearing.step != "rounds":
            return
        now = self.coalition.monotonic()
        if self.clock.take_target_signal(now):
            self.app.bell()
            self._save_clock()
        elif self.clock.running and now - self._last_save >= SAVE_EVERY_SECONDS:
            self._last_save = now
            self.changed()  # the before-save hook folds the running turn in
        reading = self.clock.read(now)
        self.query_one(ClockPanel).show(reading, note=self._note)
        holder = reading.holder
        for side in SIDES:
            pane = self.query_one(f"#account-{side}", PartnerPane)
            pane.floor_mark = "▶ speaking" if reading.running else "‖ paused"
            # The listener's side is marked too, so presentation mode gives both titles
            # the same height: the notes below stay level, and in place at each hand-off.
            pane.show_floor(lit=holder == side, listening=holder is not None and holder != side)

    def _show_guidance(self) -> None:
        holder = self.clock.holder if self.clock else None
        wide = self.has_class("-wide")
        speaker, listener = (SPEAKER_GUIDANCE, LISTENER_GUIDANCE) if wide else (
            SPEAKER_GUIDANCE_SHORT, LISTENER_GUIDANCE_SHORT)
        for side in SIDES:
            waiting = WAITING_GUIDANCE.format(key=KEYS.take_a if side == "a" else KEYS.take_b)
            label = waiting if holder is None else speaker if holder == side else listener
            if self._labels.get(side) != label:
                self._labels[side] = label
                # Room for the speaker's and the listener's words alike: the notes stay put at a hand-off.
                self.query_one(f"#account-{side}", PartnerPane).set_label(label, room_for=(speaker, listener))

    def _clock_changed(self, *, focus: Side | None = None) -> None:
        """After every clock operation: save, redraw, and move the guidance with the floor."""
        self._confirm_complete = False
        self._note = ""
        self._save_clock()
        self._show_guidance()
        self.refresh_clock()
        keys_state = (self.clock.holder is not None, self.clock.can_undo) if self.clock else None
        if keys_state != self._keys_state:
            self._keys_state = keys_state
            self.refresh_bindings()  # pause, undo and +1 minute depend on the floor
        if focus is not None:
            focused = self.focused
            if focused is None or isinstance(focused, PartnerText):
                self._focus_account(focus)

    def _focus_account(self, side: Side) -> None:
        self.query_one(f"#account-{side}", PartnerPane).text_area.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOCK_ACTIONS:
            if self.session.sealed or self.session.clearing.step != "rounds":
                return False
            if action == "undo_handoff" and not (self.clock and self.clock.can_undo):
                return None  # shown, dimmed: nothing to undo
            if action in ("toggle_pause", "add_minute") and not (self.clock and self.clock.holder):
                return None
        return True

    @property
    def active_bindings(self):  # type: ignore[override]
        """The footer's keys: the clock's first (F2 to F7), then Next and Quit, then what fits (Back, Home, Present)."""
        return fitting_bindings(self, super().active_bindings, FOOTER_ORDER)

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
            self.notify("Hand-off undone: nobody has the floor.", timeout=3, markup=False)
        else:
            self.notify(f"Hand-off undone: {self.session.name(holder)} has the floor again.", timeout=3, markup=False)

    def action_add_minute(self) -> None:
        if self.clock is not None and self.clock.add_time(ADD_TIME_SECONDS, self._key_moment()):
            self._clock_changed()

    # -- what the partners write ----------------------------------------------------------------

    @on(PartnerPane.Changed)
    def _pane_changed(self, event: PartnerPane.Changed) -> None:
        event.stop()
        clearing = self.session.clearing
        if event.key == "account":
            clearing.accounts[event.side] = event.text
        elif event.key in ("commitment", "intention"):
            setattr(clearing.opening(event.side), event.key, event.text)
        else:
            return
        self.changed()

    @on(TextArea.Changed, "#shared-goals")
    def _goals_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.session.clearing.shared_goals = event.text_area.text
        self.changed()

    @on(Checkbox.Changed, ".said-all")
    def _said_all_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        side: Side = "a" if event.checkbox.id == "said-all-a" else "b"
        self.set_said_all(side, event.value)

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
            yield ("Clearing: begin the speaking rounds", "Leave the opening for the rounds with the clock",
                   lambda: self.go_to_step(STEPS.index("rounds")))
            return
        names = self.names
        keys = {row[0]: f"{row[1].upper()} or {ALT_DISPLAY[row[2]]}" for row in CLOCK_KEYS}
        for side in SIDES:
            yield (f"Clock: give {names[side]} the floor", f"{names[side]} speaks ({keys[f'take({side!r})']})",
                   lambda side=side: self.action_take(side))
        yield ("Clock: pass the floor", f"Hand the floor to the other partner ({keys['pass_floor']})",
               self.action_pass_floor)
        yield ("Clock: pause or resume", f"Stop or restart the clock for whoever holds the floor ({keys['toggle_pause']})",
               self.action_toggle_pause)
        yield ("Clock: undo the last hand-off", f"Give the floor back, as if the hand-off never happened ({keys['undo_handoff']})",
               self.action_undo_handoff)
        yield ("Clock: add a minute to this turn", f"One more minute for whoever holds the floor ({keys['add_minute']})",
               self.action_add_minute)
        for side in SIDES:
            said = self.session.clearing.said_all.get(side, False)
            yield (
                f"Clearing: {names[side]} has said all" if not said else f"Clearing: {names[side]} has more to say",
                f"Mark that {names[side]} has said all there is to say" if not said
                else f"Take back {names[side]}'s “said all”",
                lambda side=side, said=said: self.set_said_all(side, not said),
            )
        yield ("Clearing: complete", "Finish the clearing (both partners must have said all)", self.action_next_step)
