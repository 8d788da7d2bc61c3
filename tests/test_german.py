"""Coalition in German: every screen walked with ``--lang de``, and every export, leave no English behind.

Two checks catch what a German pair would meet. Each string the code asks for
must be in the German catalogue (``i18n.missing`` notes any message id asked
for without a translation). And the screens themselves, as drawn, must hold no
English word of the interface: that also catches a string never passed
through ``_`` at all.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from click.testing import CliRunner
from textual.widgets import Select

from coalition_tui import i18n
from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.domain.session import Session
from coalition_tui.export.render import render_export
from coalition_tui.export.terminal import print_session
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.checkin import CheckInScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.declaration import DeclarationScreen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.seal import SealScreen
from coalition_tui.screens.sealed_moment import SealedMoment
from coalition_tui.screens.setup import SetupScreen

from .conftest import FIXED_NOW
from .helpers.filled_session import fill
from .helpers.pilot_input import paste_text
from .helpers.screen_text import screen_text

ENGLISH = re.compile(
    r"\b(the|and|you|your|with|what|this|that|press|session|sessions|partner's|answer|speaks|seal|sealed"
    r"|agreement|commitment|commitments|check-in due|next|back|home|quit|present|ready|listening|speaking"
    r"|floor|turn|paused|export|palette|search|commands|yes|not yet|partly|goals|declared|declaration"
    r"|words|alignment|clearing|accountability|facilitator|title|begin|cancel|writing|typing)\b",
    re.IGNORECASE,
)
"""Words of the English interface that no German screen may show (a partner's own words aside)."""

NAMES = ("Ada", "Ben")


def english_on(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English interface words in ``text`` (a partner's typed words, in ``allowed``, removed first)."""
    for words in allowed:
        text = text.replace(words, " ")
    return sorted({match.group(0) for match in ENGLISH.finditer(text)})


@pytest.fixture
def german():
    i18n.set_language("de")
    i18n.missing.clear()
    yield
    i18n.set_language("en")


class Walk:
    """Each screen on the way, as drawn, and what was English on it."""

    def __init__(self, app, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = allowed
        self.seen: dict[str, list[str]] = {}

    def look(self, where: str) -> str:
        text = screen_text(self.app)
        found = english_on(text, self.allowed)
        if found:
            self.seen[where] = found
        return text

    def assert_german(self) -> None:
        assert not self.seen, f"English on the German screens: {self.seen}"
        assert not i18n.missing, f"asked for without a German translation: {sorted(i18n.missing)}"


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_every_screen_of_a_whole_session_speaks_german(german, make_app, db_path, size):
    typed = ("Ada", "Ben", "Ship the beta", "Ten users log in", "Close the round")
    app = make_app()
    assert app.interface_language == "de"
    walk = Walk(app, typed)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        walk.look("home, empty")
        await pilot.press("ctrl+p")
        await pilot.pause()
        walk.look("palette")
        await pilot.press("escape")
        app.search_themes()
        await pilot.pause()
        assert "Farbschema suchen" in walk.look("theme picker")
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        walk.look("setup")
        await pilot.press("ctrl+s")  # no names: the message is German too
        await pilot.pause()
        walk.look("setup, names missing")
        await paste_text(pilot, "Ada")
        await pilot.press("tab")
        await paste_text(pilot, "Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        session = app.session
        assert session.language == "de" and session.protocol.title == "Die Koalitionsmethode"

        for number in range(len(session.prompts.alignment)):
            walk.look(f"alignment, prompt {number + 1}")
            await paste_text(pilot, "Ada")
            await pilot.press("tab")
            await paste_text(pilot, "Ben")
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert isinstance(app.screen, ClearingScreen)
        for step in ("commitment", "intention", "ground"):
            walk.look(f"clearing, {step}")
            await pilot.press("ctrl+n")
            await pilot.pause()
        walk.look("clearing, rounds, nobody speaking")
        for key in ("f2", "f4", "f5"):
            await pilot.press(key)
            await pilot.pause()
            walk.look(f"clearing, rounds, after {key}")
        await pilot.press("ctrl+n")
        await pilot.pause()

        assert isinstance(app.screen, DeclarationScreen)
        walk.look("declaration")
        await pilot.press("ctrl+n")  # not declared yet: a warning, in German
        await pilot.pause()
        walk.look("declaration, warning")
        while not isinstance(app.screen, AccountabilityScreen):
            app.next_phase()
            await pilot.pause()
        walk.look("accountability")
        await paste_text(pilot, "Ship the beta")
        await pilot.press("tab")
        await paste_text(pilot, "30.12.2026")  # the German form of a date
        await pilot.press("tab")
        await paste_text(pilot, "Ten users log in")
        await pilot.pause()
        walk.look("accountability, typed")
        from coalition_tui.domain.accountability import try_date

        assert try_date(session.accountability.of("a").commitments[0].by_when) == date(2026, 12, 30)
        await pilot.press("ctrl+n")
        await pilot.pause()

        assert isinstance(app.screen, SealScreen)
        walk.look("seal")
        await paste_text(pilot, "Ada")
        await pilot.press("enter")
        await pilot.pause()
        await paste_text(pilot, "Ben")
        await pilot.press("enter")
        await pilot.pause()
        # Sealing with gaps (no clearing time, one commitment) asks first: in German.
        walk.look("seal, asked")
        if not isinstance(app.screen, SealedMoment):
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, SealedMoment)
        walk.look("the sealed moment")
        await pilot.press("enter")
        await pilot.pause()
        walk.look("the sealed agreement")
        await pilot.press("ctrl+o")
        await pilot.pause()
        walk.look("export")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        walk.look("check-in")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        walk.look("home, one sealed agreement")
    walk.assert_german()


async def test_setup_switches_the_language_and_keeps_what_was_typed(make_app):
    app = make_app(StartRequest("new"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await paste_text(pilot, "Ada")
        app.screen.query_one("#language", Select).value = "de"
        await pilot.pause()
        text = screen_text(app)
        assert "Neue Sitzung" in text and "Name von Partner A" in text
        assert app.screen.query_one("#partner_a").value == "Ada"
        assert app.focused is app.screen.query_one("#language")
        app.screen.query_one("#partner_b").focus()
        await paste_text(pilot, "Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.language == "de"
        assert "Was ist dir in deiner Arbeit" in screen_text(app)
        app.go_home()  # home was drawn in English before setup: it is drawn again, in German as chosen
        for _ in range(100):  # the redrawing takes a few turns of the loop on a busy machine
            await pilot.pause(0.05)
            if "Neue Sitzung" in screen_text(app):
                break
        assert isinstance(app.screen, HomeScreen)
        assert "Neue Sitzung" in screen_text(app) and "New session" not in screen_text(app)
    assert app.interface_language == "de"


async def test_a_session_opens_in_its_own_language_and_home_returns_to_the_apps(make_app, store):
    german_session = Session.new("Ada", "Ben", now=FIXED_NOW, language="de")
    store.create(german_session)
    app = make_app(StartRequest("resume", session_id=german_session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Was ist dir in deiner Arbeit" in screen_text(app) and "Weiter" in screen_text(app)
        app.go_home()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert i18n.current() == "en" and "New session" in screen_text(app)


# -- the exports --------------------------------------------------------------------------------------


def german_session(*, sealed: bool = True) -> Session:
    from coalition_tui.domain.seal import confirm_seal

    session = fill(Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000abcd", language="de"))
    if sealed:
        for side in ("a", "b"):
            confirm_seal(session, side, session.name(side), now=FIXED_NOW)
    return session


@pytest.mark.parametrize("fmt", ["md", "ics"])
def test_the_exports_of_a_german_session_are_german(german, fmt):
    session = german_session()
    typed = [value for value in _typed_words(session)]
    i18n.set_language("en")  # the app's language does not matter: the session's does
    text = render_export(session, fmt)
    if fmt == "ics":  # the format's own words (BEGIN:VEVENT) are not the interface's; long lines are folded
        text = re.sub(r"(?m)^[A-Z-]+(;[^:]*)?:", "", text.replace("\r\n ", "").replace("\\,", ","))
    assert english_on(text, tuple(typed)) == []
    assert not i18n.missing
    if fmt == "md":
        assert "Vereinbarung" in text
    assert i18n.current() == "en"  # and the app speaks as before


@pytest.mark.parametrize("width", [80, 120])
def test_show_prints_a_german_session_in_german(german, width):
    from rich.console import Console

    session = german_session()
    i18n.set_language("en")
    console = Console(width=width, record=True, file=io.StringIO())
    print_session(session, console)
    assert english_on(console.export_text(), tuple(_typed_words(session))) == []
    assert not i18n.missing


def _typed_words(session: Session) -> list[str]:
    """Everything the partners wrote (so their English test words are not taken for the interface's)."""
    from coalition_tui.remote.shared_state import flatten

    data = session.to_dict()
    data.pop("protocol")
    words = [v for v in flatten(data).values() if isinstance(v, str) and len(v) > 3]
    return sorted(words, key=len, reverse=True)


def test_the_command_line_speaks_german_with_lang_or_the_environment(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--lang", "de", "list", "--db", str(tmp_path / "db")])
    assert result.exit_code == 0 and "Noch keine Sitzungen" in result.output, result.output
    result = runner.invoke(main, ["list", "--db", str(tmp_path / "db")], env={"LANG": "de_DE.UTF-8"})
    assert "Noch keine Sitzungen" in result.output
    result = runner.invoke(main, ["--lang", "fr", "list"])
    assert result.exit_code == 1 and "en (English), de (Deutsch)" in result.output


# -- pictures: German at 80×24 (long words: nothing cut off or overlapping) ---------------------------


def german_stored(store, *, phase: int = 0, step: int | None = None) -> Session:
    session = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="0000de01", language="de")
    session.phase_index = phase
    if step is not None:
        session.clearing.go_to_step(step)
    session.alignment.set_answer("care", "a", "Dass unser Studio im Frühjahr trägt.")
    store.create(session)
    return session


def steady(*keys):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        for area in pilot.app.screen.query("TextArea"):
            area.cursor_blink = False
        await pilot.pause()

    return run_before


def test_german_alignment_80x24(snap_compare, make_app, store):
    session = german_stored(store)
    assert snap_compare(make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24))


def test_german_alignment_status_prompt_80x24(snap_compare, make_app, store):
    session = german_stored(store)
    session.alignment.prompt_index = 4  # "Im Einklang?": Ja / Teilweise / Noch nicht
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady())


def test_german_clearing_opening_80x24(snap_compare, make_app, store):
    session = german_stored(store, phase=1, step=0)
    assert snap_compare(make_app(StartRequest("resume", session_id=session.id)), terminal_size=(80, 24))


def test_german_clearing_rounds_a_speaking_80x24(snap_compare, make_app, store, fake_clock):
    session = german_stored(store, phase=1, step=3)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f2", *"Als der Start sich verschob")
        fake_clock.advance(83)
        pilot.app.screen.refresh_clock()
        for area in pilot.app.screen.query("TextArea"):
            area.cursor_blink = False
        await pilot.pause()

    app = make_app(StartRequest("resume", session_id=session.id))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_german_setup_80x24(snap_compare, make_app):
    i18n.set_language("de")
    assert snap_compare(make_app(StartRequest("new")), terminal_size=(80, 24), run_before=steady())


async def test_leaving_setup_opened_over_a_session_keeps_the_sessions_language(make_app, store):
    german_session = Session.new("Ada", "Ben", now=FIXED_NOW, language="de")
    store.create(german_session)
    app = make_app(StartRequest("resume", session_id=german_session.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.new_session()
        await pilot.pause()
        app.screen.query_one("#language", Select).value = "en"
        await pilot.pause()
        assert i18n.current() == "en"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        assert i18n.current() == "de" and "Weiter" in screen_text(app)
