"""What Coalition relies on inside Textual and textual-serve: each test fails loudly when an upgrade changes it.

One test (or a few) per override or private name, listed with the module that
relies on it in ``docs/textual-internals.md``. A failure here means: read that
module's docstring, check the name against the new version, then move the pin.
"""

from __future__ import annotations

import codecs
import hashlib
import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import textual
import textual._wrap
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.color import Color
from textual.drivers.linux_driver import LinuxDriver
from textual.drivers.web_driver import WebDriver
from textual.filter import LineFilter
from textual.geometry import Region
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Label, TextArea
from textual.widgets.text_area import Document, TextAreaTheme, WrappedDocument
from textual_serve.server import Server

from coalition_tui.app import CoalitionApp
from coalition_tui.screens.base import CoalitionScreen
from coalition_tui.screens.phase import PhaseScreen
from coalition_tui.serve import WEB_DIR
from coalition_tui.terminal_input import PASTE_END, PASTE_START, READER_NAMES, reads_with_names
from coalition_tui.textual_ext.event_clock import event_clock
from coalition_tui.textual_ext.output_guard import CONTROL_FILTER
from coalition_tui.widgets.fields import WordsArea
from coalition_tui.widgets.long_lines import SectionWrap
from coalition_tui.widgets.steady_footer import SteadyFooter

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PINS = {"textual": "8.2.8", "textual-serve": "1.1.3"}
"""The versions every test below was checked against."""

TEXTUAL_SERVE_PAGE_SHA256 = "184d6d1bb1ed70bc24e774b0f7fb888a22284b85748c4c01acf814e894bd8051"
"""textual-serve 1.1.3's ``templates/app_index.html``, of which ``coalition_tui/web/app_index.html`` is a copy."""


def keys(messages: list[object]) -> list[str]:
    return [m.key for m in messages if isinstance(m, events.Key)]


class Holder(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


# -- the versions --------------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(PINS))
def test_the_installed_version_is_the_one_checked_and_pinned(package):
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert f"{package}=={PINS[package]}" in dependencies, f"pyproject.toml must pin {package}=={PINS[package]}"
    assert version(package) == PINS[package], (
        f"{package} {version(package)} is installed, but its internals were checked against {PINS[package]}: "
        "run tests/test_textual_internals.py, re-check each name in docs/textual-internals.md, then move the pin"
    )


# -- textual_ext.output_guard: public API only --------------------------------------------------


def test_every_widget_line_passes_through_the_apps_line_filters():
    """``App.get_line_filters`` is public; this checks Textual still applies it to every widget's lines."""
    assert inspect.signature(App.get_line_filters).parameters.keys() == {"self"}
    assert "self.app.get_line_filters()" in inspect.getsource(Widget.get_line_filters)
    assert issubclass(type(CONTROL_FILTER), LineFilter)
    assert list(inspect.signature(LineFilter.apply).parameters) == ["self", "segments", "background"]


async def test_escapes_typed_into_a_label_are_not_drawn(store):
    escapes = "a\x1b[2Jb\x1b]0;title\x07c\x9bd"
    app = CoalitionApp(store)
    assert CONTROL_FILTER in app.get_line_filters()

    class Drawn(App[None]):
        def get_line_filters(self):
            return [*super().get_line_filters(), CONTROL_FILTER]

        def compose(self) -> ComposeResult:
            yield Label(escapes, markup=False)

    class Undefended(Drawn):
        def get_line_filters(self):
            return App.get_line_filters(self)

    drawn = {}
    for kind in (Drawn, Undefended):
        async with kind().run_test(size=(30, 3)) as pilot:
            await pilot.pause()
            label = pilot.app.query_one(Label)
            drawn[kind] = "".join(strip.text for strip in label.render_lines(Region(0, 0, 30, 1)))
    assert "\x1b" in drawn[Undefended]  # Textual itself draws them: the filter is needed
    assert drawn[Drawn].startswith("a[2Jb]0;titlecd"), repr(drawn[Drawn])
    strip = Strip([Segment("x\x1b[2J", Style(bold=True)), Segment("\x1b[1m", None, [])])
    filtered = strip.apply_filter(CONTROL_FILTER, Color(0, 0, 0))
    assert [segment.text for segment in filtered] == ["x[2J", "\x1b[1m"]  # control segments pass untouched


# -- textual_ext.crash_handling -----------------------------------------------------------------


def test_the_names_the_crash_handler_replaces_are_textuals():
    """If this fails, re-check ``QuietCrashApp._handle_exception`` against the new Textual's own."""
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]
    source = inspect.getsource(App._handle_exception) + inspect.getsource(App._fatal_error)
    for line in (
        "self._return_code = 1",
        "if self._exception is None:",
        "self._exception = error",
        "self._exception_event.set()",
        "self._fatal_error()",
        "self._close_messages_no_wait()",  # at the end of _fatal_error: the exit, without the traceback
    ):
        assert line in source, f"App._handle_exception no longer does {line!r}"
    app = App()
    assert app._return_code is None and app._exception is None
    assert not app._exception_event.is_set()
    assert list(inspect.signature(App._close_messages_no_wait).parameters) == ["self"]
    assert "self._return_code" in inspect.getsource(App.return_code.fget)


