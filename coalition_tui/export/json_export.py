"""The JSON export: the whole session, in a documented, versioned format.

Tools and tests read this, so it changes only by adding fields; a change that
removes or renames one raises ``FORMAT_VERSION``. The README documents it.

The clearing's record is in ``session.clearing`` (openings, shared goals, each
partner's ``accounts`` and ``said_all``, and the ``clock`` with every turn:
``speaker``, ``start`` as an ISO 8601 UTC stamp, ``duration`` in seconds, plus
``target``, ``added`` and ``signalled``) and ``corrections``: each turn corrected
after the fact (``coalition_tui.domain.corrections``; the turns and every figure
are the corrected ones, each correction keeps the figures before and after).
``clearing_summary`` adds the figures
derived from it: turns, per-partner totals and the balance, in seconds, and
``fairness``: each partner's share, longest turn, time over target, catch-up
given and time added (``coalition_tui.domain.fairness``).
``seal_gaps`` lists what the agreement lacks (a declaration, a partner's
commitment, a check-in date): for a sealed session, what it was sealed without.
``superseded_by`` is the id of the revision that replaced the agreement, or null
(the caller knows it from the store's index: the export itself reads no file).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition_tui.domain.fairness import fairness
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.seal import seal_gaps
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import stamp, utc_now
from coalition_tui.i18n import DEFAULT, speaking
from coalition_tui.safe_text import json_text

FORMAT_NAME = "coalition-session"
FORMAT_VERSION = 1


def export_dict(
    session: Session, *, now: datetime | None = None, superseded_by: Successor | None = None
) -> dict[str, Any]:
    with speaking(DEFAULT):  # a machine format: its texts (the seal's gaps) are English in every language
        gaps = [{"kind": gap.kind, "side": gap.side, "text": gap.text} for gap in seal_gaps(session)]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": stamp(now or utc_now()),
        "session": session.to_dict(),
        "clearing_summary": clearing_summary(session),
        "seal_gaps": gaps,
        "superseded_by": superseded_by.id if superseded_by is not None else None,
    }


def clearing_summary(session: Session) -> dict[str, Any]:
    """The clearing's air-time in figures (seconds, to the millisecond), derived from its clock.

    ``turn_count`` and ``turn_counts`` (per partner), ``totals_seconds`` (per partner),
    ``total_seconds``, ``balance_seconds`` (A's total minus B's: positive when A spoke
    more), ``ahead`` (``"a"``, ``"b"`` or null when level to within half a second),
    ``tolerance_seconds`` and ``within_tolerance``, ``said_all`` (per partner),
    ``complete`` (both partners said all), ``fairness`` (:func:`fairness_summary`) and
    ``correction_count`` (how many corrections the figures include; 0 when none).
    """
    clearing = session.clearing
    figures = clearing.air_time()
    balance = figures.balance
    tolerance = session.settings.tolerance_seconds
    return {
        "turn_count": len(figures.turns),
        "turn_counts": figures.turn_counts,
        "totals_seconds": {side: round(figures.totals[side], 3) for side in SIDES},
        "total_seconds": round(figures.total, 3),
        "balance_seconds": round(balance, 3),
        "ahead": figures.ahead,
        "tolerance_seconds": tolerance,
        "within_tolerance": abs(balance) <= tolerance,
        "said_all": {side: bool(clearing.said_all.get(side)) for side in SIDES},
        "complete": clearing.all_said,
        "fairness": fairness_summary(session),
        "correction_count": len(clearing.corrections),
    }


def fairness_summary(session: Session) -> dict[str, Any]:
    """Each partner's air-time at a glance (see ``coalition_tui.domain.fairness`` for each figure).

    ``base_turn_seconds`` (the session's turn length, against which catch-up is measured) and
    ``partners``: for ``"a"`` and ``"b"``, ``total_seconds``, ``share`` (of both totals, 0 to 1,
    to four places; 0 for both while nobody has spoken), ``turn_count``, ``longest_turn_seconds``,
    ``over_target_seconds`` (how far their turns ran past their goal: target plus added time),
    ``catch_up_seconds`` (what the clock added to their turns' targets because they were behind)
    and ``added_seconds`` (what the facilitator added to their turns).
    """
    figures = fairness(session.clearing.clock, session.settings)
    return {
        "base_turn_seconds": figures.base,
        "partners": {
            partner.side: {
                "total_seconds": round(partner.total, 3),
                "share": round(partner.share, 4),
                "turn_count": partner.turns,
                "longest_turn_seconds": round(partner.longest, 3),
                "over_target_seconds": round(partner.over_target, 3),
                "catch_up_seconds": round(partner.catch_up, 3),
                "added_seconds": round(partner.added, 3),
            }
            for partner in figures
        },
    }


def export_json(session: Session, *, now: datetime | None = None, superseded_by: Successor | None = None) -> str:
    """The export as text: readable, exact, with every control character escaped (see ``json_text``)."""
    return json_text(export_dict(session, now=now, superseded_by=superseded_by)) + "\n"
