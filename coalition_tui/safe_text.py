"""Partners' words on their way out: to a terminal, or into a file another program reads.

What a person typed (or pasted, or what a session file someone handed over
holds) is data. Written raw, ``ESC ] 0 ; … BEL`` retitles a terminal window and
``ESC [ 2 J`` clears it; a raw control byte is invalid in iCalendar text; a lone
surrogate cannot be encoded at all. Each way out has one function here, and
every writer uses it, so no path can forget:

* ``visible``: for a terminal (``coalition show``, ``list``, exports printed to
  standard output). Controls become their visible pictures (ESC as ``␛``), so
  nothing is run and nothing silently disappears.
* ``strip_controls``: for the app's own screen, where a control has no width
  and a picture would shift the layout by a cell; the words stored keep them.
* ``markdown_text``, ``json_text``, ``ics_text``: for files, exact where the
  format can say it (an entity, an escape), a picture where it cannot.

Pure: no Textual, no rich.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
# line and paragraph separators (Rich gives them no width, a terminal may give them one).
UNSAFE_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# The same, plus what cannot be encoded as UTF-8 (lone surrogates) or splits lines where
# a reader does not expect it (U+2028, U+2029): for formats that need each escaped.
_JSON_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# ``<`` opening a tag, comment or declaration, and ``&`` opening an entity: the two ways
# words in Markdown turn into HTML (a notes app may render ``<img onerror=…>``).
_MARKDOWN_HTML = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")

REPLACEMENT = "\ufffd"


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    if code in (0x2028, 0x2029):
        return "\n"  # a line break is what the writer meant
    return REPLACEMENT  # C1 controls and lone surrogates have no picture


def visible(text: str) -> str:
    """``text`` for a terminal: every control (but tab and newline) shown as a picture, never run."""
    text = UNSAFE_CONTROLS.sub(lambda match: _picture(match.group()), text)
    return _SURROGATES.sub(REPLACEMENT, text)


def strip_controls(text: str) -> str:
    """``text`` without control characters (they are zero-width, so layout is unchanged)."""
    return UNSAFE_CONTROLS.sub("", text)


def markdown_text(text: str) -> str:
    """``text`` for a Markdown file: reads the same rendered, and holds no raw control or HTML.

    Controls become numeric character references (``&#x1B;``), which a renderer
    turns back into the same character; ``<`` that would open a tag becomes
    ``&lt;`` and ``&`` that would open an entity ``&amp;``. Everything else is left
    as typed, so the file reads naturally as plain text too.
    """
    text = _MARKDOWN_HTML.sub(lambda match: "&lt;" if match.group() == "<" else "&amp;", text)
    text = UNSAFE_CONTROLS.sub(lambda match: f"&#x{ord(match.group()):02X};", text)
    return _SURROGATES.sub(REPLACEMENT, text)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON that is exact and safe anywhere: every control escaped, readable otherwise.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 controls, U+2028/9 and
    lone surrogates as they are; those are escaped as ``\\uXXXX`` too, so the
    text parses back to exactly what was stored and prints harmlessly.
    """
    raw = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", raw)


def ics_text(text: str) -> str:
    """``text`` for an iCalendar TEXT value, which may hold no control but tab and newline.

    The format has no escape for them, so each is shown as its picture. (Commas,
    semicolons, backslashes and newlines are escaped by the iCalendar writer.)
    """
    return visible(text)
