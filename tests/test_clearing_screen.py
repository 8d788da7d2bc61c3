"""Part two on screen: the opening, the floor keys, saving the clock, completing the clearing.

Every figure comes from the fake monotonic clock (``fake_clock``); no test waits on
wall time. The display's 0.2 s refresh may run in the background, but it only
reads the clock, so the figures do not depend on it.
"""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Digits, Static, TextArea

from coalition_tui.app import StartRequest
from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.domain.session import ClockSettings
from coalition_tui.export.json_export import export_dict
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.clearing_keys import ALT_DISPLAY, CLOCK_KEYS
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import Store
from coalition_tui.widgets.big_clock import BigClock, big_text
from coalition_tui.widgets.clock_panel import ClockPanel
from coalition_tui.widgets.partner_pane import PartnerPane, PartnerText
from tests.helpers.pilot_input import paste_text

SIZE = (100, 32)


@pytest.fixture
def in_rounds(make_session, store):
    """A clearing-only session already at the speaking rounds."""

    def build(**kwargs):
        session = make_session("Ada", "Ben", agenda="clearing", **kwargs)
        session.clearing.go_to_step(3)
        store.save(session)
        return session

    return build


def resume(session_id: str) -> StartRequest:
    return StartRequest("resume", session_id=session_id)


def clearing(app) -> ClearingScreen:
    assert isinstance(app.screen, ClearingScreen), app.screen
    return app.screen


def stored_clock(db_path, session_id, turn_seconds=120) -> SpeakingClock:
    session = Store(db_path).load(session_id)
    return SpeakingClock.from_record(session.clearing.clock, turn_seconds=turn_seconds)


def status_text(app) -> str:
    return str(app.screen.query_one("#clock-status", Static).render())


# -- opening ----------------------------------------------------------------------------------


async def test_new_with_agenda_clearing_opens_straight_into_the_clearing(make_app):
    prefill = {"partner_a": "Ada", "partner_b": "Ben", "agenda": ("clearing",), "skip_setup": True}
    app = make_app(StartRequest("new", prefill=prefill))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        assert screen.session.clearing.step == "commitment"
        assert isinstance(app.focused, PartnerText) and app.focused.side == "a"


async def test_the_opening_is_recorded_step_by_step(make_app, make_session, store, db_path):
    session = make_session("Ada", "Ben", agenda="alignment,clearing")
    session.alignment.answers = {"vision": {"a": "A small studio", "b": "Loyal clients"}, "care": {"a": "x"}}
    session.phase_index = 1
    store.save(session)
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        await paste_text(pilot, "I am in")
        await pilot.press("tab")
        await paste_text(pilot, "Me too")
        await pilot.press("ctrl+n")
        assert screen.session.clearing.step == "intention"
        assert "wants this conversation to do" in str(screen.query_one("#intention-a .pane-label", Static).render())
        await paste_text(pilot, "Clear the air")
        await pilot.press("ctrl+n")
        assert screen.session.clearing.step == "ground"
        carried = str(screen.query_one("#carried-text", Static).render())
        assert "From your alignment" in carried and "A small studio" in carried and "Loyal clients" in carried
        assert "x" not in carried.split("\n")[-1]  # only goals and vision are carried, not "care"
        await paste_text(pilot, "Grow together")
        await pilot.press("ctrl+n")
        assert screen.session.clearing.step == "rounds" and screen.session.clearing.opened
        await pilot.press("ctrl+r")
        assert screen.session.clearing.step == "ground"
        await pilot.press("ctrl+n")
    saved = Store(db_path).load(session.id).clearing
    assert saved.opening("a").commitment == "I am in" and saved.opening("b").commitment == "Me too"
    assert saved.opening("a").intention == "Clear the air"
    assert saved.shared_goals == "Grow together"
    assert saved.step == "rounds"


async def test_the_ground_step_without_alignment_shows_no_carry_over(make_app, make_session, store):
    session = make_session("Ada", "Ben", agenda="clearing")
    session.clearing.go_to_step(2)
    store.save(session)
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        assert screen.query_one("#carried").has_class("-empty")
        assert app.focused is screen.query_one("#shared-goals", TextArea)


