"""Commitments and the structures that keep each partner honest.

Everything here is pure: the screens show what these functions say. The
realism checks are *warnings*, never blocks: the partners decide, the app
only points at what tends to go wrong (dates already gone, nothing to check
in on, more than one person can carry, no way to tell when a thing is done).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.i18n import N_, _, current, ngettext, show_date

MAX_COMMITMENTS = 5
"""More open commitments than this and a person is carrying too much."""

DATE_HINT = N_("YYYY-MM-DD, like 2026-12-31")
"""How to type a date (English at import: show it as ``_(DATE_HINT)``, or :func:`date_hint`)."""

ROLE_RESPONSES: tuple[str, ...] = ("", "agreed", "change")


@dataclass
class Commitment:
    what: str = ""
    by_when: str = ""  # a date (YYYY-MM-DD or DD.MM.YYYY) or empty; kept as typed so nothing is lost
    done_when: str = ""  # how they will know it is done

    @property
    def is_empty(self) -> bool:
        return not (self.what.strip() or self.by_when.strip() or self.done_when.strip())

    @property
    def due(self) -> date | None:
        """The due date, or None when it is empty or not a date."""
        return try_date(self.by_when)

    def label(self, index: int) -> str:
        """How warnings name it: its words, or its number when it has none yet."""
        what = " ".join(self.what.split())
        if not what:
            return _("Commitment {number}").format(number=index + 1)
        return _("“{words}”").format(words=f"{what[:40]}…" if len(what) > 40 else what)


@dataclass
class PartnerAccountability:
    commitments: list[Commitment] = field(default_factory=list)
    cadence: str = ""  # e.g. "every two weeks"
    channel: str = ""  # e.g. "a call on Fridays"
    first_checkin: str = ""  # a date as typed (like ``by_when``) or empty
    role_asked: str = ""  # the role asked of the other partner
    role_response: str = ""  # "", "agreed" or "change" (answered by the other partner)
    role_change_note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PartnerAccountability:
        data = dict(data or {})
        commitments = [Commitment(**c) for c in data.pop("commitments", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(commitments=commitments, **known)

    # -- what counts -------------------------------------------------------------

    def listed(self) -> list[tuple[int, Commitment]]:
        """Commitments with anything in them, with their index in ``commitments``."""
        return [(i, c) for i, c in enumerate(self.commitments) if not c.is_empty]

    @property
    def has_structure(self) -> bool:
        return bool(self.cadence.strip() or self.channel.strip() or self.first_checkin.strip())

    # -- changes -------------------------------------------------------------------

    def add_commitment(self) -> int:
        self.commitments.append(Commitment())
        return len(self.commitments) - 1

    def remove_commitment(self, index: int) -> Commitment:
        return self.commitments.pop(index)

    def set_commitment(self, index: int, name: str, text: str) -> None:
        if name not in ("what", "by_when", "done_when"):
            raise ValueError(f"a commitment has no field {name!r}")
        setattr(self.commitments[index], name, text)

    def set_role(self, text: str) -> None:
        """Change the role asked; an agreement given to other words no longer stands.

        A request to change the role stays (with its note) so the asker can see
        what was asked of them while rewording.
        """
        if text != self.role_asked and self.role_response == "agreed":
            self.role_response = ""
        self.role_asked = text

    def answer_role(self, response: str, note: str | None = None) -> None:
        if response not in ROLE_RESPONSES:
            raise ValidationError(
                _("Unknown answer {answer} to a role.").format(answer=repr(response)), "role_response"
            )
        self.role_response = response
        if note is not None:
            self.role_change_note = note


@dataclass
class AccountabilityState:
    sides: dict[str, PartnerAccountability] = field(default_factory=lambda: {s: PartnerAccountability() for s in SIDES})

    def of(self, side: Side) -> PartnerAccountability:
        return self.sides[side]

    def to_dict(self) -> dict[str, Any]:
        return {s: asdict(p) for s, p in self.sides.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AccountabilityState:
        data = data or {}
        return cls({s: PartnerAccountability.from_dict(data.get(s)) for s in SIDES})


# -- dates ------------------------------------------------------------------------

_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GERMAN_DATE_SHAPE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
"""The German form, day first: ``30.11.2026`` (or ``1.2.2027``)."""


def date_hint() -> str:
    """How to type a date, in the current language."""
    return _(DATE_HINT)


def _month_name(month: int) -> str:
    if current() == "en":
        return calendar.month_name[month]
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=current())[month])


def _date_parts(raw: str) -> tuple[str, str, str] | None:
    """Year, month and day as typed, in the ISO form or the German one; None for any other."""
    match = _DATE_SHAPE.match(raw)
    if match:
        year, month, day = match.groups()
        return year, month, day
    match = _GERMAN_DATE_SHAPE.match(raw)
    if match:
        day, month, year = match.groups()
        return year, month, day
    return None


def parse_date(text: str | None, *, field: str = "date") -> date | None:
    """A date typed as YYYY-MM-DD (or as DD.MM.YYYY, the German way); ``None`` when empty.

    The message of the ``ValidationError`` says what exactly is wrong, so a
    form can show it beside the field as it is typed.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    parts = _date_parts(raw)
    if parts is None:
        raise ValidationError(_("Type the date as {hint}.").format(hint=date_hint()), field)
    year, month, day = (int(part) for part in parts)
    if not 1 <= month <= 12:
        raise ValidationError(_("There is no month {month}: months run from 01 to 12.").format(month=parts[1]), field)
    if year < 1:
        raise ValidationError(_("Type the date as {hint}.").format(hint=date_hint()), field)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            _("{month} {year} has {days} days, so there is no day {day}.").format(
                month=_month_name(month), year=year, days=last, day=parts[2]
            ),
            field,
        )
    return date(year, month, day)


