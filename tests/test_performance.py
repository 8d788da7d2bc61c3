"""Start-up and saving stay cheap with a long history (no timings: what is read, written and imported).

The timed figures live in bench/ (see bench/run_all.py); these tests keep the
properties those figures rest on from quietly coming undone.
"""

from __future__ import annotations

import builtins
import gc
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from coalition_tui.domain.session import Session
from coalition_tui.screens import home
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import Store
from coalition_tui.storage import store as store_module
from coalition_tui.widgets.row_list import RowList

from .conftest import FIXED_NOW

BENCH = Path(__file__).resolve().parent.parent / "bench"


def fill(store: Store, count: int) -> list[str]:
    """``count`` sessions, a day apart; their ids newest first (the home screen's order)."""
    ids = []
    for n in range(count):
        session = Session.new(f"A{n}", f"B{n}", now=FIXED_NOW - timedelta(days=n), session_id=f"{n + 1:08x}")
        store.create(session)
        ids.append(session.id)
    return ids


@pytest.fixture
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filling a folder with dozens of sessions need not wait for the disk."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


class FileReads:
    """Every file under ``root`` opened for reading, by any route (open, Path.read_*, os.open)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.root = str(root)
        self.paths: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def spy_open(file, mode="r", *args, **kwargs):
            self._note(file, "r" in mode or "+" in mode)
            return real_open(file, mode, *args, **kwargs)

        def spy_os_open(path, flags, *args, **kwargs):
            self._note(path, not flags & (os.O_WRONLY | os.O_CREAT))
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", spy_open)
        monkeypatch.setattr(io, "open", spy_open)
        monkeypatch.setattr(os, "open", spy_os_open)

    def _note(self, file: object, reading: bool) -> None:
        if reading and isinstance(file, str | os.PathLike) and os.fspath(file).startswith(self.root):
            self.paths.append(os.path.relpath(os.fspath(file), self.root))


async def test_home_reads_only_the_index_however_many_sessions(make_app, db_path, monkeypatch, no_fsync):
    ids = fill(Store(db_path), 60)
    loads: list[str] = []
    real_load = Store.load
    monkeypatch.setattr(Store, "load", lambda self, sid: loads.append(sid) or real_load(self, sid))
    from_dicts: list[object] = []
    real_from_dict = Session.from_dict.__func__
    monkeypatch.setattr(
        Session, "from_dict", classmethod(lambda cls, d: from_dicts.append(d) or real_from_dict(cls, d))
    )
    reads = FileReads(monkeypatch, db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions", RowList).keys == ids
    assert loads == [] and from_dicts == [], "the home screen needs summaries, never a whole session"
    assert "index.json" in reads.paths
    assert not [p for p in reads.paths if p.startswith("sessions")], f"session files were read: {reads.paths}"
    assert set(reads.paths) <= {"index.json", "settings.json"}, reads.paths


async def test_the_list_makes_cells_only_for_the_rows_it_draws(make_app, db_path, monkeypatch, no_fsync):
    """A long history costs nothing until it is scrolled to: rows are formatted as they come into view."""
    ids = fill(Store(db_path), 60)
    formatted: list[str] = []
    real_cells = home.row_cells
    monkeypatch.setattr(home, "row_cells", lambda row, today: formatted.append(row["id"]) or real_cells(row, today))
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        sessions = app.screen.query_one("#sessions", RowList)
        shown = sessions.scrollable_content_region.height - 1  # the heading takes a line
        assert sessions.row_count == 60
        assert formatted == ids[:shown], "only the first screenful is formatted at start"
        await pilot.press("end")
        await pilot.pause()
        assert sessions.highlighted_key == ids[-1]
        assert set(formatted) == set(ids[:shown]) | set(ids[-shown:]), "the last screenful, and nothing between"
        assert len(formatted) == len(set(formatted)), "a row's cells are made once"


async def test_showing_home_again_keeps_the_highlight_on_the_same_session(make_app, db_path, monkeypatch, no_fsync):
    store = Store(db_path)
    ids = fill(store, 3)
    shows: list[int] = []
    real_show = RowList.show_rows
    monkeypatch.setattr(RowList, "show_rows", lambda self, *a: shows.append(1) or real_show(self, *a))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(shows) == 1, "on_mount fills the list; the screen-resume that follows keeps it"
        sessions = app.screen.query_one("#sessions", RowList)
        await pilot.press("down", "down")
        app.screen.reload()
        await pilot.pause()
        assert len(shows) == 1 and sessions.highlighted_key == ids[2]
        # A new session above it: the list is rebuilt and the highlight follows the same session.
        store.create(Session.new("Noor", "Teodor", now=FIXED_NOW + timedelta(days=1), session_id="0000beef"))
        app.screen.reload()
        await pilot.pause()
        assert len(shows) == 2 and sessions.keys == ["0000beef", *ids] and sessions.highlighted_key == ids[2]


def test_the_index_is_parsed_once_while_it_is_unchanged(store, monkeypatch, no_fsync):
    fill(store, 3)
    parses: list[Path] = []
    real_parse = store_module.parse_json
    monkeypatch.setattr(store_module, "parse_json", lambda path, raw: parses.append(path) or real_parse(path, raw))
    fresh = Store(store.root)
    first = fresh.list_summaries()
    assert fresh.list_summaries() == first and len(parses) == 1
    first[0]["title"] = "changed by a caller"
    assert fresh.list_summaries()[0]["title"] == "", "callers get copies"
    session = Session.new("Noor", "Teodor", now=FIXED_NOW + timedelta(days=1), session_id="0000beef")
    store.create(session)  # another window adds a session
    assert fresh.list_summaries()[0]["id"] == "0000beef"
    store.index_path.write_bytes(b'{"_meta": {"1": {"schema": 1}}, "sessions": {"1": [1, 2]}}')
    assert len(fresh.list_summaries()) == 4 and fresh.take_notice()  # a damaged index is rebuilt, and said so


def test_the_first_save_of_an_opened_session_leaves_the_index_alone(store, monkeypatch, no_fsync):
    from coalition_tui.autosave import SessionKeeper
    from coalition_tui.storage import atomic

    fill(store, 5)
    writes: list[str] = []
    real_write = atomic.atomic_write_bytes
    monkeypatch.setattr(
        atomic, "atomic_write_bytes", lambda path, data, **k: writes.append(path.name) or real_write(path, data, **k)
    )
    window = Store(store.root)
    session_id = window.list_summaries()[0]["id"]  # as the home screen lists it
    keeper = SessionKeeper(window, window.load(session_id), lambda delay, callback: None)
    keeper.session.alignment.set_answer("care", "a", "a few words")
    keeper.flush()  # what the autosave timer runs
    assert writes == [f"{session_id}.json"], "a small edit rewrote every session's summary"
    keeper.session.title = "A new title"  # what the list shows: the index follows
    keeper.flush()
    assert writes[1:] == [f"{session_id}.json", "index.json"]
    assert Store(store.root).list_summaries()[0]["title"] == "A new title"


def test_start_up_leaves_the_session_model_unimported():
    """The home screen shows summaries: the session model, the clock and the phase screens wait."""
    code = (
        "import sys, coalition_tui.cli, coalition_tui.app, coalition_tui.screens.home\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "coalition_tui.app" in loaded
    for module in (
        "coalition_tui.domain.session",
        "coalition_tui.domain.clock",
        "coalition_tui.domain.prompts",
        "coalition_tui.screens.setup",
        "coalition_tui.screens.clearing",
        "coalition_tui.export.render",
    ):
        assert module not in loaded, f"{module} is imported at start-up; import it where it is used"


def test_the_command_line_starts_without_gc_and_always_turns_it_back_on(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from coalition_tui.cli import main

    seen: list[bool] = []
    monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: seen.append(gc.isenabled()))
    try:
        assert CliRunner().invoke(main, ["--db", str(tmp_path / "data")]).exit_code == 0
        assert seen == [False]
        assert gc.isenabled()
        monkeypatch.setattr("coalition_tui.cli.run_app", lambda store, start: 1 / 0)
        CliRunner().invoke(main, ["--db", str(tmp_path / "data")])
        assert gc.isenabled(), "an app that fails to start leaves the collector on"
    finally:
        gc.enable()


async def test_the_app_turns_gc_back_on_at_its_first_frame(make_app):
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


def test_the_bench_generator_makes_loadable_realistic_sessions(tmp_path, monkeypatch, no_fsync):
    monkeypatch.syspath_prepend(str(BENCH))
    import generate

    from coalition_tui.domain.clock import SpeakingClock
    from coalition_tui.domain.prompts import load_prompts

    ids = generate.fill(tmp_path / "data", 3)
    store = Store(tmp_path / "data")
    assert [row["id"] for row in store.list_summaries()] == ids[::-1]
    newest = store.load(ids[-1])
    assert (newest.partner_a, newest.partner_b) == generate.NEWEST_PARTNERS
    assert newest.status == "clearing" and newest.clearing.step == "rounds"
    clock = SpeakingClock.from_record(newest.clearing.clock, turn_seconds=newest.settings.turn_seconds)
    assert clock.floor_time() >= 3600 and len(clock.turns) > 50
    for prompt in load_prompts().alignment:
        for key in prompt.keys:
            assert newest.alignment.answer(key, "a") and newest.alignment.answer(key, "b")
    oldest = store.load(ids[0])
    assert oldest.sealed and oldest.accountability.of("a").commitments
