"""A live session as three real processes on loopback: the host, partner A and partner B.

Each runs ``coalition`` on its own pseudo-terminal with its own data folder,
as on three computers; the keys go in as a terminal sends them and the
screens are read through a terminal emulator. These are the issue's "Must
show" items: two people typing at once lose nothing, a partner cannot write
the other's field, a wrong or replaced key is refused, a killed host loses
nothing it had saved, and floor keys on a partner's machine move every screen
and the host's record.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from pycrdt import Text

from coalition_tui.domain.clock import format_duration
from coalition_tui.remote.invitation import Invitation
from coalition_tui.remote.link import RemoteLink
from coalition_tui.remote.memory import new_docs
from coalition_tui.remote.shared_state import fields

from .helpers.live_trio import (
    SESSION_ID,
    START_TIMEOUT,
    LiveTrio,
    Terminal,
    free_port,
    invitation_for,
    join_terminal,
    live_trio,
    make_session,
    read_record,
    saved_answer,
    start_host,
)
from .helpers.pty_app import coalition_argv

pytestmark = [pytest.mark.serial, pytest.mark.slow]

CARE = "care"  # alignment's first prompt, where the session opens
KEY_GAP = 0.08  # seconds between keys: a quick typist, about 150 words a minute
SETTLE = 30.0  # how long everything may take to arrive everywhere (slow shared machines)
REFUSED_SENTENCE = "This invitation is not valid for this session"
F2, F3, F5 = b"\x1bOQ", b"\x1bOR", b"\x1b[15~"


def type_words(terminal: Terminal, mark: str, start: int, seconds: float) -> str:
    """Type ``a17 ``-like words one key at a time for ``seconds``; returns exactly what was typed."""
    typed: list[str] = []
    number = start
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        word = f"{mark}{number} "
        for character in word:
            terminal.send(character.encode())
            time.sleep(KEY_GAP)
        typed.append(word)
        number += 1
    return "".join(typed)


def both_type(trio: LiveTrio, seconds: float, start: int = 0) -> dict[str, str]:
    """A and B type at the same time, each into their own pane, from two threads."""
    typed: dict[str, str] = {}

    def typist(side: str) -> None:
        typed[side] = type_words(trio.terminals[side], side, start, seconds)

    threads = [threading.Thread(target=typist, args=(side,)) for side in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    assert set(typed) == {"a", "b"}, "a typist thread did not finish"
    return typed


def wait_saved(trio: LiveTrio, expected: dict[str, str], timeout: float = SETTLE) -> None:
    """Until the host's session file holds exactly ``expected`` in each partner's answer."""

    def saved_now() -> dict[str, str]:
        return {side: saved_answer(trio.host_db, CARE, side) for side in expected}

    try:
        trio.host.wait_for(lambda: saved_now() == expected, timeout, "the saved answers")
    except AssertionError as timed_out:
        raise AssertionError(f"saved: {saved_now()!r}\nexpected: {expected!r}") from timed_out


def wait_screens_show(trio: LiveTrio, expected: dict[str, str], timeout: float = SETTLE) -> None:
    """Until every terminal shows exactly the expected words in each pane."""
    for name, terminal in trio.terminals.items():
        for side, text in expected.items():
            terminal.wait_for(
                lambda terminal=terminal, side=side, text=text: terminal.pane_words(side) == text.split(),
                timeout,
                f"{name}'s screen to show {side}'s words {text!r}",
            )


def test_both_partners_type_at_once_and_every_copy_ends_identical(tmp_path: Path) -> None:
    """Two people typing at the same moment, each in their own pane, lose nothing anywhere."""
    with live_trio(tmp_path) as trio:
        began = time.monotonic()
        typed = both_type(trio, seconds=4.0, start=10)
        typing_took = time.monotonic() - began
        wait_saved(trio, typed)
        saved_after = time.monotonic() - began - typing_took
        for side in ("a", "b"):
            trio.a.wait_for(
                lambda side=side: all(
                    trio.joined_flat(joiner).get(f"alignment/answers/{CARE}/{side}") == typed[side]
                    for joiner in ("a", "b")
                ),
                SETTLE,
                f"both joiners' cached documents to hold {side}'s words",
            )
        wait_screens_show(trio, typed)
        screens = {name: (t.pane_words("a"), t.pane_words("b")) for name, t in trio.terminals.items()}
        assert screens["host"] == screens["a"] == screens["b"]
        saved = trio.saved()
        assert saved is not None
        assert saved["alignment"]["answers"][CARE] == typed  # nothing else crept into the answer
        print(
            f"\nkeys typed: A {len(typed['a'])}, B {len(typed['b'])} in {typing_took:.2f} s; "
            f"saved on the host {saved_after:.2f} s after the last key"
        )


async def test_an_edit_to_the_other_partners_field_is_refused_by_the_host(tmp_path: Path) -> None:
    """Partner A's key, a hand-made client: writes to B's room and to a host path are refused and shown."""
    with live_trio(tmp_path) as trio:
        typed = await asyncio.to_thread(type_words, trio.b, "b", 0, 1.5)
        await asyncio.to_thread(wait_saved, trio, {"b": typed})
        before = trio.saved()
        assert before is not None
        docs = new_docs()
        link = RemoteLink(trio.invitation("a"), docs)  # partner A's key, but not A's app
        task = asyncio.ensure_future(link.run())
        try:
            await asyncio.wait_for(link.synced.wait(), START_TIMEOUT)
            assert link.role == "a"
            fields(docs["b"])["alignment/answers/care/b"] = Text("forged by A")
            await asyncio.to_thread(trio.host.wait_for_text, "Edit refused", SETTLE)
            fields(docs["a"])["phase_index"] = "3"
            fields(docs["a"])["title"] = Text("forged title")
            await asyncio.to_thread(
                trio.host.wait_for,
                lambda: "'phase_index'" in trio.host.text() and "'title'" in trio.host.text(),
                SETTLE,
                "the refusals of the host's paths",
            )
            # A's own field, from the same connection, still goes through: the refusals were about whose field.
            fields(docs["a"])["alignment/answers/care/a"] = Text("mine")
            await asyncio.to_thread(wait_saved, trio, {"a": "mine", "b": typed})
        finally:
            link.stop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        saved = trio.saved()
        assert saved is not None
        assert saved["alignment"]["answers"][CARE] == {"a": "mine", "b": typed}
        assert (saved["phase_index"], saved["title"]) == (before["phase_index"], before["title"])
        for name, terminal in trio.terminals.items():
            # Every frame each process ever drew, not only the last one: the words never showed.
            assert b"forged" not in terminal.app.output, f"{name}:\n{terminal.text()}"
        for side in ("a", "b"):  # the host's own screen has the refusal notices over B's pane
            assert trio.terminals[side].pane_words("b") == typed.split(), trio.terminals[side].text()
        assert "forged" not in json.dumps(trio.joined_flat("b"))
        # ... and logged: the host's private log names each refused edit (never the words in it)
        log = (trio.host_db / "logs" / "live.log").read_text()
        assert "refused an update from a to room b" in log and "'phase_index'" in log
        assert "forged" not in log
        assert (trio.host_db / "logs" / "live.log").stat().st_mode & 0o777 == 0o600


def join_once(db: Path, invitation: Invitation) -> tuple[int, str]:
    """``coalition join`` on a pty until it exits by itself: (status, what it printed)."""
    joiner = join_terminal("joiner", db, invitation)
    try:
        status = joiner.app.wait(START_TIMEOUT)
        return status, joiner.app.output.decode("utf-8", "replace")
    finally:
        joiner.close()


def test_a_wrong_key_and_a_replaced_key_are_refused(tmp_path: Path) -> None:
    """A made-up key, then a key from before ``--new-invitations``: status 1 and the sentence, both times."""
    host_db = tmp_path / "host"
    make_session(host_db)
    port = free_port()
    host = start_host(host_db, port)
    try:
        record = read_record(host_db)
        made_up = Invitation("127.0.0.1", port, record["room"], "A" * 27)
        status, printed = join_once(tmp_path / "stranger", made_up)
        assert status == 1, printed
        assert REFUSED_SENTENCE in printed, printed
        old_a = invitation_for(port, record, "a")
        host.send(b"\x11")  # ctrl+q
        assert host.app.wait(30) == 0, host.text()
        host.close()
        host = start_host(host_db, port, "--new-invitations")
        renewed = read_record(host_db)
        assert renewed["keys"]["a"] != record["keys"]["a"]
        # The old invitation as sent, and its key with the new room (new invitations get a new room too).
        old_key_new_room = Invitation("127.0.0.1", port, renewed["room"], record["keys"]["a"])
        for name, invitation in (("old-friend", old_a), ("old-key", old_key_new_room)):
            status, printed = join_once(tmp_path / name, invitation)
            assert status == 1, printed
            assert REFUSED_SENTENCE in printed, printed
        # The new invitation is let in (the refusal was the key's, not the host's).
        joiner = join_terminal("a", tmp_path / "a", invitation_for(port, renewed, "a"))
        try:
            joiner.wait_for_text("connected to the host", START_TIMEOUT)
        finally:
            joiner.close()
    finally:
        host.close()


def test_a_killed_host_restarted_loses_nothing_saved_and_partners_rejoin(tmp_path: Path) -> None:
    """SIGKILL the host after its autosave; partners type on through the outage and after the restart."""
    with live_trio(tmp_path) as trio:
        before = both_type(trio, seconds=2.0, start=0)
        wait_saved(trio, before)
        trio.kill_host()
        killed_at = time.monotonic()
        for side in ("a", "b"):
            trio.terminals[side].wait_for_text("connection lost · your words are kept", SETTLE)
        during = both_type(trio, seconds=2.0, start=100)
        trio.restart_host()
        for side in ("a", "b"):
            trio.terminals[side].wait_for_text("connected to the host", SETTLE)
        rejoined_after = time.monotonic() - killed_at
        after = both_type(trio, seconds=2.0, start=200)
        expected = {side: before[side] + during[side] + after[side] for side in ("a", "b")}
        wait_saved(trio, expected)
        wait_screens_show(trio, expected)
        saved = trio.saved()
        assert saved is not None
        assert saved["alignment"]["answers"][CARE] == expected
        print(f"\nboth partners connected again {rejoined_after:.2f} s after the kill (host restart included)")


CLOCK_BAR = re.compile(r"Ada (\d+:\d\d) .* (\d+:\d\d) Ben")


HOLDER = re.compile(r"(?:‖ Paused · |▶ )\w+ (?:holds|has) the floor · turn \d+")


def clock_rows(terminal: Terminal) -> list[str]:
    """The speaking rounds' clock as shown: who holds the floor (and the turn), and each partner's total."""
    lines = terminal.lines()
    holder = next(found[0] for line in lines if (found := HOLDER.search(line)))
    totals = next(found for line in lines if (found := CLOCK_BAR.search(line)))
    return [holder, *totals.groups()]


def shown_totals(terminal: Terminal) -> tuple[str, ...]:
    """(A's total, B's total) as the clock bar shows them, e.g. ("0:02", "0:00"); () before it is drawn."""
    for line in terminal.lines():
        bar = CLOCK_BAR.search(line)
        if bar is not None:
            return bar.groups()
    return ()


def wait_until_spoken(terminal: Terminal, side: str) -> None:
    """Until ``side``'s total on the clock is a second or more: a turn long enough to show."""
    index = 0 if side == "a" else 1
    terminal.wait_for(
        lambda: shown_totals(terminal)[index : index + 1] not in ((), ("0:00",)),
        SETTLE,
        f"{side}'s total to reach a second",
    )


