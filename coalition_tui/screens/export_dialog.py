"""Exporting an agreement: the dialog that picks a format, and the write that says where the file went.

The dialog's look is its own (``DEFAULT_CSS``): it loads no screen's stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.session import Session
from coalition_tui.export.files import write_private
from coalition_tui.export.render import render_export
from coalition_tui.export.save import FORMAT_NAMES, default_export_dir, export_filename, free_path
from coalition_tui.i18n import N_, _
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.widgets.dialog import Answer, Dialog
from coalition_tui.widgets.plain import plain


class ExportScreen(Dialog[str | None]):
    """Choose a format; the file goes to the folder shown."""

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        background: $background 60%;
    }

    ExportScreen #export-box {
        width: 70;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }

    ExportScreen #export-title {
        text-style: bold;
        color: $accent;
    }

    ExportScreen #export-formats {
        height: auto;
        border: none;
    }

    ExportScreen #export-where {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), priority=True),
        Binding("m", "pick('md')", "Markdown", show=False, priority=True),
        Binding("i", "pick('ics')", "iCalendar", show=False, priority=True),
        Binding("j", "pick('json')", "JSON", show=False, priority=True),
    ]

    def __init__(self, folder: Path, *, on_answer: Answer[str | None] | None = None) -> None:
        super().__init__(classes="export-screen", on_answer=on_answer)
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(_("Export the agreement"), id="export-title")
            yield OptionList(
                Option(_("Markdown ({key}): to paste into an email or a notes app").format(key="m"), id="md"),
                Option(_("iCalendar ({key}): due dates and check-ins for your calendar").format(key="i"), id="ics"),
                Option(_("JSON ({key}): everything, for other tools").format(key="j"), id="json"),
                id="export-formats",
            )
            where = _("Saved in {folder}, readable by you only.").format(folder=self.folder)
            yield Static(plain(where), id="export-where")

    async def action_pick(self, fmt: str) -> None:
        await self.answer(fmt)

    async def action_cancel(self) -> None:
        await self.answer(None)


def export_session(
    screen: CoalitionScreen, session: Session, fmt: str, *, superseded_by: Successor | None = None
) -> Path | None:
    """Write one export and say where it went (or why it could not).

    ``superseded_by``: the revision that replaced this agreement, as the store's index says
    (the caller knows it; the export says so).
    """
    if screen.coalition.session is session:
        screen.coalition.save_now()
    try:
        text = render_export(session, fmt, superseded_by=superseded_by)
        path = free_path(default_export_dir(), export_filename(session, fmt))  # as save_export names it
        write_private(path, text)
    except (CoalitionError, OSError) as error:
        screen.notify(str(error), title=_("Not exported"), severity="error", timeout=12)
        return None
    screen.notify(
        _("{format} saved to {path} (readable by you only).").format(format=FORMAT_NAMES[fmt], path=path),
        title=_("Exported"),
        timeout=10,
    )
    return path
