"""The pure parts of a live session: paths, ownership, documents, the guard, the bridge, invitations.

No sockets here (``test_remote_engine.py`` and ``test_live_*.py`` use real ones):
these show the rules each of those relies on.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Text, create_update_message

from coalition_tui.domain.clock import SpeakingClock
from coalition_tui.domain.edits import splice
from coalition_tui.domain.errors import ValidationError
from coalition_tui.domain.session import Session
from coalition_tui.remote.bridge import SessionBridge, refresh_in_place
from coalition_tui.remote.checks import RemoteDataError, check_content, room_problem
from coalition_tui.remote.guard import RoomGuard
from coalition_tui.remote.invitation import KEY_BYTES, Invitation, Keys, parse_invitation
from coalition_tui.remote.link import FIRST_WAIT, LONGEST_WAIT, back_off
from coalition_tui.remote.memory import new_docs
from coalition_tui.remote.paths import join_path, split_path
from coalition_tui.remote.shared_state import (
    fields,
    flatten,
    is_words,
    owner_of,
    read_room,
    read_rooms,
    unflatten,
    write_room,
)

from .helpers.filled_session import full_session

# -- paths and owners -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("alignment/answers/care/a", "a"),
        ("alignment/answers/commitments.short/b", "b"),
        ("alignment/statuses/aligned/b", "b"),
        ("alignment/prompt_index", "host"),
        ("clearing/openings/a/commitment", "a"),
        ("clearing/accounts/b", "b"),
        ("clearing/said_all/a", "a"),
        ("clearing/shared_goals", "host"),
        ("clearing/clock", "host"),
        ("clearing/step", "host"),
        ("declaration/b/words", "b"),
        ("declaration/a/confirmed_at", "a"),
        ("accountability/a/commitments/#0/what", "a"),
        ("accountability/a/role_asked", "a"),
        ("accountability/a/role_response", "b"),  # the other partner answers the role asked of them
        ("accountability/b/role_change_note", "a"),
        ("seal/confirmed_at/b", "b"),
        ("seal/sealed_at", "host"),
        ("phase_index", "host"),
        ("partners/a", "host"),  # a partner's own name is the host's to write
        ("live/floor/a", "a"),
        ("live/presence/a", "host"),
        ("alignment/answers/care/c", "host"),  # not a side: nobody's but the host's
    ],
)
def test_each_path_has_one_writer(path: str, owner: str) -> None:
    assert owner_of(path) == owner


def test_words_are_text_and_choices_are_values() -> None:
    assert is_words("alignment/answers/care/a")
    assert is_words("accountability/b/commitments/#3/done_when")
    assert not is_words("alignment/statuses/aligned/a")
    assert not is_words("seal/confirmed_at/a")
    assert not is_words("accountability/a/role_response")


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=5))
def test_a_path_names_its_keys_whatever_they_hold(keys: list[str]) -> None:
    assert split_path(join_path(*keys)) == keys


# -- the session as flat paths ---------------------------------------------------------------------


def test_a_whole_session_comes_back_exactly() -> None:
    content = full_session().to_dict()
    assert unflatten(flatten(content)) == content


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6))
json_tree = st.recursive(
    json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(min_size=1, max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(min_size=1, max_size=5), json_tree, min_size=1, max_size=4))
@settings(max_examples=200)
def test_flatten_and_unflatten_are_inverse(data: dict) -> None:
    assert unflatten(flatten(data)) == data


def test_numbers_keep_their_kind_through_a_document() -> None:
    """Yjs holds numbers as floats: values travel as JSON so an index stays an int."""
    doc = new_docs()["host"]
    write_room(doc, {"phase_index": 2, "settings/turn_seconds": 120}, [], origin="test")
    values = read_room(doc)
    assert values == {"phase_index": 2, "settings/turn_seconds": 120}
    assert isinstance(values["phase_index"], int)


# -- one edit between two texts -------------------------------------------------------------------


@given(st.text(max_size=30), st.text(max_size=30))
def test_the_splice_turns_one_text_into_the_other(before: str, after: str) -> None:
    start, end, insert = splice(before, after)
    assert before[:start] + insert + before[end:] == after
    assert 0 <= start <= end <= len(before)


def test_the_splice_keeps_what_is_common() -> None:
    assert splice("I felt alone", "I felt quite alone") == (7, 7, "quite ")


# -- the bridge between a session and its documents -----------------------------------------------


def partner_bridge(host: SessionBridge, side: str) -> SessionBridge:
    """A partner's bridge over copies of the host's documents (what a first sync gives)."""
    docs = new_docs()
    for room, doc in host.docs.items():
        docs[room].apply_update(doc.get_update())
    session = Session.from_dict(unflatten({p: v for p, v in read_rooms(docs).items() if not p.startswith("live/")}))
    return SessionBridge(session, docs, writes=(side,))


def exchange(*bridges: SessionBridge) -> None:
    """Every document's updates to every other copy (what the host's rooms do over the network)."""
    for source in bridges:
        for target in bridges:
            if source is not target:
                for room, doc in source.docs.items():
                    target.docs[room].apply_update(doc.get_update(target.docs[room].get_state()))


def test_two_partners_typing_at_once_both_keep_every_word() -> None:
    session = Session.new("Ada", "Ben")
    host = SessionBridge(session, new_docs(), writes=("host", "a", "b"))
    host.sync()
    ada, ben = partner_bridge(host, "a"), partner_bridge(host, "b")
    typed = {"a": "", "b": ""}
    for round_ in range(40):
        for side, bridge in (("a", ada), ("b", ben)):
            typed[side] += f"{side}{round_} "
            bridge.session.alignment.set_answer("care", side, typed[side])
            bridge.sync()
        if round_ % 7 == 0:  # the network delivers in bursts
            exchange(host, ada, ben)
            for bridge in (host, ada, ben):
                bridge.sync()
    exchange(host, ada, ben)
    exchange(host, ada, ben)
    for bridge in (host, ada, ben):
        bridge.sync()
        assert bridge.session.alignment.answer("care", "a") == typed["a"]
        assert bridge.session.alignment.answer("care", "b") == typed["b"]


def test_a_partner_never_sends_the_other_partners_words() -> None:
    session = Session.new("Ada", "Ben")
    host = SessionBridge(session, new_docs(), writes=("host", "a", "b"))
    host.sync()
    ada = partner_bridge(host, "a")
    ada.session.alignment.set_answer("care", "b", "words Ben never wrote")
    ada.session.phase_index = 3
    ada.sync()
    assert "alignment/answers/care/b" not in read_room(ada.docs["b"])
    assert ada.session.alignment.answer("care", "b") == ""  # taken back: the documents are the truth
    assert ada.session.phase_index == 0


def test_a_remote_edit_lands_where_it_was_made_around_local_words() -> None:
    """The host adds to Ada's words while Ada's own new words are on their way: both stay."""
    session = Session.new("Ada", "Ben")
    session.alignment.set_answer("care", "a", "middle")
    host = SessionBridge(session, new_docs(), writes=("host", "a", "b"))
    host.sync()
    ada = partner_bridge(host, "a")
    session.alignment.set_answer("care", "a", "start middle")
    host.sync()
    ada.session.alignment.set_answer("care", "a", "middle end")
    ada.sync()
    exchange(host, ada)
    host.sync()
    ada.sync()
    assert session.alignment.answer("care", "a") == "start middle end"
    assert ada.session.alignment.answer("care", "a") == "start middle end"


def test_the_documents_follow_the_session_file_when_the_host_resumes() -> None:
    """A restarted host's saved documents are brought to its session file by the smallest edits."""
    session = Session.new("Ada", "Ben")
    session.alignment.set_answer("care", "a", "one two")
    docs = new_docs()
    SessionBridge(session, docs, writes=("host", "a", "b")).sync()
    text = fields(docs["a"])["alignment/answers/care/a"]
    assert isinstance(text, Text)
    session.alignment.set_answer("care", "a", "one two three")
    SessionBridge(session, docs, writes=("host", "a", "b")).sync()
    assert fields(docs["a"])["alignment/answers/care/a"] is not None
    assert str(fields(docs["a"])["alignment/answers/care/a"]) == "one two three"


