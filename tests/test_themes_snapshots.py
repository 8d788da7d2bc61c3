"""Pictures of the high-contrast themes: home and setup, restored from the saved preference."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coalition_tui.app import StartRequest
from coalition_tui.domain.session import Session
from coalition_tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_LIGHT, THEME_SETTING

from .conftest import FIXED_NOW
from .test_presentation_snapshots import steady_cursors


async def steady(pilot) -> None:
    await pilot.pause()
    steady_cursors(pilot.app)
    await pilot.pause()


def two_sessions(store) -> None:
    for n, (a, b, title) in enumerate([("Ada", "Ben", "Co-founders, autumn reset"), ("Sam", "Robin", "")]):
        session = Session.new(a, b, title=title, now=FIXED_NOW - timedelta(days=n * 7), session_id=f"c0a1{n:04d}")
        session.phase_index = n
        store.create(session)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_home_in_high_contrast(snap_compare, make_app, store, size):
    store.set_setting(THEME_SETTING, HIGH_CONTRAST.name)
    two_sessions(store)
    assert snap_compare(make_app(), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_setup_in_high_contrast(snap_compare, make_app, store, size):
    store.set_setting(THEME_SETTING, HIGH_CONTRAST.name)
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "Ben"}))
    assert snap_compare(app, terminal_size=size, run_before=steady)


def test_setup_in_high_contrast_light(snap_compare, make_app, store):
    store.set_setting(THEME_SETTING, HIGH_CONTRAST_LIGHT.name)
    app = make_app(StartRequest("new", prefill={"partner_a": "Ada", "partner_b": "Ben"}))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)
