"""One entry point for every export format, each in the language the session was held in."""

from __future__ import annotations

from coalition_tui.domain.revisions import Successor
from coalition_tui.domain.session import Session
from coalition_tui.i18n import speaking


def render_export(session: Session, fmt: str, *, superseded_by: Successor | None = None) -> str:
    """``session`` as ``fmt``: headings, dates and numbers in its language, whatever the app speaks now.

    ``superseded_by``: the revision that replaced this agreement, as the caller's store knows it
    (``domain.revisions``); Markdown and JSON say so. Nothing here reads a file.
    """
    with speaking(session.language):
        return _render(session, fmt, superseded_by)


def _render(session: Session, fmt: str, superseded_by: Successor | None) -> str:
    if fmt == "json":
        from coalition_tui.export.json_export import export_json

        return export_json(session, superseded_by=superseded_by)
    if fmt == "md":
        from coalition_tui.export.markdown import export_markdown

        return export_markdown(session, superseded_by=superseded_by)
    if fmt == "ics":
        from coalition_tui.export.ics import export_ics

        return export_ics(session)
    raise ValueError(f"unknown export format {fmt!r}")
