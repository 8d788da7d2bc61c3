"""The clock area of the clearing: who has the floor, the turn against its target, the balance.

It only shows a :class:`~coalition_tui.domain.clock.ClockReading`; the screen
reads the clock (several times a second) and calls :meth:`ClockPanel.show`.
Parts are redrawn only when what they show changes. In presentation mode the
time left to the turn's target (then the time over it) also appears in large
digits: five rows of solid blocks on a tall terminal (``widgets/big_clock.py``),
Textual's three-row ``Digits`` on a short one (``App.-presentation`` rules in
``styles/clearing.tcss``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import StyleType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from coalition_tui.domain.clock import ClockReading, format_duration
from coalition_tui.domain.partners import Side, other
from coalition_tui.i18n import N_, _
from coalition_tui.widgets.balance_bar import BalanceBar
from coalition_tui.widgets.big_clock import BigClock
from coalition_tui.widgets.labels import QuietText
from coalition_tui.widgets.plain import plain


@dataclass(frozen=True)
class ClockKeys:
    """How the keys are written in the clock's hints (e.g. ``"F2"``)."""

    take_a: str = "F2"
    take_b: str = "F3"
    pass_floor: str = "F4"
    pause: str = "F5"
    undo: str = "F6"
    add_time: str = "F7"


def target_detail(reading: ClockReading) -> str:
    """``"2:00 + 0:40 catch-up + 1:00 added"``, or ``""`` for a plain base turn."""
    parts = []
    if reading.catch_up >= 1:
        parts.append(_("{duration} catch-up").format(duration=format_duration(reading.catch_up)))
    if reading.added >= 1:
        parts.append(_("{duration} added").format(duration=format_duration(reading.added)))
    if not parts:
        return ""
    return " + ".join([format_duration(reading.base), *parts])


def status_line(
    reading: ClockReading,
    names: Mapping[Side, str],
    keys: ClockKeys,
    width: int | None = None,
    *,
    quiet: StyleType = "dim",
) -> Text:
    """The first line of the clock: the floor in words, then the turn against its target.

    With ``width``, the less needed parts (the target's make-up, the next turn) are
    left out rather than cut off when the line would not fit.
    """
    holder = reading.holder
    if holder is None:
        parts = [
            ("○ " + _("Nobody has the floor"), "bold", 0),
            (f"   {keys.take_a} {names['a']} · {keys.take_b} {names['b']}", quiet, 1),
        ]
    else:
        name = names[holder]
        floor = (
            "▶ " + _("{name} has the floor").format(name=name)
            if reading.running
            else "‖ " + _("Paused · {name} holds the floor").format(name=name)
        )
        # The turn's number is on this line, not in the frame's title: a hand-off redraws one line.
        parts = [
            (floor, "bold", 0),
            (" · " + _("turn {number}").format(number=reading.turn_number), "", 2),
            ("   ", "", 0),
            (format_duration(reading.elapsed), "bold", 0),
            (f" / {format_duration(reading.goal)}", "", 0),
        ]
        if reading.overtime >= 1:
            parts.append(("   ", "", 0))
            parts.append((_("{duration} over").format(duration=format_duration(reading.overtime)), "bold reverse", 0))
        elif reading.since_goal is not None:
            parts.append(("   ", "", 0))
            parts.append((_("target reached"), "bold reverse", 0))
        if not reading.running:
            parts.append(("   " + _("{key} resumes").format(key=keys.pause), quiet, 1))
        detail = target_detail(reading)
        if detail:
            parts.append((f"   ({detail})", quiet, 2))
        listener = other(holder)
        upcoming = _("next: {name} {duration}").format(
            name=names[listener], duration=format_duration(reading.next_targets[listener])
        )
        parts.append(("   " + upcoming, quiet, 3))
    if width is not None:
        # Drop the least needed parts until the line fits.
        for level in (3, 2, 1):
            if sum(len(text) for text, _style, _level in parts) <= width:
                break
            parts = [part for part in parts if part[2] < level]
    text = Text(no_wrap=True, overflow="ellipsis")
    for chunk, style, _level in parts:
        text.append(chunk, style=style)
    return text


KEY_WORDS = (  # what each clock key does, from the longest wording to the shortest (translated where shown)
    (N_("pass"), N_("pause/resume"), N_("undo hand-off"), N_("+1 minute")),
    (N_("pass"), N_("pause"), N_("undo"), N_("+1 min")),
    (N_("pass"), N_("pause"), N_("undo"), N_("+1m")),
)


