"""POST /v1/extract and the read-only endpoints: same bytes as the CLI, every error status."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import httpx
import pytest

from extractor.pipeline import extract, to_json
from extractor.schema import labelled_schema
from tests.helpers import SAMPLES

pytest.importorskip("fastapi", reason="the service extra is not installed")


def _cli_bytes(path: Path) -> bytes:
    """What `govreport extract FILE` prints (stdout: the JSON and a newline)."""
    return (to_json(extract(path)) + "\n").encode("utf-8")


@pytest.mark.parametrize("name", ["000_zibo_guofang_2024.txt", "001_zibo_zfb_2024.docx", "002_zhoukou_guofang_2024.pdf"])
def test_extract_gives_the_same_bytes_as_the_command_line(server, name: str) -> None:
    path = SAMPLES / name
    with server.client() as http, path.open("rb") as fh:
        response = http.post("/v1/extract", files={"file": (name, fh)})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == _cli_bytes(path)
    assert re.fullmatch(r"/v1/jobs/[A-Za-z0-9_-]{22}/documents/0", response.headers["content-location"])


def test_the_same_upload_is_answered_from_the_stored_result(server, tmp_path: Path) -> None:
    copy = tmp_path / "again.txt"
    shutil.copy(SAMPLES / "003_zibo_renfang_2020.txt", copy)
    copy.write_bytes(copy.read_bytes() + b"\n\n")  # bytes no other test sends
    with server.client() as http:
        first = http.post("/v1/extract", files={"file": ("again.txt", copy.read_bytes())})
        reused_before = _metric(http, "govreport_documents_reused_total")
        second = http.post("/v1/extract", files={"file": ("again.txt", copy.read_bytes())})
        other_options = http.post("/v1/extract", params={"max_pages": 50}, files={"file": ("again.txt", copy.read_bytes())})
        assert _metric(http, "govreport_documents_reused_total") == reused_before + 1
    assert first.status_code == second.status_code == other_options.status_code == 200
    assert first.content == second.content == other_options.content
    # Answered from the first document's result, through a job of its own: the answer never
    # points into another client's job (whose other documents that would show).
    assert second.headers["content-location"] != first.headers["content-location"]
    assert other_options.headers["content-location"] != first.headers["content-location"]


def _metric(http: httpx.Client, name: str, labels: str = "") -> float:
    text = http.get("/metrics").text
    found = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert "Traceback" not in message and "/tmp" not in message and "/work" not in message
    return message


def test_document_outcomes_have_the_statuses_of_the_exit_codes(server) -> None:
    report = (SAMPLES / "002_zhoukou_guofang_2024.pdf").read_bytes()
    with server.client() as http:
        post = lambda name, data, **params: http.post("/v1/extract", params=params, files={"file": (name, data)})  # noqa: E731
        assert "not an annual report" in _error(post("letter.txt", "尊敬的客户：您的发票已开具。\n".encode()), 422, "not_report")
        assert "the file is empty" in _error(post("empty.pdf", b""), 415, "unreadable")
        assert "binary content" in _error(post("blob.bin", b"\x00\x01\x02" * 100), 415, "unsupported_format")
        assert "over the limit of 1 (--max-pages)" in _error(post("big.pdf", report, max_pages=1), 413, "limit_exceeded")
        assert "over the limit of 3 MB" in _error(post("huge.txt", b"x" * 3_100_000), 413, "upload_too_large")


def test_bad_requests_get_one_clear_error(server) -> None:
    sample = (SAMPLES / "000_zibo_guofang_2024.txt").read_bytes()
    with server.client() as http:
        assert "at most 60 on this server" in _error(
            http.post("/v1/extract", params={"timeout": 99.5}, files={"file": ("a.txt", sample)}), 400, "bad_request")
        assert "max_pages" in _error(
            http.post("/v1/extract", params={"max_pages": "many"}, files={"file": ("a.txt", sample)}), 400, "bad_request")
        # OCR: a request may ask for less than the server's --ocr (auto here), not more.
        assert "ocr: at most auto" in _error(
            http.post("/v1/extract", params={"ocr": "always"}, files={"file": ("a.txt", sample)}), 400, "bad_request")
        assert http.post("/v1/extract", params={"ocr": "never"}, files={"file": ("a.txt", sample)}).status_code == 200
        # The PDF back end: either library, nothing else.
        assert "pdf_backend" in _error(
            http.post("/v1/extract", params={"pdf_backend": "mupdf"}, files={"file": ("a.txt", sample)}), 400, "bad_request")
        pdf = (SAMPLES / "002_zhoukou_guofang_2024.pdf").read_bytes()
        by_backend = [http.post("/v1/extract", params={"pdf_backend": b}, files={"file": ("a.pdf", pdf)}) for b in ("pdfium", "pdfplumber")]
        assert [r.status_code for r in by_backend] == [200, 200]
        assert by_backend[0].json()["tables"] == by_backend[1].json()["tables"]
        assert "multipart/form-data" in _error(http.post("/v1/extract", content=sample), 400, "bad_request")
        assert "no file" in _error(http.post("/v1/extract", files={"field": (None, "text only")}), 400, "bad_request")
        assert "takes one file" in _error(
            http.post("/v1/extract", files=[("file", ("a.txt", sample)), ("file", ("b.txt", sample))]), 400, "bad_request")
        assert "ended before" in _error(http.post(
            "/v1/extract", content=b"--xyz\r\nContent-Disposition: form-data; name=file; filename=a.txt\r\n\r\nabc",
            headers={"content-type": "multipart/form-data; boundary=xyz"}), 400, "bad_request")
        _error(http.get("/v1/jobs/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not_found")
        _error(http.get("/v1/jobs/../../etc/passwd"), 404, "not_found")
        _error(http.get("/v1/nothing-here"), 404, "not_found")
        _error(http.put("/v1/extract"), 405, "method_not_allowed")
        _error(http.get("/v1/jobs/AAAAAAAAAAAAAAAAAAAAAA", params={"wait": 1000}), 400, "bad_request")


def test_schema_health_readiness_metrics_and_docs(server) -> None:
    with server.client() as http:
        assert http.get("/v1/schema").json() == json.loads(json.dumps(labelled_schema()))
        assert http.get("/healthz").json() == {"status": "ok"}
        ready = http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        text = http.get("/metrics").text
        for name in ("govreport_http_requests_total", "govreport_http_request_duration_seconds_bucket",
                     "govreport_documents_total", "govreport_queue_depth", "govreport_workers_alive 1"):
            assert name in text
        assert 'route="/v1/extract"' in text  # by route template, never by raw path
        assert "AAAAAAAAAAAAAAAAAAAAAA" not in text
        assert http.get("/docs").status_code == 200
        assert "/v1/jobs/{job_id}" in http.get("/openapi.json").json()["paths"]
        assert "access-control-allow-origin" not in http.get("/healthz", headers={"Origin": "https://evil.example"}).headers
        # A data folder that cannot be written: not ready (503, Retry-After), and ready again once it can.
        scratch = server.data_dir / "tmp"
        shutil.rmtree(scratch)
        scratch.write_text("in the way")
        try:
            not_ready = http.get("/readyz")
        finally:
            scratch.unlink()
            scratch.mkdir()
        assert "not writable" in _error(not_ready, 503, "not_ready") and not_ready.headers["retry-after"] == "5"
        assert http.get("/readyz").status_code == 200


def test_a_slow_document_becomes_a_job_instead_of_a_timeout(server) -> None:
    sample = (SAMPLES / "004_panzhihua_guofang_2023.txt").read_bytes()
    with server.client() as http:
        response = http.post("/v1/extract", params={"wait": 0.2}, files={"file": ("slow-report.txt", sample)})
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        assert response.json()["state"] in ("queued", "running")
        assert http.get(f"{location}/documents/0").status_code == 202
        done = http.get(location, params={"wait": 30}).json()
        assert done["state"] == "done" and done["counts"]["ok"] == 1
        document = http.get(f"{location}/documents/0")
    assert document.status_code == 200
    assert document.json()["source"]["file"] == "slow-report.txt"
