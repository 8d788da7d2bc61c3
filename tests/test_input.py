"""Awkward input: every script and symbol kept exactly, nothing typed drives the terminal,
huge pastes, tiny terminals, and key mashing.
"""

from __future__ import annotations

import json
import random

import pytest
from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input, TextArea

from coalition_tui.app import StartRequest
from coalition_tui.autosave import SessionKeeper
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase
from coalition_tui.domain.session import Session
from coalition_tui.safe_text import strip_controls
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.storage import Store
from coalition_tui.textual_ext.output_guard import CONTROL_FILTER
from coalition_tui.widgets.row_list import RowList
from coalition_tui.widgets.too_small import TooSmall

# Names a person may really have, and text a person may really paste.
NAMES = [
    ("Zoë 🙂", "José"),  # emoji, precomposed accent
    ("Noe\u0308l", "Bjo\u0308rk"),  # combining diaeresis
    ("שרה", "محمد"),  # right-to-left scripts
    ("李小龍", "Ngọc Ánh"),  # CJK, stacked diacritics
    ("Ada [/b]", "[red]Ben"),  # looks like markup
    ("👩🏽‍💻 Kim", "O'Brien-Smith"),  # ZWJ sequence with skin tone
]
ESCAPES = "\x1b[2J\x1b[H\x1b]0;PWNED\x07\x1b[31mred\x9b6n\x07\x08\x00\x7f"
AWKWARD = (
    "line one\nline two\ttabbed\r\n"
    + "🙂👩‍👩‍👧 e\u0301 \u202eevil\u202c שלום مرحبا "
    + ESCAPES
    + " [bold]not markup[/] [/] \\ \" ' \ud800 lone surrogate"
)


# -- stored exactly ---------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), NAMES)
def test_names_round_trip_exactly(a, b, store):
    session = Session.new(a, b, title=f"{a} & {b}")
    store.create(session)
    loaded = Store(store.root).load(session.id)
    assert (loaded.partner_a, loaded.partner_b, loaded.title) == (session.partner_a, session.partner_b, session.title)


def test_answers_with_controls_escapes_and_a_megabyte_round_trip_exactly(store, make_session):
    session = make_session()
    big = ("Ünïcödé 🙂 " * 100_000)[:1_000_000]
    session.alignment.set_answer("awkward", "a", AWKWARD)
    session.alignment.set_answer("awkward", "b", big)
    session.clearing.accounts["a"] = ESCAPES * 1000
    keeper = SessionKeeper(store, session, lambda delay, cb: None)
    keeper.flush()
    loaded = Store(store.root).load(session.id)
    assert loaded.alignment.answer("awkward", "a") == AWKWARD
    assert loaded.alignment.answer("awkward", "b") == big
    assert loaded.clearing.accounts["a"] == ESCAPES * 1000
    # The JSON export keeps every character too (escaped, so it is safe to print).
    from coalition_tui.export.json_export import export_json

    text = export_json(loaded)
    assert "\x1b" not in text and json.loads(text)["session"]["alignment"]["answers"]["awkward"]["a"] == AWKWARD


@pytest.mark.parametrize("bad", ["Ada\x1b[2J", "Ben\x07", "Cy\u202e", "Di\x00", "\x9bEd"])
def test_names_with_control_characters_are_refused_plainly(bad):
    with pytest.raises(ValidationError, match="control character"):
        Session.new(bad, "Other")


async def test_setup_refuses_a_pasted_escape_in_a_name(make_app):
    app = make_app(StartRequest("new"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#partner_a", Input)
        field.post_message(events.Paste("Ada\x1b[2J"))
        await pilot.pause()
        app.screen.query_one("#partner_b", Input).value = "Ben"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PhaseScreen)
        assert "control character" in str(app.screen.query_one("#error-partner_a").render())


# -- never sent raw to the terminal ---------------------------------------------------------


def test_strip_controls_drops_only_control_characters():
    assert strip_controls(AWKWARD) == AWKWARD.translate(
        {c: None for c in range(32) if c not in (9, 10)} | {c: None for c in range(0x7F, 0xA0)}
    )
    assert "\x1b" not in strip_controls(ESCAPES) and "PWNED" in strip_controls(ESCAPES)
    assert strip_controls("שלום 🙂 e\u0301") == "שלום 🙂 e\u0301"


def test_output_guard_strips_escapes_from_drawn_text_only():
    console = Console(color_system="truecolor", force_terminal=True)
    from rich.style import Style
    from textual.color import Color

    strip = Strip([Segment("ok " + ESCAPES, Style(bold=True)), Segment(" tail")])
    out = strip.apply_filter(CONTROL_FILTER, Color(0, 0, 0)).render(console)
    assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x9b" not in out and "\x07" not in out
    assert "PWNED" in out and "red" in out
    assert "\x1b[1m" in out  # the style's own escape sequence is untouched
    assert Strip([Segment("plain")]).render(console) == "plain"


async def test_home_shows_markup_like_and_escaping_names_literally(make_app, store):
    for a, b in NAMES:
        store.create(Session.new(a, b))
    evil = Session.new("Eve", "Mal")
    evil.partner_a, evil.title = "Eve" + ESCAPES, "[/] title " + ESCAPES  # from a file, not typed
    store.create(evil)
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        sessions = app.screen.query_one(RowList)
        assert sessions.row_count == len(NAMES) + 1
        drawn = " ".join(sessions.render_line(y).text for y in range(sessions.row_count + 1))
        assert "Ada [/b]" in drawn and "[red]Ben" in drawn
        app.open_session(evil.id)
        await pilot.pause()
        app.go_home()
        await pilot.pause()
        # A title that looks like markup, in a notification: shown as typed, not parsed.
        marked = Session.new("Sam", "Ann", title="Sam [CEO] & Ann [/]")
        store.create(marked)
        app.open_session(marked.id)
        await pilot.pause()
        app.finish_session()
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(toast.render()) for toast in app.screen.query("Toast"))
        assert "Sam [CEO] & Ann [/]: the agenda is complete" in shown, shown
        assert app.return_code is None


