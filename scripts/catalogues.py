"""Keep the interface's translations in step with the code (Babel's extract, update and compile).

    python scripts/catalogues.py            # extract, update every .po, compile every .mo
    python scripts/catalogues.py --check    # exit 1 if a catalogue is behind the code (what the tests check)
    python scripts/catalogues.py --fill de FILE.json...   # take translations from {"msgid": "msgstr"} files

The message ids are the English strings passed to ``_``, ``N_`` and ``ngettext``
in ``coalition_tui/``. Each ``.po`` is the file a translator edits; its compiled
``.mo`` beside it is what the app reads and the wheel ships.
"""

from __future__ import annotations

import argparse
import gettext
import io
import json
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coalition_tui"
LOCALES = PACKAGE / "locale"
DOMAIN = "coalition"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def template() -> Catalog:
    """Every message id in the code, with where it is used."""
    catalog = Catalog(project="coalition-tui", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(f"coalition_tui/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES").is_dir())


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="coalition-tui")
    with open(path, "rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def dump_po(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True)
    return out.getvalue()


def dump_mo(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compiled(mo: bytes) -> dict[object, str]:
    """What a compiled catalogue translates (its header aside: it carries dates)."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    return {key: text for key, text in translations._catalog.items() if key != ""}  # type: ignore[attr-defined]


def updated(language: str) -> Catalog:
    catalog = read(language)
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(language: str) -> list[str]:
    """What is wrong with a language's catalogue: behind the code, untranslated, or a translation that breaks."""
    found: list[str] = []
    catalog = read(language)
    wanted = {m.id for m in template() if m.id}
    have = {m.id for m in catalog if m.id}
    for msgid in sorted(wanted - have, key=str):
        found.append(f"{language}: not in the catalogue (run scripts/catalogues.py): {msgid!r}")
    for message in catalog:
        if not message.id or message.id not in wanted:
            continue
        texts = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        if message.fuzzy or not all(texts):
            found.append(f"{language}: no translation for {ids[0]!r}")
            continue
        # A plural's forms may each leave out a field one English form lacks (the singular often
        # says "one" where the plural says "{count}"), but name no field neither English form has.
        wanted_fields = [fields(i) for i in ids]
        needed, allowed = set.intersection(*wanted_fields), set.union(*wanted_fields)
        for text in texts:
            try:
                named = fields(text)
            except ValueError:  # a stray brace
                found.append(f"{language}: the translation of {ids[0]!r} has a stray brace: {text!r}")
                continue
            same = named == wanted_fields[0] if len(ids) == 1 else needed <= named <= allowed
            if not same:
                found.append(f"{language}: {ids[0]!r} and its translation name different {{fields}}: {text!r}")
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or compiled(mo.read_bytes()) != compiled(dump_mo(catalog)):
        found.append(f"{language}: {mo.relative_to(ROOT)} is not compiled from its .po (run scripts/catalogues.py)")
    return found


def fill(language: str, sources: list[Path]) -> int:
    catalog = updated(language)
    given: dict[str, str | list[str]] = {}
    for source in sources:
        given.update(json.loads(source.read_text(encoding="utf-8")))
    count = 0
    for message in catalog:
        singular = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if not singular or singular not in given:
            continue
        text = given[singular]
        if isinstance(message.id, (list, tuple)):  # a plural: [one, many] (German has two forms, as English)
            forms = text if isinstance(text, list) else [text, text]
            if not all(message.string):
                message.string = tuple(forms)
                count += 1
        elif not message.string and isinstance(text, str):
            message.string = text
            count += 1
    po_path(language).write_bytes(dump_po(catalog))
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--fill", nargs="+", metavar=("LANG", "FILE"))
    args = parser.parse_args()
    if args.check:
        found = [p for language in languages() for p in problems(language)]
        print("\n".join(found) or "The catalogues are up to date.")
        return 1 if found else 0
    if args.fill:
        language, *sources = args.fill
        print(f"{fill(language, [Path(s) for s in sources])} translations taken.")
    for language in languages():
        catalog = updated(language)
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        po_path(language).write_bytes(dump_po(catalog))
        po_path(language).with_suffix(".mo").write_bytes(dump_mo(catalog))
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        print(f"{language}: {len(catalog)} messages, {untranslated} without a translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
