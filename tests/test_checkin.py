"""Check-ins on a sealed agreement, the home screen's "due" list, and one whole session end to end."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input, Static

from coalition_tui.app import StartRequest
from coalition_tui.domain.errors import CoalitionError, SealedError, ValidationError
from coalition_tui.domain.seal import (
    checkin_due,
    checkin_warnings,
    confirm_seal,
    latest_progress,
    new_revision,
    open_commitments,
    record_checkin,
)
from coalition_tui.domain.session import next_checkin_date, summarize
from coalition_tui.domain.timeutil import stamp
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.checkin import CheckInScreen, StatusChosen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.screens.seal import SealedMoment, SealScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store

from .conftest import FIXED_NOW
from .helpers.filled_session import full_session
from .helpers.pilot_input import paste_text, steady
from .helpers.screen_text import screen_text

TODAY = date(2026, 11, 25)
REPORT = {
    "a": [{"status": "on_track", "note": "two users so far"}, {"status": "at_risk", "note": ""}],
    "b": [{"status": "done", "note": "closed 🎉"}],
}

# -- the domain --------------------------------------------------------------------------------------


def test_a_checkin_needs_a_sealed_agreement():
    with pytest.raises(CoalitionError, match="seal the deal first"):
        record_checkin(full_session(), REPORT, "2026-12-09", FIXED_NOW)


def test_a_checkin_records_progress_and_the_next_date():
    session = full_session(sealed=True)
    assert next_checkin_date(session) == "2026-12-02"  # the earlier first check-in of the two
    checkin = record_checkin(session, REPORT, " 2026-12-09 ", FIXED_NOW)
    assert checkin.at == stamp(FIXED_NOW) and checkin.next_checkin == "2026-12-09"
    assert session.checkins == [checkin]
    assert latest_progress(session, "b", 0) == {"status": "done", "note": "closed 🎉"}
    assert open_commitments(session) == 2
    assert next_checkin_date(session) == "2026-12-09"
    assert summarize(session)["next_checkin"] == "2026-12-09"


def test_a_later_checkin_without_a_date_means_nothing_is_due():
    session = full_session(sealed=True)
    record_checkin(session, REPORT, "2026-11-20", FIXED_NOW)
    assert checkin_due(session, TODAY)
    record_checkin(session, {"a": [{"status": "done"}, {"status": "dropped", "note": "not needed"}]}, "", FIXED_NOW)
    assert next_checkin_date(session) == "" and not checkin_due(session, TODAY)
    assert latest_progress(session, "b", 0)["status"] == "done"  # from the check-in before


def test_a_checkin_checks_what_it_is_given():
    session = full_session(sealed=True)
    with pytest.raises(ValidationError) as caught:
        record_checkin(session, REPORT, "2026-12-32", FIXED_NOW)
    assert caught.value.field == "next_checkin" and "31 days" in str(caught.value)
    with pytest.raises(ValidationError, match="Unknown progress"):
        record_checkin(session, {"a": [{"status": "finished"}]}, "", FIXED_NOW)
    with pytest.raises(ValidationError, match="Ben has 1 commitments"):
        record_checkin(session, {"b": [{"status": "done"}, {"status": "done"}]}, "", FIXED_NOW)
    assert session.checkins == []
    # A check-in is the one thing a sealed agreement still takes; everything else refuses.
    with pytest.raises(SealedError):
        session.ensure_editable()


def test_checkin_warnings_are_gentle():
    session = full_session(sealed=True)
    notes = checkin_warnings(session, REPORT, "", TODAY)
    assert notes == ["No next check-in date: some commitments are still open. When will you meet again?"]
    assert "already in the past" in checkin_warnings(session, REPORT, "2026-11-01", TODAY)[0]
    all_done = {"a": [{"status": "done"}, {"status": "dropped"}], "b": [{"status": "done"}]}
    assert checkin_warnings(session, all_done, "", TODAY) == []


def test_text_that_is_not_a_date_is_never_due():
    session = full_session(sealed=True)
    session.accountability.of("a").first_checkin = "soon"
    session.accountability.of("b").first_checkin = ""
    assert next_checkin_date(session) == "" and not checkin_due(session, TODAY)


# -- the screens -------------------------------------------------------------------------------------


def stored(store, session):
    store.create(session)
    store.save(session, index=True)
    return session


async def test_home_starts_a_checkin_and_recording_updates_the_index(make_app, store, db_path):
    session = full_session(sealed=True)
    session.accountability.of("b").first_checkin = "2026-11-20"  # due
    stored(store, session)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        notice = str(home.query_one("#checkins-due", Static).render())
        assert "Check-ins due (1)" in notice and "2026-11-20" in notice
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.query_one("#next-checkin", Input).value == "2026-12-02"  # a week on: Ben checks in weekly
        screen.query_one("#status-a-0", StatusChosen).choose("on_track")
        screen.query_one("#note-a-0", Input).focus()
        await paste_text(pilot, "two users so far")
        screen.query_one("#status-b-0", StatusChosen).focus()
        await pilot.press("1")  # the first choice, at once: done
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SealScreen)
        assert len(app.session.checkins) == 1
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#checkins-due").display
    saved = Store(db_path).load(session.id)
    assert saved.checkins[0].progress["a"][0] == {"status": "on_track", "note": "two users so far"}
    assert saved.checkins[0].progress["b"][0]["status"] == "done"
    assert Store(db_path).list_summaries()[0]["next_checkin"] == "2026-12-02"


async def test_the_due_notice_leaves_the_list_room_on_a_short_terminal(make_app, store):
    for n in range(8):
        session = full_session(sealed=True, session_id=f"5ea1{n:04x}")
        session.accountability.of("b").first_checkin = f"2026-11-{10 + n}"  # all due
        stored(store, session)
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        notice = app.screen.query_one("#checkins-due", Static)
        sessions = app.screen.query_one("#sessions")
        said = str(notice.render())
        assert "Check-ins due (8):" in said and said.count("2026-11-1") == 5 and "(3 more in the list)" in said
        for height in (24, 20, 18):
            await pilot.resize_terminal(80, height)
            await pilot.pause()
            assert sessions.scrollable_content_region.height - 1 >= 6, f"the list keeps six rows at {height} lines"
        assert str(notice.render()) == "Check-ins due: 8. Press c to record a check-in."
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert str(notice.render()) == said, "named again when there is room"


async def test_a_revision_shows_and_checks_in_from_where_each_commitment_stood(make_app, store, db_path):
    original = full_session(sealed=True, session_id="5ea10001")
    record_checkin(original, REPORT, "2026-12-09", FIXED_NOW)
    revision = new_revision(original, now=FIXED_NOW + timedelta(days=1), session_id="5ea10002")
    revision.accountability.of("a").remove_commitment(0)  # the first is on track: moved out of the revision
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), FIXED_NOW + timedelta(days=1))
    stored(store, original)
    stored(store, revision)
    app = make_app(StartRequest("resume", session_id=revision.id))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SealScreen) and not screen.query_one("#seal-checkins").display  # none of its own
        ada, ben = (str(screen.query_one(f"#side-{side}", Static).render()) for side in ("a", "b"))
        assert "Progress: ! at risk (reported 2026-11-25 14:30 UTC, on an earlier version)" in ada
        assert "Progress: ✔ done: closed 🎉 (reported 2026-11-25 14:30 UTC, on an earlier version)" in ben
        await pilot.press("c")
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        assert (
            checkin.query_one("#status-a-0", StatusChosen).value,
            checkin.query_one("#status-b-0", StatusChosen).value,
        ) == (
            "at_risk",
            "done",
        )
        assert "last time: ✔ done" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = Store(db_path).load(revision.id)
    assert [saved.checkins[0].progress[side][0]["status"] for side in ("a", "b")] == ["at_risk", "done"]


async def test_a_bad_next_date_is_explained_and_nothing_is_recorded(make_app, store):
    session = stored(store, full_session(sealed=True))
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#next-checkin", Input)
        field.value = "2026-12-1"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and app.session.checkins == []
        assert "YYYY-MM-DD" in str(screen.query_one("#error-next_checkin", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SealScreen) and app.session.checkins == []


def test_snapshot_home_with_a_checkin_due(snap_compare, make_app, store):
    due = full_session(sealed=True, session_id="5ea1cccc")
    record_checkin(due, REPORT, "2026-11-23", FIXED_NOW)
    stored(store, due)
    later = full_session(sealed=True, session_id="5ea1dddd", title="Board chair & CEO")
    later.partner_a, later.partner_b = "Sam", "Robin"
    stored(store, later)
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=steady())


def test_snapshot_checkin(snap_compare, make_app, store):
    session = full_session(sealed=True)
    record_checkin(session, REPORT, "2026-11-23", FIXED_NOW)
    stored(store, session)
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24), run_before=steady("c")
    )


# -- the whole way through ------------------------------------------------------------------------------


async def test_a_whole_session_from_setup_to_seal_then_a_checkin(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # Setup: both names, the whole agenda.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await paste_text(pilot, "Ada")
        await pilot.press("tab")
        await paste_text(pilot, "Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        session = app.session
        assert [p.value for p in session.agenda][-2:] == ["accountability", "seal"]

        # Alignment, clearing and declaration belong to other screens: walk past them.
        while not isinstance(app.screen, AccountabilityScreen):
            app.next_phase()
            await pilot.pause()
        session.alignment.set_answer("vision", "a", "A calm company that lasts")
        session.declaration.of("a").confirmed_at = session.declaration.of("b").confirmed_at = stamp(FIXED_NOW)

        # Accountability, typed.
        screen = app.screen
        assert app.focused is screen.query_one("#what-a-0")
        await paste_text(pilot, "Ship the beta")
        await pilot.press("tab")
        await paste_text(pilot, "2026-12-15")
        await pilot.press("tab")
        await paste_text(pilot, "Ten users log in")
        screen.query_one("#rhythm-a").focus()  # how often: chosen with keys, as a person does
        await pilot.press("right", "right")  # not chosen → weekly → every two weeks
        await pilot.pause()
        assert session.accountability.of("a").rhythm == "biweekly"
        screen.query_one("#first_checkin-a", Input).focus()
        await paste_text(pilot, "2026-12-04")
        screen.query_one("#role_asked-a", Input).focus()
        await paste_text(pilot, "Ask me what shipped")
        screen.query_one("#what-b-0", Input).focus()
        await paste_text(pilot, "Close the round")
        await pilot.press("tab")
        await paste_text(pilot, "2027-02-26")
        await pilot.press("tab")
        await paste_text(pilot, "Money in the bank")
        screen.query_one("#first_checkin-b", Input).focus()
        await paste_text(pilot, "2026-12-02")
        screen.query_one("#role-answer-a").focus()
        await pilot.pause()
        await pilot.press("a")  # Ben agrees to the role Ada asks of him
        await pilot.pause()
        assert session.accountability.of("a").role_response == "agreed"
        assert "looks realistic" in str(screen.query_one("#warnings-a", Static).render())

        # Seal: each partner types their own name.
        await pilot.press("ctrl+n")
        await pilot.pause()
        seal = app.screen
        assert isinstance(seal, SealScreen)
        await paste_text(pilot, "Ada")
        await pilot.press("enter")
        await pilot.pause()
        await paste_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SealedMoment)
        await pilot.press("enter")
        await pilot.pause()
        assert session.sealed and session.seal.sealed_at == stamp(FIXED_NOW)

        # Sealed: it refuses edits, and Back does not reopen the phases.
        with pytest.raises(SealedError):
            session.ensure_editable()
        before = session.to_dict()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await paste_text(pilot, "xyz")
        await pilot.pause()
        assert app.screen is seal and not seal.query(Input)
        assert session.to_dict() == before

        # A check-in on the sealed agreement.
        await pilot.press("c")
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        checkin.query_one("#status-a-0", StatusChosen).choose("on_track")
        checkin.query_one("#status-b-0", StatusChosen).choose("at_risk")
        checkin.query_one("#note-b-0", Input).focus()
        await paste_text(pilot, "investors are slow")
        field = checkin.query_one("#next-checkin", Input)
        assert field.value == "2026-12-02"  # the first check-in they agreed, still ahead (not a cadence from today)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is seal
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    stored_session = Store(db_path).load(session.id)
    assert stored_session.sealed
    assert stored_session.accountability.of("a").commitments[0].what == "Ship the beta"
    assert stored_session.checkins[0].progress["b"][0] == {"status": "at_risk", "note": "investors are slow"}
    row = Store(db_path).list_summaries()[0]
    assert (row["status"], row["next_checkin"]) == ("sealed", "2026-12-02")
