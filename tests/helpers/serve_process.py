"""Running ``coalition serve`` in a subprocess, for test_serve.py and test_browser.py.

Every wait is bounded; the server is stopped (and killed if it must be) however
the test ends, and its log is kept for the failure message.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port nobody listens on right now, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def running_server(db: Path, log_dir: Path, *extra: str) -> Iterator[RunningServer]:
    """``coalition --db DB serve --port P [extra...]``, up and accepting connections."""
    port = free_port()
    log_path = log_dir / f"serve-{port}.log"
    command = [sys.executable, "-m", "coalition_tui", "--db", str(db), "serve", "--port", str(port), *extra]
    env = dict(os.environ, COLUMNS="200", PYTHONUNBUFFERED="1")
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = RunningServer(process, port, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepts(port):
            if process.poll() is not None:
                raise AssertionError(f"coalition serve exited with {process.returncode}:\n{server.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"coalition serve did not listen within {START_TIMEOUT} s:\n{server.log()}")
            time.sleep(0.1)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
    # The server and the app processes it started share a process group: end them all.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.wait(timeout=STOP_TIMEOUT)


RAW_TIMEOUT = 10.0


def raw_request(port: int, request: bytes) -> tuple[int, bytes]:
    """Send ``request`` exactly as written (no client fixes it up) and read the answer to the end.

    The status code and the body. The server closes the connection after answering
    (the request asks for that, or is HTTP/1.0, or is refused).
    """
    with socket.create_connection(("127.0.0.1", port), timeout=RAW_TIMEOUT) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1."), answer[:200]
    return int(status_line.split()[1]), body


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (Linux /proc), as text."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            found.add(_decode_address(address, width))
    return found


def _decode_address(hex_address: str, width: int) -> str:
    import ipaddress

    raw = bytes.fromhex(hex_address)
    # /proc writes each 32-bit word in host (little-endian) order.
    words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)] if sys.byteorder == "little" else [raw]
    packed = b"".join(words)
    return str(ipaddress.ip_address(packed))
