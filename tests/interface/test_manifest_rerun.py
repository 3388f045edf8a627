"""A batch run again keeps what the first run found (issue 25): an up-to-date file's line keeps
its outcome (status, seconds, failed checks, error) with ``skipped: true`` beside it; re-runs
after a crash, after ``--force`` and after new files leave one current line per input; the
review page over the folder reads the outcome."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor.batch.manifest import NAME
from extractor.batch.manifest import read as read_manifest
from extractor.batch.runner import BatchOptions, run_batch
from tests.helpers import SAMPLES, SHARED

REAL = SHARED / "corpus" / "real" / "hzq2023_working.pdf"  # its table 4 fails two checks


def _lines(out: Path) -> list[dict[str, Any]]:
    return read_manifest(out)


def _by_path(out: Path) -> dict[str, dict[str, Any]]:
    lines = _lines(out)
    assert len(lines) == len({e["path"] for e in lines}), "one line per input"
    return {e["path"]: e for e in lines}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SAMPLES / "000_zibo_guofang_2024.txt", inp / "a.txt")
    shutil.copy(SAMPLES / "002_zhoukou_guofang_2024.docx", inp / "b.docx")
    if REAL.is_file():
        shutil.copy(REAL, inp / "real.pdf")
    (inp / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (inp / "letter.txt").write_text("尊敬的客户：您的发票已开具，请查收。\n", encoding="utf-8")
    return inp


def _run(inp: Path, out: Path, **kw: Any) -> Any:
    return run_batch(BatchOptions(inp, out, jobs=1, **kw))


def test_rerun_keeps_outcomes(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(folder, out)
    first = _by_path(out)
    assert first["a.txt"]["status"] == "ok" and "skipped" not in first["a.txt"]
    assert first["broken.pdf"]["status"] == "failed"
    assert first["letter.txt"]["status"] == "not_report"
    if REAL.is_file():
        assert first["real.pdf"]["failed_checks"]

    summary = _run(folder, out)
    again = _by_path(out)
    assert set(again) == set(first)
    for path in ("a.txt", "b.docx", *(("real.pdf",) if REAL.is_file() else ())):
        # Up to date: the first run's outcome, the skip recorded beside it.
        assert again[path] == {**first[path], "skipped": True}
    # Without a JSON there is nothing to skip: done again, the same outcome.
    for path in ("broken.pdf", "letter.txt"):
        assert again[path]["status"] == first[path]["status"] and "skipped" not in again[path]
    assert summary.counts["skipped"] == len(first) - 2

    # A third run: still the outcome, never "skipped" as a status.
    _run(folder, out)
    assert all(e["status"] != "skipped" for e in _lines(out))


def test_new_files_force_and_deleted_files_leave_one_current_line(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(folder, out)
    shutil.copy(SAMPLES / "001_zibo_zfb_2024.txt", folder / "new.txt")
    _run(folder, out)
    lines = _by_path(out)
    assert lines["new.txt"]["status"] == "ok" and "skipped" not in lines["new.txt"]
    assert lines["a.txt"]["skipped"] is True

    _run(folder, out, force=True)
    forced = _by_path(out)
    assert set(forced) == set(lines)
    assert not any(e.get("skipped") for e in forced.values())

    (folder / "new.txt").unlink()
    _run(folder, out)
    assert "new.txt" not in _by_path(out)


def test_rerun_after_a_crash(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(folder, out)
    first = _by_path(out)
    # What a kill -9 mid-run leaves: lines appended by an earlier run, a half line, a JSON
    # whose file was being processed never written.
    manifest = out / NAME
    with manifest.open("ab") as fh:
        fh.write(json.dumps({**first["a.txt"], "seconds": 9.9}, ensure_ascii=False).encode() + b"\n")
        fh.write(b'{"path": "b.docx", "sta')
    (out / "b.docx.json").unlink()
    _run(folder, out)
    lines = _by_path(out)
    assert set(lines) == set(first)
    assert lines["b.docx"]["status"] == "ok" and "skipped" not in lines["b.docx"]
    assert lines["a.txt"]["status"] == "ok" and lines["a.txt"]["skipped"] is True


def test_a_manifest_of_bare_skips_is_read_back_from_the_json(folder: Path, tmp_path: Path) -> None:
    """A manifest written before outcomes were kept ("skipped", no checks): the next run
    reads the outcome back from each JSON."""
    out = tmp_path / "out"
    _run(folder, out)
    first = _by_path(out)
    (out / NAME).write_text("".join(
        json.dumps({**e, "status": "skipped", "failed_checks": []}, ensure_ascii=False) + "\n"
        for e in first.values() if e["status"] == "ok"), encoding="utf-8")
    _run(folder, out)
    lines = _by_path(out)
    for path, entry in first.items():
        if entry["status"] == "ok":
            assert lines[path]["status"] == "ok" and lines[path]["skipped"] is True
            assert lines[path]["failed_checks"] == entry["failed_checks"]


def test_review_page_reads_the_outcome_of_a_rerun(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    from extractor.review.reports import FOLDER_JOB, FolderReports

    out = tmp_path / "out"
    _run(folder, out)
    _run(folder, out)
    job = FolderReports(out).job(FOLDER_JOB)
    assert job is not None
    statuses = {e.name: e.status for e in job.entries}
    assert statuses["a.txt"] == "ok" and statuses["broken.pdf"] == "failed"
    if REAL.is_file():
        real = next(e for e in job.entries if e.name == "real.pdf")
        assert real.failed_checks
