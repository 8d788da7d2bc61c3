"""The host and a joiner's link on real sockets (loopback), without the screens.

The sync is pycrdt-websocket's; these show what is ours around it: who is let
in, what a participant may write, TLS, reconnecting after the host comes back,
and a joiner's words typed while the host was away arriving when it returns.
"""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pycrdt import Text

from coalition_tui.domain.session import Session
from coalition_tui.remote.bridge import SessionBridge
from coalition_tui.remote.checks import check_content, room_problem
from coalition_tui.remote.host import REFUSED_KEY, RemoteHost
from coalition_tui.remote.invitation import Invitation, Keys
from coalition_tui.remote.link import RemoteLink
from coalition_tui.remote.memory import new_docs
from coalition_tui.remote.shared_state import Room, fields, read_rooms, unflatten
from tests.helpers.serve_process import free_port

pytestmark = pytest.mark.serial

WAIT = 15.0


async def until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    """Poll ``condition`` on the running loop (the sockets keep working meanwhile)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        await asyncio.sleep(0.02)


class Hosted:
    """A host's documents and server for a fresh session, as ``coalition host`` sets them up."""

    def __init__(self) -> None:
        self.session = Session.new("Ada", "Ben")
        self.docs = new_docs()
        self.bridge = SessionBridge(self.session, self.docs, writes=("host", "a", "b"), check=check_content)
        self.bridge.sync()
        self.keys = Keys()
        self.server: RemoteHost | None = None
        self.port = 0

    async def start(self, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        def check_room(room: Room, flat: dict) -> str | None:
            return room_problem(read_rooms(self.docs), room, flat)

        self.server = RemoteHost(self.docs, self.keys, room_id="room1", epoch="e1", check_room=check_room)
        self.port = await self.server.start("127.0.0.1", port, tls=tls)

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()

    def synced(self) -> Session:
        """The host's session with whatever has arrived taken in (what the app does on each update)."""
        self.bridge.sync()
        return self.session

    def invitation(self, role: str, *, tls: bool = False, key: str | None = None) -> Invitation:
        return Invitation("127.0.0.1", self.port, "room1", key or self.keys.by_role[role], tls=tls)  # type: ignore[index]


@pytest.fixture
async def hosted():
    host = Hosted()
    await host.start()
    yield host
    await host.stop()


async def joined(host: Hosted, role: str) -> tuple[RemoteLink, asyncio.Task[None]]:
    link = RemoteLink(host.invitation(role), new_docs())
    task = asyncio.ensure_future(link.run())
    await asyncio.wait_for(link.synced.wait(), WAIT)
    return link, task


async def leave(link: RemoteLink, task: asyncio.Task[None]) -> None:
    link.stop()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass


def session_of(link: RemoteLink) -> Session:
    return Session.from_dict(unflatten({p: v for p, v in read_rooms(link.docs).items() if not p.startswith("live/")}))


async def test_a_joiner_sees_the_session_and_its_words_reach_the_host(hosted: Hosted) -> None:
    hosted.session.alignment.set_answer("care", "b", "Ben wrote this first")
    hosted.bridge.sync()
    link, task = await joined(hosted, "a")
    try:
        ada = SessionBridge(session_of(link), link.docs, writes=("a",))
        assert ada.session.alignment.answer("care", "b") == "Ben wrote this first"
        ada.session.alignment.set_answer("care", "a", "Ada's own words")
        ada.sync()
        await until(lambda: hosted.synced().alignment.answer("care", "a") == "Ada's own words", "A's words at the host")
        assert hosted.server is not None and hosted.server.connections["a"] == 3  # one per room
    finally:
        await leave(link, task)
    await until(lambda: hosted.server is not None and hosted.server.connections["a"] == 0, "A to be gone")


async def test_a_wrong_key_is_refused_with_a_sentence_and_not_retried(hosted: Hosted) -> None:
    link = RemoteLink(hosted.invitation("a", key="not-the-key"), new_docs())
    await asyncio.wait_for(link.run(), WAIT)  # returns: a refusal is not retried
    assert link.status.state == "refused"
    assert link.status.message == REFUSED_KEY


async def test_new_invitations_shut_the_old_ones_out(hosted: Hosted) -> None:
    old = hosted.keys.by_role["b"]
    link, task = await joined(hosted, "b")
    assert hosted.server is not None
    hosted.server.replace_keys(Keys())
    await until(lambda: link.status.state in ("waiting", "refused"), "the old connection to close")
    await until(lambda: link.status.state == "refused", "the old key to be refused on retry")
    await leave(link, task)
    again = RemoteLink(hosted.invitation("b", key=old), new_docs())
    await asyncio.wait_for(again.run(), WAIT)
    assert again.status.state == "refused"


async def test_a_partner_cannot_write_the_other_partners_words_or_the_hosts(hosted: Hosted) -> None:
    link, task = await joined(hosted, "a")
    try:
        with link.docs["b"].transaction():
            fields(link.docs["b"])["alignment/answers/care/b"] = Text("forged for Ben")
        with link.docs["host"].transaction():
            fields(link.docs["host"])["phase_index"] = "4"
        with link.docs["a"].transaction():
            fields(link.docs["a"])["seal/sealed_at"] = '"2026-01-01T00:00:00+00:00"'
        assert hosted.server is not None
        await until(lambda: len(hosted.server.refusals) >= 3, "three refusals")  # type: ignore[union-attr]
        hosted.bridge.sync()
        assert hosted.session.alignment.answer("care", "b") == ""
        assert hosted.session.phase_index == 0 and hosted.session.seal.sealed_at is None
        rooms = sorted((r.role, r.room) for r in hosted.server.refusals)
        assert rooms == [("a", "a"), ("a", "b"), ("a", "host")]
    finally:
        await leave(link, task)


async def test_a_value_the_session_format_refuses_is_refused(hosted: Hosted) -> None:
    link, task = await joined(hosted, "a")
    try:
        with link.docs["a"].transaction():
            fields(link.docs["a"])["alignment/statuses/aligned/a"] = '"certainly"'
        assert hosted.server is not None
        await until(lambda: bool(hosted.server.refusals), "a refusal")  # type: ignore[union-attr]
        assert "refuses" in hosted.server.refusals[0].reason
        hosted.bridge.sync()
        assert hosted.session.alignment.status("aligned", "a") == ""
    finally:
        await leave(link, task)


async def test_a_viewer_reads_everything_and_writes_nothing(hosted: Hosted) -> None:
    hosted.session.clearing.accounts["a"] = "seen by the viewer"
    hosted.bridge.sync()
    link, task = await joined(hosted, "viewer")
    try:
        assert session_of(link).clearing.accounts["a"] == "seen by the viewer"
        with link.docs["a"].transaction():
            fields(link.docs["a"])["clearing/accounts/a"].insert(0, "edited by the viewer: ")
        assert hosted.server is not None
        await until(lambda: bool(hosted.server.refusals), "a refusal")  # type: ignore[union-attr]
        hosted.bridge.sync()
        assert hosted.session.clearing.accounts["a"] == "seen by the viewer"
    finally:
        await leave(link, task)


async def test_a_joiner_finds_a_restarted_host_and_its_offline_words_arrive() -> None:
    host = Hosted()
    port = free_port()
    await host.start(port)
    link, task = await joined(host, "b")
    ben = SessionBridge(session_of(link), link.docs, writes=("b",))
    try:
        ben.session.alignment.set_answer("care", "b", "before ")
        ben.sync()
        await until(lambda: host.synced().alignment.answer("care", "b") == "before ", "B's words at the host")
        await host.stop()
        await until(lambda: link.status.state == "waiting", "the joiner to notice")
        ben.session.alignment.set_answer("care", "b", "before while away")  # typed with no host
        ben.sync()
        await host.start(port)  # the same documents, the same port: a restarted host
        await asyncio.wait_for(link.synced.wait(), WAIT)
        await until(lambda: host.synced().alignment.answer("care", "b") == "before while away", "the words typed away")
    finally:
        await leave(link, task)
        await host.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


async def test_over_tls_a_joiner_who_trusts_the_certificate_joins(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    host = Hosted()
    await host.start(tls=server_tls)
    try:
        trusting = ssl.create_default_context()
        trusting.load_verify_locations(cert)
        link = RemoteLink(host.invitation("a", tls=True), new_docs(), tls=trusting)
        task = asyncio.ensure_future(link.run())
        await asyncio.wait_for(link.synced.wait(), WAIT)
        assert session_of(link).partner_a == "Ada"
        await leave(link, task)
        stranger = RemoteLink(host.invitation("a", tls=True), new_docs(), tls=ssl.create_default_context())
        stranger_task = asyncio.ensure_future(stranger.run())
        await until(lambda: stranger.status.state == "waiting", "an untrusted certificate to fail")
        assert not stranger.synced.is_set()
        await leave(stranger, stranger_task)
    finally:
        await host.stop()
