"""Who is here, in a live session: one line under the header, each partner above their own pane.

It reads the live session (``remote/live.py``) and says, in words and shapes
(never colour alone): connected or gone, typing, and on a joiner's screen the
state of its own connection (with the seconds to the next try when it is lost).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Static

from coalition_tui.domain.partners import SIDE_MARKS, SIDES, Side
from coalition_tui.i18n import _, ngettext
from coalition_tui.widgets.plain import plain

if TYPE_CHECKING:
    from coalition_tui.remote.live import LiveSession

REFRESH_SECONDS = 0.5  # typing fades and the retry count goes down without anyone's key


def partner_words(live: LiveSession, side: Side) -> Text:
    """``● A · Ada  here · writing now`` or ``○ B · Ben  gone``: one partner's presence.

    Not "✎ typing": over a pane that mark says whose field has the focus on this machine.
    """
    name = live.session.name(side)
    line = Text()
    if live.may_write(side) and not live.hosting:
        line.append("● ", style="bold")
        line.append(f"{SIDE_MARKS[side]} · {name}  " + _("(you)"))  # Text.append: never markup
        return line
    presence = live.presence[side]
    line.append("● " if presence.connected else "○ ", style="bold")
    line.append(f"{SIDE_MARKS[side]} · {name}  ")
    if presence.connected:
        line.append(_("here"))
        if live.typing(side):
            line.append(" · " + _("writing now"), style="bold")
    else:
        line.append(_("gone") if presence.since else _("not joined yet"), style="italic")
    return line


def link_words(live: LiveSession) -> str:
    """The joiner's own connection, or the host's listening address."""
    if live.hosting:
        viewers = (
            " · " + ngettext("{count} watching", "{count} watching", live.viewers).format(count=live.viewers)
            if live.viewers
            else ""
        )
        address = f"{live.bind}:{live.record.port if live.record else ''}"
        return _("hosting on {address}").format(address=address) + viewers + " · F12 " + _("invitations")
    status = live.link.status if live.link else None
    if status is None or status.state == "connected":
        return _("connected to the host")
    if status.state == "waiting":
        left = max(0.0, status.retry_in - (live.monotonic() - status.since))
        retry = _("trying again in {seconds} s (try {attempt})").format(seconds=math.ceil(left), attempt=status.attempt)
        return " · ".join(("⚠ " + _("connection lost"), _("your words are kept here and sent when it is back"), retry))
    if status.state == "refused":
        return f"⚠ {status.message}"
    return "⚠ " + _("connecting to the host…")


class PresenceLine(Horizontal):
    """Each partner's presence over their half of the screen, and the connection at the right."""

    def __init__(self, live: LiveSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.live = live
        self._shown: tuple[str, ...] = ()

    def compose(self):
        for side in SIDES:
            yield Static("", id=f"presence-{side}", classes=f"presence-partner partner-{side}")
        yield Static("", id="presence-link", classes="presence-link")

    def on_mount(self) -> None:
        self.refresh_presence()
        self.set_interval(REFRESH_SECONDS, self.refresh_presence)

    def refresh_presence(self) -> None:
        if not self.is_mounted:
            return
        partners = [partner_words(self.live, side) for side in SIDES]
        words = link_words(self.live)
        shown = (*(text.plain for text in partners), words)
        if shown == self._shown:
            return  # called at every remote key: nothing to redraw unless something changed
        self._shown = shown
        for side, text in zip(SIDES, partners, strict=True):
            self.query_one(f"#presence-{side}", Static).update(text)
        link = self.query_one("#presence-link", Static)
        link.update(plain(words))
        warning = words.startswith("⚠")
        link.set_class(warning, "-warning")
        self.set_class(warning, "-offline")  # the whole line says so: it matters more than who is here
