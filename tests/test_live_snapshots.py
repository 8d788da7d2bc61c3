"""Every screen of a live session, as a picture: the host's, a joined partner's, joining.

The host listens on real loopback sockets (fixed keys and port, so the
invitations drawn are the same every run); a joined partner's app connects to
a host serving in another thread (``helpers/threaded_host.py``).
"""

from __future__ import annotations

import socket
import time

import pytest
from textual.widgets import TextArea

from coalition_tui.app import StartRequest
from coalition_tui.domain.session import Session
from coalition_tui.live_control import HostOptions, JoinOptions
from coalition_tui.remote.invitation import Invitation
from coalition_tui.remote.memory import HostRecord, save_host_record
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.hosting import HostingScreen
from coalition_tui.storage import Store
from tests.helpers.filled_session import clock_record
from tests.helpers.threaded_host import KEYS, ROOM, invitation, threaded_host

pytestmark = pytest.mark.serial  # fixed ports

# Below Linux's ephemeral range (32768–60999): no test's outgoing connection can be holding them.
HOST_PORT = 28765
JOIN_PORT = 28766
SILENT_PORT = 28767


@pytest.fixture(autouse=True)
def everything_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notification the app gives, kept (a shown one expires before a slow screen is given up on)."""
    from coalition_tui.app import CoalitionApp

    real_notify = CoalitionApp.notify

    def notify(self, message, *args, **kwargs):
        self.__dict__.setdefault("said", []).append(str(message))
        return real_notify(self, message, *args, **kwargs)

    monkeypatch.setattr(CoalitionApp, "notify", notify)


@pytest.fixture(autouse=True)
def ports_free() -> None:
    """The fixed ports are free before each test (a server closing from the test before may take a moment)."""
    deadline = time.monotonic() + 15
    for port in (HOST_PORT, JOIN_PORT, SILENT_PORT):
        while True:
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", port))
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"port {port} is still taken") from None
            time.sleep(0.1)


async def settle(pilot, screen_type: type, tries: int = 1200) -> None:
    """Until ``screen_type`` is up (a live session connects in the background), without blinking cursors."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, screen_type):
            break
        await pilot.pause(0.05)
    else:
        # what the app told the user meanwhile (kept by everything_said: a shown notice expires)
        said = getattr(pilot.app, "said", None) or [n.message for n in pilot.app._notifications]
        raise AssertionError(f"{screen_type.__name__} never came up; the screen is {pilot.app.screen!r}; said: {said}")
    # The screen's second steps (the floor's panes follow the clock line 20 ms later; labels
    # take their room after the first layout) must be done, however slow the machine is.
    for _ in range(5):
        await pilot.pause(0.1)
        await pilot.wait_for_scheduled_animations()
    screen = pilot.app.screen
    if isinstance(screen, ClearingScreen):
        screen.refresh_clock()
    for area in screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def answered(session: Session) -> Session:
    session.alignment.set_answer("care", "a", "Building something that lasts, with people I trust.")
    session.alignment.set_answer("care", "b", "Calm weeks and a team that stays.")
    return session


@pytest.fixture
def hosted_session(make_session, store: Store, db_path) -> Session:
    session = answered(make_session("Ada [/]", "Sam [CEO]", facilitator="Carla"))
    store.save(session)
    save_host_record(db_path, HostRecord(session.id, room=ROOM, port=HOST_PORT, keys=KEYS, epoch="snapshot"))
    return session


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_the_hosts_invitations(snap_compare, make_app, hosted_session, size) -> None:
    app = make_app(StartRequest("host", session_id=hosted_session.id, host=HostOptions(port=HOST_PORT)))

    async def ready(pilot) -> None:
        await settle(pilot, HostingScreen)

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_snapshot_the_hosts_alignment_with_who_is_here(snap_compare, make_app, hosted_session) -> None:
    app = make_app(StartRequest("host", session_id=hosted_session.id, host=HostOptions(port=HOST_PORT)))

    async def ready(pilot) -> None:
        await settle(pilot, HostingScreen)
        await pilot.press("escape")
        await settle(pilot, AlignmentScreen)

    assert snap_compare(app, terminal_size=(100, 30), run_before=ready)


