"""Where the package's data files are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path, PurePath

from coalition_tui.i18n import _

PACKAGE_DIR = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The Textual CSS folder: inside the wheel, or ``styles/`` at the repo root."""
    for candidate in (PACKAGE_DIR / "styles", PACKAGE_DIR.parent / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    raise FileNotFoundError(_("Coalition's styles/ folder is missing from this installation."))


def stylesheet(name: str) -> Path:
    return styles_dir() / name


SESSION_STYLES = (
    "phase.tcss",
    "presentation.tcss",
    "alignment.tcss",
    "clearing.tcss",
    "declaration.tcss",
    "accountability.tcss",
    "seal.tcss",
    "checkin.tcss",
    "live.tcss",
)
"""Every stylesheet a screen of an open session uses: the shared ones first."""


def session_styles(name: str) -> list[str | PurePath]:
    """A screen that shows an open session (``name`` is its own sheet): all of the session's sheets.

    They are read together when the first such screen opens, not at start-up (the
    home screen, drawn first, needs none of them), and not one phase at a time:
    Textual re-reads every rule and restyles every screen each time a sheet is
    added, which made the first visit to each phase take a second.
    """
    if name not in SESSION_STYLES:
        raise ValueError(f"{name} is not one of the session's stylesheets")
    return [stylesheet(sheet) for sheet in SESSION_STYLES]
