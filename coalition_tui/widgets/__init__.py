"""Reusable widgets: they show and collect, and never touch storage."""
