"""Accountability: each partner's commitments, how they will keep honest, and the role asked.

Each partner has a column of their own: any number of commitments (what, by
when, how both will know it is done), the check-in structure (how often,
where or how, the first date) and the role they ask the other partner to
play. The other partner answers that role in the same column: they agree, or
ask to change it. Realism checks from the domain appear under each column as
gentle warnings; nothing here blocks moving on.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from coalition_tui.domain.accountability import (
    DATE_HINT,
    MAX_COMMITMENTS,
    PartnerAccountability,
    date_problem,
    realism_warnings,
)
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.domain.partners import SIDE_MARKS, SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.resources import session_styles
from coalition_tui.screens.palette import Command, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.confirm import ConfirmScreen
from coalition_tui.widgets.steady_footer import SteadyFooter

GUIDANCE = (
    "Each of you: what you'll do, by when, and how you'll both know it's done; "
    "how you'll check in; and the role you ask of the other."
)
DATE_FIELDS = ("by_when", "first_checkin")
COMMITMENT_FIELDS = ("what", "by_when", "done_when")
ROLE_CHOICES = [("agrees to this role", "agreed"), ("asks to change it", "change")]


class PlanInput(Input):
    """One field of one partner's plan; ``index`` is the commitment's place, when it is one."""

    def __init__(self, value: str, *, side: Side, name: str, index: int | None = None, **kwargs) -> None:
        super().__init__(value, compact=True, **kwargs)
        self.side = side
        self.field_name = name
        self.index = index


class RemoveCommitment(Button):
    def __init__(self, side: Side, index: int) -> None:
        super().__init__("✕ remove", compact=True, classes="remove-commitment", tooltip="Remove this commitment")
        self.side = side
        self.index = index


class RoleAnswer(Select[str]):
    """The other partner's answer to the role asked of them."""

    def __init__(self, side: Side, value: str, other_name: str) -> None:
        super().__init__(
            ROLE_CHOICES,
            prompt="has not answered yet",
            value=value if value in ("agreed", "change") else Select.NULL,
            compact=True,
            id=f"role-answer-{side}",
            classes="role-answer",
        )
        self.side = side


def field_row(label: str, field: Widget, error_id: str | None = None) -> ComposeResult:
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label", markup=False)
        yield field
    if error_id:
        yield Static("", id=error_id, classes="error -empty", markup=False)


class CommitmentList(Vertical):
    """One partner's commitments; recomposed when one is added or removed."""

    def __init__(self, side: Side, plan: PartnerAccountability, *, disabled: bool = False) -> None:
        super().__init__(id=f"commitments-{side}", classes="commitment-list")
        self.side = side
        self.plan = plan
        self.locked = disabled

    def compose(self) -> ComposeResult:
        side = self.side
        for index, commitment in enumerate(self.plan.commitments):
            with Vertical(classes="commitment", id=f"commitment-{side}-{index}"):
                with Horizontal(classes="commitment-head"):
                    yield Static(f"Commitment {index + 1}", classes="commitment-number", markup=False)
                    if not self.locked:
                        yield RemoveCommitment(side, index)
                yield from field_row("What", PlanInput(
                    commitment.what, side=side, name="what", index=index,
                    placeholder="what you will do", id=f"what-{side}-{index}", disabled=self.locked,
                ))
                yield from field_row("By when", PlanInput(
                    commitment.by_when, side=side, name="by_when", index=index,
                    placeholder="YYYY-MM-DD", id=f"by_when-{side}-{index}", disabled=self.locked,
                ), error_id=f"error-by_when-{side}-{index}")
                yield from field_row("Done when", PlanInput(
                    commitment.done_when, side=side, name="done_when", index=index,
                    placeholder="how you'll both know", id=f"done_when-{side}-{index}", disabled=self.locked,
                ))
                yield Static("", id=f"warn-{side}-{index}", classes="plan-note", markup=False)


