"""Exports of a session: JSON (stable, documented), Markdown, iCalendar, terminal view."""
