"""Screen actions in the command palette (ctrl+p).

A screen lists ``COMMANDS = {ScreenCommands}``, mixes in :class:`OffersCommands`
and defines ``palette_commands()`` returning ``(name, help, callback)`` triples; the
palette then offers them alongside the app's own commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from coalition_tui.widgets.plain import plain

Command = tuple[str, str, Callable[[], Any]]


def highlighted(matcher: Matcher, name: str) -> Content:
    """``name`` as plain text (it may hold a partner's name), the letters matched marked.

    Textual's own ``Matcher.highlight`` reads the name as markup.
    """
    content = plain(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class OffersCommands:
    """Mixed into a screen whose own actions the palette offers (with ``COMMANDS = {ScreenCommands}``)."""

    def palette_commands(self) -> Iterable[Command]:
        return ()


class ScreenCommands(Provider):
    """Offers whatever the calling screen's ``palette_commands()`` returns."""

    def _commands(self) -> list[Command]:
        screen = self.screen
        return list(screen.palette_commands()) if isinstance(screen, OffersCommands) else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(plain(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=escape(help_text))
