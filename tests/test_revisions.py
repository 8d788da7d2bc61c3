"""Revisions follow the partnership: a revised agreement says it was superseded, and home groups revisions.

A chain A → B → C (each a revision of the one before) among unrelated sessions:
home lists C at its place with B and A right under it, `show`, `list` and the
exports of A and B say which revision replaced them, and C's say nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from rich.console import Console
from textual.widgets import Input, Static

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.domain.corrections import correct
from coalition_tui.domain.partnership import air_time, clearings
from coalition_tui.domain.revisions import Revisions, Successor
from coalition_tui.domain.seal import confirm_seal, new_revision
from coalition_tui.domain.session import Session
from coalition_tui.export.json_export import export_dict
from coalition_tui.export.markdown import export_markdown
from coalition_tui.export.render import render_export
from coalition_tui.export.terminal import print_session
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.seal import SealScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.row_list import RowList

from .helpers.filled_session import clock_record, full_session

A, B, C = "0a0a0a0a", "0b0b0b0b", "0c0c0c0c"
GROUPED = ["5e550001", C, B, A, "5e550002", "5e550003", "5e550004"]  # the list home shows


def day(month: int, date: int) -> datetime:
    return datetime(2026, month, date, 10, tzinfo=UTC)


def sealed(session: Session, when: datetime) -> Session:
    for side in ("a", "b"):
        confirm_seal(session, side, session.name(side), when)
    return session


def chain() -> list[Session]:
    """A (sealed 1 Sep), its revision B (sealed 1 Oct), B's revision C (sealed 1 Nov)."""
    first = full_session(session_id=A, sealed=True, now=day(9, 1))
    first.clearing.clock = clock_record([("a", 100), ("b", 90)])
    second = sealed(new_revision(first, now=day(10, 1), session_id=B), day(10, 1))
    third = sealed(new_revision(second, now=day(11, 1), session_id=C), day(11, 1))
    return [first, second, third]


def others() -> list[Session]:
    """Sessions of other people, before, between and after the chain's."""
    people = [("Sam", "Robin", day(11, 10)), ("Cleo", "Dan", day(10, 10)), ("Eve", "Finn", day(9, 15))]
    people.append(("Gus", "Hal", day(8, 1)))
    return [Session.new(a, b, now=when, session_id=f"5e55{n:04d}") for n, (a, b, when) in enumerate(people, 1)]


def stored(store: Store, sessions: list[Session]) -> None:
    for session in sessions:
        store.create(session)
        store.save(session, index=True)


@pytest.fixture
def history(store: Store) -> list[Session]:
    sessions = chain()
    stored(store, sessions + others())
    return sessions


# -- who replaced whom (the domain, from index rows) ----------------------------------------------------


def row(session_id: str, created: str, revision_of: str | None = None, status: str = "sealed") -> dict:
    return {
        "id": session_id,
        "created_at": f"2026-{created}T10:00:00+00:00",
        "revision_of": revision_of,
        "status": status,
    }


def newest_first(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: r["created_at"], reverse=True)


def test_a_chain_of_three_groups_under_its_latest_among_unrelated_sessions():
    rows = newest_first(
        [
            row("a", "09-01"),
            row("b", "10-01", "a"),
            row("c", "11-01", "b"),
            row("x", "11-10"),
            row("w", "10-10"),
            row("y", "09-15"),
            row("z", "08-01"),
        ]
    )
    revisions = Revisions(rows)
    assert [r["id"] for r in revisions.grouped(rows)] == ["x", "c", "b", "a", "w", "y", "z"]
    assert revisions.superseded_by("a") == Successor("b", "2026-10-01T10:00:00+00:00")
    assert revisions.superseded_by("b") == Successor("c", "2026-11-01T10:00:00+00:00")
    assert revisions.superseded_by("c") is None and revisions.superseded_by("x") is None
    assert revisions.superseded() == {"a": "b", "b": "c"}
    assert revisions.latest("a") == revisions.latest("b") == revisions.latest("c") == "c"
    assert not Revisions([row("x", "11-10"), row("y", "09-15")])  # nothing replaced: the list stays as it is


def test_a_revision_still_being_written_groups_its_agreement_but_does_not_replace_it():
    rows = newest_first([row("a", "09-01"), row("b", "10-01", "a", status="accountability"), row("x", "09-20")])
    revisions = Revisions(rows)
    assert [r["id"] for r in revisions.grouped(rows)] == ["b", "a", "x"]  # listed under the draft
    assert revisions.is_earlier("a") and revisions.revised_by("a") == "b"
    assert not revisions.is_superseded("a") and revisions.superseded_by("a") is None  # it still stands
    assert revisions.superseded() == {}


