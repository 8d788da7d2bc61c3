"""The protocols a coach can choose from: the shipped method, their own files, and one given by ``--protocol``.

A coach's files live in the user config folder (``protocols/*.toml``,
platformdirs). A file that cannot be read or holds mistakes is still listed,
with its mistakes, so setup can name it and say what is wrong; it is never
offered for a session, and it never stops the app.
"""

from __future__ import annotations

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


def read_protocol_file(path: Path) -> ProtocolFile:
    """A protocol file read and checked; every way it can fail becomes a problem, never an exception."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_PROTOCOL_BYTES:
            message = _("the file is larger than {size} MB: it is not a protocol.").format(
                size=MAX_PROTOCOL_BYTES >> 20
            )
            return ProtocolFile(source, None, (Problem(None, "", message),))
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        message = _("the file is not UTF-8 text (byte {at}).").format(at=error.start)
        return ProtocolFile(source, None, (Problem(None, "", message),))
    except OSError as error:
        message = _("cannot read the file: {reason}.").format(reason=error.strerror or error)
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
    paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if extra is not None and extra.resolve() not in {p.resolve() for p in paths}:
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


def find_protocol(name: str, entries: list[ProtocolFile]) -> ProtocolFile | None:
    for entry in entries:
        if entry.protocol is not None and entry.protocol.name == name:
            return entry
    return None
