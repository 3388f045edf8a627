"""The service under attack (issue 26), each case against a real server process on loopback,
bounded in connections and seconds. The cases are scripts/attack.py's own."""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest

from scripts import attack
from tests.service.conftest import Server

pytest.importorskip("fastapi", reason="the service extra is not installed")


class SmallServer(Server):
    """A server with 256 descriptors (RLIMIT_NOFILE), as a small container or macOS gives one:
    300 slow clients are more than it can hold open."""

    def command(self, port: int) -> list[str]:
        return ["prlimit", "--nofile=256:256", "--", *super().command(port)]


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="prlimit (util-linux) is not installed")
def test_slow_clients_leave_healthz_readyz_and_uploads_answered(make_server) -> None:
    base: Server = make_server("--jobs", "1", start=False)
    server = SmallServer(base.data_dir, base.args, base.env, base.log).start()
    try:
        outcome = attack.case_slowloris(attack.Target(server.url, slow_connections=300, slow_seconds=12))
    finally:
        server.stop()
    assert outcome.held, outcome.detail
    log = server.log.read_text(errors="replace")
    # A flood of the same warning is one line a minute, never a traceback per accept().
    assert log.count("Traceback") == 0 and len(log) < 50_000, log[-2000:]


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (None if still open after ``seconds``)."""
    sock.settimeout(0.2)
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - start
    return None


def test_a_client_slow_with_its_headers_is_dropped(make_server) -> None:
    server = make_server("--jobs", "1", "--header-timeout", "2")
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        closed = _closed_within(sock, 8)
    assert closed is not None and closed < 4, closed


def test_a_body_slower_than_the_minimum_rate_is_dropped_and_its_upload_removed(make_server) -> None:
    server = make_server("--jobs", "1", "--min-body-rate", "100000")
    head = b"--b\r\nContent-Disposition: form-data; name=file; filename=a.txt\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                     b"Content-Length: 10000000\r\n\r\n" + head)
        start = time.monotonic()
        dropped = None
        while time.monotonic() - start < 30 and dropped is None:
            try:
                sock.sendall(b"x" * 1000)  # 1 KB a second, a hundredth of the minimum
            except OSError:
                dropped = time.monotonic() - start
                break
            dropped = _closed_within(sock, 1.0)
    assert dropped is not None and dropped < 25, dropped
    time.sleep(1)
    jobs = Path(server.data_dir) / "jobs"
    assert not any(jobs.iterdir()), list(jobs.iterdir())  # the partial upload was removed


def test_page_images_of_huge_pages_are_bounded_in_pixels_children_and_repeats(make_server) -> None:
    server = make_server("--jobs", "1")
    outcome = attack.case_huge_page_image(attack.Target(server.url))
    assert outcome.held, outcome.detail


@pytest.mark.parametrize("name", ["cross_site_writes", "dns_rebinding", "security_headers", "reused_result_location",
                                  "exports", "odd_requests"])
def test_browser_borne_and_odd_requests_are_refused(server, name: str) -> None:
    outcome = attack.CASES[name](attack.Target(server.url))
    assert outcome.held, outcome.detail
