"""A real ``govreport serve`` (as tests/service starts it) and a real headless Chromium.

The browser is Debian's ``chromium`` driven by its ``chromium-driver`` through selenium;
nothing is downloaded at test time. Tests that need it are skipped, with the reason, where
either is missing (``.ci/run`` installs both).

Screenshots go to a folder under the test session's tmp; with ``GOVREPORT_SCREENSHOTS=DIR``
the ones the docs show are also written to DIR (``docs/`` in the repository).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("jinja2", reason="the service extra is not installed")

import httpx  # noqa: E402

from tests.service.conftest import Server, free_port  # noqa: E402 - after the skip: it imports httpx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")


def _env(base: Path) -> dict[str, str]:
    (base / "pids").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOVREPORT_TEST_LOG": str(base / "worked.log"),
           "GOVREPORT_TEST_PIDS": str(base / "pids")}
    env.pop("GOVREPORT_API_KEY", None)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("review-serve")
    running = Server(base / "data", ["--jobs", "2", "--timeout", "120"], _env(base), base / "server.log").start()
    yield running
    running.stop()


@pytest.fixture
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("review-keyed")
    env = {**_env(base), "GOVREPORT_API_KEY": "s3cret-key"}
    running = Server(base / "data", ["--jobs", "1"], env, base / "server.log")
    # /readyz is open, so start() works with a key.
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,800", "--lang=zh-CN", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def save_screenshot(driver: object, folder: Path, name: str, readme: bool = False) -> Path:
    """A PNG of the viewport; the docs' ones also to $GOVREPORT_SCREENSHOTS, when set."""
    target = folder / f"{name}.png"
    driver.save_screenshot(str(target))  # type: ignore[attr-defined]
    docs = os.environ.get("GOVREPORT_SCREENSHOTS")
    if readme and docs:
        Path(docs).mkdir(parents=True, exist_ok=True)
        _small_copy(target, Path(docs) / target.name)
    return target


def _small_copy(source: Path, target: Path) -> None:
    """Committed screenshots stay small: a 64-colour palette PNG."""
    from PIL import Image

    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def start_review(out: Path, sources: Path | None, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``govreport review OUT`` in its own process, once it answers: the process and its address."""
    port = free_port()
    with log.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "review", str(out), "--port", str(port),
                                 *(["--sources", str(sources)] if sources else [])],
                                cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                                stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        assert proc.poll() is None, log.read_text()
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(log.read_text())
