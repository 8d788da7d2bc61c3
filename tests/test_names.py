"""Two partners' names must read as two names: not only different code points.

Every pane, key hint and export tells the partners apart by name alone. Names
that differ only in case, in characters that draw nothing, or in letters from
another alphabet that look the same would put one partner's words under what
reads as the other's name.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import look_alike, validate_names

INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u034f", "\u180e", "\u2800"]
LATIN_NAMES = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'"), min_size=1, max_size=20
).filter(lambda name: name.strip("- '"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ann", "\u0410nn"),  # Cyrillic capital A
        ("Sam", "\u0405am"),  # Cyrillic DZE
        ("Joe", "J\u043ee"),  # Cyrillic o
        ("Ann", "Ａｎｎ"),  # fullwidth
        ("Ann", "𝐀nn"),  # mathematical bold
        ("Ann", "Ann\u200d"),
        ("Ann", "A\u200bnn"),
        ("Al", "A1"),
        ("Ann", "ANN"),
    ],
)
def test_look_alike_names_are_one_name(a, b):
    assert look_alike(a, b)
    with pytest.raises(ValidationError) as caught:
        validate_names(a, b)
    assert caught.value.field == "partner_b"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ann", "Anna"),
        ("Zoe", "Zoë"),
        ("Иван", "Ivan"),
        ("Sam", "Ann"),
        ("李", "林"),
        ("Ada", "Ben"),
        ("Jo", "Jon"),
        ("Chloé", "Chloe"),
    ],
)
def test_names_that_read_differently_are_two(a, b):
    assert not look_alike(a, b)
    assert validate_names(a, b)[:2] == (a, b)  # kept exactly as typed


@given(LATIN_NAMES, st.sampled_from(INVISIBLES), st.integers(min_value=0, max_value=20))
def test_an_invisible_character_anywhere_does_not_make_a_new_name(name, invisible, at):
    at = min(at, len(name))
    assert look_alike(name, name[:at] + invisible + name[at:])


@given(LATIN_NAMES, LATIN_NAMES)
def test_look_alike_is_symmetric(a, b):
    assert look_alike(a, b) == look_alike(b, a)


@pytest.mark.parametrize("name", ["\u200d", "\u200d\u200c", "\u0301\u0308", "\u3164", "\u2800\u2800", "\ufe0f"])
def test_a_name_with_nothing_to_see_is_refused(name):
    with pytest.raises(ValidationError, match="no letter anyone can see") as caught:
        validate_names(name, "Ben")
    assert caught.value.field == "partner_a"


def test_names_with_joiners_that_are_part_of_the_letters_are_kept():
    family = "👩\u200d👩\u200d👧 Kim"  # a zero-width joiner inside an emoji sequence
    assert validate_names(family, "Ben")[0] == family
    assert validate_names("क्\u200dष", "Ben")[0] == "क्\u200dष"  # a joiner in Devanagari
