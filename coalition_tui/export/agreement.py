"""The agreement as sections of labelled text: one read model for every view of it.

The seal screen, ``coalition show`` and the Markdown export all show the same
things in the same order; this module decides what those are, and each view
only decides how they look. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from coalition_tui.domain.accountability import try_date
from coalition_tui.domain.clearing import Standing
from coalition_tui.domain.clock import ClockSummary, format_duration, whole_seconds
from coalition_tui.domain.corrections import describe, who
from coalition_tui.domain.fairness import Fairness
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import PromptsError
from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.seal import STATUS_LABELS, STATUS_MARKS, latest_progress, record_lines, status_label
from coalition_tui.domain.session import Session, next_checkin_date
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.domain.versions import Report, report_of
from coalition_tui.i18n import N_, _, ngettext, show_date, show_datetime, show_percent

# Used when the prompts file cannot be read (or names a key we do not know).
FALLBACK_LABELS: dict[str, str] = {
    "care": N_("What matters most now"),
    "vision": N_("Goals and vision"),
    "commitments.short": N_("Committed to, short term"),
    "commitments.long": N_("Committed to, long term"),
    "clarity": N_("How the other can help me get clear"),
    "aligned": N_("Aligned, and able to back each other"),
    "questions": N_("Questions for the other"),
}
GOAL_KEYS = ("vision",)
COMMITMENT_KEYS = ("commitments.short", "commitments.long")
STATUS_WORDS = {"yes": N_("Yes"), "partly": N_("Partly"), "not_yet": N_("Not yet")}


@dataclass
class Item:
    """A labelled text; ``details`` are (label, text) lines under it (a commitment's date...)."""

    label: str
    text: str
    details: list[tuple[str, str]] = field(default_factory=list)
    numbered: bool = False


@dataclass
class Section:
    title: str
    items: list[Item]
    empty: str = "—"


def when_text(stamp_text: str | None) -> str:
    """A stored UTC stamp in local time, to the minute, with its zone."""
    if not stamp_text:
        return ""
    try:
        moment = parse_stamp(stamp_text).astimezone()
    except ValueError:
        return stamp_text
    return f"{show_datetime(moment)} {moment.strftime('%Z')}".strip()


def date_text(text: str) -> str:
    """A stored ISO date in the language's form; any other text (as typed) as it is."""
    day = try_date(text)
    if day is None or day.isoformat() != text.strip():
        return text
    return show_date(day)


# -- alignment ----------------------------------------------------------------------


def alignment_keys(session: Session) -> list[tuple[str, str]]:
    """(key, label) for every alignment answer, in the prompts' order, then any others."""
    ordered: list[tuple[str, str]] = []
    try:
        prompts = session.prompts.alignment  # the words the session was held with
    except PromptsError:  # the shipped protocol is unreadable: the export still lists every answer
        prompts = ()
        ordered = [(key, _(label)) for key, label in FALLBACK_LABELS.items()]
    for prompt in prompts:
        if prompt.kind == "parts":
            for part in prompt.parts:
                label = part.label.split(":")[0].split("(")[0].strip() or part.id
                # "Commitments, short term"; elsewhere the label as written ("Zusagen – Kurzfristig"):
                # whether its first word takes a capital is the language's business
                shown = f"{prompt.short}, {label.lower()}" if session.language == "en" else f"{prompt.short} – {label}"
                ordered.append((f"{prompt.id}.{part.id}", shown))
        else:
            ordered.append((prompt.id, prompt.short))
    known = {key for key, _label in ordered}
    extra = sorted(k for k in session.alignment.answers if k not in known)
    ordered += [
        (
            key,
            _(FALLBACK_LABELS[key])
            if key in FALLBACK_LABELS
            else key.replace(".", ", ").replace("_", " ").capitalize(),
        )
        for key in extra
    ]
    return ordered


def _alignment_text(session: Session, key: str, side: Side) -> str:
    text = session.alignment.answer(key, side)
    status = session.alignment.status(key, side)
    if status:
        word = _(STATUS_WORDS[status]) if status in STATUS_WORDS else status
        return f"{word}. {text}".strip() if text.strip() else word
    return text


def alignment_items(session: Session, side: Side, keys: tuple[str, ...] | None = None) -> list[Item]:
    items = []
    for key, label in alignment_keys(session):
        if keys is not None and key not in keys:
            continue
        text = _alignment_text(session, key, side)
        if keys is None and not text.strip():
            continue
        items.append(Item(label, text))
    return items


# -- one partner's side -------------------------------------------------------------


def declaration_item(session: Session, side: Side) -> Item:
    declaration = session.declaration.of(side)
    other_name = session.name(other(side))
    if declaration.confirmed:
        head = "✔ " + _("Declared support for {name} ({when})").format(
            name=other_name, when=when_text(declaration.confirmed_at)
        )
    else:
        head = _("Not declared")
    return Item("", head + (f"\n{declaration.words}" if declaration.words.strip() else ""))


def commitment_items(
    session: Session, side: Side, *, progress: bool = True, known: Mapping[str, Report] | None = None
) -> list[Item]:
    """Each listed commitment; with ``progress``, where it stands (``known``: see :func:`progress_words`)."""
    plan = session.accountability.of(side)
    items = []
    for number, (index, commitment) in enumerate(plan.listed(), 1):
        due = commitment.by_when.strip()
        details = [(_("By"), date_text(due) or _("no date yet")), (_("Done when"), commitment.done_when or "—")]
        words = progress_words(session, side, index, known) if progress else ""
        if words:
            details.append((_("Progress"), words))
        items.append(Item(str(number), commitment.what or _("(no words yet)"), details, numbered=True))
    return items


def progress_words(session: Session, side: Side, index: int, known: Mapping[str, Report] | None = None) -> str:
    """A commitment's latest status and note ("" when nothing was ever reported on it).

    ``known`` (``versions.known_progress``) holds what the agreements this one revises reported
    too: a revision shows where each commitment it carried stood, and says so.
    """
    if known is None:
        if not session.checkins:
            return ""
        found = latest_progress(session, side, index)
        status, note, earlier = found.get("status", ""), found.get("note", ""), ""
    else:
        report = report_of(session, side, index, known)
        if report is None and not session.checkins:
            return ""
        status, note = (report.status, report.note) if report else ("", "")
        earlier = report.at if report is not None and report.session_id != session.id else ""
    words = f"{STATUS_MARKS.get(status, '·')} {status_label(status)}"
    if note.strip():
        words += f": {note}"
    if earlier:
        words += " " + _("(reported {when}, on an earlier version)").format(when=when_text(earlier))
    return words


def structure_items(session: Session, side: Side) -> list[Item]:
    plan = session.accountability.of(side)
    return [
        Item(_("How often"), plan.cadence or "—"),
        Item(_("Where / how"), plan.channel or "—"),
        Item(_("First check-in"), date_text(plan.first_checkin) or "—"),
    ]


def role_items(session: Session, side: Side) -> list[Item]:
    plan = session.accountability.of(side)
    them = session.name(other(side))
    if plan.role_response == "agreed":
        answer = "✔ " + _("{name} agreed").format(name=them)
    elif plan.role_response == "change":
        answer = _("{name} asked to change it").format(name=them)
        if plan.role_change_note.strip():
            answer += f": {plan.role_change_note}"
    else:
        answer = _("{name} has not answered yet").format(name=them)
    return [Item(_("Asked"), plan.role_asked or "—"), Item(_("Answer"), answer)]


def clearing_items(session: Session, side: Side) -> list[Item]:
    opening = session.clearing.opening(side)
    said_all = session.clearing.said_all.get(side, False)
    items = [
        Item(_("Commitment to the other"), opening.commitment),
        Item(_("Intention for the conversation"), opening.intention),
        Item(_("Their account"), session.clearing.accounts.get(side, "")),
    ]
    items = [i for i in items if i.text.strip()]
    if said_all:
        items.append(Item(_("Said all there was to say"), "✔"))
    elif session.clearing.opened:  # the rounds began: the record says they had not
        items.append(Item(_("Said all there was to say"), _("not yet")))
    return items


def partner_sections(
    session: Session, side: Side, *, full: bool = False, known: Mapping[str, Report] | None = None
) -> list[Section]:
    """What one partner brings to the agreement, in the order every view shows it.

    ``full`` (exports) adds every alignment answer and the clearing; the seal
    screen shows the agreement itself: goals, commitments, structures, roles.
    ``known``: progress reported on earlier versions too (:func:`progress_words`).
    """
    them = session.name(other(side))
    sections: list[Section] = []
    if full:
        sections.append(Section(_("Alignment"), alignment_items(session, side), _("no answers recorded")))
    else:
        goals = alignment_items(session, side, GOAL_KEYS) + alignment_items(session, side, COMMITMENT_KEYS)
        if any(item.text.strip() for item in goals):
            sections.append(Section(_("Goals, vision and commitments"), goals))
    # A phase the agenda left out has no section (a clearing of its own has no plan to show),
    # unless something was recorded there all the same.
    declaration = session.declaration.of(side)
    if Phase.DECLARATION in session.agenda or declaration.confirmed or declaration.words.strip():
        sections.append(Section(_("Declaration"), [declaration_item(session, side)]))
    plan = session.accountability.of(side)
    if Phase.ACCOUNTABILITY in session.agenda or plan.listed() or plan.has_structure or plan.role_asked.strip():
        commitments = commitment_items(session, side, known=known)
        sections.append(Section(_("Commitments"), commitments, _("no commitments listed")))
        sections.append(Section(_("Keeping each other honest"), structure_items(session, side)))
        sections.append(Section(_("Role asked of {name}").format(name=them), role_items(session, side)))
    if full:
        clearing = clearing_items(session, side)
        if clearing:
            sections.append(Section(_("Clearing"), clearing))
    elif session.clearing.standing:  # the seal of a clearing begun again: what it stood on
        standing = [item for item in session.clearing.standing if item.side == side]
        sections.append(Section(_("The ground you stood on"), standing_items(standing), _("no open commitments")))
    return sections


def standing_items(standing: list[Standing]) -> list[Item]:
    """One partner's open commitments a clearing stood on, as the seal shows them."""
    return [Item(str(number), standing_words(item), numbered=True) for number, item in enumerate(standing, 1)]


def standing_words(item: Standing) -> str:
    """An open commitment a clearing stood on: ``"Ship the beta (due 2026-12-15, at risk)"``."""
    details = standing_details(item)
    return " ".join(item.what.split()) + (f" ({details})" if details else "")


def standing_details(item: Standing) -> str:
    """When it was due and its latest status, as it stood: ``"due 2026-12-15, at risk"`` ("" for neither)."""
    details = []
    if item.by_when:
        details.append(_("due {when}").format(when=date_text(item.by_when)))
    if item.status:
        details.append(_(STATUS_LABELS.get(item.status, STATUS_LABELS[""])))
    return ", ".join(details)


# -- the whole agreement ---------------------------------------------------------------


def intro_sentence(session: Session, *, bold: str = "") -> str:
    """Who the agreement is between (each name between ``bold`` marks), and who facilitated: no full stop."""
    names = {"partner_a": f"{bold}{session.partner_a}{bold}", "partner_b": f"{bold}{session.partner_b}{bold}"}
    if session.facilitator:
        return _("Coalition agreement between {partner_a} and {partner_b}, facilitated by {facilitator}").format(
            facilitator=session.facilitator, **names
        )
    return _("Coalition agreement between {partner_a} and {partner_b}").format(**names)


def seal_line(session: Session) -> str:
    """The seal in one line: when and by whom, who declared support, and what was missing, if anything."""
    if session.sealed:
        return " ".join(
            [
                _("Sealed {when} by {partner_a} and {partner_b}.").format(
                    when=when_text(session.seal.sealed_at), partner_a=session.partner_a, partner_b=session.partner_b
                ),
                *record_lines(session),
            ]
        )
    done = [session.name(s) for s in SIDES if session.seal.confirmed(s)]
    if done:
        return _("Not sealed yet: {names} confirmed, waiting for the other partner.").format(names=", ".join(done))
    return _("Not sealed yet.")


def successor_date(successor: Successor) -> str:
    """The day the revision that replaced an agreement was started, in the language's form."""
    try:
        return show_date(parse_stamp(successor.created_at).astimezone().date())
    except ValueError:
        return successor.created_at


def superseded_line(successor: Successor | None) -> str:
    """ "Superseded by revision <id> (<date>)." for an agreement a revision replaced; "" otherwise."""
    if successor is None:
        return ""
    return _("Superseded by revision {id} ({date}).").format(id=successor.id, date=successor_date(successor))


def next_checkin_line(session: Session, today: date | None = None) -> str:
    when = next_checkin_date(session)
    if not session.sealed:
        return ""
    if not when:
        return _("No check-in planned.")
    due = try_date(when)
    if today is not None and due is not None and due <= today:
        return _("Next check-in: {date} (due)").format(date=date_text(when))
    return _("Next check-in: {date}").format(date=date_text(when))


def airtime_summary(record: ClockSummary, names: Mapping[Side, str], fair: Fairness | None = None) -> list[str]:
    """Plain sentences: each total, and who spoke longer by how much.

    With ``fair`` (:func:`coalition_tui.domain.fairness.fairness` of the same clock), each
    partner's sentence also gives their share, turns and longest turn, and any time over
    target, catch-up and added time (left out when none).
    """
    if fair is None:
        lines = [f"{names[s]}: {format_duration(record.totals[s])}" for s in SIDES]
    else:
        lines = [partner_fairness_line(fair, s, names[s]) for s in SIDES]
    gap = record.shown_balance  # from the totals as written just above
    if gap == 0:
        lines.append(_("Balance: even"))
    else:
        ahead = names["a"] if gap > 0 else names["b"]
        lines.append(
            _("Balance: {name} spoke {duration} longer").format(name=ahead, duration=format_duration(abs(gap)))
        )
    lines.append(_("Turns: {count}").format(count=len(record.turns)))
    return lines


def standing_lines(session: Session) -> list[str]:
    """A clearing begun again: each open commitment it stood on, as it stood ("Ada: Ship the beta (due …)")."""
    return [f"{session.name(item.side)}: {standing_words(item)}" for item in session.clearing.standing]


def corrections_heading(count: int) -> str:
    """``"Corrected after the fact: 2 changes"``: said wherever corrected air-time is shown."""
    return ngettext(
        "Corrected after the fact: {count} change", "Corrected after the fact: {count} changes", count
    ).format(count=count)


def correction_lines(session: Session) -> list[str]:
    """Each correction of the clearing's turns, oldest first: what moved, by how much, by whom, when."""
    clock = session.clearing.clock
    speakers = dict(enumerate(turn.speaker for turn in clock.turns)) if clock is not None else {}
    return [
        _("{change} (by {who}, {when})").format(
            change=describe(correction, session.names, speakers), who=who(correction.by), when=when_text(correction.at)
        )
        for correction in session.clearing.corrections
    ]


def partner_fairness_line(fair: Fairness, side: Side, name: str) -> str:
    """``"Ada: 3:35 (51%), 3 turns, longest 2:05, 0:05 over target"``: one partner at a glance."""
    partner = fair.of(side)
    line = _("{name}: {total} ({share}), {turns}, longest {longest}").format(
        name=name,
        total=format_duration(partner.total),
        share=show_percent(fair.percents[side] / 100),
        turns=ngettext("{n} turn", "{n} turns", partner.turns).format(n=partner.turns),
        longest=format_duration(partner.longest),
    )
    extras = [
        (partner.over_target, _("{duration} over target")),
        (partner.catch_up, _("{duration} catch-up")),
        (partner.added, _("{duration} added")),
    ]
    for seconds, words in extras:
        if whole_seconds(seconds):
            line += ", " + words.format(duration=format_duration(seconds))
    return line
