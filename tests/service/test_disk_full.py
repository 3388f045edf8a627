"""A full disk (issue 26), on a real one: the data folder on a small tmpfs, filled to the last
byte while the server runs. Needs root (mount); skipped otherwise."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SAMPLES

pytest.importorskip("fastapi", reason="the service extra is not installed")

TXT = SAMPLES / "000_zibo_guofang_2024.txt"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(disk)], check=False,
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@contextlib.contextmanager
def full(disk: Path) -> Iterator[None]:
    """The disk filled to its last byte while the block runs; freed after it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as fh:
        for size in (1 << 20, 1 << 12, 1):
            chunk = b"\0" * size
            while True:
                try:
                    fh.write(chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    try:
        yield
    finally:
        filler.unlink()


def _wait_running(http, job: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if http.get(f"/v1/jobs/{job}").json()["documents"][0]["state"] == "running":
            return
        time.sleep(0.1)
    raise AssertionError("the document never started")


def test_uploads_get_507_and_corrections_a_json_error_when_the_disk_is_full(make_server, small_disk: Path) -> None:
    server = make_server("--jobs", "1", data_dir=small_disk / "data")
    with server.client() as http:
        done = http.post("/v1/extract", files={"file": ("a.txt", TXT.read_bytes())})
        assert done.status_code == 200
        doc = done.headers["content-location"].replace("/v1/jobs/", "/review/jobs/")
        with full(small_disk):
            upload = http.post("/v1/jobs", files={"file": ("b.txt", TXT.read_bytes() * 20)})
            assert upload.status_code == 507, upload.text
            assert upload.json()["error"] == {"code": "disk_full", "message": "the server's disk is full; try again later"}
            assert http.get("/readyz").status_code == 503
            correction = http.post(f"{doc}/corrections", json={"field": "applications.granted.total", "value": 12345,
                                                                "who": "甲"})
            assert correction.status_code in (201, 507), correction.text  # stored if SQLite had room, else said so
            assert correction.status_code == 201 or correction.json()["error"]["code"] == "disk_full"
        assert http.post("/v1/jobs", files={"file": ("c.txt", TXT.read_bytes())}).status_code == 202
    assert "Traceback" not in server.log.read_text(errors="replace")


def test_a_result_that_cannot_be_stored_is_retried_then_its_document_fails_and_the_job_ends(
        make_server, small_disk: Path) -> None:
    server = make_server("--jobs", "1", "--store-retry-seconds", "3", data_dir=small_disk / "data",
                         env={"GOVREPORT_TEST_SLOW": "2"})
    with server.client() as http:
        job = http.post("/v1/jobs", files={"file": ("slow.txt", TXT.read_bytes())}).json()["id"]
        _wait_running(http, job)
        with full(small_disk):
            status = http.get(f"/v1/jobs/{job}", params={"wait": 30}).json()
        assert status["state"] == "done", status
        error = status["documents"][0]["error"]
        assert status["documents"][0]["status"] == "failed" and error["code"] == "disk_full", error
        assert error["message"] == "the result could not be stored: the server's disk is full; try again later"
        again = http.post("/v1/jobs", files={"file": ("slow.txt", TXT.read_bytes())}).json()["id"]
        assert http.get(f"/v1/jobs/{again}", params={"wait": 30}).json()["counts"]["ok"] == 1  # not reused


def test_space_freed_in_time_loses_no_result(make_server, small_disk: Path) -> None:
    server = make_server("--jobs", "1", "--store-retry-seconds", "60", data_dir=small_disk / "data",
                         env={"GOVREPORT_TEST_SLOW": "1"})
    with server.client() as http:
        job = http.post("/v1/jobs", files={"file": ("slow.txt", TXT.read_bytes())}).json()["id"]
        _wait_running(http, job)
        with full(small_disk):
            time.sleep(4)  # the result came and could not be stored
            assert http.get(f"/v1/jobs/{job}").json()["state"] != "done"
        status = http.get(f"/v1/jobs/{job}", params={"wait": 30}).json()
    assert status["state"] == "done" and status["counts"]["ok"] == 1, status
