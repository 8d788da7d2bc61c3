"""The clearing's speaking rounds: the clock above two accounts, the floor holder's lit, guidance over each.

It only shows: the screen owns the clock, reads it and tells this view what to
draw. Each part is changed only when what it shows changes, since a floor key
redraws it straight after the hand-off.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal, Vertical
from textual.widget import Widget

from coalition_tui.domain.clock import ClockReading
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.prompts import ClearingTexts, fill
from coalition_tui.domain.session import Session
from coalition_tui.i18n import _
from coalition_tui.widgets.clearing_opening import for_side, view_id
from coalition_tui.widgets.clock_panel import ClockKeys, ClockPanel
from coalition_tui.widgets.fields import TickBox
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText


def clearing_texts(session: Session) -> ClearingTexts:
    """The rounds' words, from the session's protocol (``[clearing]``)."""
    return session.prompts.clearing


class SaidAllBox(TickBox):
    """A partner's "said all" tick."""

    def __init__(self, side: Side, value: bool, words: str, *, disabled: bool = False) -> None:
        super().__init__(words, value, id=f"said-all-{side}", classes="said-all", disabled=disabled)
        self.side = side


class AccountColumn(Vertical):
    """One partner's account in the rounds, with their "said all" tick below it."""

    def __init__(self, side: Side, *children: Widget) -> None:
        super().__init__(*children, classes=f"account-column partner-{side}")
        self.side = side

    def typing_field(self) -> PartnerText:
        """Letters typed on the tick box belong in this partner's account."""
        return self.query_one(PartnerText)


class SpeakingRounds(Vertical):
    """The rounds: the clock panel, then each partner's account and "said all" tick."""

    def __init__(
        self,
        session: Session,
        *,
        keys: ClockKeys,
        alternatives: ClockKeys,
        locked: Callable[[Side | None], bool] | None = None,
    ) -> None:
        clearing = session.clearing
        self.texts = clearing_texts(session)
        locked = locked or (lambda side: session.sealed)
        self.panel = ClockPanel(
            session.names,
            tolerance=session.settings.tolerance_seconds,
            keys=keys,
            alternatives=alternatives,
            id="clock",
        )
        self.panes: dict[Side, PartnerPane] = {
            side: PartnerPane(
                side,
                session.name(side),
                clearing.accounts.get(side, ""),
                key="account",
                label=" ",
                placeholder=for_side(session, self.texts.rounds_placeholder, side),
                read_only=locked(side),
                id=f"account-{side}",
            )
            for side in SIDES
        }
        super().__init__(
            self.panel,
            Horizontal(
                *(
                    AccountColumn(
                        side,
                        self.panes[side],
                        SaidAllBox(
                            side, clearing.said_all.get(side, False), self.texts.said_all, disabled=locked(side)
                        ),
                    )
                    for side in SIDES
                ),
                classes="panes",
                id="rounds-panes",
            ),
            id=view_id("rounds"),
        )
        self._keys = keys
        self._labels: dict[Side, str] = {}  # the guidance shown over each pane

    def show_clock(self, reading: ClockReading, note: str) -> None:
        """The clock area (cheap: drawn in the very next frame after a floor key)."""
        self.panel.show(reading, note=note)

    def show_floor(self, holder: Side | None, running: bool) -> None:
        """Light the speaker's pane (and mark the listener's); nothing is restyled when nothing changed."""
        for side, pane in self.panes.items():
            pane.floor_mark = "▶ " + _("speaking") if running else "‖ " + _("paused")
            # The listener's side is marked too, so presentation mode gives both titles
            # the same height: the notes below stay level, and in place at each hand-off.
            pane.show_floor(lit=holder == side, listening=holder is not None and holder != side)

    def show_guidance(self, holder: Side | None, *, wide: bool) -> None:
        """The words over each account: the speaker's, the listener's, or how to take the floor."""
        texts = self.texts
        speaker, listener = (texts.speaker, texts.listener) if wide else (texts.speaker_short, texts.listener_short)
        for side, pane in self.panes.items():
            waiting = fill(texts.waiting, key=self._keys.take_a if side == "a" else self._keys.take_b)
            label = waiting if holder is None else speaker if holder == side else listener
            if self._labels.get(side) != label:
                self._labels[side] = label
                # Room for the speaker's and the listener's words alike: the notes stay put at a hand-off.
                pane.set_label(label, room_for=(speaker, listener))

    def account_field(self, side: Side) -> PartnerText:
        """Where this partner's account is typed."""
        return self.panes[side].text_area
