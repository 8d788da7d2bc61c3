"""Fairness at a glance: each partner's part of a clearing's air-time, read from its clock.

Pure domain code (no Textual, no Rich). Everything here is derived from the
clock's record (:class:`~coalition_tui.domain.clock.ClockRecord`: every turn's
``speaker``, ``duration``, ``target`` and ``added``) and the session's
:class:`~coalition_tui.domain.session.ClockSettings` (the base turn); nothing
is guessed. Per partner (:class:`PartnerFairness`):

- **total**: the seconds they held the floor, the sum of their turns' durations
  (the same figure as :meth:`ClockRecord.summary`'s totals);
- **share**: their total over both totals (0 for both while nobody has spoken);
- **turns**: how many turns they had; **longest**: their longest single turn;
- **over target**: the sum over their turns of how far each ran past its goal,
  ``max(0, duration - (target + added))``. A turn's target is fixed by the clock
  when the turn begins (the base turn plus any catch-up); time the facilitator
  added during the turn moves the goal on, just as the clock's own display
  ("1:10 over") and its at-target signal do, so granted time is not counted as
  an overrun. A turn saved without a target (0: a file written by hand) is held
  to the base turn, the least target the clock ever sets;
- **catch-up given**: the sum over their turns of ``max(0, target - base)``: the
  extra time the clock put into their turns' targets because they were behind as
  they took the floor (by the whole difference when opening an exchange, by what
  lay beyond the turn they answered otherwise: ``SpeakingClock.catch_up``; the
  clock's display calls it "catch-up"). It is what the clock *offered* to even
  the totals out, fixed when each turn began, whether or not it was used;
- **added**: the sum of the time the facilitator added to their turns (F7),
  recorded apart from the target.

The base is the session's turn length (``settings.turn_seconds``), as the clock
that made the targets had it: a clock's base always comes from the settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from coalition_tui.domain.clock import ClockRecord, Turn
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.session import ClockSettings


@dataclass(frozen=True)
class PartnerFairness:
    """One partner's air-time in a clearing (seconds; see the module's docstring for each figure)."""

    side: Side
    total: float = 0.0
    share: float = 0.0  # of both totals, 0..1; 0 while nobody has spoken
    turns: int = 0
    longest: float = 0.0
    over_target: float = 0.0
    catch_up: float = 0.0
    added: float = 0.0


@dataclass(frozen=True)
class Fairness:
    """Both partners' :class:`PartnerFairness`, A then B, and the base turn they were measured against."""

    partners: tuple[PartnerFairness, PartnerFairness]
    base: float

    def of(self, side: Side) -> PartnerFairness:
        return self.partners[SIDES.index(side)]

    def __iter__(self) -> Iterator[PartnerFairness]:
        return iter(self.partners)

    @property
    def total(self) -> float:
        return sum(partner.total for partner in self.partners)

    @property
    def recorded(self) -> bool:
        """Whether the clock recorded any turn."""
        return any(partner.turns for partner in self.partners)

    @property
    def percents(self) -> dict[Side, int]:
        """The shares as whole percentages that add up to 100 (all 0 while nobody has spoken).

        Rounded by largest remainder, so two partners never read 51% and 50%.
        """
        if self.total <= 0:
            return {partner.side: 0 for partner in self.partners}
        exact = {partner.side: partner.share * 100 for partner in self.partners}
        whole = {side: int(value) for side, value in exact.items()}
        left = 100 - sum(whole.values())
        for side in sorted(exact, key=lambda side: (whole[side] - exact[side], SIDES.index(side)))[:left]:
            whole[side] += 1
        return whole


def _goal(turn: Turn, base: float) -> float:
    return max(turn.target, base) + max(turn.added, 0.0)


def fairness(record: ClockRecord | None, settings: ClockSettings) -> Fairness:
    """Each partner's total, share, turns, longest turn, time over target, catch-up and added time.

    ``record`` is the clearing's clock (None before it first saved: every figure is 0).
    """
    base = float(settings.turn_seconds)
    turns = record.turns if record is not None else ()
    totals: dict[Side, float] = {side: 0.0 for side in SIDES}
    counts: dict[Side, int] = {side: 0 for side in SIDES}
    longest: dict[Side, float] = {side: 0.0 for side in SIDES}
    over: dict[Side, float] = {side: 0.0 for side in SIDES}
    catch_up: dict[Side, float] = {side: 0.0 for side in SIDES}
    added: dict[Side, float] = {side: 0.0 for side in SIDES}
    for turn in turns:
        side = turn.speaker
        totals[side] += turn.duration  # in the record's order, as ClockSummary adds them
        counts[side] += 1
        longest[side] = max(longest[side], turn.duration)
        over[side] += max(0.0, turn.duration - _goal(turn, base))
        catch_up[side] += max(0.0, turn.target - base)
        added[side] += max(0.0, turn.added)
    whole = totals["a"] + totals["b"]
    partners = tuple(
        PartnerFairness(
            side=side,
            total=totals[side],
            share=totals[side] / whole if whole > 0 else 0.0,
            turns=counts[side],
            longest=longest[side],
            over_target=over[side],
            catch_up=catch_up[side],
            added=added[side],
        )
        for side in SIDES
    )
    return Fairness(partners=(partners[0], partners[1]), base=base)
