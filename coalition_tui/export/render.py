"""One entry point for every export format."""

from __future__ import annotations

from coalition_tui.domain.session import Session


def render_export(session: Session, fmt: str) -> str:
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