async def test_clock_keys_are_off_during_the_opening(make_app, make_session):
    session = make_session("Ada", "Ben", agenda="clearing")
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        assert clearing(app).clock.holder is None


# -- the floor keys ---------------------------------------------------------------------------


async def test_floor_keys_work_while_a_text_area_has_focus(make_app, in_rounds, fake_clock):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        clock = screen.clock
        assert isinstance(app.focused, PartnerText)
        await pilot.press("f2")
        assert clock.holder == "a" and clock.running
        assert app.focused is screen.query_one("#account-a", PartnerPane).text_area
        await pilot.press(*"hello")
        fake_clock.advance(10)
        await pilot.press("f3")
        assert clock.holder == "b" and isinstance(app.focused, PartnerText) and app.focused.side == "b"
        fake_clock.advance(5)
        await pilot.press("f4")
        assert clock.holder == "a"
        await pilot.press("f5")
        assert not clock.running
        await pilot.press("f5")
        assert clock.running
        await pilot.press("f7")
        assert clock.read().added == 60
        await pilot.press("f6")
        assert clock.holder == "b" and clock.totals() == {"a": 10.0, "b": 5.0}
        assert isinstance(app.focused, PartnerText)
        assert screen.session.clearing.accounts["a"] == "hello"
        assert screen.session.clearing.accounts["b"] == ""  # no key typed into a pane


@pytest.mark.parametrize(
    ("primary", "alternative", "check"),
    [
        ("f2", "ctrl+l", lambda c: c.holder == "a"),
        ("f3", "ctrl+o", lambda c: c.holder == "b"),
    ],
)
async def test_each_floor_key_has_an_alternative(make_app, in_rounds, primary, alternative, check):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(alternative)
        assert check(clearing(app).clock)


async def test_every_alternative_key_reaches_its_action(make_app, in_rounds, fake_clock):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock = clearing(app).clock
        await pilot.press("ctrl+l")
        fake_clock.advance(3)
        await pilot.press("ctrl+f")  # pass
        assert clock.holder == "b"
        await pilot.press("ctrl+s")  # pause
        assert not clock.running
        await pilot.press("ctrl+s")  # resume
        await pilot.press("ctrl+right_square_bracket")  # +1 minute
        assert clock.read().added == 60
        await pilot.press("ctrl+backslash")  # undo the pass
        assert clock.holder == "a" and clock.totals()["a"] == 3
        assert isinstance(app.focused, TextArea)
        assert clearing(app).session.clearing.accounts == {"a": "", "b": ""}


def test_the_keys_avoid_textarea_app_and_phase_keys():
    from textual.widgets import TextArea as TA

    from coalition_tui.app import CoalitionApp
    from coalition_tui.screens.phase import PhaseScreen

    taken = set()
    for binding in [*TA.BINDINGS, *CoalitionApp.BINDINGS, *PhaseScreen.BINDINGS]:
        taken.update(key.strip() for key in binding.key.split(","))
    ours = [key for row in CLOCK_KEYS for key in (row[1], row[2])]
    assert len(set(ours)) == 12
    clashes = (set(ours) & taken) - {"f6", "f7"}  # TextArea's select line/all: our priority keys win
    assert not clashes
    assert not {"ctrl+b", "f1", "f10", "f11"} & set(ours)


async def test_at_80_by_24_every_clock_key_and_its_alternative_is_on_screen(make_app, in_rounds):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first_keys: dict[str, str] = {}  # the footer shows each action once, with its first key
        for active in clearing(app).active_bindings.values():
            if active.binding.show:
                first_keys.setdefault(active.binding.action, active.binding.key)
        assert list(first_keys.values())[:3] == ["ctrl+n", "ctrl+q", "f2"]  # what only the footer shows, first
        keys = str(app.screen.query_one("#clock-keys").render())
        for _, primary, alternative, _, _ in CLOCK_KEYS:
            assert f"{primary.upper()}/{ALT_DISPLAY[alternative]}" in keys, keys
        assert app.screen.query_one("#clock-keys").region.height == 1


# -- the display ------------------------------------------------------------------------------


