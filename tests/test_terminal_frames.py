"""What the terminal shows is what the app drew: partial updates leave nothing stale.

Each frame the app sends is fed, as the bytes a terminal would receive, into a
terminal emulator (pyte). After each step the emulator's screen is compared, cell
by cell (character, colours, bold), with a full render of the app's current state.
The app draws only what changed (and, on a focus change, leaves the rest of the
screen alone: see ``CoalitionScreen.focused``), so a region it forgot to redraw
would show here as a stale cell.
"""

from __future__ import annotations

import pyte
import pytest
from textual.app import App
from textual.widgets import TextArea

from coalition_tui.app import StartRequest

from .helpers.screen_text import full_render

SIZE = (100, 32)


class Terminal:
    """A pyte screen fed with every frame the app sends while the test runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int] = SIZE) -> None:
        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        self.frames = 0
        real_display = App._display

        def display(app, screen, renderable):
            real_display(app, screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                self.frames += 1
                self.stream.feed(renderable.render_segments(app.console))

        monkeypatch.setattr(App, "_display", display)


def cells(screen: pyte.Screen) -> list[list[tuple[str, str, str, bool]]]:
    return [
        [(c.data, c.fg, c.bg, c.bold) for c in (screen.buffer[y][x] for x in range(screen.columns))]
        for y in range(screen.lines)
    ]


def assert_terminal_matches(app, terminal: Terminal, step: str) -> None:
    expected, shown = cells(full_render(app)), cells(terminal.screen)
    width, height = terminal.screen.columns, terminal.screen.lines
    stale = [(y, x) for y in range(height) for x in range(width) if expected[y][x] != shown[y][x]]
    if stale:
        y, x = stale[0]
        raise AssertionError(
            f"after {step}: {len(stale)} stale cell(s), first at row {y}, column {x}: "
            f"shows {shown[y][x]!r}, should be {expected[y][x]!r}\n"
            f"row shown:    {''.join(c[0] for c in shown[y])!r}\n"
            f"row expected: {''.join(c[0] for c in expected[y])!r}"
        )


async def settle(pilot) -> None:
    for text_area in pilot.app.screen.query(TextArea):
        text_area.cursor_blink = False  # a blink is a frame on a timer: not what is compared here
    await pilot.pause()
    await pilot.pause()


@pytest.fixture
def terminal(monkeypatch) -> Terminal:
    return Terminal(monkeypatch)


async def test_the_floor_keys_leave_no_stale_cells(terminal, make_app, make_session, store, fake_clock):
    session = make_session("Ada", "Ben", agenda="clearing")
    session.clearing.go_to_step(3)
    store.save(session)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_terminal_matches(app, terminal, "opening the rounds")
        steps = [
            ("f2",),
            tuple("It started in May"),
            ("f3",),
            tuple("I heard"),
            ("f4",),
            ("f5",),
            ("f5",),
            ("f6",),
            ("f3",),
            ("f7",),
            ("f8",),
            ("f2",),
            ("f8",),
            ("tab",),
            ("tab",),
        ]
        for keys in steps:
            fake_clock.advance(7.5)
            await pilot.press(*keys)
            await settle(pilot)
            assert_terminal_matches(app, terminal, "".join(keys))
        assert terminal.frames > len(steps)


async def test_moving_between_fields_leaves_no_stale_cells(terminal, make_app):
    app = make_app(StartRequest("new"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in [tuple("Ada"), ("tab",), tuple("Ben"), ("tab",), ("tab",), ("shift+tab",), ("ctrl+s",)]:
            await pilot.press(*keys)
            await settle(pilot)
            assert_terminal_matches(app, terminal, "".join(keys))


async def test_the_home_list_leaves_no_stale_cells(terminal, make_app, make_session):
    for n in range(40):
        make_session(f"A{n}", f"B{n}")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in [("down",), ("pagedown",), ("end",), ("up",), ("home",), ("f8",), ("down",)]:
            await pilot.press(*keys)
            await settle(pilot)
            assert_terminal_matches(app, terminal, "".join(keys))


@pytest.mark.parametrize("language", ["en", "de"])
async def test_a_message_on_a_narrow_terminal_spans_the_foot_and_leaves_no_stale_cells(
    monkeypatch, make_app, make_session, store, language
):
    """At 80×24 a message is one band over the foot of both panes (not a column over B's), and its
    coming and going leaves nothing behind (long German words once did)."""
    size = (80, 24)
    terminal = Terminal(monkeypatch, size)
    session = make_session("Ada", "Ben", agenda="declaration,seal", language=language)
    app = make_app(StartRequest("resume", session_id=session.id))
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")  # not declared yet: a warning, and the declaration stays
        await settle(pilot)
        assert_terminal_matches(app, terminal, "the warning shown")
        rows = [row for row in full_render(app).display if row.startswith("▌")]
        assert len(rows) >= 2 and all(len(row.rstrip()) > 60 for row in rows[:2]), rows  # wide, not a column
        b_title = next(row for row in full_render(app).display if "B · Ben" in row)
        assert b_title.index("B · Ben") > 40  # B's pane still there beside A's, its top in sight
        app.clear_notifications()
        await settle(pilot)
        assert_terminal_matches(app, terminal, "the warning gone")
