"""A partnership's figures after any history of revisions equal a plain recount of the raw sessions.

Hypothesis writes a history: agreements, revisions of any sealed agreement (sealed or still
being written, several deep, two or more from the same original, a revision of a replaced
one), clearings begun again, and check-ins on any sealed session. A revision may leave its
copied clearing as it is, continue it (the clock resumed, turns added), take a hand-off back,
correct a turn, or drop its record; it may drop, add or reword commitments.

The recount below reads the sessions as data, with loops and nothing of the code under test:

- a clearing counts once, as its latest version records it: the sessions linked by
  ``revision_of`` hold one clearing, and the newest of them whose clock recorded a turn counts;
- a commitment is its uid; its latest status is the newest report on it in any check-in;
- each commitment counts once in a person's kept rate, with that latest status;
- the next check-in is the earliest date set by a sealed agreement no sealed revision replaced,
  and home shows none for a replaced one.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition_tui.domain.clear_again import clearing_again
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.domain.corrections import CorrectionError, correct
from coalition_tui.domain.revisions import Revisions
from coalition_tui.domain.seal import confirm_seal, latest_progress, new_revision, record_checkin
from coalition_tui.domain.session import Session, summarize
from coalition_tui.domain.versions import known_progress
from coalition_tui.export.partnership import export_partnership_dict, story_of
from coalition_tui.screens.home import NEXT, row_cells

from .helpers.filled_session import clock_record

BASE = datetime(2026, 1, 5, 9, tzinfo=UTC)
TODAY = date(2026, 6, 1)
STATUSES = ("", "done", "on_track", "at_risk", "dropped")
DATES = ("", "2026-02-01", "2026-03-15", "2026-05-20", "2026-07-01", "2026-09-30")
turns = st.lists(st.tuples(st.sampled_from("ab"), st.integers(1, 400)), min_size=0, max_size=5)


class History:
    """The sessions made so far, and a clock that moves on an hour at every step."""

    def __init__(self) -> None:
        self.sessions: list[Session] = []
        self.step = 0
        self.words = 0

    def now(self) -> datetime:
        self.step += 1
        return BASE + timedelta(hours=self.step)

    def next_id(self) -> str:
        return f"{len(self.sessions) + 1:08x}"

    def word(self) -> str:
        self.words += 1
        return f"commitment {self.words}"

    def sealed(self) -> list[Session]:
        return [s for s in self.sessions if s.sealed]


def seal(session: Session, when: datetime) -> None:
    for side in ("a", "b"):
        confirm_seal(session, side, session.name(side), when)


def add_commitment(history: History, session: Session, side: str, due: str) -> None:
    plan = session.accountability.of(side)  # type: ignore[arg-type]
    index = plan.add_commitment()
    plan.set_commitment(index, "what", history.word())
    plan.set_commitment(index, "by_when", due)


def agreement(history: History, data: st.DataObject) -> None:
    names = ("Ada", "Ben") if data.draw(st.booleans()) else ("Ben", "Ada")
    session = Session.new(*names, now=history.now(), session_id=history.next_id())
    for side in ("a", "b"):
        for _count in range(data.draw(st.integers(0, 2))):
            add_commitment(history, session, side, data.draw(st.sampled_from(DATES)))
        session.accountability.of(side).first_checkin = data.draw(st.sampled_from(DATES))  # type: ignore[arg-type]
    recorded = data.draw(turns)
    session.clearing.clock = clock_record(recorded) if recorded else None
    if data.draw(st.booleans()):
        seal(session, history.now())
    history.sessions.append(session)


def changed_clock(session: Session, data: st.DataObject) -> None:
    """What a revision may do to the clearing it copied: nothing, continue it, undo, correct, or drop it."""
    record = session.clearing.clock
    how = data.draw(st.sampled_from(("same", "same", "continue", "undo", "correct", "drop")))
    if how == "drop":
        session.clearing.clock = None
    if record is None or not record.turns or how in ("same", "drop"):
        return
    if how == "correct":
        index = data.draw(st.integers(0, len(record.turns) - 1))
        try:
            session.clearing.clock, _done = correct(record, index, "end", data.draw(st.sampled_from((-20.0, 15.0))))
        except CorrectionError:  # the last turn's end still running, or nothing to move: left as it is
            pass
        return
    now = [5000.0]
    clock = SpeakingClock.from_record(record, turn_seconds=120, monotonic=lambda: now[0], wall=lambda: BASE)
    if how == "undo":
        clock.undo()
    else:  # the floor taken again: the last turn goes on, then maybe the other speaks
        clock.resume()
        now[0] += data.draw(st.integers(1, 90))
        for side, seconds in data.draw(turns):
            clock.take(side)  # type: ignore[arg-type]
            now[0] += seconds
    clock.pause()
    session.clearing.clock = clock.record()


def revision(history: History, data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(history.sealed()))  # any sealed one: a replaced one too (a branch)
    session = new_revision(original, now=history.now(), session_id=history.next_id())
    for side in ("a", "b"):
        plan = session.accountability.of(side)  # type: ignore[arg-type]
        if plan.commitments and data.draw(st.booleans()):
            plan.remove_commitment(data.draw(st.integers(0, len(plan.commitments) - 1)))
        if plan.commitments and data.draw(st.booleans()):
            plan.set_commitment(0, "what", history.word())  # reworded: the same commitment (its uid stays)
        if data.draw(st.booleans()):
            add_commitment(history, session, side, data.draw(st.sampled_from(DATES)))
        if data.draw(st.booleans()):
            plan.first_checkin = data.draw(st.sampled_from(DATES))
    changed_clock(session, data)
    if data.draw(st.booleans()):
        seal(session, history.now())
    history.sessions.append(session)


def clear_again(history: History, data: st.DataObject) -> None:
    session = clearing_again(history.sessions, now=history.now(), session_id=history.next_id())
    recorded = data.draw(turns)
    session.clearing.clock = clock_record(recorded) if recorded else None
    if data.draw(st.booleans()):
        seal(session, history.now())
    history.sessions.append(session)


def checkin(history: History, data: st.DataObject) -> None:
    session = data.draw(st.sampled_from(history.sealed()))
    progress = {
        side: [
            {"status": data.draw(st.sampled_from(STATUSES)), "note": ""}
            for _commitment in session.accountability.of(side).commitments  # type: ignore[arg-type]
        ]
        for side in ("a", "b")
    }
    record_checkin(session, progress, data.draw(st.sampled_from(DATES)), history.now())


def write_history(data: st.DataObject) -> list[Session]:
    history = History()
    agreement(history, data)
    for _step in range(data.draw(st.integers(0, 9))):
        kinds = ["agreement", "clear_again"] + (
            ["revision", "revision", "checkin", "checkin"] if history.sealed() else []
        )
        {"agreement": agreement, "clear_again": clear_again, "revision": revision, "checkin": checkin}[
            data.draw(st.sampled_from(kinds))
        ](history, data)
    return history.sessions


# -- the recount: loops over the raw sessions -------------------------------------------------------------


def person_of(session: Session, side: str, who: tuple[str, str]) -> int:
    return 0 if session.name(side) == who[0] else 1  # type: ignore[arg-type]


def first_of(session: Session, by_id: dict[str, Session]) -> str:
    """The oldest session up its revision_of links (within the history)."""
    while session.revision_of in by_id:
        session = by_id[session.revision_of]
    return session.id


def recount_air_time(sessions: list[Session], who: tuple[str, str]) -> tuple[list[float], list[int]]:
    by_id = {s.id: s for s in sessions}
    groups: dict[str, list[Session]] = {}
    for session in sessions:
        groups.setdefault(first_of(session, by_id), []).append(session)
    totals, counts = [0.0, 0.0], [0, 0]
    for group in groups.values():
        recorded = [s for s in group if s.clearing.clock is not None and s.clearing.clock.turns]
        if not recorded:
            continue
        latest = max(recorded, key=lambda s: s.created_at)
        for turn in latest.clearing.clock.turns:  # type: ignore[union-attr]
            person = person_of(latest, turn.speaker, who)
            totals[person] += turn.duration
            counts[person] += 1
    return totals, counts


def reported(sessions: list[Session]) -> dict[str, tuple[str, str]]:
    """Each commitment's newest report: uid -> (when, status)."""
    newest: dict[str, tuple[str, str]] = {}
    for session in sessions:
        for checkin in session.checkins:
            for side in ("a", "b"):
                commitments = session.accountability.of(side).commitments  # type: ignore[arg-type]
                for index, commitment in enumerate(commitments):
                    status = checkin.progress[side][index]["status"]
                    if status and (commitment.uid not in newest or checkin.at > newest[commitment.uid][0]):
                        newest[commitment.uid] = (checkin.at, status)
    return newest