async def test_the_clock_area_says_who_has_the_floor_and_how_long(make_app, in_rounds, fake_clock):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        assert "Nobody has the floor" in status_text(app)
        await pilot.press("f2")
        fake_clock.advance(83)
        screen.refresh_clock()
        await pilot.pause()
        assert "Ada has the floor" in status_text(app) and "1:23 / 2:00" in status_text(app)
        assert screen.query_one("#account-a", PartnerPane).lit
        assert not screen.query_one("#account-b", PartnerPane).lit
        label_a = str(screen.query_one("#account-a .pane-label", Static).render())
        label_b = str(screen.query_one("#account-b .pane-label", Static).render())
        assert "your truth, not the truth" in label_a.lower()
        assert "blame" in label_b
        await pilot.press("f5")
        assert "Paused · Ada holds the floor" in status_text(app)
        assert screen.query_one(ClockPanel).has_class("-paused")


async def test_reaching_the_target_rings_once_and_shows_overtime(make_app, in_rounds, fake_clock):
    session = in_rounds(settings=ClockSettings(turn_seconds=60, tolerance_seconds=30))
    app = make_app(resume(session.id))
    rings = []
    async with app.run_test(size=SIZE) as pilot:
        app.bell = lambda: rings.append(fake_clock())
        await pilot.pause()
        screen = clearing(app)
        panel = screen.query_one(ClockPanel)
        await pilot.press("f3")
        fake_clock.advance(59)
        screen.refresh_clock()
        assert rings == [] and panel.has_class("-running")
        fake_clock.advance(1)
        screen.refresh_clock()
        screen.refresh_clock()
        assert len(rings) == 1 and panel.has_class("-signal")
        assert "target reached" in status_text(app)
        fake_clock.advance(25)
        screen.refresh_clock()
        assert len(rings) == 1 and panel.has_class("-overtime")
        assert screen.clock.holder == "b" and screen.clock.running  # not cut off
        assert "1:25 / 1:00" in status_text(app) and "0:25 over" in status_text(app)
        await pilot.press("f7")  # one more minute: the signal comes again at the new target
        fake_clock.advance(35)
        screen.refresh_clock()
        assert len(rings) == 2


def shows_digits(big: BigClock, text: str, caption: str) -> bool:
    """The big clock shows ``text`` in block digits, five rows, and ``caption`` beside the last."""
    shown = str(big.render()).splitlines()
    rows = big_text(text).splitlines()
    return (
        len(shown) == 5
        and bool(rows)
        # The digits may end in fewer rows than the five shown (blank rows are cut).
        and all(line.startswith(row) for line, row in zip(shown, rows, strict=False))
        and shown[-1].rstrip().endswith(caption)
    )


@pytest.mark.parametrize("size", [(120, 36), (100, 32)])
async def test_presenting_shows_the_time_left_in_solid_digits_five_rows_tall(make_app, in_rounds, fake_clock, size):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = clearing(app)
        big = screen.query_one("#clock-big", BigClock)
        assert big.region.height == 0  # not presenting: no big clock
        await pilot.press("f8")
        await pilot.press("f2")
        fake_clock.advance(75)
        screen.refresh_clock()
        await pilot.pause()
        assert big.region.height == 5
        assert shows_digits(big, "0:45", "left")  # a two-minute turn: 45 seconds left
        assert "█" in big_text("0:45") and len(big_text("0:45").splitlines()) == 5
        fake_clock.advance(60)  # 15 seconds past the target
        screen.refresh_clock()
        await pilot.pause()
        assert shows_digits(big, "+0:15", "over")


async def test_presenting_on_a_short_terminal_shows_three_row_digits(make_app, in_rounds, fake_clock):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = clearing(app)
        digits = screen.query_one("#clock-digits", Digits)
        await pilot.press("f8")
        await pilot.press("f2")
        fake_clock.advance(75)
        screen.refresh_clock()
        await pilot.pause()
        assert digits.region.height == 3 and digits.value == "0:45"
        assert screen.query_one("#clock-big", BigClock).region.height == 0


# -- saving: nothing recorded is lost -------------------------------------------------------------


