"""``coalition export --partnership NAME``: a partnership's whole story in Markdown and JSON."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from coalition_tui.cli import main
from coalition_tui.domain.clear_again import clearing_again
from coalition_tui.domain.partnership import find_partnerships, name_parts
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.seal import CheckIn, confirm_seal, new_revision
from coalition_tui.domain.session import Session
from coalition_tui.export.partnership import (
    export_partnership_dict,
    export_partnership_json,
    export_partnership_markdown,
    story_of,
)
from coalition_tui.storage import Store

from .helpers.filled_session import clock_record, fill

BASE = datetime(2026, 3, 1, 10, tzinfo=UTC)
TODAY = date(2026, 11, 25)
HOSTILE = "Ship the beta\n# Not a heading\n---\n```\n<script>alert(1)</script> &amp; \x1b]0;owned\x07"


def progress(a: list[str], b: list[str]) -> dict:
    return {side: [{"status": s, "note": ""} for s in statuses] for side, statuses in (("a", a), ("b", b))}


def story() -> list[Session]:
    """Ada Lovelace and Ben: an agreement, its revision, and a clearing-only session (names swapped)."""
    first = fill(
        Session.new("Ada Lovelace", "Ben", now=BASE, session_id="00000a01", title="Spring reset"),
        {"a.c0.what": HOSTILE},
    )
    first.clearing.clock = clock_record([("a", 100), ("b", 130), ("a", 40)])  # Ada 2:20, Ben 2:10
    for side in ("a", "b"):
        confirm_seal(first, side, first.name(side), now=BASE + timedelta(hours=1))
    first.checkins.append(
        CheckIn(
            at=(BASE + timedelta(days=20)).isoformat(),
            progress=progress(["done", "dropped"], ["on_track"]),
            next_checkin="2026-04-15",
        )
    )
    revision = new_revision(first, now=BASE + timedelta(days=60), session_id="00000a02")
    # The revision changed the agreement, not the clearing: it carries the same record over, counted once.
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), now=BASE + timedelta(days=60, hours=1))
    revision.checkins.append(
        CheckIn(
            at=(BASE + timedelta(days=80)).isoformat(),
            progress=progress(["done", "at_risk"], ["done"]),
            next_checkin="2026-06-01",
        )
    )
    again = Session.new(
        "ben", " ada lovelace ", agenda=(Phase.CLEARING,), now=BASE + timedelta(days=120), session_id="00000a03"
    )
    again.clearing.clock = clock_record([("a", 200), ("b", 50)])  # ben 3:20, ada 0:50
    again.phase_index = 1
    again.checkins.append(CheckIn(at=(BASE + timedelta(days=130)).isoformat(), progress={}, next_checkin="2026-08-01"))
    return [first, revision, again]


def stored(store: Store, sessions: list[Session]) -> None:
    for session in sessions:
        store.create(session)
        store.save(session, index=True)


@pytest.fixture
def data(db_path):
    store = Store(db_path)
    stored(store, story())
    others = [
        Session.new("Ada Lovelace", "Cleo", now=BASE + timedelta(days=5), session_id="00000b01"),
        Session.new("Adam", "Dan", now=BASE + timedelta(days=6), session_id="00000c01"),
    ]
    stored(store, others)
    return db_path


def export(db_path, *args: str):
    return CliRunner().invoke(main, ["export", "--db", str(db_path), *args])


# -- the document -------------------------------------------------------------------------------------


def test_json_holds_every_session_and_commitment_with_the_right_figures():
    data = export_partnership_dict(story_of(story(), TODAY, key="k"))
    assert data["format"] == "coalition-partnership" and data["version"] == 1
    assert data["partners"] == ["ben", "ada lovelace"]  # as the newest session names them
    assert [s["id"] for s in data["sessions"]] == ["00000a03", "00000a02", "00000a01"]  # newest first
    by_id = {s["id"]: s for s in data["sessions"]}
    assert by_id["00000a01"]["superseded_by"] == "00000a02" and by_id["00000a02"]["revision_of"] == "00000a01"
    assert by_id["00000a01"]["sides"] == {"a": 1, "b": 0}  # Ada sat at A, she is person 1
    assert by_id["00000a03"]["agenda"] == ["clearing"] and not by_id["00000a03"]["sealed"]
    assert by_id["00000a03"]["checkins"] == [
        {"at": "2026-07-09T10:00:00+00:00", "next_checkin": "2026-08-01", "statuses": {}}
    ]
    assert by_id["00000a02"]["checkins"][0]["statuses"] == {"done": 2, "at_risk": 1}
    assert data["first_session_at"] == "2026-03-01T10:00:00+00:00"
    assert data["latest_session_at"] == "2026-06-29T10:00:00+00:00"

    commitments = data["commitments"]
    assert len(commitments) == 6  # three in the agreement, three carried into its revision
    assert {c["session_id"] for c in commitments if c["superseded"]} == {"00000a01"}
    current = {(c["partner"], c["what"].split("\n")[0]): c["status"] for c in commitments if not c["superseded"]}
    assert current == {
        ("ada lovelace", "Ship the beta"): "done",
        ("ada lovelace", "Hire a designer"): "at_risk",
        ("ben", "Close the seed round"): "done",
    }
    # Each commitment once, with its latest status ("Hire a designer": dropped, then at risk again).
    assert data["kept"] == [{"kept": 1, "closed": 1}, {"kept": 1, "closed": 1}]

    air = data["air_time"]
    assert [(c["session_id"], c["totals_seconds"], c["balance_seconds"]) for c in air["clearings"]] == [
        ("00000a01", [130.0, 140.0], -10.0),
        ("00000a03", [200.0, 50.0], 150.0),
    ]
    ben, ada = air["partners"]
    assert (ben["total_seconds"], ben["turn_count"], ben["longest_turn_seconds"]) == (330.0, 2, 200.0)
    assert (ada["total_seconds"], ada["turn_count"], ada["longest_turn_seconds"]) == (190.0, 3, 100.0)
    assert ben["share"] == round(330 / 520, 4) and air["total_seconds"] == 520.0 and air["balance_seconds"] == 140.0
    assert ben["catch_up_seconds"] >= 0 and "over_target_seconds" in ada

    due = data["due_next"]
    assert due["next_checkin"] == "2026-06-01"  # the revision's: the sealed agreement in force
    assert [(c["what"], c["by_when"]) for c in due["commitments"]] == [("Hire a designer", "2027-01-31")]


def test_json_is_valid_and_stable():
    first = export_partnership_json(story_of(story(), TODAY))
    assert first == export_partnership_json(story_of(story(), TODAY))  # the same sessions, the same bytes
    parsed = json.loads(first)
    assert HOSTILE in [c["what"] for c in parsed["commitments"]]  # the words exactly as written
    assert "\x1b" not in first and "\x07" not in first  # controls escaped


def test_markdown_tells_the_whole_story():
    text = export_partnership_markdown(story_of(story(), TODAY))
    assert text.startswith("# ben & ada lovelace\n")
    assert "3 sessions, the first on" in text
    for session_id in ("00000a01", "00000a02", "00000a03"):
        assert session_id in text
    for what in ("Hire a designer", "Close the seed round", "Ship the beta"):
        assert what in text
    lines = text.splitlines()
    timeline = lines[lines.index("## Timeline, newest first") + 2 :]
    assert "check-in on ben & ada lovelace (00000a03)" in timeline[0]  # the newest moment first
    assert "next check-in" in timeline[0]
    assert "**ben & ada lovelace** (00000a03), open" in timeline[1]
    assert "clearing: ben 3:20, ada lovelace 0:50, ben spoke 2:30 longer" in timeline[1]
    assert "superseded by 00000a02" in text and "a revision of 00000a01" in text
    assert "✔ done 2, ! at risk 1" in text
    assert "- ada lovelace kept 1 of 1 commitments that came to an end (100%)." in lines
    assert "- ben: 5:30 (63%), 2 turns, longest 3:20" in text
    assert "- ada lovelace: 3:10 (37%), 3 turns, longest 1:40" in text
    assert "- Balance: ben spoke 2:20 longer" in lines
    assert "Next check-in: 2026-06-01" in lines  # the sealed revision's, in force
    assert "- ! ada lovelace: Hire a designer (at risk, due 2027-01-31, session 00000a02)" in lines[-4:]


def revised_story() -> list[Session]:
    """Ada and Ben: a sealed agreement and a check-in, its sealed revision as ``new_revision`` makes it
    (the clearing record copied, no check-in), then a clearing begun again."""
    first = fill(Session.new("Ada", "Ben", now=BASE, session_id="00000a01"))
    first.clearing.clock = clock_record([("a", 40), ("b", 50), ("a", 37.5), ("b", 30), ("a", 40)])  # Ada 1:57.5
    for side in ("a", "b"):
        confirm_seal(first, side, first.name(side), now=BASE + timedelta(hours=1))
    first.checkins.append(
        CheckIn(
            at=(BASE + timedelta(days=20)).isoformat(),
            progress=progress(["done", "on_track"], ["dropped"]),
            next_checkin="2026-04-15",
        )
    )
    revision = new_revision(first, now=BASE + timedelta(days=30), session_id="00000a02")
    for side in ("a", "b"):
        confirm_seal(revision, side, revision.name(side), now=BASE + timedelta(days=30, hours=1))
    again = clearing_again([first, revision], now=BASE + timedelta(days=40), session_id="00000a03")
    again.clearing.clock = clock_record([("a", 0.5), ("b", 20)])
    return [first, revision, again]


def test_a_revisions_copy_of_the_clearing_counts_once_and_the_statuses_carry_into_it():
    data = export_partnership_dict(story_of(revised_story(), TODAY))
    ada, ben = data["air_time"]["partners"]
    assert (ada["total_seconds"], ada["turn_count"]) == (118.0, 4)  # 1:58 in 4 turns (was 3:55 in 7: counted twice)
    assert (ben["total_seconds"], ben["turn_count"]) == (100.0, 3)
    assert data["air_time"]["total_seconds"] == 218.0
    clearings = [(c["session_id"], c["record_session_id"], c["turn_count"]) for c in data["air_time"]["clearings"]]
    assert clearings == [("00000a01", "00000a01", 5), ("00000a03", "00000a03", 2)]
    by_id = {s["id"]: s for s in data["sessions"]}
    assert by_id["00000a02"]["clearing"] is None and by_id["00000a01"]["clearing"]["turn_count"] == 5
    carried = [c for c in data["commitments"] if c["session_id"] == "00000a02"]
    assert [(c["what"], c["status"], c["status_session_id"]) for c in carried] == [
        ("Ship the beta", "done", "00000a01"),
        ("Hire a designer", "on_track", "00000a01"),
        ("Close the seed round", "dropped", "00000a01"),
    ]
    assert all(c["uid"] and c["status_at"] == "2026-03-21T10:00:00+00:00" for c in carried)
    assert data["kept"] == [{"kept": 1, "closed": 1}, {"kept": 0, "closed": 1}]  # once each, not reset
    assert [c["what"] for c in data["due_next"]["commitments"]] == ["Hire a designer"]  # the revision's, once
    text = export_partnership_markdown(story_of(revised_story(), TODAY))
    assert "- Ada: 1:58 (54%), 4 turns, longest 0:40, 0:12 catch-up" in text.splitlines()
    assert "- ✔ Ada: Ship the beta (done, due 2026-12-15, session 00000a02)" in text.splitlines()


def test_a_clearing_a_revision_continued_is_counted_as_the_revision_records_it():
    sessions = revised_story()
    sessions[1].clearing.clock = clock_record([("a", 40), ("b", 50), ("a", 37.5), ("b", 30), ("a", 40), ("b", 10)])
    data = export_partnership_dict(story_of(sessions, TODAY))
    assert [(p["total_seconds"], p["turn_count"]) for p in data["air_time"]["partners"]] == [(118.0, 4), (110.0, 4)]
    first = data["air_time"]["clearings"][0]
    assert (first["session_id"], first["record_session_id"], first["turn_count"]) == ("00000a01", "00000a02", 6)
    text = export_partnership_markdown(story_of(sessions, TODAY))
    assert "Ben 1:30, 6 turns; Ada spoke 0:27 longer (as revision 00000a02 records it)" in text


def test_a_partners_words_cannot_break_the_markdown():
    text = export_partnership_markdown(story_of(story(), TODAY))
    assert not any(line.startswith("# Not a heading") for line in text.splitlines())
    assert "  \\# Not a heading" in text  # kept, indented inside its list item, its mark a mark no more
    assert "\n  \\---\n  \\```\n" in text  # no setext heading, no fence swallowing the rest
    assert "<script" not in text and "&lt;script>" in text
    assert "&amp;amp;" in text  # an entity as typed, not turned into "&"
    assert "\x1b" not in text and "&#x1B;" in text


# -- which partnership a name means -------------------------------------------------------------------


def test_name_parts():
    assert name_parts("Ada & Ben") == ["Ada", "Ben"]
    assert name_parts("Ada,Ben") == ["Ada", "Ben"]
    assert name_parts(" ada ") == ["ada"]
    assert name_parts("&") == []


def test_names_match_as_list_partner_does():
    rows = [
        {"id": "1", "partners": {"a": "Ada Lovelace", "b": "Ben"}},
        {"id": "2", "partners": {"a": "Adam", "b": "Dan"}},
        {"id": "3", "partners": {"a": "Cleo", "b": "ada lovelace"}},
    ]
    assert [p.session_ids for p in find_partnerships(rows, "ADA")] == [("1",), ("3",)]  # whole words: not Adam
    assert [p.session_ids for p in find_partnerships(rows, "adam")] == [("2",)]
    assert [p.session_ids for p in find_partnerships(rows, "Ben & Ada")] == [("1",)]
    assert [p.session_ids for p in find_partnerships(rows, "lovelace,cleo")] == [("3",)]
    assert find_partnerships(rows, "Ada & Dan") == []


def test_cli_exports_a_partnership_as_markdown_and_json(data):
    result = export(data, "--partnership", "Ada & Ben", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ben & ada lovelace\n") and "00000b01" not in result.output
    result = export(data, "--partnership", "ben,ada", "--format", "json")
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert [s["id"] for s in parsed["sessions"]] == ["00000a03", "00000a02", "00000a01"]
    assert export(data, "--partnership", "Ben").output == result.output  # one name, one partnership; json default


def test_cli_a_name_that_matches_no_partnership_or_several(data):
    result = export(data, "--partnership", "Nobody")
    assert result.exit_code == 1
    assert result.output == "Error: No partnership has a partner named 'Nobody'.\n"
    result = export(data, "--partnership", "ada")
    assert result.exit_code == 1
    assert "more than one partnership" in result.output
    assert "  ben & ada lovelace\n" in result.output and "  Ada Lovelace & Cleo\n" in result.output
    assert "Adam" not in result.output
    result = export(data, "--partnership", "ada", "--format", "ics")
    assert result.exit_code == 1 and "md or json" in result.output
    result = export(data, "00000a01", "--partnership", "ada")
    assert result.exit_code == 2 and "not both" in result.output
    result = export(data)
    assert result.exit_code == 2 and "Which session?" in result.output


def test_cli_writes_a_private_file_and_never_over_another(data, tmp_path):
    target = tmp_path / "story.md"
    result = export(data, "--partnership", "Ada & Ben", "--format", "md", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# ben & ada lovelace\n")
    target.write_text("mine", encoding="utf-8")
    result = export(data, "--partnership", "Ada & Ben", "--format", "md", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == "mine"  # left as it was
    second = tmp_path / "story-2.md"
    assert stat.S_IMODE(second.stat().st_mode) == 0o600 and str(second) in result.output


def test_cli_export_of_one_session_still_works(data):
    result = export(data, "00000a01", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["session"]["id"] == "00000a01"