class PlanColumn(Vertical):
    """A partner's whole plan: titled by name, so colour is never the only cue."""

    def __init__(self, side: Side, name: str, other_name: str, plan: PartnerAccountability, *, locked: bool) -> None:
        super().__init__(id=f"plan-{side}", classes=f"plan-column partner-{side}")
        self.side = side
        self.partner_name = name
        self.other_name = other_name
        self.plan = plan
        self.locked = locked

    def compose(self) -> ComposeResult:
        side, plan, them = self.side, self.plan, self.other_name
        yield Label(f"{SIDE_MARKS[side]} · {self.partner_name}", classes="pane-title", markup=False)
        with VerticalScroll(classes="plan-scroll"):
            yield CommitmentList(side, plan, disabled=self.locked)
            if not self.locked:
                yield Button("+ Add a commitment (ctrl+o)", id=f"add-{side}", classes="add-commitment", compact=True)
            yield Static("Keeping honest", classes="plan-section")
            yield from field_row("How often", PlanInput(
                plan.cadence, side=side, name="cadence", placeholder="e.g. every two weeks",
                id=f"cadence-{side}", disabled=self.locked,
            ))
            yield from field_row("Where, how", PlanInput(
                plan.channel, side=side, name="channel", placeholder="e.g. a Friday call",
                id=f"channel-{side}", disabled=self.locked,
            ))
            yield from field_row("1st check-in", PlanInput(
                plan.first_checkin, side=side, name="first_checkin", placeholder="YYYY-MM-DD",
                id=f"first_checkin-{side}", disabled=self.locked,
            ), error_id=f"error-first_checkin-{side}")
            yield Static("", id=f"warn-checkin-{side}", classes="plan-note", markup=False)
            yield Static(f"The role {self.partner_name} asks of {them}", classes="plan-section", markup=False)
            yield PlanInput(
                plan.role_asked, side=side, name="role_asked", placeholder=f"what you ask {them} to do for you",
                id=f"role_asked-{side}", disabled=self.locked,
            )
            yield from field_row(f"{them}", RoleAnswer(side, plan.role_response, them))
            with Vertical(id=f"note-row-{side}", classes="note-row"):
                yield from field_row("Would change", PlanInput(
                    plan.role_change_note, side=side, name="role_change_note",
                    placeholder=f"what {them} would rather", id=f"role_change_note-{side}", disabled=self.locked,
                ))
            yield Static("", id=f"warn-role-{side}", classes="plan-note", markup=False)
        yield Static("", id=f"warnings-{side}", classes="plan-warnings", markup=False)


