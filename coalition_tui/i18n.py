"""The interface's language: gettext catalogues compiled by Babel, and dates and numbers in the locale's form.

Every string of the interface is an English message id passed through ``_``
(``ngettext`` for a count); ``N_`` marks one kept in a constant and translated
where it is shown, so a language chosen after import still applies. The German
catalogue lives in ``coalition_tui/locale/de/LC_MESSAGES/coalition.po`` and is
compiled to ``.mo`` beside it (``python scripts/catalogues.py``), which is
what ships in the wheel. A partner's words never pass through here.

The language is one per process (the app shows one session at a time): chosen
by ``--lang``, else ``LC_ALL``/``LC_MESSAGES``/``LANG``, else English. A session
held in another language switches it while that session is open (its words were
written and shown in that language). Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

DOMAIN = "coalition"
DEFAULT = "en"
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
"""The languages the interface speaks, each named in itself (as a picker shows them)."""

ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where the language comes from when ``--lang`` is not given, in POSIX's order."""


class UnknownLanguage(ValueError):
    """A language the app has no catalogue for."""


def locale_dir() -> Path:
    return Path(str(files("coalition_tui").joinpath("locale")))


def normalize(code: str) -> str:
    """``de_DE.UTF-8``, ``de-AT`` or ``DE`` as ``de``; ``C`` and ``POSIX`` as English."""
    code = code.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if code.upper() in ("C", "POSIX", ""):
        return DEFAULT
    return code.split("_", 1)[0].lower()


def resolve(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: ``requested`` (refused if unknown), else the environment's, else English.

    An unknown language in the environment is not an error: the terminal may be
    set to a language the app does not speak yet, and English is the fallback.
    """
    if requested:
        code = normalize(requested)
        if code not in LANGUAGES:
            known = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
            raise UnknownLanguage(f"There is no {requested!r} interface. The languages are: {known}.")
        return code
    import os

    env = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        value = env.get(variable, "")
        if value:  # the first one set decides, as for every program using the C library's locale
            code = normalize(value)
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


class _Untranslated(gettext.NullTranslations):
    """The fallback under a catalogue: notes each message id it had to give back untranslated."""

    def __init__(self, missing: set[str]) -> None:
        super().__init__()
        self.missing = missing

    def gettext(self, message: str) -> str:
        self.missing.add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.missing.add(msgid1)
        return msgid1 if n == 1 else msgid2


missing: set[str] = set()
"""Message ids asked for in a language whose catalogue lacks them (a test fails on any)."""


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()  # the message ids are the English text
    catalogue = gettext.translation(DOMAIN, locale_dir(), languages=[language])
    catalogue.add_fallback(_Untranslated(missing))
    return catalogue


_current: gettext.NullTranslations = _translations(DEFAULT)
_language = DEFAULT


def set_language(language: str) -> None:
    """Speak ``language`` from now on (one of :data:`LANGUAGES`)."""
    global _current, _language
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    _current = _translations(language)
    _language = language


def current() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block (an export in the session's language), then as before."""
    before = _language
    set_language(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        set_language(before)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is defined; ``_`` translates it where it is shown."""
    return message


# -- dates and numbers ------------------------------------------------------------
# English keeps the app's own forms (ISO dates, 24-hour times: unambiguous to
# every reader); other languages use their locale's (Babel's CLDR data).


def show_date(day: _dt.date) -> str:
    if _language == DEFAULT:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, "medium", locale=_language)


def show_datetime(moment: _dt.datetime) -> str:
    """A moment to the minute, in the machine's time zone as given."""
    return f"{show_date(moment.date())} {show_time(moment)}"


def show_time(moment: _dt.datetime) -> str:
    return moment.strftime("%H:%M")  # 24-hour in both languages


def show_number(value: float, digits: int = 0) -> str:
    """``value`` rounded to ``digits`` decimals, in the locale's form (``1.5`` / ``1,5``)."""
    if _language == DEFAULT:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_language)


def show_percent(share: float) -> str:
    """A share of 1 as a whole percentage (``52%`` / ``52 %``)."""
    if _language == DEFAULT:
        return f"{share:.0%}"
    from babel.numbers import format_percent

    return format_percent(share, locale=_language)
