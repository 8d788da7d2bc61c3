"""Sealing: each partner's own confirmation, the sealed read-only agreement, revisions, air-time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from coalition_tui.app import StartRequest
from coalition_tui.domain.clock import ClockRecord, format_duration
from coalition_tui.domain.errors import SealedError, ValidationError
from coalition_tui.domain.seal import (
    confirm_seal,
    name_matches,
    new_revision,
    withdraw_seal,
)
from coalition_tui.domain.session import Session, summarize
from coalition_tui.domain.timeutil import stamp
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.seal import AirTimeView, SealedMoment, SealScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.confirm import ConfirmScreen

from .conftest import FIXED_NOW
from .helpers.filled_session import full_session
from .helpers.pilot_input import paste_text, steady

# -- the domain --------------------------------------------------------------------------------


def test_each_partner_seals_with_their_own_name():
    session = full_session()
    with pytest.raises(ValidationError) as caught:
        confirm_seal(session, "a", "Ben", FIXED_NOW)
    assert str(caught.value) == "To seal, type your name exactly: Ada" and caught.value.field == "seal_a"
    with pytest.raises(ValidationError):
        confirm_seal(session, "a", "ada", FIXED_NOW)  # it asks for the name exactly: case matters
    assert not session.seal.confirmed("a")
    assert confirm_seal(session, "a", "  Ada ", FIXED_NOW) is False
    assert session.seal.confirmed("a") and not session.sealed
    assert confirm_seal(session, "b", "Ben", FIXED_NOW) is True
    assert session.sealed and session.seal.sealed_at == stamp(FIXED_NOW)
    assert session.status == "sealed"


def test_a_name_seals_exactly_as_it_is_written_but_for_spaces_around_it_and_unicode_form():
    assert name_matches("Zoë Ann", "Zoë Ann") and name_matches(" \tZoë Ann  ", "Zoë Ann")
    assert name_matches("Zoe\u0308 Ann", "Zo\u00eb Ann")  # the same letters, composed another way (NFC)
    for typed in ("zoë ann", "ZOË ANN", "Zoë ANN", "Zoe Ann", "Zoë  Ann", "ZoëAnn"):
        assert not name_matches(typed, "Zoë Ann"), typed
    assert not name_matches("", "Ada") and not name_matches("Ad", "Ada") and not name_matches("   ", "Ada")


@given(st.text(min_size=1, max_size=20).filter(lambda name: name.strip()))
def test_a_name_always_seals_as_written_and_never_in_another_case(name):
    from unicodedata import normalize

    assert name_matches(f"  {name} ", name.strip())
    assert name_matches(normalize("NFD", name), normalize("NFC", name))
    for other_case in (name.upper(), name.lower(), name.swapcase()):
        if normalize("NFC", other_case.strip()) != normalize("NFC", name.strip()):
            assert not name_matches(other_case, name)


def test_a_confirmation_can_be_withdrawn_until_both_have_sealed():
    session = full_session()
    confirm_seal(session, "a", "Ada", FIXED_NOW)
    withdraw_seal(session, "a")
    assert not session.seal.confirmed("a")
    confirm_seal(session, "a", "Ada", FIXED_NOW)
    confirm_seal(session, "b", "Ben", FIXED_NOW)
    with pytest.raises(SealedError):
        withdraw_seal(session, "a")


def test_a_sealed_session_refuses_edits():
    session = full_session(sealed=True)
    with pytest.raises(SealedError, match="new revision"):
        session.ensure_editable()
    with pytest.raises(SealedError):
        confirm_seal(session, "a", "Ada", FIXED_NOW)


def test_a_revision_copies_the_agreement_and_links_back():
    sealed = full_session(sealed=True)
    before = sealed.to_dict()
    revision = new_revision(sealed, now=FIXED_NOW, session_id="5ea1bbbb")
    assert sealed.to_dict() == before  # the original is untouched
    assert revision.id == "5ea1bbbb" and revision.revision_of == sealed.id
    assert not revision.sealed and revision.seal.confirmed_at == {"a": None, "b": None}
    assert revision.checkins == []
    assert revision.current_phase and revision.current_phase.value == "accountability"
    assert revision.alignment == sealed.alignment
    for side in ("a", "b"):  # the plans carry on (with ids, so a calendar knows them again)
        mine, theirs = revision.accountability.of(side), sealed.accountability.of(side)
        assert [(c.what, c.by_when, c.done_when) for c in mine.commitments] == [
            (c.what, c.by_when, c.done_when) for c in theirs.commitments
        ]
        assert mine.series_uid == theirs.series_uid or not theirs.series_uid
    revision.ensure_editable()
    assert summarize(revision)["revision_of"] == sealed.id
    clearing_only = Session.new("Ada", "Ben", agenda="clearing,seal", now=FIXED_NOW)
    confirm_seal(clearing_only, "a", "Ada", FIXED_NOW)
    confirm_seal(clearing_only, "b", "Ben", FIXED_NOW)
    assert new_revision(clearing_only, now=FIXED_NOW).phase_index == 0


def test_air_time_comes_from_the_clearing_clock():
    session = full_session()
    record = session.clearing.air_time()
    assert record.recorded
    assert record.totals == {"a": 215.0, "b": 205.0}
    assert record.turns == (("a", 125.0), ("b", 110.0), ("a", 60.0), ("b", 95.0), ("a", 30.0))
    assert record.balance == 10.0
    assert format_duration(215) == "3:35" and format_duration(3729.9) == "1:02:09"


def test_air_time_degrades_gracefully():
    session = full_session()
    session.clearing.clock = None
    assert not session.clearing.air_time().recorded
    # The clock's own record is read, never guessed at: a turn in another shape is left out.
    session.clearing.clock = ClockRecord.from_dict(
        {"turns": [{"side": "a", "seconds": 30}, {"speaker": "b", "duration": 45.0}, {"what": "nonsense"}]}
    )
    record = session.clearing.air_time()
    assert record.recorded and record.totals == {"a": 0.0, "b": 45.0} and record.turns == (("b", 45.0),)
    session.clearing.clock = ClockRecord.from_dict({"turns": "not a list of turns"})
    assert not session.clearing.air_time().recorded


# -- the screen ---------------------------------------------------------------------------------


def stored(store, session) -> Session:
    store.create(session)
    store.save(session, index=True)
    return session


async def test_both_partners_seal_and_the_moment_shows(make_app, store, db_path):
    session = stored(store, full_session())
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SealScreen) and not screen.read_only
        assert app.focused is screen.query_one("#seal-input-a")
        await paste_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        error = screen.query_one("#seal-error-a", Static)
        assert "type your name exactly: Ada" in str(error.render())
        await pilot.press(*["backspace"] * 3)
        await paste_text(pilot, "ada")  # what it asks for is the name exactly: not in another case
        await pilot.press("enter")
        await pilot.pause()
        assert "type your name exactly: Ada" in str(error.render()) and not app.session.seal.confirmed("a")
        await pilot.press(*["backspace"] * 3)
        await paste_text(pilot, "Ada")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.seal.confirmed("a") and not app.session.sealed
        assert app.focused is screen.query_one("#seal-input-b")
        assert "Ada sealed at 14:30" in str(screen.query_one("#sign-status-a", Static).render())
        await paste_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SealedMoment)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.read_only
        assert not screen.query(Input)  # nothing left to type into
    on_disk = Store(db_path).load(session.id)
    assert on_disk.sealed and on_disk.seal.sealed_at == stamp(FIXED_NOW)
    row = Store(db_path).list_summaries()[0]
    assert (row["status"], row["sealed_at"], row["next_checkin"]) == ("sealed", stamp(FIXED_NOW), "2026-12-02")


async def test_a_sealed_session_opens_read_only_and_stays_put(make_app, store, db_path):
    session = stored(store, full_session(sealed=True))
    session.phase_index = 1  # wherever it was left, a sealed agreement opens on the seal screen
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SealScreen) and screen.read_only
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is screen
        app.previous_phase()
        await pilot.pause()
        assert app.screen is screen and app.session.phase_index == 1
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert Store(db_path).load(session.id).accountability == session.accountability


async def test_the_air_time_view_shows_each_partners_fairness_in_its_width(make_app, store):
    session = stored(store, full_session(sealed=True))
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(AirTimeView)
        lines = view.render().plain.splitlines()
        assert lines[0].split() == ["Total", "Share", "Turns", "Longest", "Over", "target", "Catch-up"]
        assert lines[1].split() == ["Ada", "3:35", "51%", "3", "2:05", "0:05", "0:20"]
        assert lines[2].split() == ["Ben", "3:25", "49%", "2", "1:50", "—", "0:05"]
        assert lines[3] == "Balance: Ada spoke 0:10 longer  ·  Turns: 5"
        assert max(len(line.rstrip()) for line in lines) <= view.content_size.width < 80


async def test_the_sealed_agreement_footer_fits_and_drops_the_least_needed_key(make_app, store):
    session = stored(store, full_session(sealed=True))
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {key.key: key for key in app.screen.query(FooterKey) if key.key != "ctrl+p"}
        assert {"ctrl+n", "ctrl+g", "ctrl+o", "c", "v", "ctrl+q"} <= keys.keys()
        assert "ctrl+r" not in keys, "no step back from a sealed agreement"
        assert "f8" not in keys, "presentation leaves the footer first (the palette still has it)"
        palette = next(key for key in app.screen.query(FooterKey) if key.key == "ctrl+p")
        assert all(key.region.right <= palette.region.x for key in keys.values()), "every key is in sight"
        await pilot.resize_terminal(140, 30)
        await pilot.pause()
        assert "f8" in {key.key for key in app.screen.query(FooterKey)}


async def test_a_new_revision_starts_from_the_sealed_agreement(make_app, store, db_path):
    session = stored(store, full_session(sealed=True))
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountabilityScreen)
        revision = app.session
        assert revision.id != session.id and revision.revision_of == session.id and not revision.sealed
    rows = {r["id"]: r for r in Store(db_path).list_summaries()}
    assert rows[session.id]["status"] == "sealed"
    assert rows[revision.id]["revision_of"] == session.id and rows[revision.id]["status"] == "accountability"
    assert Store(db_path).load(session.id).sealed


# -- pictures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_seal_before_confirmations(snap_compare, make_app, store, size):
    session = stored(store, full_session())
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=size, run_before=steady()
    )


def test_snapshot_seal_one_confirmed(snap_compare, make_app, store):
    session = stored(store, full_session())
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)),
        terminal_size=(80, 24),
        run_before=steady(*"Ada", "enter"),
    )


def test_snapshot_seal_after_both_confirmations(snap_compare, make_app, store):
    session = stored(store, full_session())
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)),
        terminal_size=(80, 24),
        run_before=steady(*"Ada", "enter", *"Ben", "enter"),
    )


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_sealed_read_only(snap_compare, make_app, store, size):
    session = stored(store, full_session(sealed=True))
    assert snap_compare(
        make_app(StartRequest("resume", session_id=session.id)), terminal_size=size, run_before=steady()
    )
