"""Names and words are data, never markup: every screen and every export shows them verbatim.

A partner may be called ``Ann [/]`` (Textual markup for "close the last style":
it crashed every phase screen) or ``Sam [CEO]`` (``[CEO]`` read as a style and
dropped); a facilitator ``[bold]x``. Each screen is drawn into a terminal
emulator and read as a person reads it; each export is read as a file.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from coalition_tui.app import StartRequest
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import confirm_seal
from coalition_tui.domain.session import Session
from coalition_tui.export.render import render_export
from coalition_tui.export.terminal import print_session
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.checkin import CheckInScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.declaration import DeclarationScreen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.seal import ExportScreen, SealedMoment, SealScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.widgets.confirm import ConfirmScreen

from .conftest import FIXED_NOW
from .helpers.filled_session import fill
from .helpers.screen_text import screen_text

PAIRS = [("Ann [/]", "Sam [CEO]"), ("[bold]x", "Ann [/]")]
FACILITATOR = "[bold]x"
TITLE = "Sam [CEO] & co [/]"
WORDS = "[b]not bold[/b] and [link=x]not a link[/link]"
SIZE = (120, 40)


def odd_session(a: str, b: str, **kwargs) -> Session:
    session = Session.new(a, b, facilitator=FACILITATOR, title=TITLE, now=FIXED_NOW, **kwargs)
    fill(session, {"a.alignment.care": WORDS, "a.c0.what": WORDS, "a.account": WORDS})
    session.declaration.of("b").confirmed_at = None  # one declaration missing: the seal names it
    return session


async def shows(pilot, *texts: str, toasts: bool = False) -> str:
    """Assert each text is on screen. Toasts are cleared first (they cover the bottom right) unless asked for."""
    app = pilot.app
    if not toasts:
        app.clear_notifications()
        await pilot.pause()
    screen = screen_text(app)
    for text in texts:
        assert text in screen, f"{text!r} is not on {type(app.screen).__name__}:\n{screen}"
    return screen


@pytest.mark.parametrize(("a", "b"), PAIRS)
async def test_every_phase_screen_shows_the_names_verbatim(make_app, store, a, b):
    session = odd_session(a, b, session_id="0dd0a11a")
    session.alignment.prompt_index = 0
    session.clearing.go_to_step(0)
    store.create(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn, as a person sees them
        await pilot.pause()
        for _ in range(6):  # every prompt: the names in titles, labels and placeholders
            assert isinstance(app.screen, AlignmentScreen)
            await shows(pilot, f"A · {a}", f"B · {b}", TITLE)
            await pilot.press("ctrl+n")
        for _ in range(3):  # the opening's three steps, then the rounds
            assert isinstance(app.screen, ClearingScreen)
            await shows(pilot, a, b)
            await pilot.press("ctrl+n")
        assert isinstance(app.screen, ClearingScreen) and app.session.clearing.step == "rounds"
        await pilot.press("f2", "f3", "f6")  # a hand-off, undone: a notification names the partner
        await pilot.pause()
        await pilot.pause()
        await shows(pilot, f"{a} has the floor", f"Hand-off undone: {a} has the floor again.", WORDS, toasts=True)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)
        await shows(pilot, f"Confirm as {b}", f"Withdraw {a}'s declaration", f"Waiting for {b} to declare")
        await pilot.click(app.screen.pane("a").button)  # withdrawing asks, by name
        assert isinstance(app.screen, ConfirmScreen)
        await shows(pilot, f"{a}'s declaration of support will be taken back")
        await pilot.press("n")
        await pilot.press("ctrl+n")  # not complete: a warning naming the partner, and the declaration stays
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)
        await pilot.press("ctrl+n")  # again: on
        await pilot.pause()
        assert isinstance(app.screen, AccountabilityScreen)
        await pilot.click("#what-a-0")  # the screen opens on the first empty field (the time); the words are here
        await shows(pilot, f"A · {a}", f"The role {a} asks of {b}", "[link=x]not a link[/link]")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SealScreen)
        await shows(pilot, f"A · {a}", f"{a}: type your name to seal", f"{b} has not declared support for {a}")
        await app.screen.seal_as("a", a)
        await app.screen.seal_as("b", b)  # the name that seals asks first, listing what is missing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await shows(pilot, f"{b} has not declared support for {a}")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SealedMoment)
        await shows(pilot, f"{a} and {b}, you have each sealed", f"{a} declared support; {b} did not.")
        await pilot.press("enter")
        await pilot.pause()
        await shows(pilot, f"Sealed 2026-11-25 14:30 UTC by {a} and {b}.")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await shows(pilot, f"A · {a}", f"B · {b}", WORDS[:20])
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("m")
        await pilot.pause()
        await shows(pilot, "Exported", toasts=True)


@pytest.mark.parametrize(("a", "b"), PAIRS)
async def test_home_and_setup_show_the_names_verbatim(make_app, store, a, b):
    session = odd_session(a, b, session_id="0dd0b22b")
    store.create(session)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await shows(pilot, f"{a} & {b}")
    setup = make_app(
        StartRequest("new", prefill={"partner_a": a, "partner_b": b, "facilitator": FACILITATOR, "title": TITLE})
    )
    async with setup.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(setup.screen, SetupScreen)
        await shows(pilot, a, b, FACILITATOR, TITLE)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_every_export_holds_the_names_verbatim(a, b):
    session = odd_session(a, b, session_id="0dd0c33c")
    session.phase_index = session.agenda.index(Phase.SEAL)
    confirm_seal(session, "a", a, FIXED_NOW)
    confirm_seal(session, "b", b, FIXED_NOW)
    markdown = render_export(session, "md")
    assert f"**{a}** and **{b}**" in markdown and f"## {a}" in markdown and WORDS in markdown
    assert f"{a} declared support; {b} did not." in markdown
    data = json.loads(render_export(session, "json"))
    assert data["session"]["partners"] == {"a": a, "b": b} and data["session"]["facilitator"] == FACILITATOR
    assert [gap["text"] for gap in data["seal_gaps"]] == [f"{b} has not declared support for {a}"]
    calendar = render_export(session, "ics").replace("\r\n ", "")  # unfolded
    assert f"{a} & {b}".replace(",", "\\,").replace(";", "\\;") in calendar
    out = io.StringIO()
    print_session(session, Console(file=out, width=140, color_system=None))
    shown = out.getvalue()
    assert f"A · {a}" in shown and f"B · {b}" in shown and TITLE in shown and WORDS in shown