def try_date(text: str | None) -> date | None:
    """The date, or None when it is empty *or* not a date (for display and exports)."""
    try:
        return parse_date(text)
    except ValidationError:
        return None


def date_problem(text: str | None) -> str:
    """The message for a badly typed date, or ``""`` when it is empty or fine."""
    try:
        parse_date(text)
    except ValidationError as error:
        return str(error)
    return ""


# -- check-in cadence ----------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNIT_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class Cadence:
    """A cadence we could read from the words: every ``count`` ``unit``s."""

    unit: Literal["day", "week", "month"]
    count: int

    def after(self, start: date) -> date:
        """The date one cadence after ``start`` (month ends are clamped)."""
        if self.unit == "month":
            months = start.month - 1 + self.count
            year, month = start.year + months // 12, months % 12 + 1
            return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return start + timedelta(days=_UNIT_DAYS[self.unit] * self.count)


_FIXED_CADENCES: tuple[tuple[str, Cadence], ...] = (
    (r"\bdaily\b|\bevery\s+day\b|\bonce\s+a\s+day\b", Cadence("day", 1)),
    (r"\bfortnight(ly)?\b|\bbi-?weekly\b|\bevery\s+other\s+week\b", Cadence("week", 2)),
    (r"\bweekly\b|\bevery\s+week\b|\bonce\s+a\s+week\b", Cadence("week", 1)),
    (r"\bquarterly\b|\bevery\s+quarter\b", Cadence("month", 3)),
    (r"\bmonthly\b|\bevery\s+month\b|\bonce\s+a\s+month\b", Cadence("month", 1)),
)
_EVERY_N = re.compile(r"\bevery\s+(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(day|week|month)s?\b")

# The same in German ("alle zwei Wochen", "wöchentlich", "einmal im Monat"...), for partners who write it so.
_GERMAN_NUMBER_WORDS = {
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "vierzehn": 14,
}
_GERMAN_UNITS: dict[str, Literal["day", "week", "month"]] = {"tag": "day", "woche": "week", "monat": "month"}
_GERMAN_FIXED_CADENCES: tuple[tuple[str, Cadence], ...] = (
    (r"\btäglich\b|\bjeden\s+tag\b|\beinmal\s+(am|pro|im)\s+tag\b", Cadence("day", 1)),
    (r"\b(vierzehntägig|zweiwöchentlich|zweiwöchig)\b|\bjede\s+zweite\s+woche\b", Cadence("week", 2)),
    (r"\bwöchentlich\b|\bjede\s+woche\b|\beinmal\s+(die|pro|in\s+der)\s+woche\b", Cadence("week", 1)),
    (r"\b(quartalsweise|vierteljährlich)\b|\bjedes\s+quartal\b", Cadence("month", 3)),
    (r"\bmonatlich\b|\bjeden\s+monat\b|\beinmal\s+(im|pro)\s+monat\b", Cadence("month", 1)),
)
_GERMAN_EVERY_N = re.compile(
    r"\balle\s+(\d{1,3}|" + "|".join(_GERMAN_NUMBER_WORDS) + r")\s+(tag|woche|monat)(e|en|n)?\b"
)