def test_refresh_in_place_keeps_the_objects_screens_hold() -> None:
    session = full_session()
    held = (session.alignment, session.clearing, session.clearing.openings["a"], session.declaration.sides["b"])
    fresh = Session.from_dict(session.to_dict())
    fresh.alignment.set_answer("care", "a", "changed elsewhere")
    fresh.clearing.openings["a"].commitment = "new commitment"
    fresh.declaration.sides["b"].words = "new words"
    refresh_in_place(session, fresh)
    assert session.to_dict() == fresh.to_dict()
    assert (session.alignment, session.clearing, session.clearing.openings["a"], session.declaration.sides["b"]) == held
    assert session.alignment is held[0] and session.clearing.openings["a"] is held[2]


# -- the guard -------------------------------------------------------------------------------------


def update_message(doc: Doc, change) -> bytes:
    """The update message a participant's provider sends after ``change(doc)``."""
    before = doc.get_state()
    change(doc)
    return create_update_message(doc.get_update(before))


@pytest.fixture
def rooms():
    session = Session.new("Ada", "Ben")
    docs = new_docs()
    SessionBridge(session, docs, writes=("host", "a", "b")).sync()
    return docs


def copy_of(doc: Doc) -> Doc:
    copy: Doc = Doc()
    copy.apply_update(doc.get_update())
    return copy


