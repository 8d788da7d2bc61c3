"""Themes: the high-contrast ones are offered, readable, and the choice is remembered."""

from __future__ import annotations

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.screens.home import HomeScreen
from coalition_tui.screens.setup import SetupScreen
from coalition_tui.storage import Store
from coalition_tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_LIGHT, THEME_SETTING, THEMES, contrast_ratio

AAA = 7.0  # WCAG's enhanced contrast: what survives a compressed video call


def test_contrast_ratio_of_known_pairs():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_high_contrast_theme_is_readable(theme):
    background = theme.background
    variables = theme.variables
    for name, colour in {
        "foreground": theme.foreground,
        "partner-a": variables["partner-a"],
        "partner-b": variables["partner-b"],
        "text-muted": variables["text-muted"],
        "accent": theme.accent,
        "primary": theme.primary,
        "error": theme.error,
        "warning": theme.warning,
        "success": theme.success,
    }.items():
        assert contrast_ratio(colour, background) >= AAA, f"{theme.name}: {name} {colour} on {background}"
    assert contrast_ratio(variables["footer-key-foreground"], variables["footer-background"]) >= AAA
    assert contrast_ratio(theme.foreground, theme.panel) >= AAA
    # The partners' colours differ, but the panes' names carry the meaning (tested with the panes).
    assert variables["partner-a"] != variables["partner-b"]


async def test_themes_are_registered_with_partner_colours(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in THEMES:
            assert theme.name in app.available_themes
        app.theme = HIGH_CONTRAST.name
        await pilot.pause()
        variables = app.get_css_variables()
        assert variables["partner-a"] == HIGH_CONTRAST.variables["partner-a"]
        assert variables["partner-b"] == HIGH_CONTRAST.variables["partner-b"]
        assert app.has_class(f"-theme-{HIGH_CONTRAST.name}")
        # A built-in theme falls back to the app's own partner colours.
        app.theme = "nord"
        await pilot.pause()
        assert app.get_css_variables()["partner-a"] == app.get_theme_variable_defaults()["partner-a"]


async def test_chosen_theme_is_remembered_across_runs(make_app, db_path):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        assert first.theme == "textual-dark"
        first.theme = HIGH_CONTRAST.name
        await pilot.pause()
    assert Store(db_path).get_setting(THEME_SETTING) == HIGH_CONTRAST.name

    second = make_app()  # a new start on the same data folder
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert second.theme == HIGH_CONTRAST.name
        assert second.get_css_variables()["background"].upper().startswith("#000000")
        second.theme = HIGH_CONTRAST_LIGHT.name
        await pilot.pause()

    third = make_app(StartRequest("new", prefill={"partner_a": "Ada"}))
    async with third.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(third.screen, SetupScreen)
        assert third.theme == HIGH_CONTRAST_LIGHT.name


async def test_theme_chosen_from_the_command_palette_is_remembered(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")  # "Theme: change the current theme"
        await pilot.pause(0.3)
        await pilot.press(*"high-contrast-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_LIGHT.name
        assert isinstance(app.screen, HomeScreen)
    assert Store(db_path).get_setting(THEME_SETTING) == HIGH_CONTRAST_LIGHT.name
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == HIGH_CONTRAST_LIGHT.name


async def test_a_theme_that_no_longer_exists_is_ignored(make_app, store):
    store.set_setting(THEME_SETTING, "a-theme-from-a-plugin-since-removed")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert isinstance(app.screen, HomeScreen)
    # Starting does not overwrite the preference; only choosing a theme does.
    assert store.get_setting(THEME_SETTING) == "a-theme-from-a-plugin-since-removed"


async def test_a_damaged_settings_file_does_not_stop_the_app(make_app, store):
    store.root.mkdir(parents=True, exist_ok=True)
    store.settings_path.write_text("{ not json")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-dark"
        assert any("Theme not restored" in (n.title or "") for n in app._notifications)
    assert store.settings_path.read_text() == "{ not json"  # kept, never overwritten
