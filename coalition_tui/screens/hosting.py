"""F12 in a hosted session: one invitation per person, who is here, and the host's switches.

Each line is what that person pastes after ``coalition join``. The keys in
them are secrets: whoever holds partner A's line writes as partner A, so each
goes to its own person by a private channel (a direct message, not the
call's shared chat), and ``r`` replaces them all if one went astray.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coalition_tui.i18n import N_, _, ngettext
from coalition_tui.remote.invitation import LOOPBACK
from coalition_tui.remote.live import LiveSession
from coalition_tui.resources import session_styles
from coalition_tui.textual_ext.translated_bindings import TranslatedBindings
from coalition_tui.widgets.plain import plain
from coalition_tui.widgets.presence import partner_words

WHO = {"a": N_("partner A"), "b": N_("partner B"), "viewer": N_("a viewer (reads only)")}


def invitation_lines(live: LiveSession) -> list[tuple[str, str]]:
    """(who, the command they run) for each role."""
    names = live.session.names
    lines = []
    for role, invitation in live.invitations().items():
        who = f"{names[role]}, {_(WHO[role])}" if role in names else _(WHO[role])
        lines.append((who, f"coalition join '{invitation.address()}'"))
    return lines


class HostingScreen(TranslatedBindings, ModalScreen[None]):
    """The invitations of a hosted session, and who has joined."""

    CSS_PATH = session_styles("live.tcss")
    BINDINGS = [
        Binding("escape,f12", "close", N_("Close"), priority=True),
        Binding("f", "toggle_floor", N_("Partners' floor keys")),
        Binding("r", "replace", N_("New invitations")),
    ]

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        with Vertical(id="hosting-box"):
            yield Static(_("Partners on their own computers"), id="hosting-title")
            yield Static(id="hosting-warning")
            with VerticalScroll(id="hosting-lines"):
                for index, (who, line) in enumerate(invitation_lines(self.live)):
                    yield Static(plain(who), classes="hosting-who")
                    yield Static(plain(line), classes="hosting-line", id=f"hosting-line-{index}")
            yield Static(id="hosting-here")
            yield Static(id="hosting-keys")

    def on_mount(self) -> None:
        self.show_state()
        self.set_interval(0.5, self.show_state)

    def show_state(self) -> None:
        live = self.live
        here = Text()
        for side in ("a", "b"):
            here.append_text(partner_words(live, side))
            here.append("    ")
        if live.viewers:
            here.append(
                ngettext("{count} viewer watching", "{count} viewers watching", live.viewers).format(count=live.viewers)
            )
        self.query_one("#hosting-here", Static).update(here)
        warning = ""
        if live.bind not in LOOPBACK and not live.tls:
            warning = _("Not encrypted: these words cross the network in the clear ({option}).").format(
                option="--insecure-network"
            )
        shown = self.query_one("#hosting-warning", Static)
        shown.update(plain(warning))
        shown.set_class(not warning, "-empty")
        floor = (
            _("Partners may take, pass and pause the floor from their machines ({key} switches).")
            if live.partner_floor
            else _("Partners may not take, pass and pause the floor from their machines ({key} switches).")
        )
        words = [
            _("Send each line to its own person, privately."),
            floor.format(key="f"),
            _("{key} makes new invitations (the old ones stop working).").format(key="r"),
            _("{key} closes.").format(key="escape"),
        ]
        self.query_one("#hosting-keys", Static).update(plain(" ".join(words)))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_floor(self) -> None:
        self.live.set_partner_floor(not self.live.partner_floor)
        self.show_state()

    def action_replace(self) -> None:
        self.live.replace_invitations()
        for index, (_who, line) in enumerate(invitation_lines(self.live)):
            self.query_one(f"#hosting-line-{index}", Static).update(plain(line))
        self.notify(_("New invitations made; the old ones no longer open this session."), timeout=6)
