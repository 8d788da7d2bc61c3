"""The protocols a coach can choose from: the shipped method, their own files, and one given by ``--protocol``.

A coach's files live in the user config folder (``protocols/*.toml``,
platformdirs). A file that cannot be read or holds mistakes is still listed,
with its mistakes, so setup can name it and say what is wrong; it is never
offered for a session, and it never stops the app.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from coalition_tui.domain.protocol import Problem, Protocol, check_protocol, shipped_protocol
from coalition_tui.i18n import _

MAX_PROTOCOL_BYTES = 1024 * 1024
"""Far more than any protocol needs; a larger file is refused unread (a wrong file, not a protocol)."""


def protocols_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("coalition", appauthor=False) / "protocols"


@dataclass(frozen=True)
class ProtocolFile:
    """A protocol on offer, or a file that failed to be one (``protocol`` None, ``problems`` say why)."""

    source: str  # the file's path; "" for the shipped method
    protocol: Protocol | None
    problems: tuple[Problem, ...] = ()

    @property
    def usable(self) -> bool:
        return self.protocol is not None

    def report(self) -> str:
        """The file and its mistakes, one per line, as ``protocol check`` prints them and setup shows them."""
        head = self.source or _("the shipped protocol")
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])


def _read_small_file(path: Path) -> bytes | str:
    """The bytes of a regular file of at most ``MAX_PROTOCOL_BYTES``, or why not (a sentence).

    Opened without blocking and checked once open: a named pipe or a device
    (``/dev/zero``) put where a protocol should be never hangs the app.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return _("it is not a file (a folder, a pipe or a device).")
        chunks, size = [], 0
        while size <= MAX_PROTOCOL_BYTES:
            chunk = os.read(descriptor, MAX_PROTOCOL_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > MAX_PROTOCOL_BYTES:
        return _("the file is larger than {size} MB: it is not a protocol.").format(size=MAX_PROTOCOL_BYTES >> 20)
    return b"".join(chunks)


def read_protocol_file(path: Path) -> ProtocolFile:
    """A protocol file read and checked; every way it can fail becomes a problem, never an exception."""
    source = str(path)
    try:
        raw = _read_small_file(path)
        if isinstance(raw, str):
            return ProtocolFile(source, None, (Problem(None, "", raw),))
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = _("the file is not UTF-8 text (byte {at}).").format(at=error.start)
        return ProtocolFile(source, None, (Problem(None, "", message),))
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of symbolic links
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        message = _("cannot read the file: {reason}.").format(reason=reason)
        return ProtocolFile(source, None, (Problem(None, "", message),))
    protocol, problems = check_protocol(text, source)
    return ProtocolFile(source, protocol, tuple(problems))


def available_protocols(extra: Path | None = None, folder: Path | None = None) -> list[ProtocolFile]:
    """The shipped method first, then the coach's files by name, then ``extra`` (``--protocol``).

    Names are how a protocol is chosen, so a second file with a name already
    taken is listed with that as its mistake.
    """
    found = [ProtocolFile("", shipped_protocol())]
    folder = protocols_dir() if folder is None else folder
    try:
        paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    except OSError:
        paths = []
    if extra is not None and same_file(extra) not in {same_file(p) for p in paths}:
        paths.append(extra)
    taken = {"coalition": _("the shipped protocol")}
    for path in paths:
        entry = read_protocol_file(path)
        if entry.protocol is not None and entry.protocol.name in taken:
            message = _("the name {name!r} is taken by {other}: give this protocol a name of its own.").format(
                name=entry.protocol.name, other=taken[entry.protocol.name]
            )
            entry = ProtocolFile(entry.source, None, (Problem(None, "protocol, name", message),))
        elif entry.protocol is not None:
            taken[entry.protocol.name] = entry.source
        found.append(entry)
    return found


def same_file(path: Path) -> str:
    """``path`` as one spelling per file (relative or not, through links), to know a file given twice."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def entry_for(path: Path, entries: list[ProtocolFile]) -> ProtocolFile | None:
    """The entry read from ``path`` (``--protocol``), whether usable or not."""
    wanted = same_file(path)
    return next((e for e in entries if e.source and same_file(Path(e.source)) == wanted), None)


def checked_protocol_file(path: Path) -> ProtocolFile:
    """``path`` as setup would see it: its own mistakes, and a name another protocol already has."""
    entry = entry_for(path, available_protocols(path))
    return entry if entry is not None else read_protocol_file(path)


def find_protocol(name: str, entries: list[ProtocolFile]) -> ProtocolFile | None:
    for entry in entries:
        if entry.protocol is not None and entry.protocol.name == name:
            return entry
    return None
