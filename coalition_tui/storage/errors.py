"""Storage errors: each names the file at fault and says what to do about it."""

from __future__ import annotations

from pathlib import Path

from coalition_tui.domain.errors import CoalitionError


class StorageError(CoalitionError):
    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class DamagedFileError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"The file {path} cannot be read ({detail}), so it has been left exactly as it is: "
            "move it aside (or restore it from a backup) and start Coalition again.",
        )
        self.detail = detail


class UnreadableFileError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"The file {path} cannot be opened ({detail}), so it has been left as it is: "
            "check that it belongs to you and is readable (chmod 600).",
        )
        self.detail = detail


class SchemaTooNewError(StorageError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"The file {path} was written by a newer Coalition (data version {found}; this one "
            f"reads up to {supported}), so it has been left untouched: upgrade Coalition to open it.",
        )


class UnwritableError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"Coalition cannot write to {path} ({detail}). Nothing was changed. "
            "Choose a folder you can write to with --db or COALITION_DB.",
        )


class UnsavableSessionError(StorageError):
    """A session that would be written in a form Coalition could not read back: it is not written."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"The session was not saved to {path} ({detail}), so the file keeps what it held before: "
            "what is on the screen is still there, and is saved once it is changed to fit.",
        )
        self.detail = detail


class SessionNotFoundError(StorageError):
    def __init__(self, path: Path | str, session_id: str) -> None:
        super().__init__(path, f"There is no session {session_id!r} in {path}.")
        self.session_id = session_id


class InvalidIdError(SessionNotFoundError):
    """A session id that is not one: eight characters from 0-9 and a-f, and never a path."""

    def __init__(self, path: Path | str, session_id: str) -> None:
        StorageError.__init__(
            self,
            path,
            f"{session_id[:40]!r} is not a Coalition session id (eight characters from 0-9 and a-f), "
            "so nothing was read or written.",
        )
        self.session_id = session_id


class SessionLockedError(StorageError):
    def __init__(self, path: Path | str, session_id: str, holder: str) -> None:
        super().__init__(
            path,
            f"Session {session_id} is open in another Coalition window ({holder}). "
            "Close it there first; both editing at once would lose words.",
        )
        self.session_id = session_id
