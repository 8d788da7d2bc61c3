"""Storage errors: each names the file at fault and says what to do about it."""

from __future__ import annotations

from pathlib import Path

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.i18n import _


class StorageError(CoalitionError):
    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class DamagedFileError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            _(
                "The file {path} cannot be read ({detail}), so it has been left exactly as it is: "
                "move it aside (or restore it from a backup) and start Coalition again."
            ).format(path=path, detail=detail),
        )
        self.detail = detail


class UnreadableFileError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            _(
                "The file {path} cannot be opened ({detail}), so it has been left as it is: "
                "check that it belongs to you and is readable (chmod 600)."
            ).format(path=path, detail=detail),
        )
        self.detail = detail


class SchemaTooNewError(StorageError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            _(
                "The file {path} was written by a newer Coalition (data version {found}; this one "
                "reads up to {supported}), so it has been left untouched: upgrade Coalition to open it."
            ).format(path=path, found=found, supported=supported),
        )


class UnwritableError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            _(
                "Coalition cannot write to {path} ({detail}). Nothing was changed. "
                "Choose a folder you can write to with --db or COALITION_DB."
            ).format(path=path, detail=detail),
        )


class UnsavableSessionError(StorageError):
    """A session that would be written in a form Coalition could not read back: it is not written."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            _(
                "The session was not saved to {path} ({detail}), so the file keeps what it held before: "
                "what is on the screen is still there, and is saved once it is changed to fit."
            ).format(path=path, detail=detail),
        )
        self.detail = detail


class SessionNotFoundError(StorageError):
    def __init__(self, path: Path | str, session_id: str) -> None:
        super().__init__(
            path, _("There is no session {session_id} in {path}.").format(session_id=repr(session_id), path=path)
        )
        self.session_id = session_id


class InvalidIdError(SessionNotFoundError):
    """A session id that is not one: eight characters from 0-9 and a-f, and never a path."""

    def __init__(self, path: Path | str, session_id: str) -> None:
        StorageError.__init__(
            self,
            path,
            _(
                "{session_id} is not a Coalition session id (eight characters from 0-9 and a-f), "
                "so nothing was read or written."
            ).format(session_id=repr(session_id[:40])),
        )
        self.session_id = session_id


class SessionLockedError(StorageError):
    def __init__(self, path: Path | str, session_id: str, holder: str) -> None:
        super().__init__(
            path,
            _(
                "Session {session_id} is open in another Coalition window ({holder}). "
                "Close it there first; both editing at once would lose words."
            ).format(session_id=session_id, holder=holder),
        )
        self.session_id = session_id
