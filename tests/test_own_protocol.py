"""A coach's own protocol, end to end: chosen on setup, walked, sealed, and read the same after the file changes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Select, Static

from coalition_tui.app import StartRequest
from coalition_tui.cli import main
from coalition_tui.export.render import render_export
from coalition_tui.screens.accountability import AccountabilityScreen
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.seal import SealScreen
from coalition_tui.screens.sealed_moment import SealedMoment
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store
from coalition_tui.storage.protocols import protocols_dir

from .helpers.pilot_input import paste_text
from .helpers.screen_text import screen_text
from .test_protocol import SHIPPED_TEXT, edited, own_protocol

ENERGY = "Where does your energy go at the moment?"


def install(text: str, name: str = "reset.toml") -> Path:
    folder = protocols_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_coach_protocol_runs_end_to_end_and_its_agreement_outlives_the_file(make_app, db_path):
    path = install(own_protocol())  # "energy" added after "care"; "vision" removed
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        choice = setup.query_one("#protocol", Select)
        assert [value for _label, value in choice._options] == ["coalition", "reset"]
        choice.value = "reset"
        await paste_text(pilot, "Ada")
        await pilot.press("tab")
        await paste_text(pilot, "Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        session = app.session
        assert (session.protocol.name, session.protocol.version) == ("reset", "2026-autumn")

        asked = []
        for _number in range(len(session.prompts.alignment)):
            prompt = app.screen.prompt
            asked.append(prompt.id)
            assert prompt.question[:40] in screen_text(app)
            await paste_text(pilot, f"Ada on {prompt.id}")
            await pilot.press("tab")
            await paste_text(pilot, f"Ben on {prompt.id}")
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert asked == ["care", "energy", "commitments", "clarity", "aligned", "questions"]
        assert session.alignment.answer("energy", "b") == "Ben on energy"
        assert "vision" not in session.alignment.answers

        while not isinstance(app.screen, AccountabilityScreen):
            app.next_phase()
            await pilot.pause()
        await paste_text(pilot, "Ship the beta")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, SealScreen)
        for name in ("Ada", "Ben"):
            await paste_text(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
        if not isinstance(app.screen, SealedMoment):
            await pilot.press("y")  # sealed as it stands (the clearing recorded no time)
            await pilot.pause()
        assert isinstance(app.screen, SealedMoment)
        await pilot.press("enter")
        await pilot.pause()
        assert session.sealed
        session_id = session.id
        sealed_screen = screen_text(app)
    before = {fmt: render_export(Store(db_path).load(session_id), fmt) for fmt in ("md", "json")}
    assert "Energy" in before["md"] and "Ben on energy" in before["md"]

    # The coach rewords the added prompt, then deletes the file.
    path.write_text(own_protocol().replace(ENERGY, "What drains you?"), encoding="utf-8")
    assert {fmt: render_export(Store(db_path).load(session_id), fmt) for fmt in ("md", "json")} == before
    os.unlink(path)
    again = Store(db_path).load(session_id)
    assert {fmt: render_export(again, fmt) for fmt in ("md", "json")} == before
    assert again.prompts.prompt("energy").question == ENERGY

    app = make_app(StartRequest("resume", session_id=session_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SealScreen)
        assert screen_text(app) == sealed_screen


async def test_setup_names_a_broken_protocol_file_and_offers_the_method(make_app):
    install("format = 1\n[protocol]\nname = 'broken'\n", "broken.toml")
    given = protocols_dir().parent / "given.toml"
    given.write_text(edited('name = "coalition"', 'name = "given"'), encoding="utf-8")
    app = make_app(StartRequest("new"), protocol_file=given)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        setup = app.screen
        problems = str(setup.query_one("#protocol-problems", Static).render())
        assert "broken.toml" in problems and "line 2" in problems and "shipped method is offered instead" in problems
        choice = setup.query_one("#protocol", Select)
        assert [value for _label, value in choice._options] == ["coalition", "given"]
        assert choice.value == "given"  # --protocol FILE is chosen first


async def test_new_with_both_names_and_a_broken_protocol_opens_setup_instead(make_app, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n", encoding="utf-8")
    prefill = {"partner_a": "Ada", "partner_b": "Ben", "skip_setup": True}
    app = make_app(StartRequest("new", prefill=prefill), protocol_file=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "broken.toml" in str(app.screen.query_one("#protocol-problems", Static).render())


async def test_new_with_both_names_uses_the_given_protocol(make_app, tmp_path):
    given = tmp_path / "given.toml"
    given.write_text(own_protocol(), encoding="utf-8")
    prefill = {"partner_a": "Ada", "partner_b": "Ben", "skip_setup": True}
    app = make_app(StartRequest("new", prefill=prefill), protocol_file=given)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        assert app.session.protocol.name == "reset"


# -- coalition protocol list | export | check -------------------------------------------------------------


def test_protocol_export_prints_the_method_to_start_from(tmp_path):
    result = CliRunner().invoke(main, ["protocol", "export", "coalition"])
    assert result.exit_code == 0 and result.output == SHIPPED_TEXT
    result = CliRunner().invoke(main, ["protocol", "export", "nothing"])
    assert result.exit_code == 1 and "no protocol named 'nothing'" in result.output and "coalition" in result.output


def test_protocol_list_shows_the_method_the_coach_files_and_the_broken_ones():
    install(own_protocol())
    install("format = 1\n", "broken.toml")
    result = CliRunner().invoke(main, ["protocol", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("coalition  The coalition method · version 1 · en, de · ships with Coalition")
    assert any(line.startswith("reset  The coalition method · version 2026-autumn") for line in lines)
    assert any(line.startswith("(not usable)") and "broken.toml" in line for line in lines)
    assert str(protocols_dir()) in result.output
    german = CliRunner().invoke(main, ["--lang", "de", "protocol", "list"])
    assert "Die Koalitionsmethode · Version 1" in german.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('format = 1\n[protocol\nname = "x"\n', ["line 2: not valid TOML"]),
        (
            edited('id = "care"\n', 'id = "care"\ncolour = "red"\n'),
            ["alignment prompt 1 (care): colour is not a key here"],
        ),
        (
            edited(
                'question.en = "Looking at your goals and the vision behind them, what is most important to you?"\n', ""
            ),  # noqa: E501
            ["alignment prompt 2 (vision): question has no en text (a missing translation)."],
        ),
        (
            edited("{name} right now", "{partner} right now"),
            ["placeholder uses {partner}; allowed here: {name}, {other}. (en)"],
        ),
    ],
    ids=["syntax", "unknown key", "missing translation", "unknown name"],
)
def test_protocol_check_reports_each_mistake_and_exits_1(tmp_path, text, expected):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["protocol", "check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(str(path))
    for words in expected:
        assert words in result.output
    assert "the protocol cannot be used until" in result.output


def test_protocol_check_of_a_good_file_says_so(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(own_protocol(), encoding="utf-8")
    result = CliRunner().invoke(main, ["protocol", "check", str(path)])
    assert result.exit_code == 0
    assert "no mistakes" in result.output and "version 2026-autumn" in result.output and "6 prompts" in result.output


async def test_the_protocol_gives_the_plans_hints_and_the_sealed_moments_last_line(make_app, store):
    from coalition_tui.domain.protocol import read_protocol
    from coalition_tui.domain.session import Session
    from coalition_tui.screens.sealed_moment import moment_words
    from coalition_tui.widgets.commitment_plan import PlanInput, RhythmChoice

    text = own_protocol().replace('what.en = "what you will do"', 'what.en = "one thing you will finish"')
    text = text.replace('role_asked.en = "what you ask {other} to do for you"', 'role_asked.en = "{other}, please…"')
    text = text.replace("From here you back each other.", "Go well, together.")
    text = text.replace(
        'what.en = "one thing you will finish"',
        'what.en = "one thing you will finish"\ncadence.en = "as often as you need"',
        1,
    )
    text = text.replace("what.de = ", 'cadence.de = "so oft ihr es braucht"\nwhat.de = ', 1)
    session = Session.new("Ada", "Ben", protocol=read_protocol(text), agenda="accountability,seal")
    store.create(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#what-a-0", PlanInput).placeholder == "one thing you will finish"
        assert app.screen.query_one("#role_asked-a", PlanInput).placeholder == "Ben, please…"
        # how often is chosen: the protocol's hint for it stands in the choice until one is
        rhythm = app.screen.query_one("#rhythm-b", RhythmChoice)
        assert rhythm.hint == "as often as you need" and "as often as you need" in rhythm.render().plain
    from .helpers.filled_session import fill

    complete = fill(Session.new("Ada", "Ben", protocol=read_protocol(text)))
    assert moment_words(complete).endswith("Go well, together.")
    assert moment_words(fill(Session.new("Ada", "Ben"))).endswith("From here you back each other.")


def test_a_protocol_without_hints_or_closing_leaves_the_apps_own():
    from coalition_tui.domain.protocol import read_protocol

    start = SHIPPED_TEXT.index("[accountability.hints]")
    end = SHIPPED_TEXT.index("[seal]")
    text = SHIPPED_TEXT[:start] + SHIPPED_TEXT[end:]
    text = re.sub(r"(?m)^closing\.(en|de) = .*\n", "", text)
    book = read_protocol(text).book("en")
    assert book.accountability.hints == {} and book.seal.closing == ""


def test_the_readme_example_is_a_protocol_once_the_rest_is_copied_in():
    """The README's small example, completed as it says (the shipped tables, English only), checks clean."""
    from coalition_tui.domain.protocol import check_protocol

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    rest = SHIPPED_TEXT[SHIPPED_TEXT.index("[declaration]") :]
    rest = re.sub(r"(?m)^\w+\.de = .*\n", "", rest)
    protocol, problems = check_protocol(example + "\n" + rest)
    assert problems == []
    assert [p.id for p in protocol.book("en").alignment] == ["energy", "aligned"]


