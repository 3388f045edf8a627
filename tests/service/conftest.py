"""A real ``govreport serve`` process on a free loopback port, driven with httpx."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import ROOT

# The command line with tests/service/faults.py loaded first (hang*, crash*, slow* files).
_LAUNCH = "import sys; sys.argv[0] = 'govreport'; import tests.service.faults; from extractor.startup import main; main()"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process; ``stop`` (SIGTERM) or ``kill`` (SIGKILL) it, ``start`` it again."""

    def __init__(self, data_dir: Path, args: list[str], env: dict[str, str], log: Path) -> None:
        self.data_dir, self.args, self.env, self.log = data_dir, args, env, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, port: int) -> list[str]:
        return [sys.executable, "-c", _LAUNCH, "serve", "--port", str(port), "--data-dir", str(self.data_dir), *self.args]

    def start(self) -> Server:
        for _ in range(3):  # a port taken between free_port() and the bind: try another
            self.port = free_port()
            with self.log.open("ab") as out:
                self.proc = subprocess.Popen(self.command(self.port), cwd=ROOT, env=self.env, stdout=out,
                                             stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and self.proc.poll() is None:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                        return self
                time.sleep(0.1)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                break
        raise AssertionError(f"the server did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


@pytest.fixture
def make_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    started: list[Server] = []

    def make(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None, start: bool = True) -> Server:
        base = tmp_path_factory.mktemp("serve")
        (base / "pids").mkdir()
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "GOVREPORT_TEST_LOG": str(base / "worked.log"),
                       "GOVREPORT_TEST_PIDS": str(base / "pids"), **(env or {})}
        if "GOVREPORT_API_KEY" not in (env or {}):
            environment.pop("GOVREPORT_API_KEY", None)  # a key in the developer's shell must not leak in
        server = Server(data_dir or base / "data", list(args), environment, base / "server.log")
        started.append(server)
        return server.start() if start else server

    yield make
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Shared by a module's tests: 2 workers, small upload limits (3 MB a file, 5 MB a request, zips
    unpacking to 10 MB); tests that want a document stopped ask for ?timeout=2."""
    base = tmp_path_factory.mktemp("serve-shared")
    (base / "pids").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOVREPORT_TEST_LOG": str(base / "worked.log"),
           "GOVREPORT_TEST_PIDS": str(base / "pids"), "GOVREPORT_TEST_SLOW": "2"}
    env.pop("GOVREPORT_API_KEY", None)
    running = Server(base / "data", ["--jobs", "2", "--timeout", "60", "--max-upload-mb", "5", "--max-file-mb", "3",
                                     "--max-unzipped-mb", "10"], env, base / "server.log").start()
    yield running
    running.stop()
