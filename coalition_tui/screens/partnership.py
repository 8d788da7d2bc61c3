"""One partnership over time: its timeline, every commitment, air-time across its clearings, what is next.

Opened with ``p`` on any session at home. The sessions are read when the
screen opens (a partnership has a handful, not a thousand); each line of the
timeline opens its session with enter.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from coalition_tui.domain.clock import format_duration
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partnership import (
    Merges,
    Partnership,
    clearings,
    commitments,
    due_next,
    kept,
    partnership_of,
    partnerships,
    people,
    timeline,
)
from coalition_tui.domain.seal import STATUS_LABELS, STATUS_MARKS
from coalition_tui.domain.timeutil import parse_stamp
from coalition_tui.export.agreement import date_text
from coalition_tui.i18n import N_, _, ngettext, show_date, show_percent
from coalition_tui.resources import stylesheet
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.screens.focus import focus_now
from coalition_tui.screens.home import status_label
from coalition_tui.widgets.dialog import Answer, Dialog
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.row_list import Column, RowList
from coalition_tui.widgets.steady_footer import SteadyFooter

MERGES_SETTING = "partnerships"
"""Where the coach's merges are kept (the store's settings): {merged key: the key it belongs to}."""

TIMELINE_COLUMNS = (Column(N_("Date")), Column(N_("What"), min_width=12), Column(N_("Status"), min_width=8))


def merges_of(store: Any) -> Merges:
    return Merges.from_dict(store.get_setting(MERGES_SETTING, {}))


def day_of(stamp: str) -> str:
    try:
        return show_date(parse_stamp(stamp).astimezone().date())
    except ValueError:
        return stamp[:10]


class PartnershipScreen(CoalitionScreen):
    """The sessions of two people, as one story."""

    CSS_PATH = stylesheet("partnership.tcss")
    BINDINGS = [
        Binding("escape", "back", N_("Home"), tooltip=N_("Back to the list of sessions")),
        Binding("right", "view(1)", N_("Views"), key_display="←→", tooltip=N_("The next view")),
        Binding("left", "view(-1)", N_("Previous view"), show=False),
        Binding("c", "clear_again", N_("Clear again"), tooltip=N_("A new clearing, standing on the open commitments")),
        Binding("v", "revise", N_("New revision"), tooltip=N_("Change the latest agreement: a new revision of it")),
        Binding("m", "merge", N_("Merge"), tooltip=N_("These are the same two people as another partnership")),
        Binding("s", "split", N_("Split"), tooltip=N_("Undo the merges into this partnership")),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.sessions: list[Any] = []
        self.partnership: Partnership | None = None
        self.unreadable: list[str] = []
        self.merges = Merges()

    def _read(self) -> None:
        store = self.coalition.store
        rows = store.list_summaries()
        row = next((r for r in rows if r["id"] == self.session_id), None)
        if row is None:
            self.partnership, self.sessions = None, []
            return
        self.merges = merges_of(store)
        self.partnership = partnership_of(row, rows, self.merges)
        self.sessions, self.unreadable = [], []
        for session_id in self.partnership.session_ids:
            try:
                self.sessions.append(store.load(session_id))
            except CoalitionError:  # a damaged file is reported at home; the story goes on without it
                self.unreadable.append(session_id)

    def compose(self) -> ComposeResult:
        self._read()
        with Vertical(id="partnership"):
            yield Static("", id="partnership-title")
            with TabbedContent(id="partnership-tabs"):
                with TabPane(_("Timeline"), id="tab-timeline"):
                    yield RowList(tuple(Column(_(c.label), c.min_width) for c in TIMELINE_COLUMNS), id="timeline")
                with TabPane(_("Commitments"), id="tab-commitments"):
                    yield VerticalScroll(Static("", id="commitments"), can_focus=False)
                with TabPane(_("Air-time"), id="tab-airtime"):
                    yield Static("", id="airtime")
                    yield PlotextPlot(id="balance-chart")
                with TabPane(_("Coming up"), id="tab-next"):
                    yield Static("", id="next")
        yield SteadyFooter()

    def on_mount(self, event: events.Mount) -> None:
        self._show()

    def _show(self) -> None:
        if self.partnership is None or not self.sessions:
            self.query_one("#partnership-title", Static).update(_("This session is no longer listed."))
            return
        who = people(self.sessions)
        count = len(self.sessions)
        title = Text.assemble(
            (_("Partnership"), "bold"),
            "  ·  ",
            (f"{who[0]} & {who[1]}", "bold"),
            "  ·  ",
            ngettext("{count} session", "{count} sessions", count).format(count=count),
        )
        if self.unreadable:
            title.append("  ·  " + _("{count} could not be read").format(count=len(self.unreadable)), style="red")
        self.query_one("#partnership-title", Static).update(title)
        self._show_timeline()
        self._show_commitments(who)
        self._show_airtime(who)
        self._show_next(who)
        focus_now(self.query_one("#timeline", RowList), scroll_visible=False)

    # -- the four views ---------------------------------------------------------------------------------

    def _show_timeline(self) -> None:
        moments = timeline(self.sessions)

        def cells(index: int) -> tuple[str, str, str]:
            moment = moments[index]
            session = moment.session
            if moment.kind == "checkin":
                return day_of(moment.when), _("Check-in on {title}").format(title=session.display_title), ""
            kind = (
                _("Revision of {id}").format(id=session.revision_of) if session.revision_of else session.display_title
            )
            return day_of(moment.when), kind, status_label({"status": session.status})

        rows = [cells(i) for i in range(len(moments))]
        widths = [10, max((len(row[1]) for row in rows), default=10), max((len(row[2]) for row in rows), default=8)]
        self.query_one("#timeline", RowList).show_rows([m.session_id for m in moments], cells, widths)

    def _show_commitments(self, who: tuple[str, str]) -> None:
        records = commitments(self.sessions)
        text = Text()
        for person in (0, 1):
            done, closed = kept(records, person)
            if closed:
                line = _("{name} kept {kept} of {closed} commitments that came to an end ({share}).").format(
                    name=who[person], kept=done, closed=closed, share=show_percent(done / closed)
                )
            else:
                line = _("{name}: no commitment has come to an end yet.").format(name=who[person])
            text.append(line + "\n", style="bold")
        text.append("\n")
        if not records:
            text.append(_("No commitments yet."))
        for record in records:
            mark = STATUS_MARKS.get(record.status, "·")
            label = _(STATUS_LABELS.get(record.status, STATUS_LABELS[""]))
            text.append(f"{mark} ", style="bold")
            text.append(f"{who[record.person]}: ", style="bold")
            text.append(record.what)
            details = [label]
            if record.by_when.strip():
                details.append(_("due {when}").format(when=date_text(record.by_when.strip())))
            if record.superseded:
                details.append(_("replaced by a revision"))
            text.append("  · " + " · ".join(details) + "\n", style="dim")
        self.query_one("#commitments", Static).update(text)

    def _show_airtime(self, who: tuple[str, str]) -> None:
        records = clearings(self.sessions)
        text = Text()
        if not records:
            text.append(_("None of these sessions has recorded a clearing's speaking time yet."))
        for record in records:
            balance = record.balance
            if abs(balance) < 0.5:
                evened = _("even")
            else:
                evened = _("{name} +{duration}").format(
                    name=who[0] if balance > 0 else who[1], duration=format_duration(abs(balance))
                )
            text.append(f"{day_of(record.when)}  ")
            text.append(
                f"{who[0]} {format_duration(record.totals[0])}  ·  {who[1]} {format_duration(record.totals[1])}"
            )
            text.append(f"  ·  {evened}\n", style="dim")
        self.query_one("#airtime", Static).update(text)
        chart = self.query_one("#balance-chart", PlotextPlot)
        chart.display = len(records) > 0
        plt = chart.plt
        plt.clear_data()
        if records:
            minutes = [record.balance / 60 for record in records]
            plt.plot(list(range(1, len(records) + 1)), minutes, marker="braille")
            plt.hline(0)
            plt.title(_("Balance after each clearing: above 0, {name} spoke longer (minutes)").format(name=who[0]))
            plt.xticks(list(range(1, len(records) + 1)), [day_of(r.when) for r in records])

    def _show_next(self, who: tuple[str, str]) -> None:
        when, due = due_next(self.sessions, self.coalition.today())
        text = Text()
        if when:
            text.append(_("Next check-in: {date}").format(date=date_text(when)) + "\n", style="bold")
        else:
            text.append(_("No check-in date is set.") + "\n", style="bold")
        if due:
            text.append("\n" + _("Due soonest:") + "\n")
        for record in due:
            text.append(f"• {who[record.person]}: {record.what}  ")
            text.append(_("due {when}").format(when=date_text(record.by_when.strip())) + "\n", style="dim")
        self.query_one("#next", Static).update(text)

    # -- keys ---------------------------------------------------------------------------------------------

    @on(RowList.Selected, "#timeline")
    def _open(self, event: RowList.Selected) -> None:
        event.stop()
        self.coalition.open_session(event.key)

    def action_view(self, step: int) -> None:
        """Timeline, commitments, air-time, next: left and right go through them."""
        tabs = self.query_one("#partnership-tabs", TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane)]
        if tabs.active in panes:
            tabs.active = panes[(panes.index(tabs.active) + step) % len(panes)] or ""
        if tabs.active == "tab-timeline":  # its lines open with enter: the keys go to it
            focus_now(self.query_one("#timeline", RowList), scroll_visible=False)
        else:
            self.set_focus(None)  # left and right stay the screen's

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "split":  # only a partnership made of merged spellings can be split
            return self.partnership is not None and self.partnership.key in self.merges.into.values()
        return super().check_action(action, parameters)

    def latest_agreement(self) -> Any | None:
        """The newest sealed agreement no sealed revision has replaced: what a new revision starts from."""
        replaced = {s.revision_of for s in self.sessions if s.revision_of and s.sealed}
        sealed = [s for s in self.sessions if s.sealed and s.id not in replaced]
        return max(sealed, key=lambda s: s.created_at) if sealed else None

    def action_clear_again(self) -> None:
        self.coalition.clear_again(self.sessions)

    def action_revise(self) -> None:
        latest = self.latest_agreement()
        if latest is None:
            self.notify(_("None of these sessions is a sealed agreement yet: there is nothing to revise."))
            return
        drafts = [s for s in self.sessions if s.revision_of == latest.id and not s.sealed]
        if drafts:  # one revision at a time: the one begun is taken up again
            draft = max(drafts, key=lambda s: s.created_at)
            if self.coalition.open_session(draft.id):
                self.notify(_("A revision of this agreement was begun already: here it is."), title=_("New revision"))
            return
        self.coalition.revise(latest.id)

    def action_merge(self) -> None:
        if self.partnership is None:
            return
        rows = self.coalition.store.list_summaries()
        merges = merges_of(self.coalition.store)
        others = [p for key, p in partnerships(rows, merges).items() if key != self.partnership.key]
        if not others:
            self.notify(_("There is no other partnership to merge with."))
            return
        self.app.push_screen(MergeScreen(others, on_answer=self._merged))

    def _merged(self, key: str | None) -> None:
        if key is None or self.partnership is None:
            return
        store = self.coalition.store
        merges = merges_of(store)
        merges.merge(key, self.partnership.key)
        store.set_setting(MERGES_SETTING, merges.to_dict())
        self.call_later(self._redraw)

    async def _redraw(self) -> None:
        """Read the partnership again (after a merge or a split) and draw it anew."""
        await self.recompose()
        self._show()

    def action_split(self) -> None:
        if self.partnership is None:
            return
        store = self.coalition.store
        merges = merges_of(store)
        merges.split(self.partnership.key)
        store.set_setting(MERGES_SETTING, merges.to_dict())
        self.notify(_("Split: each spelling of the names is a partnership of its own again."))
        self.call_later(self._redraw)


class MergeScreen(Dialog[str | None]):
    """Which partnership to merge into this one (the same two people, written another way)."""

    DEFAULT_CSS = """
    MergeScreen {
        align: center middle;
        background: $background 60%;
    }
    MergeScreen #merge-box {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "dismiss_none", N_("Cancel"))]

    def __init__(self, others: list[Partnership], *, on_answer: Answer[str | None] | None = None) -> None:
        super().__init__(on_answer=on_answer)
        self.others = others

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-box"):
            yield Static(plain(_("The same two people, with their names written another way:")))
            yield OptionList(
                *(
                    Option(
                        Text(f"{p.names[0]} & {p.names[1]}  ·  ")
                        + Text(ngettext("{count} session", "{count} sessions", len(p.rows)).format(count=len(p.rows))),
                        id=p.key,
                    )
                    for p in self.others
                ),
                id="merge-choices",
            )

    async def action_dismiss_none(self) -> None:
        await self.answer(None)
