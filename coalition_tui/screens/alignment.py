"""Part one: the alignment dialogue, six prompts answered side by side.

Each prompt sits above two panes, one per partner. ctrl+n / ctrl+r move between
the prompts and, past the first or last, between phases. Every keystroke goes
into ``session.alignment`` and is saved shortly after; reopening the session
comes back to the same prompt with the same words.

A prompt's panes are built the first time it is shown (a text area costs about
as much to build as the rest of the screen), and each pane keeps one answer for
its whole life. Each prompt opens with focus in partner A's answer, or the first
answer still empty (``screens/focus.py``).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.phases import Phase
from coalition_tui.domain.prompts import Prompt, fill_for
from coalition_tui.domain.session import Session
from coalition_tui.i18n import N_, _
from coalition_tui.remote.paths import join_path
from coalition_tui.resources import session_styles
from coalition_tui.screens.focus import focus_now, focus_opening_field, side_of
from coalition_tui.screens.palette import Command, OffersCommands, ScreenCommands
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.widgets.labels import QuietText
from coalition_tui.widgets.partner_pane import PartnerPane
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.status_choice import StatusChoice, StatusPane
from coalition_tui.widgets.steady_footer import SteadyFooter

# How far a prompt has got, by shape: nobody, one partner, both partners.
PROGRESS_MARKS = {0: "○", 1: "◐", 2: "✔"}


REVEAL_KEY = "f10"
SHORT_HEIGHT = 24  # below this many rows the hint gives way to the panes
TALL_HEIGHT = 40  # from this many rows the presented prompt gets more room


def pane_id(prompt_id: str, side: Side, part: str = "") -> str:
    return f"answer-{prompt_id}-{part + '-' if part else ''}{side}"


class AlignmentScreen(PhaseScreen, OffersCommands):
    """The six alignment prompts, one at a time, both partners' answers side by side."""

    PHASE = Phase.ALIGNMENT
    CSS_PATH = session_styles("alignment.tcss")
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding(
            REVEAL_KEY,
            "reveal",
            N_("Ready"),
            tooltip=N_("Write first, reveal together: ready for both answers to show"),
            priority=True,
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.prompts: tuple[Prompt, ...] = self.session.prompts.alignment
        self.session.alignment.go_to(self.session.alignment.prompt_index, len(self.prompts))

    # -- building ----------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self.session.alignment.prompt_index

    @property
    def prompt(self) -> Prompt:
        return self.prompts[self.index]

    def _texts(self, template: str, side: Side) -> str:
        return fill_for(template, self.session.names, side)

    def compose(self) -> ComposeResult:
        yield from self.header_rows()
        with Vertical(classes="phase-body", id="alignment"):
            progress = QuietText(id="align-progress")
            progress.tooltip = _("▶ this prompt · ✔ both have answered · ◐ one has · ○ not yet")
            yield progress
            with Vertical(id="align-prompt"):
                yield Static(id="align-question")
                yield Static(id="align-hint")
            with ContentSwitcher(id="align-prompts", initial=self._view_id(self.prompt)):
                yield self._prompt_view(self.prompt)
        yield SteadyFooter()

    @staticmethod
    def _view_id(prompt: Prompt) -> str:
        return f"prompt-{prompt.id}"

    def _prompt_view(self, prompt: Prompt) -> Horizontal:
        """Both partners' panes for one prompt (composed when it is first shown)."""
        return Horizontal(
            *(self._pane(prompt, side) for side in SIDES),
            id=self._view_id(prompt),
            classes=f"panes prompt-panes kind-{prompt.kind}",
        )

    def _pane(self, prompt: Prompt, side: Side) -> Vertical:
        """One partner's side of a prompt: a pane, a pane with a choice, or a column of panes."""
        alignment = self.session.alignment
        name = self.session.name(side)
        read_only = self.locked(side)
        if prompt.kind == "parts":
            return Vertical(
                *(
                    PartnerPane(
                        side,
                        name,
                        alignment.answer(f"{prompt.id}.{part.id}", side),
                        key=f"{prompt.id}.{part.id}",
                        label=self._texts(part.label, side),
                        placeholder=self._texts(part.placeholder, side),
                        read_only=read_only,
                        id=pane_id(prompt.id, side, part.id),
                        classes="partner-area",
                    )
                    for part in prompt.parts
                ),
                classes=f"partner-column partner-{side}",
            )
        if prompt.has_status:
            return StatusPane(
                side,
                name,
                alignment.answer(prompt.id, side),
                key=prompt.id,
                choices=[(c.id, c.label) for c in prompt.choices],
                status=alignment.status(prompt.id, side),
                label=self._texts(prompt.label, side),
                placeholder=self._texts(prompt.placeholder, side),
                read_only=read_only,
                id=pane_id(prompt.id, side),
                classes="partner-area",
            )
        return PartnerPane(
            side,
            name,
            alignment.answer(prompt.id, side),
            key=prompt.id,
            label=self._texts(prompt.label, side),
            placeholder=self._texts(prompt.placeholder, side),
            read_only=read_only,
            id=pane_id(prompt.id, side),
            classes="partner-area",
        )

    def on_mount(self, event: events.Mount) -> None:
        self._fit(self.app.size.height)
        self._show_words()
        focus_opening_field(self.query_one(f"#{self._view_id(self.prompt)}"))
        self.show_covers()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height >= TALL_HEIGHT, "-tall")

    # -- showing a prompt ----------------------------------------------------------------

    def progress_text(self) -> Text:
        """``Prompt 3 of 6 · Commitments   ✔1 ✔2 ▶3 ◐4 ○5 ○6`` (shape, not colour)."""
        quiet = self.query_one("#align-progress", QuietText).quiet
        counts = self.session.alignment.progress(self.prompts)
        line = Text()
        where = _("Prompt {number} of {count}").format(number=self.index + 1, count=len(self.prompts))
        line.append(where, style="bold")
        line.append(f" · {self.prompt.short}")
        if self.session.sealed:
            line.append("  · " + _("read-only"), style="italic")
        line.append("   ")
        for number, count in enumerate(counts, 1):
            if number > 1:
                line.append(" ")
            if number - 1 == self.index:
                line.append(f"▶{number}", style="bold reverse")
            else:
                line.append(f"{PROGRESS_MARKS[count]}{number}", style="" if count else quiet)
        return line

    _progress_shown = ""

    def refresh_progress(self, progress: Text | None = None) -> None:
        progress = progress or self.progress_text()
        self._progress_shown = progress.plain
        self.query_one("#align-progress", QuietText).update(progress)

    async def show_prompt(self, index: int) -> None:
        """Show prompt ``index`` (0-based), building its panes the first time, and open it on its first field.

        Awaited by the keys that call it: keys typed meanwhile wait in the app's
        queue and reach the new prompt's field, not the one being left.
        """
        before = self.index
        self.session.alignment.go_to(index, len(self.prompts))
        if self.index != before:
            self.changed()
        prompt = self.prompt
        switcher = self.query_one("#align-prompts", ContentSwitcher)
        view_id = self._view_id(prompt)
        if not switcher.query_children(f"#{view_id}"):
            view = self._prompt_view(prompt)
            view.display = False  # shown by the switcher, never beside the prompt being left
            await switcher.mount(view)
        switcher.current = view_id
        self._show_words()
        focus_opening_field(switcher.query_one(f"#{view_id}"))
        self.show_covers()

    def _show_words(self) -> None:
        prompt = self.prompt
        self.query_one("#align-question", Static).update(plain(prompt.question))
        hint = self.query_one("#align-hint", Static)
        hint.update(plain(prompt.hint))
        hint.set_class(not prompt.hint, "-empty")
        self.refresh_progress()

    # -- write first, reveal together -------------------------------------------------------------

    def _writer(self) -> Side | None:
        """Whose answer this machine is writing now: a joined partner's own, else the pane with the focus."""
        live = self.coalition.live
        if live is not None and not live.hosting:
            return live.place if live.place in SIDES else None
        return side_of(self.focused)

    def cover_words(self, side: Side) -> str | None:
        """The cover over ``side``'s answer to this prompt, or None when it shows.

        Only in a session that writes first and reveals together, until both are
        ready. At one terminal the pane not being typed into is covered ("look
        away"); on a joined partner's machine, the other partner's; a viewer's,
        both.
        """
        session, prompt = self.session, self.prompt
        if not session.reveal_together or session.sealed or session.alignment.shown_together(prompt.id):
            return None
        writer = self._writer()
        if writer == side:
            return None
        name = session.name(side)
        if session.alignment.ready(prompt.id, side):
            whose = _("Look away: this is {name}'s answer ({name} is ready).").format(name=name)
        else:
            whose = _("Look away: this is {name}'s answer ({name} is still writing).").format(name=name)
        how = _("Both answers show when both of you are ready: {key} in your own pane.").format(key=REVEAL_KEY.upper())
        return f"{whose}\n{how}"

    def show_covers(self) -> None:
        view = self.query_one(f"#{self._view_id(self.prompt)}")
        live = self.coalition.live
        lifts = live is None or live.hosting  # at one keyboard, Tab onto a cover is the other partner's turn
        for pane in view.query(PartnerPane):
            pane.cover(self.cover_words(pane.side), lifts=lifts)

    def watch_focused(self, focused: Widget | None) -> None:
        super().watch_focused(focused)
        if self.session.reveal_together and self.is_mounted:
            self.show_covers()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            session = self.session
            return (
                session.reveal_together and not session.sealed and not session.alignment.shown_together(self.prompt.id)
            )
        return super().check_action(action, parameters)

    def action_reveal(self) -> None:
        """F10: this partner is ready for both answers to show."""
        side = self._writer()
        if side is None or self.locked(side):
            self.notify(_("Press {key} in your own pane when you are ready.").format(key=REVEAL_KEY.upper()), timeout=4)
            return
        self.session.alignment.reveal(self.prompt.id, side)
        self.changed()
        self.show_covers()
        self.refresh_bindings()
        if not self.session.alignment.shown_together(self.prompt.id):
            other_side: Side = "b" if side == "a" else "a"
            self.notify(
                _("Ready. Both answers show once {name} is ready too.").format(name=self.session.name(other_side)),
                timeout=4,
            )

    def reveal_both(self) -> None:
        """The host shows both answers now (palette)."""
        if self.host_drives():
            return
        self.session.alignment.reveal_both(self.prompt.id)
        self.changed()
        self.show_covers()
        self.refresh_bindings()

    def toggle_reveal_together(self) -> None:
        """Palette: this session writes first and reveals together, or shows both answers as typed."""
        if self.host_drives():
            return
        self.session.reveal_together = not self.session.reveal_together
        self.changed()
        self.show_covers()
        self.refresh_bindings()

    # -- moving between prompts (ctrl+n / ctrl+r) -------------------------------------------

    async def action_next_step(self) -> None:
        if self.host_drives():
            return
        if self.index < len(self.prompts) - 1:
            await self.show_prompt(self.index + 1)
        else:
            await super().action_next_step()

    async def action_previous_step(self) -> None:
        if self.host_drives():
            return
        if self.index > 0:
            await self.show_prompt(self.index - 1)
        elif self.session.phase_index == 0:
            self.notify(_("This is the first prompt of the session."), timeout=3)
        else:
            await super().action_previous_step()

    async def go_to_prompt(self, number: int) -> None:
        """Jump to prompt ``number`` (1-based), e.g. from the command palette."""
        if not self.host_drives():
            await self.show_prompt(number - 1)

    # -- recording answers ------------------------------------------------------------------

    def record_words(self, side: Side, key: str, text: str) -> None:
        alignment = self.session.alignment
        if self.locked(side) or not key:
            return
        if alignment.answer(key, side) != text:
            alignment.set_answer(key, side, text)
            self.changed()
        progress = self.progress_text()
        if progress.plain != self._progress_shown:
            self.refresh_progress(progress)

    def record_status(self, side: Side, key: str, value: str) -> None:
        alignment = self.session.alignment
        if self.locked(side) or alignment.status(key, side) == value:
            return
        alignment.set_status(key, side, value)
        self.changed()
        self.refresh_progress()

    def keep_field(self, field: Widget) -> None:
        if isinstance(field, StatusChoice):
            self.record_status(field.side, field.key, field.value)
        else:
            super().keep_field(field)

    async def set_status(self, side: Side, value: str) -> None:
        """Record a partner's yes / partly / not yet (palette), and show it."""
        prompt = next(p for p in self.prompts if p.has_status)
        await self.show_prompt(prompt.number - 1)
        choice = self.query_one(f"#{pane_id(prompt.id, side)}", StatusPane).choice
        choice.choose(value)
        focus_now(choice)

    # -- edits from another machine -----------------------------------------------------------

    def words_at(self, side: Side, key: str) -> tuple[str, str] | None:
        if not key:
            return None
        return join_path("alignment", "answers", key, side), self.session.alignment.answer(key, side)

    def show_remote(self, paths: set[str]) -> None:
        super().show_remote(paths)
        for choice in self.query(StatusChoice):
            status = self.session.alignment.status(choice.key, choice.side)
            if choice.value != status:
                choice.value = status  # no message: the session already holds it
        if self.query_one("#align-prompts", ContentSwitcher).current != self._view_id(self.prompt):
            self.call_later(self.show_prompt, self.index)  # the host moved to another prompt
            return
        # Most remote changes are a partner's next letter: redraw only what it can change.
        progress = self.progress_text()
        if progress.plain != self._progress_shown:
            self.refresh_progress(progress)
        if self.session.reveal_together or any(
            path.startswith(("reveal_together", "alignment/revealed/")) for path in paths
        ):
            self.show_covers()
            self.refresh_bindings()

    # -- the command palette ------------------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            (
                _("Next prompt"),
                _("Show the next alignment prompt ({key})").format(key="ctrl+n"),
                self.action_next_step,
            ),
            (
                _("Previous prompt"),
                _("Show the previous alignment prompt ({key})").format(key="ctrl+r"),
                self.action_previous_step,
            ),
        ]
        if not self.session.sealed and self.coalition.drives:
            together = self.session.reveal_together
            commands.append(
                (
                    _("Write first, reveal together: off") if together else _("Write first, reveal together: on"),
                    _("Each partner's answer stays covered from the other until both are ready")
                    if not together
                    else _("Both answers show as they are typed"),
                    self.toggle_reveal_together,
                )
            )
            if together:
                commands.append(
                    (_("Reveal both answers now"), _("Show both partners' answers to this prompt"), self.reveal_both)
                )
        if self.session.reveal_together and not self.session.sealed:
            commands.append(
                (
                    _("I am ready: reveal"),
                    _("Ready for both answers to show ({key})").format(key=REVEAL_KEY.upper()),
                    self.action_reveal,
                )
            )
        for prompt in self.prompts:
            commands.append(
                (
                    _("Go to prompt {number}: {short}").format(number=prompt.number, short=prompt.short),
                    prompt.question,
                    partial(self.go_to_prompt, prompt.number),
                )
            )
        if not self.session.sealed:
            for prompt in self.prompts:
                if not prompt.has_status:
                    continue
                for side in SIDES:
                    if self.locked(side):
                        continue
                    for choice in prompt.choices:
                        commands.append(
                            (
                                f"{self.session.name(side)}: {prompt.short} {choice.label}",
                                _("Record '{choice}' for {name} on prompt {number}").format(
                                    choice=choice.label, name=self.session.name(side), number=prompt.number
                                ),
                                partial(self.set_status, side, choice.id),
                            )
                        )
        return commands
