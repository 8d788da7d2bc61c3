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
            f"The file {path} cannot be read ({detail}). It has been left exactly as it is. "
            "Move it aside (or restore it from a backup) and start Coalition again.",
        )


class UnreadableFileError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"The file {path} cannot be opened ({detail}). It has been left as it is. "
            "Check that it belongs to you and is readable (chmod 600).",
        )


class SchemaTooNewError(StorageError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"The file {path} was written by a newer Coalition (data version {found}; this one "
            f"reads up to {supported}). It has been left untouched: upgrade Coalition to open it.",
        )


class UnwritableError(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            path,
            f"Coalition cannot write to {path} ({detail}). Nothing was changed. "
            "Choose a folder you can write to with --db or COALITION_DB.",
        )


class SessionNotFoundError(StorageError):
    def __init__(self, path: Path | str, session_id: str) -> None:
        super().__init__(path, f"There is no session {session_id!r} in {path}.")
        self.session_id = session_id


class SessionLockedError(StorageError):
    def __init__(self, path: Path | str, session_id: str, holder: str) -> None:
        super().__init__(
            path,
            f"Session {session_id} is open in another Coalition window ({holder}). "
            "Close it there first; both editing at once would lose words.",
        )
        self.session_id = session_id
