"""The review page over HTTP, without a browser: pages and fragments, the original kept for
it, corrections and verdicts with their errors, the API key's login, and ``govreport review
OUT/`` read-only over a batch folder."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import ROOT, SAMPLES
from tests.review.conftest import start_review

DOCX = SAMPLES / "000_zibo_guofang_2024.docx"
TXT = SAMPLES / "001_zibo_zfb_2024.txt"


@pytest.fixture(scope="module")
def job(server) -> str:
    with server.client() as http:
        created = http.post("/v1/jobs", files=[("files", (DOCX.name, DOCX.read_bytes())),
                                               ("files", (TXT.name, TXT.read_bytes()))])
        assert created.status_code == 202, created.text
        job_id = created.json()["id"]
        assert http.get(f"/v1/jobs/{job_id}", params={"wait": 60}).json()["state"] == "done"
    return job_id


def test_the_pages_render_and_the_original_is_kept(server, job: str) -> None:
    with server.client() as http:
        index = http.get("/")
        assert index.status_code == 200 and "上传年报" in index.text and job in index.text
        listing = http.get(f"/review/jobs/{job}")
        assert listing.status_code == 200 and "淄博市国防动员办公室" in listing.text
        report = http.get(f"/review/jobs/{job}/documents/0")
        assert report.status_code == 200 and "三、收到和处理政府信息公开申请情况" in report.text
        assert report.headers["content-type"].startswith("text/html")
        assert (server.data_dir / "jobs" / job / "src" / "0.docx").read_bytes() == DOCX.read_bytes()
        document = http.get(f"/v1/jobs/{job}/documents/0").json()
        raw = document["provenance"]["applications.new_received.total"]["raw"]
        fragment = http.get(f"/review/jobs/{job}/documents/0/source", params={"field": "applications.new_received.total"})
        assert fragment.status_code == 200
        assert f'class="hit">{raw}<' in fragment.text and 'class="hit-row"' in fragment.text
        text_copy = http.get(f"/review/jobs/{job}/documents/1/source", params={"field": "review_litigation.review.total"})
        assert 'class="hit"' in text_copy.text
        for path in ("/review/static/review.js", "/review/static/review.css"):
            assert http.get(path).status_code == 200


def test_downloads(server, job: str) -> None:
    with server.client() as http:
        extracted = http.get(f"/review/jobs/{job}/documents/0/extracted.json")
        assert extracted.content == http.get(f"/v1/jobs/{job}/documents/0").content
        long = http.get(f"/review/jobs/{job}/numbers.csv").content.decode("utf-8-sig").splitlines()
        assert long[0].startswith("source_file,agency,year,template,published_on,identity.name") and len(long) > 300
        assert long[0].endswith(",table,row,column,value,raw")
        workbook = http.get(f"/review/jobs/{job}/data.xlsx")
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
        assert "spreadsheetml" in workbook.headers["content-type"]
        one = http.get(f"/review/jobs/{job}/numbers.csv", params={"n": 1, "wide": "true"}).content.decode("utf-8-sig")
        assert len(one.splitlines()) == 2 and "applications.granted.total" in one.splitlines()[0]


def test_corrections_and_verdicts_and_their_errors(server, job: str) -> None:
    base = f"/review/jobs/{job}/documents/1"
    with server.client() as http:
        document = http.get(f"/v1/jobs/{job}/documents/1").json()
        total = document["tables"]["applications"]["granted"]["total"]
        bad = {"field": "applications.granted.total", "value": "x", "who": "甲"}
        for body, message in ((bad, "not a number"), ({**bad, "value": "3", "who": ""}, "name"),
                              ({**bad, "value": "3", "field": "applications.nope.total"}, "no such field"),
                              ({**bad, "value": total}, "already")):
            answer = http.post(f"{base}/corrections", json=body)
            assert answer.status_code == 400 and message in answer.json()["error"]["message"], answer.text
        assert http.post(f"{base}/corrections", content=b"{not json",
                         headers={"content-type": "application/json"}).status_code == 400
        # A form another site could post (text/plain: no CORS preflight) is refused.
        plain = http.post(f"{base}/corrections", content=json.dumps({**bad, "value": 1}).encode(),
                          headers={"content-type": "text/plain"})
        assert plain.status_code == 400 and "application/json" in plain.text
        made = http.post(f"{base}/corrections", json={**bad, "value": total + 5, "note": "试验"})
        assert made.status_code == 201 and made.json()["old"] == total and made.json()["new"] == total + 5
        page = http.get(base).text
        assert "已按更正后的表格重新核对" in page and "applications.row_totals" in page
        check = "applications.row_totals|row granted"
        assert http.post(f"{base}/verdicts", json={"check": check, "verdict": "dismissed", "who": "甲"}).status_code == 400
        assert http.post(f"{base}/verdicts", json={"check": "nope|x", "verdict": "confirmed", "who": "甲"}).status_code == 400
        judged = http.post(f"{base}/verdicts", json={"check": check, "verdict": "confirmed", "who": "甲", "note": "核实"})
        assert judged.status_code == 201
        assert "已确认：报告本身有误" in http.get(base).text
        again = http.post(f"{base}/corrections", json={**bad, "value": "", "who": "乙"})
        assert again.json()["old"] == total + 5 and again.json()["new"] is None
        # The extraction is untouched; the history is in the download.
        assert http.get(f"/v1/jobs/{job}/documents/1").json() == document
        corrected = http.get(f"{base}/corrected.json").json()
        assert [c["new"] for c in corrected["review"]["corrections"]] == [total + 5, None]
        assert corrected["tables"]["applications"]["granted"]["total"] is None
        assert corrected["review"]["check_verdicts"][0]["verdict"] == "confirmed"


def test_bad_requests_get_clear_answers(server, job: str) -> None:
    with server.client() as http:
        assert http.get(f"/review/jobs/{job}/documents/0/pages/1.png", params={"box": "1,2,3"}).status_code == 400
        not_pdf = http.get(f"/review/jobs/{job}/documents/0/pages/1.png")
        assert not_pdf.status_code == 404 and not_pdf.json()["error"]["message"] == "page images are for PDF originals"
        missing = http.get("/review/jobs/AAAAAAAAAAAAAAAAAAAAAA")
        assert missing.status_code == 404 and "没有这个任务" in missing.text
        assert http.get("/review/jobs/../../etc/passwd").status_code == 404
        assert http.get("/review/jobs/not-an-id/documents/0/pages/1.png").status_code == 404
        assert http.get("/review/jobs/not-an-id/documents/0/source", params={"field": "x"}).status_code == 200
        assert http.get(f"/review/jobs/{job}/documents/7").status_code == 404
        assert http.get(f"/review/jobs/{job}/documents/x").status_code == 400
        nothing = http.get(f"/review/jobs/{job}/documents/0/source", params={"field": "nope"})
        assert nothing.status_code == 200 and "原文中没有这一项的位置" in nothing.text
    assert "Traceback" not in (server.log.read_text(errors="replace"))


def test_the_page_needs_the_key_when_the_server_has_one(keyed_server) -> None:
    with keyed_server.client(follow_redirects=False) as http:
        first = http.get("/")
        assert first.status_code == 303 and first.headers["location"].startswith("/review/login")
        assert http.get("/review/jobs/AAAAAAAAAAAAAAAAAAAAAA/status").status_code == 401
        assert http.get("/review/static/review.css").status_code == 200
        assert http.get("/review/login").status_code == 200
        wrong = http.post("/review/login", data={"key": "guess", "next": "/"})
        assert wrong.status_code == 401 and "密钥不正确" in wrong.text
        right = http.post("/review/login", data={"key": "s3cret-key", "next": "//evil.example/"})
        assert right.status_code == 303 and right.headers["location"] == "/"
        cookie = right.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "s3cret-key" not in cookie
        assert http.get("/").status_code == 200  # the client keeps the cookie
        assert http.get("/v1/jobs/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404  # the page's uploads work with it


def test_review_serves_a_batch_folder_read_only(tmp_path: Path) -> None:
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    (reports / TXT.name).write_bytes(TXT.read_bytes())
    (reports / DOCX.name).write_bytes(DOCX.read_bytes())
    subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(reports), "-o", str(out), "--jobs", "1"],
                   cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True, capture_output=True,
                   timeout=300)
    # The same agency a year later, carrying over a different number: the corpus view shows it.
    first = json.loads((out / f"{TXT.name}.json").read_text())
    later = copy.deepcopy(first)
    later["report"]["year"] = first["report"]["year"] + 1
    later["tables"]["applications"]["carried_over"]["total"] = (first["tables"]["applications"]["carried_forward"]["total"] or 0) + 2
    (out / "later.json").write_text(json.dumps(later, ensure_ascii=False))
    proc, url = start_review(out, reports, tmp_path / "review.log")
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            page = http.get("/")
            assert page.status_code == 200 and "只读" in page.text and "上传年报" not in page.text
            assert page.text.count('<tr data-status="ok"') == 2  # the manifest's two inputs
            names = [line["path"] for line in map(json.loads, (out / "manifest.jsonl").read_text().splitlines())]
            n = names.index(TXT.name)
            report = http.get(f"/review/jobs/batch/documents/{n}")
            assert report.status_code == 200 and 'id="correction-form"' not in report.text
            fragment = http.get(f"/review/jobs/batch/documents/{n}/source", params={"field": "applications.granted.total"})
            assert 'class="hit"' in fragment.text
            refused = http.post(f"/review/jobs/batch/documents/{n}/corrections",
                                json={"field": "applications.granted.total", "value": 1, "who": "甲"})
            assert refused.status_code == 405 and "read-only" in refused.json()["error"]["message"]
            assert http.get("/review/jobs/batch/numbers.csv").status_code == 200
            assert http.get("/v1/jobs").status_code == 404
    finally:
        proc.terminate()
        proc.wait(30)


def test_review_refuses_a_missing_folder(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "extractor.cli", "review", str(tmp_path / "nope")], cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, timeout=60)
    assert done.returncode == 2 and b"no such folder" in done.stderr and b"Traceback" not in done.stderr


def test_review_of_a_folder_serves_only_documents_inside_it_and_only_to_its_own_host(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(TXT), "-o", str(out / "a.txt.json")],
                   cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True, timeout=120)
    secret = tmp_path / "secret.json"
    secret.write_text('{"tables": {}, "schema_version": "1.0", "source": {}, "secret": "TOPSECRET"}')
    (out / "x.txt.json").symlink_to(secret)  # a link out of OUT, to a file that even looks like a document
    (out / "y.txt.json").write_text('{"tables": {}, "not": "a govreport document"}')
    proc, url = start_review(out, tmp_path, tmp_path / "review.log")
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            served = [http.get(f"/review/jobs/batch/documents/{n}/extracted.json") for n in range(3)]
            assert [s.status_code for s in served].count(200) == 1
            assert not any(b"TOPSECRET" in s.content or b"a govreport document" in s.content for s in served)
            assert b"TOPSECRET" not in http.get("/review/jobs/batch/numbers.csv").content
            assert http.get("/", headers={"Host": "attacker.example"}).status_code == 421
            page = http.get("/")
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    finally:
        proc.terminate()
        proc.wait(30)


def test_on_a_keyed_server_the_index_lists_each_client_only_its_own_jobs(keyed_server) -> None:
    """Issue 26: `/` listed the 50 newest jobs to every client. With a key, each login is a
    client of its own: its page lists the jobs it sent, not another reviewer's, nor those sent
    with the key itself (an API client's are found by their address)."""
    def login(http: httpx.Client) -> httpx.Client:
        assert http.post("/review/login", data={"key": "s3cret-key", "next": "/"}).status_code == 303
        return http

    def upload(http: httpx.Client, headers: dict[str, str] | None = None) -> str:
        created = http.post("/v1/jobs", files=[("files", (TXT.name, TXT.read_bytes()))], headers=headers)
        assert created.status_code == 202, created.text
        return created.json()["id"]

    with keyed_server.client() as first, keyed_server.client() as second, keyed_server.client() as api:
        mine, theirs = upload(login(first)), upload(login(second))
        by_key = upload(api, {"Authorization": "Bearer s3cret-key"})
        first_page, second_page = first.get("/").text, second.get("/").text
        assert mine in first_page and theirs not in first_page and by_key not in first_page
        assert theirs in second_page and mine not in second_page and by_key not in second_page
        # Not listed is not hidden: each job still opens from its address, for any client with the key.
        assert first.get(f"/review/jobs/{theirs}").status_code == 200
