"""The Markdown export: the agreement as a note that reads well pasted anywhere.

Plain headings, short lists and the partners' own words as they wrote them, so
it reads as well in an email (as plain text) as in a notes app (rendered).

The whole note passes through ``markdown_text`` last: the framing written here
holds no ``<``, entity or control, so only the partners' words are affected,
and none of them can be forgotten.
"""

from __future__ import annotations

from coalition_tui.domain.clock import format_duration
from coalition_tui.domain.fairness import fairness
from coalition_tui.domain.partners import SIDES
from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.seal import STATUS_LABELS, STATUS_MARKS
from coalition_tui.domain.session import Session
from coalition_tui.export.agreement import (
    Item,
    Section,
    airtime_summary,
    correction_lines,
    corrections_heading,
    date_text,
    intro_sentence,
    next_checkin_line,
    partner_sections,
    seal_line,
    standing_lines,
    superseded_line,
    when_text,
)
from coalition_tui.i18n import _
from coalition_tui.safe_text import markdown_text


def _indent(text: str, prefix: str) -> str:
    """Continuation lines indented so a multi-line text stays inside its list item."""
    lines = text.splitlines() or [""]
    return lines[0] + "".join(f"\n{prefix}{line}" if line.strip() else "\n" for line in lines[1:])


def _item(item: Item) -> list[str]:
    if item.numbered:
        out = [
            f"{item.label}. **{_indent(item.text, '   ')}**"
            if "\n" not in item.text
            else f"{item.label}. {_indent(item.text, '   ')}"
        ]
        out += [f"   - {label}: {_indent(text, '     ')}" for label, text in item.details]
        return out
    if not item.label:
        return [item.text.strip("\n"), ""]
    if "\n" in item.text.strip() or len(item.text) > 80:
        return [f"**{item.label}**", "", item.text.strip("\n"), ""]
    return [f"- {item.label}: {item.text or '—'}"]


def _section(section: Section) -> list[str]:
    out = [f"### {section.title}", ""]
    if not section.items:
        return out + [f"_{section.empty}_", ""]
    previous_was_list = False
    for item in section.items:
        lines = _item(item)
        is_list = lines[0].startswith("- ") or item.numbered
        if previous_was_list and not is_list:
            out.append("")
        out += lines
        previous_was_list = is_list
    if previous_was_list:
        out.append("")
    return out


def export_markdown(session: Session, *, superseded_by: Successor | None = None) -> str:
    """The note; ``superseded_by``: the revision that replaced this agreement (said under the title)."""
    names = session.names
    out: list[str] = [f"# {session.display_title}", ""]
    if superseded_by is not None:
        out += [f"**{superseded_line(superseded_by)}**", ""]
    out += [intro_sentence(session, bold="**") + ".", "", seal_line(session)]
    following = next_checkin_line(session) if superseded_by is None else ""  # replaced: its dates no longer hold
    if following:
        out += ["", following]
    out += ["", _("Session {id}, started {when}.").format(id=session.id, when=when_text(session.created_at))]
    if session.revision_of:
        out[-1] += " " + _("A revision of session {id}.").format(id=session.revision_of)
    out.append("")

    for side in SIDES:
        out += [f"## {names[side]}", ""]
        for section in partner_sections(session, side, full=True):
            out += _section(section)

    standing = standing_lines(session)
    if standing:  # a clearing begun again: what it stood on, as it stood that day
        out += ["## " + _("The ground they stood on: their open commitments"), ""]
        out += [f"- {line}" for line in standing] + [""]

    if session.clearing.shared_goals.strip():
        out += ["## " + _("Shared goals"), "", session.clearing.shared_goals.strip(), ""]

    record = session.clearing.air_time()
    if record.recorded:
        out += ["## " + _("Air-time in the clearing"), ""]
        fair = fairness(session.clearing.clock, session.settings)
        out += [f"- {line}" for line in airtime_summary(record, names, fair)]
        if record.turns:
            turns = ", ".join(f"{names[s]} {format_duration(sec)}" for s, sec in record.turns)
            out += ["- " + _("Each turn, in order: {turns}").format(turns=turns)]
        out.append("")
        corrections = correction_lines(session)
        if corrections:  # the figures above are the corrected ones; say so, and what changed
            out += [f"**{corrections_heading(len(corrections))}**", ""]
            out += [f"- {line}" for line in corrections]
            out.append("")

    if session.checkins:
        out += ["## " + _("Check-ins"), ""]
        for checkin in session.checkins:
            out += [f"### {when_text(checkin.at)}", ""]
            for side in SIDES:
                plan = session.accountability.of(side)
                for number, (index, commitment) in enumerate(plan.listed(), 1):
                    report = checkin.of(side, index)
                    status = report.get("status", "")
                    line = f"- {names[side]}, {number}. {commitment.what or _('(no words)')}: "
                    line += f"{STATUS_MARKS[status]} {_(STATUS_LABELS[status])}"
                    if report.get("note", "").strip():
                        line += f" — {_indent(report['note'], '  ')}"
                    out.append(line)
            following = date_text(checkin.next_checkin) or _("none set")
            out += ["", _("Next check-in: {date}").format(date=following), ""]

    out += ["---", _("Exported from Coalition.")]
    return markdown_text("\n".join(out).rstrip("\n") + "\n")
