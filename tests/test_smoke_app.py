"""The app walks from setup through the agenda and back home."""

from __future__ import annotations

from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store


async def test_walk_setup_to_home(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"Ada", "tab", *"Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        for _ in range(5):
            app.next_phase()
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    rows = Store(db_path).list_summaries()
    assert [r["partners"] for r in rows] == [{"a": "Ada", "b": "Ben"}]
    assert rows[0]["status"] == "finished"
