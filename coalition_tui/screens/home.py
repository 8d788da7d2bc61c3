"""Home: past sessions, what check-ins are due, and the way to start a new one."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from coalition_tui.domain.finding import haystack, matching
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.revisions import Revisions
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.i18n import N_, _, show_date
from coalition_tui.screens.base import CoalitionScreen, Press
from coalition_tui.screens.focus import focus_now
from coalition_tui.storage.errors import StorageError
from coalition_tui.widgets.fields import WordsInput
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.row_list import Column, Narrow, RowList
from coalition_tui.widgets.steady_footer import SteadyFooter


def empty_text() -> str:
    """What home says before the first session (with the key in bold)."""
    return "\n\n".join(
        [
            _("No sessions yet."),
            _(
                "Press {key} to set up your first session: you will enter both partners' names, "
                "choose the agenda (the whole method, or just a clearing) and begin."
            ).format(key="[b]n[/b]"),
            _("Everything you type is saved as you go, on this computer only."),
        ]
    )


SUPERSEDED = N_("superseded")  # an agreement a revision replaced (the index's status stays "sealed")
EARLIER = "↳ "  # leads the title of an earlier version, listed under the revision that replaced it


def status_label(row: dict[str, Any], superseded: bool = False) -> str:
    if superseded:
        return _(SUPERSEDED)
    status = row.get("status", "")
    if status == "sealed":
        return "✔ " + _("sealed")
    if status == "finished":
        return _("finished")
    try:
        return f"… {Phase(status).title}"
    except ValueError:
        return status


def _as_date(text: object) -> date | None:
    """An index date, or None for anything that is not one (an old or hand-edited index)."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def is_due(row: dict[str, Any], today: date) -> bool:
    """Whether the session's next check-in date has come."""
    return (when := _as_date(row.get("next_checkin"))) is not None and when <= today


def due_checkins(rows: list[dict[str, Any]], today: date, revisions: Revisions | None = None) -> list[dict[str, Any]]:
    """Sealed agreements in force whose next check-in date has come, soonest first.

    An agreement a sealed revision replaced is left out: its revision carries the
    commitments on, with the check-in dates that now hold (``revisions``: of these rows, if made already).
    """
    replaced = revisions if revisions is not None else Revisions(rows)
    due = [r for r in rows if is_due(r, today) and not replaced.is_superseded(r["id"])]
    return sorted(due, key=lambda r: r["next_checkin"])


# The list's columns, and how they give way on a narrow terminal: the ID goes first
# (`coalition list` shows it), then Title, Status and Partners narrow, then Title goes.
COLUMNS = (
    Column(N_("Started")),
    Column(N_("Partners"), min_width=10),
    Column(N_("Status"), min_width=10),
    Column(N_("Next check-in")),
    Column(N_("Title"), min_width=10),
    Column(N_("ID")),
)
STARTED, PARTNERS, STATUS, NEXT, TITLE, ID = range(len(COLUMNS))
NARROWING = (Narrow(ID, drop=True), Narrow(TITLE), Narrow(STATUS), Narrow(PARTNERS), Narrow(TITLE, drop=True))
WIDEST = {PARTNERS: 28, TITLE: 32}  # longer names and titles are cut with an ellipsis


def shown_columns() -> tuple[Column, ...]:
    """The columns with their headings in the interface's language."""
    return tuple(Column(_(column.label), column.min_width) for column in COLUMNS)


def shown_date(text: str) -> str:
    """An index date as a person reads it; anything else as it stands."""
    when = _as_date(text)
    return show_date(when) if when else text


def due_text(day: str) -> str:
    return _("{date} (due)").format(date=day)


def partners_text(row: dict[str, Any]) -> str:
    return f"{row['partners']['a']} & {row['partners']['b']}"


def title_text(row: dict[str, Any], earlier: bool = False) -> str:
    title = row.get("title") or "—"
    return EARLIER + title if earlier else title


def row_cells(
    row: dict[str, Any], today: date, superseded: bool = False, *, earlier: bool | None = None
) -> tuple[str, ...]:
    """One session summary as the list shows it, a cell per column.

    ``earlier``: listed under its revision (``↳``); ``superseded``: that revision is sealed, so this
    agreement no longer stands (a superseded one is always listed under its revision) and shows no
    next check-in: the dates that hold are its revision's.
    """
    earlier = superseded if earlier is None else earlier
    try:
        created = show_date(parse_stamp(row["created_at"]).astimezone().date())
    except ValueError:  # a hand-edited index: show what it says rather than fail to draw
        created = row["created_at"]
    next_checkin = "—" if superseded else shown_date(row.get("next_checkin") or "") or "—"
    if not superseded and is_due(row, today):
        next_checkin = due_text(next_checkin)
    return (
        created,
        partners_text(row),
        status_label(row, superseded),
        next_checkin,
        title_text(row, earlier),
        row["id"],
    )