# -- textual_ext.hangup ------------------------------------------------------------------------


def test_the_app_keeps_its_driver_in_driver_and_all_output_goes_through_write():
    assert App()._driver is None
    assert "self._driver: Driver | None = None" in inspect.getsource(App.__init__)
    from textual.driver import Driver

    assert list(inspect.signature(Driver.write).parameters) == ["self", "data"]
    assert "self._driver.write(" in inspect.getsource(App._display)


# -- textual_ext.event_clock -------------------------------------------------------------------


def test_every_message_is_stamped_with_textuals_get_time():
    assert "self.__post_init__()" in inspect.getsource(Message.__init__)
    assert "self.time: float = _time.get_time()" in inspect.getsource(Message.__post_init__)
    assert event_clock is textual._time.get_time
    before = event_clock()
    key = events.Key("a", "a")
    assert before <= key.time <= event_clock()


# -- textual_ext.ordered_input ------------------------------------------------------------------


def test_keys_reach_the_app_in_on_event_before_bindings_and_focus():
    """``OrderedInputApp.on_event`` queues keys; Textual's must still be where they are dispatched."""
    assert list(inspect.signature(App.on_event).parameters) == ["self", "event"]
    source = inspect.getsource(App.on_event)
    assert "elif isinstance(event, events.InputEvent) and not event.is_forwarded:" in source
    assert "if not await self._check_bindings(event.key, priority=True):" in source
    assert "forward_target = self.focused or self.screen" in source
    assert isinstance(events.Paste("x").is_forwarded, bool)


# -- screens/base.py: Screen.focused redeclared without its repaint ---------------------------------


def test_screen_focused_is_a_reactive_redeclared_only_in_its_repaint():
    theirs, ours = Screen.__dict__["focused"], CoalitionScreen.__dict__["focused"]
    assert isinstance(theirs, Reactive) and isinstance(ours, Reactive)
    assert (theirs._default, theirs._layout, theirs._init, theirs._always_update) == (
        ours._default,
        ours._layout,
        ours._init,
        ours._always_update,
    )
    assert theirs._repaint is True and ours._repaint is False
    # Textual's own watcher (the footer's bindings follow the focus) still runs beside ours.
    assert "self.refresh_bindings()" in inspect.getsource(Screen._watch_focused)
    assert "_watch_focused" not in CoalitionScreen.__dict__


# -- screens/phase.py: the first resume's restyle skipped ---------------------------------------


def test_screen_resume_carries_refresh_styles_and_screen_honours_it():
    assert events.ScreenResume().refresh_styles is True
    assert "if event.refresh_styles:" in inspect.getsource(Screen._on_screen_resume)
    assert "_on_screen_resume" in PhaseScreen.__dict__


# -- widgets/steady_footer.py -----------------------------------------------------------------


def test_footer_rebuilds_from_bindings_changed_and_bindings_ready():
    assert list(inspect.signature(Footer.bindings_changed).parameters) == ["self", "screen"]
    assert "self.call_after_refresh(self.recompose)" in inspect.getsource(Footer.bindings_changed)
    assert "self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)" in inspect.getsource(
        Footer.on_mount
    )
    compose = inspect.getsource(Footer.compose)
    assert "if not self._bindings_ready:" in compose and "self.screen.active_bindings" in compose
    assert isinstance(Footer.__dict__["_bindings_ready"], Reactive)
    assert "bindings_changed" in SteadyFooter.__dict__


# -- terminal_input.py --------------------------------------------------------------------------


@pytest.mark.parametrize("textual_driver", [LinuxDriver, WebDriver])
def test_textual_drivers_read_with_module_names(textual_driver):
    """Each reader builds ``XTermParser(...)`` and ``getincrementaldecoder("utf-8")()`` from its module's names."""
    reader = textual_driver.run_input_thread
    assert reads_with_names(reader), f"{textual_driver.__name__}.run_input_thread no longer reads with {READER_NAMES}"
    source = inspect.getsource(reader)
    assert "XTermParser(" in source and 'getincrementaldecoder("utf-8")()' in source
    assert reader.__globals__["XTermParser"] is XTermParser
    assert reader.__globals__["getincrementaldecoder"] is codecs.getincrementaldecoder
    # ...and it is what the driver's thread runs.
    if textual_driver is LinuxDriver:
        assert "self.run_input_thread()" in inspect.getsource(LinuxDriver._run_input_thread)
    else:
        assert "target=self.run_input_thread" in inspect.getsource(WebDriver.__init__)


