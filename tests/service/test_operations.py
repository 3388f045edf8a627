"""The server as an operator meets it: upload limits on the wire, the API key, a full queue,
a kill in the middle of a job, old jobs removed, one server per data folder."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.helpers import ROOT, SAMPLES

pytest.importorskip("fastapi", reason="the service extra is not installed")

TXT = SAMPLES / "000_zibo_guofang_2024.txt"


def _raw_post(port: int, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, dict, int]:
    """Send headers and as many chunks as the server takes; returns the status, the error
    and how many chunks went out before the answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.putrequest("POST", "/v1/extract")
    for key, value in headers.items():
        conn.putheader(key, value)
    conn.endheaders()
    sent = 0
    try:
        for chunk in chunks:
            conn.send(chunk)
            sent += 1
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed: what is being tested
    response = conn.getresponse()
    body = json.loads(response.read())
    conn.close()
    return response.status, body, sent


def test_uploads_past_the_limit_are_refused_without_reading_the_rest(server) -> None:
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=big.txt\r\n\r\n").encode()
    # Declared too large: answered from the headers alone, no byte of the body sent.
    status, body, _ = _raw_post(server.port, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                              "Content-Length": str(50_000_000)}, [])
    assert status == 413 and body["error"]["code"] == "upload_too_large"
    assert "the upload is over the limit of 5 MB" in body["error"]["message"]
    # Streamed without a length (chunked): refused at the limit, long before the body's end.
    megabyte = b"x" * 1_000_000
    chunks = [b"%x\r\n%s\r\n" % (len(head), head)] + [b"%x\r\n%s\r\n" % (len(megabyte), megabyte)] * 200
    status, body, sent = _raw_post(server.port, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 "Transfer-Encoding": "chunked"}, chunks)
    assert status == 413 and "over the limit of 3 MB" in body["error"]["message"]  # the per-file limit
    assert sent < 100
    # An ordinary client (httpx sends the whole body before it reads) gets the answer too.
    with server.client() as http:
        refused = http.post("/v1/extract", files={"file": ("big.txt", b"x" * 20_000_000)})
        assert refused.status_code == 413 and refused.headers["connection"] == "close"
    # Nothing of these uploads is kept.
    assert not list((server.data_dir / "jobs").rglob("*.txt"))


def test_an_api_key_is_required_when_the_server_has_one(make_server) -> None:
    server = make_server("--jobs", "1", env={"GOVREPORT_API_KEY": "s3cret-key"})
    with httpx.Client(base_url=server.url) as http:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-key"},
                        {"Authorization": "Bearer s3cret-ke"}):
            refused = http.get("/v1/schema", headers=headers)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
            assert refused.headers["www-authenticate"] == "Bearer"
        assert http.post("/v1/extract", files={"file": ("a.txt", b"x")}).status_code == 401
        assert http.get("/metrics").status_code == 401
        assert http.get("/healthz").status_code == 200 and http.get("/readyz").status_code == 200
        good = {"Authorization": "Bearer s3cret-key"}
        assert http.get("/v1/schema", headers=good).status_code == 200
        assert http.get("/metrics", headers=good).status_code == 200
        done = http.post("/v1/extract", headers=good, files={"file": (TXT.name, TXT.read_bytes())}, timeout=60)
        assert done.status_code == 200


