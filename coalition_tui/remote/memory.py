"""What a live session remembers between runs: the host's invitations and both sides' documents.

The host keeps, per session, its room name, port, keys and the documents'
lineage (``epoch``) with a snapshot of the three documents written at the
autosave pace. A restarted host resumes the same documents, so partners who
rejoin merge into them instead of doubling every word (two documents made
separately from the same text are two texts to Yjs). A joiner keeps its copy
of the documents too: words typed while the host was out of reach, or before
a kill, are in it and merge when it connects again.

Everything here is owner-only (0600 in a 0700 folder), like the sessions.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pycrdt import Doc

from coalition_tui.remote.invitation import DEFAULT_PORT, Keys, Role, new_room
from coalition_tui.remote.shared_state import ROOMS, Room, fields
from coalition_tui.storage.atomic import ensure_private_dir, read_json, write_json
from coalition_tui.storage.errors import StorageError

FOLDER = "remote"


def remote_dir(root: Path) -> Path:
    return ensure_private_dir(root / FOLDER)


def new_epoch() -> str:
    return secrets.token_hex(8)


def new_docs() -> dict[Room, Doc]:
    docs: dict[Room, Doc] = {room: Doc() for room in ROOMS}
    for doc in docs.values():
        fields(doc)
    return docs


def encode_docs(docs: Mapping[Room, Doc]) -> dict[str, str]:
    return {room: base64.b64encode(doc.get_update()).decode("ascii") for room, doc in docs.items()}


def decode_docs(data: Any) -> dict[Room, Doc] | None:
    """The documents a snapshot holds, or None if it is not a whole one."""
    if not isinstance(data, dict) or set(data) != set(ROOMS):
        return None
    docs = new_docs()
    try:
        for room in ROOMS:
            docs[room].apply_update(base64.b64decode(data[room], validate=True))
    except Exception:  # noqa: BLE001 - a damaged snapshot is no snapshot: the session file still holds the words
        return None
    return docs


@dataclass
class HostRecord:
    """What a host needs to accept the same invitations after a restart."""

    session_id: str
    room: str = field(default_factory=new_room)
    port: int = DEFAULT_PORT
    keys: Keys = field(default_factory=Keys)
    epoch: str = field(default_factory=new_epoch)

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "room": self.room,
            "port": self.port,
            "keys": dict(self.keys.by_role),
            "epoch": self.epoch,
        }


def _host_path(root: Path, session_id: str) -> Path:
    return remote_dir(root) / f"host-{session_id}.json"


def _snapshot_path(root: Path, session_id: str) -> Path:
    return remote_dir(root) / f"host-{session_id}.ydocs.json"


def load_host_record(root: Path, session_id: str) -> HostRecord | None:
    try:
        data = read_json(_host_path(root, session_id))
    except StorageError:
        return None
    if not isinstance(data, dict):
        return None
    keys = data.get("keys")
    try:
        by_role: dict[Role, str] = {role: str(keys[role]) for role in ("a", "b", "viewer")}  # type: ignore[index]
        return HostRecord(
            session_id=session_id,
            room=str(data["room"]),
            port=int(data["port"]),
            keys=Keys(by_role),
            epoch=str(data["epoch"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def save_host_record(root: Path, record: HostRecord) -> None:
    write_json(_host_path(root, record.session_id), record.to_dict())


def load_host_docs(root: Path, record: HostRecord) -> dict[Room, Doc] | None:
    """The documents as the host last saved them, if they belong to this lineage."""
    try:
        data = read_json(_snapshot_path(root, record.session_id))
    except StorageError:
        return None
    if not isinstance(data, dict) or data.get("epoch") != record.epoch:
        return None
    return decode_docs(data.get("docs"))


def save_host_docs(root: Path, record: HostRecord, docs: Mapping[Room, Doc]) -> None:
    write_json(_snapshot_path(root, record.session_id), {"epoch": record.epoch, "docs": encode_docs(docs)})


# -- the joiner's copy -----------------------------------------------------------------------


def _joined_path(root: Path, room: str, key: str) -> Path:
    import hashlib

    # Named by the invitation (a hash of it: the key itself never sits in a file name).
    digest = hashlib.sha256(f"{room}\0{key}".encode()).hexdigest()[:16]
    return remote_dir(root) / f"joined-{digest}.json"


@dataclass(frozen=True)
class JoinedCopy:
    """A joiner's copy: the host's lineage, the documents, and the role the host gave (to open it offline)."""

    epoch: str
    docs: Mapping[Room, Doc]
    role: str


def load_joined_docs(root: Path, room: str, key: str) -> JoinedCopy | None:
    """This machine's copy of the documents for this invitation, as it last saved them."""
    try:
        data = read_json(_joined_path(root, room, key))
    except StorageError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("epoch"), str):
        return None
    docs = decode_docs(data.get("docs"))
    role = data.get("role")
    if docs is None:
        return None
    return JoinedCopy(data["epoch"], docs, role if role in ("a", "b", "viewer") else "")


def save_joined_docs(root: Path, room: str, key: str, copy: JoinedCopy) -> None:
    write_json(_joined_path(root, room, key), {"epoch": copy.epoch, "role": copy.role, "docs": encode_docs(copy.docs)})
