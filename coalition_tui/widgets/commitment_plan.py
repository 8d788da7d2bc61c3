"""One partner's plan on the accountability screen: commitments, how they keep honest, the role asked.

A column per partner (:class:`PlanColumn`), laid out as grids of labels and
fields: this screen holds more widgets than any other, and each costs time
when it is built. Their look is the accountability screen's layout
(``styles/accountability.tcss``): they are used nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from coalition_tui.domain.accountability import (
    RHYTHM_LABELS,
    RHYTHMS,
    Commitment,
    PartnerAccountability,
    date_as_typed,
)
from coalition_tui.domain.partners import Side, other
from coalition_tui.domain.prompts import fill
from coalition_tui.i18n import N_, _
from coalition_tui.widgets.fields import WordsInput
from coalition_tui.widgets.labels import Note, PartnerTitle
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.status_choice import NumberedChoice, StatusChoice

ROLE_CHOICES = (("agreed", N_("Agrees")), ("change", N_("Wants a change")))
"""The answers to the role asked: id and label (translated where shown)."""


class PlanInput(WordsInput):
    """One field of one partner's plan.

    ``owner`` is whose plan it is; ``side`` is who types in it (the other partner,
    for their answer to the role asked of them). ``index`` is the commitment's
    place, when the field belongs to one.
    """

    def __init__(
        self, value: str, *, owner: Side, name: str, index: int | None = None, side: Side | None = None, **kwargs
    ) -> None:
        super().__init__(value, **kwargs)
        self.owner = owner
        self.side = side or owner
        self.field_name = name
        self.index = index


class RemoveCommitment(Static):
    """A click removes a commitment; by keyboard, F4 in it (or the palette). Not a stop for Tab."""

    @dataclass
    class Pressed(Message):
        side: Side
        index: int

    def __init__(self, side: Side, index: int) -> None:
        super().__init__("✕ " + _("remove"), classes="remove-commitment")
        self.tooltip = _("Remove this commitment (F4 with the cursor in it)")
        self.side = side
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Pressed(self.side, self.index))


class RoleAnswer(StatusChoice):
    """The other partner's answer to the role asked of them: it is theirs to give."""

    def __init__(self, owner: Side, value: str, *, disabled: bool = False) -> None:
        super().__init__(
            [(choice_id, _(label)) for choice_id, label in ROLE_CHOICES],
            value,
            side=other(owner),
            key="role",
            id=f"role-answer-{owner}",
            classes="role-answer",
            disabled=disabled,
        )
        self.owner = owner


def field(label: str, widget: Widget) -> ComposeResult:
    """A label and its field: two cells of a plan grid (see accountability.tcss)."""
    yield Label(plain(label), classes="field-label")
    yield widget


def note(note_id: str) -> Note:
    """A note under fields, across the grid: a date's mistake, or a realism warning."""
    return Note("", id=note_id, classes="plan-note")


COMMITMENT_INPUTS: tuple[tuple[str, str, str], ...] = (
    (N_("What"), "what", N_("what you will do")),
    (N_("By when"), "by_when", N_("YYYY-MM-DD")),
    (N_("Done when"), "done_when", N_("how you'll both know")),
)
"""Each commitment's inputs: label, the ``Commitment`` field it edits, placeholder (translated where shown)."""

STRUCTURE_INPUTS: tuple[tuple[str, str, str], ...] = (
    (N_("Time"), "checkin_time", N_("HH:MM, or all day")),
    (N_("Where, how"), "channel", N_("e.g. a Friday call")),
    (N_("1st check-in"), "first_checkin", N_("YYYY-MM-DD")),
)
"""The check-in structure's inputs under its rhythm: label, the ``PartnerAccountability`` field it edits,
placeholder (translated where shown)."""


class RhythmChoice(NumberedChoice):
    """How often a partner's check-ins come: chosen at once with ←/→ or 1–4, never a list to open.

    A drop-down opens in a later frame, so keys typed ahead of it (Enter, ↓, Enter in
    one burst) land on the wrong thing; here every key chooses as it arrives. Where the
    four choices fit on the line they are all shown; in a narrow column, the one
    chosen between arrows.
    """

    def __init__(self, owner: Side, value: str, *, hint: str | None = None, disabled: bool = False) -> None:
        super().__init__(
            [(rhythm, _(RHYTHM_LABELS[rhythm])) for rhythm in RHYTHMS if rhythm],
            value,
            hint=hint or _(RHYTHM_LABELS[""]),  # a protocol's hint for how often, shown until one is chosen
            side=owner,
            key="rhythm",
            id=f"rhythm-{owner}",
            classes="rhythm",
            disabled=disabled,
        )
        self.owner = owner

    @property
    def rhythm(self) -> str:
        """The rhythm chosen, ``""`` for none."""
        return self.value


