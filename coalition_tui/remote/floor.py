"""What a partner may do with the floor from their own machine, and the sentence when they may not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.i18n import _

if TYPE_CHECKING:
    from coalition_tui.remote.live import LiveSession


def floor_refusal(live: LiveSession, op: str, side: Side | None, holder: Side | None) -> str:
    """Why this request would do nothing (said at once, not sent), or ``""`` to send it."""
    if live.place not in SIDES:
        return _("A viewer watches; the partners and the host hold the floor.")
    if not live.partner_floor:
        return _("The host keeps the floor keys in this session: ask them.")
    if op == "take" and side is not None and side != live.place:
        return _("Only {name} or the host can give {name} the floor.").format(name=live.session.name(side))
    if op == "take" and holder == live.place:
        return ""  # resumes a paused turn, or changes nothing: the host decides
    if op == "pass" and holder != live.place:
        return _("You can pass the floor while you hold it.")
    if op == "pause" and holder is None:
        return _("Nobody has the floor yet.")
    return ""