async def test_quitting_mid_turn_and_resuming_keeps_every_second(make_app, in_rounds, fake_clock, db_path):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        fake_clock.advance(37.25)
        await pilot.press("f3")
        fake_clock.advance(12.5)  # Ben is mid-turn when the app quits
        await pilot.press("ctrl+q")
    clock = stored_clock(db_path, session.id)
    assert clock.totals() == {"a": 37.25, "b": 12.5}

    fake_clock.advance(600)  # closed for ten minutes: nobody's time
    again = make_app(resume(session.id))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(again)
        reading = screen.clock.read()
        assert reading.holder == "b" and not reading.running  # comes back paused
        assert reading.totals == {"a": 37.25, "b": 12.5}
        await pilot.press("f5")
        fake_clock.advance(2.75)
        await again.action_quit()
    assert stored_clock(db_path, session.id).totals() == {"a": 37.25, "b": 15.25}


async def test_every_autosave_folds_the_running_turn_in(make_app, in_rounds, fake_clock, db_path):
    """A crash loses at most about a second: the running clock marks the session changed."""
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        await pilot.press("f2")
        app.keeper.flush()
        fake_clock.advance(0.5)
        screen.refresh_clock()
        assert not app.keeper.dirty  # less than a second: no extra write
        fake_clock.advance(0.6)
        screen.refresh_clock()
        assert app.keeper.dirty  # about once a second while running
        fake_clock.advance(0.2)
        app.keeper.flush()  # what the autosave timer does
        assert stored_clock(db_path, session.id).totals()["a"] == pytest.approx(1.3)
        await pilot.press("f5")  # paused: the clock stands still
        app.keeper.flush()
        saves = app.keeper.saves
        fake_clock.advance(5)
        screen.refresh_clock()
        assert not app.keeper.dirty  # a paused clock marks nothing changed
        app.keeper.flush()
        assert app.keeper.saves == saves  # and there is nothing new to write
        assert stored_clock(db_path, session.id).totals()["a"] == pytest.approx(1.3)


async def test_leaving_the_clearing_stops_the_clock(make_app, make_session, store, fake_clock, db_path):
    session = make_session("Ada", "Ben", agenda="clearing,declaration")
    session.clearing.go_to_step(3)
    session.clearing.said_all = {"a": True, "b": True}
    store.save(session)
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        fake_clock.advance(20)
        await pilot.press("f3")
        fake_clock.advance(20)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not isinstance(app.screen, ClearingScreen)
        fake_clock.advance(100)
        app.save_now()
        stored = Store(db_path).load(session.id).clearing.clock.to_dict()
        assert stored["running"] is False and stored["totals"] == {"a": 20.0, "b": 20.0}


# -- completing the clearing ------------------------------------------------------------------------


async def test_the_clearing_can_be_left_unfinished_with_a_warning(make_app, in_rounds, fake_clock, db_path):
    """Like every phase, the clearing never blocks: it says who has not said all, and the record keeps it."""
    session = in_rounds()
    app = make_app(resume(session.id))
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        screen = clearing(app)
        await pilot.press("f2")
        fake_clock.advance(30)
        await pilot.press("f3")
        fake_clock.advance(30)
        # Ada ticks her box from the keyboard: Tab from her pane, space.
        screen.query_one("#account-a", PartnerPane).text_area.focus()
        await pilot.press("tab", "space")
        assert screen.session.clearing.said_all == {"a": True, "b": False}
        await pilot.press("ctrl+n")  # balanced: the clearing ends; the agenda ends, home again
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert any("Ben has not said all there is to say yet" in note for note in notes)
    saved = Store(db_path).load(session.id)
    assert saved.finished and saved.clearing.said_all == {"a": True, "b": False}
    assert stored_clock(db_path, session.id).totals() == {"a": 30.0, "b": 30.0}
    assert export_dict(saved)["clearing_summary"]["complete"] is False


