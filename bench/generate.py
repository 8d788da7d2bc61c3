"""Fill a data folder with realistic past sessions, through the real Store and Session API.

A coach may keep years of sessions. Each generated session looks like a real
one: the six alignment prompts answered by both partners, a clearing with an
hour of speaking turns on the clock, both declarations, commitments with
their check-in structure, and (for most) a seal and a few check-ins.

    python bench/generate.py DIR [--sessions 1000] [--seed 8]

The data is deterministic for a given seed. Used by the other bench scripts.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coalition_tui.domain.accountability import Commitment, PartnerAccountability
from coalition_tui.domain.clearing import STEPS
from coalition_tui.domain.clock import ClockRecord, SpeakingClock
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import STATUSES, load_prompts
from coalition_tui.domain.seal import confirm_seal, record_checkin
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import stamp
from coalition_tui.storage import Store

GENERATOR_VERSION = 3  # bump when the data changes: folders made by older versions are made again

# The newest generated session starts here; older ones go back about a day each.
NEWEST = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chiara",
    "Dmitri",
    "Esther",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Mei",
    "Nadia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tove",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
)
# Names no other generated session has: the bench knows the list has painted when it sees them.
NEWEST_PARTNERS = ("Noor", "Teodor")
FACILITATORS = ("", "", "Coach Morgan", "Coach Lee")
TITLES = (
    "",
    "",
    "Quarterly reset",
    "Launch planning",
    "After the reorg",
    "Year ahead",
    "Sales and product",
    "Clearing before the board meeting",
    "Founders' check-in",
)

SENTENCES = (
    "Right now the part of the work that matters most to me is getting the new team onto its feet.",
    "I want us to ship something our customers would miss if it were gone.",
    "Over the next quarter I am committed to hiring two engineers and closing the pilot.",
    "In the long run I want this company to be the place people learn the trade.",
    "You could help me by asking what I have actually decided, not what I am considering.",
    "I think our visions line up on the product, less so on how fast we grow.",
    "I can commit to your commitments, with one question about the budget.",
    "I would like to ask you how you want to hear bad news from me.",
    "When the launch slipped I felt left out of the decision, and I went quiet instead of saying so.",
    "I expected us to decide the pricing together, and I was hurt when it was announced.",
    "My truth is that I was tired and short with you, and that was not about you.",
    "I heard that you felt alone with the numbers; I did not see it at the time.",
    "What I want from this conversation is to stop carrying the last three months around.",
    "I am committed to your success here, even when we disagree on the details.",
    "Let us agree that either of us can call a pause when it gets heated.",
    "I will send the weekly numbers every Friday, before noon, without being asked.",
)
CADENCES = ("every week", "every two weeks", "once a month")
CHANNELS = ("a call on Fridays", "coffee on Monday mornings", "a shared document and a short call")
ROLES = (
    "Ask me every two weeks whether the hiring plan is on track.",
    "Tell me plainly when you think I am avoiding a decision.",
    "Be the one who reminds me to take the Friday afternoon off.",
)
CHECKIN_STATUSES = ("done", "done", "on_track", "at_risk", "dropped")


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def _partners(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(FIRST_NAMES, 2)
    return a, b


class _ManualTime:
    """A monotonic clock the generator moves by hand, and the wall clock that goes with it."""

    def __init__(self, wall: datetime) -> None:
        self.now = 0.0
        self._wall = wall

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self._wall + timedelta(seconds=self.now)


def clearing_clock(
    rng: random.Random, started: datetime, *, seconds: float = 3600.0, turn_seconds: int = 120
) -> ClockRecord:
    """An hour of speaking turns recorded by the real ``SpeakingClock`` (about a hundred hand-offs).

    Turns run from a few seconds to a little past their target, with the odd
    pause, added minute and undone hand-off, as a facilitated clearing has.
    """
    time_source = _ManualTime(started)
    clock = SpeakingClock(turn_seconds, monotonic=time_source, wall=time_source.wall)
    clock.take(rng.choice(SIDES))
    while clock.floor_time() < seconds:
        time_source.now += rng.uniform(0.05, 0.45) * clock.read().goal  # behind: a longer target
        roll = rng.random()
        if roll < 0.03:
            clock.pause()
            time_source.now += rng.uniform(10.0, 90.0)  # a pause belongs to nobody
            clock.resume()
        elif roll < 0.05:
            clock.add_time()
        elif roll < 0.07:
            clock.pass_floor()
            time_source.now += rng.uniform(0.5, 2.0)
            clock.undo()  # a mistaken hand-off, taken back
        else:
            clock.pass_floor()
    clock.pause()
    return clock.record()


def realistic_session(
    rng: random.Random,
    when: datetime,
    *,
    session_id: str,
    finished: bool = True,
    sealed: bool = True,
    checkins: int = 2,
    partners: tuple[str, str] | None = None,
    phase: Phase | None = None,
    closed: bool = False,
) -> Session:
    """One whole session with every phase filled, started at ``when`` (``phase``: where an unfinished one stands)."""
    a, b = partners or _partners(rng)
    session = Session.new(
        a,
        b,
        facilitator=rng.choice(FACILITATORS),
        title=rng.choice(TITLES),
        now=when,
        session_id=session_id,
    )
    prompts = load_prompts().alignment
    for prompt in prompts:  # the six prompts, answered by both partners
        for side in SIDES:
            for key in prompt.keys:
                session.alignment.set_answer(key, side, _text(rng, rng.randint(2, 5)))
            if prompt.has_status:
                session.alignment.set_status(prompt.id, side, rng.choice(STATUSES))
    session.alignment.prompt_index = len(prompts) - 1

    clearing = session.clearing
    for side in SIDES:
        clearing.openings[side].commitment = _text(rng, 1)
        clearing.openings[side].intention = _text(rng, 1)
        clearing.accounts[side] = _text(rng, rng.randint(12, 30))
        clearing.said_all[side] = True
    clearing.shared_goals = _text(rng, 3)
    clearing.go_to_step(len(STEPS) - 1)
    clearing.clock = clearing_clock(rng, when + timedelta(minutes=40))

    finished_at = when + timedelta(hours=2, minutes=30)
    for side in SIDES:
        declaration = session.declaration.of(side)
        declaration.confirmed_at = stamp(finished_at - timedelta(minutes=30))
        declaration.words = _text(rng, 1)
    first_checkin = (finished_at + timedelta(days=rng.choice((7, 14, 30)))).date()
    for side in SIDES:
        session.accountability.sides[side] = PartnerAccountability(
            commitments=[
                Commitment(
                    what=_text(rng, 1),
                    by_when=(finished_at.date() + timedelta(days=rng.randint(14, 120))).isoformat(),
                    done_when=_text(rng, 1),
                )
                for _ in range(rng.randint(2, 4))
            ],
            cadence=rng.choice(CADENCES),
            channel=rng.choice(CHANNELS),
            first_checkin=first_checkin.isoformat(),
            role_asked=rng.choice(ROLES),
            role_response="agreed",
        )
    if finished:
        session.phase_index = len(session.agenda)
    else:
        session.phase_index = session.agenda.index(phase) if phase else rng.randrange(len(session.agenda))
    if sealed and finished:
        for side in SIDES:
            confirm_seal(session, side, session.name(side), finished_at)
        checkin_date: date = first_checkin
        for number in range(checkins):
            progress = {
                side: [
                    {"status": rng.choice(CHECKIN_STATUSES), "note": _text(rng, 1)}
                    for _ in session.accountability.of(side).commitments
                ]
                for side in SIDES
            }
            last = number == checkins - 1
            # An old agreement's last check-in set no further date: it is done, nothing is due.
            next_date = "" if last and closed else (checkin_date + timedelta(days=14)).isoformat()
            when = datetime.combine(checkin_date, datetime.min.time(), UTC) + timedelta(hours=10)
            record_checkin(session, progress, next_date, when)
            checkin_date += timedelta(days=14)
    session.updated_at = stamp(finished_at)
    return session


def session_id_for(number: int) -> str:
    return f"{number:08x}"


def fill(root: Path, count: int, *, seed: int = 8, newest: datetime = NEWEST, first_id: int = 1) -> list[str]:
    """Create ``count`` sessions in the data folder at ``root``, oldest first.

    The newest few are unfinished or awaiting a check-in, as a coach's list is;
    the newest of all is between ``NEWEST_PARTNERS`` and in its clearing (the
    session the autosave bench opens). Returns the ids, newest last.
    """
    rng = random.Random(seed)
    store = Store(root)
    ids: list[str] = []
    for offset in range(count - 1, -1, -1):
        when = newest - timedelta(days=offset, hours=rng.randint(0, 8))
        number = first_id + (count - 1 - offset)
        recent = offset < 3
        session = realistic_session(
            rng,
            when,
            session_id=session_id_for(number),
            finished=not recent or offset == 2,
            sealed=not recent or offset == 2,
            checkins=0 if offset < 60 else rng.randint(1, 4),
            partners=NEWEST_PARTNERS if offset == 0 else None,
            phase=Phase.CLEARING if offset == 0 else None,
            closed=offset > 75,
        )
        store.create(session)
        ids.append(session.id)
    store.close()
    return ids


@contextmanager
def no_fsync() -> Iterator[None]:
    """Generated data need not survive a power cut: skip fsync while filling (several times faster)."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = real


