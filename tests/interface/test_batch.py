"""Bulk conversion: resume, interruption, hung and crashing workers, Dask, export."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from extractor.batch import pool as pool_module
from extractor.batch.manifest import read as read_manifest
from extractor.batch.runner import BatchOptions, run_batch
from extractor.batch.work import process_file as real_process_file
from tests.helpers import ROOT

SAMPLES = ROOT / "samples"


def _copy_samples(dest: Path, copies: int = 1, suffixes: tuple[str, ...] = (".txt", ".docx")) -> list[Path]:
    """Sample reports, each copy with one different trailing byte so none is skipped as a duplicate."""
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(copies):
        for src in sorted(SAMPLES.iterdir()):
            if src.suffix not in suffixes:
                continue
            sub = dest / f"copy {i}" if copies > 1 else dest
            sub.mkdir(exist_ok=True)
            target = sub / src.name
            data = src.read_bytes()
            target.write_bytes(data + (b"\n" * i if src.suffix == ".txt" else b""))
            made.append(target)
    return made


def _outputs(out: Path) -> dict[str, dict]:
    return {
        str(p.relative_to(out)): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.json"))
    }


def test_batch_writes_one_json_per_report_and_a_manifest(tmp_path: Path) -> None:
    inputs = _copy_samples(tmp_path / "in")
    (tmp_path / "in" / "子目录 with space").mkdir()
    shutil.copy(SAMPLES / "004_panzhihua_guofang_2023.txt", tmp_path / "in" / "子目录 with space" / ("长" * 80 + ".txt"))
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    summary = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=2))
    outputs = _outputs(tmp_path / "out")
    assert len(outputs) == len(inputs) + 1
    assert summary.counts["ok"] == len(inputs) + 1 and summary.counts["failed"] == 1
    manifest = {e["path"]: e for e in read_manifest(tmp_path / "out")}
    assert manifest["broken.pdf"]["status"] == "failed" and manifest["broken.pdf"]["error"]
    assert len(manifest) == len(inputs) + 2
    assert all(p.resolve().is_relative_to((tmp_path / "out").resolve()) for p in (tmp_path / "out").rglob("*"))

    # A second run skips everything already done (same bytes, same schema).
    again = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=2))
    assert again.counts["skipped"] == len(inputs) + 1
    assert again.counts["ok"] == 0
    forced = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=2, force=True))
    assert forced.counts["ok"] == len(inputs) + 1


def _fake_process(task):  # runs in forked workers
    name = Path(task.path).name
    if name.startswith("hang"):
        time.sleep(600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_process_file(task)


def test_hung_and_crashing_files_do_not_stop_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _copy_samples(tmp_path / "in", suffixes=(".txt",))
    shutil.copy(inputs[0], tmp_path / "in" / "hang.txt")
    shutil.copy(inputs[1], tmp_path / "in" / "crash.txt")
    monkeypatch.setattr(pool_module, "process_file", _fake_process)
    start = time.monotonic()
    summary = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=2, timeout=5))
    assert time.monotonic() - start < 60
    manifest = {e["path"]: e for e in read_manifest(tmp_path / "out")}
    assert "time limit" in manifest["hang.txt"]["error"]
    assert "worker crashed" in manifest["crash.txt"]["error"]
    assert summary.counts["ok"] == len(inputs)
    assert not summary.ok


def _stuck_with_child(task):  # runs in forked workers
    """Like a LibreOffice conversion stuck outside Python: a child in its own session, and
    the worker blocked in a call the document deadline cannot interrupt."""
    child = subprocess.Popen(["sleep", "600"], start_new_session=True)
    Path(task.path).with_suffix(".pid").write_text(str(child.pid))
    scratch = Path(tempfile.mkdtemp(prefix="govreport-lo-"))  # as a LibreOffice conversion makes
    (scratch / "profile").mkdir()
    Path(task.path).with_suffix(".tmpdir").write_text(str(scratch))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(600)


def test_a_killed_worker_takes_its_child_processes_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLES / "000_zibo_guofang_2024.txt", tmp_path / "in" / "stuck.txt")
    monkeypatch.setattr(pool_module, "process_file", _stuck_with_child)
    monkeypatch.setattr("extractor.batch.runner._KILL_GRACE", 0.5)
    summary = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=1, timeout=1))
    assert summary.counts["failed"] == 1
    pid = int((tmp_path / "in" / "stuck.pid").read_text())
    time.sleep(0.2)
    state = Path(f"/proc/{pid}/stat")
    # Gone, or a zombie waiting for init to reap it: either way no longer running.
    assert not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    # The killed worker could not clean up its temporary directory; the pool did.
    assert not Path((tmp_path / "in" / "stuck.tmpdir").read_text()).exists()


def test_interrupted_batch_resumes_without_redoing_or_half_files(tmp_path: Path) -> None:
    _copy_samples(tmp_path / "in", copies=6)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor.cli", "batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < 8:
        time.sleep(0.05)
    workers = pool_module.descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = _outputs(out)  # every file there parses: no half-written JSON
    # The orphaned workers notice their supervisor is gone and stop by themselves.
    time.sleep(3)
    assert workers and not [pid for pid in workers if _running(pid)]
    assert 0 < len(written) < 60
    summary = run_batch(BatchOptions(tmp_path / "in", out, jobs=2))
    assert summary.counts["skipped"] >= len(written)
    assert len(_outputs(out)) == 60
    assert summary.counts["ok"] + summary.counts["skipped"] == 60


def test_sigterm_stops_a_batch_cleanly(tmp_path: Path) -> None:
    """`kill PID` (SIGTERM) ends like Ctrl-C: exit 130, one line, whole outputs, a readable
    manifest, no worker temp directory left."""
    _copy_samples(tmp_path / "in", copies=6)
    out = tmp_path / "out"
    private = tmp_path / "tmp"
    private.mkdir()
    cmd = [sys.executable, "-m", "extractor.cli", "batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"]
    env = {**os.environ, "TMPDIR": str(private)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < 4:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1].endswith("interrupted; finished files are kept, run again to continue")
    written = _outputs(out)
    assert 0 < len(written) < 60
    finished = {e["path"] for e in read_manifest(out) if e["status"] == "ok"}
    assert finished and finished <= {k.removesuffix(".json") for k in written}
    assert list(private.iterdir()) == []


def _running(pid: int) -> bool:
    state = Path(f"/proc/{pid}/stat")
    try:
        return state.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_dask_run_equals_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    _copy_samples(tmp_path / "in")
    run_batch(BatchOptions(tmp_path / "in", tmp_path / "local", jobs=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run_batch(BatchOptions(tmp_path / "in", tmp_path / "dask", scheduler=cluster.scheduler_address))
    assert summary.counts["ok"] == len(_outputs(tmp_path / "local"))
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")
    strip = lambda rows: sorted((r["path"], r["status"], r["sha256"]) for r in rows)  # noqa: E731
    assert strip(read_manifest(tmp_path / "dask")) == strip(read_manifest(tmp_path / "local"))


def test_dask_bounds_each_document_like_a_local_run(tmp_path: Path) -> None:
    """On a cluster too: a file over the size limit is refused before upload, a document past
    --timeout is stopped (it runs in a supervised child on the worker), the rest is done."""
    distributed = pytest.importorskip("dask.distributed")
    from extractor.limits import Limits
    from tests.corpus.bad_inputs import many_pages_pdf

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SAMPLES / "000_zibo_guofang_2024.txt", inp / "good.txt")
    many_pages_pdf(SAMPLES / "000_zibo_guofang_2024.pdf", inp / "slow.pdf", 4000)
    (inp / "huge.txt").write_bytes(b"x" * 3_000_000)
    # 10 s: the small report must finish even on a loaded machine, where the document's fresh
    # child process spends seconds importing the pipeline; the 4000-page PDF needs far longer
    # (about 15 ms a page with PDFium: a minute; still over 10 s were the reader 4× faster).
    options = BatchOptions(inp, tmp_path / "out", timeout=10,
                           limits=Limits(max_pages=5000, max_file_mb=2))
    start = time.monotonic()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options.scheduler = cluster.scheduler_address
        summary = run_batch(options)
    assert time.monotonic() - start < 60
    manifest = {e["path"]: e for e in read_manifest(tmp_path / "out")}
    assert manifest["good.txt"]["status"] == "ok"
    assert manifest["slow.pdf"]["status"] == "failed" and "not finished within 10 s" in manifest["slow.pdf"]["error"]
    assert manifest["huge.txt"]["status"] == "failed" and "over the limit of 2 MB" in manifest["huge.txt"]["error"]
    assert summary.counts["failed"] == 2


def test_a_cancelled_pool_run_kills_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.batch.work import Task

    monkeypatch.setattr(pool_module, "process_file", _fake_process)
    (tmp_path / "hang.txt").write_text("x")
    pool = pool_module.WorkerPool(1, timeout=600, memory_mb=None)
    stop_at = time.monotonic() + 1
    start = time.monotonic()
    results = list(pool.run([Task(str(tmp_path / "hang.txt"), "hang.txt", "")], should_stop=lambda: time.monotonic() > stop_at))
    assert time.monotonic() - start < 10
    assert [r.error for r in results] == ["cancelled"]


def test_export_reads_back_with_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from typer.testing import CliRunner

    from extractor.cli import app

    _copy_samples(tmp_path / "in", suffixes=(".txt",))
    run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=1))
    runner = CliRunner()
    for fmt in ("parquet", "csv", "jsonl"):
        target = tmp_path / f"numbers.{fmt}"
        result = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
    frame = pd.read_parquet(tmp_path / "numbers.parquet")
    row = frame[(frame.source_file == "000_zibo_guofang_2024.txt") & (frame.row == "new_received") & (frame.column == "total")]
    assert row.value.iloc[0] == 22 and row.raw.iloc[0] == "22"
    assert frame.value.isna().sum() > 0  # nulls stay nulls (seed 003 lost numbers)
    csv = pd.read_csv(tmp_path / "numbers.csv", encoding="utf-8-sig")
    assert len(csv) == len(frame)
    wide = tmp_path / "wide.parquet"
    assert runner.invoke(app, ["export", str(tmp_path / "out"), "--format", "parquet", "--wide", "-o", str(wide)]).exit_code == 0
    frame = pd.read_parquet(wide)
    assert len(frame) == 5
    assert frame.set_index("source_file").loc["001_zibo_zfb_2024.txt", "applications.total_processed.total"] == 261


def test_consecutive_years_are_cross_checked(tmp_path: Path) -> None:
    from extractor.batch.corpus_checks import corpus_checks

    def doc(year: int, forward: int, over: int) -> dict:
        row = lambda v: {c: v for c in ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org", "total")}  # noqa: E731
        return {"report": {"agency": "某局", "year": year},
                "tables": {"applications": {"carried_forward": row(forward), "carried_over": row(over)}}}

    checks = corpus_checks([("a.json", doc(2022, 3, 0)), ("b.json", doc(2023, 0, 3)), ("c.json", doc(2024, 0, 1))])
    by_years = {(tuple(c["years"]), c["column"]): c["status"] for c in checks}
    assert by_years[((2022, 2023), "total")] == "pass"
    assert by_years[((2023, 2024), "total")] == "fail"


def test_export_takes_its_format_from_the_suffix_and_keeps_integers(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    cli = [sys.executable, "-c", "from extractor.cli import main; main()", "export", str(tmp_path / "out")]
    _copy_samples(tmp_path / "in", suffixes=(".txt",))
    run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=1))

    def export(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], capture_output=True, text=True, timeout=120)

    import pyarrow.parquet as pq

    assert export("--wide", "-o", str(tmp_path / "n.parquet")).returncode == 0
    schema = pq.read_schema(tmp_path / "n.parquet")
    # Counts are nullable integers, not floats; a fee in 万元 may be fractional.
    assert str(schema.field("applications.new_received.total").type) == "int64"
    assert str(schema.field("proactive_disclosure.fees.amount").type) == "double"
    frame = pd.read_parquet(tmp_path / "n.parquet", dtype_backend="numpy_nullable")
    assert str(frame["applications.new_received.total"].dtype) == "Int64"
    assert export("-o", str(tmp_path / "n.csv")).returncode == 0
    text = (tmp_path / "n.csv").read_text(encoding="utf-8-sig")
    assert ",22," in text and ".0," not in text
    conflict = export("--format", "csv", "-o", str(tmp_path / "x.parquet"))
    assert conflict.returncode == 2 and conflict.stderr.count("\n") == 1 and not (tmp_path / "x.parquet").exists()
    assert export("--wide", "-o", str(tmp_path / "w.jsonl")).returncode == 0
    first = json.loads((tmp_path / "w.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert isinstance(first["failed_checks"], int) and isinstance(first["warnings"], int)
    (tmp_path / "empty").mkdir()
    empty = subprocess.run([*cli[:-1], str(tmp_path / "empty"), "-o", str(tmp_path / "e.csv")],
                           capture_output=True, text=True, timeout=120)
    assert empty.returncode == 1 and "no govreport JSON documents" in empty.stderr
    assert not (tmp_path / "e.csv").exists()


def test_corpus_checks_hold_one_document_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cross-year check reads outputs one by one into a small index: a document is freed
    before the next is read (so 5,000 reports do not sit in memory together)."""
    import gc
    import weakref

    from extractor.batch import corpus_checks as module

    class Doc(dict):
        pass

    alive: list[weakref.ref] = []

    def outputs(out: Path):
        for i in range(20):
            gc.collect()
            # The consumer's loop variable may still hold the one before: never more.
            assert sum(1 for ref in alive if ref() is not None) <= 1, "earlier documents are still held"
            doc = Doc(report={"agency": "某局", "year": 2000 + i},
                      tables={"applications": {"carried_forward": {"total": i}, "carried_over": {"total": i - 1}}})
            alive.append(weakref.ref(doc))
            yield out / f"r{i}.json", doc
            del doc

    monkeypatch.setattr(module, "iter_outputs", outputs)
    checks = module.write_corpus_checks(tmp_path)
    assert len([c for c in checks if c["column"] == "total" and c["status"] == "pass"]) == 19


