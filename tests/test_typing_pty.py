"""A pair types a whole session into the real app on a real terminal, then the saved file is read.

The keys go to ``coalition`` on a pseudo-terminal exactly as a terminal sends
them: each partner's words, Tab between the panes, ctrl+n between prompts and
phases, F2/F3 for the floor, Enter on the confirm buttons, the names to seal.
Half-way the app is quit and resumed, words are added to answers already there
(they must go after the old words), and ctrl+r goes back to add to an earlier
prompt. Once at the pace a person types, once in bursts (5 ms between keys,
faster than any screen is built). Every field of the saved session must hold
exactly the words typed for it, in order, in the right partner's place.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from coalition_tui.storage import Store

from .helpers.pty_app import PtyApp, child_env, coalition_argv

pytestmark = [pytest.mark.slow, pytest.mark.serial]

SPECIAL = {
    "tab": b"\t",
    "enter": b"\r",
    "ctrl+n": b"\x0e",
    "ctrl+r": b"\x12",
    "ctrl+q": b"\x11",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "backspace": b"\x7f",
}


class Typist:
    """Sends keys one at a time with a pause between them, as fingers do."""

    def __init__(self, app: PtyApp, gap: float) -> None:
        self.app = app
        self.gap = gap

    def keys(self, *keys: str) -> None:
        for key in keys:
            if key in SPECIAL:
                self.app.send(SPECIAL[key])
                time.sleep(self.gap)
            else:
                for character in key:  # words: one key per character
                    self.app.send(character.encode())
                    time.sleep(self.gap)


def the_session(db: Path) -> dict:
    store = Store(db)
    [row] = store.list_summaries()
    return store.load(row["id"]).to_dict()


def run(db: Path, *args: str, gap: float, script) -> None:
    with PtyApp(coalition_argv("--db", str(db), *args), env=child_env(), size=(110, 34)) as app:
        app.wait_for_output(b"Prompt", timeout=30)
        time.sleep(0.5)  # the first screen is drawn; from here on nothing waits for the screen
        typist = Typist(app, gap)
        script(typist)
        typist.keys("ctrl+q")
        assert app.wait(30) == 0, app.output[-2000:].decode("utf-8", "replace")


def first_half(t: Typist) -> None:
    # A slip put right just before Tab (in a burst, Backspace once went to the next field).
    t.keys("Ada cares about calmm", "backspace", "tab", "Ben cares about pace", "ctrl+n")
    t.keys("Ada's vision: a small studio", "tab", "Ben's vision: loyal clients", "ctrl+n")
    t.keys("Ada ships the beta", "tab", "Ada hires by spring", "tab", "Ben closes the round", "tab", "Ben opens Berlin")


def second_half(t: Typist) -> None:
    # Resumed at prompt 3: Ada's first field again, its cursor after her words.
    t.keys(" and sends the notes", "ctrl+r")
    t.keys(" that lasts", "tab", " who stay", "ctrl+n", "ctrl+n")  # back to prompt 2, then on past 3
    t.keys("Ask me what I decided", "tab", "Tell me when I hedge", "ctrl+n")
    t.keys("y", "tab", "Same goals", "tab", "p", "tab", "Mostly, not the pace", "ctrl+n")
    t.keys("How do you want bad news?", "tab", "What does done mean to you?", "ctrl+n")
    # The clearing's opening: three steps, then the rounds.
    t.keys("Ada backs Ben", "tab", "Ben backs Ada", "ctrl+n")
    t.keys("Ada wants air cleared", "tab", "Ben wants a fresh start", "ctrl+n")
    t.keys("We both want the studio to last", "ctrl+n")
    t.keys("f2", "The launch slipped and I went quiet", "f3", "I felt left out of the pricing", "ctrl+n")
    # The declaration: each writes, Tab to their own button, Enter.
    t.keys("Count on me", "tab", "enter", "Me too", "tab", "enter", "ctrl+n")
    # Accountability: Ada's commitment, her check-in, her role; then Ben's.
    t.keys("Ship the beta", "tab", "2026-1215", "left", "left", "-", "tab", "Ten users")
    # How often is chosen (→ to weekly, at once), then the time; "add a commitment" is no stop for Tab.
    t.keys("tab", "right", "tab", "18:30")
    # Her role for Ben, and his answer "wants a change" (w): its reason's field appears, and Tab goes to it.
    t.keys("tab", "tab", "tab", "Ask me what shipped", "tab", "w", "tab", "Only on Fridays")
    t.keys("ctrl+n")
    # The seal, in the README's rhythm: each types their own name, Tab between (A's seal sends the
    # focus to B's name, and Tab there stays: no "undo" to land on). Ben has no commitment, so the
    # name that seals asks once more, listing it: "y" seals as it stands; Enter leaves the sealed moment.
    t.keys("Ada", "enter", "tab", "Ben", "enter", "y", "enter")


EXPECTED_ANSWERS = {
    "care": {"a": "Ada cares about calm", "b": "Ben cares about pace"},
    "vision": {"a": "Ada's vision: a small studio that lasts", "b": "Ben's vision: loyal clients who stay"},
    "commitments.short": {"a": "Ada ships the beta and sends the notes", "b": "Ben closes the round"},
    "commitments.long": {"a": "Ada hires by spring", "b": "Ben opens Berlin"},
    "clarity": {"a": "Ask me what I decided", "b": "Tell me when I hedge"},
    "aligned": {"a": "Same goals", "b": "Mostly, not the pace"},
    "questions": {"a": "How do you want bad news?", "b": "What does done mean to you?"},
}


@pytest.mark.parametrize("gap", [0.06, 0.005], ids=["a person's pace", "bursts of 5 ms"])
def test_a_whole_session_typed_lands_word_for_word(tmp_path, gap):
    db = tmp_path / "data"
    run(db, "new", "-a", "Ada", "-b", "Ben", gap=gap, script=first_half)
    halfway = the_session(db)
    assert halfway["alignment"]["answers"]["commitments.long"] == EXPECTED_ANSWERS["commitments.long"]
    session_id = halfway["id"]

    run(db, "resume", session_id, gap=gap, script=second_half)
    saved = the_session(db)
    assert saved["alignment"]["answers"] == EXPECTED_ANSWERS, json.dumps(saved["alignment"], indent=1)
    assert saved["alignment"]["statuses"] == {"aligned": {"a": "yes", "b": "partly"}}
    clearing = saved["clearing"]
    assert clearing["openings"] == {
        "a": {"commitment": "Ada backs Ben", "intention": "Ada wants air cleared"},
        "b": {"commitment": "Ben backs Ada", "intention": "Ben wants a fresh start"},
    }
    assert clearing["shared_goals"] == "We both want the studio to last"
    assert clearing["accounts"] == {"a": "The launch slipped and I went quiet", "b": "I felt left out of the pricing"}
    assert [turn["speaker"] for turn in clearing["clock"]["turns"]] == ["a", "b"]
    declaration = saved["declaration"]
    assert (declaration["a"]["words"], declaration["b"]["words"]) == ("Count on me", "Me too")
    assert declaration["a"]["confirmed_at"] and declaration["b"]["confirmed_at"]
    plan = saved["accountability"]
    ship = plan["a"]["commitments"][0]
    assert ship == {"what": "Ship the beta", "by_when": "2026-12-15", "done_when": "Ten users", "uid": ship["uid"]}
    assert ship["uid"].startswith("commitment-")  # its calendar id, made with its first words
    assert (plan["a"]["rhythm"], plan["a"]["checkin_time"], plan["a"]["cadence"]) == (
        "weekly",
        "18:30",
        "weekly, 18:30",
    )
    assert (plan["a"]["role_asked"], plan["a"]["role_response"]) == ("Ask me what shipped", "change")
    assert plan["a"]["role_change_note"] == "Only on Fridays"  # not in Ben's pane, where Tab once sent it
    assert all((c["what"], c["by_when"], c["done_when"]) == ("", "", "") for c in plan["b"]["commitments"])
    assert saved["seal"]["sealed_at"], "both typed their names: the agreement is sealed"
