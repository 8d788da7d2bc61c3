"""Every phase typed into the real app on a real terminal, in reading order with Tab, then read back from disk.

Each phase starts from a session stood at that phase and is typed the way a pair
types it: a partner's words, Tab to the next place, the other partner's words;
choices by their own keys; actions by theirs (ctrl+o for a commitment, F2/F3 for
the floor, ⇧F6 to correct a turn, Enter on a confirm or a name). The walk ends
with ctrl+q straight after the last key, not waiting for the screen. Then the
saved session must hold exactly what was meant, field by field.

Each walk runs at a person's pace (60 ms a key) and in bursts (5 ms a key), and
each of those again beside two busy loops (a video call on a two-core machine).
Nothing here waits on the clock for order: the app must keep it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import confirm_seal
from coalition_tui.domain.session import Session
from coalition_tui.storage import Store

from .helpers.filled_session import fill
from .helpers.pty_app import PtyApp, child_env, coalition_argv

pytestmark = [pytest.mark.slow, pytest.mark.serial]

KEYS = {
    "tab": b"\t",
    "enter": b"\r",
    "space": b" ",
    "ctrl+n": b"\x0e",
    "ctrl+o": b"\x0f",
    "ctrl+q": b"\x11",
    "ctrl+s": b"\x13",
    "ctrl+u": b"\x15",
    "right": b"\x1b[C",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "shift+f6": b"\x1b[17;2~",
}
PACES = {"a person's pace": 0.06, "bursts of 5 ms": 0.005}


@dataclass
class Walk:
    """A phase's walk: the session it starts from, the keys typed, and what the saved session must hold."""

    session: Callable[[], Session]
    ready: bytes  # on screen once the phase is up (the walk starts typing then, and never waits again)
    keys: list[str]
    check: Callable[[Session], None]


def type_keys(app: PtyApp, keys: list[str], gap: float) -> None:
    for key in keys:
        if key in KEYS:
            app.send(KEYS[key])
            time.sleep(gap)
        else:
            for character in key:  # words: a key per character
                app.send(character.encode())
                time.sleep(gap)


def at(phase: Phase, session: Session) -> Session:
    session.phase_index = session.agenda.index(phase)
    return session


def fresh(phase: Phase) -> Callable[[], Session]:
    """Ada & Ben, everything before ``phase`` done, ``phase`` itself empty."""

    def build() -> Session:
        session = Session.new("Ada", "Ben", session_id="3a1c0000")
        if phase is not Phase.ALIGNMENT:
            fill(session)
        if phase is Phase.CLEARING:
            session.clearing = type(session.clearing)()
        if phase is Phase.DECLARATION:
            session.declaration = type(session.declaration)()
        if phase is Phase.ACCOUNTABILITY:
            session.accountability = type(session.accountability)()
        return at(phase, session)

    return build


# -- the walks ------------------------------------------------------------------------------------


def check_alignment(s: Session) -> None:
    assert s.alignment.answers == {
        "care": {"a": "Calm work", "b": "Pace"},
        "vision": {"a": "A studio", "b": "Clients"},
        "commitments.short": {"a": "Ship beta", "b": "Close round"},
        "commitments.long": {"a": "Hire", "b": "Open Berlin"},
        "clarity": {"a": "Ask me", "b": "Tell me"},
        "aligned": {"a": "Same goals", "b": "Not the pace"},
        "questions": {"a": "Bad news?", "b": "Done means?"},
    }
    assert s.alignment.statuses == {"aligned": {"a": "yes", "b": "partly"}}


ALIGNMENT = Walk(
    fresh(Phase.ALIGNMENT),
    b"Prompt 1 of 6",
    [
        "Calm work",
        "tab",
        "Pace",
        "ctrl+n",
        "A studio",
        "tab",
        "Clients",
        "ctrl+n",
        "Ship beta",
        "tab",
        "Hire",
        "tab",
        "Close round",
        "tab",
        "Open Berlin",
        "ctrl+n",
        "Ask me",
        "tab",
        "Tell me",
        "ctrl+n",
        "y",  # yes, with its key
        "tab",
        "Same goals",
        "tab",
        "p",  # partly
        "tab",
        "Not the pace",
        "ctrl+n",
        "Bad news?",
        "tab",
        "Done means?",
    ],
    check_alignment,
)


