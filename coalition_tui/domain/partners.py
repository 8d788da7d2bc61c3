"""The two partners: sides, names and the rules names must meet."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from coalition_tui.domain.errors import ValidationError
from coalition_tui.i18n import _

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


# Characters that draw nothing on their own: Unicode's default-ignorable code points
# (joiners, variation selectors, fillers, bidi marks) and the blank braille pattern.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_NOTHING_TO_SEE = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})  # with _INVISIBLE: no visible letter


def _seen(name: str) -> str:
    """What a name looks like, for comparing two: compatibility forms folded, invisibles gone, case ignored."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def _alike(x: str, y: str) -> bool:
    """Whether two characters are listed as look-alikes (Unicode's confusables, via confusable_homoglyphs)."""
    from confusable_homoglyphs.confusables import confusables_data

    return any(
        entry["c"].strip("\u200e\u200f").casefold() == y
        for entry in confusables_data.get(x, ()) + confusables_data.get(x.upper(), ())
    )


def look_alike(a: str, b: str) -> bool:
    """Whether two names would be read as one: equal but for case, invisible or look-alike characters.

    Each pane, key hint and export tells the partners apart by name alone, so
    ``Ann`` and ``Ann`` with a zero-width joiner, or with a Cyrillic ``А``, would
    put one partner's words under what reads as the other's name.
    """
    seen_a, seen_b = _seen(a), _seen(b)
    if seen_a == seen_b:
        return True
    if len(seen_a) != len(seen_b):
        return False
    return all(x == y or _alike(x, y) or _alike(y, x) for x, y in zip(seen_a, seen_b, strict=True))


def clean_name(raw: str | None, *, field: str, label: str, required: bool = True) -> str:
    """Trim and check one name; the message says which name is at fault (``label``, as shown)."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        if required:
            raise ValidationError(_("{label} needs a name.").format(label=label), field)
        return ""
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("{label}'s name is {length} characters; keep it to {limit}.").format(
                label=label, length=len(name), limit=MAX_NAME_LENGTH
            ),
            field,
        )
    if _has_control(name):
        raise ValidationError(
            _("{label}'s name holds a control character; type it plainly.").format(label=label), field
        )
    if all(unicodedata.category(ch) in _NOTHING_TO_SEE or _INVISIBLE.match(ch) for ch in name):
        raise ValidationError(_("{label}'s name has no letter anyone can see; type a name.").format(label=label), field)
    return name


def validate_names(a: str | None, b: str | None, facilitator: str | None = None) -> tuple[str, str, str]:
    """Check both partners' names (and the optional facilitator's) together.

    The two names must look different (see ``look_alike``): not only differ
    in case, invisible characters or letters from another alphabet that look
    the same.
    """
    name_a = clean_name(a, field="partner_a", label=_("Partner A"))
    name_b = clean_name(b, field="partner_b", label=_("Partner B"))
    if name_a.casefold() == name_b.casefold():
        raise ValidationError(_("The two partners need different names."), "partner_b")
    if look_alike(name_a, name_b):
        raise ValidationError(
            _(
                "The two names look the same on screen (they differ only in hidden or look-alike letters); "
                "use names that read differently."
            ),
            "partner_b",
        )
    fac = clean_name(facilitator, field="facilitator", label=_("The facilitator"), required=False)
    return name_a, name_b, fac


def clean_title(raw: str | None) -> str:
    title = unicodedata.normalize("NFC", (raw or "").strip())
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(_("Keep the title to {limit} characters.").format(limit=MAX_TITLE_LENGTH), "title")
    if _has_control(title):
        raise ValidationError(_("The title holds a control character; type it plainly."), "title")
    return title
