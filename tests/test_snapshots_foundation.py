"""Pictures of the home and setup screens, at 80×24 and at a large size."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.domain.session import Session

from .conftest import FIXED_NOW


def fill_history(store) -> None:
    people = [
        ("Ada", "Ben", "Co-founders, autumn reset"),
        ("Zoë 🌱", "Mariam مريم", ""),
        ("Sam", "Robin", "Board chair & CEO"),
    ]
    for n, (a, b, title) in enumerate(people):
        session = Session.new(a, b, title=title, now=FIXED_NOW - timedelta(days=n * 9), session_id=f"5e55{n:04d}")
        session.phase_index = n  # alignment, clearing, declaration
        store.create(session)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_home_empty(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_home_with_sessions(snap_compare, make_app, store, size):
    fill_history(store)
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_setup(snap_compare, make_app, size):
    assert snap_compare(make_app(StartRequest("new", prefill={"partner_a": "Ada"})), terminal_size=size)


def test_setup_with_an_error(snap_compare, make_app):
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "ada"}))
    assert snap_compare(app, terminal_size=(80, 24), press=["ctrl+s"])


def test_too_small(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 12))