def recount_kept(sessions: list[Session], who: tuple[str, str]) -> list[dict[str, int]]:
    newest = reported(sessions)
    whose: dict[str, int] = {}
    for session in sessions:
        for side in ("a", "b"):
            for commitment in session.accountability.of(side).commitments:  # type: ignore[arg-type]
                whose[commitment.uid] = person_of(session, side, who)
    kept = [{"kept": 0, "closed": 0}, {"kept": 0, "closed": 0}]
    for uid, person in whose.items():
        status = newest.get(uid, ("", ""))[1]
        if status in ("done", "dropped"):
            kept[person]["closed"] += 1
        if status == "done":
            kept[person]["kept"] += 1
    return kept


def replaced_ids(sessions: list[Session]) -> set[str]:
    return {s.revision_of for s in sessions if s.sealed and s.revision_of}


def own_next_date(session: Session) -> str:
    if session.checkins:
        return session.checkins[-1].next_checkin
    firsts = [session.accountability.of(side).first_checkin for side in ("a", "b")]  # type: ignore[arg-type]
    return min((d for d in firsts if d), default="")


def recount_next(sessions: list[Session]) -> str:
    replaced = replaced_ids(sessions)
    dates = [own_next_date(s) for s in sessions if s.sealed and s.id not in replaced]
    return min((d for d in dates if d), default="")


