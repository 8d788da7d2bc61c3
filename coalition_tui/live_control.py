"""The app's side of a live session: starting it, and answering what it reports.

``remote/live.py`` keeps the session and the shared documents in step and
draws nothing; this module turns its reports into what people see (the
current screen redrawn where a remote edit landed, who is here, a refused
edit, a lost connection) and starts hosting or joining from the app.
"""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.i18n import N_, _

if TYPE_CHECKING:
    from coalition_tui.app import CoalitionApp
    from coalition_tui.remote.host import Refused
    from coalition_tui.remote.invitation import Invitation
    from coalition_tui.remote.link import LinkStatus
    from coalition_tui.remote.live import FloorRequest, LiveEvents, LiveSession

log = logging.getLogger("coalition.remote")

ROLE_WORDS = {"a": N_("partner A"), "b": N_("partner B"), "viewer": N_("a viewer")}
"""Each role in words (translated where shown)."""


@dataclass(frozen=True)
class HostOptions:
    """How ``coalition host`` (or the palette) asked to open the session."""

    bind: str = "127.0.0.1"
    port: int | None = None  # None: the port this session was hosted on before (8765 the first time)
    tls_cert: Path | None = None
    tls_key: Path | None = None
    partner_floor: bool = True
    new_invitations: bool = False

    def tls(self) -> ssl.SSLContext | None:
        if self.tls_cert is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.tls_cert, self.tls_key)
        return context


@dataclass(frozen=True)
class JoinOptions:
    invitation: Invitation
    tls_ca: Path | None = None

    def tls(self) -> ssl.SSLContext | None:
        if not self.invitation.tls:
            return None
        context = ssl.create_default_context()
        if self.tls_ca is not None:
            context.load_verify_locations(self.tls_ca)
        return context


def live_events(app: CoalitionApp) -> LiveEvents:
    from coalition_tui.remote.live import LiveEvents

    def while_shown(report: Callable[..., None]) -> Callable[..., None]:
        # Connections close as the app ends, after its screens are gone: nothing left to show it on.
        def call(*args: Any) -> None:
            if app.is_running and app.screen_stack:
                report(*args)

        return call

    return LiveEvents(
        changed=while_shown(lambda paths: remote_changed(app, paths)),
        presence=while_shown(lambda: refresh_presence(app)),
        floor=while_shown(lambda request: floor_requested(app, request)),
        refused=while_shown(lambda refusal: refused(app, refusal)),
        status=while_shown(lambda status: link_status(app, status)),
        saved_fault=while_shown(
            lambda error: app.notify(
                _("The live session's copy could not be written: {error}").format(error=error),
                severity="warning",
                timeout=8,
            )
        ),
    )


LOG_NAME = "live.log"
LOGGERS = {"coalition.remote": logging.INFO, "websockets": logging.WARNING, "pycrdt": logging.WARNING}


def keep_a_log(root: Path) -> Path | None:
    """Refusals and connection faults go to ``<data>/logs/live.log`` (owner-only), never onto the screen.

    Without a handler, Python prints such records on standard error, which is
    where Textual draws: the screen would be scribbled over while the app runs,
    and tracebacks would be printed when it ends. The log names paths and
    roles, never anyone's words.
    """
    from coalition_tui.storage.atomic import FILE_MODE, ensure_private_dir

    try:
        folder = ensure_private_dir(root / "logs")
        path = folder / LOG_NAME
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)
        stream = os.fdopen(descriptor, "a", encoding="utf-8")
    except (OSError, CoalitionError):
        stream, path = open(os.devnull, "w", encoding="utf-8"), None  # noqa: SIM115 - kept for the process's life
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name, level in LOGGERS.items():
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    return path


# -- what the live session reports -------------------------------------------------------------


def remote_changed(app: CoalitionApp, paths: set[str]) -> None:
    """Edits from another machine reached the session: save (the host), and redraw where they landed."""
    live = app.live
    if live is None:
        return
    if live.hosting:
        from coalition_tui.domain.seal import seal_when_both_confirmed

        if any(path.startswith("seal/confirmed_at/") for path in paths) and seal_when_both_confirmed(live.session):
            paths = paths | {"seal/sealed_at"}
            live.local_change()  # every screen learns it is sealed
        if any(not path.startswith("live/") for path in paths) and app.keeper is not None:
            app.keeper.changed()
    from coalition_tui.screens.phase import PhaseScreen

    screen = app.screen
    if not isinstance(screen, PhaseScreen) or screen.session is not live.session:
        return
    if "phase_index" in paths or "seal/sealed_at" in paths or screen.PHASE != live.session.current_phase:
        app.show_current_phase()
        return
    screen.show_remote(paths)