def keys_line(
    names: Mapping[Side, str],
    keys: ClockKeys,
    alternatives: ClockKeys | None = None,
    width: int | None = None,
    *,
    quiet: StyleType = "dim",
) -> Text:
    """Every clock key with its alternative: ``F2/^l Ada · F3/^o Ben · F4/^f pass · …``.

    Shortened to fit ``width`` (shorter words, then the partners' marks for their
    names), so every key and its ctrl alternative stays on screen at 80 columns.
    """
    alt = alternatives
    texts = []
    for who in ((names["a"], names["b"]), ("A", "B")):
        for wording in KEY_WORDS:
            words = [_(word) for word in wording]
            pairs = [
                (keys.take_a, alt.take_a if alt else "", who[0]),
                (keys.take_b, alt.take_b if alt else "", who[1]),
                (keys.pass_floor, alt.pass_floor if alt else "", words[0]),
                (keys.pause, alt.pause if alt else "", words[1]),
                (keys.undo, alt.undo if alt else "", words[2]),
                (keys.add_time, alt.add_time if alt else "", words[3]),
            ]
            text = Text(no_wrap=True, overflow="ellipsis", style=quiet)
            for index, (key, alternative, what) in enumerate(pairs):
                if index:
                    text.append(" · ")
                text.append(f"{key}/{alternative}" if alternative else key, style="bold")
                text.append(f" {what}")
            if width is None or text.cell_len <= width:
                return text
            texts.append(text)
    return texts[-1]


def digits_text(reading: ClockReading) -> str:
    """What the big digits show: the time left to the turn's target, then ``+`` the time over it.

    Counting down, a second shows until it has fully gone (``2:00`` for the first
    second of a two-minute turn); with nobody on the floor, a turn's length.
    """
    if reading.holder is None:
        return format_duration(reading.base)
    if reading.overtime >= 1:
        return "+" + format_duration(reading.overtime)
    return format_duration(math.ceil(max(reading.goal - reading.elapsed, 0.0) - 1e-9))


def digits_caption(reading: ClockReading) -> str:
    """The word beside the big digits: what they count."""
    if reading.holder is None:
        return _("turn")
    return _("over") if reading.overtime >= 1 else _("left")


def panel_state(reading: ClockReading) -> str:
    """One CSS class for the clock's state: idle, running, paused, overtime or signal."""
    if reading.holder is None:
        return "-idle"
    if reading.running and reading.signalling:
        return "-signal"
    if not reading.running:
        return "-paused"
    if reading.since_goal is not None:
        return "-overtime"
    return "-running"


STATES = ("-idle", "-running", "-paused", "-overtime", "-signal")


class ClockPanel(Vertical):
    """The clearing's clock area: status, big digits when presenting, balance, and a note."""

    def __init__(
        self,
        names: Mapping[Side, str],
        *,
        tolerance: float,
        keys: ClockKeys = ClockKeys(),
        alternatives: ClockKeys | None = None,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(id=id, classes=f"clock-panel {classes}".strip())
        self.names: dict[Side, str] = dict(names)
        self.tolerance = tolerance
        self.keys = keys
        self.alternatives = alternatives
        self._shown: dict[str, object] = {}
        self.border_title = _("Speaking rounds")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="clock-row"):
            yield Digits("0:00", id="clock-digits")
            yield BigClock(id="clock-big")
            with Vertical(classes="clock-lines"):
                yield QuietText("", id="clock-status")
                yield BalanceBar(self.names["a"], self.names["b"], id="balance-bar")
                yield Static("", id="clock-note", classes="-empty")
                yield QuietText("", id="clock-keys")

    def _show_keys(self) -> None:
        """The keys line, worded to the room it has (less when the big digits show beside it)."""
        widget = self.query_one("#clock-keys", QuietText)
        width = widget.content_size.width or self.content_size.width or None
        if self._changed("keys-width", width):
            widget.update(keys_line(self.names, self.keys, self.alternatives, width, quiet=widget.quiet))

    def on_resize(self) -> None:
        self._show_keys()

    def show(self, reading: ClockReading, *, note: str = "") -> None:
        """Bring the display up to ``reading``; parts that would not change are left alone."""
        self._show_keys()
        widget = self.query_one("#clock-status", QuietText)
        status = status_line(reading, self.names, self.keys, widget.content_size.width or None, quiet=widget.quiet)
        if self._changed("status", status.plain):
            widget.update(status, layout=False)  # always one line
        digits = digits_text(reading)
        if self._changed("digits", (digits, digits_caption(reading))):
            self.query_one("#clock-digits", Digits).update(digits)
            self.query_one("#clock-big", BigClock).show(digits, digits_caption(reading))
        state = panel_state(reading)
        if self._changed("state", state):
            # One restyle for the change of state, not one per class.
            self.set_classes([name for name in self.classes if name not in STATES] + [state])
        if self._changed("note", note):
            note_widget = self.query_one("#clock-note", Static)
            note_widget.update(plain(note))
            note_widget.set_class(not note, "-empty")
        self.query_one(BalanceBar).show(
            reading.totals["a"], reading.totals["b"], self.tolerance, warn=not reading.running
        )

    def _changed(self, part: str, value: object) -> bool:
        if self._shown.get(part) == value:
            return False
        self._shown[part] = value
        return True
