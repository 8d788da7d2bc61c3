"""Protocols: the shipped method in two languages, a coach's own file, and every mistake reported with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coalition_tui.domain.prompts import PANE_FIELDS, fill_for
from coalition_tui.domain.protocol import (
    ProtocolError,
    check_protocol,
    line_map,
    read_protocol,
    shipped_protocol,
    shipped_protocol_path,
)
from coalition_tui.domain.session import Session
from coalition_tui.storage.protocols import available_protocols, find_protocol, read_protocol_file

SHIPPED_TEXT = shipped_protocol_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` first appears."""
    return text[: text.index(needle)].count("\n") + 1


def edited(old: str, new: str, text: str = SHIPPED_TEXT) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- the shipped method ------------------------------------------------------------------


def test_the_shipped_method_is_one_protocol_in_english_and_german():
    protocol = shipped_protocol()
    assert (protocol.name, protocol.languages) == ("coalition", ("en", "de"))
    english, german = protocol.book("en"), protocol.book("de")
    assert [p.id for p in english.alignment] == [p.id for p in german.alignment]
    assert english.alignment[0].question != german.alignment[0].question
    assert [c.label for c in german.prompt("aligned").choices] == ["Ja", "Teilweise", "Noch nicht"]
    assert protocol.title("de") == "Die Koalitionsmethode"
    assert protocol.language_for("fr") == "en"  # a language it does not have: its first


