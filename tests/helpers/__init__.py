"""Child-process helpers for the reliability tests (pty runner, crash child)."""