def test_the_newest_of_two_revisions_replaces_their_original_and_every_row_stays_listed_once():
    rows = newest_first([row("a", "09-01"), row("b1", "10-01", "a"), row("b2", "10-05", "a"), row("x", "10-03")])
    revisions = Revisions(rows)
    assert revisions.superseded_by("a") == Successor("b2", "2026-10-05T10:00:00+00:00")
    assert [r["id"] for r in revisions.grouped(rows)] == ["b2", "a", "x", "b1"]  # b1 replaced nothing itself
    # A hand-edited index: a circle, a revision of itself, of a session not there, a revision dated first.
    odd = newest_first(
        [
            row("p", "09-01", "q"),
            row("q", "09-02", "p"),
            row("s", "09-03", "s"),
            row("t", "09-04", "gone"),
            row("u", "09-05"),
            row("v", "08-01", "u"),
        ]
    )
    odd_revisions = Revisions(odd)
    listed = [r["id"] for r in odd_revisions.grouped(odd)]
    assert sorted(listed) == sorted(r["id"] for r in odd) and len(listed) == len(odd)
    assert listed.index("v") < listed.index("u")  # the latest of the chain first, wherever it is dated
    assert odd_revisions.superseded_by("s") is None and odd_revisions.superseded_by("t") is None


def test_a_revisions_clearing_is_its_originals_counted_once_as_its_latest_version_records_it():
    sessions = chain()
    # B and C carry A's clearing record over, unchanged: A's clearing, counted once, as A recorded it.
    assert [(c.session_id, c.record_id, c.totals, c.turns) for c in clearings(sessions)] == [(A, A, (100.0, 90.0), 2)]
    sessions[2].clearing.clock = clock_record([("a", 60), ("b", 70)])  # C corrected (or continued) it
    assert [(c.session_id, c.record_id, c.totals) for c in clearings(sessions)] == [(A, C, (60.0, 70.0))]
    sessions[1].revision_of = None  # unlinked, B's clearing is one of its own (and C's record is its latest)
    assert [(c.session_id, c.record_id) for c in clearings(sessions)] == [(A, A), (B, C)]


def test_a_revision_that_continued_or_corrected_its_clearing_replaces_the_copy_and_never_adds_to_it():
    first, second, third = chain()
    clock = SpeakingClock.from_record(first.clearing.clock, turn_seconds=120, monotonic=lambda: 0.0)
    clock.resume(0.0)  # B's facilitator reopened the clearing: b's turn went on 30 s, then a spoke 20 s
    clock.take("a", 30.0)
    clock.pause(50.0)
    second.clearing.clock = clock.record(50.0)
    third.clearing.clock = second.clearing.clock
    fair = air_time([first, second, third])
    assert [(p.total, p.turns) for p in fair.partners] == [(120.0, 2), (120.0, 1)]  # ("Ada", "Ben") as C names them
    assert [(c.session_id, c.record_id) for c in clearings([first, second, third])] == [(A, B)]
    corrected, _correction = correct(second.clearing.clock, 0, "end", -10.0)  # a's first turn ended 10 s sooner
    third.clearing.clock = corrected
    fair = air_time([first, second, third])
    assert [(p.total, p.turns) for p in fair.partners] == [(110.0, 2), (130.0, 1)]


def test_the_index_rows_carry_revision_of(store, history):
    rows = {r["id"]: r for r in store.list_summaries()}
    assert (rows[A]["revision_of"], rows[B]["revision_of"], rows[C]["revision_of"]) == (None, A, B)


# -- home -------------------------------------------------------------------------------------------------


async def test_home_groups_revisions_under_the_latest_with_their_cells(make_app, history):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        sessions = app.screen.query_one("#sessions", RowList)
        assert sessions.keys == GROUPED
        cells = {key: sessions.cells(index) for index, key in enumerate(sessions.keys)}
        started, partners, status, _next, title, ident = cells[B]
        assert (started, partners, status, title, ident) == (
            "2026-10-01",
            "Ada & Ben",
            "superseded",
            "↳ Co-founders, autumn reset",
            B,
        )
        assert cells[A][2] == "superseded" and cells[A][4].startswith("↳ ")
        assert cells[C][2] == "✔ sealed" and cells[C][4] == "Co-founders, autumn reset"
        assert (cells[A][3], cells[B][3], cells[C][3]) == ("—", "—", "2026-12-02")  # a replaced one's dates are gone
        assert cells["5e550002"][4] == "—"  # an unrelated session as before
        widths = sessions.column_widths()
        assert widths[2] >= len("superseded") and widths[4] >= len("↳ Co-founders, autumn reset")


