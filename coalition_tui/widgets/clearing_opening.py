"""The clearing's opening, in three steps: each partner's commitment, what each wants the talk to do, the shared ground.

Each step's panes are built the first time the step is shown, and each pane
holds one answer for its whole life: a pane re-used for the next step would
file words typed just before ctrl+n under the step after.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from coalition_tui.domain.clearing import Opening, carried_goals
from coalition_tui.domain.partners import SIDES, Side
from coalition_tui.domain.prompts import OpeningTexts, fill_for
from coalition_tui.domain.session import Session
from coalition_tui.export.agreement import standing_details
from coalition_tui.i18n import _
from coalition_tui.widgets.fields import WordsArea
from coalition_tui.widgets.partner_pane import PartnerPane

Locked = Callable[[Side | None], bool]  # is this side's field read-only here (None: a shared field)?


def opening_texts(session: Session, step: str) -> OpeningTexts:
    """A step's words, from the session's protocol (``clearing.<step>``)."""
    return session.prompts.clearing.opening[step]


PARTNER_STEPS = ("commitment", "intention")
"""The opening steps where each partner writes their own words."""


def view_id(step: str) -> str:
    """The id of a step's view in the screen's switcher."""
    return f"view-{step}"


def for_side(session: Session, template: str, side: Side) -> str:
    """A template of the clearing's words with this partner's name and the other's filled in."""
    return fill_for(template, session.names, side)


def opening_words(opening: Opening, step: str) -> str:
    """What a partner wrote for one of the partner steps."""
    return opening.commitment if step == "commitment" else opening.intention


def set_opening_words(opening: Opening, step: str, text: str) -> bool:
    """Keep a partner's words for one of the partner steps; False when they were already kept."""
    if opening_words(opening, step) == text:
        return False
    if step == "commitment":
        opening.commitment = text
    else:
        opening.intention = text
    return True


def standing_text(session: Session) -> Text | None:
    """A clearing begun again: the open commitments it stands on (None if it has none)."""
    standing = session.clearing.standing
    if not standing:
        return None
    text = Text()
    text.append(_("The ground you stand on: your open commitments"), style="bold")
    for item in standing:
        text.append(f"\n  {session.name(item.side)}: ", style="bold")
        text.append(" ".join(item.what.split()))
        if details := standing_details(item):
            text.append(f" ({details})", style="dim")
    return text


def carried_text(session: Session) -> Text | None:
    """What alignment recorded about goals and vision, and a clearing begun again its ground (None if nothing)."""
    alignment = session.alignment
    titles = {prompt.id: prompt.short for prompt in session.prompts.alignment}
    carried = carried_goals(alignment.answers, titles, alignment.statuses)
    ground = standing_text(session)
    if not carried:
        return ground
    text = Text()
    if ground is not None:
        text.append_text(ground)
        text.append("\n\n")
    text.append(_("From your alignment"), style="bold")
    for title, texts in carried:
        text.append(f"\n{title}", style="italic")
        for side in SIDES:
            words = " ".join(texts[side].split())
            if not words:
                continue
            text.append(f"\n  {session.name(side)}: ", style="bold")
            text.append(words)
    return text


class OpeningPanes(Horizontal):
    """One partner step: each partner's pane side by side, holding that step's answer for its life."""

    def __init__(self, session: Session, step: str, *, locked: Locked | None = None) -> None:
        clearing = session.clearing
        locked = locked or (lambda side: session.sealed)
        words = opening_texts(session, step)
        super().__init__(
            *(
                PartnerPane(
                    side,
                    session.name(side),
                    opening_words(clearing.opening(side), step),
                    key=step,
                    label=for_side(session, words.label, side),
                    placeholder=for_side(session, words.placeholder, side),
                    read_only=locked(side),
                    id=f"{step}-{side}",
                )
                for side in SIDES
            ),
            id=view_id(step),
            classes="panes opening-panes",
        )


class SharedGround(Vertical):
    """The ground step: what alignment recorded, above the goals the pair writes together."""

    def __init__(self, session: Session, *, locked: Locked | None = None) -> None:
        carried = carried_text(session)
        area = WordsArea(
            session.clearing.shared_goals,
            id="shared-goals",
            read_only=locked(None) if locked else session.sealed,
            placeholder=opening_texts(session, "ground").placeholder,
        )
        area.border_title = _("The goals we share")
        super().__init__(
            VerticalScroll(
                Static(carried or "", id="carried-text"),
                id="carried",
                classes="-empty" if carried is None else "",
                can_focus=False,
            ),
            area,
            id=view_id("ground"),
        )