def test_textuals_parser_reads_the_markers_alone_as_one_empty_paste_and_then_keys():
    parser = XTermParser()
    assert [type(m).__name__ for m in parser.feed(PASTE_START + PASTE_END)] == ["Paste"]
    assert keys(list(parser.feed("a\x1b[A"))) == ["a", "up"]
    assert (PASTE_START, PASTE_END) == ("\x1b[200~", "\x1b[201~")
    assert list(inspect.signature(XTermParser.feed).parameters) == ["self", "data"]
    assert list(inspect.signature(XTermParser.tick).parameters) == ["self"]


def test_textuals_parser_still_breaks_escapes_in_a_paste_into_keys():
    """Why ``PasteParser`` exists. If this fails, Textual may have fixed it: the override may be unneeded."""
    messages = list(XTermParser().feed(PASTE_START + "a\x1b[2Jb\x07" + "c" * 40 + PASTE_END))
    assert "ctrl+g" in keys(messages)


def test_textuals_decoder_still_fails_on_bad_bytes():
    """Why ``replacing_decoder`` exists (Textual #6456). If this fails, Textual may have fixed it."""
    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert 'getincrementaldecoder("utf-8")()' in source
    with pytest.raises(UnicodeDecodeError):
        codecs.getincrementaldecoder("utf-8")().decode(b"\xff")


def test_textuals_parser_keeps_its_wait_in_timeout_time():
    """``test_ticks_pass_textuals_keys_and_never_a_paste`` moves Textual's ``Parser._timeout_time``."""
    parser = XTermParser()
    list(parser.feed("\x1b"))
    assert parser._timeout_time is not None


# -- widgets/exact_text.py ----------------------------------------------------------------------


def test_textual_makes_every_document_through_set_document():
    assert list(inspect.signature(TextArea._set_document).parameters) == ["self", "text", "language"]
    assert "self._set_document(text, language)" in inspect.getsource(TextArea.__init__)
    assert "self._set_document(text, self.language)" in inspect.getsource(TextArea.load_text)
    assert "self.load_text(value)" in inspect.getsource(TextArea.text.fset)
    assert callable(TextArea._rewrap_and_refresh_virtual_size)
    assert "self.wrapped_document.wrap(" in inspect.getsource(TextArea._rewrap_and_refresh_virtual_size)


def test_enter_inserts_a_line_feed():
    assert '"enter": "\\n"' in inspect.getsource(TextArea._on_key)


# -- widgets/long_lines.py ----------------------------------------------------------------------


async def test_textuals_private_names_are_there_and_mean_what_long_lines_relies_on():
    """If this fails, Textual changed: read widgets/long_lines.py's docstring and check each name."""
    # TextArea._set_document builds the document and its wrapped view on every new text.
    parameters = list(inspect.signature(TextArea._set_document).parameters)
    assert parameters == ["self", "text", "language"], parameters
    area = WordsArea("some words here")
    assert isinstance(area.wrapped_document, SectionWrap), "_set_document no longer called on construction"
    area.load_text("other words")
    assert isinstance(area.wrapped_document, SectionWrap), "_set_document no longer called by load_text"
    assert area.navigator._wrapped_document is area.wrapped_document
    async with Holder(area).run_test(size=(40, 10)) as pilot:
        area.focus()
        await pilot.pause()
        assert isinstance(area._theme, TextAreaTheme)
        assert area._draw_cursor is True and area._has_cursor is True
        area.blur()
        await pilot.pause()
        assert area._draw_cursor is False
    # The wrap's state.
    wrapped = WrappedDocument(Document("one two three four five\nsix\ta\tb\n"), 10, 4)
    assert wrapped._width == 10 and wrapped._tab_width == 4
    assert wrapped._wrap_offsets == [[8, 14], [], []]  # each line's row starts ("three " is row 2)
    assert wrapped._offset_to_line_info == [(0, 0), (0, 1), (0, 2), (1, 0), (2, 0)]  # each row: (line, section)
    assert wrapped._line_index_to_offsets == [[0, 1, 2], [3], [4]]  # each line: its rows
    assert wrapped._tab_width_cache == [[0], [1, 3, 0], []]  # no tab: [0] ([] if empty); else each tab's width
    # The wrapping rule.
    assert textual._wrap.compute_wrap_offsets("one two three four five", 10, 4) == [8, 14]
    # The row drawing long_lines copies.
    assert "def _render_line(self, y: int) -> Strip:" in inspect.getsource(TextArea._render_line)


