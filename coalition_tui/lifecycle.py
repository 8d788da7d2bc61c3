"""Running the app so that nothing is lost however it ends.

How a run can end, and what happens to the open session:

* ``ctrl+q`` (or the palette's Quit): saved, then the app exits.
* ``ctrl+c`` pressed as a key: in raw mode this is a key, not a signal. It never
  quits (people press it out of habit, or to copy); it saves at once and says how
  to quit (see ``CoalitionApp.action_help_quit``).
* SIGINT, SIGTERM, SIGHUP (the terminal window was closed): the handlers below
  run inside the event loop, between two screen updates, so they never interrupt
  a write half-way. They close the session (every before-save hook runs, so a
  running clearing clock is folded into the session and stopped), then exit with
  status 128 + signal number. The next start finds the session saved.
* SIGKILL, power loss: nothing can run. Autosave keeps the loss to the last
  moment of typing (at most ``AUTOSAVE_DELAY`` plus one write); atomic writes
  keep every file whole. ``tests/test_crash_kill.py`` proves it.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coalition_tui.i18n import _
from coalition_tui.safe_text import visible
from coalition_tui.textual_ext.hangup import drop_output, start_watchdog

if TYPE_CHECKING:
    from coalition_tui.app import CoalitionApp

HANDLED_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class SignalHandlers:
    """The signal handlers installed on an event loop (``install_signal_handlers``), to remove later."""

    loop: asyncio.AbstractEventLoop | None = None
    signals: list[int] = field(default_factory=list)


class EndedBySignal(SystemExit):
    """Raised outside the event loop (before the app starts, or after it stops)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


# -- signals ------------------------------------------------------------------------


async def input_handled(app: CoalitionApp) -> None:
    """Until every key typed so far has been handled (``textual_ext.ordered_input``): bounded by progress only."""
    done = asyncio.Event()
    app.when_input_settled(done.set)
    await done.wait()


async def _end(app: CoalitionApp, signum: int) -> None:
    hung_up = signum == signal.SIGHUP and not app.is_headless  # (a test's pilot has no terminal to lose)
    if hung_up:
        drop_output(app)  # nothing can be shown any more (``textual_ext.hangup``)
    try:
        await input_handled(app)  # the keys read before the signal are part of the session
    finally:
        try:
            app.close_session()
        finally:
            if hung_up:  # saved: from here on, leaving must not hang (run_safely cancels it once left)
                app.hangup_watchdog = start_watchdog()
            # A closed terminal cannot show a goodbye; otherwise say what happened.
            message = (
                None
                if signum == signal.SIGHUP
                else _("Coalition closed on {signal}: the session was saved.").format(
                    signal=signal.Signals(signum).name
                )
            )
            app.exit(return_code=128 + signum, message=message)


def quit_safely(app: CoalitionApp) -> None:
    """ctrl+q (or a click on Quit, or the palette's): save everything, then exit.

    Keys are handled in the order typed, each to its end (``textual_ext.ordered_input``):
    when the quit key acts, every key typed before it is in the session already, and
    those typed after it are not handled. A click waits for the keys typed before it.
    """
    if app.ending_at is not None:
        return
    app.ending_at = app.input_moment()  # the clock stops at the quit key
    by_key = app.input_time is not None
    app.close_input(drop_typed=by_key)
    if by_key:
        _leave(app)
    else:
        app.ending = asyncio.get_running_loop().create_task(_leave_when_typed_is_handled(app))


def _leave(app: CoalitionApp) -> None:
    try:
        app.close_session()
    finally:
        app.exit()


async def _leave_when_typed_is_handled(app: CoalitionApp) -> None:
    try:
        await input_handled(app)
    finally:
        _leave(app)


def end_on_signal(app: CoalitionApp, signum: int) -> None:
    """Save (every before-save hook runs, so a running clock stops), then exit 128 + signum.

    Runs in the event loop, never in the middle of a write.
    """
    if app.ended_by_signal is not None:
        return  # already ending; a second signal changes nothing
    app.ended_by_signal = signum
    app.close_input(drop_typed=False)
    if app.ending_at is None:
        app.ending_at = app.input_moment()  # the clock stops when the signal came
    app.ending = asyncio.get_running_loop().create_task(_end(app, signum))


def install_signal_handlers(app: CoalitionApp) -> list[int]:
    """Route SIGINT, SIGTERM and SIGHUP to ``end_on_signal``; call with the loop running.

    Does nothing (returns ``[]``) off the main thread, where signals cannot be handled.
    """
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for sig in HANDLED_SIGNALS:
        try:
            loop.add_signal_handler(sig, end_on_signal, app, sig)
        except (ValueError, RuntimeError, NotImplementedError):
            continue
        installed.append(sig)
    app.signal_handlers = SignalHandlers(loop, installed)
    return installed


def remove_signal_handlers(app: CoalitionApp) -> None:
    installed, app.signal_handlers = app.signal_handlers, SignalHandlers()
    loop = installed.loop
    if loop is None or loop.is_closed():
        return
    for sig in installed.signals:
        loop.remove_signal_handler(sig)


def run_safely(app: CoalitionApp) -> None:
    """Run the app; however it ends, the open session is saved and unlocked.

    Outside the event loop (while Textual starts, and after it stops) a signal
    raises ``EndedBySignal`` instead of killing the process, so the ``finally``
    below still saves. Exits with 128 + signal number when a signal ended the run.
    """
    from coalition_tui.domain.errors import CoalitionError

    def outside_loop(signum: int, frame: object) -> None:
        raise EndedBySignal(signum)

    def while_closing(signum: int, frame: object) -> None:
        app.ended_by_signal = app.ended_by_signal or signum

    previous = {sig: signal.getsignal(sig) for sig in HANDLED_SIGNALS}
    for sig in HANDLED_SIGNALS:
        signal.signal(sig, outside_loop)
    try:
        app.run()
    finally:
        if app.hangup_watchdog is not None:
            app.hangup_watchdog.cancel()
        for sig in HANDLED_SIGNALS:
            signal.signal(sig, while_closing)  # a second signal must not cut the last save short
        keeper, app.keeper = app.keeper, None
        try:
            if keeper is not None:
                keeper.close()
        except CoalitionError as error:
            try:
                print(
                    visible(_("Coalition could not save on the way out: {error}").format(error=error)), file=sys.stderr
                )
            except OSError:  # no terminal left to tell
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    signum = app.ended_by_signal
    if signum:
        raise EndedBySignal(signum)
