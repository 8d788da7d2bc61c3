"""A session filled in by both partners, for the seal, check-in, export and show tests."""

from __future__ import annotations

from datetime import datetime

from coalition_tui.domain.accountability import Commitment
from coalition_tui.domain.clock import ClockRecord, SpeakingClock
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import confirm_seal
from coalition_tui.domain.session import Session

from ..conftest import FIXED_NOW

ALIGNMENT_KEYS = ("care", "vision", "commitments.short", "commitments.long", "clarity", "aligned", "questions")


def clock_record(turns: list[tuple[str, float]], turn_seconds: float = 120) -> ClockRecord:
    """What the clearing's clock records after these turns, built with the real clock."""
    now = [1000.0]
    clock = SpeakingClock(turn_seconds, monotonic=lambda: now[0], wall=lambda: FIXED_NOW)
    for side, seconds in turns:
        clock.take(side)
        now[0] += seconds
    clock.pause()
    return clock.record()


def fill(session: Session, words: dict[str, str] | None = None) -> Session:
    """Every text field of both partners, each one different (``words`` may replace any)."""
    words = words or {}

    def w(key: str, default: str) -> str:
        return words.get(key, default)

    for side in SIDES:
        n = session.name(side)
        for key in ALIGNMENT_KEYS:
            session.alignment.set_answer(key, side, w(f"{side}.alignment.{key}", f"{n} answers {key}"))
        session.alignment.set_status("aligned", side, "partly" if side == "a" else "yes")
        opening = session.clearing.opening(side)
        opening.commitment = w(f"{side}.opening.commitment", f"{n} is committed to the partnership")
        opening.intention = w(f"{side}.opening.intention", f"{n} means to clear the air")
        session.clearing.accounts[side] = w(f"{side}.account", f"{n}'s account of the spring launch")
        session.clearing.said_all[side] = True
        declaration = session.declaration.of(side)
        declaration.confirmed_at = "2026-11-25T14:00:00+00:00"
        declaration.words = w(f"{side}.declaration", f"{n} has the other's back")
    session.clearing.shared_goals = w("shared_goals", "A product both are proud of")
    session.clearing.clock = clock_record([("a", 125), ("b", 110), ("a", 60), ("b", 95), ("a", 30)])

    a = session.accountability.of("a")
    a.commitments = [
        Commitment(w("a.c0.what", "Ship the beta"), "2026-12-15", w("a.c0.done", "Ten outside users have logged in")),
        Commitment(w("a.c1.what", "Hire a designer"), "2027-01-31", w("a.c1.done", "A signed offer")),
    ]
    a.cadence = w("a.cadence", "every two weeks")
    a.channel = w("a.channel", "a call on Fridays")
    a.first_checkin = "2026-12-04"
    a.role_asked = w("a.role", "Ask me every Friday what shipped")
    a.role_response = "agreed"
    b = session.accountability.of("b")
    b.commitments = [
        Commitment(w("b.c0.what", "Close the seed round"), "2027-02-26", w("b.c0.done", "Money in the bank"))
    ]
    b.cadence = w("b.cadence", "weekly")
    b.channel = w("b.channel", "coffee on Mondays")
    b.first_checkin = "2026-12-02"
    b.role_asked = w("b.role", "Tell me when I over-promise")
    b.role_response = "change"
    b.role_change_note = w("b.note", "Only in private, please")
    return session


def full_session(
    *,
    session_id: str = "5ea1aaaa",
    title: str = "Co-founders, autumn reset",
    at_seal: bool = True,
    sealed: bool = False,
    now: datetime = FIXED_NOW,
) -> Session:
    session = Session.new("Ada", "Ben", title=title, facilitator="Cleo", now=now, session_id=session_id)
    fill(session)
    if at_seal:
        session.phase_index = session.agenda.index(Phase.SEAL)
    if sealed:
        confirm_seal(session, "a", "Ada", now)
        confirm_seal(session, "b", "Ben", now)
    return session