def wanted_widths(rows: list[dict[str, Any]], today: date, revisions: Revisions | None = None) -> list[int]:
    """How wide each column's cells are, without formatting every row.

    Dates, statuses and ids have known widths; only names and titles are measured.
    """
    replaced = revisions.is_superseded if revisions else lambda _id: False
    due = any(is_due(r, today) and not replaced(r["id"]) for r in rows)
    statuses = {status_label(r, replaced(r["id"])) for r in rows}
    dated = cell_len(show_date(date(2026, 12, 31)))  # every date is as wide (10 in English)
    return [
        dated,
        min(WIDEST[PARTNERS], max((cell_len(partners_text(r)) for r in rows), default=0)),
        max(map(cell_len, statuses), default=0),
        cell_len(due_text("x" * dated)) if due else dated,
        min(WIDEST[TITLE], max((cell_len(title_text(r, replaced(r["id"]))) for r in rows), default=0)),
        max((len(r["id"]) for r in rows), default=0),
    ]


DUE_LINES = 5  # check-ins named in the notice at most
HOME_CHROME = 12  # lines home needs besides the named check-ins and the rows: titles, margins, borders, footer
LIST_ROWS = 6  # the list keeps at least this many rows before the notice names fewer check-ins


def due_notice(due: list[dict[str, Any]], lines: int) -> str:
    """What the check-ins-due box says, naming ``lines`` of them (none: a single line)."""
    if not lines:
        return _("Check-ins due: {count}. Press {key} to record a check-in.").format(count=len(due), key="c")
    named = [
        f"   {shown_date(r['next_checkin'])}  {partners_text(r)}" + (f" — {r['title']}" if r.get("title") else "")
        for r in due[:lines]
    ]
    more = " " + _("({count} more in the list)").format(count=len(due) - lines) if len(due) > lines else ""
    press = _("Press {key} to record a check-in.").format(key="c")
    return "\n".join([_("Check-ins due ({count}):").format(count=len(due)), *named, f"   {press}{more}"])


