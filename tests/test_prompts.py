"""The prompts file: what ships, and how the loader reports a broken one."""

from __future__ import annotations

import copy
import tomllib
import zipfile

import pytest

from coalition_tui.domain.prompts import (
    STATUSES,
    PromptsError,
    fill,
    fill_for,
    load_prompts,
    parse_prompts,
)
from coalition_tui.domain.protocol import shipped_protocol, shipped_protocol_path

from .conftest import ROOT, run_in_install

SHIPPED = shipped_protocol().wording("en")


def broken(change) -> dict:
    data = copy.deepcopy(SHIPPED)
    change(data)
    return data


# -- what ships ------------------------------------------------------------------------


def test_six_prompts_in_the_methods_order():
    prompts = load_prompts().alignment
    assert [p.id for p in prompts] == ["care", "vision", "commitments", "clarity", "aligned", "questions"]
    assert [p.number for p in prompts] == [1, 2, 3, 4, 5, 6]
    assert all(p.question.endswith("?") for p in prompts)
    assert all(p.short and len(p.short) <= 20 for p in prompts)


def test_commitments_have_short_and_long_term_parts():
    commitments = load_prompts().prompt("commitments")
    assert commitments.kind == "parts"
    assert commitments.keys == ("commitments.short", "commitments.long")
    assert [p.label.split(" ")[0] for p in commitments.parts] == ["Short", "Long"]


def test_alignment_prompt_records_yes_partly_not_yet():
    aligned = load_prompts().prompt("aligned")
    assert aligned.has_status and aligned.number == 5
    assert tuple(c.id for c in aligned.choices) == STATUSES
    assert [c.label for c in aligned.choices] == ["Yes", "Partly", "Not yet"]
    assert aligned.choice_label("partly") == "Partly"
    assert aligned.choice_label("maybe") == ""
    assert aligned.keys == ("aligned",)


def test_only_the_status_prompt_has_a_status():
    assert [p.id for p in load_prompts().alignment if p.has_status] == ["aligned"]


def test_declaration_texts_fill_with_both_names():
    texts = load_prompts().declaration
    statement = fill(texts.statement, name="Ada", other="Ben")
    assert "Ben" in statement and "{" not in statement
    assert fill(texts.confirmed, name="Ada", other="Ben", when="2026-11-25 14:30").endswith("2026-11-25 14:30")
    assert "Ada and Ben" in fill(texts.waiting, names="Ada and Ben")
    assert "Ben" in fill(texts.incomplete_warning, names="Ben")


def test_pane_texts_use_only_known_fields():
    for prompt in load_prompts().alignment:
        for text in (
            prompt.placeholder,
            prompt.label,
            *(p.label for p in prompt.parts),
            *(p.placeholder for p in prompt.parts),
        ):
            fill(text, name="Ada", other="Ben")  # raises KeyError on an unknown field


def _all_texts(data) -> list[str]:
    if isinstance(data, dict):
        return [t for value in data.values() for t in _all_texts(value)]
    if isinstance(data, list):
        return [t for value in data for t in _all_texts(value)]
    return [data] if isinstance(data, str) else []


def test_the_wording_is_ours_not_the_articles():
    """Every text of the protocol file, in each language, and the German interface are in our own words.

    No run of eight words of the method's source appears in them as is. The
    source is English, so for German this catches an English sentence left in.
    """
    article = ROOT.parent / "shared" / "seed" / "coalition-article.txt"
    if not article.is_file():
        pytest.skip("the method's source text is not beside this checkout")
    source = " ".join(article.read_text(encoding="utf-8").lower().split())
    protocol = tomllib.loads(shipped_protocol_path().read_text(encoding="utf-8"))
    texts = _all_texts(protocol)
    assert len(texts) > 100  # both languages of every phase
    catalogue = ROOT / "coalition_tui" / "locale" / "de" / "LC_MESSAGES" / "coalition.po"
    from babel.messages.pofile import read_po

    with open(catalogue, "rb") as handle:
        texts += [m.string for m in read_po(handle) if m.id and isinstance(m.string, str)]
    for text in texts:
        words = text.lower().split()
        for start in range(max(len(words) - 7, 0)):
            run = " ".join(words[start : start + 8])
            assert run not in source, run