async def test_home_keeps_one_index_read_for_its_first_paint(make_app, history, monkeypatch):
    """Grouping needs the index rows only: no session file is opened to draw home."""
    loads: list[str] = []
    real_load = Store.load
    monkeypatch.setattr(Store, "load", lambda self, session_id: loads.append(session_id) or real_load(self, session_id))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#sessions", RowList).keys == GROUPED
    assert loads == []


async def test_typing_superseded_finds_the_replaced_versions(make_app, history):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        app.screen.query_one("#find", Input).value = "superseded"
        await pilot.pause()
        assert app.screen.query_one("#sessions", RowList).keys == [B, A]
        app.screen.query_one("#find", Input).value = "ada sealed"  # the raw status still finds all three
        await pilot.pause()
        assert app.screen.query_one("#sessions", RowList).keys == [C, B, A]


async def test_enter_on_a_superseded_row_opens_it_read_only_saying_what_replaced_it(make_app, history):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")  # x, C, B, A: onto A
        assert app.screen.query_one("#sessions", RowList).highlighted_key == A
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SealScreen) and screen.read_only and app.session.id == A
        line = screen.query_one("#seal-superseded", Static)
        assert line.display and str(line.render()) == "Superseded by the revision of 2026-10-01; v opens it."
        assert line.region.height == 1
        assert "v starts a new revision" not in str(screen.query_one("#seal-guidance", Static).render())
        assert screen.active_bindings["v"].binding.action == "open_revision"
        await pilot.press("v")  # opens B (the revision that replaced A), never a second revision of A
        await pilot.pause()
        assert isinstance(app.screen, SealScreen) and app.session.id == B
        assert "revision of 2026-11-01" in str(app.screen.query_one("#seal-superseded", Static).render())
        await pilot.press("v")
        await pilot.pause()
        assert app.session.id == C
        latest = app.screen
        assert not latest.query_one("#seal-superseded", Static).display
        assert latest.active_bindings["v"].binding.action == "new_revision"
    assert {r["id"] for r in Store(app.store.root).list_summaries()} == set(GROUPED)  # nothing new was made


async def test_a_superseded_agreement_shows_no_next_check_in_anywhere(make_app, history, runner, db_path):
    for session in history:  # every first check-in is long past: each agreement alone would be due
        session.accountability.of("a").first_checkin = session.accountability.of("b").first_checkin = "2026-11-01"
    stored_again = Store(db_path)
    for session in history:
        stored_again.save(session, index=True)
    app = make_app(StartRequest("resume", session_id=A))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#sealed-banner", Static)
        assert "check-in" not in str(banner.render()) and not banner.has_class("-due")
        app.go_home()
        await pilot.pause()
        notice = str(app.screen.query_one("#checkins-due", Static).render())
        assert "Check-ins due (1)" in notice  # C's only
        cells = app.screen.query_one("#sessions", RowList)
        assert [cells.cells(cells.keys.index(key))[3] for key in (C, B, A)] == ["2026-11-01 (due)", "—", "—"]
    shown = runner.invoke(main, ["show", A, "--db", str(db_path)], env={"COLUMNS": "140"}).output
    assert "Superseded by revision" in shown and "Next check-in" not in shown.split("Check-ins")[0]
    assert "Next check-in" not in runner.invoke(main, ["export", A, "--format", "md", "--db", str(db_path)]).output
    assert "Next check-in: 2026-11-01 (due)" in runner.invoke(main, ["show", C, "--db", str(db_path)]).output
    rows = {row["id"]: row for row in json.loads(runner.invoke(main, ["list", "--json", "--db", str(db_path)]).output)}
    assert (rows[A]["next_checkin"], rows[B]["next_checkin"], rows[C]["next_checkin"]) == ("", "", "2026-11-01")


async def test_the_seal_screens_export_of_a_superseded_agreement_says_so(make_app, history, tmp_path):
    app = make_app(StartRequest("resume", session_id=A))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path = app.screen.export("json")
        assert path is not None
        assert json.loads(path.read_text(encoding="utf-8"))["superseded_by"] == B
        markdown = app.screen.export("md")
        assert markdown is not None and f"Superseded by revision {B} (2026-10-01)." in markdown.read_text("utf-8")


