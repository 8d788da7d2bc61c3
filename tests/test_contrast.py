"""The high-contrast themes keep every word at 7:1 or more, on every screen, presenting or not.

Not a check of a few theme colours: each screen is drawn, and every character
of text on it is measured against the background it is drawn on (WCAG's
contrast ratio), after Textual has applied everything (dimmed styles, tints,
placeholders, reverse video). Lines and blocks that draw frames and bars are
shapes, not text, and are left out.
"""

from __future__ import annotations

import pytest
from rich.color import Color
from rich.style import Style

from coalition_tui.domain.seal import confirm_seal
from coalition_tui.domain.session import Session
from coalition_tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_LIGHT, contrast_ratio

from .conftest import FIXED_NOW
from .helpers.filled_session import fill

AAA = 7.0
SIZE = (100, 32)


def is_shape(character: str) -> bool:
    """Box drawing and block elements (frames, bars, the checkbox's sides): shapes, not words."""
    return "\u2500" <= character <= "\u259f"


def hex_of(color: Color) -> str:
    triplet = color.get_truecolor()
    return f"#{triplet.red:02x}{triplet.green:02x}{triplet.blue:02x}"


def low_contrast(app, theme) -> dict[tuple[str, str], str]:
    """Text drawn below 7:1 on the current screen: {(foreground, background): the characters}."""
    found: dict[tuple[str, str], str] = {}
    update = app.screen._compositor.render_full_update()
    for line in update.strips:
        for strip in line:
            for text, style, control in strip:
                words = "".join(ch for ch in text if ch.strip() and not is_shape(ch))
                if control or not words:
                    continue
                style = style or Style()
                fg = style.color or Color.parse(theme.foreground)
                bg = style.bgcolor or Color.parse(theme.background)
                if style.reverse:
                    fg, bg = bg, fg
                pair = (hex_of(fg), hex_of(bg))
                if contrast_ratio(*pair) < AAA:
                    found[pair] = found.get(pair, "") + words
    return found


def assert_readable(app, theme, where: str) -> None:
    low = low_contrast(app, theme)
    assert not low, f"{theme.name}, {where}: " + "; ".join(
        f"{text[:40]!r} {fg} on {bg} ({contrast_ratio(fg, bg):.1f}:1)" for (fg, bg), text in low.items()
    )


def stop_blinking(app) -> None:
    for widget in app.screen.query("TextArea, Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


@pytest.mark.parametrize("theme", [HIGH_CONTRAST, HIGH_CONTRAST_LIGHT], ids=lambda t: t.name)
@pytest.mark.parametrize("presenting", [False, True], ids=["plain", "presenting"])
async def test_every_screen_keeps_its_words_at_seven_to_one(make_app, store, fake_clock, theme, presenting):
    filled = Session.new("Ada", "Ben", now=FIXED_NOW, session_id="c0a70001", title="Autumn reset")
    fill(filled)
    filled.accountability.of("b").commitments[0].by_when = "2026-02-30"  # a date error and its warning
    store.create(filled)
    empty = Session.new("Cy", "Di", now=FIXED_NOW, session_id="c0a70002")  # placeholders everywhere
    store.create(empty)
    sealed = Session.new("Ed", "Flo", now=FIXED_NOW, session_id="c0a70003")
    fill(sealed)
    sealed.phase_index = len(sealed.agenda) - 1
    confirm_seal(sealed, "a", "Ed", FIXED_NOW)
    confirm_seal(sealed, "b", "Flo", FIXED_NOW)
    store.create(sealed)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme.name
        app.presentation = presenting
        await pilot.pause()
        assert_readable(app, theme, "home")
        await pilot.press("n")
        await pilot.pause()
        stop_blinking(app)
        assert_readable(app, theme, "setup, empty")
        await pilot.press("escape")
        await pilot.pause()
        for session, where in ((empty, "empty"), (filled, "filled")):
            app.open_session(session.id)
            await pilot.pause()
            seen = 0
            while app.session is not None and not app.session.finished and seen < 12:
                stop_blinking(app)
                screen = type(app.screen).__name__
                assert_readable(app, theme, f"{screen} ({where}, step {seen})")
                if screen == "ClearingScreen" and app.session.clearing.step == "rounds":
                    await pilot.press("f2")
                    fake_clock.advance(150)  # past the target: overtime shows
                    app.screen.refresh_clock()
                    await pilot.pause()
                    assert_readable(app, theme, f"clearing in overtime ({where})")
                    await pilot.press("f5")  # paused
                    await pilot.pause()
                    assert_readable(app, theme, f"clearing paused ({where})")
                await pilot.press("ctrl+n")
                await pilot.pause()
                seen += 1
            app.go_home()
            await pilot.pause()
        app.open_session(sealed.id)
        await pilot.pause()
        assert_readable(app, theme, "the sealed agreement")
        await pilot.press("c")
        await pilot.pause()
        stop_blinking(app)
        assert_readable(app, theme, "a check-in")