def marker_path(root: Path, count: int, seed: int = 8) -> Path:
    """The file that says ``root`` holds this generator's ``count`` sessions for ``seed``."""
    return root / f".bench-v{GENERATOR_VERSION}-{count}-{seed}"


def ensure(root: Path, count: int, *, seed: int = 8, durable: bool = False) -> Path:
    """A data folder with exactly ``count`` generated sessions, made once and reused.

    A folder this script made for another count, seed or version of the generator
    is made again; any other non-empty folder is refused, never touched.
    """
    marker = marker_path(root, count, seed)
    if marker.exists():
        return root
    if root.exists() and any(root.iterdir()):
        if not any(root.glob(".bench-*")):
            raise SystemExit(f"{root} is not empty and was not made by bench/generate.py; choose another folder.")
        shutil.rmtree(root)
    with nullcontext() if durable else no_fsync():
        fill(root, count, seed=seed)
    marker.touch()
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="data folder to fill (created; must be empty)")
    parser.add_argument("--sessions", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--durable", action="store_true", help="fsync every write, as the app does (slower)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    ensure(args.folder, args.sessions, seed=args.seed, durable=args.durable)
    size = sum(p.stat().st_size for p in args.folder.rglob("*.json"))
    print(
        f"{args.sessions} sessions in {args.folder} "
        f"({size / 1e6:.1f} MB, index {(args.folder / 'index.json').stat().st_size / 1e3:.0f} kB) "
        f"in {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