def test_listening_beyond_loopback_needs_a_key(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GOVREPORT_API_KEY", None)
    result = subprocess.run([sys.executable, "-m", "extractor.cli", "serve", "--host", "0.0.0.0", "--data-dir",
                             str(tmp_path / "data")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("govreport: serve: --host 0.0.0.0 is reachable from other machines: "
                                     "set --api-key or GOVREPORT_API_KEY")
    assert not (tmp_path / "data").exists()


def test_a_full_queue_answers_429_with_retry_after(make_server) -> None:
    server = make_server("--jobs", "1", "--max-queue", "2", env={"GOVREPORT_TEST_SLOW": "1"})
    good = TXT.read_bytes()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        blocker = http.post("/v1/jobs", files=[("f", ("hang.txt", good))])  # holds the only worker
        assert blocker.status_code == 202
        time.sleep(0.5)
        three = http.post("/v1/jobs", files=[("f", (f"slow{i}.txt", good + b"\n" * i)) for i in range(3)])
        assert three.status_code == 429 and three.json()["error"]["code"] == "busy"  # 3 would not fit
        two = http.post("/v1/jobs", files=[("f", (f"slow{i}.txt", good + b"\n" * i)) for i in range(2)])
        assert two.status_code == 202
        full = http.post("/v1/extract", files={"file": ("slow.txt", good + b" ")})
        assert full.status_code == 429 and int(full.headers["retry-after"]) >= 1
        assert http.get("/metrics").text.count("govreport_queue_depth 2") == 1
        assert http.delete(blocker.headers["location"]).status_code == 200
        done = http.get(two.headers["location"], params={"wait": 30}).json()
        assert done["state"] == "done" and done["counts"]["ok"] == 2
        assert http.post("/v1/extract", files={"file": ("slow.txt", good + b" ")}).status_code == 200


def test_a_killed_server_finishes_its_job_with_every_document_once(make_server) -> None:
    server = make_server("--jobs", "1", env={"GOVREPORT_TEST_SLOW": "0.7"})
    good = TXT.read_bytes()
    names = [f"slow{i}.txt" for i in range(6)]
    with httpx.Client(base_url=server.url, timeout=30) as http:
        job = http.post("/v1/jobs", files=[("f", (n, good + b"\n" * i)) for i, n in enumerate(names)])
        location = job.headers["location"]
        deadline = time.monotonic() + 30
        while http.get(location).json()["counts"]["ok"] < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        before = {d["name"] for d in http.get(location).json()["documents"] if d["state"] == "done"}
    server.kill()  # SIGKILL, mid-job: one document running, the rest queued
    assert 2 <= len(before) < len(names)

    server.start()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        # One server per data folder: a second one stops at once.
        second = subprocess.run(server.command(server.port + 1 if server.port < 65535 else 1024), cwd=ROOT,
                                env=server.env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "another govreport serve (PID" in second.stderr
        status = http.get(location, params={"wait": 60}).json()
        assert status["state"] == "done" and status["counts"]["ok"] == len(names)
        results = http.get(f"{location}/results").json()["results"]
        assert sorted(r["path"] for r in results) == names  # every document, once
        for n in range(len(names)):
            assert http.get(f"{location}/documents/{n}").json()["source"]["file"] == names[n]
    worked = Counter(line.split()[1] for line in Path(server.env["GOVREPORT_TEST_LOG"]).read_text().splitlines())
    assert set(worked) == set(names)
    assert all(worked[name] == 1 for name in before)  # a finished result is never recomputed
    assert sum(worked.values()) <= len(names) + 1  # only the one cut off by the kill ran twice

    # Stopped (SIGTERM) and started with a keep time already past: the finished job is removed.
    server.stop()
    time.sleep(1.0)
    server.args += ["--keep-days", "0.00001"]  # 0.86 s
    server.start()
    with httpx.Client(base_url=server.url) as http:
        assert http.get(location).status_code == 404
    assert not (server.data_dir / "jobs" / location.rsplit("/", 1)[1]).exists()


def test_an_upload_in_flight_when_the_server_stops_gets_a_json_503(make_server) -> None:
    """Issue 26: an upload cut off by SIGTERM (its body still coming when the graceful stop's
    wait ran out) got uvicorn's plain-text "Internal Server Error"; it is a JSON 503 saying
    the server is stopping, with Retry-After, so a client knows to send it again."""
    import signal
    import socket

    server = make_server("--jobs", "1")
    body_head = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                 b"Content-Type: text/plain\r\n\r\n")
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n" + body_head)
        time.sleep(0.5)  # the request is in the app, reading its body
        assert server.proc is not None
        server.proc.send_signal(signal.SIGTERM)
        answer = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503"), answer[:300]
    assert b"retry-after: 5" in head.lower()
    assert json.loads(body)["error"]["code"] == "not_ready"
    server.proc.wait(30)  # stopped (uvicorn ends by the signal it was given)
    assert "Traceback" not in server.log.read_text(errors="replace")
