"""Coalition: a guided two-person coalition-building session in the terminal."""

__version__ = "0.1.0"
