"""``coalition show``: the agreement in the terminal, side by side when there is room.

The same rich renderables draw the seal screen's columns, so the terminal view
and the app show one agreement the same way.

Printed to a terminal, every word the session holds is first made ``visible``
(``shown``): rich passes ESC through, so a pasted or planted escape sequence
would otherwise retitle the window or clear the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coalition_tui.domain.clock import ClockSummary, format_duration, whole_seconds
from coalition_tui.domain.fairness import Fairness, fairness
from coalition_tui.domain.partners import PARTNER_COLOURS, SIDE_MARKS, SIDES, Side
from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.seal import STATUS_LABELS, STATUS_MARKS
from coalition_tui.domain.session import Session
from coalition_tui.domain.versions import Report
from coalition_tui.export.agreement import (
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
from coalition_tui.i18n import N_, _, show_number, show_percent, speaking
from coalition_tui.safe_text import visible

SIDE_BY_SIDE_WIDTH = 100
INLINE_WIDTH = 34  # a label and a text longer than this put the text on its own line


def section_text(section: Section, style: str = "") -> Text:
    """One section: its title, then each label and text (the partners' words never parsed as markup).

    A word longer than the column (a link, a run of characters) folds onto the next line, never cut short.
    """
    text = Text(overflow="fold")
    text.append(section.title, style=f"bold underline {style}".strip())
    text.append("\n")
    if not section.items:
        text.append(section.empty, style="dim italic")
        text.append("\n")
    for item in section.items:
        if item.numbered:
            text.append(f"{item.label}. ", style="bold")
            text.append(item.text, style="bold")
            text.append("\n")
            for label, words in item.details:
                text.append(f"   {label}: ", style="dim")
                text.append(words)
                text.append("\n")
        else:
            if item.label:
                inline = "\n" not in item.text.strip() and len(item.label) + len(item.text) <= INLINE_WIDTH
                text.append(f"{item.label}:" + (" " if inline else "\n"), style="dim")
            text.append(item.text.strip("\n") or "—")
            text.append("\n")
    return text


Colours = Mapping[Side, str]
"""Each partner's colour: the default theme's in a terminal, the current theme's in the app."""


def partner_text(
    session: Session,
    side: Side,
    *,
    full: bool = False,
    colours: Colours = PARTNER_COLOURS,
    known: Mapping[str, Report] | None = None,
) -> Text:
    """One partner's side of the agreement (``known``: progress reported on earlier versions too)."""
    parts = [section_text(s, colours[side]) for s in partner_sections(session, side, full=full, known=known)]
    return Text("\n").join(parts)


CHART_ROWS = 3
EIGHTHS = " ▁▂▃▄▅▆▇█"


FAIRNESS_COLUMNS = (N_("Total"), N_("Share"), N_("Turns"), N_("Longest"), N_("Over target"), N_("Catch-up"))
ADDED_COLUMN = N_("Added")  # only when the facilitator added time to a turn
COLUMN_GAP = 2
MIN_NAME_WIDTH = 6


def _figure(seconds: float) -> str:
    """A duration in the table; a dash for none (less than a second)."""
    return format_duration(seconds) if whole_seconds(seconds) else "—"


def fairness_table(
    fair: Fairness, names: Mapping[Side, str], width: int, *, colours: Colours = PARTNER_COLOURS
) -> Text | None:
    """Each partner on one row: total, share, turns, longest, over target, catch-up (and added time).

    None when the figures would not fit in ``width`` with room for a name (then sentences say it).
    """
    headers = [_(label) for label in FAIRNESS_COLUMNS]
    added = any(whole_seconds(partner.added) for partner in fair)
    if added:
        headers.append(_(ADDED_COLUMN))
    rows = {}
    for partner in fair:
        cells = [
            format_duration(partner.total),
            show_percent(fair.percents[partner.side] / 100),
            show_number(partner.turns),
            format_duration(partner.longest),
            _figure(partner.over_target),
            _figure(partner.catch_up),
        ]
        if added:
            cells.append(_figure(partner.added))
        rows[partner.side] = cells
    widths = [
        max(cell_len(cell) for cell in (header, *(cells[i] for cells in rows.values())))
        for i, header in enumerate(headers)
    ]
    figures_width = sum(widths) + COLUMN_GAP * len(widths)
    longest_name = max(cell_len(names[side]) for side in SIDES)
    name_width = min(longest_name, width - figures_width)
    if name_width < min(longest_name, MIN_NAME_WIDTH):
        return None
    gap = " " * COLUMN_GAP
    text = Text(no_wrap=True)
    text.append(" " * name_width)
    for header, column in zip(headers, widths, strict=True):
        text.append(gap + header.rjust(column - cell_len(header) + len(header)), style="dim")
    for side in SIDES:
        name = Text(names[side], style=f"bold {colours[side]}")
        name.truncate(name_width, overflow="ellipsis", pad=True)
        text.append("\n")
        text.append_text(name)
        for cell, column in zip(rows[side], widths, strict=True):
            text.append(gap + cell.rjust(column - cell_len(cell) + len(cell)), style=colours[side])
    return text


def airtime_text(
    record: ClockSummary,
    names: Mapping[Side, str],
    width: int = 60,
    *,
    colours: Colours = PARTNER_COLOURS,
    fair: Fairness | None = None,
) -> Text:
    """Totals and balance, then a small chart: a bar per turn, its speaker (and length) below.

    With ``fair`` (the same clock's :func:`~coalition_tui.domain.fairness.fairness`), the totals
    are a table of each partner's figures (on a narrow width, a sentence each).
    """
    text = Text()
    summary = airtime_summary(record, names, fair)
    if fair is not None:
        table = fairness_table(fair, names, width, colours=colours)
        if table is not None:
            text.append_text(table)
        else:  # too narrow for the table: a sentence each
            for side, line in zip(SIDES, summary, strict=False):
                text.append(("\n" if side != SIDES[0] else "") + line, style=colours[side])
        text.append("\n")
        summary = summary[len(SIDES) :]
    for index, line in enumerate(summary):
        if index:
            text.append("  ·  ", style="dim")
        style = colours[SIDES[index]] if fair is None and index < len(SIDES) else ""
        text.append(line, style=style)
    width = max(width, 1)
    turns = record.turns
    if not turns:
        return text
    per = width // len(turns)
    if per >= 6:
        cell, gap, timed = 5, 1, True
    elif per >= 2:
        cell, gap, timed = min(per - 1, 4), 1, False
    else:
        cell, gap, timed = 1, 0, False
        turns = turns[-width:]
    longest = max(seconds for _side, seconds in turns) or 1.0
    heights = [round(seconds / longest * CHART_ROWS * 8) for _side, seconds in turns]
    for row in range(CHART_ROWS - 1, -1, -1):
        text.append("\n")
        for (side, _seconds), height in zip(turns, heights, strict=True):
            fill = max(0, min(8, height - row * 8))
            text.append(EIGHTHS[fill] * cell, style=colours[side])
            text.append(" " * gap)
    text.append("\n")
    for side, seconds in turns:
        label = f"{SIDE_MARKS[side]}{format_duration(seconds)}" if timed else SIDE_MARKS[side]
        text.append(label[:cell].ljust(cell), style=colours[side])
        text.append(" " * gap)
    if len(turns) < len(record.turns):
        last = _("(the last {shown} of {count} turns)").format(shown=len(turns), count=len(record.turns))
        text.append("\n" + last, style="dim")
    return text


def corrections_text(session: Session, *, full: bool = True) -> Text | None:
    """ "Corrected after the fact: N changes" and (``full``) each change; None when nothing was corrected."""
    lines = correction_lines(session)
    if not lines:
        return None
    text = Text(overflow="fold")
    text.append(corrections_heading(len(lines)), style="bold")
    if full:
        for line in lines:
            text.append("\n• " + line)
    return text


def checkins_table(session: Session, *, colours: Colours = PARTNER_COLOURS) -> Table:
    table = Table(title=_("Check-ins"), title_justify="left", expand=True, show_lines=False)
    for column in (_("When"), _("Who"), _("Commitment"), _("Progress"), _("Note")):
        table.add_column(column, overflow="fold")
    for checkin in session.checkins:
        first = True
        for side in SIDES:
            for number, (index, commitment) in enumerate(session.accountability.of(side).listed(), 1):
                report = checkin.of(side, index)
                status = report.get("status", "")
                table.add_row(
                    when_text(checkin.at) if first else "",
                    Text(session.name(side), style=colours[side]),
                    Text(f"{number}. {commitment.what}"),
                    f"{STATUS_MARKS[status]} {_(STATUS_LABELS[status])}",
                    Text(report.get("note", "")),
                )
                first = False
        following = _("Next check-in: {date}").format(date=date_text(checkin.next_checkin) or _("none set"))
        table.add_row("", "", Text(following, style="dim"), "", "")
    return table


def session_renderable(
    session: Session, *, width: int, today: date | None = None, superseded_by: Successor | None = None
) -> RenderableType:
    """The agreement (``superseded_by``: the revision that replaced it, said under the seal)."""
    names = session.names
    head = Text()
    head.append(session.display_title, style="bold")
    head.append("\n")
    head.append(intro_sentence(session))
    head.append("\n")
    head.append(("✔ " if session.sealed else "") + seal_line(session), style="bold" if session.sealed else "")
    if superseded_by is not None:
        head.append("\n" + superseded_line(superseded_by), style="bold yellow")
    following = next_checkin_line(session, today) if superseded_by is None else ""  # replaced: its dates are gone
    if following:
        head.append("\n" + following)
    if session.revision_of:
        about = _("Session {id}, a revision of {revision}").format(id=session.id, revision=session.revision_of)
    else:
        about = _("Session {id}").format(id=session.id)
    head.append("\n" + about, style="dim")
    parts: list[RenderableType] = [Panel(head, border_style="bold")]

    panels = [
        Panel(
            partner_text(session, side),
            title=Text(f"{SIDE_MARKS[side]} · {names[side]}", style=f"bold {PARTNER_COLOURS[side]}"),
            title_align="left",
            border_style=PARTNER_COLOURS[side],
        )
        for side in SIDES
    ]
    if width >= SIDE_BY_SIDE_WIDTH:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(*panels)
        parts.append(grid)
    else:
        parts += panels

    standing = standing_lines(session)
    if standing:  # a clearing begun again: the open commitments it stood on
        parts.append(
            Panel(
                Text("\n".join(standing)),
                title=_("The ground they stood on: their open commitments"),
                title_align="left",
            )
        )
    record = session.clearing.air_time()
    if record.recorded:
        airtime = airtime_text(record, names, width=width - 4, fair=fairness(session.clearing.clock, session.settings))
        corrections = corrections_text(session)
        if corrections is not None:
            airtime.append("\n\n")
            airtime.append_text(corrections)
        parts.append(Panel(airtime, title=_("Air-time in the clearing"), title_align="left"))
    if session.checkins:
        parts.append(checkins_table(session))
    return Group(*parts)


def _visible_strings(data: Any) -> Any:
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {key: _visible_strings(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_visible_strings(value) for value in data]
    return data


def shown(session: Session) -> Session:
    """A copy of ``session`` whose every text is ``visible``: one pass, so no field is forgotten."""
    return Session.from_dict(_visible_strings(session.to_dict()))


def print_session(session: Session, console: Console | None = None, *, superseded_by: Successor | None = None) -> None:
    """Print the agreement; side by side when the terminal is at least 100 columns wide."""
    console = console or Console()
    if superseded_by is not None:  # an id and a stamp from the index: made visible like every other text
        superseded_by = Successor(visible(superseded_by.id), visible(superseded_by.created_at))
    with speaking(session.language):  # the agreement reads as it was held
        console.print(
            session_renderable(shown(session), width=console.width, today=date.today(), superseded_by=superseded_by)
        )