def test_the_clearing_words_come_from_the_prompts_file():
    """The opening's three steps and the rounds' guidance are data, with only the fields each may use."""
    clearing = load_prompts().clearing
    assert list(clearing.opening) == ["commitment", "intention", "ground"]
    assert fill_for(clearing.opening["commitment"].label, {"a": "Ann [/]", "b": "Sam"}, "a") == (
        "Ann [/]'s commitment to Sam"
    )
    assert clearing.opening["ground"].label == ""
    assert fill(clearing.waiting, key="F2") == "When you are ready to speak, F2 gives you the floor."


def test_a_clearing_text_with_an_unknown_field_is_refused():
    data = copy.deepcopy(SHIPPED)
    data["clearing"]["waiting"] = "Press {button} to speak."
    with pytest.raises(PromptsError, match=r"clearing: waiting uses \{button\}; allowed here: \{key\}"):
        parse_prompts(data)
    del data["clearing"]["intention"]
    data["clearing"]["waiting"] = "Press {key}."
    with pytest.raises(PromptsError, match=r"\[clearing.intention\] texts are missing"):
        parse_prompts(data)


@pytest.mark.parametrize("phase", ["accountability", "seal", "checkin"])
def test_each_later_phase_has_its_guidance_in_the_file(phase: str) -> None:
    data = copy.deepcopy(SHIPPED)
    assert getattr(parse_prompts(data), phase).guidance == data[phase]["guidance"]
    del data[phase]
    with pytest.raises(PromptsError, match=rf"the \[{phase}\] texts are missing"):
        parse_prompts(data)


def test_load_prompts_is_read_once():
    assert load_prompts() is load_prompts()


@pytest.mark.slow
def test_prompts_file_ships_in_the_wheel_and_loads_from_it(installed_wheel, tmp_path):
    """A non-editable install reads the prompts from inside the installed package."""
    wheel, site = installed_wheel
    names = zipfile.ZipFile(wheel).namelist()
    assert "coalition_tui/protocols/coalition.toml" in names
    assert "coalition_tui/locale/de/LC_MESSAGES/coalition.mo" in names
    probe = (
        "import sys; from coalition_tui.domain.prompts import load_prompts; "
        "from coalition_tui.domain.protocol import shipped_protocol_path; "
        "p = shipped_protocol_path(); print(p); "
        "sys.exit(0 if str(p).startswith(sys.argv[1]) and len(load_prompts().alignment) == 6 else 1)"
    )
    result = run_in_install(site, probe, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# -- a broken file is reported plainly ---------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "version 2"),
        (lambda d: d.pop("alignment"), "no [[alignment]] prompts"),
        (lambda d: d["alignment"][0].pop("question"), "prompt 1 (care): question is missing"),
        (lambda d: d["alignment"][1].update(id="care"), "share the id 'care'"),
        (lambda d: d["alignment"][0].update(kind="essay"), "kind 'essay'"),
        (lambda d: d["alignment"][0].update(id="Care Now"), "lower-case"),
        (lambda d: d["alignment"][2]["parts"].pop(), "at least two"),
        (lambda d: d["alignment"][2]["parts"][1].update(id="short"), "two parts share an id"),
        (lambda d: d["alignment"][4]["choices"].pop(), "yes, partly, not_yet"),
        (lambda d: d["alignment"][0].update(choices=[{"id": "yes", "label": "Yes"}]), 'only a prompt of kind "status"'),
        (lambda d: d["alignment"][0].update(parts=[{"id": "x", "label": "X"}]), 'only a prompt of kind "parts"'),
        (lambda d: d["alignment"][0].update(placeholder="For {partner}"), "uses {partner}"),
        (
            lambda d: d["alignment"][0].update(placeholder="For {name"),
            "prompt 1 (care): placeholder: 'For {name' has a stray brace",
        ),
        (lambda d: d["alignment"][0].update(question=42), "question must be text"),
        (lambda d: d.pop("declaration"), "[declaration] texts are missing"),
        (lambda d: d["declaration"].pop("statement"), "declaration: statement is missing"),
        (lambda d: d["declaration"].update(waiting="Waiting for {name}"), "allowed here: {names}"),
        (lambda d: d["declaration"].update(title="For {other}"), "allowed here: none"),
    ],
)
def test_broken_prompts_are_refused_with_a_reason(change, message):
    with pytest.raises(PromptsError) as caught:
        parse_prompts(broken(change))
    assert message in str(caught.value)