def check_clearing(s: Session) -> None:
    clearing = s.clearing
    assert (clearing.opening("a").commitment, clearing.opening("b").commitment) == ("Ada backs Ben", "Ben backs Ada")
    assert (clearing.opening("a").intention, clearing.opening("b").intention) == ("Clear air", "Fresh start")
    assert clearing.shared_goals == "A studio that lasts"
    assert clearing.accounts == {"a": "I went quiet", "b": "I felt left out"}
    assert clearing.said_all == {"a": True, "b": True}
    assert clearing.clock is not None
    assert [turn.speaker for turn in clearing.clock.turns] == ["a", "b"]
    [correction] = clearing.corrections
    # Ben began 3 s before F3: asked for, and held within Ada's turn (a second or less here: the edge moves to it).
    assert (correction.turn, correction.edge, correction.asked) == (1, "start", -3)
    assert -3 <= correction.seconds < 0 and correction.neighbour == 0


CLEARING = Walk(
    fresh(Phase.CLEARING),
    b"Opening 1 of 3",
    [
        "Ada backs Ben",
        "tab",
        "Ben backs Ada",
        "ctrl+n",
        "Clear air",
        "tab",
        "Fresh start",
        "ctrl+n",
        "A studio that lasts",
        "ctrl+n",
        "f2",  # Ada has the floor: her account takes the words
        "I went quiet",
        "tab",  # her "said all"
        "space",
        "f3",  # Ben has the floor: the focus goes to his account
        "I felt left out",
        "tab",
        "space",
        "shift+f6",  # the correction: the latest turn (Ben's) is chosen; its start, earlier, by 3 s
        "tab",
        "tab",
        "tab",
        "3",
        "enter",
    ],
    check_clearing,
)


def check_declaration(s: Session) -> None:
    declaration = s.declaration
    assert (declaration.of("a").words, declaration.of("b").words) == ("Count on me", "Me too")
    assert declaration.of("a").confirmed and declaration.of("b").confirmed


DECLARATION = Walk(
    fresh(Phase.DECLARATION),
    b"Declaration of support",
    ["Count on me", "tab", "enter", "Me too", "tab", "enter"],
    check_declaration,
)


def check_accountability(s: Session) -> None:
    a, b = s.accountability.of("a"), s.accountability.of("b")
    assert [(c.what, c.by_when, c.done_when) for c in a.commitments] == [
        ("Ship the beta", "2027-01-15", "Ten users"),
        ("Hire a designer", "2027-02-28", "Signed offer"),
    ]
    assert (a.rhythm, a.checkin_time, a.channel, a.first_checkin) == ("weekly", "18:30", "Friday call", "2027-01-08")
    assert (a.role_asked, a.role_response, a.role_change_note) == ("Ask what shipped", "change", "Only Fridays")
    assert [(c.what, c.by_when, c.done_when) for c in b.commitments] == [
        ("Close the round", "2027-03-01", "Term sheet"),
        ("Open Berlin", "2026-12-31", "Office lease"),  # typed 31.12.2026: stored as every other date
    ]
    assert (b.rhythm, b.every_days, b.checkin_time, b.channel, b.first_checkin) == (
        "days",
        10,
        "all day",
        "Slack",
        "2027-01-10",
    )
    assert (b.role_asked, b.role_response, b.role_change_note) == ("Say when I hedge", "agreed", "")


