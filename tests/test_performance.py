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
from textual.widgets import DataTable

from coalition_tui.domain.session import Session
from coalition_tui.screens import home
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import DamagedFileError, Store
from coalition_tui.storage import store as store_module

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


async def wait_for_rows(pilot, table: DataTable, count: int) -> None:
    for _ in range(200):
        if table.row_count >= count:
            return
        await pilot.pause()
    raise AssertionError(f"the list holds {table.row_count} rows, not {count}")


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
    monkeypatch.setattr(Session, "from_dict", classmethod(lambda cls, d: from_dicts.append(d) or real_from_dict(cls, d)))
    reads = FileReads(monkeypatch, db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#sessions", DataTable)
        await wait_for_rows(pilot, table, len(ids))
        assert isinstance(app.screen, HomeScreen)
    assert loads == [] and from_dicts == [], "the home screen needs summaries, never a whole session"
    assert "index.json" in reads.paths
    assert not [p for p in reads.paths if p.startswith("sessions")], f"session files were read: {reads.paths}"
    assert set(reads.paths) <= {"index.json", "settings.json"}, reads.paths


async def test_a_long_list_fills_in_order_after_the_first_screenful(make_app, db_path, monkeypatch, no_fsync):
    ids = fill(Store(db_path), 45)
    monkeypatch.setattr(home, "FIRST_ROWS", 5)
    monkeypatch.setattr(home, "ROW_BATCH", 4)
    batches: list[int] = []
    real_add = HomeScreen._add_rows
    monkeypatch.setattr(HomeScreen, "_add_rows", lambda self, rows, start, *a: batches.append(start)
                        or real_add(self, rows, start, *a))
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.screen.query_one("#sessions", DataTable)
        await wait_for_rows(pilot, table, len(ids))
        await pilot.pause()
        assert [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)] == ids
    # A screenful (the terminal's 20 lines) before the first paint, then batches of ROW_BATCH.
    assert batches == [0, 20, 24, 28, 32, 36, 40, 44]


async def test_a_reload_while_the_list_fills_replaces_it_cleanly(make_app, db_path, monkeypatch, no_fsync):
    store = Store(db_path)
    ids = fill(store, 40)
    monkeypatch.setattr(home, "ROW_BATCH", 5)
    held: list[tuple] = []  # the batches still to come, held back so the test decides when they arrive
    real_after_refresh = HomeScreen.call_after_refresh

    def hold(self, callback, *args, **kwargs):
        if getattr(callback, "__name__", "") == "_add_rows":
            held.append((callback, args))
            return True
        return real_after_refresh(self, callback, *args, **kwargs)

    monkeypatch.setattr(HomeScreen, "call_after_refresh", hold)
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        screen = app.screen
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 24 and len(held) == 1, "a screenful first, the rest after the first paint"
        stale = held.pop()
        newest = Session.new("Noor", "Teodor", now=FIXED_NOW + timedelta(days=1), session_id="0000beef")
        store.create(newest)
        screen.reload()  # the list changes while the first fill is under way
        callback, args = stale
        callback(*args)  # the first fill's next batch comes too late: dropped, not added twice
        while held:
            callback, args = held.pop(0)
            callback(*args)
        await pilot.pause()
        keys = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        assert keys == [newest.id, *ids]


async def test_showing_home_again_unchanged_keeps_the_list(make_app, db_path, monkeypatch, no_fsync):
    fill(Store(db_path), 3)
    clears: list[int] = []
    real_clear = DataTable.clear
    monkeypatch.setattr(DataTable, "clear", lambda self, *a, **k: clears.append(1) or real_clear(self, *a, **k))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(clears) == 1, "on_mount fills the list; the screen-resume that follows keeps it"
        table = app.screen.query_one("#sessions", DataTable)
        table.move_cursor(row=2)
        app.screen.reload()
        await pilot.pause()
        assert len(clears) == 1 and table.cursor_row == 2


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
    with pytest.raises(DamagedFileError):
        fresh.list_summaries()


def test_the_first_save_of_an_opened_session_leaves_the_index_alone(store, monkeypatch, no_fsync):
    from coalition_tui.autosave import SessionKeeper
    from coalition_tui.storage import atomic

    fill(store, 5)
    writes: list[str] = []
    real_write = atomic.atomic_write_bytes
    monkeypatch.setattr(atomic, "atomic_write_bytes", lambda path, data, **k: writes.append(path.name)
                        or real_write(path, data, **k))
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
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "coalition_tui.app" in loaded
    for module in ("coalition_tui.domain.session", "coalition_tui.domain.clock", "coalition_tui.domain.prompts",
                   "coalition_tui.screens.setup", "coalition_tui.screens.clearing", "coalition_tui.export.render"):
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
    clock = SpeakingClock.from_dict(newest.clearing.clock, turn_seconds=newest.settings.turn_seconds)
    assert clock.floor_time() >= 3600 and len(clock.turns) > 50
    for prompt in load_prompts().alignment:
        for key in prompt.keys:
            assert newest.alignment.answer(key, "a") and newest.alignment.answer(key, "b")
    oldest = store.load(ids[0])
    assert oldest.sealed and oldest.accountability.of("a").commitments