def joining(make_app, port: int, role: str):
    return make_app(StartRequest("join", join=JoinOptions(invitation(port, role))))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_a_joined_partners_alignment(snap_compare, make_app, size) -> None:
    session = answered(Session.new("Ada", "Ben", session_id="0000cafe"))
    with threaded_host(session, JOIN_PORT) as (port, _on_host):

        async def ready(pilot) -> None:
            await settle(pilot, AlignmentScreen)

        assert snap_compare(joining(make_app, port, "b"), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_a_joined_partners_clearing(snap_compare, make_app, size) -> None:
    session = Session.new("Ada", "Ben", session_id="0000cafe")
    session.phase_index = 1
    session.clearing.go_to_step(3)
    session.clearing.accounts["a"] = "When the launch slipped I felt left alone with it."
    session.clearing.clock = clock_record([("a", 95.0), ("b", 60.0), ("a", 20.0)])
    with threaded_host(session, JOIN_PORT) as (port, _on_host):

        async def ready(pilot) -> None:
            await settle(pilot, ClearingScreen)

        assert snap_compare(joining(make_app, port, "a"), terminal_size=size, run_before=ready)


def test_snapshot_joining(snap_compare, make_app) -> None:
    """A host that has not answered yet: the joiner shows where it is trying to reach."""
    with socket.socket() as silent:  # takes the connection, never answers it
        silent.bind(("127.0.0.1", SILENT_PORT))
        silent.listen(8)
        app = make_app(StartRequest("join", join=JoinOptions(Invitation("127.0.0.1", SILENT_PORT, ROOM, "some-key"))))

        async def ready(pilot) -> None:
            await pilot.pause(0.2)

        assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def test_going_home_closes_the_live_session_and_frees_its_port(make_app, hosted_session) -> None:
    """ctrl+g from a hosted session: home, nobody can join any more, the port is free for the next one."""
    from coalition_tui.screens.home import HomeScreen

    app = make_app(StartRequest("host", session_id=hosted_session.id, host=HostOptions(port=HOST_PORT)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, HostingScreen)
        assert app.live is not None and app.live.hosting
        await pilot.press("escape", "ctrl+g")
        await settle(pilot, HomeScreen)
        assert app.live is None
        for _ in range(50):  # the server's own closing runs in a worker: let it finish
            await pilot.pause(0.05)
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", HOST_PORT))  # free: nobody listens for partners any more


async def test_a_joined_partner_follows_the_host_through_prompts_and_phases(make_app) -> None:
    """The host walks the agenda: a joined partner's screen goes where the host's goes."""
    from coalition_tui.screens.clearing import ClearingScreen as Clearing

    session = answered(Session.new("Ada", "Ben", session_id="0000cafe"))
    with threaded_host(session, JOIN_PORT) as (port, on_host):
        app = joining(make_app, port, "b")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, AlignmentScreen)
            on_host(lambda: session.alignment.go_to(2, 6))  # the host's ctrl+n, twice
            for _ in range(100):
                if "Prompt 3 of 6" in str(pilot.app.screen.query_one("#align-progress").render()):
                    break
                await pilot.pause(0.05)
            else:
                raise AssertionError("the partner's screen stayed on the prompt it was on")
            await pilot.press("ctrl+n")  # a partner's ctrl+n moves nothing
            await pilot.pause(0.2)
            assert app.session is not None and app.session.alignment.prompt_index == 2
            on_host(session.advance)  # the host goes on to the clearing
            await settle(pilot, Clearing)
            assert app.session.phase_index == 1


def test_sealing_on_two_machines_seals_at_the_host() -> None:
    """Each partner confirms on their own machine; the host, holding both, seals as of the later one."""
    from coalition_tui.domain.seal import seal_when_both_confirmed

    session = Session.new("Ada", "Ben")
    session.seal.confirmed_at["a"] = "2026-11-29T10:00:00+00:00"
    assert not seal_when_both_confirmed(session) and session.seal.sealed_at is None
    session.seal.confirmed_at["b"] = "2026-11-29T10:05:00+00:00"
    assert seal_when_both_confirmed(session)
    assert session.seal.sealed_at == "2026-11-29T10:05:00+00:00"
    assert not seal_when_both_confirmed(session)  # once


# -- a live session in German ------------------------------------------------------------------------


def auf_deutsch(session: Session) -> Session:
    session.alignment.set_answer("care", "a", "Etwas aufbauen, das bleibt, mit Menschen, denen ich traue.")
    session.alignment.set_answer("care", "b", "Ruhige Wochen und ein Team, das bleibt.")
    return session


async def test_hosting_and_joining_speak_german(make_app, make_session, store: Store, db_path) -> None:
    """The host's invitations and presence line, the joining screen and a joined partner's screens:
    no English word, no message without its German (a joiner in an English terminal follows the session)."""
    from coalition_tui import i18n
    from tests.helpers.screen_text import screen_text
    from tests.test_german import english_on

    seen: dict[str, list[str]] = {}

    def look(app, where: str) -> None:
        found = english_on(screen_text(app), ("Ada [/]", "Sam [CEO]", "Carla", "Ada", "Ben"))
        if found:
            seen[where] = found

    i18n.missing.clear()
    session = auf_deutsch(make_session("Ada [/]", "Sam [CEO]", facilitator="Carla", language="de"))
    store.save(session)
    save_host_record(db_path, HostRecord(session.id, room=ROOM, port=HOST_PORT, keys=KEYS, epoch="snapshot"))
    host = make_app(StartRequest("host", session_id=session.id, host=HostOptions(port=HOST_PORT)), language="de")
    async with host.run_test(size=(100, 30)) as pilot:
        await settle(pilot, HostingScreen)
        look(host, "the host's invitations")
        await pilot.press("escape")
        await settle(pilot, AlignmentScreen)
        look(host, "the host's alignment")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", SILENT_PORT))
        silent.listen(8)
        app = make_app(
            StartRequest("join", join=JoinOptions(Invitation("127.0.0.1", SILENT_PORT, ROOM, "some-key"))),
            language="de",
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            look(app, "joining")
    i18n.set_language("en")
    german = auf_deutsch(Session.new("Ada", "Ben", session_id="0000cafe", language="de"))
    with threaded_host(german, JOIN_PORT) as (port, _on_host):
        app = joining(make_app, port, "b")  # an English terminal
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, AlignmentScreen)
            assert i18n.current() == "de"
            look(app, "a joined partner's alignment")
    assert not seen, seen
    assert not i18n.missing, sorted(i18n.missing)