def parse_cadence(text: str | None) -> Cadence | None:
    """Read "every two weeks", "weekly", "a call every 10 days" (or "alle zwei Wochen"...); None if unsure."""
    words = " ".join((text or "").lower().split())
    if not words:
        return None
    match = _EVERY_N.search(words)
    if match:
        number = match.group(1)
        count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
        if count > 0:
            return Cadence(match.group(2), count)  # type: ignore[arg-type]
    for pattern, cadence in _FIXED_CADENCES:
        if re.search(pattern, words):
            return cadence
    match = _GERMAN_EVERY_N.search(words)
    if match:
        number = match.group(1)
        count = int(number) if number.isdigit() else _GERMAN_NUMBER_WORDS[number]
        if count > 0:
            return Cadence(_GERMAN_UNITS[match.group(2)], count)
    for pattern, cadence in _GERMAN_FIXED_CADENCES:
        if re.search(pattern, words):
            return cadence
    return None


def next_by_cadence(state: AccountabilityState, today: date) -> date | None:
    """One cadence from today, taking the more frequent of the two partners' cadences."""
    cadences = [c for c in (parse_cadence(state.of(s).cadence) for s in SIDES) if c is not None]
    if not cadences:
        return None
    return min(c.after(today) for c in cadences)


# -- realism checks --------------------------------------------------------------------

WarningKind = Literal[
    "too_many",
    "bad_date",
    "past_due",
    "no_due",
    "no_done_when",
    "no_checkin",
    "bad_checkin",
    "past_checkin",
    "role_unanswered",
    "role_change",
]


@dataclass(frozen=True)
class RealismWarning:
    """A gentle note about one partner's plan; ``index`` names a commitment when it is about one."""

    side: Side
    kind: WarningKind
    message: str
    index: int | None = None


def realism_warnings(
    state: AccountabilityState, side: Side, today: date, names: Mapping[Side, str]
) -> list[RealismWarning]:
    """What looks unrealistic in ``side``'s plan, kindly worded, most important first.

    ``names`` maps "a"/"b" to the partners' names. A partner who has written
    nothing yet gets no warnings: an empty form is not a mistake.
    """
    me = state.of(side)
    them = names[other(side)]
    out: list[RealismWarning] = []
    listed = me.listed()
    if len(listed) > MAX_COMMITMENTS:
        out.append(
            RealismWarning(
                side,
                "too_many",
                ngettext(
                    "{count} commitment is a lot for one person to carry. "
                    "Could some wait, so the {most} that matter most get done?",
                    "{count} commitments is a lot for one person to carry. "
                    "Could some wait, so the {most} that matter most get done?",
                    len(listed),
                ).format(count=len(listed), most=MAX_COMMITMENTS),
            )
        )
    for index, commitment in listed:
        name = commitment.label(index)
        problem = date_problem(commitment.by_when)
        if problem:
            message = _("{name}: the date is unclear. {problem}").format(name=name, problem=problem)
            out.append(RealismWarning(side, "bad_date", message, index))
        elif commitment.due is None:
            out.append(RealismWarning(side, "no_due", _("{name}: by when, realistically?").format(name=name), index))
        elif commitment.due < today:
            message = _("{name}: {date} has already passed. What date is realistic now?").format(
                name=name, date=show_date(commitment.due)
            )
            out.append(RealismWarning(side, "past_due", message, index))
        if not commitment.done_when.strip():
            message = _("{name}: how will you both know it is done?").format(name=name)
            out.append(RealismWarning(side, "no_done_when", message, index))
    if listed or me.has_structure:
        problem = date_problem(me.first_checkin)
        first = try_date(me.first_checkin)
        if problem:
            message = _("The first check-in date is unclear. {problem}").format(problem=problem)
            out.append(RealismWarning(side, "bad_checkin", message))
        elif first is None:
            message = _("No first check-in date yet: a date in the calendar makes it happen.")
            out.append(RealismWarning(side, "no_checkin", message))
        elif first < today:
            message = _("The first check-in, {date}, is already in the past.").format(date=show_date(first))
            out.append(RealismWarning(side, "past_checkin", message))
    if me.role_asked.strip():
        if me.role_response == "change":
            note = " ".join(me.role_change_note.split())
            if note:
                message = _("{name} asked to change this role: {note} Reword it together until it fits.").format(
                    name=them, note=note
                )
            else:
                message = _("{name} asked to change this role. Reword it together until it fits.").format(name=them)
            out.append(RealismWarning(side, "role_change", message))
        elif me.role_response != "agreed":
            message = _("{name} has not yet agreed to the role asked.").format(name=them)
            out.append(RealismWarning(side, "role_unanswered", message))
    return out


def all_warnings(state: AccountabilityState, today: date, names: Mapping[Side, str]) -> list[RealismWarning]:
    return [w for side in SIDES for w in realism_warnings(state, side, today, names)]
