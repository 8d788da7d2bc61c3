"""The partnership export: the whole story of two people's sessions in one document.

``coalition export --partnership NAME --format md|json``. Everything here is read
from the domain (``domain/partnership.py`` for which partnership NAME means, the
timeline, commitments, clearings, air-time and what is due, each read through
revisions as ``domain/versions.py`` says), so the document says what the
partnership screen shows.

People, not sides: sessions list the same two people as A and B in either
order, so every figure is per *person*, numbered 0 and 1 in the order the
newest session names them (``partners`` in the JSON, the title in Markdown).

Markdown is written in the current language through ``_()`` and passes whole
through ``markdown_text`` (the partners' words can open no HTML and hold no
control); their multi-line words stay inside their list items. JSON is a
machine format: codes, ISO dates and seconds, the same bytes for the same
sessions (no export time in it). ``docs/export-formats.md`` documents it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coalition_tui.domain.clock import format_duration
from coalition_tui.domain.fairness import Fairness, PartnerFairness
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.partnership import (
    ClearingRecord,
    CommitmentRecord,
    air_time,
    clearings,
    commitments,
    due_next,
    kept,
    people,
    person_sides,
    timeline,
)
from coalition_tui.domain.seal import STATUS_LABELS, STATUS_MARKS
from coalition_tui.domain.session import Session
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.export.agreement import date_text, partner_fairness_line, when_text
from coalition_tui.i18n import _, ngettext, show_date, show_percent
from coalition_tui.safe_text import json_text, markdown_text

FORMAT_NAME = "coalition-partnership"
FORMAT_VERSION = 1
FORMATS = ("md", "json")
MERGES_SETTING = "partnerships"
"""The store setting holding the coach's merges (the same key the partnership screen keeps them under)."""


# -- the story, gathered once for both formats -------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One partnership's sessions, oldest to newest, and everything both formats say about them."""

    sessions: list[Session]
    today: date
    key: str = ""
    unreadable: tuple[str, ...] = ()
    who: tuple[str, str] = field(init=False)

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("a partnership has at least one readable session")
        object.__setattr__(self, "who", people(self.sessions))

    @property
    def newest_first(self) -> list[Session]:
        return sorted(self.sessions, key=lambda s: s.created_at, reverse=True)

    @property
    def superseded_by(self) -> dict[str, str]:
        """Each replaced agreement and the sealed revision that replaced it."""
        return {
            s.revision_of: s.id for s in sorted(self.sessions, key=lambda s: s.created_at) if s.revision_of and s.sealed
        }

    def sides(self, session: Session) -> tuple[str, str]:
        """Which side (``a`` or ``b``) each person sat on in ``session``."""
        return person_sides(session, self.who)

    def clearing_records(self) -> list[ClearingRecord]:
        return clearings(self.sessions)

    def commitment_records(self) -> list[CommitmentRecord]:
        return commitments(self.sessions)

    def fairness_overall(self) -> Fairness:
        """Each person's air-time across the clearings, each counted once (``domain.partnership.air_time``).

        Side ``a`` of the result is person 0, ``b`` person 1.
        """
        return air_time(self.sessions)


def story_of(sessions: list[Session], today: date, *, key: str = "", unreadable: Iterable[str] = ()) -> Story:
    return Story(sessions=list(sessions), today=today, key=key, unreadable=tuple(unreadable))


def render_partnership(story: Story, fmt: str) -> str:
    if fmt == "json":
        return export_partnership_json(story)
    if fmt == "md":
        return export_partnership_markdown(story)
    raise ValueError(f"unknown partnership export format {fmt!r}")


# -- JSON ---------------------------------------------------------------------------------------------


def _seconds(value: float) -> float:
    return round(value, 3)