def test_web_pages_are_batched_exported_and_checked_like_any_report(tmp_path: Path) -> None:
    """Issue 11: the HTML samples (three kinds of page) in a batch, the export and `check`;
    the attachment-only page gets its own outcome and a manifest line naming the link."""
    from typer.testing import CliRunner

    from extractor.cli import app

    pages = _copy_samples(tmp_path / "in", suffixes=(".html", ".htm", ".shtml"))
    assert len(pages) == 16
    summary = run_batch(BatchOptions(tmp_path / "in", tmp_path / "out", jobs=1))
    assert summary.counts["ok"] == 15 and summary.counts["not_report"] == 1
    manifest = {e["path"]: e for e in read_manifest(tmp_path / "out")}
    assert "/zwgk/ndbg/" in manifest["005_attachment_only_2024.html"]["error"]
    outputs = _outputs(tmp_path / "out")
    assert {doc["source"]["format"] for doc in outputs.values()} == {"html"}
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "-o", str(tmp_path / "n.csv")])
    assert result.exit_code == 0, result.output
    assert "001_zibo_zfb_2024.shtml" in (tmp_path / "n.csv").read_text(encoding="utf-8-sig")
    for name in ("001_zibo_zfb_2024.htm.json", "002_zhoukou_guofang_2024.shtml.json"):
        failed = any(c["status"] == "fail" for c in outputs[name]["checks"])
        checked = runner.invoke(app, ["check", str(tmp_path / "out" / name)])
        assert checked.exit_code == (1 if failed else 0), checked.output
