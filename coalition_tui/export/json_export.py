"""The JSON export: the whole session, in a documented, versioned format.

Tools and tests read this, so it changes only by adding fields; a change that
removes or renames one raises ``FORMAT_VERSION``. The README documents it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import stamp, utc_now

FORMAT_NAME = "coalition-session"
FORMAT_VERSION = 1


def export_dict(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": stamp(now or utc_now()),
        "session": session.to_dict(),
    }


def export_json(session: Session, *, now: datetime | None = None) -> str:
    return json.dumps(export_dict(session, now=now), ensure_ascii=False, indent=2) + "\n"
