"""Invitations: who joins as whom, and the secret that says so.

An invitation is one line a partner can paste:
``coalition://127.0.0.1:8765/3f9c…?key=…`` (``coalitions://`` when the host
speaks TLS). The key alone decides the role: the host holds one random key per
role (partner A, partner B, a viewer), each of 160 bits from ``secrets``, and
compares in constant time. Keys are kept with the session's hosting record so a
restarted host accepts the same invitations; ``--new-invitations`` replaces
them, and the old ones are refused from then on.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, quote, urlsplit

from coalition_tui.domain.errors import ValidationError
from coalition_tui.i18n import _

Role = Literal["a", "b", "viewer"]
ROLES: tuple[Role, ...] = ("a", "b", "viewer")
KEY_BYTES = 20  # 160 bits
SCHEME = "coalition"
TLS_SCHEME = "coalitions"
DEFAULT_PORT = 8765
LOOPBACK = ("127.0.0.1", "::1", "localhost")  # a host listening here is reachable from this computer only


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def new_room() -> str:
    return secrets.token_hex(8)


@dataclass
class Keys:
    """One secret per role."""

    by_role: dict[Role, str] = field(default_factory=lambda: {role: new_key() for role in ROLES})

    def role_of(self, key: str) -> Role | None:
        """The role ``key`` opens, or None; every key is compared, in constant time."""
        found: Role | None = None
        for role, secret in self.by_role.items():
            if hmac.compare_digest(secret.encode(), key.encode()):
                found = role
        return found


@dataclass(frozen=True)
class Invitation:
    host: str
    port: int
    room: str
    key: str
    tls: bool = False

    def address(self) -> str:
        scheme = TLS_SCHEME if self.tls else SCHEME
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/{self.room}?key={quote(self.key, safe='')}"

    def url(self, room: str) -> str:
        """The WebSocket address of one of the session's rooms."""
        scheme = "wss" if self.tls else "ws"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/{self.room}/{room}"


def parse_invitation(text: str) -> Invitation:
    """An invitation from the line a partner pasted; a clear message if it is not one."""
    line = text.strip()
    problem = _("That is not a Coalition invitation; it looks like {form}").format(
        form="coalition://HOST:PORT/ROOM?key=…"
    )
    try:
        parts = urlsplit(line)
        port = parts.port
    except ValueError:
        raise ValidationError(problem, "address") from None
    if parts.scheme not in (SCHEME, TLS_SCHEME) or not parts.hostname:
        raise ValidationError(problem, "address")
    room = parts.path.strip("/")
    keys = parse_qs(parts.query).get("key") or []
    if not room or "/" in room or not keys or not keys[0]:
        raise ValidationError(problem, "address")
    return Invitation(
        host=parts.hostname,
        port=port or DEFAULT_PORT,
        room=room,
        key=keys[0],
        tls=parts.scheme == TLS_SCHEME,
    )
