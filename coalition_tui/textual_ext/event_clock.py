"""The clock Textual stamps each event with, so a key's stamp can be read on the app's scale.

Every ``Message`` (so every key) carries ``time``, set as it is created from
Textual's own clock: ``time.monotonic`` on most systems, ``time.perf_counter``
on Windows. Textual offers no public name for that clock, so this reads Textual
8.2.8's private ``textual._time.get_time`` (the function ``Message.__init__``
calls). Checked by ``tests/test_textual_internals.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from textual._time import get_time

event_clock: Callable[[], float] = get_time
"""Now, on the scale of ``events.Key.time``."""