class AccountabilityScreen(PhaseScreen):
    """Both partners' plans side by side, with realism checks under each."""

    PHASE = Phase.ACCOUNTABILITY
    CSS_PATH = session_styles("accountability.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+o", "add_commitment", "Add commitment", tooltip="Add a commitment for the partner whose column has focus"),
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        yield self.header()
        with Vertical(classes="phase-body", id="accountability"):
            yield Static(self.PHASE.title, classes="phase-title")
            yield Static(GUIDANCE, classes="guidance", id="acc-guidance")
            with Horizontal(classes="panes", id="plans"):
                for side in SIDES:
                    yield PlanColumn(
                        side, session.name(side), session.name(other(side)),
                        session.accountability.of(side), locked=session.sealed,
                    )
        yield SteadyFooter()

    def __init__(self, session) -> None:
        super().__init__(session)
        if not session.sealed:
            # An empty plan starts with one blank commitment to fill in (blank ones count for nothing).
            for side in SIDES:
                plan = session.accountability.of(side)
                if not plan.commitments:
                    plan.add_commitment()

    def on_mount(self) -> None:
        for side in SIDES:
            self._show_date_errors(side)
            self._show_note_row(side)
            self._refresh_warnings(side)
        if not self.session.sealed:
            self.query_one("#what-a-0", Input).focus()

    # -- what changed -------------------------------------------------------------

    def _plan(self, side: Side) -> PartnerAccountability:
        return self.session.accountability.of(side)

    def _editable(self) -> bool:
        try:
            self.session.ensure_editable()
        except CoalitionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return False
        return True

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field = event.input
        if not isinstance(field, PlanInput):
            return
        event.stop()
        plan = self._plan(field.side)
        value = event.value
        if field.index is not None:
            if field.index >= len(plan.commitments):
                return
            if getattr(plan.commitments[field.index], field.field_name) == value:
                return
            if not self._editable():
                return
            plan.set_commitment(field.index, field.field_name, value)
        else:
            if getattr(plan, field.field_name) == value:
                return
            if not self._editable():
                return
            if field.field_name == "role_asked":
                before = plan.role_response
                plan.set_role(value)
                if before != plan.role_response:
                    self.query_one(f"#role-answer-{field.side}", RoleAnswer).clear()
            else:
                setattr(plan, field.field_name, value)
        if field.field_name in DATE_FIELDS:
            self._show_date_errors(field.side)
        self._refresh_warnings(field.side)
        self.changed()

    @on(Select.Changed)
    def _role_answered(self, event: Select.Changed) -> None:
        select = event.select
        if not isinstance(select, RoleAnswer):
            return
        event.stop()
        plan = self._plan(select.side)
        value = "" if event.value is Select.NULL else str(event.value)
        if plan.role_response != value and self._editable():
            plan.answer_role(value)
            self.changed()
        self._show_note_row(select.side)
        self._refresh_warnings(select.side)

    @on(Button.Pressed, ".add-commitment")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_commitment(event.button.id.removeprefix("add-"))  # type: ignore[union-attr, arg-type]

    @on(Button.Pressed, ".remove-commitment")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        assert isinstance(button, RemoveCommitment)
        self.ask_remove(button.side, button.index)

    # -- adding and removing commitments --------------------------------------------

    def focused_side(self) -> Side:
        node = self.focused
        while node is not None:
            if isinstance(node, PlanColumn):
                return node.side
            node = node.parent  # type: ignore[assignment]
        return "a"

    async def action_add_commitment(self) -> None:
        await self.add_commitment(self.focused_side())

    async def add_commitment(self, side: Side) -> None:
        if not self._editable():
            return
        plan = self._plan(side)
        index = plan.add_commitment()
        await self.query_one(f"#commitments-{side}", CommitmentList).recompose()
        self._show_date_errors(side)
        self._refresh_warnings(side)
        self.changed()
        field = self.query_one(f"#what-{side}-{index}", Input)
        field.focus()
        self.call_after_refresh(field.scroll_visible)
        if len(plan.listed()) >= MAX_COMMITMENTS:
            self.notify(
                f"{self.session.name(side)} has {len(plan.listed())} commitments. That is plenty: "
                "make sure each one can really be carried.",
                title="A full plate", severity="warning", markup=False,
            )

    def ask_remove(self, side: Side, index: int) -> None:
        plan = self._plan(side)
        if index >= len(plan.commitments):
            return
        commitment = plan.commitments[index]
        if commitment.is_empty:
            self.run_worker(self.remove_commitment(side, index))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.remove_commitment(side, index))

        self.app.push_screen(
            ConfirmScreen(
                "Remove this commitment?",
                f"{self.session.name(side)}: {commitment.label(index)} and its date and words will be removed.",
                yes="Remove", no="Keep it",
            ),
            answered,
        )

    async def remove_commitment(self, side: Side, index: int) -> None:
        if not self._editable():
            return
        plan = self._plan(side)
        plan.remove_commitment(index)
        await self.query_one(f"#commitments-{side}", CommitmentList).recompose()
        self._show_date_errors(side)
        self._refresh_warnings(side)
        self.changed()
        if plan.commitments:
            self.query_one(f"#what-{side}-{min(index, len(plan.commitments) - 1)}", Input).focus()
        else:
            self.query_one(f"#add-{side}", Button).focus()

    # -- what the partners see ------------------------------------------------------------

    def _set_error(self, error_id: str, input_id: str, message: str) -> None:
        for error in self.query(f"#{error_id}"):
            assert isinstance(error, Static)
            error.update(f"⚠ {message}" if message else "")
            error.set_class(not message, "-empty")
        for field in self.query(f"#{input_id}"):
            field.set_class(bool(message), "-invalid")

    def _show_date_errors(self, side: Side) -> None:
        plan = self._plan(side)
        for index, commitment in enumerate(plan.commitments):
            self._set_error(f"error-by_when-{side}-{index}", f"by_when-{side}-{index}", date_problem(commitment.by_when))
        self._set_error(f"error-first_checkin-{side}", f"first_checkin-{side}", date_problem(plan.first_checkin))

    def _show_note_row(self, side: Side) -> None:
        self.query_one(f"#note-row-{side}").display = self._plan(side).role_response == "change"

    def _refresh_warnings(self, side: Side) -> None:
        """Each warning beside what it is about; under the column, how many there are."""
        names = {"a": self.session.partner_a, "b": self.session.partner_b}
        plan = self._plan(side)
        warnings = [
            w for w in realism_warnings(self.session.accountability, side, self.coalition.today(), names)
            if w.kind not in ("bad_date", "bad_checkin")  # those show beside the field itself
        ]
        placed: dict[str, list[str]] = {}
        summary: list[str] = []
        for warning in warnings:
            if warning.index is not None:
                placed.setdefault(f"warn-{side}-{warning.index}", []).append(warning.message)
            elif warning.kind in ("no_checkin", "past_checkin"):
                placed.setdefault(f"warn-checkin-{side}", []).append(warning.message)
            elif warning.kind in ("role_unanswered", "role_change"):
                placed.setdefault(f"warn-role-{side}", []).append(warning.message)
            else:
                summary.append(warning.message)
        for note in self.query(f"#plan-{side} .plan-note"):
            assert isinstance(note, Static)
            messages = placed.get(note.id or "", [])
            note.update("\n".join(f"⚠ {message}" for message in messages))
            note.display = bool(messages)
        box = self.query_one(f"#warnings-{side}", Static)
        box.set_class(bool(warnings), "-warn")
        inline = len(warnings) - len(summary)
        if inline:
            summary.append(f"{inline} note{'s' if inline != 1 else ''} on this plan, marked ⚠ where they apply.")
        if summary:
            box.update("\n".join(f"⚠ {line}" for line in summary))
            box.display = True
        elif plan.listed() or plan.has_structure:
            box.update("✔ This plan looks realistic.")
            box.display = True
        else:
            box.update("")
            box.display = False

    # -- the palette ------------------------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        if self.session.sealed:
            return []
        return [
            (
                f"Add a commitment for {self.session.name(side)}",
                f"A new, empty commitment in {self.session.name(side)}'s column ({DATE_HINT} for its date)",
                lambda side=side: self.run_worker(self.add_commitment(side)),
            )
            for side in SIDES
        ]
