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
- every request is checked before it is answered (``CoalitionServer.guard``):
  it must name its host (the ``Host`` header; 400 without one), and while
  listening on loopback that host, and the one an absolute request line names,
  must be the address it listens on or ``localhost`` (421 otherwise): a web
  page that rebinds its own name to 127.0.0.1 (DNS rebinding) is refused. The
  websocket that drives the app accepts only its own page as the origin (so no
  other web site open in the same browser can start Coalition and read the
  screen), and the static files are served without a listing of their folders.

What this relies on in textual-serve 1.1.3 (pinned), each checked by
``tests/test_textual_internals.py``:

* ``Server._make_app`` (private): where its aiohttp application and routes are
  built; there is no public hook to add a middleware, so the guard is added to
  what it returns;
* ``Server.handle_index`` and ``Server.handle_websocket`` (the route handlers,
  overridden to set ``public_url`` per request and to check the origin), and the
  attributes ``public_url``, ``statics_path``, ``templates_path`` and ``console``;
* its page template, ``templates/app_index.html``, of which ``web/app_index.html``
  is a copy, and the static files that copy loads (``static/js/textual.js``,
  ``css/xterm.css``, the Roboto Mono fonts, ``images/background.png``).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import shlex
import sys
from pathlib import Path

import click
from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from rich.markup import escape
from textual_serve.server import Server
from yarl import URL

from coalition_tui import i18n
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.i18n import _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WEB_DIR = Path(__file__).resolve().parent / "web"
"""Coalition's copy of textual-serve's page template (no external links)."""

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})

HOST_HEADER = re.compile(r"(?:\[(?P<address>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9._-]+))(?::[0-9]{0,5})?")
"""A ``Host`` header as RFC 9110 has it: a name or an address (IPv6 in brackets), then a port if any."""


def is_loopback(host: str) -> bool:
    """Does ``host`` (a name or an address, IPv6 with or without brackets) mean this computer only?"""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def canonical_host(host: str) -> str:
    """``host`` as compared: lower case, no trailing dot or brackets, an address in its one written form."""
    name = host.strip().strip("[]").lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name


def answered_hosts(host: str) -> frozenset[str]:
    """The host names a server listening on loopback ``host`` answers to: that address (or name), and localhost."""
    name = canonical_host(host)
    if name == "localhost":  # listening on every address localhost stands for
        return frozenset({"localhost", "127.0.0.1", "::1"})
    return frozenset({name, "localhost"})


def header_host(value: str) -> str | None:
    """The host a ``Host`` header names (canonical), or None when it is not a host and port."""
    match = HOST_HEADER.fullmatch(value)
    if match is None:
        return None
    return canonical_host(match["address"] or match["name"])


def url_host(host: str) -> str:
    """``host`` as it is written in a URL (IPv6 addresses in brackets)."""
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


