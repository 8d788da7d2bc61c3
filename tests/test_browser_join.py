"""A partner without Python joins from a browser: ``coalition serve --join INVITATION``.

Real processes on loopback: the host (``coalition host`` on a pty), the page
server started with partner A's invitation, and a browser's requests (the page,
then the websocket that runs the app). Whoever opens that page writes as
partner A, so the page opens only with the key the server printed.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import aiohttp
import pytest

from coalition_tui.domain.session import Session
from coalition_tui.remote.invitation import Invitation
from coalition_tui.storage import Store
from tests.helpers.pty_app import PtyApp, child_env, coalition_argv
from tests.helpers.serve_process import free_port, running_server

pytestmark = pytest.mark.serial

TIMEOUT = aiohttp.ClientTimeout(total=20)


def wait_until(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.1)


def saved_answer(db: Path, session_id: str, side: str) -> str:
    try:
        data = json.loads((db / "sessions" / f"{session_id}.json").read_text())
    except (OSError, ValueError):
        return ""
    return data["session"]["1"]["alignment"]["answers"].get("care", {}).get(side, "")


async def test_a_browser_tab_joins_as_the_partner_the_invitation_names(tmp_path: Path) -> None:
    host_db, page_db = tmp_path / "host", tmp_path / "page"
    Store(host_db).create(Session.new("Ada", "Ben", session_id="0000b0b0"))
    port = free_port()
    host = PtyApp(coalition_argv("--db", str(host_db), "host", "0000b0b0", "--port", str(port)), size=(100, 30))
    try:
        record = host_db / "remote" / "host-0000b0b0.json"
        wait_until(record.exists, "the host's invitations")
        saved = json.loads(record.read_text())
        invitation = Invitation("127.0.0.1", port, saved["room"], saved["keys"]["a"]).address()
        host.wait_for_output(b"Partners on their own computers")
        with running_server(page_db, tmp_path, "--join", invitation) as page:
            wait_until(lambda: re.search(r"\?key=([A-Za-z0-9_-]+)", page.log()) is not None, "the page's address")
            key = re.search(r"\?key=([A-Za-z0-9_-]+)", page.log())
            assert key is not None
            jar = aiohttp.CookieJar(unsafe=True)  # a browser keeps a cookie for 127.0.0.1; aiohttp only when told
            async with aiohttp.ClientSession(timeout=TIMEOUT, cookie_jar=jar) as http:
                async with http.get(page.url + "/") as refused:
                    assert refused.status == 403  # no key: whoever found the port does not get in
                with pytest.raises(aiohttp.WSServerHandshakeError) as no_cookie:
                    await http.ws_connect(page.url + "/ws", headers={"Origin": page.url})
                assert no_cookie.value.status == 403
                async with http.get(page.url + f"/?key={key[1]}") as opened:
                    assert opened.status == 200
                socket = await http.ws_connect(
                    page.url + "/ws?width=100&height=30",
                    headers={"Origin": page.url},
                    timeout=aiohttp.ClientWSTimeout(ws_close=5),
                )
                received = b""

                async def until_shown(words: bytes) -> None:
                    nonlocal received
                    async for message in socket:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            received += message.data
                            if words in received:
                                return
                    raise AssertionError(f"the page closed before {words!r} was shown")

                try:
                    await socket.send_json(["resize", {"width": 100, "height": 30}])
                    await asyncio.wait_for(until_shown(b"(you)"), timeout=30)  # joined, as partner A
                    await socket.send_json(["stdin", "typed in a browser"])
                    await asyncio.to_thread(
                        wait_until,
                        lambda: saved_answer(host_db, "0000b0b0", "a") == "typed in a browser",
                        "the browser's words in the host's saved session",
                    )
                finally:
                    await socket.close()
        assert saved_answer(host_db, "0000b0b0", "b") == ""
        assert host.proc.poll() is None
    finally:
        host.close()


def test_a_line_that_is_not_an_invitation_is_refused_before_serving(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        [*coalition_argv("--db", str(tmp_path), "serve", "--join", "http://example.com/")],
        capture_output=True,
        text=True,
        timeout=30,
        env=child_env(),
    )
    assert result.returncode == 1
    assert "not a Coalition invitation" in result.stderr
