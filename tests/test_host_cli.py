"""``coalition host`` and ``coalition join``: what is refused before any screen opens.

(The screens and the network are tested with real processes in ``test_live_processes.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coalition_tui.cli import main
from coalition_tui.domain.session import Session
from coalition_tui.storage import Store
from tests.helpers.filled_session import full_session


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def host(runner: CliRunner, db: Path, *args: str):
    return runner.invoke(main, ["--db", str(db), "host", *args])


def test_listening_beyond_this_computer_needs_tls_or_a_clear_choice(runner: CliRunner, tmp_path: Path) -> None:
    Store(tmp_path).create(Session.new("Ada", "Ben", session_id="0000aaaa"))
    result = host(runner, tmp_path, "0000aaaa", "--bind", "0.0.0.0")
    assert result.exit_code == 1
    assert "unencrypted" in result.output and "SSH tunnel" in result.output
    assert not (tmp_path / "remote").exists()  # nothing was opened, no invitation made


def test_tls_needs_both_its_files(runner: CliRunner, tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not used")
    result = host(runner, tmp_path, "--tls-cert", str(cert))
    assert result.exit_code == 1
    assert "both --tls-cert and --tls-key" in result.output


def test_there_must_be_a_session_to_host(runner: CliRunner, tmp_path: Path) -> None:
    result = host(runner, tmp_path)
    assert result.exit_code == 1
    assert "no unfinished session to host" in result.output


def test_a_sealed_agreement_is_not_hosted(runner: CliRunner, tmp_path: Path) -> None:
    Store(tmp_path).create(full_session(session_id="5ea1bbbb", sealed=True))
    result = host(runner, tmp_path, "5ea1bbbb")
    assert result.exit_code == 1
    assert "sealed and reads only" in result.output


@pytest.mark.parametrize("address", ["", "https://example.com/x?key=y", "coalition://127.0.0.1:9/room"])
def test_join_says_plainly_when_a_line_is_not_an_invitation(runner: CliRunner, tmp_path: Path, address: str) -> None:
    result = runner.invoke(main, ["--db", str(tmp_path), "join", address])
    assert result.exit_code == 1
    assert "not a Coalition invitation" in result.output
