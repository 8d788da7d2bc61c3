"""One entry point for every export format, each in the language the session was held in."""

from __future__ import annotations

from coalition_tui.domain.session import Session
from coalition_tui.i18n import speaking


def render_export(session: Session, fmt: str) -> str:
    """``session`` as ``fmt``: headings, dates and numbers in its language, whatever the app speaks now."""
    with speaking(session.language):
        return _render(session, fmt)


def _render(session: Session, fmt: str) -> str:
    if fmt == "json":
        from coalition_tui.export.json_export import export_json

        return export_json(session)
    if fmt == "md":
        from coalition_tui.export.markdown import export_markdown

        return export_markdown(session)
    if fmt == "ics":
        from coalition_tui.export.ics import export_ics

        return export_ics(session)
    raise ValueError(f"unknown export format {fmt!r}")
