"""Commitments and the structures that keep each partner honest.

Everything here is pure: the screens show what these functions say. The
realism checks are *warnings*, never blocks: the partners decide, the app
only points at what tends to go wrong (dates already gone, nothing to check
in on, more than one person can carry, no way to tell when a thing is done).
"""

from __future__ import annotations

import calendar
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, time, timedelta
from typing import Any, Literal

from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.i18n import N_, _, current, ngettext, show_date

MAX_COMMITMENTS = 5
"""More open commitments than this and a person is carrying too much."""

DATE_HINT = N_("YYYY-MM-DD, like 2026-12-31")
"""How to type a date (English at import: show it as ``_(DATE_HINT)``, or :func:`date_hint`)."""

ROLE_RESPONSES: tuple[str, ...] = ("", "agreed", "change")

RHYTHMS: tuple[str, ...] = ("", "weekly", "biweekly", "monthly", "days")
"""The check-in rhythms a partner chooses from ("" for none chosen yet; "days": every ``every_days`` days)."""
RHYTHM_LABELS: dict[str, str] = {
    "": N_("Not chosen"),
    "weekly": N_("Weekly"),
    "biweekly": N_("Every two weeks"),
    "monthly": N_("Monthly"),
    "days": N_("Every N days"),
}
"""Each rhythm in words, English at import: show one as ``_(RHYTHM_LABELS[rhythm])``."""
MAX_EVERY_DAYS = 366
"""The longest "every N days" a check-in rhythm takes: a year."""
TIME_HINT = N_("HH:MM, like 18:30")

_UID_SHAPE = re.compile(r"\A[0-9A-Za-z][0-9A-Za-z._-]{0,199}\Z")
"""What a stable id looks like (it becomes an iCalendar UID): letters, digits, ``.``, ``_`` and ``-``."""


def new_uid(kind: str) -> str:
    """A stable id for a commitment (``kind`` "commitment") or a check-in series ("checkins"), made once."""
    return f"{kind}-{secrets.token_hex(8)}"


@dataclass
class Commitment:
    what: str = ""
    # A date, kept as YYYY-MM-DD once what is typed reads as one (see stored_date); anything else is
    # kept as typed, so nothing is lost. Sessions from before may hold a date typed another way.
    by_when: str = ""
    done_when: str = ""  # how they will know it is done
    # Its stable id, kept by every revision of the agreement (the calendar's UID); "" in sessions held
    # before ids, which are known by their place instead (see commitment_uid).
    uid: str = ""

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
class InheritedEvent:
    """A calendar event the agreement a revision replaces carried: its UID and when it began.

    A revision that no longer carries it sends it as cancelled, so a calendar that
    imported the original drops it.
    """

    uid: str
    start: str  # YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a check-in at a time of day


