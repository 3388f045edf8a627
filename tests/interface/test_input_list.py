"""`batch --input-list`: inputs named by path or URL, read by the workers (fsspec's memory and
local file systems stand in for an object store), written and resumed by the submitter."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from extractor.batch.input_list import read_input_list
from extractor.batch.manifest import read as read_manifest
from extractor.batch.runner import BatchOptions, run_batch
from extractor.limits import Limits
from tests.helpers import ROOT

SAMPLES = ROOT / "samples"
fsspec = pytest.importorskip("fsspec")


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in read_manifest(out)}


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def listed(tmp_path: Path):
    """A list naming a relative path, an absolute path, a file:// URL and a memory:// URL,
    three lines that cannot run (missing, escaping OUT, another input's name under OUT) and one
    listed twice."""
    (tmp_path / "sub").mkdir()
    shutil.copy(SAMPLES / "000_zibo_guofang_2024.txt", tmp_path / "sub" / "a.txt")
    docx = tmp_path / "elsewhere" / "b.docx"
    docx.parent.mkdir()
    shutil.copy(SAMPLES / "001_zibo_zfb_2024.docx", docx)
    pdf = tmp_path / "c.pdf"
    shutil.copy(SAMPLES / "002_zhoukou_guofang_2024.pdf", pdf)
    memory = fsspec.filesystem("memory")
    memory.pipe("/bucket/2024/m.txt", (SAMPLES / "004_panzhihua_guofang_2023.txt").read_bytes())
    lines = ["# reports of 2024", "sub/a.txt", str(docx), f"file://{pdf}", "memory://bucket/2024/m.txt", "",
             str(tmp_path / "missing.txt"), "../escape.txt", "sub/a.txt", "memory://sub/a.txt"]
    (tmp_path / "list.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield tmp_path, docx, pdf
    memory.rm("/bucket", recursive=True)


def test_listed_inputs_are_read_where_they_live(listed) -> None:
    root, docx, pdf = listed
    summary = run_batch(BatchOptions(root / "list.txt", root / "out", jobs=1, input_list=root / "list.txt"))
    rel_docx, rel_pdf = str(docx).lstrip("/"), str(pdf).lstrip("/")
    manifest = _manifest(root / "out")
    assert {k: v["status"] for k, v in manifest.items()} == {
        "sub/a.txt": "ok", rel_docx: "ok", rel_pdf: "ok", "bucket/2024/m.txt": "ok",
        str(root / "missing.txt").lstrip("/"): "failed", "../escape.txt": "failed", "memory://sub/a.txt": "failed",
    }
    assert "cannot be read" in manifest[str(root / "missing.txt").lstrip("/")]["error"]
    assert "would overwrite that of" in manifest["memory://sub/a.txt"]["error"]
    assert summary.counts["failed"] == 3 and summary.counts["ok"] == 4
    # The same document as from a folder: named by the file's own name, hashed from its bytes.
    folder = root / "folder"
    folder.mkdir()
    shutil.copy(SAMPLES / "004_panzhihua_guofang_2023.txt", folder / "m.txt")
    run_batch(BatchOptions(folder, root / "out-folder", jobs=1))
    assert _json(root / "out" / "bucket/2024/m.txt.json") == _json(root / "out-folder" / "m.txt.json")
    assert _json(root / "out" / f"{rel_pdf}.json")["source"]["file"] == "c.pdf"


def test_a_rerun_reads_but_does_not_redo_unchanged_inputs(listed) -> None:
    root, _, _ = listed
    options = BatchOptions(root / "list.txt", root / "out", jobs=1, input_list=root / "list.txt")
    first = run_batch(options)
    (root / "sub" / "a.txt").write_bytes((SAMPLES / "000_zibo_guofang_2024.txt").read_bytes() + b"\n")
    second = run_batch(options)
    assert second.counts["skipped"] == first.counts["ok"] - 1 and second.counts["ok"] == 1
    manifest = _manifest(root / "out")
    assert manifest["bucket/2024/m.txt"] | {"skipped": True} == manifest["bucket/2024/m.txt"]
    assert manifest["bucket/2024/m.txt"]["status"] == "ok" and manifest["sub/a.txt"].get("skipped") is None


def test_a_listed_sha256_skips_without_reading_and_a_wrong_one_fails(tmp_path: Path) -> None:
    source = SAMPLES / "000_zibo_guofang_2024.txt"
    shutil.copy(source, tmp_path / "a.txt")
    shutil.copy(source, tmp_path / "b.txt")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    (tmp_path / "list.txt").write_text(f"{sha}  a.txt\n{'0' * 64}  b.txt\n", encoding="utf-8")
    options = BatchOptions(tmp_path / "list.txt", tmp_path / "out", jobs=1, input_list=tmp_path / "list.txt")
    run_batch(options)
    manifest = _manifest(tmp_path / "out")
    assert manifest["a.txt"]["status"] == "ok"
    assert manifest["b.txt"]["status"] == "failed" and "not 0000" in manifest["b.txt"]["error"]
    (tmp_path / "a.txt").unlink()  # nobody reads it again: its sha256 is listed and its output up to date
    again = run_batch(options)
    assert _manifest(tmp_path / "out")["a.txt"]["skipped"] is True and again.counts["skipped"] == 1


def test_a_listed_url_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    memory = fsspec.filesystem("memory")
    memory.pipe("/big/huge.txt", b"x" * 3_000_000)
    try:
        (tmp_path / "list.txt").write_text("memory://big/huge.txt\n", encoding="utf-8")
        run_batch(BatchOptions(tmp_path / "list.txt", tmp_path / "out", jobs=1, input_list=tmp_path / "list.txt",
                               limits=Limits(max_file_mb=2)))
    finally:
        memory.rm("/big", recursive=True)
    entry = _manifest(tmp_path / "out")["big/huge.txt"]
    assert entry["status"] == "failed" and "over the limit of 2 MB" in entry["error"]


def test_the_list_format(tmp_path: Path) -> None:
    sha = "ab" * 32
    (tmp_path / "l.txt").write_text(f"{sha} *x.pdf\ns3://bucket/a%20b/r.pdf\n/abs/r.pdf\n", encoding="utf-8")
    entries = list(read_input_list(tmp_path / "l.txt"))
    assert [(e.rel, e.sha256, e.error) for e in entries] == [
        ("x.pdf", sha, None), ("bucket/a b/r.pdf", None, None), ("abs/r.pdf", None, None)]
    assert entries[0].location == str(tmp_path / "x.pdf") and entries[1].location == "s3://bucket/a%20b/r.pdf"


def test_listed_inputs_on_dask_equal_a_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    names = []
    for src in sorted(SAMPLES.glob("00[0-3]*.txt")):
        shutil.copy(src, tmp_path / src.name)
        names.append(f"file://{tmp_path / src.name}" if len(names) % 2 else src.name)
    (tmp_path / "list.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    run_batch(BatchOptions(tmp_path / "list.txt", tmp_path / "local", jobs=1, input_list=tmp_path / "list.txt"))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_batch(BatchOptions(tmp_path / "list.txt", tmp_path / "dask", input_list=tmp_path / "list.txt",
                               scheduler=cluster.scheduler_address))
    local = {p.relative_to(tmp_path / "local"): _json(p) for p in (tmp_path / "local").rglob("*.json")}
    dask = {p.relative_to(tmp_path / "dask"): _json(p) for p in (tmp_path / "dask").rglob("*.json")}
    assert len(local) == 4 and dask == local