def test_the_guard_lets_a_partner_write_their_own_words(rooms) -> None:
    guard = RoomGuard("a", rooms["a"])
    mine = copy_of(rooms["a"])
    message = update_message(mine, lambda d: fields(d).__setitem__("alignment/answers/care/a", Text("mine")))
    assert guard.check("a", message).allowed


def test_the_guard_refuses_an_edit_to_the_other_partners_room(rooms) -> None:
    guard = RoomGuard("b", rooms["b"])
    forged = copy_of(rooms["b"])
    message = update_message(forged, lambda d: fields(d).__setitem__("alignment/answers/care/b", Text("forged")))
    verdict = guard.check("a", message)
    assert not verdict.allowed and verdict.loud
    assert "may only read" in verdict.reason


def test_the_guard_refuses_a_host_path_written_into_a_partners_own_room(rooms) -> None:
    guard = RoomGuard("a", rooms["a"])
    forged = copy_of(rooms["a"])
    message = update_message(forged, lambda d: fields(d).__setitem__("phase_index", json.dumps(4)))
    verdict = guard.check("a", message)
    assert not verdict.allowed
    assert "phase_index" in verdict.reason
    # the shadow was rebuilt: a proper edit after a refusal still passes
    mine = copy_of(rooms["a"])
    assert guard.check("a", update_message(mine, lambda d: fields(d).__setitem__("clearing/accounts/a", Text("x"))))


def test_the_guard_refuses_words_sent_as_a_value(rooms) -> None:
    guard = RoomGuard("a", rooms["a"])
    forged = copy_of(rooms["a"])
    message = update_message(forged, lambda d: fields(d).__setitem__("clearing/accounts/a", json.dumps("x")))
    assert not guard.check("a", message).allowed


def test_an_echo_of_what_the_room_already_has_is_dropped_quietly(rooms) -> None:
    guard = RoomGuard("b", rooms["b"])
    echo = create_update_message(rooms["b"].get_update())
    verdict = guard.check("a", echo)
    assert not verdict.allowed and not verdict.loud


def test_the_session_format_applies_to_a_partners_room(rooms) -> None:
    shared = read_rooms(rooms)
    room = read_room(rooms["a"])
    assert room_problem(shared, "a", room) is None
    assert "refuses" in (room_problem(shared, "a", {**room, "alignment/statuses/aligned/a": "maybe"}) or "")
    assert "floor request" in (room_problem(shared, "a", {**room, "live/floor/a": {"n": "1"}}) or "")
    assert room_problem(shared, "a", {**room, "live/floor/a": {"n": 1, "op": "take"}}) is None


def test_a_session_the_format_refuses_is_not_taken() -> None:
    content = Session.new("Ada", "Ben").to_dict()
    check_content(content)
    with pytest.raises(RemoteDataError):
        check_content({**content, "phase_index": "three"})


# -- invitations -----------------------------------------------------------------------------------


def test_an_invitation_reads_back_from_its_address() -> None:
    invitation = Invitation("127.0.0.1", 8765, "abcdef0123456789", "k3y-_with/odd+chars", tls=True)
    assert invitation.address().startswith("coalitions://127.0.0.1:8765/abcdef0123456789?key=")
    assert parse_invitation(invitation.address()) == invitation
    assert parse_invitation(Invitation("::1", 9, "r", "k").address()).host == "::1"


@pytest.mark.parametrize(
    "text",
    ["", "http://127.0.0.1:8765/room?key=k", "coalition://127.0.0.1:8765/?key=k", "coalition://127.0.0.1:8765/room"],
)
def test_anything_else_is_not_an_invitation(text: str) -> None:
    with pytest.raises(ValidationError, match="not a Coalition invitation"):
        parse_invitation(text)