ACCOUNTABILITY = Walk(
    fresh(Phase.ACCOUNTABILITY),
    b"Accountability",
    [
        # Ada's plan: two commitments (ctrl+o adds the second), how they keep honest, the role she asks.
        "Ship the beta",
        "tab",
        "2027-01-15",
        "tab",
        "Ten users",
        "ctrl+o",
        "Hire a designer",
        "tab",
        "2027-02-28",
        "tab",
        "Signed offer",
        "tab",
        "right",  # how often: weekly, at once
        "tab",
        "18:30",
        "tab",
        "Friday call",
        "tab",
        "2027-01-08",
        "tab",
        "Ask what shipped",
        "tab",
        "w",  # Ben's answer: wants a change (the field for it appears, and Tab goes there)
        "tab",
        "Only Fridays",
        # Ben's plan.
        "tab",
        "Close the round",
        "tab",
        "2027-03-01",
        "tab",
        "Term sheet",
        "ctrl+o",
        "Open Berlin",
        "tab",
        "31.12.2026",
        "tab",
        "Office lease",
        "tab",
        "4",  # every N days: its field appears, and Tab goes there
        "tab",
        "10",
        "tab",
        "all day",
        "tab",
        "Slack",
        "tab",
        "2027-01-10",
        "tab",
        "Say when I hedge",
        "tab",
        "a",  # Ada's answer: agrees
    ],
    check_accountability,
)


def check_seal(s: Session) -> None:
    assert s.seal.sealed_at and s.seal.confirmed("a") and s.seal.confirmed("b")


SEAL = Walk(
    lambda: at(Phase.SEAL, fill(Session.new("Ada", "Ben", session_id="3a1c0000"))),
    b"type your name to seal",
    # The README's rhythm: a name, Enter, Tab, the other name, Enter; Enter leaves the sealed moment.
    ["Ada", "enter", "tab", "Ben", "enter", "enter"],
    check_seal,
)


def sealed() -> Session:
    session = at(Phase.SEAL, fill(Session.new("Ada", "Ben", session_id="3a1c0000")))
    confirm_seal(session, "a", "Ada", session_created(session))
    confirm_seal(session, "b", "Ben", session_created(session))
    return session


def session_created(session: Session):
    from coalition_tui.domain.timeutil import parse_stamp

    return parse_stamp(session.created_at)


def check_checkin(s: Session) -> None:
    [checkin] = s.checkins
    statuses = {side: [(row["status"], row["note"]) for row in rows] for side, rows in checkin.progress.items()}
    assert statuses == {"a": [("done", "Shipped"), ("on_track", "Half way")], "b": [("at_risk", "Slipping")]}
    assert checkin.next_checkin == "2027-02-01"


CHECKIN = Walk(
    sealed,
    b"The sealed agreement",
    ["c", "1", "tab", "Shipped", "tab", "2", "tab", "Half way", "tab", "3", "tab", "Slipping", "tab"]
    + ["ctrl+u", "2027-02-01", "ctrl+s"],
    check_checkin,
)

WALKS = {
    "alignment": ALIGNMENT,
    "clearing with a correction": CLEARING,
    "declaration": DECLARATION,
    "accountability": ACCOUNTABILITY,
    "seal": SEAL,
    "check-in": CHECKIN,
}


# -- the machine ----------------------------------------------------------------------------------------


@pytest.fixture(params=[0, 2], ids=["quiet machine", "beside two busy loops"])
def busy_loops(request) -> Iterator[int]:
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(request.param)]
    try:
        yield request.param
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


@pytest.mark.parametrize("pace", PACES.values(), ids=PACES.keys())
@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
def test_a_phase_typed_in_reading_order_lands_field_by_field(tmp_path: Path, walk: Walk, pace: float, busy_loops):
    db = tmp_path / "data"
    session = walk.session()
    Store(db).create(session)
    with PtyApp(coalition_argv("--db", str(db), "resume", session.id), env=child_env(), size=(110, 40)) as app:
        app.wait_for_output(walk.ready, timeout=60)
        type_keys(app, [*walk.keys, "ctrl+q"], pace)
        assert app.wait(60) == 0, app.output[-3000:].decode("utf-8", "replace")
    walk.check(Store(db).load(session.id))
