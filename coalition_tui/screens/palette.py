"""Screen actions in the command palette (ctrl+p).

A screen lists ``COMMANDS = {ScreenCommands}`` and defines
``palette_commands()`` returning ``(name, help, callback)`` triples; the
palette then offers them alongside the app's own commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

Command = tuple[str, str, Callable[[], Any]]


class ScreenCommands(Provider):
    """Offers whatever the calling screen's ``palette_commands()`` returns."""

    def _commands(self) -> list[Command]:
        make = getattr(self.screen, "palette_commands", None)
        return list(make()) if make else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
