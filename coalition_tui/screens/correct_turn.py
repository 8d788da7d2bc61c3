"""Correcting a turn after the fact: the dialog the clearing opens (⇧F6).

"Ben started 40 seconds before I pressed the key": the facilitator picks the
turn (latest first: its number, speaker, start and length), which edge moved
(its start or its end), earlier or later, and by how many seconds (typed, or
+ and - for five seconds more or less). A preview shows the turn's new length, its
neighbour's, and the new balance, as :func:`coalition_tui.domain.corrections.correct`
will make them (held within the neighbours). Enter applies from anywhere in the
dialog (the list of turns too); with no seconds yet it says so instead. Escape
leaves it be.

The direction changes only on its own line (←/→, or the first letter of Earlier
or Later), and the dialog says so: + and - change the seconds, never the direction.

The dialog only asks; the clearing screen applies the correction to its clock
(``ClearingScreen.action_correct_turn``), so what is applied is measured at the
moment enter is pressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coalition_tui.domain.clock import ClockRecord, format_duration, shown_balance
from coalition_tui.domain.corrections import CorrectionError, Edge, correct, running_turn
from coalition_tui.domain.partners import Side
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.i18n import N_, _
from coalition_tui.resources import stylesheet
from coalition_tui.screens.focus import focus_now
from coalition_tui.widgets.dialog import Answer, Dialog
from coalition_tui.widgets.fields import WordsInput
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.status_choice import StatusChoice

NUDGE_SECONDS = 5
SHORT_HEIGHT = 30  # below this many rows the guidance gives way to the turns
MAX_TYPED = 4  # digits: up to 9999 seconds (the correction is held within its neighbours)
MAX_AMOUNT = 10**MAX_TYPED - 1


@dataclass(frozen=True)
class CorrectionAsked:
    """What the facilitator asked for: move ``edge`` of turn ``turn`` by ``seconds`` (negative: earlier)."""

    turn: int
    edge: Edge
    seconds: float


class Choice(StatusChoice):
    """A one-line choice that always holds one of its choices (backspace does not clear it)."""

    def action_clear(self) -> None:
        return None


def start_time(start: str) -> str:
    """A turn's start stamp as the local time of day, to the second (as typed if it is not a stamp)."""
    try:
        return parse_stamp(start).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return start[:8]


def balance_words(totals: Mapping[Side, float], names: Mapping[Side, str]) -> str:
    """The balance in a few words: even, or who spoke how much longer."""
    gap = shown_balance(totals)
    if gap == 0:
        return _("even")
    return _("{name} spoke {duration} longer").format(
        name=names["a"] if gap > 0 else names["b"], duration=format_duration(abs(gap))
    )