@dataclass
class PartnerAccountability:
    commitments: list[Commitment] = field(default_factory=list)
    cadence: str = ""  # in words: typed in sessions held before rhythms; said from the rhythm since
    channel: str = ""  # where and how they meet: the check-in's place (e.g. "a call on Fridays")
    first_checkin: str = ""  # a date, kept like ``by_when``, or empty
    role_asked: str = ""  # the role asked of the other partner
    role_response: str = ""  # "", "agreed" or "change" (answered by the other partner)
    role_change_note: str = ""
    rhythm: str = ""  # one of RHYTHMS
    # How often, in the words typed in a session held before rhythms: kept when a rhythm is chosen over them.
    cadence_typed: str = ""
    every_days: int = 0  # for the rhythm "days"; 0 while not typed
    checkin_time: str = ""  # the check-in's time of day as typed (HH:MM), or empty for all day
    # The check-in series' stable id, made with the plan and kept by every revision ("" in older sessions).
    series_uid: str = field(default_factory=lambda: new_uid("checkins"))
    # In a revision: the events the agreement it replaces carried for this partner (see InheritedEvent).
    inherited: list[InheritedEvent] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PartnerAccountability:
        data = dict(data or {})
        commitments = [Commitment(**c) for c in data.pop("commitments", [])]
        inherited = [InheritedEvent(**e) for e in data.pop("inherited", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("series_uid", "")  # a plan saved before ids has none: never a new one at each read
        return cls(commitments=commitments, inherited=inherited, **known)

    # -- what counts -------------------------------------------------------------

    def listed(self) -> list[tuple[int, Commitment]]:
        """Commitments with anything in them, with their index in ``commitments``."""
        return [(i, c) for i, c in enumerate(self.commitments) if not c.is_empty]

    @property
    def has_structure(self) -> bool:
        return bool(
            self.cadence.strip()
            or self.rhythm
            or self.checkin_time.strip()
            or self.channel.strip()
            or self.first_checkin.strip()
        )

    def chosen_cadence(self) -> Cadence | None:
        """The rhythm chosen, as a cadence; None when none is chosen (or "every N days" lacks its N)."""
        if self.rhythm == "weekly":
            return Cadence("week", 1)
        if self.rhythm == "biweekly":
            return Cadence("week", 2)
        if self.rhythm == "monthly":
            return Cadence("month", 1)
        if self.rhythm == "days" and 1 <= self.every_days <= MAX_EVERY_DAYS:
            return Cadence("day", self.every_days)
        return None

    def cadence_rule(self) -> Cadence | None:
        """How often they check in: the rhythm chosen, or else what the words say (sessions before rhythms)."""
        return self.chosen_cadence() or parse_cadence(self.cadence)

    def cadence_words(self) -> str:
        """The rhythm and time chosen in words ("every two weeks, 18:30"), in the current language."""
        if self.rhythm == "days":
            if self.every_days < 1:
                return ""
            n = self.every_days
            words = _("every day") if n == 1 else ngettext("every {n} day", "every {n} days", n).format(n=n)
        elif self.rhythm:
            words = {"weekly": _("weekly"), "biweekly": _("every two weeks"), "monthly": _("monthly")}[self.rhythm]
        else:
            return ""
        at = try_time(self.checkin_time)
        return f"{words}, {at.strftime('%H:%M')}" if at else words

    # -- changes -------------------------------------------------------------------

    def _say_cadence(self, said_before: str) -> None:
        """The words follow the rhythm; words typed in an older session stay until a rhythm is chosen.

        Typed words a rhythm replaces are kept in ``cadence_typed`` ("every other Friday, after
        the stand-up" says more than "every two weeks"): the plan still shows them.
        """
        if self.rhythm:
            typed = self.cadence.strip()
            if typed and self.cadence != said_before and not self.cadence_typed:
                self.cadence_typed = typed
            self.cadence = self.cadence_words()
        elif self.cadence == said_before:
            self.cadence = ""

    def choose_rhythm(self, rhythm: str, every_days: int | None = None) -> None:
        if rhythm not in RHYTHMS:
            raise ValidationError(_("Unknown rhythm {rhythm}.").format(rhythm=repr(rhythm)), "rhythm")
        said = self.cadence_words()
        self.rhythm = rhythm
        if every_days is not None:
            self.every_days = max(0, min(every_days, 999))
        self._say_cadence(said)

    def set_every_days(self, days: int) -> None:
        said = self.cadence_words()
        self.every_days = max(0, min(days, 999))
        self._say_cadence(said)

    def set_checkin_time(self, text: str) -> None:
        said = self.cadence_words()
        self.checkin_time = text
        self._say_cadence(said)

    def typed_words(self) -> str:
        """Words typed for how often before rhythms were chosen, still to be shown ("" when there are none)."""
        if self.cadence_typed:
            return self.cadence_typed
        return self.cadence.strip() if not self.rhythm else ""

    def adopt_cadence_text(self) -> bool:
        """Read a rhythm from words typed before rhythms were chosen ("every two weeks"); True if one was.

        The words stay as they were typed; only a rhythm the choices hold is taken.
        """
        if self.rhythm:
            return False
        read = parse_cadence(self.cadence)
        if read is None:
            return False
        if read == Cadence("week", 1):
            self.rhythm = "weekly"
        elif read == Cadence("week", 2):
            self.rhythm = "biweekly"
        elif read == Cadence("month", 1):
            self.rhythm = "monthly"
        elif read.unit != "month" and read.count * _UNIT_DAYS[read.unit] <= MAX_EVERY_DAYS:
            self.rhythm, self.every_days = "days", read.count * _UNIT_DAYS[read.unit]
        else:
            return False
        return True

    def add_commitment(self) -> int:
        """A blank commitment at the end; it gets its stable id with its first words (see set_commitment)."""
        self.commitments.append(Commitment())
        return len(self.commitments) - 1

    def remove_commitment(self, index: int) -> Commitment:
        return self.commitments.pop(index)

    def set_commitment(self, index: int, name: str, text: str) -> None:
        if name not in ("what", "by_when", "done_when"):
            raise ValueError(f"a commitment has no field {name!r}")
        commitment = self.commitments[index]
        setattr(commitment, name, stored_date(text) if name == "by_when" else text)
        if not commitment.uid and not commitment.is_empty:
            # Made once, when it is first written (a blank one is not yet a commitment: nothing to save).
            commitment.uid = new_uid("commitment")

    def set_first_checkin(self, text: str) -> None:
        """The first check-in's date: as YYYY-MM-DD once it reads as a date, else as typed."""
        self.first_checkin = stored_date(text)

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
"""The German form, day first: ``30.11.2026`` (or ``1.2.2027``). Dots are day first in every language."""
_SLASHED_DATE_SHAPE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
"""With slashes: day first in some countries, month first in others; read only when it can be one date."""


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


def _slashed(raw: str, field: str) -> tuple[str, str, str] | None:
    """Year, month and day of a date with slashes, when it can only be one date.

    ``31/12/2026`` and ``12/31/2026`` are each one date (there is no month 31),
    and ``4/4/2027`` is the same either way; ``03/04/2026`` could be the 3rd of
    April or the 4th of March, and is refused with both, never guessed. None when
    it is not one of these shapes; when neither reading is a date, the day-first
    reading, for its message.
    """
    match = _SLASHED_DATE_SHAPE.match(raw)
    if match is None:
        return None
    first, second, year = match.groups()
    day_first, month_first = (year, second, first), (year, first, second)
    one, another = _real_date(day_first), _real_date(month_first)
    if one is not None and another is not None and one != another:
        raise ValidationError(
            _("{typed} could be {one} or {another}: type the date as {hint}.").format(
                typed=raw, one=show_date(one), another=show_date(another), hint=date_hint()
            ),
            field,
        )
    return month_first if one is None and another is not None else day_first


def _real_date(parts: tuple[str, ...]) -> date | None:
    """The date of (year, month, day) as typed, or None when there is no such day."""
    try:
        year, month, day = (int(part) for part in parts)
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str | None, *, field: str = "date") -> date | None:
    """A date typed as YYYY-MM-DD, as DD.MM.YYYY (day first, the German way), or with slashes when
    they can only mean one date (``31/12/2026``); ``None`` when empty.

    The message of the ``ValidationError`` says what exactly is wrong, so a
    form can show it beside the field as it is typed: a date with slashes that
    could be two dates says both, and is never read as either.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    parts = _date_parts(raw) or _slashed(raw, field)
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


def stored_date(text: str) -> str:
    """What a plan keeps for a date typed: YYYY-MM-DD when it reads as one date, else the text as typed.

    One stored form for every date, whichever way it was typed and in whichever
    language; what does not read as a date (yet) is kept exactly, and its field
    says what is wrong with it.
    """
    day = try_date(text)
    return day.isoformat() if day is not None else text


def date_as_typed(text: str) -> str:
    """A stored YYYY-MM-DD date as a field shows it: the way the language's hint types a date (ISO in
    English, day first with dots in German); anything else as it is."""
    match = _DATE_SHAPE.match(text)
    day = _real_date(match.groups()) if match else None
    if day is None or current() == "en":
        return text
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


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


_TIME_SHAPE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


ALL_DAY = N_("all day")
"""What a partner may type for a check-in at no particular time (the field's placeholder offers it)."""


def parse_time(text: str | None, *, field: str = "checkin_time") -> time | None:
    """A time of day typed as HH:MM (or H:MM, or 18.30); ``None`` when empty or "all day" (in English or as shown)."""
    raw = (text or "").strip()
    if not raw or " ".join(raw.casefold().split()) in {ALL_DAY, _(ALL_DAY).casefold()}:
        return None
    match = _TIME_SHAPE.match(raw)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(
            _("Type the time as {hint}, or “{all_day}”.").format(hint=_(TIME_HINT), all_day=_(ALL_DAY)), field
        )
    return time(int(match.group(1)), int(match.group(2)))


def try_time(text: str | None) -> time | None:
    """The time of day, or None when it is empty or not a time."""
    try:
        return parse_time(text)
    except ValidationError:
        return None


def time_problem(text: str | None) -> str:
    """The message for a badly typed time, or ``""`` when it is empty or fine."""
    try:
        parse_time(text)
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
        return self.nth(start, 1)

    def nth(self, start: date, number: int) -> date:
        """The ``number``-th date after ``start`` (0: ``start`` itself).

        Monthly dates keep ``start``'s day, clamped to each month's last day: a series
        begun on the 31st meets on the 31st, the 30th, or the 28th in February, as an
        iCalendar rule ``BYMONTHDAY=28,29,30,31;BYSETPOS=-1`` does. Raises
        ``OverflowError`` past the year 9999.
        """
        if self.unit == "month":
            months = start.month - 1 + self.count * number
            year, month = start.year + months // 12, months % 12 + 1
            if year > date.max.year:
                raise OverflowError("past the last date")
            return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        return start + timedelta(days=_UNIT_DAYS[self.unit] * self.count * number)

    def longest_step_days(self) -> int:
        """Days in one step, at most (a month: 31)."""
        return 31 * self.count if self.unit == "month" else _UNIT_DAYS[self.unit] * self.count


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
    cadences = [c for c in (state.of(s).cadence_rule() for s in SIDES) if c is not None]
    if not cadences:
        return None
    try:
        return min(c.after(today) for c in cadences)
    except OverflowError:
        return None


# -- the check-in series and the calendar's stable ids ------------------------------------


@dataclass(frozen=True)
class CheckinSeries:
    """Check-ins from ``first`` on, every ``cadence`` (just the once when it is None), at ``at`` or all day.

    Both partners' plans name check-ins; when they name the same dates at the same
    time, it is one series (``sides`` holds both). ``uid`` is the calendar's UID.
    """

    uid: str
    sides: tuple[Side, ...]
    first: date
    cadence: Cadence | None
    at: time | None
    places: tuple[str, ...]
    words: tuple[str, ...]  # how often, in each partner's words, as saved

    def dates(self, start: date, count: int) -> list[date]:
        """The first ``count`` check-ins on or after ``start``."""
        if count <= 0:
            return []
        if self.cadence is None:
            return [self.first] if self.first >= start else []
        out: list[date] = []
        number = max(0, (start - self.first).days // self.cadence.longest_step_days() - 1)  # all before start
        try:
            while len(out) < count:
                day = self.cadence.nth(self.first, number)
                if day >= start:
                    out.append(day)
                number += 1
        except (OverflowError, ValueError):
            pass  # past the year 9999: no more dates
        return out

    @property
    def start_text(self) -> str:
        """When it begins, as an inherited event keeps it (YYYY-MM-DD, with THH:MM for a time of day)."""
        return self.first.isoformat() + (f"T{self.at.strftime('%H:%M')}" if self.at else "")


def commitment_uid(session_id: str, side: Side, index: int, commitment: Commitment) -> str:
    """The calendar's UID for a commitment: its stable id, or its place in sessions held before ids."""
    if _UID_SHAPE.match(commitment.uid):
        return commitment.uid
    return f"{session_id}-{side}-commitment-{index}"


def checkin_series(state: AccountabilityState, session_id: str = "") -> list[CheckinSeries]:
    """Every partner's check-in series, the same dates at the same time taken once, earliest first.

    A plan makes a series when its first check-in is a date; it recurs when a
    rhythm is chosen (a plan from before rhythms, with its rhythm in words, has
    its first check-in alone: a revision reads the words into a rhythm).
    """
    groups: dict[tuple[date, Cadence | None, time | None], list[Side]] = {}
    for side in SIDES:
        plan = state.of(side)
        first = try_date(plan.first_checkin)
        if first is not None:
            groups.setdefault((first, plan.chosen_cadence(), try_time(plan.checkin_time)), []).append(side)
    out: list[CheckinSeries] = []
    used: set[str] = set()
    for (first, cadence, at), sides in sorted(groups.items(), key=lambda item: (item[0][0], item[1])):
        plan = state.of(sides[0])
        uid = plan.series_uid if _UID_SHAPE.match(plan.series_uid) else f"{session_id}-checkin-{first.isoformat()}"
        if uid in used:
            uid = f"{uid}-{sides[0]}"
        used.add(uid)
        places = tuple(dict.fromkeys(p for p in (" ".join(state.of(s).channel.split()) for s in sides) if p))
        words = tuple(dict.fromkeys(w for w in (state.of(s).cadence.strip() for s in sides) if w))
        out.append(CheckinSeries(uid, tuple(sides), first, cadence, at, places, words))
    return out


def next_checkins(state: AccountabilityState, start: date, count: int = 3, side: Side | None = None) -> list[date]:
    """The next ``count`` check-in dates on or after ``start`` (only ``side``'s, when given), as the app shows them.

    The iCalendar export's check-in events expand to these same dates.
    """
    dates: set[date] = set()
    for series in checkin_series(state):
        if side is None or side in series.sides:
            dates.update(series.dates(start, count))
    return sorted(dates)[:count]


def carried_events(state: AccountabilityState, session_id: str) -> dict[Side, list[InheritedEvent]]:
    """The calendar events each partner's plan carries (commitments with a due date, check-in series).

    A revision keeps these (with what its original inherited) so its export can cancel those it dropped.
    """
    carried: dict[Side, list[InheritedEvent]] = {side: [] for side in SIDES}
    for side in SIDES:
        for index, commitment in state.of(side).listed():
            due = commitment.due
            if due is not None:
                carried[side].append(
                    InheritedEvent(commitment_uid(session_id, side, index, commitment), due.isoformat())
                )
    for series in checkin_series(state, session_id):
        for side in series.sides:
            carried[side].append(InheritedEvent(series.uid, series.start_text))
    return carried


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
    "bad_days",
    "bad_time",
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
    if me.rhythm == "days" and not 1 <= me.every_days <= MAX_EVERY_DAYS:
        message = _("Every how many days? A number from 1 to {most}.").format(most=MAX_EVERY_DAYS)
        out.append(RealismWarning(side, "bad_days", message))
    problem = time_problem(me.checkin_time)
    if problem:
        out.append(
            RealismWarning(side, "bad_time", _("The check-in time is unclear. {problem}").format(problem=problem))
        )
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
