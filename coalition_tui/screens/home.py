"""Home: past sessions, what check-ins are due, and the way to start a new one."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from coalition_tui.domain.phases import Phase
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.screens.base import CoalitionScreen

EMPTY_TEXT = (
    "No sessions yet.\n\n"
    "Press [b]n[/b] to set up your first session: you will enter both partners' names, "
    "choose the agenda (the whole method, or just a clearing) and begin.\n\n"
    "Everything you type is saved as you go, on this computer only."
)


def status_label(row: dict[str, Any]) -> str:
    status = row.get("status", "")
    if status == "sealed":
        return "✔ sealed"
    if status == "finished":
        return "finished"
    try:
        return f"… {Phase(status).title}"
    except ValueError:
        return status


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# Rows in the list at the first paint (a screenful: the terminal's height, at least
# FIRST_ROWS), then ROW_BATCH more after each refresh.
FIRST_ROWS = 24
ROW_BATCH = 100


def _as_date(text: object) -> date | None:
    """An index date, or None for anything that is not one (an old or hand-edited index)."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def due_checkins(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Sealed sessions whose next check-in date has come, soonest first."""
    due = [r for r in rows if (when := _as_date(r.get("next_checkin"))) is not None and when <= today]
    return sorted(due, key=lambda r: r["next_checkin"])


class HomeScreen(CoalitionScreen):
    """The list of sessions; where every visit starts and ends."""

    _filling = 0  # counts reloads, so rows still to come from an older one are dropped
    _listed: tuple[list[dict[str, Any]], date] | None = None  # what the table shows

    BINDINGS = [
        Binding("n", "new_session", "New session"),
        Binding("enter", "open_selected", "Open", show=True),
        Binding("r", "resume_latest", "Resume latest"),
        Binding("c", "checkin", "Check in", tooltip="Record a check-in on the selected sealed agreement"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("Coalition", id="home-title")
            yield Static("A guided conversation for two partners.", id="home-tagline")
            yield Static("", id="checkins-due", markup=False)
            yield Static(EMPTY_TEXT, id="empty")
            table: DataTable[str] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        # Text labels: a str label is read as markup, which loads rich's emoji table at start-up.
        table.add_columns(*map(Text, ("Started", "Partners", "Status", "Next check-in", "Title", "ID")))
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            rows = self.coalition.store.list_summaries()
        except Exception as error:  # a damaged index is reported, never fatal here
            self.notify(str(error), title="Cannot read the session list", severity="error", timeout=15, markup=False)
            rows = []
        table = self.query_one("#sessions", DataTable)
        today = self.coalition.today()
        if (rows, today) != self._listed:  # unchanged, as when on_screen_resume follows on_mount: keep it
            self._listed = (rows, today)
            table.clear()
            self._filling += 1
            self._add_rows(rows, 0, today, self._filling)
        self.query_one("#empty").display = not rows
        table.display = bool(rows)
        self._has_sealed = any(r.get("status") == "sealed" for r in rows)
        self.refresh_bindings()  # "c Check in" shows only when there is a sealed agreement
        due = due_checkins(rows, today)
        notice = self.query_one("#checkins-due", Static)
        notice.display = bool(due)
        if due:
            lines = [f"Check-ins due ({len(due)}):"]
            lines += [
                f"   {r['next_checkin']}  {r['partners']['a']} & {r['partners']['b']}"
                + (f" — {r['title']}" if r.get("title") else "")
                for r in due[:5]
            ]
            lines.append("   Press c to record a check-in.")
            notice.update("\n".join(lines))
        if rows:
            table.focus()

    def _add_rows(self, rows: list[dict[str, Any]], start: int, today: date, filling: int) -> None:
        """Put a screenful of rows in the list now, and the rest in batches after each refresh.

        A DataTable measures every cell it is given, so a coach's thousand sessions
        would hold back the first paint; rows past the first screens follow at once.
        """
        if filling != self._filling:  # a newer reload has replaced this list
            return
        table = self.query_one("#sessions", DataTable)
        end = start + (max(FIRST_ROWS, self.app.size.height) if start == 0 else ROW_BATCH)
        for row in rows[start:end]:
            created = parse_stamp(row["created_at"]).astimezone().strftime("%Y-%m-%d")
            partners = f"{row['partners']['a']} & {row['partners']['b']}"
            next_checkin = row.get("next_checkin") or ""
            if (when := _as_date(next_checkin)) is not None and when <= today:
                next_checkin = f"{next_checkin} (due)"
            cells = (created, _clip(partners, 28), status_label(row), next_checkin or "—",
                     _clip(row.get("title") or "—", 32), row["id"])
            # Text, not str: a DataTable reads str cells as markup, and names are the partners' own.
            table.add_row(*(Text(cell) for cell in cells), key=row["id"])
        if end < len(rows):
            self.call_after_refresh(self._add_rows, rows, end, today, filling)

    def action_new_session(self) -> None:
        self.coalition.new_session()

    def action_open_selected(self) -> None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key.value:
            self.coalition.open_session(key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.coalition.open_session(event.row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "checkin":
            return getattr(self, "_has_sealed", False)
        return True

    def action_checkin(self) -> None:
        """Open the selected sealed agreement (else the first one due) and start a check-in on it."""
        rows = {r["id"]: r for r in self.coalition.store.list_summaries()}
        table = self.query_one("#sessions", DataTable)
        chosen = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key and rows.get(key, {}).get("status") == "sealed":
                chosen = key
        if chosen is None:
            due = due_checkins(list(rows.values()), self.coalition.today())
            chosen = due[0]["id"] if due else None
        if chosen is None:
            self.notify("Check-ins are recorded on a sealed agreement: select one and press c.")
            return
        if self.coalition.open_session(chosen) and self.coalition.session is not None:
            from coalition_tui.screens.checkin import CheckInScreen

            self.app.push_screen(CheckInScreen(self.coalition.session))

    def action_resume_latest(self) -> None:
        latest = self.coalition.store.latest_unfinished()
        if latest:
            self.coalition.open_session(latest)
        else:
            self.notify("There is no unfinished session to resume.")
