"""What a killed process leaves in a data folder: temporary files and lock files, cleared when it is opened.

A write killed between creating its temporary file and renaming it leaves
``.<name>.<random>.tmp`` behind; a window killed outright leaves its
``<id>.lock``. Neither harms the data, but they pile up. Both are recognised
by name (nothing else in the folder is touched), and removed only when
certainly dead: a temporary file once it is older than any write takes
(``LEFTOVER_SECONDS``), a lock file once nobody holds its lock.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from coalition_tui.storage.atomic import TEMPORARY_NAME
from coalition_tui.storage.locks import remove_if_stale

LEFTOVER_SECONDS = 60.0
"""A temporary file of ours this old belongs to a write that will never finish (a write takes milliseconds)."""


def tidy(
    folder: Path,
    data_file: Callable[[str], bool],
    lock_file: Callable[[str], bool],
    *,
    now: float | None = None,
) -> list[str]:
    """Remove leftovers from ``folder`` with one listing; returns the names removed.

    ``data_file(name)``: whether ``name`` is a file Coalition keeps here (its
    temporary files are ``.<name>.*.tmp``); ``lock_file(name)``: whether it is
    one of Coalition's lock files. Errors leave a file where it is: a leftover
    does no harm, and a folder that cannot be changed is not ours to change.
    """
    moment = time.time() if now is None else now
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    # Done at every start, in a folder with a file per session: only the few candidates go further.
    for name in [n for n in names if n.endswith((".lock", ".tmp"))]:
        path = folder / name
        if lock_file(name):
            if remove_if_stale(path):
                removed.append(name)
            continue
        match = TEMPORARY_NAME.fullmatch(name)
        if match is None or not data_file(match.group("name")):
            continue
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and moment - info.st_mtime > LEFTOVER_SECONDS:
                os.unlink(path)
                removed.append(name)
        except OSError:
            continue
    return removed