def refresh_presence(app: CoalitionApp) -> None:
    from coalition_tui.widgets.presence import PresenceLine

    for line in app.screen.query(PresenceLine):
        line.refresh_presence()


def floor_requested(app: CoalitionApp, request: FloorRequest) -> None:
    from coalition_tui.screens.clearing import ClearingScreen

    screen = app.screen
    if isinstance(screen, ClearingScreen):
        screen.remote_floor(request)


def refused(app: CoalitionApp, refusal: Refused) -> None:
    from coalition_tui.remote.said import shown_text

    live = app.live
    role = refusal.role
    who = _(ROLE_WORDS[role]) if role in ROLE_WORDS else role
    if live is not None and role in ("a", "b"):
        who = f"{live.session.name(role)} ({who})"
    app.notify(
        _("An edit from {who}'s machine was refused and not kept: {reason}.").format(
            who=who, reason=shown_text(refusal.reason)
        ),
        title=_("Edit refused"),
        severity="warning",
        timeout=8,
    )


def link_status(app: CoalitionApp, status: LinkStatus) -> None:
    from coalition_tui.screens.joining import JoiningScreen

    if isinstance(app.screen, JoiningScreen):
        app.screen.show_status(status)
    refresh_presence(app)
    if status.state == "refused":
        app.notify(status.message, title=_("The host refused this invitation"), severity="error", timeout=30)


# -- starting ---------------------------------------------------------------------------------------


async def start_hosting(app: CoalitionApp, options: HostOptions) -> bool:
    """Open the open session to remote partners; False (and said why) if it cannot be."""
    from coalition_tui.remote.checks import check_content, room_problem
    from coalition_tui.remote.invitation import Keys
    from coalition_tui.remote.live import hosted
    from coalition_tui.remote.memory import HostRecord, load_host_record
    from coalition_tui.remote.shared_state import read_rooms

    session = app.session
    if session is None or app.live is not None:
        return app.live is not None
    if session.sealed:
        app.notify(_("A sealed agreement reads only; there is nothing to write together."), severity="warning")
        return False
    root = app.store.root
    keep_a_log(root)
    record = load_host_record(root, session.id) or HostRecord(session_id=session.id)
    if options.new_invitations:
        record.keys = Keys()
    holder: dict[str, LiveSession] = {}

    def check_room(room: str, flat: dict) -> str | None:
        return room_problem(read_rooms(holder["live"].bridge.docs), room, flat)  # type: ignore[arg-type]

    try:
        tls = options.tls()
        live = hosted(
            session,
            record,
            root=root,
            events=live_events(app),
            check=check_content,
            check_room=check_room,
            monotonic=app.monotonic,
        )
        holder["live"] = live
        app.live = live
        if app.keeper is not None:
            # The shared documents are written just before each save of the session file, so
            # after a kill they are never older than it (see remote.live.hosted).
            app.keeper.add_before_save(lambda _session: live.save())
        live.set_partner_floor(options.partner_floor)
        await live.start_host(options.bind, options.port, tls=tls)
    except (OSError, ssl.SSLError, CoalitionError) as error:
        app.live = None
        app.notify(
            _("The session could not be opened to remote partners: {error}").format(error=error),
            severity="error",
            timeout=15,
        )
        return False
    from coalition_tui.screens.phase import PhaseScreen

    if isinstance(app.screen, PhaseScreen):
        app.screen.show_presence()
    return True


async def start_joining(app: CoalitionApp, options: JoinOptions) -> None:
    """Join a hosted session; on success the app shows it, else says why and leaves."""
    from coalition_tui.remote.checks import check_content
    from coalition_tui.remote.keeper import JoinedKeeper
    from coalition_tui.remote.live import JoinFailed, JoinRefused, joined

    keep_a_log(app.store.root)
    try:
        live = await joined(
            options.invitation,
            root=app.store.root,
            events=live_events(app),
            check=check_content,
            tls=options.tls(),
            monotonic=app.monotonic,
        )
    except (JoinRefused, JoinFailed) as error:
        app.exit(return_code=1, message=str(error))
        return
    except (OSError, ssl.SSLError, ValueError) as error:
        app.exit(return_code=1, message=_("Could not join the session: {error}").format(error=error))
        return
    app.live = live
    app.keeper = JoinedKeeper(live)  # type: ignore[assignment]
    app.speak(live.session.language)  # the session's words and the interface around them, as for the host
    app.show_current_phase()
