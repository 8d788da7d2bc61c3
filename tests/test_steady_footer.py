"""SteadyFooter: rebuilt when the keys it shows change, not at every change of focus."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from coalition_tui.widgets.steady_footer import SteadyFooter


class Notes(Input):
    BINDINGS = [Binding("f6", "app.bell", "Undo")]  # shown only while a Notes has focus


class FooterApp(App[None]):
    BINDINGS = [Binding("f2", "app.bell", "Take the floor")]

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield Notes(id="notes")
        yield SteadyFooter()


def keys_shown(app: App) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


async def test_the_footer_is_rebuilt_only_when_its_keys_change(monkeypatch):
    rebuilds: list[int] = []
    real_recompose = SteadyFooter.recompose

    async def recompose(self):
        rebuilds.append(1)
        await real_recompose(self)

    monkeypatch.setattr(SteadyFooter, "recompose", recompose)
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "f2" in keys_shown(app) and "f6" not in keys_shown(app)
        first = len(rebuilds)
        assert first >= 1
        await pilot.press("tab")  # one Input to the other: the same keys
        await pilot.pause()
        assert app.focused.id == "two" and len(rebuilds) == first, "same keys: not rebuilt"
        await pilot.press("tab")  # to Notes: its own key appears
        await pilot.pause()
        assert app.focused.id == "notes" and len(rebuilds) == first + 1
        assert "f6" in keys_shown(app)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert len(rebuilds) == first + 2 and "f6" not in keys_shown(app)
