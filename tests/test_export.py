"""Exports: Markdown with every field, iCalendar that a real parser reads, JSON that keeps every text."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from coalition_tui.app import StartRequest
from coalition_tui.domain.accountability import Commitment
from coalition_tui.domain.seal import record_checkin
from coalition_tui.domain.session import Session
from coalition_tui.export.ics import export_ics
from coalition_tui.export.json_export import export_json
from coalition_tui.export.markdown import export_markdown
from coalition_tui.export.render import render_export
from coalition_tui.export.save import default_export_dir, export_filename, save_export
from coalition_tui.screens.seal import ExportScreen, SealScreen
from coalition_tui.storage import Store

from .conftest import FIXED_NOW
from .helpers.filled_session import ALIGNMENT_KEYS, fill, full_session

FIELDS = (
    [f"{side}.alignment.{key}" for side in "ab" for key in ALIGNMENT_KEYS]
    + [
        f"{side}.{name}"
        for side in "ab"
        for name in (
            "opening.commitment",
            "opening.intention",
            "account",
            "declaration",
            "cadence",
            "channel",
            "role",
            "c0.what",
            "c0.done",
        )
    ]
    + ["a.c1.what", "a.c1.done", "b.note", "shared_goals"]
)


def unique_words() -> dict[str, str]:
    return {name: f"W{n:02d} {name} words" for n, name in enumerate(FIELDS)}


def session_with(words: dict[str, str], **kwargs) -> Session:
    session = Session.new(
        "Ada", "Ben", title="Autumn reset", facilitator="Cleo", now=FIXED_NOW, session_id="e4e4e4e4", **kwargs
    )
    return fill(session, words)


# -- Markdown -------------------------------------------------------------------------------------------


def test_markdown_holds_every_field_of_both_partners():
    words = unique_words()
    session = session_with(words)
    text = export_markdown(session)
    missing = [name for name, value in words.items() if value not in text]
    assert missing == []
    for value in (
        "Ada",
        "Ben",
        "Cleo",
        "Autumn reset",
        "2026-12-15",
        "2027-01-31",
        "2027-02-26",
        "2026-12-04",
        "2026-12-02",
        "Ben agreed",
        "Ada asked to change it",
        "Partly",
        "Yes",
        "e4e4e4e4",
    ):
        assert value in text, value
    assert text.startswith("# Autumn reset\n")
    assert "## Ada" in text and "## Ben" in text and "## Air-time in the clearing" in text
    assert "- Ada: 3:35 (51%), 3 turns, longest 2:05, 0:05 over target, 0:20 catch-up\n" in text
    assert "- Ben: 3:25 (49%), 2 turns, longest 1:50, 0:05 catch-up\n" in text
    assert "Ada spoke 0:10 longer" in text
    assert "Not sealed yet." in text


def test_markdown_of_a_sealed_agreement_with_checkins():
    session = full_session(sealed=True)
    record_checkin(
        session,
        {
            "a": [{"status": "on_track", "note": "two users"}, {"status": "dropped"}],
            "b": [{"status": "at_risk", "note": "investors slow"}],
        },
        "2026-12-09",
        FIXED_NOW,
    )
    text = export_markdown(session)
    assert "Sealed 2026-11-25 14:30 UTC by Ada and Ben." in text
    assert "Next check-in: 2026-12-09" in text
    assert "- Ada, 1. Ship the beta: → on track — two users" in text
    assert "- Ada, 2. Hire a designer: ✕ dropped" in text
    assert "- Ben, 1. Close the seed round: ! at risk — investors slow" in text
    assert "   - Progress: → on track: two users" in text
    assert text.endswith("Exported from Coalition.\n")


def test_markdown_keeps_multi_line_words_readable():
    session = session_with({"a.alignment.vision": "First line\nSecond line", "a.c0.what": "Ship\nand celebrate"})
    text = export_markdown(session)
    assert "**Goals and vision**\n\nFirst line\nSecond line\n" in text
    assert "1. Ship\n   and celebrate\n   - By: 2026-12-15" in text


def test_markdown_without_a_clearing_or_answers():
    session = Session.new("Ada", "Ben", agenda="accountability,seal", now=FIXED_NOW)
    text = export_markdown(session)
    assert "_no answers recorded_" in text and "_no commitments listed_" in text
    assert "Air-time" not in text and "Check-ins" not in text


# -- iCalendar --------------------------------------------------------------------------------------------


def events(text: str) -> dict[str, dict]:
    calendar = Calendar.from_ical(text)
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
    return found


def test_ics_holds_due_dates_and_checkin_dates():
    session = full_session(sealed=True)
    session.accountability.of("a").commitments.append(Commitment("Someday", "", "Done"))  # no date: no event
    session.accountability.of("a").commitments.append(Commitment("Typo", "2026-02-30", "Done"))  # not a date
    record_checkin(session, {}, "2026-12-09", FIXED_NOW)
    text = export_ics(session)
    calendar = Calendar.from_ical(text)
    assert str(calendar["PRODID"]) == "-//Coalition//coalition-tui//EN" and str(calendar["VERSION"]) == "2.0"
    found = events(text)
    starts = {uid: e["start"] for uid, e in found.items()}
    a, b = (session.accountability.of(side).series_uid for side in "ab")
    assert starts == {
        # Commitments made without a stable id (not by add_commitment) are known by their place.
        "5ea1aaaa-a-commitment-0@coalition.local": date(2026, 12, 15),
        "5ea1aaaa-a-commitment-1@coalition.local": date(2027, 1, 31),
        "5ea1aaaa-b-commitment-0@coalition.local": date(2027, 2, 26),
        # Each partner's check-ins by the series' stable id; a date set at a check-in by its date.
        f"{b}@coalition.local": date(2026, 12, 2),
        f"{a}@coalition.local": date(2026, 12, 4),
        "5ea1aaaa-checkin-2026-12-09@coalition.local": date(2026, 12, 9),
    }
    for event in found.values():
        assert event["end"] - event["start"] == timedelta(days=1)  # all-day
    ship = found["5ea1aaaa-a-commitment-0@coalition.local"]
    assert ship["summary"] == "Ada: Ship the beta (due)"
    assert "Done when: Ten outside users have logged in" in ship["description"]
    first = found[f"{a}@coalition.local"]
    assert first["summary"] == "Coalition check-in: Ada & Ben"
    assert "Ada's first check-in (every two weeks, a call on Fridays)" in first["description"]


def test_ics_escapes_text_and_round_trips_it():
    session = full_session()
    session.accountability.of("b").commitments[0].what = "Close, sign; celebrate 🎉 مريم"
    found = events(export_ics(session))
    assert found["5ea1aaaa-b-commitment-0@coalition.local"]["summary"] == "Ben: Close, sign; celebrate 🎉 مريم (due)"


def test_ics_of_an_empty_plan_is_an_empty_calendar():
    session = Session.new("Ada", "Ben", now=FIXED_NOW)
    assert events(export_ics(session)) == {}


# -- JSON ---------------------------------------------------------------------------------------------------

EMOJI = "Zoë 🌱 says 👩🏽‍💻🤝🧑🏿‍🚀 🎉 ✔︎ — “quoted”"
RTL = "مريم تقول: نحن شركاء. שלום, זה בסדר ‏(right-to-left)‏ \u202eflipped\u202c"
BIG = ("A long account, line after line; " * 3200)[:100_000] + "\nthe end 🌙"


@pytest.mark.parametrize("text", [EMOJI, RTL, BIG], ids=["emoji", "rtl", "100kb"])
def test_json_round_trips_every_text_exactly(text, store):
    words = {name: f"{text} [{name}]" for name in FIELDS}
    session = session_with(words)
    session.accountability.of("a").commitments[0].by_when = "2026-12-15"
    session.title = "Title " + text[:50]
    expected = session.to_dict()
    exported = export_json(session, now=FIXED_NOW)
    data = json.loads(exported)
    assert data["format"] == "coalition-session" and data["format_version"] == 1
    assert data["session"] == expected
    back = Session.from_dict(data["session"])
    assert back.to_dict() == expected
    assert back.alignment.answer("vision", "a") == words["a.alignment.vision"]
    assert back.accountability.of("b").role_change_note == words["b.note"]
    assert back.clearing.accounts["b"] == words["b.account"]
    # and through the store, where it is kept
    store.create(back)
    assert Store(store.root).load(back.id).to_dict() == expected
    assert json.loads(render_export(session, "json"))["session"] == expected


def test_json_adds_fairness_to_the_clearing_summary():
    summary = json.loads(export_json(full_session()))["clearing_summary"]
    fair = summary["fairness"]
    assert fair["base_turn_seconds"] == 120
    for side in "ab":
        partner = fair["partners"][side]
        assert partner["total_seconds"] == summary["totals_seconds"][side]
        assert partner["turn_count"] == summary["turn_counts"][side]
    assert fair["partners"]["a"]["share"] + fair["partners"]["b"]["share"] == pytest.approx(1.0, abs=1e-4)
    assert fair["partners"]["a"]["over_target_seconds"] == 5.0 and fair["partners"]["b"]["catch_up_seconds"] == 5.0
    # A session without a clearing still has the object, all zero.
    empty = json.loads(export_json(Session.new("Ada", "Ben", agenda="accountability,seal", now=FIXED_NOW)))
    assert empty["clearing_summary"]["fairness"]["partners"]["a"] == {
        "total_seconds": 0.0,
        "share": 0.0,
        "turn_count": 0,
        "longest_turn_seconds": 0.0,
        "over_target_seconds": 0.0,
        "catch_up_seconds": 0.0,
        "added_seconds": 0.0,
    }


def test_json_keeps_checkins():
    session = full_session(sealed=True)
    record_checkin(session, {"b": [{"status": "done", "note": RTL}]}, "2026-12-09", FIXED_NOW)
    data = json.loads(export_json(session))
    assert data["session"]["checkins"][0]["progress"]["b"][0] == {"status": "done", "note": RTL}
    assert Session.from_dict(data["session"]).checkins == session.checkins


# -- files from the app ------------------------------------------------------------------------------------------


def test_saved_exports_are_private_and_never_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session = full_session()
    assert default_export_dir() == tmp_path
    assert export_filename(session, "md") == "coalition-ada-ben-5ea1aaaa.md"
    first = save_export(session, "md")
    second = save_export(session, "md")
    assert first == tmp_path / "coalition-ada-ben-5ea1aaaa.md"
    assert second == tmp_path / "coalition-ada-ben-5ea1aaaa-2.md"
    for path in (first, second):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text(encoding="utf-8") == export_markdown(session)


def test_names_without_ascii_still_make_a_file_name():
    session = Session.new("مريم", "李雷", now=FIXED_NOW, session_id="0000abcd")
    assert export_filename(session, "ics") == "coalition-session-0000abcd.ics"


async def test_the_seal_screen_exports_into_the_current_folder(make_app, store, tmp_path, monkeypatch):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    session = full_session(sealed=True)
    store.create(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    notes: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SealScreen)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("m")
        await pilot.pause()
        commands = {name: callback for name, _, callback in screen.palette_commands()}
        commands["Export as iCalendar"]()
        await pilot.pause()
    md = folder / "coalition-ada-ben-5ea1aaaa.md"
    ics = folder / "coalition-ada-ben-5ea1aaaa.ics"
    assert md.read_text(encoding="utf-8").startswith("# Co-founders, autumn reset")
    assert Calendar.from_ical(ics.read_text(encoding="utf-8"))
    assert stat.S_IMODE(md.stat().st_mode) == 0o600 and stat.S_IMODE(ics.stat().st_mode) == 0o600
    assert any(str(md) in note for note in notes) and any(str(ics) in note for note in notes)