def _commitment_dict(story: Story, record: CommitmentRecord) -> dict[str, Any]:
    return {
        "person": record.person,
        "partner": story.who[record.person],
        "session_id": record.session_id,
        "what": record.what,
        "by_when": record.by_when,
        "status": record.status or None,
        "superseded": record.superseded,
        "uid": record.uid,
        "status_at": record.status_at or None,
        "status_session_id": record.status_session_id or None,
    }


def _clearing_dict(record: ClearingRecord) -> dict[str, Any]:
    return {
        "session_id": record.session_id,
        "at": record.when,
        "turn_count": record.turns,
        "totals_seconds": [_seconds(record.totals[0]), _seconds(record.totals[1])],
        "balance_seconds": _seconds(record.balance),
        "record_session_id": record.record_id or record.session_id,
    }


def _session_dict(story: Story, session: Session, records: Mapping[str, ClearingRecord]) -> dict[str, Any]:
    clearing = records.get(session.id)
    return {
        "id": session.id,
        "title": session.title,
        "created_at": session.created_at,
        "status": session.status,
        "sealed": session.sealed,
        "sealed_at": session.seal.sealed_at,
        "revision_of": session.revision_of,
        "superseded_by": story.superseded_by.get(session.id),
        "agenda": [phase.value for phase in session.agenda],
        "sides": dict(sorted((side, person) for person, side in enumerate(story.sides(session)))),
        "clearing": _clearing_dict(clearing) if clearing else None,
        "checkins": [
            {
                "at": checkin.at,
                "next_checkin": checkin.next_checkin or None,
                "statuses": _status_counts(checkin.progress),
            }
            for checkin in session.checkins
        ],
    }


def _status_counts(progress: Mapping[str, Any]) -> dict[str, int]:
    """How many commitments a check-in reported in each status (``""``: not reported), in a fixed order."""
    counts: dict[str, int] = {}
    for reports in progress.values():
        for report in reports or ():
            status = str((report or {}).get("status", ""))
            counts[status] = counts.get(status, 0) + 1
    order = list(STATUS_LABELS)

    def rank(status: str) -> tuple[int, str]:
        return (order.index(status) if status in order else len(order), status)

    return {status: counts[status] for status in sorted(counts, key=rank)}


def _fairness_dict(partner: PartnerFairness) -> dict[str, Any]:
    return {
        "total_seconds": _seconds(partner.total),
        "share": round(partner.share, 4),
        "turn_count": partner.turns,
        "longest_turn_seconds": _seconds(partner.longest),
        "over_target_seconds": _seconds(partner.over_target),
        "catch_up_seconds": _seconds(partner.catch_up),
        "added_seconds": _seconds(partner.added),
    }


def export_partnership_dict(story: Story) -> dict[str, Any]:
    newest = story.newest_first
    records = story.commitment_records()
    clearing_records = story.clearing_records()
    overall = story.fairness_overall()
    next_date, due = due_next(story.sessions, story.today)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "key": story.key,
        "partners": list(story.who),
        "first_session_at": newest[-1].created_at,
        "latest_session_at": newest[0].created_at,
        "sessions": [_session_dict(story, s, {r.session_id: r for r in clearing_records}) for s in newest],
        "commitments": [_commitment_dict(story, r) for r in records],
        "kept": [dict(zip(("kept", "closed"), kept(records, person), strict=True)) for person in (0, 1)],
        "air_time": {
            "clearings": [_clearing_dict(r) for r in clearing_records],
            "total_seconds": _seconds(overall.total),
            "balance_seconds": _seconds(overall.partners[0].total - overall.partners[1].total),
            "partners": [_fairness_dict(partner) for partner in overall.partners],
        },
        "due_next": {
            "next_checkin": next_date or None,
            "commitments": [_commitment_dict(story, r) for r in due],
        },
        "unreadable_sessions": list(story.unreadable),
    }


def export_partnership_json(story: Story) -> str:
    return json_text(export_partnership_dict(story)) + "\n"


# -- Markdown -----------------------------------------------------------------------------------------


