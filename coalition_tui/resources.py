"""Where the package's data files are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The Textual CSS folder: inside the wheel, or ``styles/`` at the repo root."""
    for candidate in (PACKAGE_DIR / "styles", PACKAGE_DIR.parent / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    raise FileNotFoundError("Coalition's styles/ folder is missing from this installation.")


def stylesheet(name: str) -> Path:
    return styles_dir() / name


def session_styles(name: str) -> list[Path]:
    """A screen that shows an open session: the shared phase and presentation styles, then its own.

    They are read when the first such screen opens, not at start-up: the home
    screen, drawn first, needs none of them.
    """
    return [stylesheet("phase.tcss"), stylesheet("presentation.tcss"), stylesheet(name)]