# -- huge pastes ----------------------------------------------------------------------------

MEGABYTE = ("paste-marker\n" + "é🙂 lorem ipsum dolor sit amet, a line of a long pasted letter\n" * 17_000)[:1_000_000]


def _editable_areas(app) -> list[TextArea]:
    return [a for a in app.screen.query(TextArea) if not a.read_only and a.display]


# The phases with a text box for many lines; the others have one-line fields (below).
ONE_LINE_PHASES = (Phase.ACCOUNTABILITY, Phase.SEAL)


@pytest.mark.parametrize("phase", [pytest.param(p, id=p.value) for p in DEFAULT_AGENDA if p not in ONE_LINE_PHASES])
async def test_a_megabyte_paste_into_each_phase_is_kept(phase, make_app, make_session, db_path):
    session = make_session(agenda=",".join(p.value for p in DEFAULT_AGENDA))
    session.go_to(phase)
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        areas = _editable_areas(app)
        assert areas, f"the {phase.value} screen has no text box to paste into"
        areas[0].focus()
        await pilot.pause()
        areas[0].post_message(events.Paste(MEGABYTE))
        await pilot.pause()
        await pilot.pause()
        assert MEGABYTE in areas[0].text
        app.save_now()
        assert app.return_code is None
    saved = (db_path / "sessions" / f"{session.id}.json").read_text()
    assert json.dumps(MEGABYTE)[1:-1][:5000] in saved, "the pasted text did not reach the file"


MEGABYTE_LINE = MEGABYTE.replace("\n", " ")


async def test_a_megabyte_line_pasted_into_a_new_commitment_is_kept(make_app, make_session, db_path):
    session = make_session(agenda=",".join(p.value for p in DEFAULT_AGENDA))
    session.go_to(Phase.ACCOUNTABILITY)
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")  # a new commitment, the focus in its first field
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and field.id is not None and field.id.startswith("what-")
        field.post_message(events.Paste(MEGABYTE_LINE))
        await pilot.pause()
        await pilot.pause()
        assert field.value == MEGABYTE_LINE
        app.save_now()
        assert app.return_code is None
    saved = (db_path / "sessions" / f"{session.id}.json").read_text()
    assert json.dumps(MEGABYTE_LINE)[1:-1][:5000] in saved, "the pasted text did not reach the file"


async def test_a_megabyte_line_pasted_into_the_seal_name_is_kept_and_seals_nothing(make_app, make_session, db_path):
    session = make_session(agenda=",".join(p.value for p in DEFAULT_AGENDA))
    session.go_to(Phase.SEAL)
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#seal-input-a", Input)
        field.focus()
        await pilot.pause()
        field.post_message(events.Paste(MEGABYTE_LINE))
        await pilot.pause()
        await pilot.pause()
        assert field.value == MEGABYTE_LINE
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and not app.session.seal.confirmed("a")
        assert app.return_code is None


