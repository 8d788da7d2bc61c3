"""The versions of an agreement (``domain/versions.py``): one clearing, one status per commitment, read through them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coalition_tui.domain.clear_again import clearing_again
from coalition_tui.domain.seal import CheckIn, confirm_seal, latest_progress, new_revision
from coalition_tui.domain.session import Session
from coalition_tui.domain.versions import commitment_ids, counted_clearings, known_progress, reports, version_groups
from coalition_tui.storage import Store
from coalition_tui.storage.earlier import earlier_versions

from .helpers.filled_session import clock_record, full_session

BASE = datetime(2026, 9, 1, 10, tzinfo=UTC)


def sealed(session: Session, when: datetime) -> Session:
    for side in ("a", "b"):
        confirm_seal(session, side, session.name(side), when)
    return session


def checkin(session: Session, days: int, a: list[str], b: list[str]) -> None:
    progress = {
        side: [{"status": s, "note": f"{side}{s}"} for s in statuses] for side, statuses in (("a", a), ("b", b))
    }
    session.checkins.append(CheckIn(at=(BASE + timedelta(days=days)).isoformat(), progress=progress))


def original() -> Session:
    first = full_session(session_id="0a0a0a0a", sealed=True, now=BASE)
    first.clearing.clock = clock_record([("a", 100), ("b", 90)])
    return first


def test_versions_group_by_revision_of_with_branches_circles_and_links_outside():
    first = original()
    one = new_revision(first, now=BASE + timedelta(days=1), session_id="0b0b0b01")
    two = new_revision(first, now=BASE + timedelta(days=2), session_id="0b0b0b02")  # a branch
    deeper = new_revision(sealed(one, BASE + timedelta(days=3)), now=BASE + timedelta(days=4), session_id="0c0c0c0c")
    alone = full_session(session_id="0d0d0d0d", now=BASE + timedelta(days=5))
    alone.revision_of = "gone0000"  # its original is not among them
    groups = version_groups([deeper, alone, two, first, one])
    assert [[s.id for s in group] for group in groups] == [
        ["0a0a0a0a", "0b0b0b01", "0b0b0b02", "0c0c0c0c"],
        ["0d0d0d0d"],
    ]
    p, q = full_session(session_id="0e0e0e01", now=BASE), full_session(session_id="0e0e0e02", now=BASE)
    p.revision_of, q.revision_of = q.id, p.id  # a hand-edited circle: one group, each once
    assert [[s.id for s in group] for group in version_groups([p, q])] == [["0e0e0e01", "0e0e0e02"]]


def test_a_clearing_counts_once_at_its_latest_version_and_a_clearing_begun_again_is_new():
    first = original()
    revision = sealed(new_revision(first, now=BASE + timedelta(days=30), session_id="0b0b0b0b"), BASE)
    again = clearing_again([first, revision], now=BASE + timedelta(days=40), session_id="0c0c0c0c")
    again.clearing.clock = clock_record([("b", 30)])
    counted = counted_clearings([again, revision, first])
    assert [(c.held_in.id, c.record.id) for c in counted] == [("0a0a0a0a", "0a0a0a0a"), ("0c0c0c0c", "0c0c0c0c")]
    revision.clearing.clock = clock_record([("a", 100), ("b", 90), ("a", 20)])  # continued in the revision
    counted = counted_clearings([again, revision, first])
    assert [(c.held_in.id, c.record.id) for c in counted] == [("0a0a0a0a", "0b0b0b0b"), ("0c0c0c0c", "0c0c0c0c")]
    newer = new_revision(revision, now=BASE + timedelta(days=50), session_id="0d0d0d0d")
    newer.clearing.clock = None  # a version that kept no record leaves the latest that did
    assert [c.record.id for c in counted_clearings([first, revision, newer])] == ["0b0b0b0b"]


def test_a_status_follows_its_commitment_through_the_versions_newest_report_first():
    first = original()
    checkin(first, 10, ["done", "on_track"], ["at_risk"])
    draft = new_revision(first, now=BASE + timedelta(days=20), session_id="0b0b0b0b")
    draft.accountability.of("a").remove_commitment(0)  # "Ship the beta" is done: left out of the revision
    assert latest_progress(draft, "a", 0, known_progress(draft, [first]))["status"] == "on_track"
    checkin(first, 25, ["", "at_risk"], [""])  # recorded on the original while the revision is written
    sealed(draft, BASE + timedelta(days=30))
    known = known_progress(draft, [first])
    assert latest_progress(draft, "a", 0, known) == {"status": "at_risk", "note": "aat_risk"}
    assert latest_progress(draft, "b", 0, known) == {"status": "at_risk", "note": "bat_risk"}  # "" says nothing
    assert latest_progress(draft, "a", 0) == {"status": "", "note": ""}  # its own check-ins alone: none yet
    checkin(draft, 40, ["dropped"], ["done"])
    known = known_progress(draft, [first])
    assert [latest_progress(draft, side, 0, known)["status"] for side in ("a", "b")] == ["dropped", "done"]
    latest = reports([first, draft])
    beta = commitment_ids(first)[("a", 0)]  # held before ids: known by its place in the original, in every version
    assert beta == "0a0a0a0a-a-commitment-0" and commitment_ids(draft)[("b", 0)] == "0a0a0a0a-b-commitment-0"
    assert latest[beta].status == "done" and latest[beta].session_id == first.id  # still known, though dropped


def test_earlier_versions_are_read_from_the_folder_as_far_as_they_can_be(store: Store):
    first = original()
    second = sealed(new_revision(first, now=BASE + timedelta(days=1), session_id="0b0b0b0b"), BASE)
    third = new_revision(second, now=BASE + timedelta(days=2), session_id="0c0c0c0c")
    for session in (first, second, third):
        store.create(session)
    assert [s.id for s in earlier_versions(store, third)] == ["0b0b0b0b", "0a0a0a0a"]
    assert earlier_versions(store, first) == []
    third.revision_of = "0f0f0f0f"  # gone: nothing known before it
    assert earlier_versions(store, third) == []
    first.revision_of = "0c0c0c0c"  # a circle, hand-made: each read once
    store.save(first)
    third.revision_of = "0b0b0b0b"
    store.save(third)
    assert [s.id for s in earlier_versions(store, third)] == ["0b0b0b0b", "0a0a0a0a"]