async def test_the_line_speaks_the_language_the_agreement_was_held_in(make_app, store):
    first = full_session(session_id=A, sealed=True, now=day(9, 1))
    first.protocol = Session.new("Ada", "Ben", language="de").protocol  # held in German
    second = sealed(new_revision(first, now=day(10, 1), session_id=B), day(10, 1))
    stored(store, [first, second])
    app = make_app(StartRequest("resume", session_id=A))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#seal-superseded", Static).render())
        assert line == "Ersetzt durch die neue Fassung vom 01.10.2026; v öffnet sie."
    markdown = render_export(first, "md", superseded_by=Successor(B, second.created_at))
    assert f"**Ersetzt durch die neue Fassung {B} (01.10.2026).**" in markdown


# -- show, exports, list -----------------------------------------------------------------------------------


def test_the_exports_say_superseded_by_only_when_given():
    first, second, third = chain()
    successor = Successor(B, second.created_at)
    markdown = export_markdown(first, superseded_by=successor)
    assert markdown.splitlines()[:3] == [
        "# Co-founders, autumn reset",
        "",
        f"**Superseded by revision {B} (2026-10-01).**",
    ]
    assert "Superseded" not in export_markdown(third)
    assert export_dict(first, superseded_by=successor)["superseded_by"] == B
    assert export_dict(third)["superseded_by"] is None
    assert json.loads(render_export(first, "json", superseded_by=successor))["superseded_by"] == B
    console = Console(width=120, record=True, color_system=None)
    print_session(first, console, superseded_by=successor)
    assert f"Superseded by revision {B} (2026-10-01)." in console.export_text()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_show_and_export_of_the_original_name_its_revision_and_the_latests_do_not(runner, db_path, history):
    def run(*args: str) -> str:
        result = runner.invoke(main, [*args, "--db", str(db_path)], env={"COLUMNS": "140"})
        assert result.exit_code == 0, result.output
        return result.output

    assert f"Superseded by revision {B} (2026-10-01)." in run("show", A)
    assert f"Superseded by revision {C} (2026-11-01)." in run("show", B)
    assert "Superseded" not in run("show", C)
    assert f"Superseded by revision {B} (2026-10-01)." in run("export", A, "--format", "md")
    assert "Superseded" not in run("export", C, "--format", "md")
    assert json.loads(run("export", A))["superseded_by"] == B
    assert json.loads(run("export", B))["superseded_by"] == C
    assert json.loads(run("export", C))["superseded_by"] is None


def test_list_shows_superseded_in_its_status_column(runner, db_path, history):
    result = runner.invoke(main, ["list", "--db", str(db_path)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    cells = [line.split("│") for line in result.output.splitlines() if line.startswith("│")]
    status = {cell[1].strip(): cell[5].strip() for cell in cells}
    assert (status[A], status[B], status[C]) == ("superseded", "superseded", "sealed")
    assert status["5e550001"] == "alignment"
    rows = json.loads(runner.invoke(main, ["list", "--json", "--db", str(db_path)]).output)
    replaced_by = {row["id"]: row["superseded_by"] for row in rows}
    assert (replaced_by[A], replaced_by[B], replaced_by[C], replaced_by["5e550001"]) == (B, C, None, None)


# -- a picture ---------------------------------------------------------------------------------------------


def test_snapshot_home_with_a_chain_of_revisions(snap_compare, make_app, history):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_a_session_started_later_with_the_same_clock_is_still_its_own_when_not_a_revision():
    first = full_session(session_id=A, sealed=True, now=day(9, 1))
    first.clearing.clock = clock_record([("a", 100), ("b", 90)])
    again = full_session(session_id=B, now=day(10, 1) + timedelta(hours=1))
    again.clearing.clock = clock_record([("a", 100), ("b", 90)])  # the same figures, a different clearing
    assert [c.session_id for c in clearings([first, again])] == [A, B]


def test_a_replaced_agreement_is_not_listed_as_due_for_a_check_in():
    from datetime import date

    from coalition_tui.screens.home import due_checkins

    rows = [
        {**row("a", "09-01"), "next_checkin": "2026-11-01"},
        {**row("b", "10-01", "a"), "next_checkin": "2026-11-15"},  # sealed: a no longer stands
        {**row("x", "09-20"), "next_checkin": "2026-11-20"},
        {**row("d", "10-02", "x", status="accountability"), "next_checkin": ""},  # x's revision, still begun
    ]
    assert [r["id"] for r in due_checkins(rows, date(2026, 11, 30))] == ["b", "x"]
