"""``coalition serve``: loopback by default, a warning otherwise, an offline page, guarded requests."""

from __future__ import annotations

import asyncio
import re
import shlex
import sys
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from coalition_tui import serve as serve_module
from coalition_tui.cli import main
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.serve import (
    CoalitionServer,
    answered_hosts,
    app_command,
    build_server,
    canonical_host,
    header_host,
    is_loopback,
    url_host,
)

from .helpers.serve_process import listening_addresses, raw_request, running_server

pytestmark = pytest.mark.serial  # a real process, pty or signal: never beside another test

# -- the command and the server it builds (nothing listens) --------------------------


@pytest.fixture
def built(monkeypatch):
    """Run ``coalition serve`` without serving: collect the server it would have run."""
    servers: list[CoalitionServer] = []
    monkeypatch.setattr(CoalitionServer, "serve", lambda self, debug=False: servers.append(self))
    return servers


def test_serve_binds_loopback_by_default(built, db_path):
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve"])
    assert result.exit_code == 0, result.output
    (server,) = built
    assert server.host == "127.0.0.1"
    assert server.port == 8000
    assert server.loopback
    assert "WARNING" not in result.output


def test_serve_passes_the_data_folder_to_every_tab(built, db_path, tmp_path):
    folder = tmp_path / "a folder with spaces"
    result = CliRunner().invoke(main, ["serve", "--db", str(folder), "--port", "8123"])
    assert result.exit_code == 0, result.output
    (server,) = built
    assert server.port == 8123
    argv = shlex.split(server.command)
    assert argv[:3] == [sys.executable, "-m", "coalition_tui"]
    assert argv[3:] == ["--lang", "en", "--db", str(folder.resolve())]


def test_serve_uses_the_environment_data_folder(built, tmp_path, monkeypatch):
    monkeypatch.setenv("COALITION_DB", str(tmp_path / "from-env"))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert shlex.split(built[0].command)[-1] == str((tmp_path / "from-env").resolve())


def test_another_host_only_when_asked_and_with_a_warning(built, db_path):
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    (server,) = built
    assert server.host == "0.0.0.0"
    assert not server.loopback
    assert "WARNING" in result.output
    assert "read and change every session's notes" in result.output


def test_serve_refuses_a_file_as_data_folder(built, tmp_path):
    a_file = tmp_path / "file.json"
    a_file.write_text("{}")
    result = CliRunner().invoke(main, ["serve", "--db", str(a_file)])
    assert result.exit_code != 0
    assert "is a file" in result.output
    assert not built
    with pytest.raises(CoalitionError, match="takes a folder"):
        build_server(a_file)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_serve_refuses_a_port_that_cannot_be(built, db_path, port):
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve", "--port", port])
    assert result.exit_code == 2
    assert "--port" in result.output
    assert not built


def test_build_server_refuses_a_port_out_of_range(db_path):
    with pytest.raises(CoalitionError, match="--port"):
        build_server(db_path, port=0)


