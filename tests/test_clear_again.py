"""Clearing again and revising from the partnership screen: a new session for the same two people."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from coalition_tui.app import StartRequest
from coalition_tui.domain.clear_again import clearing_again, standing
from coalition_tui.domain.clearing import ClearingState, Standing
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import confirm_seal
from coalition_tui.domain.session import Session
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.partnership import PartnershipScreen
from coalition_tui.storage import Store

from .helpers.screen_text import screen_text
from .test_partnership import BASE, stored, story


def distinct_story() -> list[Session]:
    """``story()``, each open commitment worded apart (session 0: Ada & Ben; 1: ben & ada; 2 revises 1)."""
    sessions = story()
    sessions[0].accountability.of("b").commitments[0].what = "Ben closes the spring round"
    sessions[1].accountability.of("b").commitments[0].what = "ada writes the pricing page"
    sessions[2].accountability.of("b").commitments[0].what = "ada writes the pricing page"
    return sessions


async def on_the_partnership_screen_press(pilot, key: str) -> None:
    """From home, ``p`` on the first session, then ``key`` as a person presses it there."""
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PartnershipScreen)
    await pilot.press(key)
    await pilot.pause()


def test_the_ground_is_the_open_commitments_of_the_agreements_in_force():
    sessions = distinct_story()
    # Each partner's first two commitments were checked in done and dropped: closed. The revision
    # (session 2) is not sealed yet, so the agreement it revises still stands.
    ground = standing(sessions, "ben", "ada")
    assert ground == [  # the newest agreement's first
        Standing("b", "ada writes the pricing page", "2027-02-26", ""),
        Standing("a", "Ben closes the spring round", "2027-02-26", ""),  # Ben sat as B in session 0
    ]
    # The same people the other way round: the sides follow the new session's names.
    assert [(s.side, s.what) for s in standing(sessions, "Ada", "Ben")] == [
        ("a", "ada writes the pricing page"),
        ("b", "Ben closes the spring round"),
    ]
    # Once the revision is sealed it replaces session 1: its commitments count once, from the revision.
    revision = sessions[2]
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), now=BASE + timedelta(days=151))
    # (The revision carried ben's two on with what their check-in said, done and dropped: still closed.)
    assert [s.what for s in standing(sessions, "ben", "ada")] == [
        "ada writes the pricing page",  # now the revision's
        "Ben closes the spring round",
    ]
    assert [s.what for s in standing(sessions[:1], "Ada", "Ben")] == ["Ben closes the spring round"]
    # Nothing sealed: nothing to stand on.
    assert standing([Session.new("Ada", "Ben")], "Ada", "Ben") == []


def test_a_new_clearing_carries_the_names_language_protocol_and_ground():
    sessions = distinct_story()
    sessions[2].protocol = sessions[2].protocol  # the revision's wording, as held
    session = clearing_again(sessions, now=BASE + timedelta(days=200), session_id="0000000c")
    assert (session.partner_a, session.partner_b) == ("ben", "ada")  # the latest session's order
    assert session.agenda == (Phase.CLEARING, Phase.SEAL)
    assert session.title == "Clearing again" and session.language == sessions[2].language
    assert session.protocol == sessions[2].protocol
    assert [s.what for s in session.clearing.standing] == ["ada writes the pricing page", "Ben closes the spring round"]
    assert session.revision_of is None and not session.sealed
    # Kept in the file and read back; a clearing from before has none.
    again = Session.from_dict(session.to_dict())
    assert again.clearing.standing == session.clearing.standing
    assert ClearingState.from_dict({"opened": True}).standing == []


def test_a_new_clearing_is_stored_and_read_as_saved(db_path):
    store = Store(db_path)
    session = clearing_again(distinct_story(), now=BASE, session_id="0000000c")
    store.create(session)
    assert store.load(session.id).clearing.standing == session.clearing.standing


async def test_clear_again_from_the_partnership_screen_opens_the_clearing_on_its_ground(make_app, db_path):
    store = Store(db_path)
    stored(store, distinct_story())
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await on_the_partnership_screen_press(pilot, "c")
        assert isinstance(app.screen, ClearingScreen)
        session = app.session
        assert session is not None and session.clearing.step == "commitment"
        assert any("The 2 open commitments they stand on" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+n", "ctrl+n")  # to the opening's third step: the ground
        await pilot.pause()
        assert session.clearing.step == "ground"
        ground = str(app.screen.query_one("#carried-text", Static).render())
        assert "The ground you stand on: your open commitments" in ground
        assert "ben: Ben closes the spring round" in ground and "ada: ada writes the pricing page" in ground
        app.save_now()
    assert len(Store(db_path).list_summaries()) == 4


async def test_v_on_the_partnership_screen_revises_the_latest_agreement(make_app, db_path):
    store = Store(db_path)
    sessions = distinct_story()[:2]  # two sealed agreements, no revision yet
    stored(store, sessions)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await on_the_partnership_screen_press(pilot, "v")
        assert isinstance(app.screen, AccountabilityScreen)
        assert app.session is not None and app.session.revision_of == "00000001"  # the newer agreement


async def test_v_without_a_sealed_agreement_says_there_is_nothing_to_revise(make_app, make_session):
    make_session()
    app = make_app(StartRequest("home"))
    async with app.run_test(size=(100, 30)) as pilot:
        await on_the_partnership_screen_press(pilot, "v")
        assert isinstance(app.screen, PartnershipScreen)
        assert any("nothing to revise" in str(n.message) for n in app._notifications)


def test_snapshot_the_ground_of_a_clearing_begun_again(snap_compare, make_app, db_path):
    store = Store(db_path)
    session = clearing_again(distinct_story(), now=BASE, session_id="0000000c")
    session.clearing.go_to_step(2)
    store.create(session)

    async def settle(pilot) -> None:
        await pilot.pause()
        await pilot.pause()

    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


async def test_v_takes_up_a_revision_already_begun_instead_of_starting_another(make_app, db_path):
    store = Store(db_path)
    stored(store, distinct_story())  # session 2 is an unsealed revision of session 1
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await on_the_partnership_screen_press(pilot, "v")
        assert app.session is not None and app.session.id == "00000002"
        assert any("begun already" in str(n.message) for n in app._notifications)
    assert len(Store(db_path).list_summaries()) == 3  # no second revision


def test_the_exports_of_a_clearing_begun_again_say_what_it_stood_on():
    import io
    import json

    from rich.console import Console

    from coalition_tui.export.render import render_export
    from coalition_tui.export.terminal import print_session

    session = clearing_again(distinct_story(), now=BASE, session_id="0000000c")
    markdown = render_export(session, "md")
    assert "## The ground they stood on: their open commitments\n\n" in markdown
    assert "- ada: ada writes the pricing page (due 2027-02-26)\n- ben: Ben closes the spring round (due" in markdown
    data = json.loads(render_export(session, "json"))
    assert [item["what"] for item in data["session"]["clearing"]["standing"]] == [
        "ada writes the pricing page",
        "Ben closes the spring round",
    ]
    out = io.StringIO()
    print_session(session, Console(file=out, width=100, color_system=None))
    shown = out.getvalue()
    assert "The ground they stood on" in shown and "ben: Ben closes the spring round" in shown


async def test_the_seal_of_a_clearing_begun_again_shows_its_ground_and_no_empty_plan(make_app, db_path):
    store = Store(db_path)
    session = clearing_again(distinct_story(), now=BASE, session_id="0000000c")
    session.phase_index = 1  # the seal
    store.create(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "The ground you stood on" in text and "1. Ben closes the spring round (due" in text
        # Its agenda had no declaration and no plan: no empty sections for them.
        assert "Declaration" not in text and "no commitments listed" not in text and "Keeping each other" not in text
