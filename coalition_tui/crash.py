"""The last resort: an error nobody foresaw ends in one plain sentence, never a traceback.

A traceback in front of a pair is worse than useless: it frightens, it says
nothing they can act on, and Textual's own shows the values of local
variables, which here are partners' private words, on a screen that may be
shared on a video call. So the details go to a crash log only the user can
read, and the screen gets one sentence saying where it is. Used by the command
line and by the app alike. Pure: no Textual, no rich.
"""

from __future__ import annotations

import os
import platform
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from coalition_tui import __version__
from coalition_tui.i18n import N_, _

LOG_FOLDER = "logs"
EXIT_STATUS = 70  # EX_SOFTWARE: an internal error, told apart from a refusal (1) and a signal (128 + n)


def _report(error: BaseException) -> str:
    """The log's text: versions and the traceback, with no local variables (they hold private words)."""
    lines = [
        f"Coalition {__version__} crashed at {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        *traceback.format_exception(error),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def _open_private(folder: Path, name: str) -> tuple[int, Path]:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), path


def write_crash_log(error: BaseException, data_dir: Path | None) -> Path | None:
    """Write the details of ``error`` to a new 0600 file; its path, or None if nowhere would take it.

    Beside the data (``<data>/logs/``) when that folder exists, else in the temp folder.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"crash-{stamp}-{os.getpid()}.log"
    text = _report(error).encode("utf-8", "backslashreplace")
    places: list[Path] = []
    if data_dir is not None and data_dir.is_dir():
        places.append(data_dir / LOG_FOLDER)
    places.append(Path(tempfile.gettempdir()))
    for folder in places:
        try:
            fd, path = _open_private(folder, name)
        except OSError:
            continue
        try:
            os.write(fd, text)
        except OSError:
            continue
        finally:
            os.close(fd)
        return path
    return None


def log_line(data_dir: Path | None, line: str) -> None:
    """Add one line to ``<data>/logs/coalition.log`` (0600), for what went wrong without ending the app.

    Nothing a partner wrote goes in it. A log that cannot be written is left unwritten.
    """
    if data_dir is None or not data_dir.is_dir():
        return
    folder = data_dir / LOG_FOLDER
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(folder / "coalition.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        return
    try:
        os.write(fd, f"{stamp} {line}\n".encode("utf-8", "backslashreplace"))
    except OSError:
        pass
    finally:
        os.close(fd)


# What the person reads, by whether the open session was saved (None: there was none), with a log and without.
LOGGED: dict[bool | None, str] = {
    True: N_(
        "Coalition stopped on an unexpected error; the open session was saved, "
        "and the details are in {path} (readable only by you)."
    ),
    False: N_(
        "Coalition stopped on an unexpected error; the open session could not be saved, "
        "and the details are in {path} (readable only by you)."
    ),
    None: N_("Coalition stopped on an unexpected error, and the details are in {path} (readable only by you)."),
}
NOT_LOGGED: dict[bool | None, str] = {
    True: N_(
        "Coalition stopped on an unexpected error; the open session was saved, and no crash log could be written."
    ),
    False: N_(
        "Coalition stopped on an unexpected error; the open session could not be saved, "
        "and no crash log could be written."
    ),
    None: N_("Coalition stopped on an unexpected error, and no crash log could be written."),
}


def crash_sentence(log: Path | None, *, saved: bool | None) -> str:
    """What the person reads: what happened, whether their words are safe, where the details are."""
    if log is None:
        return _(NOT_LOGGED[saved])
    return _(LOGGED[saved]).format(path=log)