def _line(text: str) -> str:
    """A name or title on one line (a heading or a list item's label cannot hold a line break)."""
    return " ".join(text.split())


# What opens a block at a line's start: a heading, quote, list item, rule, setext underline or fence.
_BLOCK_START = re.compile(r"^(\s*)(?=[#>+*=_-]|\d+[.)]|`{3}|~{3})")


def _indent(text: str, prefix: str) -> str:
    """Continuation lines indented so a multi-line text stays inside its list item (as markdown.py does).

    A line of the partners' words that would open a block of its own (``# …``, ``> …``, ``---``,
    a fence) has that mark escaped with a backslash: their words stay words in the item.
    """
    lines = text.strip("\n").splitlines() or [""]
    rest = [_BLOCK_START.sub(r"\1\\", line) for line in lines[1:]]
    return lines[0] + "".join(f"\n{prefix}{line}" if line.strip() else "\n" for line in rest)


def _day(stamp_text: str) -> str:
    try:
        return show_date(parse_stamp(stamp_text).astimezone().date())
    except ValueError:
        return stamp_text[:10]


def _status_words(counts: Mapping[str, int]) -> str:
    return ", ".join(
        f"{STATUS_MARKS.get(status, '·')} {_(STATUS_LABELS[status]) if status in STATUS_LABELS else status} {count}"
        for status, count in counts.items()
    )


def _balance_text(balance: float, who: tuple[str, str]) -> str:
    if abs(balance) < 0.5:
        return _("even")
    return _("{name} spoke {duration} longer").format(
        name=_line(who[0] if balance > 0 else who[1]), duration=format_duration(abs(balance))
    )


def _timeline(story: Story) -> list[str]:
    out = ["## " + _("Timeline, newest first"), ""]
    clearing_of = {r.session_id: r for r in story.clearing_records()}
    replaced = story.superseded_by
    for moment in timeline(story.sessions):
        session = moment.session
        title = _line(session.display_title)
        if moment.kind == "checkin":
            checkin = next(c for c in session.checkins if c.at == moment.when)
            line = "- " + _("{when}: check-in on {title} ({id})").format(
                when=when_text(moment.when), title=title, id=session.id
            )
            counts = _status_counts(checkin.progress)
            if counts:
                line += f": {_status_words(counts)}"
            if checkin.next_checkin:
                line += "; " + _("next check-in {date}").format(date=date_text(checkin.next_checkin))
            out.append(line)
            continue
        status = _("sealed") if session.sealed else _("open")
        details = [status]
        if session.revision_of:
            details.append(_("a revision of {id}").format(id=session.revision_of))
        if session.id in replaced:
            details.append(_("superseded by {id}").format(id=replaced[session.id]))
        record = clearing_of.get(session.id)
        if record is not None:
            details.append(
                _("clearing: {first} {first_total}, {second} {second_total}, {balance}").format(
                    first=_line(story.who[0]),
                    first_total=format_duration(record.totals[0]),
                    second=_line(story.who[1]),
                    second_total=format_duration(record.totals[1]),
                    balance=_balance_text(record.balance, story.who),
                )
                + _as_recorded(record)
            )
        out.append(
            "- "
            + _("{when}: **{title}** ({id}), {details}").format(
                when=when_text(moment.when), title=title, id=session.id, details="; ".join(details)
            )
        )
    return [*out, ""]


def _commitments(story: Story) -> list[str]:
    out = ["## " + _("Commitments"), ""]
    records = story.commitment_records()
    for person in (0, 1):
        done, closed = kept(records, person)
        name = _line(story.who[person])
        if closed:
            out.append(
                "- "
                + _("{name} kept {kept} of {closed} commitments that came to an end ({share}).").format(
                    name=name, kept=done, closed=closed, share=show_percent(done / closed)
                )
            )
        else:
            out.append("- " + _("{name}: no commitment has come to an end yet.").format(name=name))
    out.append("")
    if not records:
        return [*out, "_" + _("No commitments yet.") + "_", ""]
    for record in records:
        out.append(_commitment_line(story, record))
    return [*out, ""]


