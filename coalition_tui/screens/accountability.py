"""Accountability: each partner's commitments, how they will keep honest, and the role asked.

Each partner has a column of their own: any number of commitments (what, by
when, how both will know it is done), the check-in structure (a rhythm chosen
from a list, "every N days" with its N, a time of day, where or how, the first
date, and the next check-ins those make) and the role they ask the other partner to
play. The other partner answers that role in the same column: they agree, or
ask to change it. Realism checks from the domain appear under each column as
gentle warnings; nothing here blocks moving on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from coalition_tui.domain.accountability import (
    DATE_HINT,
    MAX_COMMITMENTS,
    PartnerAccountability,
    date_as_typed,
    date_problem,
    next_checkins,
    realism_warnings,
    stored_date,
    time_problem,
)
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.session import Session
from coalition_tui.i18n import N_, _, ngettext, show_date
from coalition_tui.resources import session_styles
from coalition_tui.screens.focus import fields, focus_now, focus_opening_field, is_empty, opening_field, side_of
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.commitment_plan import (
    CommitmentList,
    PlanColumn,
    PlanInput,
    PlanParts,
    RemoveCommitment,
    RhythmChoice,
    RoleAnswer,
)
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.steady_footer import SteadyFooter

DATE_FIELDS = ("by_when", "first_checkin", "checkin_time", "every_days")  # fields marked when mistyped
NEXT_SHOWN = 3
"""How many coming check-ins a plan shows (the calendar export's series expands to the same dates)."""


class AccountabilityScreen(PhaseScreen, OffersCommands):
    """Both partners' plans side by side, with realism checks under each."""

    PHASE = Phase.ACCOUNTABILITY
    CSS_PATH = session_styles("accountability.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        # Priority, like ctrl+n: handled within the key, so the words typed just after land in the new commitment.
        Binding(
            "ctrl+o",
            "add_commitment",
            N_("Add commitment"),
            priority=True,
            tooltip=N_("Add a commitment for the partner whose column has focus"),
        ),
        Binding(
            "f4",
            "remove_commitment",
            N_("Remove commitment"),
            priority=True,
            tooltip=N_("Remove the commitment the cursor is in (asks first when it holds words)"),
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._indexed: dict[Side, PlanParts] = {}
        if not session.sealed:
            # An empty plan starts with one blank commitment to fill in (blank ones count for nothing).
            for side in SIDES:
                plan = session.accountability.of(side)
                if not plan.commitments and not self.locked(side):
                    plan.add_commitment()

    def compose(self) -> ComposeResult:
        session = self.session
        yield from self.header_rows()
        with Vertical(classes="phase-body", id="accountability"):
            yield Static(self.PHASE.title, classes="phase-title")
            yield Static(plain(self.session.prompts.accountability.guidance), classes="guidance", id="acc-guidance")
            with Horizontal(classes="panes", id="plans"):
                for side in SIDES:
                    yield PlanColumn(
                        side,
                        session.name(side),
                        session.name(other(side)),
                        session.accountability.of(side),
                        locked=self.locked(side),
                        answer_locked=self.locked(other(side)),
                        hints=self.session.prompts.accountability.hints,
                        whole=side == "a",
                    )
        yield SteadyFooter()

    def on_mount(self, event: events.Mount) -> None:
        # A's plan is built whole (the screen opens in it); B's commitments with it, and the rest of
        # B's plan a frame later. Typing goes into the field the screen opens on meanwhile; a key
        # that moves the focus or acts waits for the rest, as do the keys after it.
        plans = self.query_one("#plans")
        opening = opening_field(plans)
        if any(side_of(field) != "b" for field in fields(plans)) or (opening is not None and is_empty(opening)):
            focus_now(opening, scroll_visible=False)  # where the screen opens, whatever B's rest holds
            self._release_build = self.coalition.hold_input(typing_passes=True)
        else:  # a joined partner B whose plan is filled: their first empty field may be in the rest
            self._release_build = self.coalition.hold_input()
            self._open_later = True
        for side in SIDES:
            self._show_date_errors(side)
        self.call_after_refresh(self._build_rest)

    _open_later = False  # the field the screen opens on is found once the rest is built

    _release_build: Callable[[], None] | None = None

    def _parts(self, side: Side) -> PlanParts:
        """``side``'s column's widgets, found once per change of its widgets (``_reindex``)."""
        parts = self._indexed.get(side)
        if parts is None:
            parts = self._indexed[side] = PlanParts.of(self.query_one(f"#plan-{side}", PlanColumn))
        return parts

    def _reindex(self, side: Side | None = None) -> None:
        """Widgets were added to or taken from a column (or both): found again when next asked."""
        if side is None:
            self._indexed.clear()
        else:
            self._indexed.pop(side, None)

    def on_unmount(self) -> None:
        if self._release_build is not None:  # left before it was built: nothing holds the keys any more
            self._release_build()

    async def _build_rest(self) -> None:
        if not self.is_attached:  # left (ctrl+n, a quit, a remote change) before the rest was built
            return
        try:
            for column in self.query(PlanColumn):
                if not column.whole:
                    await self.query_one(f"#plan-scroll-{column.side}", VerticalScroll).mount_all(column.rest())
            self._reindex()
            self._show_plans()
            if self._open_later:
                focus_now(opening_field(self.query_one("#plans")), scroll_visible=False)
            if (focused := self.focused) is not None:
                # In view once laid out whole: a plan of several commitments opens on a field below the fold.
                self.call_after_refresh(focused.scroll_visible, animate=False)
        finally:
            if self._release_build is not None:
                self._release_build()

    def _show_plans(self) -> None:
        for side in SIDES:
            self._show_date_errors(side)
            self._show_note_row(side)
            self._show_rhythm(side)
            self._refresh_warnings(side)

    # -- what changed -------------------------------------------------------------

    def _plan(self, side: Side) -> PartnerAccountability:
        return self.session.accountability.of(side)

    def _editable(self) -> bool:
        try:
            self.session.ensure_editable()
        except CoalitionError as error:
            self.notify(str(error), severity="warning")
            return False
        return True

    def keep_field(self, field: Widget) -> None:
        if isinstance(field, PlanInput):
            self.record_field(field, field.value)
        elif isinstance(field, RoleAnswer):
            self.record_role_answer(field, field.value)
        elif isinstance(field, RhythmChoice):
            self.record_rhythm(field, field.rhythm)

    def record_field(self, field: PlanInput, value: str) -> None:
        """One field of a plan, into the session (nothing happens when it already says so)."""
        if self.locked(field.side):
            return
        plan = self._plan(field.owner)
        if field.field_name == "every_days":
            days = int(value) if value.isdigit() else 0
            if plan.every_days == days or not self._editable():
                return
            plan.set_every_days(days)
        elif field.index is not None:
            if field.index >= len(plan.commitments):
                return
            kept = stored_date(value) if field.field_name == "by_when" else value  # a date is kept as ISO
            if getattr(plan.commitments[field.index], field.field_name) == kept:
                return
            if not self._editable():
                return
            plan.set_commitment(field.index, field.field_name, value)
        else:
            kept = stored_date(value) if field.field_name == "first_checkin" else value
            if getattr(plan, field.field_name) == kept:
                return
            if not self._editable():
                return
            if field.field_name == "role_asked":
                before = plan.role_response
                plan.set_role(value)
                if before != plan.role_response:
                    self.query_one(f"#role-answer-{field.owner}", RoleAnswer).choose("")
            elif field.field_name == "checkin_time":
                plan.set_checkin_time(value)
            elif field.field_name == "first_checkin":
                plan.set_first_checkin(value)
            else:
                setattr(plan, field.field_name, value)
        if field.field_name in DATE_FIELDS:
            self._show_date_errors(field.owner)
        self._refresh_warnings(field.owner)
        self._show_next(field.owner)
        self.changed()

    def record_rhythm(self, choice: RhythmChoice, rhythm: str) -> None:
        """How often a partner's check-ins come, into the session; "every N days" asks for its N."""
        plan = self._plan(choice.owner)
        if plan.rhythm == rhythm or self.locked(choice.owner) or not self._editable():
            return
        plan.choose_rhythm(rhythm)
        self._show_rhythm(choice.owner)
        self._show_date_errors(choice.owner)
        self._refresh_warnings(choice.owner)
        self.changed()

    def record_role_answer(self, choice: RoleAnswer, value: str) -> None:
        plan = self._plan(choice.owner)
        if plan.role_response == value or self.locked(other(choice.owner)):
            return
        if self._editable():
            plan.answer_role(value)
            self.changed()
        self._show_note_row(choice.owner)
        self._refresh_warnings(choice.owner)

    @on(Button.Pressed, ".add-commitment")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        side = side_of(event.button)
        if side is not None:
            await self.add_commitment(side)

    async def on_remove_commitment_pressed(self, event: RemoveCommitment.Pressed) -> None:
        event.stop()
        await self.ask_remove(event.side, event.index)

    # -- adding and removing commitments --------------------------------------------

    def focused_side(self) -> Side:
        """Whose column has the focus (the plan's owner, not who answers a role in it)."""
        node: DOMNode | None = self.focused
        while node is not None:
            if isinstance(node, PlanColumn):
                return node.side
            node = node.parent
        return "a"

    async def action_add_commitment(self) -> None:
        await self.add_commitment(self.focused_side())

    async def action_remove_commitment(self) -> None:
        field = self.focused
        if not isinstance(field, PlanInput) or field.index is None or self.locked(field.owner):
            self.notify(_("Put the cursor in the commitment to remove, then press {key}.").format(key="F4"), timeout=5)
            return
        await self.ask_remove(field.owner, field.index)

    async def add_commitment(self, side: Side) -> None:
        """A new, empty commitment at the end of ``side``'s list, with the focus in its first field.

        Awaited by ctrl+o: the words typed just after it wait, then land in the new field.
        """
        if self.locked(side):
            mine = [s for s in SIDES if not self.locked(s)]
            if not mine:
                return
            side = mine[0]  # a joined partner's ctrl+o adds to their own plan, wherever the focus is
        if not self._editable():
            return
        plan = self._plan(side)
        index = plan.add_commitment()
        commitments = self.query_one(f"#commitments-{side}", CommitmentList)
        await commitments.mount(commitments.box(index, plan.commitments[index]))
        self._reindex(side)
        self._show_date_errors(side)
        self._refresh_warnings(side)
        self.changed()
        field = self.query_one(f"#what-{side}-{index}", Input)
        focus_now(field)
        if len(plan.listed()) >= MAX_COMMITMENTS:
            count = len(plan.listed())
            self.notify(
                ngettext(
                    "{name} has {n} commitment. That is plenty: make sure each one can really be carried.",
                    "{name} has {n} commitments. That is plenty: make sure each one can really be carried.",
                    count,
                ).format(name=self.session.name(side), n=count),
                title=_("A full plate"),
                severity="warning",
            )

    async def ask_remove(self, side: Side, index: int) -> None:
        """Remove a commitment; one that holds words asks first."""
        plan = self._plan(side)
        if index >= len(plan.commitments):
            return
        commitment = plan.commitments[index]
        if commitment.is_empty:
            await self.remove_commitment(side, index)
            return

        async def answered(yes: bool) -> None:
            if yes:
                await self.remove_commitment(side, index)

        self.app.push_screen(
            ConfirmScreen(
                _("Remove this commitment?"),
                _("{name}: {commitment} and its date and words will be removed.").format(
                    name=self.session.name(side), commitment=commitment.label(index)
                ),
                yes=_("Remove"),
                no=_("Keep it"),
                on_answer=answered,
            )
        )

    async def remove_commitment(self, side: Side, index: int) -> None:
        """Remove one; the list is built again, so every field knows its new place."""
        if self.locked(side) or not self._editable():
            return
        plan = self._plan(side)
        plan.remove_commitment(index)
        await self.query_one(f"#commitments-{side}", CommitmentList).recompose()
        self._reindex(side)
        self._show_date_errors(side)
        self._refresh_warnings(side)
        self.changed()
        if plan.commitments:
            focus_now(self.query_one(f"#what-{side}-{min(index, len(plan.commitments) - 1)}", Input))
        else:
            focus_opening_field(self.query_one(f"#plan-{side}"))

    # -- what the partners see ------------------------------------------------------------

    def _show_date_errors(self, side: Side) -> None:
        """A mistyped date: its field marked, the mistake said first in the note under it."""
        plan = self._plan(side)
        fields = self._parts(side).fields
        marks = {f"by_when-{side}-{index}": bool(date_problem(c.by_when)) for index, c in enumerate(plan.commitments)}
        marks[f"first_checkin-{side}"] = bool(date_problem(plan.first_checkin))
        marks[f"checkin_time-{side}"] = bool(time_problem(plan.checkin_time))
        marks[f"every_days-{side}"] = plan.rhythm == "days" and plan.chosen_cadence() is None
        for field_id, mistyped in marks.items():
            if (field := fields.get(field_id)) is not None:
                field.set_class(mistyped, "-invalid")

    def _show_rhythm(self, side: Side) -> None:
        """The field for N shows when "every N days" is the rhythm; the coming check-ins follow the choice."""
        every = self._plan(side).rhythm == "days"
        for widget in self._parts(side).days_row:
            widget.display = every
        self._show_next(side)

    def _show_next(self, side: Side) -> None:
        """The next check-ins by this plan: the dates its calendar event expands to."""
        box = self._parts(side).next_checkins
        if box is not None:
            dates = next_checkins(self.session.accountability, self.coalition.today(), NEXT_SHOWN, side=side)
            words = ", ".join(show_date(day) for day in dates)
            box.show(
                ngettext("Next check-in: {dates}", "Next check-ins: {dates}", len(dates)).format(dates=words)
                if dates
                else ""
            )

    def _show_note_row(self, side: Side) -> None:
        changing = self._plan(side).role_response == "change"
        for widget in self._parts(side).note_row:
            widget.display = changing

    def _refresh_warnings(self, side: Side) -> None:
        """Each note beside what it is about; under the column, how many there are (never "realistic" beside one)."""
        plan = self._plan(side)
        warnings = realism_warnings(self.session.accountability, side, self.coalition.today(), self.session.names)
        placed: dict[str, list[str]] = {}
        summary: list[str] = []
        for warning in warnings:
            if warning.index is not None:
                placed.setdefault(f"warn-{side}-{warning.index}", []).append(warning.message)
            elif warning.kind in ("no_checkin", "past_checkin", "bad_checkin", "bad_days", "bad_time"):
                placed.setdefault(f"warn-checkin-{side}", []).append(warning.message)
            elif warning.kind in ("role_unanswered", "role_change"):
                placed.setdefault(f"warn-role-{side}", []).append(warning.message)
            else:
                summary.append(warning.message)
        parts = self._parts(side)
        for note in parts.notes:
            note.show("\n".join(f"⚠ {message}" for message in placed.get(note.id or "", [])))
        box = parts.summary
        box.set_class(bool(warnings), "-warn")
        inline = len(warnings) - len(summary)
        if inline:
            summary.append(
                ngettext(
                    "{n} note on this plan, marked ⚠ where they apply.",
                    "{n} notes on this plan, marked ⚠ where they apply.",
                    inline,
                ).format(n=inline)
            )
        if summary:
            box.show("\n".join(f"⚠ {line}" for line in summary))
        elif plan.listed() or plan.has_structure:
            box.show("✔ " + _("This plan looks realistic."))
        else:
            box.show("")

    # -- edits from another machine ----------------------------------------------------------

    def show_remote(self, paths: set[str]) -> None:
        """A plan changed elsewhere: its fields show the new words; a changed list of commitments is rebuilt."""
        super().show_remote(paths)
        touched = {side for side in SIDES if any(p.startswith(f"accountability/{side}/") for p in paths)}
        for side in touched:
            plan = self._plan(side)
            boxes = self.query(f"#commitments-{side} CommitmentBox")
            if len(boxes) != len(plan.commitments):
                self.run_worker(self._rebuild_commitments(side))
            for field in self.query(PlanInput):
                if field.owner != side:
                    continue
                value = self._value_of(field)
                if value is not None and field.value != value and field is not self.focused:
                    with field.prevent(Input.Changed):
                        field.value = value
            for choice in self.query(RoleAnswer):
                if choice.owner == side and choice.value != plan.role_response:
                    choice.value = plan.role_response
            for rhythm in self.query(RhythmChoice):
                if rhythm.owner == side and rhythm.rhythm != plan.rhythm:
                    rhythm.value = plan.rhythm
            self._show_date_errors(side)
            self._show_note_row(side)
            self._show_rhythm(side)
            self._refresh_warnings(side)

    async def _rebuild_commitments(self, side: Side) -> None:
        await self.query_one(f"#commitments-{side}", CommitmentList).recompose()
        self._reindex(side)

    def _value_of(self, field: PlanInput) -> str | None:
        plan = self._plan(field.owner)
        if field.field_name == "every_days":
            return str(plan.every_days) if plan.every_days else ""
        if field.index is None:
            value = str(getattr(plan, field.field_name))
            return date_as_typed(value) if field.field_name == "first_checkin" else value
        if field.index < len(plan.commitments):
            value = str(getattr(plan.commitments[field.index], field.field_name))
            return date_as_typed(value) if field.field_name == "by_when" else value
        return None

    # -- the palette ------------------------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        if self.session.sealed:
            return []
        commands: list[Command] = []
        for side in SIDES:
            if self.locked(side):
                continue
            name = self.session.name(side)
            commands.append(
                (
                    _("Add a commitment for {name}").format(name=name),
                    _("A new, empty commitment in {name}'s column ({hint} for its date)").format(
                        name=name, hint=_(DATE_HINT)
                    ),
                    partial(self.add_commitment, side),
                )
            )
            for index, commitment in enumerate(self._plan(side).commitments):
                commands.append(
                    (
                        _("Remove {name}'s commitment {number}").format(name=name, number=index + 1),
                        _("{commitment}: asks first when it holds words").format(commitment=commitment.label(index)),
                        partial(self.ask_remove, side, index),
                    )
                )
        return commands