# -- serve.py: textual-serve ----------------------------------------------------------------------


def test_textual_serve_builds_its_application_in_make_app():
    """The guard middleware is added to what ``Server._make_app`` returns (private; no public hook)."""
    assert inspect.iscoroutinefunction(Server._make_app)
    assert list(inspect.signature(Server._make_app).parameters) == ["self"]
    source = inspect.getsource(Server._make_app)
    assert "show_index=True" in source  # why folders must be refused in our guard
    for route in ("self.handle_index", "self.handle_websocket", "self.handle_download", "self.statics_path"):
        assert route in source, f"Server._make_app no longer routes {route}"


def test_textual_serve_handlers_and_attributes_coalition_uses():
    for name in ("handle_index", "handle_websocket"):
        assert list(inspect.signature(getattr(Server, name)).parameters) == ["self", "request"]
    assert "self.public_url}" in inspect.getsource(Server.handle_index)  # our handle_index sets it per request
    server = Server("true", title="t", templates_path=WEB_DIR)
    assert Path(server.templates_path) == WEB_DIR and server.statics_path.is_dir() and server.console is not None


def test_our_page_is_a_copy_of_textual_serves_and_uses_only_its_files():
    """``web/app_index.html`` was copied from textual-serve's page; its static files must still be shipped."""
    import textual_serve

    theirs = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    assert hashlib.sha256(theirs.read_bytes()).hexdigest() == TEXTUAL_SERVE_PAGE_SHA256, (
        "textual-serve's page changed: bring its changes into coalition_tui/web/app_index.html"
    )
    statics = Path(textual_serve.__file__).parent / "static"
    for name in (
        "css/xterm.css",
        "js/textual.js",
        "fonts/RobotoMono-VariableFont_wght.ttf",
        "fonts/RobotoMono-Italic-VariableFont_wght.ttf",
        "images/background.png",
    ):
        assert f"{{{{ config.static.url }}}}{name}" in (WEB_DIR / "app_index.html").read_text()
        assert (statics / name).is_file(), f"textual-serve no longer ships static/{name}"


# -- textual_ext.ordered_input follows a key up the DOM; screens/base.py's focus chain ----------------


def test_a_key_is_passed_up_before_its_handler_returns_and_looked_up_at_the_app():
    """What ``OrderedInputApp`` follows: a key a widget does not stop is posted to its parent while the
    widget handles it (so a callback queued at the parent afterwards runs behind it), and the app's
    ordinary bindings are looked up when it arrives there."""
    from textual.message import Message
    from textual.message_pump import MessagePump

    on_message = inspect.getsource(MessagePump._on_message)
    assert on_message.index("await invoke(method, message)") < on_message.index("message._bubble_to(self._parent)")
    assert "widget.post_message(self)" in inspect.getsource(Message._bubble_to)
    assert "if not (await self._check_bindings(event.key)):" in inspect.getsource(App._on_key)
    later = inspect.getsource(MessagePump.call_later)
    assert "-> bool" in later and "return self.post_message(message)" in later


def test_textual_sorts_the_focus_chain_by_where_widgets_were_laid_out():
    """Why CoalitionScreen.focus_chain puts it back in the widgets' order."""
    source = inspect.getsource(Screen.__dict__["focus_chain"].fget)
    assert 'attrgetter("_focus_sort_key")' in source
    assert "self.virtual_region" in inspect.getsource(Widget.__dict__["_focus_sort_key"].fget)


def test_shift_f6_from_a_terminal_is_read_as_shift_f6():
    """The clearing binds ``shift+f6,f18`` to correcting a turn: xterm's ⇧F6 comes in as shift+f6."""
    parser = XTermParser()
    assert keys(list(parser.feed("\x1b[17;2~"))) == ["shift+f6"]


# -- textual_ext.input_size ------------------------------------------------------------------------


def test_an_inputs_virtual_size_is_widgets_layout_reactive_and_its_value_sets_it():
    """What ``OneLineInput`` redeclares: Widget.virtual_size (a layout reactive), set by Input._watch_value."""
    from textual.geometry import Size
    from textual.widgets import Input

    from coalition_tui.textual_ext.input_size import OneLineInput

    theirs, ours = Widget.__dict__["virtual_size"], OneLineInput.__dict__["virtual_size"]
    assert isinstance(theirs, Reactive) and theirs._layout is True and theirs._default == Size(0, 0)
    assert ours._layout is False and ours._repaint is True and ours._default == theirs._default
    assert "self.virtual_size = Size(self.content_width, 1)" in inspect.getsource(Input._watch_value)
    max_scroll_x = inspect.getsource(Widget.__dict__["max_scroll_x"].fget)
    assert "self.virtual_size.width" in max_scroll_x and "self.container_size.width" in max_scroll_x
