"""The one write rule (extractor/outputs.py) and the command line's use of it."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from extractor.outputs import OutputError, write_text
from tests.helpers import ROOT

SAMPLE = ROOT / "samples" / "000_zibo_guofang_2024.txt"
GOVREPORT = [sys.executable, "-c", "from extractor.cli import main; main()"]


def _run(args: list[str], fsize: int | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            # A disk that fills after ``fsize`` bytes of any one file: writes past it fail
            # (EFBIG after a short write), as on a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([*GOVREPORT, *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=limit, **kw)  # type: ignore[call-overload]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_text(target, "first\n")
    write_text(target, "second\n")
    assert target.read_text() == "second\n"
    assert _leftovers(tmp_path) == []
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # readable like a plain open() would make it


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    write_text(device, "x" * 1000)
    assert stat.S_ISCHR(device.stat().st_mode)
    run = _run(["extract", str(SAMPLE), "-o", str(device)])
    assert run.returncode == 0, run.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_a_fifo_is_written_in_place_and_one_without_reader_is_an_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO with no reader"):
        write_text(fifo, "data")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    # The reader may not have opened its end yet: retry until it has.
    for _ in range(200):
        try:
            write_text(fifo, "data")
            break
        except OutputError:
            threading.Event().wait(0.01)
    reader.join(10)
    assert got == [b"data"] and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/out.json", "the folder does not exist"),
        ("a_folder", "it is a folder"),
        ("a_file/out.json", "a part of the path is not a folder"),
    ],
)
def test_extract_output_errors_are_one_line_and_exit_2(tmp_path: Path, target: str, reason: str) -> None:
    (tmp_path / "a_folder").mkdir()
    (tmp_path / "a_file").write_text("x")
    run = _run(["extract", str(SAMPLE), "-o", str(tmp_path / target)])
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and reason in run.stderr and "Traceback" not in run.stderr


def test_extract_on_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    run = _run(["extract", str(SAMPLE), "-o", str(target)], fsize=2000)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("govreport: ") and run.stderr.count("\n") == 1
    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_extract_into_a_read_only_folder_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    run = _run(["extract", str(SAMPLE), "-o", str(folder / "out.json")])
    assert run.returncode == 2 and "permission denied" in run.stderr


def test_strict_json_never_holds_infinity(tmp_path: Path) -> None:
    from tests.interface.test_cli import REPORT

    # Table 3's first number becomes 400 nines.
    report = REPORT.replace("一、本年新收政府信息公开申请数量\t2", "一、本年新收政府信息公开申请数量\t" + "9" * 400)
    assert report != REPORT
    src = tmp_path / "nines.txt"
    src.write_text(report, encoding="utf-8")
    run = _run(["extract", str(src)])
    assert run.returncode == 0, run.stderr
    assert "Infinity" not in run.stdout and "NaN" not in run.stdout
    import json

    doc = json.loads(run.stdout)
    assert "number_out_of_range" in {w["code"] for w in doc["warnings"]}


def test_extract_stops_at_its_memory_limit_with_one_line(tmp_path: Path) -> None:
    src = tmp_path / "long.txt"
    src.write_text("某某县2024年政府信息公开工作年度报告\n" + "行政许可\t1\t2\t3\n" * 150_000, encoding="utf-8")
    run = _run(["extract", str(src), "--max-memory-mb", "200"])
    assert run.returncode == 3
    assert run.stderr.strip().endswith("limit exceeded: needs more than 200 MB of memory (--max-memory-mb)")
    assert run.stderr.count("\n") == 1


def test_check_on_something_that_is_not_a_document_is_one_line_exit_2(tmp_path: Path) -> None:
    pdf = ROOT / "samples" / "000_zibo_guofang_2024.pdf"
    other = tmp_path / "other.json"
    other.write_text('{"tables": {"applications": 3}}')
    for target in (pdf, other, tmp_path):
        run = _run(["check", str(target)])
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr and "codec" not in run.stderr
