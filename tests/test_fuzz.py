"""Random keys on every screen: nothing may raise, and what is saved always loads.

Each screen gets a bounded number of keys (COALITION_FUZZ_KEYS, default 32),
drawn from printable text, editing and navigation keys, and the keys the
screen itself binds at that moment (so new bindings are exercised as soon as
they exist). The seed is printed; COALITION_FUZZ_SEED replays a run. Phase
screens come from the agenda, so every Phase is covered automatically.
"""

from __future__ import annotations

import os
import random

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.domain.phases import DEFAULT_AGENDA, Phase
from coalition_tui.storage import Store

KEYS_PER_SCREEN = int(os.environ.get("COALITION_FUZZ_KEYS", "32"))
SEED = int(os.environ.get("COALITION_FUZZ_SEED", str(random.randrange(2**32))))

TEXT = list("abcXYZ 019.,;:!?-'\"[]/\\é🙂ש") + ["space"]
EDITING = [
    "backspace",
    "delete",
    "enter",
    "tab",
    "shift+tab",
    "left",
    "right",
    "up",
    "down",
    "home",
    "end",
    "pageup",
    "pagedown",
    "escape",
]
APP_KEYS = ["f8", "ctrl+t", "ctrl+c", "ctrl+p"]
LEAVING = {"ctrl+n", "ctrl+r", "ctrl+g"}  # move between phases / home: allowed, but rarely
NEVER = {"ctrl+q", "ctrl+z"}  # quitting and suspending end the run, not a bug


def _pick(rng: random.Random, app) -> str:
    roll = rng.random()
    if roll < 0.35:
        bound = [k for k in app.active_bindings if k not in NEVER]
        if bound:
            key = rng.choice(bound)
            if key not in LEAVING or rng.random() < 0.1:
                return key
    if roll < 0.7:
        return rng.choice(TEXT)
    if roll < 0.95:
        return rng.choice(EDITING)
    return rng.choice(APP_KEYS)


async def _fuzz(app, pilot, rng: random.Random, count: int, log: list[str]) -> None:
    for _ in range(count):
        key = _pick(rng, app)
        log.append(f"{type(app.screen).__name__}:{key}")
        await pilot.press(key)
        assert app.return_code is None, f"the app ended after {log[-10:]}"
    await pilot.pause()


def _report(name: str, seed: int, capsys) -> None:
    with capsys.disabled():
        print(f"\nfuzz {name}: seed={seed} keys={KEYS_PER_SCREEN} (replay all: COALITION_FUZZ_SEED={SEED})")


SCREENS = ["home", "setup"] + [p.value for p in Phase]


@pytest.mark.slow
@pytest.mark.parametrize("where", SCREENS)
async def test_random_keys_never_raise(where, make_app, make_session, db_path, fake_clock, capsys):
    seed = SEED + SCREENS.index(where)
    rng = random.Random(seed)
    _report(where, seed, capsys)
    if where == "home":
        for name in ("Ada", "Cleo"):
            make_session(name, "Ben")
        start = StartRequest("home")
    elif where == "setup":
        start = StartRequest("new")
    else:
        session = make_session(agenda=",".join(p.value for p in DEFAULT_AGENDA))
        session.go_to(Phase(where))
        Store(db_path).save(session)
        start = StartRequest("resume", session.id)
    app = make_app(start)
    log: list[str] = []
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            if where not in ("home", "setup"):
                assert type(app.screen).__name__.lower().startswith(where), type(app.screen).__name__
            for _ in range(4):  # let the clock run between bursts
                await _fuzz(app, pilot, rng, KEYS_PER_SCREEN // 4, log)
                fake_clock.advance(rng.uniform(0, 90))
            app.save_now()
    except Exception as error:
        raise AssertionError(f"seed {seed}: {error!r} after keys {log[-15:]}") from error
    # Whatever the keys did, the data folder still loads.
    store = Store(db_path)
    for row in store.list_summaries():
        store.load(row["id"])