def typed_cadence(side: Side, plan: PartnerAccountability) -> list[Widget]:
    """The words typed for how often before rhythms were chosen: shown under the choice, never lost."""
    words = plan.typed_words()
    if not words:
        return []
    return [
        Static("", classes=f"typed-cadence-row-{side}"),
        Static(
            plain(_("as written: “{words}”").format(words=words)),
            id=f"typed-cadence-{side}",
            classes=f"plan-typed typed-cadence-row-{side}",
        ),
    ]


class CommitmentBox(Vertical):
    """One commitment: what, by when, done when. Its place in the list is fixed for its life.

    A grid of labels and fields, not a row container per field: this screen holds
    more widgets than any other, and each one costs time when it is built.
    """

    def __init__(
        self, side: Side, index: int, commitment: Commitment, *, locked: bool, hints: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(classes="commitment plan-grid", id=f"commitment-{side}-{index}")
        self.side = side
        self.index = index
        self.commitment = commitment
        self.locked = locked
        self.hints = hints or {}

    def compose(self) -> ComposeResult:
        side, index, commitment, locked = self.side, self.index, self.commitment, self.locked
        yield Static(_("Commitment {number}").format(number=index + 1), classes="commitment-number")
        yield RemoveCommitment(side, index) if not locked else Static("")
        for label, name, placeholder in COMMITMENT_INPUTS:
            yield from field(
                _(label),
                PlanInput(
                    date_as_typed(commitment.by_when) if name == "by_when" else getattr(commitment, name),
                    owner=side,
                    name=name,
                    index=index,
                    placeholder=self.hints.get(name) or _(placeholder),
                    id=f"{name}-{side}-{index}",
                    disabled=locked,
                ),
            )
        yield note(f"warn-{side}-{index}")


class CommitmentList(Vertical):
    """One partner's commitments; a new one is mounted at the end, a removal rebuilds the list."""

    def __init__(
        self,
        side: Side,
        plan: PartnerAccountability,
        *,
        disabled: bool = False,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(id=f"commitments-{side}", classes="commitment-list")
        self.side = side
        self.plan = plan
        self.locked = disabled
        self.hints = hints or {}

    def box(self, index: int, commitment: Commitment) -> CommitmentBox:
        return CommitmentBox(self.side, index, commitment, locked=self.locked, hints=self.hints)

    def compose(self) -> ComposeResult:
        for index, commitment in enumerate(self.plan.commitments):
            yield self.box(index, commitment)


@dataclass
class PlanParts:
    """A column's widgets the screen changes as partners type, found in one walk of the column.

    Asked on every key: a query walks the whole screen, with its selectors, each time.
    """

    fields: dict[str, PlanInput]  # by id
    notes: list[Note]  # the notes beside what they are about (``.plan-note``)
    summary: Note  # under the column
    next_checkins: Note | None  # None until the rest of the plan is built
    days_row: list[Widget]  # the label and field for N in "every N days"
    note_row: list[Widget]  # the label and field for the change a partner would rather have

    @classmethod
    def of(cls, column: PlanColumn) -> PlanParts:
        fields: dict[str, PlanInput] = {}
        notes: list[Note] = []
        summary = next_checkins = None
        days_row: list[Widget] = []
        note_row: list[Widget] = []
        side = column.side
        for widget in column.walk_children(Widget):
            if isinstance(widget, PlanInput) and widget.id:
                fields[widget.id] = widget
            if isinstance(widget, Note):
                if widget.has_class("plan-note"):
                    notes.append(widget)
                elif widget.id == f"warnings-{side}":
                    summary = widget
                elif widget.id == f"next-checkins-{side}":
                    next_checkins = widget
            if widget.has_class(f"days-row-{side}"):
                days_row.append(widget)
            if widget.has_class(f"note-row-{side}"):
                note_row.append(widget)
        assert summary is not None, "every column has its summary"
        return cls(fields, notes, summary, next_checkins, days_row, note_row)


class PlanColumn(Vertical):
    """A partner's whole plan: titled by name, so colour is never the only cue."""

    def __init__(
        self,
        side: Side,
        name: str,
        other_name: str,
        plan: PartnerAccountability,
        *,
        locked: bool,
        answer_locked: bool | None = None,
        hints: Mapping[str, str] | None = None,
        whole: bool = False,
    ) -> None:
        super().__init__(id=f"plan-{side}", classes=f"plan-column partner-area partner-{side}")
        self.side = side
        self.whole = whole  # built whole at once, rather than the commitments first and ``rest()`` a frame later
        self.partner_name = name
        self.other_name = other_name
        self.plan = plan
        self.locked = locked
        # The answer to the role asked is the other partner's to give (in a live session, from their machine).
        self.answer_locked = locked if answer_locked is None else answer_locked
        self.hints = hints or {}  # the protocol's hints for the plan's fields; the app's own where it gives none

    def compose(self) -> ComposeResult:
        yield PartnerTitle(self.side, self.partner_name, classes="pane-title")
        with VerticalScroll(classes="plan-scroll", id=f"plan-scroll-{self.side}", can_focus=False):
            yield CommitmentList(self.side, self.plan, disabled=self.locked, hints=self.hints)
            if not self.locked:
                add = Button(
                    "+ " + _("Add a commitment") + " (ctrl+o)",
                    id=f"add-{self.side}",
                    classes="add-commitment",
                    compact=True,
                )
                add.can_focus = False  # an action: its key, or a click; never a stop for Tab (typing there is lost)
                yield add
            if self.whole:
                yield from self.rest()
        yield Note("", id=f"warnings-{self.side}", classes="plan-warnings")

    def _role_hint(self) -> str:
        them = self.other_name
        if hint := self.hints.get("role_asked"):
            return fill(hint, name=self.partner_name, other=them)
        return _("what you ask {name} to do for you").format(name=them)

    def rest(self) -> list[Widget]:
        """How they keep honest, and the role asked of the other: built a frame after the commitments.

        Each field takes a few milliseconds to build; building these after the first
        frame puts the phase on screen within its time, with what is read first.
        """
        side, plan, them, locked = self.side, self.plan, self.other_name, self.locked
        change_label, change_field = field(
            _("Would change"),
            PlanInput(
                plan.role_change_note,
                owner=side,
                side=other(side),
                name="role_change_note",
                placeholder=_("what {name} would rather").format(name=them),
                id=f"role_change_note-{side}",
                disabled=self.answer_locked,
            ),
        )
        change_label.add_class(f"note-row-{side}")
        change_field.add_class(f"note-row-{side}")
        # Shown as built (the screen keeps them so): the screen opens on a field nobody can see otherwise.
        change_label.display = change_field.display = plan.role_response == "change"
        days_label, days_field = field(
            _("Every … days"),
            PlanInput(
                str(plan.every_days) if plan.every_days else "",
                owner=side,
                name="every_days",
                placeholder=_("a number, like 10"),
                id=f"every_days-{side}",
                disabled=locked,
                restrict=r"[0-9]*",
                max_length=3,
                refusal=_("Every … days takes a number of days, like 10."),
            ),
        )
        days_label.add_class(f"days-row-{side}")
        days_field.add_class(f"days-row-{side}")
        days_label.display = days_field.display = plan.rhythm == "days"
        return [
            Static(_("Keeping honest"), classes="plan-section"),
            Vertical(
                *field(
                    _("How often"), RhythmChoice(side, plan.rhythm, hint=self.hints.get("cadence", ""), disabled=locked)
                ),
                *typed_cadence(side, plan),
                days_label,
                days_field,
                *(
                    widget
                    for label, name, placeholder in STRUCTURE_INPUTS
                    for widget in field(
                        _(label),
                        PlanInput(
                            date_as_typed(plan.first_checkin) if name == "first_checkin" else getattr(plan, name),
                            owner=side,
                            name=name,
                            placeholder=self.hints.get(name) or _(placeholder),
                            id=f"{name}-{side}",
                            disabled=locked,
                        ),
                    )
                ),
                note(f"warn-checkin-{side}"),
                Note("", id=f"next-checkins-{side}", classes="plan-next"),
                classes="plan-grid",
            ),
            Static(
                plain(_("The role {name} asks of {other}").format(name=self.partner_name, other=them)),
                classes="plan-section",
            ),
            PlanInput(
                plan.role_asked,
                owner=side,
                name="role_asked",
                placeholder=self._role_hint(),
                id=f"role_asked-{side}",
                disabled=locked,
            ),
            Vertical(
                *field(them, RoleAnswer(side, plan.role_response, disabled=self.answer_locked)),
                change_label,
                change_field,
                note(f"warn-role-{side}"),
                classes="plan-grid",
            ),
        ]
