"""Key descriptions in the interface's language, looked up when the footer reads them.

Bindings are declared on classes with English descriptions marked by ``N_``
(the class exists before a language is chosen); a screen hands the footer, the
keys panel and the palette its bindings through ``active_bindings``, so that is
where each description is translated. Textual caches nothing per description.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from textual.binding import Binding
from textual.screen import ActiveBinding, Screen

from coalition_tui import i18n


@lru_cache(maxsize=2048)
def _in(binding: Binding, language: str) -> Binding:
    if not binding.description and not binding.tooltip:
        return binding
    return dataclasses.replace(
        binding,
        description=i18n._(binding.description) if binding.description else "",
        tooltip=i18n._(binding.tooltip) if binding.tooltip else "",
    )


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    language = i18n.current()
    if language == i18n.DEFAULT:
        return bindings
    return {
        key: ActiveBinding(
            active.node, _in(active.binding, language), active.enabled, active.tooltip and i18n._(active.tooltip)
        )
        for key, active in bindings.items()
    }


class TranslatedBindings(Screen):
    """A screen whose footer keys speak the interface's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
