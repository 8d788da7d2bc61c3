"""The app in a real browser: ``coalition serve`` in headless Chromium.

How the test reads the screen: textual-serve's page draws the terminal with
xterm.js on a canvas (WebGL, else 2D canvas), so there is no DOM text and no
accessibility tree (xterm's screen-reader mode is off and its ``Terminal`` is
not exposed). Before the page loads, an init script sets a one-shot setter on
``Object.prototype.fitAddon``: textual.js assigns ``this.fitAddon`` right after
``this.terminal`` in its constructor, so the setter catches the terminal and
then steps aside. The test then reads rows through xterm's public buffer API
(``buffer.active.getLine(i).translateToString()``): the very cells the canvas
draws. Every wait is bounded; the browser may fetch nothing but the local
server (any other request is aborted and fails the test).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers.serve_process import running_server

pytestmark = [pytest.mark.browser, pytest.mark.serial]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 20_000  # the longest any single wait may take

CATCH_TERMINAL = """
(() => {
  window.__coalitionTerminals = [];
  Object.defineProperty(Object.prototype, "fitAddon", {
    configurable: true,
    set(value) {
      if (this && this.terminal && this.terminal.buffer) window.__coalitionTerminals.push(this.terminal);
      Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
      delete Object.prototype.fitAddon;  // one instance is all the page has
    },
  });
})();
"""

SCREEN_TEXT = """
() => {
  const terminal = (window.__coalitionTerminals || [])[0];
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let i = 0; i < terminal.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}
"""


def _browser_or_skip():
    if not CHROMIUM.exists():
        pytest.skip(
            "headless Chromium is not installed at /usr/bin/chromium "
            "(Debian: apt-get install chromium; .ci/run installs it)"
        )
    playwright = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing: pip install -e '.[test]'"
    )
    return playwright


class Screen:
    """The page's terminal, read as text."""

    def __init__(self, page) -> None:
        self.page = page

    def text(self) -> str:
        return self.page.evaluate(SCREEN_TEXT) or ""

    def wait_for(self, *needles: str, pattern: str | None = None) -> str:
        """Wait (bounded) until every needle, and the pattern, is on the screen; return the screen."""
        check = (
            "(args) => { const t = (" + SCREEN_TEXT + ")(); if (t === null) return false;"
            " return args.needles.every(n => t.includes(n)) && (!args.pattern || new RegExp(args.pattern).test(t)); }"
        )
        try:
            self.page.wait_for_function(check, arg={"needles": list(needles), "pattern": pattern}, timeout=WAIT_MS)
        except Exception as error:  # the screen is the useful part of the failure
            raise AssertionError(f"waited for {needles!r} / {pattern!r}; the screen shows:\n{self.text()}") from error
        return self.text()

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


def test_serve_in_headless_chromium(make_session, store, db_path, tmp_path):
    sync_api = _browser_or_skip()
    session = make_session("Ada", "Ben", agenda="clearing", title="Browser check")
    session.clearing.go_to_step(3)  # straight to the speaking rounds
    store.save(session)
    store.close()

    with running_server(db_path, tmp_path) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=WAIT_MS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.set_default_timeout(WAIT_MS)
            outside: list[str] = []
            local = (server.url + "/", f"ws://127.0.0.1:{server.port}/", "data:")

            def only_local(route) -> None:
                url = route.request.url
                if url.startswith(local):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            context.route("**/*", only_local)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.add_init_script(CATCH_TERMINAL)
            page.goto(server.url + "/", wait_until="load", timeout=WAIT_MS)
            page.wait_for_function("document.body.classList.contains('-first-byte')", timeout=WAIT_MS)
            screen = Screen(page)
            assert page.evaluate("(window.__coalitionTerminals || []).length") == 1, (
                "could not reach xterm's terminal in the page (has textual-serve's textual.js changed?)"
            )

            # Home: the session is listed. Resume it from the keyboard.
            screen.wait_for("Coalition", "Ada & Ben")
            page.locator(".xterm-helper-textarea").focus()
            screen.press("r")

            # The clearing: both partners' names and the clock, nobody on the floor yet.
            shown = screen.wait_for("A · Ada", "B · Ben", "Nobody has the floor", pattern=r"Ada\s+0:00")
            assert "Speaking rounds" in shown
            page.screenshot(path=str(tmp_path / "browser-clearing.png"))

            # The footer shows the keys a browser leaves to the page: f9 for Next, not ctrl+n.
            footer = screen.wait_for("f9 Next").splitlines()[-1]
            assert "f9 Next" in footer and "^n" not in footer, footer

            # F2 gives Ada the floor; the clock runs for her (her pane is lit a frame later).
            screen.press("F2")
            shown = screen.wait_for("Ada has the floor", pattern=r"A · Ada\s+▶ speaking")
            assert re.search(r"\d+:\d\d / 2:00", shown), shown
            assert not re.search(r"B · Ben\s+▶ speaking", shown), shown

            # F4 passes the floor to Ben (and F5 in a browser does not reload the page).
            screen.press("F4")
            shown = screen.wait_for("Ben has the floor", pattern=r"B · Ben\s+▶ speaking")
            assert not re.search(r"A · Ada\s+▶ speaking", shown), shown
            screen.press("F5")
            screen.wait_for("Paused · Ben holds the floor")

            # f8: presentation mode, in the browser too: the time left in solid block digits,
            # drawn on the clock's rows before "‖ Paused".
            screen.press("F8")
            shown = screen.wait_for("Paused · Ben holds the floor", pattern=r"│ [ █]*█[ █]*‖ Paused")
            page.screenshot(path=str(tmp_path / "browser-presenting.png"))

            assert page.evaluate("document.body.classList.contains('-closed')") is False
            assert outside == [], f"the page asked for something outside this computer: {outside}"
            assert errors == [], errors
        finally:
            browser.close()
