"""Where Coalition keeps its data: --db, then COALITION_DB, then the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "COALITION_DB"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("coalition", appauthor=False)


def resolve_data_dir(db: str | os.PathLike[str] | None = None) -> Path:
    chosen = db or os.environ.get(ENV_VAR) or None
    return Path(chosen).expanduser() if chosen else default_data_dir()
