"""Crash-safe TinyDB storage: an index plus one small database per session."""

from coalition_tui.storage.errors import (
    DamagedFileError,
    InvalidIdError,
    SchemaTooNewError,
    SessionLockedError,
    SessionNotFoundError,
    StorageError,
    UnsavableSessionError,
    UnwritableError,
)
from coalition_tui.storage.store import SCHEMA_VERSION, Store

__all__ = [
    "SCHEMA_VERSION",
    "DamagedFileError",
    "InvalidIdError",
    "SchemaTooNewError",
    "SessionLockedError",
    "SessionNotFoundError",
    "StorageError",
    "Store",
    "UnsavableSessionError",
    "UnwritableError",
]