def _commitment_line(story: Story, record: CommitmentRecord) -> str:
    mark = STATUS_MARKS.get(record.status, "·")
    label = _(STATUS_LABELS[record.status]) if record.status in STATUS_LABELS else record.status
    details = [label]
    if record.by_when.strip():
        details.append(_("due {when}").format(when=date_text(record.by_when.strip())))
    details.append(_("session {id}").format(id=record.session_id))
    if record.superseded:
        details.append(_("replaced by a revision"))
    what = _indent(record.what, "  ") if record.what.strip() else _("(no words)")
    return f"- {mark} {_line(story.who[record.person])}: {what} ({', '.join(details)})"


def _as_recorded(record: ClearingRecord) -> str:
    """Said of a clearing a revision corrected or continued: its figures are that version's (counted once)."""
    if not record.record_id or record.record_id == record.session_id:
        return ""
    return " (" + _("as revision {id} records it").format(id=record.record_id) + ")"


def _air_time(story: Story) -> list[str]:
    out = ["## " + _("Air-time across the clearings"), ""]
    records = story.clearing_records()
    if not records:
        return [*out, "_" + _("None of these sessions has recorded a clearing's speaking time yet.") + "_", ""]
    who = (_line(story.who[0]), _line(story.who[1]))
    for record in records:
        out.append(
            "- "
            + _("{date} ({id}): {first} {first_total}, {second} {second_total}, {turns}; {balance}").format(
                date=_day(record.when),
                id=record.session_id,
                first=who[0],
                first_total=format_duration(record.totals[0]),
                second=who[1],
                second_total=format_duration(record.totals[1]),
                turns=ngettext("{n} turn", "{n} turns", record.turns).format(n=record.turns),
                balance=_balance_text(record.balance, story.who),
            )
            + _as_recorded(record)
        )
    overall = story.fairness_overall()
    out += ["", "### " + _("Across the partnership"), ""]
    out += [f"- {partner_fairness_line(overall, side, who[person])}" for person, side in enumerate(SIDES)]
    out.append(
        "- "
        + _("Balance: {balance}").format(
            balance=_balance_text(overall.partners[0].total - overall.partners[1].total, story.who)
        )
    )
    return [*out, ""]


def _due(story: Story) -> list[str]:
    out = ["## " + _("Coming up"), ""]
    when, due = due_next(story.sessions, story.today)
    out.append(_("Next check-in: {date}").format(date=date_text(when)) if when else _("No check-in date is set."))
    out.append("")
    if due:
        out += [_("Due soonest:"), ""]
        out += [_commitment_line(story, record) for record in due]
        out.append("")
    return out


def export_partnership_markdown(story: Story) -> str:
    who = (_line(story.who[0]), _line(story.who[1]))
    newest = story.newest_first
    count = len(story.sessions)
    out = [f"# {who[0]} & {who[1]}", ""]
    out.append(
        ngettext(
            "{count} session, the first on {first}, the latest on {latest}.",
            "{count} sessions, the first on {first}, the latest on {latest}.",
            count,
        ).format(count=count, first=_day(newest[-1].created_at), latest=_day(newest[0].created_at))
    )
    if story.unreadable:
        out += [
            "",
            ngettext(
                "{count} session could not be read and is left out: {ids}.",
                "{count} sessions could not be read and are left out: {ids}.",
                len(story.unreadable),
            ).format(count=len(story.unreadable), ids=", ".join(story.unreadable)),
        ]
    out.append("")
    out += _timeline(story)
    out += _commitments(story)
    out += _air_time(story)
    out += _due(story)
    out += ["---", _("Exported from Coalition.")]
    return markdown_text("\n".join(out).rstrip("\n") + "\n")
