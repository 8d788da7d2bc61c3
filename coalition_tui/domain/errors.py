"""Errors the domain raises; the UI and the command line show their text as is."""


class CoalitionError(Exception):
    """Base class: every error here carries a message meant for a person."""


class ValidationError(CoalitionError, ValueError):
    """Input that the method cannot work with (a missing name, an unknown phase).

    ``field`` names the input at fault so a form can show the message beside it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SealedError(CoalitionError):
    """An attempt to change a sealed agreement; a new revision is the way to change it."""
