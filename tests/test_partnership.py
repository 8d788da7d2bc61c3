"""Partnerships (the same two people across sessions), finding sessions as you type, and the partnership screen."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, TabbedContent

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.domain.finding import fold, haystack, matching, selected
from coalition_tui.domain.partnership import (
    Merges,
    clearings,
    commitments,
    kept,
    partnership_key,
    partnerships,
    people,
    timeline,
)
from coalition_tui.domain.seal import CheckIn, confirm_seal, new_revision
from coalition_tui.domain.session import Session
from coalition_tui.screens.partnership import PartnershipScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.row_list import RowList

from .helpers.filled_session import clock_record, fill
from .helpers.screen_text import screen_text

BASE = datetime(2026, 3, 1, 10, tzinfo=UTC)


# -- who is the same pair -----------------------------------------------------------------------------


def test_the_same_two_people_in_any_order_case_or_spacing():
    key = partnership_key("Ada Lovelace", "Ben")
    assert partnership_key(" ben ", "ada  LOVELACE") == key
    assert partnership_key("Ben", "Ada Lovelace") == key
    assert partnership_key("Ada Lovelace", "Bea") != key
    assert partnership_key("Zoë", "Ben") == partnership_key("Zoe\u0308", "ben")  # one ë, written two ways
    assert partnership_key("Zoë", "Ben") != partnership_key("Zoe", "Ben")  # another name, not an accent missing


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@given(names, names)
def test_a_partnership_key_ignores_order_and_the_spaces_around_and_between(a, b):
    assert partnership_key(a, b) == partnership_key(b, a)
    assert partnership_key(a, b) == partnership_key(f"  {a} ", " ".join(b.split()))
    if a.strip() != b.strip() and " ".join(a.split()) not in (" ".join(b.split()),):
        assert partnership_key(a, a) != partnership_key(a, f"{b}x")


def test_merge_and_split_are_kept_apart_from_the_sessions():
    merges = Merges()
    merges.merge("ben", "benjamin")
    merges.merge("benny", "ben")  # into a partnership that is itself merged: to where it went
    assert merges.of("benny") == merges.of("ben") == "benjamin"
    merges.merge("benjamin", "b")  # the whole group moves along
    assert {merges.of(k) for k in ("ben", "benny", "benjamin")} == {"b"}
    merges.split("b")
    assert merges.into == {} and merges.of("ben") == "ben"
    assert Merges.from_dict({"a": "b", 3: "x", "c": None}).into == {"a": "b"}  # a hand-edited setting
    assert Merges.from_dict("nonsense").into == {}


def row(session_id: str, a: str, b: str, **more) -> dict:
    return {"id": session_id, "partners": {"a": a, "b": b}, "created_at": "2026-03-01T10:00:00+00:00", **more}


def test_rows_group_into_partnerships_and_a_merge_joins_two():
    rows = [row("1", "Ada", "Ben"), row("2", "ben", "ADA "), row("3", "Ada", "Benjamin"), row("4", "Cleo", "Dan")]
    found = partnerships(rows)
    assert sorted(len(p.rows) for p in found.values()) == [1, 1, 2]
    merges = Merges()
    merges.merge(partnership_key("Ada", "Benjamin"), partnership_key("Ada", "Ben"))
    found = partnerships(rows, merges)
    assert sorted(p.session_ids for p in found.values()) == [("1", "2", "3"), ("4",)]


# -- a partnership's story ------------------------------------------------------------------------------


def story() -> list[Session]:
    """Three sessions of Ada and Ben (names swapped in the second), the third revising the second."""
    sessions = []
    for i, (a, b) in enumerate([("Ada", "Ben"), ("ben", "ada")]):
        s = fill(Session.new(a, b, now=BASE + timedelta(days=60 * i), session_id=f"0000000{i}"))
        s.clearing.clock = clock_record([("a", 100 + 60 * i), ("b", 130), ("a", 40)])
        for side in ("a", "b"):
            confirm_seal(s, side, s.name(side), now=BASE + timedelta(days=60 * i, hours=1))
        progress = {"a": [{"status": "done", "note": ""}, {"status": "dropped", "note": ""}], "b": []}
        s.checkins.append(CheckIn(at=(BASE + timedelta(days=60 * i + 20)).isoformat(), progress=progress))
        sessions.append(s)
    revision = new_revision(sessions[1], now=BASE + timedelta(days=150), session_id="00000002")
    sessions.append(revision)
    return sessions


def test_figures_are_per_person_whichever_side_they_sat():
    sessions = story()
    assert people(sessions) == ("ben", "ada")  # as the newest session names them
    airtime = clearings(sessions)
    assert [c.session_id for c in airtime] == ["00000000", "00000001"]  # the revision carries 1's over
    # Session 0: Ada (a) 140 s, Ben (b) 130 s; told as (ben, ada).
    assert airtime[0].totals == (130.0, 140.0) and airtime[0].balance == -10.0
    assert airtime[1].totals == (200.0, 130.0)  # session 1: ben was a


def test_commitments_and_how_often_each_persons_were_kept():
    sessions = story()
    # The revision (00000002) is still being written: the agreement it revises still stands.
    assert not {r.session_id for r in commitments(sessions) if r.superseded}
    revision = sessions[2]
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), now=BASE + timedelta(days=151))
    records = commitments(sessions)
    assert {r.session_id for r in records if r.superseded} == {"00000001"}  # replaced by its sealed revision
    # Session 0's check-in closed Ada's two (done, dropped); session 1's closed ben's two, and the revision
    # carries them on with those statuses: each commitment counts once, with its latest status.
    ada = 1  # ("ben", "ada")
    assert kept(records, ada) == (1, 2)
    assert kept(records, 0) == (1, 2)
    carried = [r for r in records if r.session_id == "00000002" and r.person == 0]
    assert [(r.status, r.status_session_id) for r in carried][:2] == [("done", "00000001"), ("dropped", "00000001")]
    assert [r.status for r in records if r.session_id == "00000001" and r.person == 0][:2] == ["done", "dropped"]
    moments = timeline(story())
    assert [m.kind for m in moments][:2] == ["session", "checkin"]
    assert moments[0].session_id == "00000002"


# -- finding ----------------------------------------------------------------------------------------------


def test_fold_takes_off_case_and_accents():
    assert fold("  Björn  ÖZTÜRK ") == "bjorn ozturk"
    assert "bjorn" in haystack(row("1", "Björn", "Ana"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_date_is_found_in_every_form_the_readme_shows_in_either_language(language):
    """`2026-11` and `30.11.2026` (README, "Finding a session") find a session in English and in German."""
    from coalition_tui import i18n
    from coalition_tui.screens.home import row_cells

    rows = [
        row("1", "Ada", "Ben", created_at="2026-11-30T10:00:00+00:00", next_checkin="2026-12-04"),
        row("2", "Cleo", "Dan", created_at="2026-10-02T10:00:00+00:00", sealed_at="2026-10-03T09:00:00+00:00"),
    ]
    with i18n.speaking(language):
        hays = [haystack(r, row_cells(r, date(2026, 11, 25))) for r in rows]
    for query in ("30.11.2026", "2026-11-30", "2026-11", "11.2026", "04.12.2026", "2026-12-04"):
        assert matching(hays, query) == [0], query
    for query in ("03.10.2026", "2026-10-03", "02.10.2026"):  # sealed on the 3rd, begun on the 2nd
        assert matching(hays, query) == [1], query
    assert matching(hays, "31.11.2026") == [] and matching(hays, "30.11.2025") == []


def test_every_date_of_a_session_reads_in_both_forms():
    hay = haystack(row("1", "Ada", "Ben", created_at="2027-01-05T23:30:00+00:00"))
    assert "2027-01-05" in hay and "05.01.2027" in hay
    # A date shown the German way (what home passes for a German list) is found the ISO way too.
    hay = haystack(row("1", "Ada", "Ben", created_at="not a stamp"), ["06.01.2027"])
    assert "2027-01-06" in hay and "06.01.2027" in hay
    assert "45.13.2027" not in haystack(row("1", "Ada", "Ben", created_at="2027-13-45"))  # not a date: as it is


def generated_rows(count: int = 1000) -> list[dict]:
    pick = random.Random(16)
    first = ["Ada", "Ben", "Chiara", "Dmitri", "Esther", "Farid", "Grace", "Björn", "Ines", "Jonas"]
    rows = []
    for i in range(count):
        a, b = pick.sample(first, 2)
        created = (BASE - timedelta(days=i)).isoformat()
        status = pick.choice(["sealed", "alignment", "clearing", "finished"])
        rows.append(row(f"{i:08x}", a, b, title=f"Review {i}", status=status, created_at=created))
    return rows


def test_finding_on_a_thousand_sessions_is_every_word_in_any_field():
    rows = generated_rows()
    hays = [haystack(r) for r in rows]
    found = matching(hays, "bjorn seal")
    expected = [
        i for i, r in enumerate(rows) if "Björn" in (r["partners"]["a"], r["partners"]["b"]) and r["status"] == "sealed"
    ]
    assert found == expected and found
    assert matching(hays, "2026-02-27") == [2]  # a date
    assert matching(hays, "") == list(range(1000))
    assert matching(hays, "nobody") == []
    started = time.perf_counter()  # not asserted (no wall clock in tests): printed for the curious
    matching(hays, "gr rev 9")
    print(f"one search over 1,000 sessions: {(time.perf_counter() - started) * 1000:.2f} ms")


def test_list_filters_by_partner_status_and_date():
    rows = [
        row("1", "Ada Lovelace", "Ben", status="sealed", created_at="2026-09-02T10:00:00+00:00"),
        row("2", "Adam", "Ben", status="alignment", created_at="2026-08-01T10:00:00+00:00"),
        row("3", "Cleo", "ada lovelace", status="clearing", created_at="2026-10-01T10:00:00+00:00"),
    ]

    def created(r):
        return date.fromisoformat(r["created_at"][:10])

    assert [r["id"] for r in selected(rows, partner="ada")] == ["1", "3"]  # whole words: not Adam
    assert [r["id"] for r in selected(rows, partner="ADA LOVELACE")] == ["1", "3"]
    assert [r["id"] for r in selected(rows, partner="Lovelace")] == ["1", "3"]
    assert [r["id"] for r in selected(rows, status="sealed")] == ["1"]
    assert [r["id"] for r in selected(rows, status="open")] == ["2", "3"]
    since = selected(rows, since=date(2026, 9, 1), created=created)
    assert [r["id"] for r in since] == ["1", "3"]


def stored(store: Store, sessions: list[Session]) -> None:
    for session in sessions:
        store.create(session)
        store.save(session, index=True)


def test_coalition_list_partner_status_since(db_path):
    store = Store(db_path)
    stored(store, story())
    other = Session.new("Cleo", "Dan", now=BASE + timedelta(days=200), session_id="00000009")
    stored(store, [other])
    runner = CliRunner()
    result = runner.invoke(main, ["list", "--db", str(db_path), "--json", "--partner", "Ada"])
    assert [r["id"] for r in json.loads(result.output)] == ["00000002", "00000001", "00000000"]
    result = runner.invoke(main, ["list", "--db", str(db_path), "--json", "--status", "open"])
    assert [r["id"] for r in json.loads(result.output)] == ["00000009", "00000002"]
    result = runner.invoke(main, ["list", "--db", str(db_path), "--json", "--since", "30.04.2026"])
    assert [r["id"] for r in json.loads(result.output)] == ["00000009", "00000002", "00000001"]
    result = runner.invoke(main, ["list", "--db", str(db_path), "--partner", "Nobody"])
    assert result.exit_code == 0 and "No session matches." in result.output
    result = runner.invoke(main, ["list", "--db", str(db_path), "--since", "soon"])
    assert result.exit_code == 1 and "--since takes a date" in result.output


# -- home: / to find, p for the partnership ---------------------------------------------------------------


async def test_slash_finds_as_you_type_and_escape_shows_all_again(make_app, db_path):
    store = Store(db_path)
    stored(store, story())
    stored(store, [Session.new("Cleo", "Dan", now=BASE + timedelta(days=200), session_id="00000009", title="Björk")])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sessions = app.screen.query_one("#sessions", RowList)
        assert sessions.row_count == 4
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#find", Input)
        await pilot.press(*"bjork")  # "n", "r", "c" and "p" are the search's letters now
        await pilot.pause()
        assert sessions.keys == ["00000009"]
        await pilot.press("backspace", *"x")
        await pilot.pause()
        assert sessions.row_count == 0 and "No session matches." in screen_text(app)
        await pilot.press(*["backspace"] * 5, *"ada sealed")
        await pilot.pause()
        assert sessions.keys == ["00000001", "00000000"]
        await pilot.press("down", "enter")  # down into the list, enter opens
        await pilot.pause()
        assert app.session is not None, (app.screen, app.focused, app._notifications) and app.session.id == "00000001"
        app.go_home()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert sessions.row_count == 4 and not app.screen.query_one("#find", Input).display


async def test_p_opens_the_partnership_and_enter_opens_a_session_from_its_timeline(make_app, db_path):
    store = Store(db_path)
    stored(store, story())
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PartnershipScreen)
        text = screen_text(app)
        assert "ben & ada" in text and "3 sessions" in text
        timeline_rows = screen.query_one("#timeline", RowList)
        assert timeline_rows.row_count == 5  # three sessions, two check-ins
        await pilot.press("right")
        assert screen.query_one("#partnership-tabs", TabbedContent).active == "tab-commitments"
        assert "ada kept 1 of 2" in screen_text(app)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.session is not None and app.session.id == "00000002"


async def test_the_partnership_screen_counts_a_revised_agreement_once(make_app, db_path):
    sessions = story()
    revision = sessions[2]  # a copy of session 1: its clearing record, its commitments, none of its check-ins
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), now=BASE + timedelta(days=151))
    revision.checkins.append(CheckIn(at=(BASE + timedelta(days=160)).isoformat(), progress={}, next_checkin=""))
    sessions[1].accountability.of("a").first_checkin = "2026-04-01"  # the replaced agreement's date: not shown
    store = Store(db_path)
    stored(store, sessions)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p", "right")
        await pilot.pause()
        text = screen_text(app)
        assert "ben kept 1 of 2" in text and "ada kept 1 of 2" in text  # session 1's reports, carried on
        assert "✔ ben: Ship the beta" in text
        await pilot.press("right")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "ben 3:20" in line or "ben 2:10" in line]
        assert len(lines) == 2  # sessions 0 and 1; the revision's copy is session 1's clearing, not a third
        await pilot.press("right")
        await pilot.pause()
        assert "No check-in date is set." in screen_text(app)  # the revision's check-in set none; 1's date is gone


async def test_merging_two_spellings_and_splitting_them_again(make_app, db_path):
    store = Store(db_path)
    stored(store, story())
    stored(store, [Session.new("Ada", "Benjamin", now=BASE + timedelta(days=300), session_id="00000007")])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "p")  # "ben & ada", from its newest session
        await pilot.pause()
        assert "3 sessions" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the only other partnership: Ada & Benjamin
        await pilot.pause()
        assert isinstance(app.screen, PartnershipScreen) and "4 sessions" in screen_text(app)
        assert Merges.from_dict(store.get_setting("partnerships")).into
        await pilot.press("s")
        await pilot.pause()
        assert "3 sessions" in screen_text(app)
        assert store.get_setting("partnerships") == {}


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_the_partnership_airtime_chart(snap_compare, make_app, db_path, size):
    store = Store(db_path)
    stored(store, story())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("p", "right", "right")
        await pilot.pause()

    assert snap_compare(make_app(StartRequest("home")), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_the_partnership_timeline(snap_compare, make_app, db_path, size):
    store = Store(db_path)
    stored(store, story())

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(make_app(StartRequest("home")), terminal_size=size, run_before=run_before)