def test_each_role_has_its_own_long_secret() -> None:
    keys = Keys()
    secrets_ = list(keys.by_role.values())
    assert len(set(secrets_)) == 3
    assert all(len(secret) >= (KEY_BYTES * 4) // 3 for secret in secrets_) and KEY_BYTES * 8 >= 128
    for role, secret in keys.by_role.items():
        assert keys.role_of(secret) == role
    assert keys.role_of("") is None
    assert keys.role_of(secrets_[0][:-1]) is None
    assert Keys().role_of(secrets_[0]) is None  # new invitations: the old key opens nothing


# -- reconnecting and the clock on another machine ----------------------------------------------------


def test_the_wait_before_each_retry_doubles_up_to_a_ceiling() -> None:
    waits = [back_off(attempt) for attempt in range(1, 8)]
    assert waits[0] == FIRST_WAIT
    assert waits == sorted(waits)
    assert waits[-1] == LONGEST_WAIT
    assert back_off(3, jitter=0.2) == pytest.approx(back_off(3) * 1.2)


def test_a_running_clock_runs_on_in_its_copy() -> None:
    now = [100.0]
    host = SpeakingClock(120, monotonic=lambda: now[0])
    host.take("a")
    now[0] = 130.0
    record = host.record()
    seen = [5.0]  # the partner's machine has its own monotonic clock
    copy = SpeakingClock.from_record(record, turn_seconds=120, monotonic=lambda: seen[0], running_since=5.0)
    assert copy.running and copy.holder == "a"
    seen[0] = 15.0
    assert copy.totals()["a"] == pytest.approx(40.0)
    reopened = SpeakingClock.from_record(record, turn_seconds=120, monotonic=lambda: seen[0])
    assert not reopened.running  # a reopened session's clock is paused, as before


def test_a_restarted_host_keeps_a_partners_words_its_file_had_not_saved_yet() -> None:
    """Killed between writing its documents and its session file, the host comes back with the
    documents ahead of the file: the partner's last words are taken from them, never deleted."""
    session = Session.new("Ada", "Ben")
    docs = new_docs()
    SessionBridge(session, docs, writes=("host", "a", "b")).sync()
    ben = partner_bridge(SessionBridge(session, docs, writes=("host", "a", "b")), "b")
    ben.session.alignment.set_answer("care", "b", "saved, then more")
    ben.sync()
    docs["b"].apply_update(ben.docs["b"].get_update(docs["b"].get_state()))  # the documents have it all
    session.alignment.set_answer("care", "b", "saved")  # the session file had only this much
    session.title = "Autumn reset"  # and the host's own change, after the documents were written
    restarted = SessionBridge(session, docs, writes=("host", "a", "b"))
    restarted.adopt(("a", "b"))
    restarted.sync()
    assert session.alignment.answer("care", "b") == "saved, then more"
    assert str(fields(docs["b"])["alignment/answers/care/b"]) == "saved, then more"
    assert read_room(docs["host"])["title"] == "Autumn reset"


# -- the floor from a partner's machine ---------------------------------------------------------------


def live_pair(tmp_path) -> tuple:
    """A host's and partner A's live sessions over shared documents (no network: updates exchanged by hand)."""
    from coalition_tui.remote.live import LiveEvents, LiveSession

    session = Session.new("Ada", "Ben")
    host_bridge = SessionBridge(session, new_docs(), writes=("host", "a", "b"))
    requests: list = []
    host = LiveSession("host", session, host_bridge, events=LiveEvents(floor=requests.append), root=tmp_path)
    host_bridge.sync()
    ada_bridge = partner_bridge(host_bridge, "a")
    ada = LiveSession("a", ada_bridge.session, ada_bridge, events=LiveEvents(), root=tmp_path)
    return host, ada, requests


def deliver(source, target, moment: float = 0.0) -> None:
    """What the network does, then what the host does when an update arrives at ``moment``."""
    exchange(source.bridge, target.bridge)
    target.bridge.remote_at = moment
    target.local_change()


async def test_a_partners_floor_key_reaches_the_host_stamped_on_arrival(tmp_path) -> None:
    host, ada, requests = live_pair(tmp_path)
    assert ada.request_floor("take")
    deliver(ada, host, moment=41.5)
    assert [(r.side, r.op, r.moment) for r in requests] == [("a", "take", 41.5)]
    deliver(ada, host, moment=42.0)
    assert len(requests) == 1  # the same request is acted on once
    assert not ada.request_floor("undo")  # only take, pass and pause travel


async def test_the_host_can_keep_the_floor_keys(tmp_path) -> None:
    from coalition_tui.remote.floor import floor_refusal

    host, ada, requests = live_pair(tmp_path)
    host.set_partner_floor(False)
    deliver(host, ada)
    assert not ada.partner_floor
    assert "keeps the floor keys" in floor_refusal(ada, "take", "a", None)
    ada.request_floor("take")  # sent anyway (an older or altered program): the host ignores it
    deliver(ada, host, moment=5.0)
    assert requests == []
    host.set_partner_floor(True)
    deliver(host, ada)
    assert floor_refusal(ada, "take", "a", None) == ""
    assert "Only Ben or the host" in floor_refusal(ada, "take", "b", None)
    assert "while you hold it" in floor_refusal(ada, "pass", None, "b")
