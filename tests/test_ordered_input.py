"""Keys are handled in the order typed, each to its end before the next, bounded by progress and never a clock.

Every test here queues its keys before any is handled (a fast typist on a busy
machine), and several hold input first, as a screen being built does, so the
whole burst waits and then goes at once. What each key did must be what a
slow typist's would have done.
"""

from __future__ import annotations

import random

from textual import events
from textual.keys import _character_to_key

from coalition_tui.app import StartRequest
from coalition_tui.screens.alignment import AlignmentScreen
from coalition_tui.screens.clearing import ClearingScreen
from coalition_tui.screens.home import HomeScreen
from coalition_tui.storage import Store


def key_event(key: str) -> events.Key:
    """A key as Textual's driver makes it: a character's key is its name ("slash", "space") unless a letter or digit."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, None)


def queue(app, keys: list[str]) -> None:
    """Each key posted as the terminal's driver posts it, all before the first is handled."""
    for key in keys:
        app.post_message(key_event(key))


async def until_handled(pilot) -> None:
    """Wait for progress, not for time: until every key queued has been handled."""
    while pilot.app.input_waiting:
        await pilot.pause()
    await pilot.pause()


def words(rng: random.Random, count: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyzäöü ,.!?'ßñ"
    return "".join(rng.choice(letters) for _ in range(count)).strip() + "."


async def test_two_hundred_keys_held_then_released_land_in_order_across_fields_and_a_phase(
    make_app, make_session, db_path
):
    """Hold input, queue 200 keys across two fields and a phase change, press ctrl+q: every key landed."""
    rng = random.Random(23)
    a_words, b_words, next_words = words(rng, 70), words(rng, 70), words(rng, 54)
    session = make_session(agenda="alignment,clearing")
    session.alignment.prompt_index = len(session.prompts.alignment) - 1  # the last prompt: ctrl+n leaves the phase
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AlignmentScreen)
        keys = [*a_words, "tab", *b_words, "ctrl+n", *next_words]
        assert len(keys) == 200 - 1
        release = app.hold_input()  # as a screen being built holds them
        queue(app, [*keys, "ctrl+q"])
        await pilot.pause()
        assert app.session is not None and app.session.alignment.answer("questions", "a") == ""
        release()
        await until_handled(pilot)
    saved = Store(db_path).load(session.id)
    last = saved.prompts.alignment[-1].id
    assert saved.alignment.answer(last, "a") == a_words
    assert saved.alignment.answer(last, "b") == b_words
    assert saved.current_phase.value == "clearing"
    assert saved.clearing.opening("a").commitment == next_words  # the clearing's first field, partner A's


async def test_ctrl_q_waits_for_a_screen_being_built_and_the_keys_before_it(make_app, make_session, db_path):
    """ctrl+q is a key like the others: it waits its turn, and keys after it are not handled."""
    session = make_session(agenda="clearing")
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClearingScreen)
        release = app.hold_input()
        queue(app, [*"Before", "ctrl+q", *"After"])
        await pilot.pause()
        release()
        await until_handled(pilot)
    assert Store(db_path).load(session.id).clearing.opening("a").commitment == "Before"


async def test_a_slash_and_a_name_typed_at_once_on_home_find_the_name(make_app, make_session, store):
    for a, b in (("Ada", "Ben"), ("Cy", "Di")):
        make_session(a, b)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        queue(app, [*"/ada"])
        await until_handled(pilot)
        assert app.screen.query_one("#find").value == "ada"


async def test_a_stuck_screen_is_given_up_on_and_said_so(make_app, make_session, db_path, monkeypatch):
    """The one bound left is on progress: keys waiting and none handled for the stall time."""
    session = make_session(agenda="clearing")
    Store(db_path).save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    told: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: told.append(message)  # type: ignore[method-assign]
        app.hold_input()  # never released: a stuck screen
        queue(app, [*"late"])
        await pilot.pause()
        assert app.input_waiting and app.session.clearing.opening("a").commitment == ""
        app.give_up_waiting(app.STALL_SECONDS)  # what the stall timer does once nothing moved for that long
        await until_handled(pilot)
        assert app.session.clearing.opening("a").commitment == "late"
        assert any("did not take keys" in message for message in told)
    log = (db_path / "logs" / "coalition.log").read_text()
    assert "no key handled" in log and "late" not in log  # what happened, never what was typed