def test_protocol_check_says_a_name_is_taken_as_setup_would(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(SHIPPED_TEXT, encoding="utf-8")  # exported and not yet renamed
    result = CliRunner().invoke(main, ["protocol", "check", str(path)])
    assert result.exit_code == 1 and "the name 'coalition' is taken by the shipped protocol" in result.output
    install(own_protocol())
    twin = tmp_path / "twin.toml"
    twin.write_text(own_protocol(), encoding="utf-8")
    result = CliRunner().invoke(main, ["protocol", "check", str(twin)])
    assert result.exit_code == 1 and "the name 'reset' is taken by" in result.output
    installed = protocols_dir() / "reset.toml"
    assert CliRunner().invoke(main, ["protocol", "check", str(installed)]).exit_code == 0


def test_protocol_commands_take_lang(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(own_protocol(), encoding="utf-8")
    result = CliRunner().invoke(main, ["protocol", "check", "--lang", "de", str(path)])
    assert result.exit_code == 0 and "keine Fehler. Die Koalitionsmethode" in result.output
    result = CliRunner().invoke(main, ["protocol", "--lang", "de", "list"])
    assert "Eigene Protokolle gehören in" in result.output


async def test_setup_says_when_the_protocol_does_not_speak_the_language(make_app):
    english_only = re.sub(r"(?m)^\w+\.de = .*\n", "", own_protocol()).replace('["en", "de"]', '["en"]')
    install(english_only)
    app = make_app(StartRequest("new"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        setup = app.screen
        note = setup.query_one("#protocol-note", Static)
        assert note.has_class("-empty")
        setup.query_one("#language", Select).value = "de"
        await pilot.pause()
        setup = app.screen  # drawn again in German
        setup.query_one("#protocol", Select).value = "reset"
        await pilot.pause()
        note = setup.query_one("#protocol-note", Static)
        assert not note.has_class("-empty")
        assert "ist auf English geschrieben: Die Texte erscheinen auf English." in str(note.render())
