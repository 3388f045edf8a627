"""The whole-process rows of scripts/benchmark.py run and print every row (not their times:
speed is measured by the benchmark, never asserted by a test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import benchmark_process  # noqa: E402


def test_built_pdf_has_the_pages_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    benchmark_process.build_pdf(ROOT / "samples" / "004_panzhihua_guofang_2023.pdf", 12, target)
    doc = pdfium.PdfDocument(target)
    try:
        assert len(doc) == 12
        first, sixth = doc[0].get_textpage().get_text_range(), doc[5].get_textpage().get_text_range()
        assert first and first == sixth  # the 5-page source repeated: page 6 is page 1 again
    finally:
        doc.close()


def test_process_rows_are_printed() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "benchmark_process.py"), "--rounds", "1", "--pages", "10"],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    for row in ("python -c pass", 'python -c "import pdfplumber"', "govreport extract txt",
                "govreport extract docx", "govreport extract pdf", "10 pages"):
        assert row in out, out


def test_peak_memory_is_the_commands_own() -> None:
    # A child's ru_maxrss keeps the memory it had before exec: measured from a parent that
    # holds 300 MB, `python -c pass` must still show a small peak.
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page: resident, not just reserved
    _, peak = benchmark_process._peak((sys.executable, "-c", "pass"), benchmark_process.child_env())
    assert peak < 100, peak
    del ballast


def test_compare_startup_runs_both_trees_and_leaves_no_worktree() -> None:
    proc = subprocess.run([sys.executable, "scripts/compare_startup.py", "HEAD", "--rounds", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["txt", "docx", "pdf"]
    assert all("this checkout" in line and "difference" in line for line in lines)
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "govreport-startup-" not in worktrees
