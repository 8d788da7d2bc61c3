"""Shared fixtures: a private store in a temporary folder, a fixed clock, the app."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coalition_tui.app import CoalitionApp, StartRequest
from coalition_tui.domain.session import Session
from coalition_tui.storage import Store

# Every test that shows dates sees the same moment, so snapshots are stable.
FIXED_NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)


class FakeMonotonic:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.now += seconds


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Nothing a test does (an export from the seal screen, a default data folder)
    # may land in the checkout or in the real home folder.
    sandbox = tmp_path_factory.mktemp("sandbox")
    monkeypatch.chdir(sandbox)
    monkeypatch.setenv("HOME", str(sandbox))
    monkeypatch.setenv("XDG_DATA_HOME", str(sandbox / ".local" / "share"))
    # Local time is UTC in every test, whatever the machine says.
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    monkeypatch.delenv("COALITION_DB", raising=False)
    # English in every test (and every process a test starts) unless the test asks for another
    # language; the user's config folder (coach's protocols) is the sandbox's.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(sandbox / ".config"))
    from coalition_tui import i18n

    i18n.set_language("en")
    i18n.missing.clear()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coalition-data"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def fake_clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def make_app(db_path: Path, fake_clock: FakeMonotonic) -> Callable[..., CoalitionApp]:
    """Build an app on the test's store; each call is a fresh instance (a new start)."""

    def build(start: StartRequest | None = None, **kwargs) -> CoalitionApp:
        kwargs.setdefault("monotonic", fake_clock)
        kwargs.setdefault("now", lambda: FIXED_NOW)
        return CoalitionApp(Store(db_path), start=start, **kwargs)

    return build


@pytest.fixture
def make_session(store: Store) -> Callable[..., Session]:
    """Create and store a session with fixed times (not locked)."""

    counter = iter(range(1, 10_000))

    def build(a: str = "Ada", b: str = "Ben", **kwargs) -> Session:
        kwargs.setdefault("now", FIXED_NOW)
        kwargs.setdefault("session_id", f"{next(counter):08x}")
        session = Session.new(a, b, **kwargs)
        store.create(session)
        return session

    return build


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel, built once, and a folder it is installed into outside the source tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    wheel = next(out.glob("coalition_tui-*.whl"))
    site = out / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True
    )
    return wheel, site


def run_in_install(site: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with only the installed wheel importable (``sys.argv[1]`` is its folder)."""
    return subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=cwd,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (it names each grouped test in its own hook)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``serial`` run one after another on one worker (``-n auto --dist loadgroup``).

    They drive a real terminal, send signals or SIGKILL, or wait on a typist's
    pace: two of them at once would compete for the same moments. Grouped, they
    run in sequence on one worker while the others share the rest of the suite.
    """
    for item in items:
        if item.get_closest_marker("serial") is not None:
            item.add_marker(pytest.mark.xdist_group("serial"))