def app_command(db: Path, join: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab: this Coalition, on this data folder.

    With ``join`` (an invitation), each tab joins that live session as the
    invitation says: a partner without Python takes part from a browser. Each
    tab speaks the language ``serve`` was started in.
    """
    argv = [sys.executable, "-m", "coalition_tui", "--lang", i18n.current(), "--db", os.fspath(db)]
    if join is not None:
        argv += ["join", join]
    return shlex.join(argv)


PAGE_COOKIE = "coalition_page"
"""Set when the page is opened with its key; the websocket that runs the app needs it."""


def network_warning(host: str, port: int) -> str:
    return "\n".join(
        [
            _("WARNING: Coalition is listening on {address}, not on this computer only.").format(
                address=f"{host}:{port}"
            ),
            _(
                "Anyone who can reach this address over the network can open Coalition in a browser "
                "and read and change every session's notes: there is no password and no encryption."
            ),
            _(
                "Serve on {address} (the default) unless you mean this, and stop the server "
                "({key}) as soon as you are done."
            ).format(address=DEFAULT_HOST, key="Ctrl+C"),
        ]
    )


class CoalitionServer(Server):
    """textual-serve's server, serving Coalition's page, answering only the requests it should."""

    def __init__(
        self, db: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, join: str | None = None
    ) -> None:
        super().__init__(app_command(db, join), host=host, port=port, title="Coalition", templates_path=WEB_DIR)
        self.db = db
        self.join = join
        # Joining as a partner, whoever opens the page writes as that partner: the page
        # is opened with this key (printed once), which sets a cookie the websocket needs.
        self.page_key: str | None = secrets.token_urlsafe(20) if join is not None else None
        self.loopback = is_loopback(host)
        self.hosts: frozenset[str] | None = answered_hosts(host) if self.loopback else None
        """The host names answered to (None: any, when listening beyond this computer)."""

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)  # every route: the page, the websocket, static files, downloads
        return app

    # -- who may use it ------------------------------------------------------------

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a request for another host, or one that names none; never list a folder."""
        refusal = self.refusal(request)
        if refusal is not None:
            raise refusal
        if self.is_static_folder(request):
            raise web.HTTPNotFound()
        return await handler(request)

    def refusal(self, request: web.Request) -> web.HTTPException | None:
        """Why ``request`` is not answered (an error to send), or None when it may be.

        A browser always sends ``Host``; a request without one (HTTP/1.0 allows it) could
        not be told apart from one for another site. A request line may name a host as
        well (``GET http://host/ HTTP/1.1``, meant for proxies): then both must be answered to.
        """
        values = request.headers.getall(hdrs.HOST, [])
        named = header_host(values[0]) if len(values) == 1 else None
        if named is None:
            return web.HTTPBadRequest(text=_("Coalition answers only requests that name their host (the Host header)."))
        names = {named, canonical_host(request.url.host or "")}
        if not request.raw_path.startswith("/"):  # the absolute form: scheme and host on the request line
            try:
                names.add(canonical_host(URL(request.raw_path).host or ""))
            except ValueError:
                return web.HTTPBadRequest(text=_("Coalition could not read the address this request asks for."))
        if self.hosts is not None and not names <= self.hosts:
            return web.HTTPMisdirectedRequest(
                text=_("Coalition answers only on this computer's own address (localhost).")
            )
        return None

    def is_static_folder(self, request: web.Request) -> bool:
        """Is ``request`` for a folder of the static files (which textual-serve would list)?"""
        resource = request.match_info.route.resource
        if not isinstance(resource, web.StaticResource):
            return False
        filename = request.match_info.get("filename", "")
        return Path(os.path.normpath(self.statics_path / filename)).is_dir()

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

    def keyed(self, request: web.Request, *, cookie: bool) -> bool:
        """Does ``request`` carry the page's key (in the address, or once the page was opened, its cookie)?"""
        if self.page_key is None:
            return True
        given = request.query.get("key", "")
        if cookie and not given:
            given = request.cookies.get(PAGE_COOKIE, "")
        return hmac.compare_digest(given.encode(), self.page_key.encode())

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self.keyed(request, cookie=True):
            raise web.HTTPForbidden(text=_("This page joins a live session: open it with the address you were given."))
        # The page's websocket and static URLs use the address the browser used, so the
        # page works whether it was opened as localhost, 127.0.0.1 or a network name.
        self.public_url = f"{request.scheme}://{request.host}"
        response = await super().handle_index(request)
        if self.page_key is not None:
            response.set_cookie(PAGE_COOKIE, self.page_key, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.same_origin(request):
            raise web.HTTPForbidden(text=_("Only Coalition's own page may connect."))
        if not self.keyed(request, cookie=True):
            raise web.HTTPForbidden(text=_("Open the page with the address you were given first."))
        return await super().handle_websocket(request)

    async def on_startup(self, app: web.Application) -> None:
        if self.loopback:
            address = f"http://{url_host(self.host)}:{self.port}"
            where = _("Open it in a browser on this computer:")
        else:
            anywhere = self.host in ("0.0.0.0", "::", "")  # noqa: S104
            shown = _("<this computer's address>") if anywhere else url_host(self.host)
            address = f"http://{shown}:{self.port}"
            where = _("Open it in a browser (reachable over the network):")
        say = self.console.print
        if self.page_key is not None:
            address = f"{address}/?key={self.page_key}"
            joined = _("(it joins the live session; whoever opens it writes as the invitation says)")
            where = f"{where} {joined}"
        heading = _("{app} in a browser. {where}").format(app="[bold]Coalition[/bold]", where=escape(where))
        say(heading, highlight=False)
        say(f"    {address}", highlight=False, markup=False, soft_wrap=True)
        say(_("Data folder: {path}").format(path=self.db), highlight=False, markup=False, soft_wrap=True)
        say(
            _("Screen sharing: {key} is presentation mode; for larger text open").format(key="f8"),
            highlight=False,
            markup=False,
        )
        larger = f"{address}&fontsize=24" if "?" in address else f"{address}/?fontsize=24"
        say(f"    {larger}", highlight=False, markup=False, soft_wrap=True)
        say(_("Each browser tab runs its own Coalition. {key} stops the server.").format(key="Ctrl+C"), highlight=False)


def build_server(
    db: str | os.PathLike[str] | None, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, join: str | None = None
) -> CoalitionServer:
    """The server for ``coalition serve``; ``db`` is resolved here so every tab uses the same folder."""
    from coalition_tui.storage.paths import resolve_data_dir

    if not 1 <= port <= 65535:
        raise CoalitionError(_("--port takes a number from 1 to 65535, not {port}.").format(port=port))
    data_dir = resolve_data_dir(db).expanduser().resolve()
    if data_dir.exists() and not data_dir.is_dir():
        raise CoalitionError(
            _("--db takes a folder, and {path} is a file. Choose a folder for Coalition's data.").format(path=data_dir)
        )
    if join is not None:
        from coalition_tui.remote.invitation import parse_invitation

        parse_invitation(join)  # a line that is not an invitation is said now, not in every tab
    return CoalitionServer(data_dir, host=host, port=port, join=join)


def serve_app(
    db: str | os.PathLike[str] | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, join: str | None = None
) -> None:
    """Serve Coalition over HTTP until Ctrl+C; warn loudly when not on loopback."""
    server = build_server(db, host=host, port=port, join=join)
    if not server.loopback:
        click.secho(network_warning(host, port), fg="red", bold=True, err=True)
    try:
        server.serve()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CoalitionError(
            _(
                "Cannot serve on {address}: {reason}. Is something else using that port? Choose another with --port."
            ).format(address=f"{host}:{port}", reason=reason)
        ) from None
