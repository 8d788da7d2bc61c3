"""What every ``coalition`` command shares: the plain error, and the interface's language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from coalition_tui import i18n
from coalition_tui.i18n import _


class Failure(click.ClickException):
    """A problem the user can act on: printed plainly, exit status 1, no traceback."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        """As click shows it, with its "Error:" in the interface's language."""
        message = _("Error: {message}").format(message=self.format_message())
        click.echo(message, file=file, err=file is None, color=self.show_color)


def speak(lang: str | None) -> None:
    """Speak ``--lang`` (given here or to a command above), else the environment's language."""
    root = click.get_current_context().find_root()
    if lang is None:
        lang = root.meta.get("coalition.lang")
    else:
        root.meta["coalition.lang"] = lang
    try:
        i18n.set_language(i18n.resolve(lang))
    except i18n.UnknownLanguage as error:
        raise Failure(str(error)) from None


LANG_HELP = "The interface's language: en or de (default: LC_ALL, LC_MESSAGES or LANG, else en)."


def language_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang`` on a command that takes nothing else in common (``coalition protocol …``)."""

    @click.option("--lang", "lang", metavar="LANG", help=LANG_HELP)
    @functools.wraps(func)
    def wrapper(lang: str | None, **kwargs: Any) -> Any:
        speak(lang)
        return func(**kwargs)

    return wrapper