def test_a_busy_port_is_reported_plainly(db_path, monkeypatch):
    def busy(self, debug=False):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(CoalitionServer, "serve", busy)
    result = CliRunner().invoke(main, ["--db", str(db_path), "serve", "--port", "8765"])
    assert result.exit_code == 1
    assert "Cannot serve on 127.0.0.1:8765: Address already in use" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("::1", True),
        ("[::1]", True),
        ("app.localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_url_host_brackets_ipv6():
    assert url_host("::1") == "[::1]"
    assert url_host("127.0.0.1") == "127.0.0.1"
    assert url_host("localhost") == "localhost"


def test_app_command_is_shell_safe(tmp_path):
    tricky = tmp_path / "it's $HOME; rm -rf x"
    assert shlex.split(app_command(tricky))[-1] == str(tricky)


def test_each_tab_speaks_the_language_serve_was_started_in(built, tmp_path):
    result = CliRunner().invoke(main, ["--lang", "de", "serve", "--db", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    argv = shlex.split(built[0].command)
    assert argv[3:5] == ["--lang", "de"]


def test_page_template_links_nothing_outside():
    page = (serve_module.WEB_DIR / "app_index.html").read_text()
    without_namespaces = re.sub(r'xmlns="[^"]*"', "", page)
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", without_namespaces, re.I)
    assert "fonts.googleapis" not in page


@pytest.mark.parametrize(
    ("host", "answered"),
    [
        ("127.0.0.1", {"127.0.0.1", "localhost"}),
        ("127.1.2.3", {"127.1.2.3", "localhost"}),
        ("::1", {"::1", "localhost"}),
        ("[0:0:0:0:0:0:0:1]", {"::1", "localhost"}),
        ("localhost", {"localhost", "127.0.0.1", "::1"}),
        ("LOCALHOST.", {"localhost", "127.0.0.1", "::1"}),
    ],
)
def test_a_loopback_server_answers_to_its_own_address_and_localhost(host, answered):
    assert answered_hosts(host) == answered


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("localhost", "localhost"),
        ("LocalHost.:8000", "localhost"),
        ("[::1]:8000", "::1"),
        ("[0::1]", "::1"),
        ("evil.example", "evil.example"),
        ("evil.example@127.0.0.1", None),
        ("127.0.0.1/x", None),
        ("127.0.0.1 evil", None),
        ("", None),
        ("::1", None),  # an IPv6 address is written in brackets
    ],
)
def test_header_host(value, host):
    assert header_host(value) == host


def test_canonical_host():
    assert canonical_host("[::0001]") == "::1"
    assert canonical_host("Example.ORG.") == "example.org"


def test_only_a_loopback_server_limits_the_host_names(db_path):
    assert build_server(db_path).hosts == {"127.0.0.1", "localhost"}
    assert build_server(db_path, host="0.0.0.0").hosts is None


async def test_every_route_is_guarded(db_path):
    """The guard is added where textual-serve builds its application (see test_textual_internals.py)."""
    server = build_server(db_path)
    app = await server._make_app()
    assert list(app.middlewares) == [server.guard]
    assert {resource.canonical for resource in app.router.resources()} == {"/", "/ws", "/download/{key}", "/static"}


def test_build_server_defaults(db_path):
    server = build_server(db_path)
    assert (server.host, server.port, server.loopback) == ("127.0.0.1", 8000, True)
    assert Path(server.templates_path) == serve_module.WEB_DIR


# -- the real server, in a subprocess ----------------------------------------------------

PAGE_TIMEOUT = aiohttp.ClientTimeout(total=15)


@pytest.fixture
def server(db_path, tmp_path):
    with running_server(db_path, tmp_path) as running:
        yield running


def test_listening_socket_is_loopback_only(server):
    addresses = listening_addresses(server.port)
    if not addresses and not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp here to read listening sockets from")
    assert addresses == {"127.0.0.1"}, server.log()


async def test_the_page_needs_nothing_from_the_internet(server):
    async with aiohttp.ClientSession(timeout=PAGE_TIMEOUT) as http:
        async with http.get(server.url + "/") as response:
            assert response.status == 200
            page = await response.text()
        assert "<title>Coalition</title>" in page
        links = set(re.findall(r'(?:href|src)="([^"]+)"', page)) | set(re.findall(r'url\("([^"]+)"\)', page))
        links |= set(re.findall(r"data-session-websocket-url=\"([^\"]+)\"", page))
        fetched = 0
        for link in links:
            if link.startswith("data:"):
                continue
            assert link.startswith((server.url + "/", f"ws://127.0.0.1:{server.port}/")), link
            if link.startswith("ws:"):
                continue
            async with http.get(link) as asset:
                assert asset.status == 200, link
                fetched += 1
        assert fetched >= 3  # xterm.css, textual.js, the font (and more)
        without_namespaces = re.sub(r'xmlns="[^"]*"', "", page)
        outside = [u for u in re.findall(r"https?://[^\s\"')]+", without_namespaces) if not u.startswith(server.url)]
        assert outside == []


async def test_requests_for_other_host_names_are_refused(server):
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: refused.
    async with aiohttp.ClientSession(timeout=PAGE_TIMEOUT) as http:
        async with http.get(server.url + "/", headers={"Host": f"attacker.example:{server.port}"}) as response:
            assert response.status == 421
        async with http.get(f"http://localhost:{server.port}/") as response:
            assert response.status == 200
            page = await response.text()
        # The page uses the address the browser used.
        assert f"ws://localhost:{server.port}/ws" in page


async def test_websocket_from_another_site_is_refused(server):
    async with aiohttp.ClientSession(timeout=PAGE_TIMEOUT) as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(server.url + "/ws", headers={"Origin": "https://attacker.example"})
        assert refused.value.status == 403


async def test_websocket_from_its_own_page_runs_the_app(server, make_session):
    make_session("Ada", "Ben", agenda="clearing")
    received = b""
    async with aiohttp.ClientSession(timeout=PAGE_TIMEOUT) as http:
        socket = await http.ws_connect(
            server.url + "/ws?width=100&height=30",
            headers={"Origin": server.url},
            timeout=aiohttp.ClientWSTimeout(ws_close=5),
        )
        try:
            await socket.send_json(["resize", {"width": 100, "height": 30}])

            async def until_home_shows() -> None:
                nonlocal received
                async for message in socket:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += message.data
                        if b"Ada & Ben" in received:
                            return

            await asyncio.wait_for(until_home_shows(), timeout=20)
        finally:
            await socket.close()
    assert b"Coalition" in received


async def test_a_paste_from_the_browser_is_kept_exactly_and_never_acts(server, make_session, store):
    """The app behind the page reads with Textual's ``WebDriver``: its pastes are kept whole too."""
    session = make_session("Ada", "Ben", agenda="alignment")
    pasted = "Dear Ben \x1b[2J\x1b]0;title\x07 bell\x07 \x1b[A\x0e\x11\x12 \x00 \u2028\u0085 end"
    received = b""
    async with aiohttp.ClientSession(timeout=PAGE_TIMEOUT) as http:
        socket = await http.ws_connect(
            server.url + "/ws?width=100&height=30",
            headers={"Origin": server.url},
            timeout=aiohttp.ClientWSTimeout(ws_close=5),
        )
        try:
            await socket.send_json(["resize", {"width": 100, "height": 30}])

            async def until_shown(words: bytes | None) -> None:
                """Until ``words`` are drawn (None: until the app has ended and the socket closes)."""
                nonlocal received
                async for message in socket:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += message.data
                        if words is not None and words in received:
                            return
                assert words is None, f"the socket closed before {words!r} was shown"

            await asyncio.wait_for(until_shown(b"Ada & Ben"), timeout=20)
            await socket.send_json(["stdin", "\r"])  # open the session: its first prompt
            await asyncio.wait_for(until_shown(b"Prompt 1 of 6"), timeout=20)
            await socket.send_json(["stdin", "\x1b[200~" + pasted + "\x1b[201~"])
            await socket.send_json(["stdin", "Z\x11"])  # a letter after it, then ctrl+q: saved and closed
            await asyncio.wait_for(until_shown(None), timeout=20)
        finally:
            await socket.close()
    saved = store.load(session.id)
    assert saved.alignment.answer("care", "a") == pasted + "Z"
    assert saved.alignment.prompt_index == 0


# -- raw requests, as no browser would send them -------------------------------------------


@pytest.fixture(scope="module")
def one_server(tmp_path_factory):
    """One server for the many requests below (each asks for nothing that changes it)."""
    folder = tmp_path_factory.mktemp("serve")
    with running_server(folder / "data", folder) as running:
        yield running


def request(target: str, *headers: str, version: str = "1.1") -> bytes:
    lines = [f"GET {target} HTTP/{version}", *headers, "Connection: close", "", ""]
    return "\r\n".join(lines).encode()


def test_an_absolute_request_line_for_another_host_is_refused(one_server):
    here = f"Host: 127.0.0.1:{one_server.port}"
    assert raw_request(one_server.port, request("http://evil.example/", here))[0] == 421
    script = f"http://evil.example:{one_server.port}/static/js/textual.js"
    assert raw_request(one_server.port, request(script, here))[0] == 421
    # ...and the other way round: the request line names this computer, the Host header another.
    reverse = request(f"http://127.0.0.1:{one_server.port}/", "Host: evil.example")
    assert raw_request(one_server.port, reverse)[0] == 421
    # Both naming this computer: answered, as HTTP requires.
    status, body = raw_request(one_server.port, request(f"http://localhost:{one_server.port}/", here))
    assert status == 200 and b"<title>Coalition</title>" in body


def test_a_request_without_a_host_is_refused(one_server):
    assert raw_request(one_server.port, request("/", version="1.0"))[0] == 400
    assert raw_request(one_server.port, request("/static/css/xterm.css", version="1.0"))[0] == 400
    assert raw_request(one_server.port, request("/"))[0] == 400  # HTTP/1.1 requires it anyway
    assert raw_request(one_server.port, request("/", "Host: "))[0] == 400
    assert raw_request(one_server.port, request("/", "Host: evil.example@127.0.0.1"))[0] == 400
    # With its host, HTTP/1.0 is answered.
    assert raw_request(one_server.port, request("/", "Host: 127.0.0.1", version="1.0"))[0] == 200


OTHER_HOSTS = ["evil.example", "app.localhost", "[::1]", "127.0.0.2", "0.0.0.0", "localhost.evil.example"]


@pytest.mark.parametrize("path", ["/", "/ws", "/static/css/xterm.css", "/static/", "/download/x", "/nothing"])
@pytest.mark.parametrize("host", OTHER_HOSTS)
def test_every_path_refuses_every_other_host(one_server, path, host):
    status, body = raw_request(one_server.port, request(path, f"Host: {host}:{one_server.port}"))
    assert status == 421, (path, host, body)
    assert b"Coalition" not in body or b"own address" in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST."])
def test_its_own_names_are_answered(one_server, host):
    assert raw_request(one_server.port, request("/", f"Host: {host}:{one_server.port}"))[0] == 200
    assert raw_request(one_server.port, request("/static/js/textual.js", f"Host: {host}"))[0] == 200


STATIC_FOLDERS = ["/static/", "/static", "/static/js", "/static/js/", "/static/fonts/", "/static/./css/"]


@pytest.mark.parametrize("path", STATIC_FOLDERS)
def test_no_folder_of_static_files_is_listed(one_server, path):
    status, body = raw_request(one_server.port, request(path, f"Host: 127.0.0.1:{one_server.port}"))
    assert status == 404, (path, body[:300])
    assert b"textual.js" not in body and b"Index of" not in body