class CorrectTurnScreen(Dialog[CorrectionAsked | None]):
    """Choose a turn, an edge, a direction and seconds; see the result; enter applies (from anywhere)."""

    CSS_PATH = stylesheet("correct_turn.tcss")
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), priority=True),
        Binding("enter", "apply", N_("Apply"), tooltip=N_("Apply the correction"), priority=True),
        Binding("plus,equals_sign", "nudge(5)", N_("5 s more"), key_display="+", priority=True),
        Binding("minus", "nudge(-5)", N_("5 s less"), key_display="-", priority=True),
    ]

    def __init__(
        self,
        record: ClockRecord,
        names: Mapping[Side, str],
        *,
        on_answer: Answer[CorrectionAsked | None] | None = None,
    ) -> None:
        super().__init__(classes="correct-turn-screen", on_answer=on_answer)
        self.record = record
        self.names = dict(names)
        self.running = running_turn(record)

    # -- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="correct-box"):
            yield Static(_("Correct a turn"), id="correct-title")
            yield Static(
                _(
                    "Move where a turn began or ended, when the key was pressed early or late. "
                    "The turn beside it gives or takes the same time."
                ),
                id="correct-guidance",
            )
            yield OptionList(*self._turn_options(), id="correct-turns")
            with Vertical(id="correct-choices"):
                with Horizontal(classes="correct-row"):
                    yield Label(_("Edge"), classes="correct-label")
                    yield Choice(
                        (("start", _("Start")), ("end", _("End"))), "start", side="a", key="edge", id="correct-edge"
                    )
                direction = Choice(
                    (("earlier", _("Earlier")), ("later", _("Later"))),
                    "earlier",
                    side="a",
                    key="direction",
                    id="correct-direction",
                )
                with Horizontal(classes="correct-row"):
                    yield Label(_("Moved"), classes="correct-label")
                    yield direction
                with Horizontal(classes="correct-row"):
                    yield Label(_("Seconds"), classes="correct-label")
                    yield WordsInput(
                        "",
                        placeholder="0",
                        restrict=r"[0-9]*",
                        max_length=MAX_TYPED,
                        id="correct-seconds",
                        refusal=_("Seconds: a whole number, like 5 (+ and - add or take five)."),
                    )
                    yield Static(_("+/- five seconds more or less"), id="correct-nudge-hint")
            yield Static("", id="correct-preview")
            # The direction's own keys, said in words: nothing else changes it (+ and - change the seconds).
            direction_keys = _("{earlier} or {later}: ←/→ or {keys} on its line").format(
                earlier=_("Earlier"), later=_("Later").lower(), keys=direction.key_hint
            )
            yield Static(plain(direction_keys + "\n" + _("Enter applies · Escape cancels")), id="correct-keys")

    def _turn_options(self) -> list[Option]:
        """Every turn, latest first: number, speaker, when it began, how long it lasted."""
        options = []
        turns = self.record.turns
        width = len(str(len(turns)))
        for index in range(len(turns) - 1, -1, -1):
            turn = turns[index]
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{index + 1:>{width}}  ")
            line.append(Text(self.names[turn.speaker], style="bold"))  # a name is data, never markup
            line.append(f"  {start_time(turn.start)}  {format_duration(turn.duration)}")
            if index == self.running:
                line.append("  " + _("running"), style="italic")
            options.append(Option(line, id=str(index)))
        return options

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT_HEIGHT, "-short")
        turns = self.query_one("#correct-turns", OptionList)
        turns.highlighted = 0
        focus_now(turns)
        self.show_preview()

    # -- reading what was chosen ------------------------------------------------------------

    @property
    def turn(self) -> int | None:
        option_list = self.query_one("#correct-turns", OptionList)
        option = option_list.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    @property
    def edge(self) -> Edge:
        return "end" if self.query_one("#correct-edge", Choice).value == "end" else "start"

    @property
    def seconds(self) -> int:
        """The move as chosen, signed: negative earlier, positive later."""
        typed = self.query_one("#correct-seconds", Input).value
        amount = int(typed) if typed.isdigit() else 0
        return -amount if self.query_one("#correct-direction", Choice).value == "earlier" else amount

    def asked(self) -> CorrectionAsked | None:
        turn = self.turn
        return None if turn is None else CorrectionAsked(turn, self.edge, self.seconds)

    # -- the preview ----------------------------------------------------------------------

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    @on(StatusChoice.Changed)
    def _chosen(self, event: OptionList.OptionHighlighted | Input.Changed | StatusChoice.Changed) -> None:
        event.stop()
        self.show_preview()

    def show_preview(self) -> None:
        """The turn's new length, its neighbour's, and the new balance (or why it cannot be done)."""
        preview = self.query_one("#correct-preview", Static)
        asked = self.asked()
        if asked is None:
            preview.update("")
            return
        if asked.seconds == 0:
            turn = self.record.turns[asked.turn]
            if asked.edge == "start":
                words = _("Turn {number} ({name}): {duration}. Say by how many seconds its start moves.")
            else:
                words = _("Turn {number} ({name}): {duration}. Say by how many seconds its end moves.")
            words = words.format(
                number=asked.turn + 1, name=self.names[turn.speaker], duration=format_duration(turn.duration)
            )
            preview.set_class(False, "-refused")
            preview.update(plain(words))
            return
        try:
            corrected, correction = correct(self.record, asked.turn, asked.edge, asked.seconds)
        except CorrectionError as error:
            preview.set_class(True, "-refused")
            preview.update(plain(str(error)))
            return
        preview.set_class(False, "-refused")
        lines = [
            _("Turn {number} ({name}): {before} → {after}").format(
                number=correction.turn + 1,
                name=self.names[correction.speaker],
                before=format_duration(correction.turn_before),
                after=format_duration(correction.turn_after),
            )
        ]
        if correction.neighbour is not None:
            beside = corrected.turns[correction.neighbour]
            lines.append(
                _("Turn {number} ({name}): {before} → {after}").format(
                    number=correction.neighbour + 1,
                    name=self.names[beside.speaker],
                    before=format_duration(correction.neighbour_before),
                    after=format_duration(correction.neighbour_after),
                )
            )
        lines.append(
            _("Balance: {now} (was: {before})").format(
                now=balance_words(correction.totals_after, self.names),
                before=balance_words(correction.totals_before, self.names),
            )
        )
        if correction.clamped:
            if correction.seconds < 0:
                held = _("It moves {duration} earlier: as far as it can go.")
            else:
                held = _("It moves {duration} later: as far as it can go.")
            lines.append(held.format(duration=format_duration(abs(correction.seconds))))
        preview.update(plain("\n".join(lines)))

    # -- the keys -----------------------------------------------------------------------------

    def action_nudge(self, step: int) -> None:
        """Five seconds more (+) or less (-), never below none; the direction stays as chosen."""
        field = self.query_one("#correct-seconds", Input)
        amount = max(0, min(abs(self.seconds) + step, MAX_AMOUNT))
        field.value = str(amount) if amount else ""
        field.cursor_position = len(field.value)
        self.show_preview()

    async def action_apply(self) -> None:
        """Apply what is chosen, wherever the focus is; with no seconds yet, say so (and, from the
        list of turns, go on to its edge)."""
        asked = self.asked()
        if asked is None:
            return
        if asked.seconds == 0:
            if asked.edge == "start":
                missing = _("Say by how many seconds its start moves: type them, or press + for five more.")
            else:
                missing = _("Say by how many seconds its end moves: type them, or press + for five more.")
            self.query_one("#correct-preview", Static).set_class(True, "-refused")  # its words say what is missing
            self.notify(missing, title=_("Nothing to apply yet"), severity="warning", timeout=6)
            if isinstance(self.focused, OptionList):
                focus_now(self.query_one("#correct-edge", Choice))
            return
        try:
            correct(self.record, asked.turn, asked.edge, asked.seconds)
        except CorrectionError as error:
            self.notify(str(error), title=_("Not corrected"), severity="warning", timeout=6)
            return
        await self.answer(asked)

    async def action_cancel(self) -> None:
        await self.answer(None)
