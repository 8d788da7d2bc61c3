"""Running the app so that nothing is lost however it ends."""

from __future__ import annotations

from coalition_tui.app import CoalitionApp


def run_safely(app: CoalitionApp) -> None:
    try:
        app.run()
    finally:
        app.close_session()
