"""The two partners: sides, names and the rules names must meet."""

from __future__ import annotations

import unicodedata
from typing import Literal

from coalition_tui.domain.errors import ValidationError

Side = Literal["a", "b"]
SIDES: tuple[Side, Side] = ("a", "b")
SIDE_MARKS: dict[Side, str] = {"a": "A", "b": "B"}  # beside each name, so colour is never the only cue
PARTNER_COLOURS: dict[Side, str] = {"a": "#3aa0ff", "b": "#f0a030"}  # the default theme's; a theme may change them

MAX_NAME_LENGTH = 40
MAX_TITLE_LENGTH = 120


def other(side: Side) -> Side:
    return "b" if side == "a" else "a"


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d\u200c" for ch in text)


def clean_name(raw: str | None, *, field: str, label: str, required: bool = True) -> str:
    """Trim and check one name; the message says which name is at fault."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        if required:
            raise ValidationError(f"{label} needs a name.", field)
        return ""
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"{label}'s name is {len(name)} characters; keep it to {MAX_NAME_LENGTH}.", field
        )
    if _has_control(name):
        raise ValidationError(f"{label}'s name holds a control character; type it plainly.", field)
    return name


def validate_names(a: str | None, b: str | None, facilitator: str | None = None) -> tuple[str, str, str]:
    """Check both partners' names (and the optional facilitator's) together.

    Names must be distinct after trimming, ignoring case, because every pane,
    key hint and export tells the partners apart by name alone.
    """
    name_a = clean_name(a, field="partner_a", label="Partner A")
    name_b = clean_name(b, field="partner_b", label="Partner B")
    if name_a.casefold() == name_b.casefold():
        raise ValidationError("The two partners need different names.", "partner_b")
    fac = clean_name(facilitator, field="facilitator", label="The facilitator", required=False)
    return name_a, name_b, fac


def clean_title(raw: str | None) -> str:
    title = unicodedata.normalize("NFC", (raw or "").strip())
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(f"Keep the title to {MAX_TITLE_LENGTH} characters.", "title")
    if _has_control(title):
        raise ValidationError("The title holds a control character; type it plainly.", "title")
    return title
