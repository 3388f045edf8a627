"""A batch gives every input an outcome, whatever its name or kind, and loses no line.

These run the real console script in a subprocess: exit codes, stderr lines and what a
kill leaves behind are what a user sees."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch.manifest import read as read_manifest
from tests.helpers import ROOT, processes_naming

SAMPLES = ROOT / "samples"
GOVREPORT = [sys.executable, "-c", "from extractor.cli import main; main()"]
TXT = SAMPLES / "000_zibo_guofang_2024.txt"


def _batch(inp: Path, out: Path, *extra: str, fsize: int | None = None, env: dict[str, str] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([*GOVREPORT, "batch", str(inp), "-o", str(out), "--jobs", "2", *extra],
                          capture_output=True, timeout=timeout, preexec_fn=limit, env=env)


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in read_manifest(out)}


# -- names ---------------------------------------------------------------------------------

ODD_NAMES = {
    "gbk": "政府信息公开年度报告".encode("gbk") + b".txt",
    "latin1": "rapport-annuel-\u00e9t\u00e9".encode("latin-1") + b".txt",
    "invalid_utf8": b"report-\xff\xfe-\xc3(.txt",
}


@pytest.mark.parametrize("kind", sorted(ODD_NAMES))
def test_names_that_are_not_utf8_work_end_to_end(tmp_path: Path, kind: str) -> None:
    raw = ODD_NAMES[kind]
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    with open(os.path.join(os.fsencode(inp), raw), "wb") as fh:
        fh.write(TXT.read_bytes())
    run = _batch(inp, out)
    assert run.returncode == 0, run.stderr
    # The output name keeps the input's bytes exactly.
    produced = os.listdir(os.fsencode(out))
    assert raw + b".json" in produced
    data = (out.joinpath(os.fsdecode(raw + b".json"))).read_bytes()
    data.decode("utf-8")  # valid UTF-8
    doc = json.loads(data)
    shown = raw.decode("utf-8", "backslashreplace")
    assert doc["source"]["file"] == shown
    warning = next(w for w in doc["warnings"] if w["code"] == "file_name_not_utf8")
    assert warning["where"]["name_bytes_hex"] == raw.hex()
    (out / "manifest.jsonl").read_bytes().decode("utf-8")
    entry = _manifest(out)[shown]
    assert entry["status"] == "ok" and bytes.fromhex(entry["path_bytes_hex"]) == raw
    # A re-run finds it up to date (the name round-trips through the manifest and output).
    again = _batch(inp, out)
    assert again.returncode == 0 and _manifest(out)[shown]["status"] == "ok" and _manifest(out)[shown]["skipped"]
    # extract writes valid UTF-8 JSON for it too.
    single = subprocess.run([*GOVREPORT, "extract", os.fsdecode(os.path.join(os.fsencode(inp), raw))],
                            capture_output=True, timeout=120)
    assert single.returncode == 0
    assert json.loads(single.stdout.decode("utf-8"))["source"]["file"] == shown


# -- every input gets an outcome -------------------------------------------------------------


def _odd_folder(root: Path, outside: Path) -> dict[str, str]:
    """Inputs of every kind; returns manifest path → expected status."""
    root.mkdir()
    shutil.copy(TXT, root / "good.txt")
    (root / "README.md").write_text("# Notes\n\nThis folder holds reports.\n", encoding="utf-8")
    os.symlink(root / "good.txt", root / "link_inside.txt")
    os.symlink(root / "gone.txt", root / "dangling.pdf")
    os.symlink(root / "loop_b.pdf", root / "loop_a.pdf")
    os.symlink(root / "loop_a.pdf", root / "loop_b.pdf")
    outside.mkdir()
    shutil.copy(TXT, outside / "secret.txt")
    os.symlink(outside / "secret.txt", root / "outside.txt")
    os.symlink(outside, root / "outside_folder")
    os.mkfifo(root / "fifo.pdf")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.docx"))
    sock.close()
    (root / "ignored.xlsx").write_bytes(b"not an input")
    return {
        "good.txt": "ok",
        "README.md": "not_report",
        "link_inside.txt": "ok",
        "dangling.pdf": "skipped_link",
        "loop_a.pdf": "skipped_link",
        "loop_b.pdf": "skipped_link",
        "outside.txt": "skipped_link",
        "outside_folder/": "skipped_link",
        "fifo.pdf": "skipped_not_regular",
        "sock.docx": "skipped_not_regular",
    }


def test_every_input_gets_a_manifest_line_and_not_report_is_no_failure(tmp_path: Path) -> None:
    expected = _odd_folder(tmp_path / "in", tmp_path / "elsewhere")
    run = _batch(tmp_path / "in", tmp_path / "out", timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    manifest = _manifest(tmp_path / "out")
    assert {k: v["status"] for k, v in manifest.items()} == expected
    assert all(manifest[k]["error"] for k, v in expected.items() if v.startswith("skipped"))
    summary = run.stderr.decode().strip().splitlines()
    assert any("skipped_link 5" in line and "skipped_not_regular 2" in line for line in summary)
    # Nothing was read through the link that leads outside INPUT.
    assert not (tmp_path / "out" / "outside.txt.json").exists()

    followed = _batch(tmp_path / "in", tmp_path / "out2", "--follow-links", timeout=120)
    statuses = {k: v["status"] for k, v in _manifest(tmp_path / "out2").items()}
    assert statuses["outside.txt"] == "ok" and statuses["outside_folder/secret.txt"] == "ok"
    assert followed.returncode == 0


def _without_override() -> list[str]:
    """A command prefix under which file permissions apply (root without its override)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root needs setpriv (util-linux) to drop its permission override")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def test_unreadable_files_and_folders_are_recorded(tmp_path: Path) -> None:
    prefix = _without_override()
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(TXT, inp / "good.txt")
    shutil.copy(TXT, inp / "locked.txt")
    (inp / "locked.txt").chmod(0o000)
    (inp / "closed").mkdir()
    shutil.copy(TXT, inp / "closed" / "inner.txt")
    (inp / "closed").chmod(0o000)
    try:
        run = subprocess.run([*prefix, *GOVREPORT, "batch", str(inp), "-o", str(out), "--jobs", "1"],
                             capture_output=True, timeout=120)
    finally:
        (inp / "closed").chmod(0o755)
    assert run.returncode == 0, run.stderr.decode()
    statuses = {k: v["status"] for k, v in _manifest(out).items()}
    assert statuses == {"good.txt": "ok", "locked.txt": "skipped_unreadable", "closed/": "skipped_unreadable"}
    assert "skipped_unreadable 2" in run.stderr.decode()


