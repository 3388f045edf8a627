"""Whole-process figures for ``scripts/benchmark.py``: start-up of ``govreport extract`` and
peak memory by page count (issue 15).

    python scripts/benchmark_process.py [--rounds 11] [--pages 10 100 200]

* **Start-up**: the wall time of a whole ``govreport extract`` process on a TXT, a DOCX and a
  PDF sample, next to ``python -c pass`` and ``python -c "import pdfplumber"``, in interleaved
  rounds (one of each per round, so a busy moment hits all alike); medians printed. The
  processes run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed) after one
  warm-up round, as an installed package runs: compiling the sources is not start-up.
* **Memory**: the peak RSS of ``govreport extract`` on PDFs of 10, 100 and 200 pages, built by
  repeating the pages of a sample PDF (pypdfium2), read from the child's resource usage.

Targets (issue 15): TXT ≤ 0.35 s, DOCX ≤ 0.45 s, an 8-page PDF ≤ 0.6 s whole process; peak
memory of a 200-page PDF ≤ 150 MB. Timings are of this machine; compare rows of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# The samples each start-up row reads (the largest PDF: the 7-page one).
STARTUP_FILES = ("000_zibo_guofang_2024.txt", "000_zibo_guofang_2024.docx", "000_zibo_guofang_2024.pdf")


@dataclass(frozen=True)
class Command:
    label: str
    argv: tuple[str, ...]


def _govreport() -> str:
    """The console script beside this interpreter (the installed command a user runs)."""
    script = Path(sys.executable).with_name("govreport")
    return str(script) if script.exists() else "govreport"


def child_env() -> dict[str, str]:
    """The environment of a timed child: bytecode cached, as installed code runs (compiled once)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_run(argv: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall seconds of one child process; its output is discarded."""
    start = time.perf_counter()
    code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd).returncode
    wall = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}")
    return wall


# A child's peak RSS (ru_maxrss) keeps the high-water mark of the memory it had before exec,
# which for a child of this (large) process is this process's own: each measured command is
# therefore started by a small launcher, so its peak is its own.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def _peak(argv: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of the command, measured by the launcher."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], capture_output=True, text=True, env=env,
                         check=True).stdout.split()
    wall, peak, code = float(out[0]), float(out[1]), int(out[2])
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit code {code}")
    return wall, peak


def startup_commands(out: Path, pdf_backends: tuple[str, ...] = ()) -> list[Command]:
    py = sys.executable
    commands = [Command("python -c pass", (py, "-c", "pass")),
                Command('python -c "import pdfplumber"', (py, "-c", "import pdfplumber"))]
    for name in STARTUP_FILES:
        path = SAMPLES / name
        fmt = path.suffix.lstrip(".")
        base = (_govreport(), "extract", str(path), "-o", str(out / f"{name}.json"))
        if fmt == "pdf" and pdf_backends:
            commands += [Command(f"govreport extract {fmt} ({b})", (*base, "--pdf-backend", b)) for b in pdf_backends]
        else:
            commands.append(Command(f"govreport extract {fmt}", base))
    return commands


def startup(rounds: int, pdf_backends: tuple[str, ...] = ()) -> None:
    env = child_env()
    with tempfile.TemporaryDirectory() as tmp:
        commands = startup_commands(Path(tmp), pdf_backends)
        for command in commands:  # warm-up: bytecode written, files in the page cache
            timed_run(command.argv, env)
        times: dict[str, list[float]] = {c.label: [] for c in commands}
        for _ in range(rounds):
            for command in commands:
                times[command.label].append(timed_run(command.argv, env))
    print(f"\nwhole process, median of {rounds} interleaved rounds:")
    for label, values in times.items():
        print(f"  {label:40s} {statistics.median(values):6.3f} s   (min {min(values):.3f})")


def build_pdf(source: Path, pages: int, target: Path) -> None:
    """A PDF of ``pages`` pages: the source's pages repeated in order."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    try:
        n = len(src)
        while len(out) < pages:
            take = min(n, pages - len(out))
            out.import_pages(src, list(range(take)), index=len(out))
        out.save(target)
    finally:
        out.close()
        src.close()


def memory(page_counts: tuple[int, ...], pdf_backends: tuple[str, ...] = ()) -> None:
    env = child_env()
    print("\npeak RSS of govreport extract by PDF pages:")
    with tempfile.TemporaryDirectory() as tmp:
        for pages in page_counts:
            pdf = Path(tmp) / f"pages{pages}.pdf"
            build_pdf(SAMPLES / STARTUP_FILES[2], pages, pdf)
            for backend in pdf_backends or ("",):
                extra = ("--pdf-backend", backend) if backend else ()
                argv = (_govreport(), "extract", str(pdf), "-o", str(Path(tmp) / "out.json"), "--timeout", "0", *extra)
                wall, peak = _peak(argv, env)
                label = f"{pages} pages" + (f" ({backend})" if backend else "")
                print(f"  {label:24s} peak {peak:6.0f} MB   {wall:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--pages", type=int, nargs="*", default=[10, 100, 200])
    parser.add_argument("--pdf-backend", nargs="*", default=[], help="time each PDF backend named")
    args = parser.parse_args()
    startup(args.rounds, tuple(args.pdf_backend))
    memory(tuple(args.pages), tuple(args.pdf_backend))


if __name__ == "__main__":
    main()
