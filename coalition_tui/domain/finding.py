"""Finding sessions as you type: every word typed must appear among a session's names, title, status or dates.

Home keeps one folded "haystack" per session, made when the list is read, so
each key only runs a substring test per session (a thousand sessions take well
under a millisecond). Folding ignores case and accents ("bjorn" finds "Björn").
Every date is there in both forms a person may type it, whatever the language
shown: ISO (``2026-11-30``, so ``2026-11`` finds a month) and day first with dots
(``30.11.2026``, as German shows it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(\d{4})(?![\d.])")


def fold(text: str) -> str:
    """``text`` as searched: case folded, accents taken off, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def terms(query: str) -> list[str]:
    """The words of a query, each of which must be found."""
    return fold(query).split()


def haystack(row: Mapping[str, Any], extra: Iterable[str] = ()) -> str:
    """Everything a session may be found by, folded: names, title, id, status, its dates, and ``extra``.

    ``extra`` is what the caller shows for it (the status in the interface's
    language, dates in the locale's form), so a person finds what they see.
    """
    partners = row.get("partners") or {}
    words = [
        str(partners.get("a", "")),
        str(partners.get("b", "")),
        str(row.get("title") or ""),
        str(row.get("id", "")),
        str(row.get("status", "")),
        str(row.get("created_at", ""))[:10],
        str(row.get("sealed_at") or "")[:10],
        str(row.get("next_checkin") or ""),
        *extra,
    ]
    return fold("\x1f".join([*words, *other_date_forms(words)]))


def _real(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def other_date_forms(texts: Iterable[str]) -> list[str]:
    """Each real date in ``texts`` in the form it is not written in: ISO ones day first with dots, and back."""
    forms: list[str] = []
    for text in texts:
        for year, month, day in _ISO_DATE.findall(text):
            if (found := _real(year, month, day)) is not None:
                forms.append(f"{found.day:02d}.{found.month:02d}.{found.year:04d}")
        for day, month, year in _DOTTED_DATE.findall(text):
            if (found := _real(year, month, day)) is not None:
                forms.append(found.isoformat())
    return forms


def matching(hays: Sequence[str], query: str) -> list[int]:
    """The positions of the haystacks that hold every word of ``query`` (all of them for an empty one)."""
    wanted = terms(query)
    if not wanted:
        return list(range(len(hays)))
    return [index for index, hay in enumerate(hays) if all(term in hay for term in wanted)]


def selected(
    rows: Sequence[Mapping[str, Any]],
    *,
    partner: str | None = None,
    status: str | None = None,
    since: date | None = None,
    created: Callable[[Mapping[str, Any]], date | None] | None = None,
) -> list[Mapping[str, Any]]:
    """``coalition list``'s filters: a partner's name (either partner, whole words, any case), sealed or
    open (anything not sealed), and created on or after ``since``."""
    wanted = terms(partner or "")
    found = []
    for row in rows:
        partners = row.get("partners") or {}
        if wanted and not any(_has_words(fold(str(partners.get(side, ""))).split(), wanted) for side in ("a", "b")):
            continue
        sealed = row.get("status") == "sealed"
        if status == "sealed" and not sealed or status == "open" and sealed:
            continue
        if since is not None:
            day = created(row) if created else None
            if day is None or day < since:
                continue
        found.append(row)
    return found


def _has_words(name: list[str], wanted: list[str]) -> bool:
    """Whether ``wanted`` appears in ``name`` as consecutive whole words ("ada" in "ada lovelace")."""
    size = len(wanted)
    return any(name[start : start + size] == wanted for start in range(len(name) - size + 1))
