"""Part one: the alignment dialogue, six prompts answered side by side.

Each prompt sits above two panes, one per partner. ctrl+n / ctrl+r move between
the prompts and, past the first or last, between phases. Every keystroke goes
into ``session.alignment`` and is saved shortly after; reopening the session
comes back to the same prompt with the same words.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from coalition_tui.domain.partners import SIDES, Side, other
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import Prompt, fill, load_prompts
from coalition_tui.domain.session import Session
from coalition_tui.resources import session_styles
from coalition_tui.screens.palette import Command, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.partner_pane import PartnerPane
from coalition_tui.widgets.status_choice import StatusChoice, StatusPane
from coalition_tui.widgets.steady_footer import SteadyFooter

# How far a prompt has got, by shape: nobody, one partner, both partners.
PROGRESS_MARKS = {0: "○", 1: "◐", 2: "✔"}


SHORT_HEIGHT = 24  # below this many rows the hint gives way to the panes
TALL_HEIGHT = 40  # from this many rows the presented prompt gets more room


def pane_id(prompt_id: str, side: Side, part: str = "") -> str:
    return f"answer-{prompt_id}-{part + '-' if part else ''}{side}"


class AlignmentScreen(PhaseScreen):
    """The six alignment prompts, one at a time, both partners' answers side by side."""

    PHASE = Phase.ALIGNMENT
    CSS_PATH = session_styles("alignment.tcss")
    COMMANDS = {ScreenCommands}

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.prompts: tuple[Prompt, ...] = load_prompts().alignment
        self.session.alignment.go_to(self.session.alignment.prompt_index, len(self.prompts))

    # -- building ----------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self.session.alignment.prompt_index

    @property
    def prompt(self) -> Prompt:
        return self.prompts[self.index]

    def _texts(self, template: str, side: Side) -> str:
        return fill(template, name=self.session.name(side), other=self.session.name(other(side)))

    def compose(self) -> ComposeResult:
        yield self.header()
        with Vertical(classes="phase-body", id="alignment"):
            progress = Static(id="align-progress", markup=False)
            progress.tooltip = "▶ this prompt · ✔ both have answered · ◐ one has · ○ not yet"
            yield progress
            with Vertical(id="align-prompt"):
                yield Static(id="align-question", markup=False)
                yield Static(id="align-hint", markup=False)
            with ContentSwitcher(id="align-prompts", initial=f"prompt-{self.prompt.id}"):
                for prompt in self.prompts:
                    with Horizontal(id=f"prompt-{prompt.id}", classes=f"panes prompt-panes kind-{prompt.kind}"):
                        for side in SIDES:
                            yield from self._panes(prompt, side)
        yield SteadyFooter()

    def _panes(self, prompt: Prompt, side: Side) -> ComposeResult:
        alignment = self.session.alignment
        name = self.session.name(side)
        read_only = self.session.sealed
        if prompt.kind == "parts":
            with Vertical(classes=f"partner-column partner-{side}"):
                for part in prompt.parts:
                    key = f"{prompt.id}.{part.id}"
                    yield PartnerPane(
                        side, name, alignment.answer(key, side), key=key,
                        label=self._texts(part.label, side),
                        placeholder=self._texts(part.placeholder, side),
                        read_only=read_only, id=pane_id(prompt.id, side, part.id),
                    )
        elif prompt.has_status:
            yield StatusPane(
                side, name, alignment.answer(prompt.id, side), key=prompt.id,
                choices=[(c.id, c.label) for c in prompt.choices],
                status=alignment.status(prompt.id, side),
                label=self._texts(prompt.label, side),
                placeholder=self._texts(prompt.placeholder, side),
                read_only=read_only, id=pane_id(prompt.id, side),
            )
        else:
            yield PartnerPane(
                side, name, alignment.answer(prompt.id, side), key=prompt.id,
                label=self._texts(prompt.label, side),
                placeholder=self._texts(prompt.placeholder, side),
                read_only=read_only, id=pane_id(prompt.id, side),
            )

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.show_prompt(self.index, focus_side="a")

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height >= TALL_HEIGHT, "-tall")

    # -- showing a prompt ----------------------------------------------------------------

    def progress_text(self) -> Text:
        """``Prompt 3 of 6 · Commitments   ✔1 ✔2 ▶3 ◐4 ○5 ○6`` (shape, not colour)."""
        counts = self.session.alignment.progress(self.prompts)
        line = Text()
        line.append(f"Prompt {self.index + 1} of {len(self.prompts)}", style="bold")
        line.append(f" · {self.prompt.short}")
        if self.session.sealed:
            line.append("  · read-only", style="italic")
        line.append("   ")
        for number, count in enumerate(counts, 1):
            if number > 1:
                line.append(" ")
            if number - 1 == self.index:
                line.append(f"▶{number}", style="bold reverse")
            else:
                line.append(f"{PROGRESS_MARKS[count]}{number}", style="" if count else "dim")
        return line

    def refresh_progress(self) -> None:
        self.query_one("#align-progress", Static).update(self.progress_text())

    def show_prompt(self, index: int, *, focus_side: Side | None = None) -> None:
        """Show prompt ``index`` (0-based); keep the focus on the same partner's side."""
        side = focus_side or self._focused_side() or "a"
        before = self.index
        self.session.alignment.go_to(index, len(self.prompts))
        if self.index != before:
            self.changed()
        prompt = self.prompt
        self.query_one("#align-prompts", ContentSwitcher).current = f"prompt-{prompt.id}"
        self.query_one("#align-question", Static).update(prompt.question)
        hint = self.query_one("#align-hint", Static)
        hint.update(prompt.hint)
        hint.set_class(not prompt.hint, "-empty")
        self.refresh_progress()
        self._focus_side(side)

    def _focused_side(self) -> Side | None:
        widget: Widget | None = self.focused
        while widget is not None:
            if isinstance(widget, PartnerPane):
                return widget.side
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return None

    def _focus_side(self, side: Side) -> None:
        """Focus this partner's first place to answer (the choice, on the status prompt)."""
        container = self.query_one(f"#prompt-{self.prompt.id}")
        candidates = [*container.query(f".partner-{side} StatusChoice"), *container.query(f".partner-{side} PartnerText")]
        for widget in candidates:
            if widget.focusable:
                widget.focus(scroll_visible=False)
                return

    # -- moving between prompts (ctrl+n / ctrl+r) -------------------------------------------

    def action_next_step(self) -> None:
        if self.index < len(self.prompts) - 1:
            self.show_prompt(self.index + 1)
        else:
            super().action_next_step()

    def action_previous_step(self) -> None:
        if self.index > 0:
            self.show_prompt(self.index - 1)
        elif self.session.phase_index == 0:
            self.notify("This is the first prompt of the session.", timeout=3)
        else:
            super().action_previous_step()

    def go_to_prompt(self, number: int) -> None:
        """Jump to prompt ``number`` (1-based), e.g. from the command palette."""
        self.show_prompt(number - 1)

    # -- recording answers ------------------------------------------------------------------

    def on_partner_pane_changed(self, event: PartnerPane.Changed) -> None:
        event.stop()
        if self.session.sealed or not event.key:
            return
        self.session.alignment.set_answer(event.key, event.side, event.text)
        self.changed()
        self.refresh_progress()

    def on_status_choice_changed(self, event: StatusChoice.Changed) -> None:
        event.stop()
        if self.session.sealed:
            return
        self.session.alignment.set_status(event.key, event.side, event.value)
        self.changed()
        self.refresh_progress()

    def set_status(self, side: Side, value: str) -> None:
        """Record a partner's yes / partly / not yet (palette), and show it."""
        prompt = next(p for p in self.prompts if p.has_status)
        self.show_prompt(prompt.number - 1, focus_side=side)
        self.query_one(f"#{pane_id(prompt.id, side)}", StatusPane).choice.choose(value)

    # -- the command palette ------------------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            ("Next prompt", "Show the next alignment prompt (ctrl+n)", self.action_next_step),
            ("Previous prompt", "Show the previous alignment prompt (ctrl+r)", self.action_previous_step),
        ]
        for prompt in self.prompts:
            commands.append((
                f"Go to prompt {prompt.number}: {prompt.short}",
                prompt.question,
                lambda n=prompt.number: self.go_to_prompt(n),
            ))
        if not self.session.sealed:
            for prompt in self.prompts:
                if not prompt.has_status:
                    continue
                for side in SIDES:
                    for choice in prompt.choices:
                        commands.append((
                            f"{self.session.name(side)}: {prompt.short} {choice.label}",
                            f"Record {choice.label!r} for {self.session.name(side)} on prompt {prompt.number}",
                            lambda s=side, c=choice.id: self.set_status(s, c),
                        ))
        return commands
