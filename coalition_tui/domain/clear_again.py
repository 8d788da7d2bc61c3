"""Clearing again: a new clearing for two people who already have agreements.

The method's clearing is not done once: two partners come back to it as the
partnership goes on. A new clearing starts from where they stand, so it keeps
a copy of each open commitment of their standing agreements (a copy, not a
link: the record says what they stood on that day, whatever changes after).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition_tui.domain.clearing import Standing
from coalition_tui.domain.partnership import STATUSES_CLOSED, commitments, name_sides, people, standing_records
from coalition_tui.domain.phases import Phase
from coalition_tui.i18n import _, speaking

MAX_STANDING = 100
"""The most open commitments a clearing carries (a partnership rarely has ten)."""

CLEARING_AGAIN_AGENDA = (Phase.CLEARING, Phase.SEAL)
"""A clearing of its own, sealed like any session (the seal records that it took place and how it went)."""


def standing(sessions: list[Any], partner_a: str, partner_b: str) -> list[Standing]:
    """The open commitments of their sealed agreements still in force, as sides of a session of ``partner_a`` & ``b``.

    Open: no check-in has called it done or dropped, on any version of the agreement. In force:
    sealed, and not replaced by a sealed revision (which carries its original's commitments on:
    each counts once).
    """
    sealed = {session.id for session in sessions if session.sealed}
    who = people(sessions)
    sides = name_sides(partner_a, partner_b, who)
    # Each commitment once, from the sealed agreement holding it (a superseded one's are its revision's):
    # a revision still being written leaves the agreement standing.
    found = [
        Standing("a" if sides[record.person] == "a" else "b", record.what, record.by_when.strip(), record.status)
        for record in standing_records(commitments(sessions), sealed)
        if record.session_id in sealed and record.status not in STATUSES_CLOSED
    ]
    return found[:MAX_STANDING]


def clearing_again(sessions: list[Any], *, now: datetime, session_id: str | None = None) -> Any:
    """A new clearing-only session for the two people of ``sessions``, held as their latest session was.

    The names (in the latest session's order), the facilitator, the language and the
    protocol's wording carry on; its clearing holds the open commitments they stand on.
    """
    from coalition_tui.domain.session import Session

    latest = max(sessions, key=lambda session: session.created_at)
    with speaking(latest.language):  # the title in the language the session is held in
        title = _("Clearing again")
    session = Session.new(
        latest.partner_a,
        latest.partner_b,
        facilitator=latest.facilitator or None,
        title=title,
        agenda=CLEARING_AGAIN_AGENDA,
        settings=latest.settings,
        now=now,
        session_id=session_id,
        language=latest.language,
    )
    session.protocol = latest.protocol  # the words the partnership has been held with
    session.clearing.standing = standing(sessions, latest.partner_a, latest.partner_b)
    return session