def test_each_german_text_uses_the_fields_of_its_english():
    from coalition_tui.domain.protocol import resolve

    def texts(data, path=()):
        if isinstance(data, dict):
            for key, value in data.items():
                yield from texts(value, (*path, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                yield from texts(value, (*path, index))
        elif isinstance(data, str):
            yield path, data

    english = dict(texts(resolve(shipped_protocol().data, "en")))
    german = dict(texts(resolve(shipped_protocol().data, "de")))
    assert english.keys() == german.keys()
    field = re.compile(r"\{(\w+)\}")
    for path, text in english.items():
        assert set(field.findall(text)) == set(field.findall(german[path])), path
    book = shipped_protocol().book("de")
    assert fill_for(book.clearing.opening["commitment"].label, {"a": "Ann [/]", "b": "Sam"}, "a") == (
        "Zusage von Ann [/] an Sam"
    )
    assert PANE_FIELDS == {"name", "other"}


# -- a session keeps the words it was held with -------------------------------------------


def test_a_session_stores_its_protocol_and_reads_from_it():
    session = Session.new("Ada", "Ben", language="de")
    assert session.language == "de"
    assert session.prompts.alignment[0].question.startswith("Was ist dir")
    data = session.to_dict()
    assert data["protocol"]["name"] == "coalition" and data["protocol"]["language"] == "de"
    again = Session.from_dict(data)
    assert again.prompts == session.prompts and again.protocol == session.protocol


def test_a_revision_keeps_the_words_its_agreement_was_held_with():
    from coalition_tui.domain.seal import new_revision

    session = Session.new("Ada", "Ben", language="de")
    revision = new_revision(session, now=session_time())
    assert revision.protocol == session.protocol and revision.language == "de"


def session_time():
    from datetime import UTC, datetime

    return datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_session_from_before_protocols_reads_as_the_shipped_method_in_english():
    data = Session.new("Ada", "Ben").to_dict()
    del data["protocol"]
    old = Session.from_dict(data)
    assert old.protocol is None and old.language == "en"
    assert old.prompts.alignment[0].question == "What matters most to you in your work at the moment?"
    assert "protocol" not in old.to_dict()  # an old file stays as it was


# -- a coach's own file ------------------------------------------------------------------


def own_protocol() -> str:
    """The shipped file with a prompt added, one removed, renamed: what a coach starts from."""
    text = edited('name = "coalition"', 'name = "reset"')
    text = edited('version = "1"', 'version = "2026-autumn"', text)
    start = text.index('[[alignment]]\nid = "vision"')
    end = text.index("[[alignment]]", start + 5)
    added = (
        '[[alignment]]\nid = "energy"\nshort.en = "Energy"\nshort.de = "Energie"\n'
        'question.en = "Where does your energy go at the moment?"\n'
        'question.de = "Wohin fließt deine Energie gerade?"\nkind = "text"\n\n'
    )
    return text[:start] + added + text[end:]


def test_a_coach_protocol_with_a_prompt_added_and_one_removed_reads():
    protocol = read_protocol(own_protocol(), "reset.toml")
    assert protocol.name == "reset" and protocol.version == "2026-autumn"
    assert [p.id for p in protocol.book("en").alignment] == [
        "care",
        "energy",
        "commitments",
        "clarity",
        "aligned",
        "questions",
    ]
    assert protocol.book("de").prompt("energy").question == "Wohin fließt deine Energie gerade?"


def test_the_config_folder_and_a_given_file_are_offered_after_the_shipped_method(tmp_path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "reset.toml").write_text(own_protocol(), encoding="utf-8")
    (folder / "broken.toml").write_text("format = 1\n[protocol\n", encoding="utf-8")
    twin = tmp_path / "twin.toml"
    twin.write_text(own_protocol(), encoding="utf-8")
    entries = available_protocols(extra=twin, folder=folder)
    assert [e.protocol.name if e.protocol else None for e in entries] == ["coalition", None, "reset", None]
    assert "line 2" in entries[1].report() and "not valid TOML" in entries[1].report()
    assert "the name 'reset' is taken" in entries[3].report()
    assert find_protocol("reset", entries) is entries[2]
    assert find_protocol("nothing", entries) is None


def test_a_file_that_is_not_text_or_too_large_is_a_problem_not_a_crash(tmp_path):
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\xff\xfe\x00format")
    assert "not UTF-8" in read_protocol_file(binary).report()
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    assert "larger than 1 MB" in read_protocol_file(big).report()
    assert "cannot read the file" in read_protocol_file(tmp_path / "gone.toml").report()


# -- every mistake, with its line ------------------------------------------------------------

MISTAKES = [
    pytest.param(
        'id = "care"\n',
        'id = "care"\ncolour = "red"\n',
        'colour = "red"',
        "alignment prompt 1 (care): colour is not a key here",
        id="unknown key",
    ),
    pytest.param(
        'question.en = "Looking at your goals',
        'questin.en = "Looking at your goals',
        "questin.en",
        "alignment prompt 2 (vision): questin is not a key here",
        id="misspelt key",
    ),
    pytest.param(
        'placeholder.de = "Was {name} gerade am wichtigsten ist…"',
        'placeholder.de = "Was {partner} gerade am wichtigsten ist…"',
        "{partner}",
        "alignment prompt 1 (care): placeholder uses {partner}; allowed here: {name}, {other}. (de)",
        id="unknown name in a placeholder",
    ),
    pytest.param(
        'question.de = "Was ist dir in deiner Arbeit im Moment am wichtigsten?"\n',
        "",
        'question.en = "What matters most to you',
        "alignment prompt 1 (care): question has no de text (a missing translation).",
        id="missing translation",
    ),
    pytest.param(
        'said_all.de = "Ich habe alles gesagt"',
        'said_all.fr = "J\'ai tout dit"',
        "said_all.fr",
        "clearing, said_all: 'fr' is not one of this protocol's languages (en, de).",
        id="unknown language",
    ),
    pytest.param(
        'kind = "text"\n',
        'kind = "essay"\n',
        'kind = "essay"',
        "alignment prompt 1 (care): kind 'essay' is not one of text, parts, status.",
        id="unknown kind",
    ),
    pytest.param(
        'name = "coalition"',
        'name = "My Protocol"',
        'name = "My Protocol"',
        "protocol: name must be 1 to 40 lower-case letters",
        id="bad name",
    ),
    pytest.param(
        "format = 1",
        "format = 3",
        "format = 3",
        "format 3 is not one this app reads",
        id="format",
    ),
    pytest.param(
        'languages = ["en", "de"]',
        'languages = ["en", "de", "fr"]',
        'languages = ["en"',
        "protocol: 'fr' is not a language the app speaks (en, de).",
        id="a language the app does not speak",
    ),
    pytest.param(
        'id = "vision"',
        'id = "care"',
        '[[alignment]]\nid = "care"\nshort.en = "What matters now"',
        "two alignment prompts share the id 'care'.",
        id="two prompts share an id",
    ),
    pytest.param(
        'said_all.en = "I have said all I have to say"',
        'said_all.en = "I have said all I have to say',
        'said_all.en = "I have said all I have to say\n',
        "not valid TOML",
        id="TOML syntax",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), MISTAKES)
def test_a_mistake_is_reported_with_its_line_and_field(old, new, at, message):
    text = edited(old, new)
    protocol, problems = check_protocol(text, "mine.toml")
    assert protocol is None
    shown = [str(p) for p in problems]
    match = [p for p in problems if message in str(p)]
    assert match, shown
    if message.startswith("two alignment"):
        return  # said of the list of prompts, at its first line
    assert match[0].line == line_of(text, at), shown


def test_a_prompt_without_a_question_is_reported_once_for_both_languages():
    start = SHIPPED_TEXT.index('question.en = "Looking at your goals')
    end = SHIPPED_TEXT.index("\n", SHIPPED_TEXT.index("question.de", start)) + 1
    protocol, problems = check_protocol(SHIPPED_TEXT[:start] + SHIPPED_TEXT[end:])
    header = line_of(SHIPPED_TEXT, 'id = "vision"') - 1
    assert [str(p) for p in problems] == [f"line {header}: alignment prompt 2 (vision): question is missing."]


def test_every_mistake_in_one_file_is_reported_not_only_the_first():
    text = SHIPPED_TEXT
    for case in MISTAKES[:7]:
        old, new, *_rest = case.values
        text = edited(old, new, text)
    protocol, problems = check_protocol(text)
    assert protocol is None
    for case in MISTAKES[:7]:
        assert any(case.values[3] in str(p) for p in problems), case.id
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)


def test_read_protocol_raises_with_every_problem():
    with pytest.raises(ProtocolError) as caught:
        read_protocol("format = 1\n", "x.toml")
    assert str(caught.value).startswith("x.toml: ")
    assert len(caught.value.problems) >= 5


def test_line_map_counts_nested_arrays_per_parent():
    lines = line_map(SHIPPED_TEXT)
    second_part = SHIPPED_TEXT.index('id = "long"')
    assert lines[("alignment", 2, "parts", 1, "id")] == SHIPPED_TEXT[:second_part].count("\n") + 1
    assert lines[("alignment", 4, "choices", 2, "label", "de")] == line_of(SHIPPED_TEXT, 'label.de = "Noch nicht"')
    assert lines[("clearing", "ground", "title")] == line_of(SHIPPED_TEXT, 'title.en = "The ground you share"')


# -- what the review found: nothing in a protocol file may crash or hang the app later ----------------


@pytest.mark.parametrize("field", ["{name!r}", "{name:d}", "{name:>99999999999999999999}", "{name:{other}}", "{0}"])
def test_a_placeholder_with_a_format_spec_or_conversion_is_a_mistake(field):
    text = edited("{name} right now", f"{field} right now")
    protocol, problems = check_protocol(text)
    assert protocol is None
    assert any("write a name in braces as it is" in str(p) for p in problems), [str(p) for p in problems]


def test_a_structural_mistake_is_said_even_beside_a_missing_translation():
    text = edited('id = "vision"', 'id = "care"')
    text = edited('hint.de = "Nenn das, was du am wenigsten hergeben würdest."\n', "", text)
    protocol, problems = check_protocol(text)
    shown = [str(p) for p in problems]
    assert any("hint has no de text" in s for s in shown), shown
    duplicate = [p for p in problems if "share the id 'care'" in p.message]
    assert duplicate and duplicate[0].line == line_of(text, 'id = "care"\nshort.en = "Goals and vision"'), shown


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title.en = "The coalition method"', "title.en = 3", "title has no en text"),
        ('title.en = "The coalition method"', f'title.en = "{"x" * 201}"', "title is longer than 200 characters."),
        ('version = "1"', f'version = "{"9" * 101}"', "version is longer than 100 characters."),
        ('title.en = "The coalition method"', 'title.en = ""', "title is missing"),
    ],
)
def test_a_title_or_version_a_session_could_not_store_is_a_mistake(old, new, message):
    protocol, problems = check_protocol(edited(old, new))
    assert protocol is None and any(message in str(p) for p in problems), [str(p) for p in problems]


def test_more_prompts_than_a_session_can_hold_is_a_mistake():
    start = SHIPPED_TEXT.index('[[alignment]]\nid = "care"')
    end = SHIPPED_TEXT.index("[[alignment]]", start + 5)
    one = SHIPPED_TEXT[start:end]
    many = "".join(one.replace('id = "care"', f'id = "p{n}"') for n in range(51))
    protocol, problems = check_protocol(SHIPPED_TEXT[:start] + many + SHIPPED_TEXT[end:])
    assert any("more than 50 prompts" in str(p) for p in problems)


def test_a_pipe_a_device_or_a_loop_of_links_is_reported_not_waited_on(tmp_path):
    import os

    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert "it is not a file" in read_protocol_file(pipe).report()
    assert "it is not a file" in read_protocol_file(Path("/dev/zero")).report()
    loop = tmp_path / "loop.toml"
    loop.symlink_to(tmp_path / "loop.toml")
    assert "cannot read the file" in read_protocol_file(loop).report()
    entries = available_protocols(extra=loop, folder=tmp_path)
    assert [e.usable for e in entries] == [True, False, False]  # the shipped method, the loop, the pipe