# -- the property ------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_partnership_figures_equal_a_plain_recount(data):
    sessions = write_history(data)
    newest = max(sessions, key=lambda s: s.created_at)
    who = (newest.partner_a, newest.partner_b)
    figures = export_partnership_dict(story_of(sessions, TODAY))

    totals, counts = recount_air_time(sessions, who)
    air = figures["air_time"]["partners"]
    for person in (0, 1):
        assert math.isclose(air[person]["total_seconds"], totals[person], abs_tol=0.002), (person, air, totals)
        assert air[person]["turn_count"] == counts[person], (person, air, counts)
    assert math.isclose(sum(c["totals_seconds"][0] for c in figures["air_time"]["clearings"]), totals[0], abs_tol=0.01)

    newest_report = reported(sessions)
    by_id = {s.id: s for s in sessions}
    for record in figures["commitments"]:
        session = by_id[record["session_id"]]
        side = "a" if person_of(session, "a", who) == record["person"] else "b"
        [uid] = [c.uid for c in session.accountability.of(side).commitments if c.what == record["what"]]
        assert record["status"] == (newest_report[uid][1] if uid in newest_report else None), record
    assert figures["kept"] == recount_kept(sessions, who)
    assert (figures["due_next"]["next_checkin"] or "") == recount_next(sessions)

    replaced = replaced_ids(sessions)
    rows = [summarize(s) for s in sessions]
    revisions = Revisions(rows)
    for row in rows:  # home: a replaced agreement shows no next check-in, the others their own
        shown = row_cells(row, TODAY, revisions.is_superseded(row["id"]))[NEXT]
        if row["id"] in replaced or not own_next_date(by_id[row["id"]]) or not by_id[row["id"]].sealed:
            assert shown == "—", (row, shown)
        else:
            assert shown != "—", (row, shown)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_each_session_shows_the_latest_status_known_through_the_agreements_it_revises(data):
    """What the check-in and seal screens show of a session: its own reports and its earlier versions'."""
    sessions = write_history(data)
    by_id = {s.id: s for s in sessions}
    for session in sessions:
        earlier, following = [], session.revision_of
        while following in by_id:
            earlier.append(by_id[following])
            following = by_id[following].revision_of
        newest = reported([session, *earlier])
        known = known_progress(session, earlier)
        for side in ("a", "b"):
            for index, commitment in enumerate(session.accountability.of(side).commitments):
                expected = newest.get(commitment.uid, ("", ""))[1]
                assert latest_progress(session, side, index, known)["status"] == expected
                if not session.revision_of:  # an original knows what its own check-ins said, as before
                    assert latest_progress(session, side, index)["status"] == expected