def test_floor_keys_on_a_partners_machine_move_every_screen_and_the_record(tmp_path: Path) -> None:
    """A takes the floor with F2, B with F3 and pauses with F5, on their own machines.

    Every screen shows the same holder; paused, the same totals; and those are
    the host's record, which is what the export says.
    """
    with live_trio(tmp_path, speaking_rounds=True) as trio:
        for terminal in trio.terminals.values():
            terminal.wait_for_text("Nobody has the floor", SETTLE)
        trio.a.send(F2)
        for terminal in trio.terminals.values():
            terminal.wait_for_text("Ada has the floor", SETTLE)
        wait_until_spoken(trio.host, "a")
        trio.b.send(F3)
        for terminal in trio.terminals.values():
            terminal.wait_for_text("Ben has the floor", SETTLE)
        wait_until_spoken(trio.host, "b")
        trio.b.send(F5)
        for terminal in trio.terminals.values():
            terminal.wait_for_text("Paused · Ben holds the floor", SETTLE)
        shown = {name: clock_rows(terminal) for name, terminal in trio.terminals.items()}
        assert shown["host"] == shown["a"] == shown["b"], shown
        trio.host.send(b"\x11")  # ctrl+q: the host leaves, and saves
        assert trio.host.app.wait(30) == 0, trio.host.text()
        saved = trio.saved()
        assert saved is not None
        clock = saved["clearing"]["clock"]
        exported = subprocess.run(
            coalition_argv("--db", str(trio.host_db), "export", SESSION_ID, "--format", "json"),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        summary = json.loads(exported.stdout)["clearing_summary"]
        turns = clock["turns"]
        assert [turn["speaker"] for turn in turns] == ["a", "b"]
        assert summary["turn_count"] == 2
        assert summary["turn_counts"] == {"a": 1, "b": 1}
        for side, on_screen in zip(("a", "b"), shown["host"][1:], strict=True):
            recorded = sum(turn["duration"] for turn in turns if turn["speaker"] == side)
            assert summary["totals_seconds"][side] == round(recorded, 3)
            assert summary["totals_seconds"][side] == round(clock["totals"][side], 3)
            assert format_duration(recorded) == on_screen  # the paused screens showed the record
        print(f"\nturns (host's record): {[(t['speaker'], round(t['duration'], 3)) for t in turns]}")


def test_the_host_quits_without_a_traceback_while_partners_are_connected(tmp_path: Path) -> None:
    """ctrl+q on the host with both partners here: status 0 and nothing but the goodbye on its terminal."""
    with live_trio(tmp_path) as trio:
        trio.host.send(b"\x11")  # ctrl+q
        assert trio.host.app.wait(30) == 0, trio.host.text()
        printed = trio.host.app.output.decode("utf-8", "replace")
        assert "Traceback" not in printed, printed[-3000:]
