"""The interface's language: how it is chosen, the catalogues, and dates and numbers in the locale's form."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date, datetime

import pytest
from textual.binding import Binding
from textual.screen import ActiveBinding

from coalition_tui import i18n
from coalition_tui.textual_ext.translated_bindings import translated

from .conftest import ROOT


def load_catalogues_script():
    spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts" / "catalogues.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogues"] = module
    spec.loader.exec_module(module)
    return module


# -- which language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8@euro"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language the app does not speak: English
        ({"LC_MESSAGES": "de_CH.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "en"),  # LC_ALL decides
        ({"LC_ALL": "", "LANG": "de_DE"}, "de"),  # an empty variable does not count
        ({"LC_ALL": "POSIX", "LANG": "de_DE"}, "en"),
    ],
)
def test_the_environment_chooses_in_posix_order(environ, expected):
    assert i18n.resolve(None, environ) == expected


def test_lang_wins_over_the_environment_and_an_unknown_one_is_refused():
    assert i18n.resolve("de", {"LANG": "en_US.UTF-8"}) == "de"
    assert i18n.resolve("DE-de", {}) == "de"
    with pytest.raises(i18n.UnknownLanguage, match=r"no 'fr' interface.*en \(English\), de \(Deutsch\)"):
        i18n.resolve("fr", {})


def test_speaking_switches_for_a_block_and_back():
    assert i18n._("Next") == "Next"
    with i18n.speaking("de"):
        assert i18n.current() == "de"
        assert i18n._("Next") == "Weiter"
    assert i18n.current() == "en" and i18n._("Next") == "Next"


def test_a_message_without_a_translation_is_noted():
    i18n.missing.clear()
    with i18n.speaking("de"):
        assert i18n._("A sentence no catalogue has") == "A sentence no catalogue has"
    assert i18n.missing == {"A sentence no catalogue has"}
    i18n.missing.clear()


def test_footer_keys_are_translated_when_read():
    binding = Binding("ctrl+n", "next", "Next")
    bindings = {"ctrl+n": ActiveBinding(None, binding, True, "")}  # type: ignore[arg-type]
    assert translated(bindings) is bindings  # English: nothing to do
    with i18n.speaking("de"):
        assert translated(bindings)["ctrl+n"].binding.description == "Weiter"
    assert binding.description == "Next"  # the class's own binding is never changed


# -- dates and numbers --------------------------------------------------------------------


def test_english_keeps_the_apps_own_forms():
    assert i18n.show_date(date(2026, 11, 30)) == "2026-11-30"
    assert i18n.show_datetime(datetime(2026, 11, 30, 14, 5)) == "2026-11-30 14:05"
    assert i18n.show_number(1234.5, 1) == "1234.5"
    assert i18n.show_percent(0.523) == "52%"


def test_german_uses_the_locales_forms():
    with i18n.speaking("de"):
        assert i18n.show_date(date(2026, 11, 30)) == "30.11.2026"
        assert i18n.show_datetime(datetime(2026, 11, 30, 14, 5)) == "30.11.2026 14:05"
        assert i18n.show_number(1234.5, 1) == "1.234,5"
        assert i18n.show_percent(0.523) == "52\xa0%"


# -- the catalogues ------------------------------------------------------------------------


def test_every_message_in_the_code_has_a_german_translation_and_the_mo_is_compiled():
    """The .po knows every msgid the code uses, none is empty or fuzzy, {fields} match, and the .mo is current."""
    catalogues = load_catalogues_script()
    assert catalogues.languages() == ["de"]
    assert catalogues.problems("de") == []


def test_the_template_finds_the_interface_strings():
    catalogues = load_catalogues_script()
    ids = {m.id for m in catalogues.template() if m.id}
    assert len(ids) > 300
    assert {"Next", "Begin session", "New session"} <= ids


def test_textual_s_own_key_words_are_all_in_the_catalogue():
    """Every description Textual gives the keys of the widgets Coalition uses is listed for translation."""
    from textual.app import App
    from textual.command import CommandInput, CommandPalette
    from textual.containers import ScrollableContainer, VerticalScroll
    from textual.screen import ModalScreen, Screen
    from textual.scroll_view import ScrollView
    from textual.widgets import Button, Checkbox, Input, OptionList, Select, TextArea
    from textual.widgets._select import SelectOverlay

    from coalition_tui.textual_ext.textual_words import TEXTUAL_WORDS

    used = [Input, TextArea, Select, SelectOverlay, Checkbox, Button, OptionList, ScrollableContainer]
    used += [VerticalScroll, ScrollView, CommandPalette, CommandInput, Screen, ModalScreen, App]
    words = set()
    for widget in used:
        for klass in widget.__mro__:
            for binding in klass.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    words |= {text for text in (binding.description, binding.tooltip) if text}
                elif isinstance(binding, tuple) and len(binding) > 2:
                    words.add(binding[2])
    assert words - set(TEXTUAL_WORDS) == set()
    with i18n.speaking("de"):
        assert i18n._("Select all") == "Alles markieren"