async def test_out_of_balance_offers_the_floor_to_the_partner_behind(make_app, in_rounds, store, fake_clock):
    session = in_rounds()
    session.clearing.said_all = {"a": True, "b": True}
    store.save(session)
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        assert screen.query_one("#said-all-b", Checkbox).value
        await pilot.press("f2")
        fake_clock.advance(100)
        await pilot.press("f3")
        fake_clock.advance(40)  # Ben is 60 s behind; the tolerance is 30 s
        await pilot.press("f5")
        await pilot.press("ctrl+n")
        assert app.screen is screen
        note = str(screen.query_one("#clock-note", Static).render())
        assert "Ben has had 1:00 less air-time than Ada" in note and "F3 gives Ben the floor" in note
        await pilot.press("f3")  # Ben takes the offer: the note goes
        assert screen.clock.running and not str(screen.query_one("#clock-note", Static).render())
        fake_clock.advance(20)
        await pilot.press("f5", "ctrl+n")
        assert app.screen is screen  # still 40 s apart: offered again
        await pilot.press("ctrl+n")  # the facilitator confirms
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_offers_the_clock_actions(make_app, in_rounds):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = clearing(app)
        commands = {name: run for name, _help, run in screen.palette_commands()}
        assert {
            "Clock: give Ada the floor",
            "Clock: give Ben the floor",
            "Clock: pass the floor",
            "Clock: pause or resume",
            "Clock: undo the last hand-off",
            "Clock: add a minute to this turn",
            "Clearing: Ada has said all",
        } <= set(commands)
        commands["Clock: give Ben the floor"]()
        assert screen.clock.holder == "b"
        commands["Clearing: Ada has said all"]()
        assert screen.session.clearing.said_all["a"] and screen.query_one("#said-all-a", Checkbox).value


async def test_the_export_carries_the_clearing(make_app, in_rounds, fake_clock, db_path):
    session = in_rounds()
    app = make_app(resume(session.id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2", *"My side")
        fake_clock.advance(90)
        await pilot.press("f3", *"Mine")
        fake_clock.advance(45.5)
        await pilot.press("tab", "space", "ctrl+q")
    data = export_dict(Store(db_path).load(session.id))
    turns = data["session"]["clearing"]["clock"]["turns"]
    assert [(t["speaker"], t["start"], t["duration"]) for t in turns] == [
        ("a", "2026-11-25T14:30:00+00:00", 90.0),
        ("b", "2026-11-25T14:30:00+00:00", 45.5),
    ]
    assert data["session"]["clearing"]["accounts"] == {"a": "My side", "b": "Mine"}
    assert data["session"]["clearing"]["said_all"] == {"a": False, "b": True}
    summary = data["clearing_summary"]
    assert summary["totals_seconds"] == {"a": 90.0, "b": 45.5}
    assert summary["total_seconds"] == 135.5 and summary["balance_seconds"] == 44.5
    assert summary["ahead"] == "a" and summary["within_tolerance"] is False
    assert summary["turn_count"] == 2 and summary["complete"] is False


# -- a key counts from when it was pressed --------------------------------------------------------


def test_input_moment_is_the_key_stamp_on_the_real_clock(make_app):
    import time

    app = make_app(monotonic=time.monotonic)
    assert app.input_moment() == pytest.approx(time.monotonic(), abs=0.5)
    pressed = time.monotonic() - 0.25
    app.input_time = pressed  # as while Textual handles a key it stamped on arrival
    assert app.input_moment() == pressed
    app.input_time = time.monotonic() - 3600  # an implausible stamp is not trusted
    assert app.input_moment() >= time.monotonic() - 6


def test_input_moment_with_an_injected_clock_is_that_clock(make_app, fake_clock):
    app = make_app()
    app.input_time = 12.0
    assert app.input_moment() == fake_clock()


async def test_a_key_handled_late_counts_from_when_it_was_pressed(make_app, in_rounds, db_path):
    """On the real clock: a hand-off key that waited behind a busy screen still counts from its press."""
    import time

    from textual import events

    session = in_rounds()
    app = make_app(resume(session.id), monotonic=time.monotonic)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock = clearing(app).clock
        key = events.Key("f2", None)
        key.time -= 0.5  # pressed half a second before it reached the app
        app.post_message(key)
        await pilot.pause()
        assert clock.holder == "a"
        now = time.monotonic()
        assert clock.elapsed(now) == pytest.approx(now - key.time, abs=1e-6)  # counted from the press
