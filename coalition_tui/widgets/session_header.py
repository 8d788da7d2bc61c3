"""The strip above every phase: where the session is, and who is in it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coalition_tui.domain.session import Session


def agenda_trail(session: Session, width: int | None = None) -> Text:
    """``✔ Alignment › ▶ Clearing › Declaration``: done, current, to come; shape, not colour.

    When the full titles do not fit in ``width`` cells, shorter names are used,
    then numbers for every phase but the current one, so the whole agenda shows.
    """
    namings = (
        lambda i, p: p.title,
        lambda i, p: p.value.capitalize(),
        lambda i, p: p.value.capitalize() if i == session.phase_index else str(i + 1),
    )
    trail = Text()
    for name in namings:
        trail = Text()
        for index, phase in enumerate(session.agenda):
            if index:
                trail.append(" › ", style="dim")
            if index < session.phase_index:
                trail.append(f"✔ {name(index, phase)}", style="dim")
            elif index == session.phase_index:
                trail.append(f"▶ {name(index, phase)}", style="bold reverse")
            else:
                trail.append(name(index, phase))
        if width is None or trail.cell_len <= width:
            break
    return trail


class SessionHeader(Static):
    """Title, partners and the agenda trail; refreshed when the phase changes."""

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def on_mount(self) -> None:
        self.refresh_header()

    def on_resize(self) -> None:
        self.refresh_header()

    def refresh_header(self) -> None:
        s = self.session
        # Two rows, each cut with an ellipsis (see phase.tcss), never wrapped.
        top = Text()
        top.append("Coalition", style="bold")
        if s.sealed:
            top.append("  ·  ")
            top.append("SEALED, read-only", style="bold reverse")
        top.append("  ·  ")
        top.append(s.display_title)
        if s.title:
            top.append(f"  ({s.partner_a} & {s.partner_b})", style="dim")
        if s.facilitator:
            top.append(f"  · facilitated by {s.facilitator}", style="dim")
        width = self.content_size.width or None
        self.update(Text("\n").join([top, agenda_trail(s, width)]))