class HomeScreen(CoalitionScreen):
    """The list of sessions; where every visit starts and ends."""

    _listed: tuple[list[dict[str, Any]], date] | None = None  # what the list shows
    _due: list[dict[str, Any]] = []  # the check-ins due among them
    _has_sealed = False  # a sealed agreement is listed: "c Check in" applies

    # Priority: acted on as they arrive, so the keys typed next reach the screen they open.
    BINDINGS = [
        Binding("n", "new_session", N_("New session"), priority=True),
        Binding(
            "r",
            "resume_latest",
            N_("Resume"),
            tooltip=N_("Open the unfinished session you worked on last"),
            priority=True,
        ),
        Binding(
            "c",
            "checkin",
            N_("Check in"),
            tooltip=N_("Record a check-in on the selected sealed agreement"),
            priority=True,
        ),
        Binding("slash", "find", N_("Find"), tooltip=N_("Find sessions by name, title, status or date")),
        Binding("p", "partnership", N_("Partnership"), tooltip=N_("All sessions of these two partners")),
        Binding("escape", "close_find", N_("All"), tooltip=N_("Clear the search: every session again")),
    ]

    AUTO_FOCUS = "#sessions"  # never the search line, which is there only after "/"
    _hays: list[str] = []  # each listed session as it can be found (domain/finding.py)
    _rows: list[dict[str, Any]] = []  # in the list's order: revisions grouped under the latest
    _widths: list[int] = []
    _revisions = Revisions(())

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("Coalition", id="home-title")
            yield Static(_("A guided conversation for two partners."), id="home-tagline")
            yield Static("", id="checkins-due")
            yield Static(empty_text(), id="empty")
            yield WordsInput("", id="find", placeholder=_("Find: a name, a title, a status or a date"), disabled=True)
            yield Static(_("No session matches."), id="no-match")
            yield RowList(shown_columns(), NARROWING, id="sessions")
        yield SteadyFooter()

    def on_mount(self, event: events.Mount) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            rows = self.coalition.store.list_summaries()
        except StorageError as error:  # a damaged index is reported, never fatal here
            self.notify(str(error), title=_("Cannot read the session list"), severity="error", timeout=15)
            rows = []
        repaired = self.coalition.store.take_notice()  # the index was rebuilt or brought up to date
        if repaired:  # (notifications are plain text: App.notify shows no markup)
            self.notify(repaired, title=_("Session list repaired"), severity="warning", timeout=15)
        today = self.coalition.today()
        if (rows, today) == self._listed:  # unchanged, as when on_screen_resume follows on_mount
            return
        self._listed = (rows, today)
        self._revisions = revisions = Revisions(rows)
        shown = revisions.grouped(rows)
        self._rows, self._widths, self._hays = shown, wanted_widths(shown, today, revisions), []
        self._show_found(self.query_one("#find", Input).value)
        self.query_one("#empty").display = not rows
        self._has_sealed = any(r.get("status") == "sealed" for r in rows)
        self.refresh_bindings()  # "c Check in" shows only when there is a sealed agreement
        self._due = due_checkins(rows, today, revisions)
        self._show_due(self.size.height or self.app.size.height)
        if rows:
            focus_now(self.query_one("#sessions", RowList), scroll_visible=False)

    def on_resize(self, event: events.Resize) -> None:
        self._show_due(event.size.height)

    def _show_due(self, height: int) -> None:
        """The check-ins that are due, as many as leave the list a few rows on this terminal."""
        notice = self.query_one("#checkins-due", Static)
        notice.display = bool(self._due)
        if self._due:
            notice.update(plain(due_notice(self._due, max(0, min(DUE_LINES, height - HOME_CHROME - LIST_ROWS)))))

    def action_new_session(self) -> None:
        self.coalition.new_session()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.coalition.open_session(event.key)

    def _cells(self, row: dict[str, Any], today: date) -> tuple[str, ...]:
        revisions, session_id = self._revisions, row["id"]
        if revisions.is_earlier(session_id):
            return row_cells(row, today, revisions.is_superseded(session_id), earlier=True)
        return row_cells(row, today)

    def _show_found(self, query: str) -> None:
        """The sessions that hold every word of ``query`` (all of them for none), in the list's order.

        Columns keep the widths of the whole list, so they stand still while a person types.
        """
        rows, today = self._rows, self.coalition.today()
        if query.strip() and not self._hays:  # made at the first key, not for every visit home
            self._hays = [haystack(row, self._cells(row, today)) for row in rows]
        shown = [rows[index] for index in matching(self._hays, query)] if query.strip() else rows
        sessions = self.query_one("#sessions", RowList)
        # Cells are made only for the rows drawn: a long history costs nothing until scrolled to.
        sessions.show_rows([r["id"] for r in shown], lambda index: self._cells(shown[index], today), self._widths)
        sessions.display = bool(shown)
        self.query_one("#no-match").display = bool(rows) and not shown

    def keep_field(self, field: Widget) -> None:
        """The search, narrowed as each key is typed (within the key: Enter straight after opens what it shows)."""
        if isinstance(field, Input) and field.id == "find":
            self._show_found(field.value)

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        """Enter opens the first session found."""
        event.stop()
        key = self.query_one("#sessions", RowList).highlighted_key
        if key:
            self.coalition.open_session(key)

    def action_find(self) -> None:
        find = self.query_one("#find", Input)
        find.display, find.disabled = True, False
        focus_now(find)

    def action_close_find(self) -> None:
        find = self.query_one("#find", Input)
        find.value = ""  # every session again (keep_field)
        find.display, find.disabled = False, True
        focus_now(self.query_one("#sessions", RowList), scroll_visible=False)

    def action_partnership(self) -> None:
        key = self.query_one("#sessions", RowList).highlighted_key
        if key:
            from coalition_tui.screens.partnership import PartnershipScreen

            self.app.push_screen(PartnershipScreen(key))

    def on_key(self, event: events.Key) -> None:
        """Down from the search goes to the sessions found."""
        if event.key == "down" and self.focused is self.query_one("#find", Input):
            event.stop()
            focus_now(self.query_one("#sessions", RowList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        finding = self.is_attached and self.focused is self.query_one("#find", Input)
        if action in ("new_session", "resume_latest", "checkin", "partnership", "find") and finding:
            return False  # the letters are the search's
        if action == "checkin":
            return self._has_sealed
        if action == "close_find":
            return self.is_attached and self.query_one("#find", Input).display
        if action == "partnership":
            return self.is_attached and self.query_one("#sessions", RowList).highlighted_key is not None
        return super().check_action(action, parameters)

    def pressable(self) -> Press | None:
        sessions = self.query_one("#sessions", RowList)
        if self.focused is not sessions or sessions.highlighted_key is None:
            return None

        def open_highlighted() -> None:
            self.coalition.open_session(sessions.highlighted_key or "")

        return open_highlighted

    def action_checkin(self) -> None:
        """Open the selected sealed agreement (else the first one due) and start a check-in on it."""
        rows = {r["id"]: r for r in self.coalition.store.list_summaries()}
        chosen = None
        key = self.query_one("#sessions", RowList).highlighted_key
        if key and rows.get(key, {}).get("status") == "sealed":
            chosen = key
        if chosen is None:
            due = due_checkins(list(rows.values()), self.coalition.today())
            chosen = due[0]["id"] if due else None
        if chosen is None:
            self.notify(_("Check-ins are recorded on a sealed agreement: select one and press {key}.").format(key="c"))
            return
        if self.coalition.open_session(chosen) and self.coalition.session is not None:
            from coalition_tui.screens.checkin import CheckInScreen

            self.app.push_screen(CheckInScreen(self.coalition.session))

    def action_resume_latest(self) -> None:
        latest = self.coalition.store.latest_unfinished()
        if latest:
            self.coalition.open_session(latest)
        else:
            self.notify(_("There is no unfinished session to resume."))
