"""``coalition serve``: the app in a web browser, through textual-serve.

textual-serve is a small web server: each browser tab that opens the page gets
its own ``coalition --db DB`` process, whose screen is drawn in the page by a
terminal emulator (xterm.js) and whose keys come from the browser.

Three things are added to textual-serve here:

- it listens on this computer only (127.0.0.1) unless another host is asked
  for, and then warns that the notes become reachable on the network;
- the page fetches nothing from the internet: textual-serve's own page links a
  web font from Google, so Coalition serves its own copy of the page
  (``web/app_index.html``) that loads the font shipped inside textual-serve;
- requests are checked: while listening on loopback the page answers only to
  loopback names (which defeats DNS rebinding), and the websocket that drives
  the app accepts only its own page as the origin (so no other web site open
  in the same browser can start Coalition and read the screen).
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path

import click
from aiohttp import web
from textual_serve.server import Server
from yarl import URL

from coalition_tui.domain.errors import CoalitionError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WEB_DIR = Path(__file__).resolve().parent / "web"
"""Coalition's copy of textual-serve's page template (no external links)."""

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: str) -> bool:
    """Does ``host`` (a name or an address, IPv6 with or without brackets) mean this computer only?"""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it is written in a URL (IPv6 addresses in brackets)."""
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


def app_command(db: Path) -> str:
    """The shell command textual-serve runs for each browser tab: this Coalition, on this data folder."""
    return shlex.join([sys.executable, "-m", "coalition_tui", "--db", os.fspath(db)])


def network_warning(host: str, port: int) -> str:
    return (
        f"WARNING: Coalition is listening on {host}:{port}, not on this computer only.\n"
        "Anyone who can reach this address over the network can open Coalition in a browser "
        "and read and change every session's notes: there is no password and no encryption.\n"
        f"Serve on {DEFAULT_HOST} (the default) unless you mean this, and stop the server "
        "(Ctrl+C) as soon as you are done."
    )


class CoalitionServer(Server):
    """textual-serve's server, serving Coalition's page, answering only the requests it should."""

    def __init__(self, db: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        super().__init__(app_command(db), host=host, port=port, title="Coalition", templates_path=WEB_DIR)
        self.db = db
        self.loopback = is_loopback(host)

    # -- who may use it ------------------------------------------------------------

    def host_allowed(self, request: web.Request) -> bool:
        """While listening on loopback, answer only to loopback names (no DNS rebinding)."""
        if not self.loopback:
            return True
        name = request.url.host or ""
        return is_loopback(name) or name.strip("[]") == self.host.strip("[]")

    @staticmethod
    def same_origin(request: web.Request) -> bool:
        """Browsers send ``Origin`` with every websocket: it must be this server's own page.

        Websockets are not bound by the browser's same-origin rule, so without this any
        web page open in the browser could start Coalition here and read its screen.
        Clients that are not browsers send no Origin and are not that threat.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        try:
            theirs = URL(origin)
        except ValueError:
            return False
        ours = request.url
        return (theirs.scheme, (theirs.host or "").lower(), theirs.port) == (
            ours.scheme,
            (ours.host or "").lower(),
            ours.port,
        )

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if not self.host_allowed(request):
            raise web.HTTPForbidden(text="Coalition answers only on this computer's own address (localhost).")
        # The page's websocket and static URLs use the address the browser used, so the
        # page works whether it was opened as localhost, 127.0.0.1 or a network name.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.host_allowed(request) or not self.same_origin(request):
            raise web.HTTPForbidden(text="Only Coalition's own page may connect.")
        return await super().handle_websocket(request)

    async def on_startup(self, app: web.Application) -> None:
        if self.loopback:
            address = f"http://{url_host(self.host)}:{self.port}"
            where = "Open it in a browser on this computer:"
        else:
            shown = "<this computer's address>" if self.host in ("0.0.0.0", "::", "") else url_host(self.host)
            address = f"http://{shown}:{self.port}"
            where = "Open it in a browser (reachable over the network):"
        say = self.console.print
        say(f"[bold]Coalition[/bold] in a browser. {where}", highlight=False)
        say(f"    [bold]{address}[/bold]", highlight=False, soft_wrap=True)
        say(f"Data folder: {self.db}", highlight=False, markup=False, soft_wrap=True)
        say("Screen sharing: f8 is presentation mode; for larger text open", highlight=False, markup=False)
        say(f"    {address}/?fontsize=24", highlight=False, markup=False, soft_wrap=True)
        say("Each browser tab runs its own Coalition. Ctrl+C stops the server.", highlight=False)


def build_server(db: str | os.PathLike[str] | None, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> CoalitionServer:
    """The server for ``coalition serve``; ``db`` is resolved here so every tab uses the same folder."""
    from coalition_tui.storage.paths import resolve_data_dir

    if not 1 <= port <= 65535:
        raise CoalitionError(f"--port takes a number from 1 to 65535, not {port}.")
    data_dir = resolve_data_dir(db).expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        raise CoalitionError(f"--db takes a folder, and {data_dir} is a file. Choose a folder for Coalition's data.")
    return CoalitionServer(data_dir, host=host, port=port)


def serve_app(db: str | os.PathLike[str] | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve Coalition over HTTP until Ctrl+C; warn loudly when not on loopback."""
    server = build_server(db, host=host, port=port)
    if not server.loopback:
        click.secho(network_warning(host, port), fg="red", bold=True, err=True)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CoalitionError(
            f"Cannot serve on {host}:{port}: {reason}. Is something else using that port? Choose another with --port."
        ) from None
