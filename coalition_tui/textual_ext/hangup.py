"""After the terminal hangs up (SIGHUP) nothing can be shown: drop output, and never hang on the way out.

Writing to a hung-up terminal fails, which stops Textual's output thread; its
queue then fills and the next write would block the app for ever. So output
goes nowhere from now on, and a watchdog ends the process if leaving stalls
(by then the session has been saved).

Textual has no public handle on its driver, nor a way to stop output, so this
relies on Textual 8.2.8's private ``App._driver`` (the running driver, None
before it starts) and its ``Driver.write(data)`` (public on the driver: every
byte of output goes through it). Checked by ``tests/test_textual_internals.py``.
"""

from __future__ import annotations

import os
import signal
import threading

from textual.app import App

WATCHDOG_SECONDS = 5.0  # time left to leave once the terminal is gone; the session was saved before


def drop_output(app: App[None]) -> None:
    """From now on, whatever the app draws goes nowhere (the terminal is gone)."""
    driver = app._driver
    if driver is not None:
        driver.write = lambda data: None  # type: ignore[method-assign]


def start_watchdog() -> threading.Timer:
    """End the process with 128 + SIGHUP unless it has left (and cancelled this) within ``WATCHDOG_SECONDS``."""
    watchdog = threading.Timer(WATCHDOG_SECONDS, os._exit, (128 + signal.SIGHUP,))
    watchdog.daemon = True
    watchdog.start()
    return watchdog
