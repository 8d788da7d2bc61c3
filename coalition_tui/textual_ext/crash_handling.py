"""An error nobody foresaw ends the app quietly: no Textual traceback, one sentence from us.

Textual's own handler prints a traceback with the values of local variables,
which here hold partners' private words. ``QuietCrashApp`` replaces it; what the
app does about the error (save, log it privately, word the sentence) is its own
``crashed`` method. There is no public hook for an unhandled error, so this
relies on these private names of Textual 8.2.8's ``App``, each checked by
``tests/test_textual_internals.py``:

* ``App._handle_exception(error)``: where every unhandled error of a handler,
  timer or worker arrives; overridden;
* ``App._return_code``: the exit status ``App.return_code`` reports;
* ``App._exception`` and ``App._exception_event``: the first error, and the
  event that tells the pilot about it (``run_test`` raises it again, so tests
  still see it);
* ``App._close_messages_no_wait()``: starts the app's shutdown from inside a
  handler, as Textual's own handler does.
"""

from __future__ import annotations

from textual.app import App


class QuietCrashApp(App[None]):
    """An ``App`` whose unhandled errors go to ``crashed`` and end the run with its exit status."""

    def crashed(self, error: Exception) -> int:
        """Deal with ``error`` (nothing can be shown: the app is ending); the exit status to end with.

        By default nothing is done and the status is Textual's own, 1.
        """
        return 1

    def _handle_exception(self, error: Exception) -> None:
        self._return_code = self.crashed(error)
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()