async def test_a_megabyte_paste_into_setup_is_harmless(make_app):
    app = make_app(StartRequest("new"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for field in app.screen.query(Input):
            field.post_message(events.Paste(MEGABYTE))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.return_code is None


# -- a terminal that is too small --------------------------------------------------------------


async def _assert_too_small_and_back(app, pilot) -> None:
    screen = app.screen
    await pilot.resize_terminal(40, 12)
    await pilot.pause()
    assert screen.has_class("-too-small"), type(screen).__name__
    message = screen.query_one(TooSmall)
    assert message.display and "too small" in str(message.render())
    assert "40×12" in str(message.render())
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    assert not screen.has_class("-too-small")


async def test_too_small_on_home_and_setup(make_app, make_session):
    make_session()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _assert_too_small_and_back(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Ada")
        await _assert_too_small_and_back(app, pilot)
        assert app.screen.query_one("#partner_a", Input).value == "Ada"  # nothing lost


@pytest.mark.parametrize("phase", [pytest.param(p, id=p.value) for p in DEFAULT_AGENDA])
async def test_too_small_on_every_phase_and_recovers(phase, make_app, make_session, db_path):
    session = make_session(agenda=",".join(p.value for p in DEFAULT_AGENDA))
    session.go_to(phase)
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        field = app.focused  # where each phase puts the cursor on arrival
        assert isinstance(field, TextArea | Input), f"nothing to type into on {phase.value}: {field!r}"
        await pilot.press(*"kept")
        await _assert_too_small_and_back(app, pilot)
        assert "kept" in (field.text if isinstance(field, TextArea) else field.value)
        # Shrunk while in a phase, grown again, then home: home is not stuck behind the message.
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        app.go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app.screen.has_class("-too-small")


# -- key mashing ------------------------------------------------------------------------------


async def test_mashing_keys_on_home_does_not_crash(make_app, make_session):
    for _ in range(3):
        make_session()
    rng = random.Random(7)
    keys = ["down", "up", "enter", "escape", "r", "n", "ctrl+g", "tab", "f8", "ctrl+c", "x", "space"]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*[rng.choice(keys) for _ in range(30)])
        await pilot.pause()
        assert app.return_code is None


# -- the real terminal: what the program writes to it -----------------------------------------

MARKERS = {  # each sequence would do something to a terminal if it arrived whole
    "clear": "\x1b[2JQZCLEAR",
    "title": "\x1b]0;QZTITLE\x07",
    "colour": "\x1b[38;5;201mQZCOLOUR",
    "c1-csi": "\x9b2JQZCSI",
    "bell": "QZBELL\x07\x07",
}
EVIL = "".join(MARKERS.values())


@pytest.mark.serial
@pytest.mark.slow
def test_escape_sequences_in_saved_words_never_reach_the_terminal(db_path):
    """Every phase of a session whose words hold escapes (names and titles with them are refused on load)."""
    from coalition_tui.domain.prompts import load_prompts
    from tests.helpers.pty_app import PtyApp, child_env, coalition_argv

    store = Store(db_path)
    session = Session.new(
        "Ada", "Ben", facilitator="Fay", title="Evil", agenda=",".join(p.value for p in DEFAULT_AGENDA)
    )
    for key in (key for prompt in load_prompts().alignment for key in prompt.keys):
        for side in "ab":
            session.alignment.set_answer(key, side, f"{side} says {EVIL}")
    session.clearing.accounts = {"a": "A " + EVIL, "b": "B " + EVIL}
    session.clearing.shared_goals = "goals " + EVIL
    store.create(session)
    store.close()
    with PtyApp(coalition_argv("--db", str(db_path)), env=child_env(), size=(100, 32)) as app:
        app.wait_for_output(b"Evil", timeout=30)  # home lists the session
        app.send("enter")
        app.wait_for_output(Phase.ALIGNMENT.title.encode(), timeout=30)
        app.wait_for_output(b"QZCLEAR", timeout=30)  # the first answers, without their controls
        for _ in range(12):  # through the prompts and phases
            before = len(app.output)
            app.send("ctrl+n")
            app.wait_for(lambda before=before: len(app.output) > before, timeout=15, what="a redraw")
        app.send("ctrl+q")
        app.wait(20)
        out = app.output
    assert b"QZCLEAR" in out and b"QZTITLE" in out, "the words were shown (without their controls)"
    for name, marker in MARKERS.items():
        raw = marker.encode()
        assert raw not in out, f"the {name} sequence reached the terminal"
    assert b"\x1b]0;QZTITLE" not in out and b"\x1b[2JQZ" not in out and b"\xc2\x9b2J" not in out
    assert b"QZBELL\x07" not in out


async def test_keys_pressed_while_a_screen_is_built_act_on_it_in_order(make_app, make_session, monkeypatch):
    """Enter on a session, then keys at once: they wait for the new screen instead of reaching an empty one."""
    session = make_session()
    app = make_app()
    states: list[bool] = []
    real_handle = type(app).handle_input

    async def handle(self, event):
        states.append(self.screen.is_mounted)
        await real_handle(self, event)

    monkeypatch.setattr(type(app), "handle_input", handle)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.open_session(session.id)  # the alignment screen is pushed; its widgets come later
        for _ in range(2):
            app.post_message(events.Key("ctrl+n", None))
        for _ in range(5):
            await pilot.pause()
        assert states and all(states), "each key was handled by a screen that was built"
        assert app.session.alignment.prompt_index == 2, "both ctrl+n, once each"
