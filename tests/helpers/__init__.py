"""Helper modules for the tests: child processes, a served app, filled sessions, pilot input."""