def test_a_missing_input_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = _batch(tmp_path / "nope", tmp_path / "out")
    assert run.returncode == 2 and run.stderr.decode().count("\n") == 1


def test_batch_without_jobs_uses_the_cpu_count(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(TXT, tmp_path / "in")
    run = subprocess.run([*GOVREPORT, "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()


# -- one batch per OUT -------------------------------------------------------------------------


def test_a_second_batch_into_the_same_out_stops_at_once_naming_the_first(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(TXT, tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    # Hold the lock as a running batch would.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from extractor.batch.store import locked\n"
         "with locked(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)", str(out)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        run = _batch(tmp_path / "in", out)
        assert time.monotonic() - started < 30
        assert run.returncode == 2
        assert f"PID {holder.pid}" in run.stderr.decode() and run.stderr.decode().count("\n") == 1
    finally:
        holder.kill()
        holder.wait()
    assert _batch(tmp_path / "in", out).returncode == 0  # released when its holder died


# -- a full disk ---------------------------------------------------------------------------------


def test_full_disk_outputs_count_as_failed_and_the_manifest_holds_whole_lines(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(TXT, inp / name)
    for i in range(60):  # many short manifest lines: the manifest itself reaches the limit
        os.symlink(inp / f"missing{i}", inp / f"dangling{i:02d}.pdf")
    out = tmp_path / "out"
    run = _batch(inp, out, fsize=6000)
    assert run.returncode == 1
    stderr = run.stderr.decode()
    assert "cannot write" in stderr and "Traceback" not in stderr
    lines = (out / "manifest.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""  # ends with a whole line
    entries = [json.loads(line) for line in lines[:-1]]
    assert entries and all(e["status"] != "ok" for e in entries)
    assert not list(out.glob("*.json")) and not list(out.glob(".*.tmp"))
    # Progress never called a file ok whose JSON could not be written.
    assert b" ok " not in run.stderr


def test_a_half_written_manifest_line_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(TXT, tmp_path / "in" / "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_bytes(b'{"path": "old.txt", "status": "ok"}\n{"path": "cut-off.t')
    assert _batch(tmp_path / "in", out).returncode == 0
    data = (out / "manifest.jsonl").read_bytes()
    assert data.endswith(b"\n") and b"cut-off" not in data
    # One current line per input: old.txt is no longer in the folder (issue 25).
    assert {e["path"] for e in read_manifest(out)} == {"a.txt"}


# -- no orphans, no litter ---------------------------------------------------------------------


@pytest.mark.needs_soffice
def test_killing_the_supervisor_leaves_no_worker_no_soffice_and_no_temp_folder(tmp_path: Path) -> None:
    inp, out, tmp = tmp_path / "in-orphans", tmp_path / "out-orphans", tmp_path / "tmp"
    inp.mkdir()
    tmp.mkdir()
    from tests.corpus.bad_inputs import many_pages_pdf

    # One worker on a PDF that takes a minute to read (4000 pages at about 15 ms a page), the
    # other in LibreOffice conversions.
    many_pages_pdf(SAMPLES / "000_zibo_guofang_2024.pdf", inp / "a_long.pdf", 4000)
    for i in range(4):
        shutil.copy(SAMPLES / "001_zibo_zfb_2024.doc", inp / f"r{i}.doc")
    proc = subprocess.Popen([*GOVREPORT, "batch", str(inp), "-o", str(out), "--jobs", "2", "--max-pages", "5000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(tmp)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not processes_naming("soffice"):
        time.sleep(0.05)
    assert processes_naming(str(inp)), "the batch did not start"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (processes_naming(str(inp)) or processes_naming(str(tmp)) or list(tmp.iterdir())):
        time.sleep(0.1)
    assert processes_naming(str(inp)) == []
    assert processes_naming(str(tmp)) == []
    assert list(tmp.iterdir()) == []



def test_a_temporary_file_left_by_a_kill_mid_write_is_removed_by_the_next_run(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(TXT, tmp_path / "in" / "sub" / "a.txt")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / ".govreport-x1y2z3.tmp"
    stale.write_bytes(b'{"half": ')  # what SIGKILL between write and rename leaves
    assert _batch(tmp_path / "in", out).returncode == 0
    assert not stale.exists() and (out / "sub" / "a.txt.json").exists()
