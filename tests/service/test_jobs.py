"""POST /v1/jobs and what follows: progress, results, documents, export, cancel; zips with
hostile names and bombs; hanging and crashing files; the client."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from extractor.client import Client, ServiceError
from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES

pytest.importorskip("fastapi", reason="the service extra is not installed")

TXT = SAMPLES / "000_zibo_guofang_2024.txt"
DOCX = SAMPLES / "001_zibo_zfb_2024.docx"


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (name, data)) for name, data in items]


def test_a_job_runs_every_file_and_reports_each(server) -> None:
    with server.client() as http:
        response = http.post("/v1/jobs", files=_files(("a.txt", TXT.read_bytes()), ("b.docx", DOCX.read_bytes()),
                                                      ("broken.pdf", b"%PDF-1.4 truncated")))
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        assert response.json()["total"] == 3
        status = http.get(location, params={"wait": 60}).json()
        assert status["state"] == "done"
        assert status["counts"] == {"queued": 0, "running": 0, "ok": 2, "failed": 1, "not_report": 0}
        assert [d["name"] for d in status["documents"]] == ["a.txt", "b.docx", "broken.pdf"]
        assert status["documents"][2]["error"]["code"] == "unreadable"

        results = http.get(f"{location}/results").json()["results"]
        assert [r["path"] for r in results] == ["a.txt", "b.docx", "broken.pdf"]
        assert {k for k in results[0]} >= {"path", "sha256", "status", "seconds", "failed_checks", "error", "document"}
        first = http.get(results[0]["document"])
        assert first.content == (to_json(extract(TXT, name="a.txt")) + "\n").encode()
        assert http.get(results[2]["document"]).status_code == 415
        assert http.get(f"{location}/documents/7").status_code == 404

        table = http.get(f"{location}/export", params={"format": "csv"})
        assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
        assert {r["source_file"] for r in rows} == {"a.txt", "b.docx"}
        assert any(r["row"] == "new_received" and r["column"] == "total" and r["value"] == "22" for r in rows)
        pytest.importorskip("pyarrow")
        parquet = http.get(f"{location}/export", params={"format": "parquet"})
        assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"
        workbook = http.get(f"{location}/export", params={"format": "xlsx"})
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
        assert http.get(f"{location}/export", params={"format": "xls"}).status_code == 400

        deleted = http.delete(location)
        assert deleted.status_code == 200 and deleted.json()["deleted"] is True
        assert http.get(location).status_code == 404
        assert not (server.data_dir / "jobs" / location.rsplit("/", 1)[1]).exists()


def _zip(path: Path, members: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path.read_bytes()


def test_a_zip_is_unpacked_inside_the_job_and_names_never_become_paths(server, tmp_path: Path) -> None:
    data = _zip(tmp_path / "reports.zip", {
        "2024/zibo.txt": TXT.read_bytes(),
        "../escaped.txt": TXT.read_bytes(),
        "/etc/absolute.txt": TXT.read_bytes(),
        "a/../../../climb.docx": DOCX.read_bytes(),
        "notes.xls": b"not a report",  # like batch: only a report's suffix is an input
        "__MACOSX/2024/._zibo.txt": b"resource fork",
    })
    with server.client() as http:
        response = http.post("/v1/jobs", files=_files(("reports.zip", data), ("extra.docx", DOCX.read_bytes())))
        assert response.status_code == 202, response.text
        status = http.get(response.headers["location"], params={"wait": 60}).json()
    by_name = {d["name"]: d for d in status["documents"]}
    assert set(by_name) == {"reports.zip/2024/zibo.txt", "reports.zip/../escaped.txt", "reports.zip//etc/absolute.txt",
                            "reports.zip/a/../../../climb.docx", "extra.docx"}
    assert by_name["reports.zip/2024/zibo.txt"]["status"] == "ok"
    assert by_name["extra.docx"]["status"] == "ok"
    for name in ("reports.zip/../escaped.txt", "reports.zip//etc/absolute.txt", "reports.zip/a/../../../climb.docx"):
        assert by_name[name]["status"] == "failed" and by_name[name]["error"]["code"] == "unsafe_name"
    everywhere = [p.name for p in server.data_dir.parent.rglob("*")]
    assert not {"escaped.txt", "absolute.txt", "climb.docx", "zibo.txt"} & set(everywhere)
    assert not Path("/etc/absolute.txt").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(server, tmp_path: Path) -> None:
    # 20 MB of zeros deflate to ~20 kB; the server allows 10 MB unpacked (--max-unzipped-mb 10).
    bomb = _zip(tmp_path / "bomb.zip", {"a.txt": b"0" * 20_000_000})
    assert len(bomb) < 100_000
    with server.client() as http:
        response = http.post("/v1/jobs", files=_files(("bomb.zip", bomb)))
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "limit_exceeded"
        assert "unpacks to 20 MB, over the limit of 10 MB" in response.json()["error"]["message"]
        damaged = http.post("/v1/jobs", files=_files(("damaged.zip", b"PK\x03\x04" + b"\x00" * 50)))
        assert damaged.status_code == 415 and damaged.json()["error"]["code"] == "unreadable"
    # Nothing of the bomb was written (other tests' finished uploads stay in jobs/*/src/ for the review page).
    assert not any(p.name == "a.txt" or (p.is_file() and p.stat().st_size >= 10_000_000)
                   for p in (server.data_dir / "jobs").rglob("*"))


def _sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd).startswith("socket:")
    return count


def test_a_hanging_and_a_crashing_file_do_not_stop_the_job(server) -> None:
    from extractor.batch.pool import descendants

    good = TXT.read_bytes()
    with server.client() as http:
        response = http.post("/v1/jobs", params={"timeout": 2}, files=_files(
            ("hang.txt", good), ("crash.txt", good), ("one.txt", good), ("two.docx", DOCX.read_bytes())))
        start = time.monotonic()
        status = http.get(response.headers["location"], params={"wait": 60}).json()
    # The job's timeout is 2 s; the pool kills a worker stuck outside Python 5 s later.
    assert status["state"] == "done" and time.monotonic() - start < 30
    by_name = {d["name"]: d for d in status["documents"]}
    assert by_name["hang.txt"]["error"]["code"] == "limit_exceeded"
    assert "time limit of 2 s" in by_name["hang.txt"]["error"]["message"]
    assert by_name["crash.txt"]["error"]["code"] == "worker_crashed"
    assert by_name["one.txt"]["status"] == by_name["two.docx"]["status"] == "ok"
    with server.client() as http:
        crashed = http.get(by_name["crash.txt"]["url"])
        assert crashed.status_code == 500 and crashed.json()["error"]["code"] == "worker_crashed"
        assert http.get(by_name["hang.txt"]["url"]).status_code == 413
    # Replaced workers, forked while clients were connected, hold only their own pipe.
    workers = descendants(server.proc.pid)
    assert len(workers) == 2 and all(_sockets(pid) == 1 for pid in workers)
    with server.client() as http:
        assert http.get("/readyz").status_code == 200


def test_a_worker_killed_while_idle_is_replaced(server) -> None:
    from extractor.batch.pool import descendants

    victim = descendants(server.proc.pid)[0]
    os.kill(victim, 9)
    deadline = time.monotonic() + 10
    with server.client() as http:
        while time.monotonic() < deadline and (victim in descendants(server.proc.pid)
                                               or http.get("/readyz").status_code != 200):
            time.sleep(0.1)
        assert http.get("/readyz").status_code == 200
        assert len(descendants(server.proc.pid)) == 2
        assert http.post("/v1/extract", files={"file": ("after-kill.txt", TXT.read_bytes())}).status_code == 200


def test_cancel_stops_the_worker_at_once_and_removes_the_job(server) -> None:
    pids = Path(server.env["GOVREPORT_TEST_PIDS"])
    with server.client() as http:
        response = http.post("/v1/jobs", files=_files(("hang-cancel.txt", TXT.read_bytes())))
        location = response.headers["location"]
        pid_file = pids / "hang-cancel.txt.pid"
        deadline = time.monotonic() + 10
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        assert http.get(location).json()["documents"][0]["state"] == "running"
        start = time.monotonic()
        deleted = http.delete(location)
        assert deleted.status_code == 200 and deleted.json()["cancelled"] == 1
        assert time.monotonic() - start < 2  # not the 65 s the time limit would take
        assert not _alive(worker)
        assert http.get(location).status_code == 404
        assert http.get("/readyz").status_code == 200


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_the_client_extracts_submits_and_waits(server, tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("尊敬的客户：您的发票已开具。\n", encoding="utf-8")
    with Client(server.url) as client:
        document = client.extract(TXT)
        assert document["source"]["file"] == TXT.name and document["tables"]["applications"]
        with pytest.raises(ServiceError) as refused:
            client.extract(letter)
        assert refused.value.status == 422 and refused.value.code == "not_report"
        job = client.submit([TXT, DOCX, letter])
        status = client.wait(job)
        assert status["state"] == "done" and status["counts"]["ok"] == 2 and status["counts"]["not_report"] == 1
        assert [r["status"] for r in client.results(job)] == ["ok", "ok", "not_report"]
        assert client.document(job, 1)["source"]["file"] == DOCX.name
        target = client.export(job, tmp_path / "numbers.csv")
        assert target.read_bytes().startswith(b"\xef\xbb\xbfsource_file")
        client.delete(job)
        with pytest.raises(ServiceError) as gone:
            client.status(job)
        assert gone.value.status == 404


def test_a_data_folder_from_before_job_owners_is_opened_and_given_the_column(tmp_path) -> None:
    """A --data-dir made by a version without ``jobs.owner``: opened, the column added, its jobs
    kept (owner NULL: listed to no one on a keyed server, to everyone without a key)."""
    import sqlite3

    from extractor.service.db import FILE_NAME, Database

    old = sqlite3.connect(tmp_path / FILE_NAME)
    old.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, created REAL NOT NULL, "
                "finished REAL, options TEXT NOT NULL)")
    old.execute("INSERT INTO jobs VALUES ('j', 'batch', 1.0, NULL, '{}')")
    old.commit()
    old.close()
    db = Database(tmp_path)
    assert [dict(r) for r in db.query("SELECT id, owner FROM jobs")] == [{"id": "j", "owner": None}]
