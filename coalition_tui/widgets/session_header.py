"""The strip above every phase: where the session is, and who is in it."""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from coalition_tui.domain.phases import Phase
from coalition_tui.domain.progress import MARKS, Progress, phase_progress
from coalition_tui.domain.session import Session
from coalition_tui.i18n import N_, _
from coalition_tui.widgets.labels import QuietText

SHORT_NAMES: dict[Phase, str] = {
    Phase.ALIGNMENT: N_("Alignment"),
    Phase.CLEARING: N_("Clearing"),
    Phase.DECLARATION: N_("Declaration"),
    Phase.ACCOUNTABILITY: N_("Accountability"),
    Phase.SEAL: N_("Seal"),
}
"""Each phase's short name in the trail when the full titles do not fit (translated where shown)."""


def short_name(phase: Phase) -> str:
    return _(SHORT_NAMES[phase])


def agenda_trail(session: Session, width: int | None = None, *, quiet: StyleType = "dim") -> Text:
    """``✔ Alignment › ▶ Clearing › ◐ Declaration › ○ Seal``: each phase as far as it has got; shape, not colour.

    The marks come from what was recorded (``domain/progress.py``): a phase
    walked past without its content is not marked done.

    When the full titles do not fit in ``width`` cells, shorter names are used,
    then numbers for every phase but the current one, so the whole agenda shows.
    """
    namings = (
        lambda i, p: p.title,
        lambda i, p: short_name(p),
        lambda i, p: short_name(p) if i == session.phase_index else str(i + 1),
    )
    progress = {phase: phase_progress(session, phase) for phase in session.agenda}
    trail = Text()
    for name in namings:
        trail = Text()
        for index, phase in enumerate(session.agenda):
            if index:
                trail.append(" › ", style=quiet)
            if index == session.phase_index:
                trail.append(f"▶ {name(index, phase)}", style="bold reverse")
            else:
                mark = MARKS[progress[phase]]
                trail.append(f"{mark} {name(index, phase)}", style="" if progress[phase] is Progress.PARTLY else quiet)
        if width is None or trail.cell_len <= width:
            break
    return trail


class SessionHeader(QuietText):
    """Title, partners and the agenda trail; refreshed when the phase changes."""

    # Unscoped so that presentation mode (a class on the App) can restyle it here.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    SessionHeader {
        height: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $boost;
    }

    App.-presentation SessionHeader {
        background: $panel;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def on_mount(self) -> None:
        self.refresh_header()

    def on_resize(self) -> None:
        self.refresh_header()

    def refresh_header(self) -> None:
        s = self.session
        # Two rows, each cut with an ellipsis (see DEFAULT_CSS), never wrapped.
        top = Text()
        top.append("Coalition", style="bold")
        if s.sealed:
            top.append("  ·  ")
            top.append(_("SEALED, read-only"), style="bold reverse")
        top.append("  ·  ")
        top.append(s.display_title)
        if s.title:
            top.append(f"  ({s.partner_a} & {s.partner_b})", style=self.quiet)
        if s.facilitator:
            top.append("  · " + _("facilitated by {name}").format(name=s.facilitator), style=self.quiet)
        width = self.content_size.width or None
        self.update(Text("\n").join([top, agenda_trail(s, width, quiet=self.quiet)]))
