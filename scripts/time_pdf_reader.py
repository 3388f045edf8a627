"""Warm time of the PDF reader (``read_pdf``) per report and per page, for each back end.

    taskset -c 1 .venv/bin/python scripts/time_pdf_reader.py [--repeat 11] [file.pdf ...]

Default files: samples/*.pdf and the real corpus report when present. Each file is read once
to warm up (imports, PDFium's font caches), then ``--repeat`` times; the median is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.limits import Limits, PdfBackend  # noqa: E402
from extractor.readers.pdf import read_pdf  # noqa: E402

REAL_PDF = ROOT.parent / "shared" / "corpus" / "real" / "hzq2023_working.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--backend", choices=[b.value for b in PdfBackend], action="append")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "samples").glob("*.pdf")) + ([REAL_PDF] if REAL_PDF.exists() else [])
    backends = [PdfBackend(b) for b in args.backend] if args.backend else list(PdfBackend)
    totals: dict[PdfBackend, list[float]] = {b: [0.0, 0] for b in backends}  # type: ignore[misc]
    print(f"{'file':40} {'back end':11} {'pages':>5} {'ms/report':>10} {'ms/page':>8}")
    for path in files:
        for backend in backends:
            limits = Limits(pdf_backend=backend)
            pages = read_pdf(path, limits).pages
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                read_pdf(path, limits)
                times.append(time.perf_counter() - start)
            median = statistics.median(times) * 1000
            totals[backend][0] += median
            totals[backend][1] += pages
            print(f"{path.name:40} {backend.value:11} {pages:5d} {median:10.1f} {median / pages:8.1f}", flush=True)
    for backend, (ms, pages) in totals.items():
        print(f"{'all files':40} {backend.value:11} {int(pages):5d} {ms:10.1f} {ms / pages:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
