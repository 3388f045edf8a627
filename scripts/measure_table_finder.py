"""Time table_finder against pdfplumber's TableFinder on the same edges, page by page.

For each page of the PDFs (default: samples/*.pdf plus the real corpus report when present)
the reader's input is built once with pdfplumber: the visible rules and the closing borders
(``ruled.table_settings``). Both finders then run ``--repeat`` times on it; per page the
best time of each is kept (the least disturbed by other processes), and the median over
the pages is printed, with the pages where the two disagree (there should be none).

    .venv/bin/python scripts/measure_table_finder.py [--repeat 20] [file.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pdfplumber
from pdfplumber.table import TableFinder, TableSettings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.readers.pdf.drawings import is_visible_rule  # noqa: E402
from extractor.readers.pdf.ruled import EdgePage, table_settings  # noqa: E402
from extractor.readers.pdf.settings import PdfSettings  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real" / "hzq2023_working.pdf"


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    pdfs = args.pdfs or [*sorted((ROOT / "samples").glob("*.pdf")), *([REAL] if REAL.exists() else [])]
    settings = PdfSettings()
    ours_t: list[float] = []
    theirs_t: list[float] = []
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                drawn = page.filter(lambda obj: is_visible_rule(obj, settings))
                edges, bbox = list(drawn.edges), drawn.bbox
                ts = table_settings(drawn.horizontal_edges, drawn.vertical_edges, settings)
                plumber_page = SimpleNamespace(edges=edges, bbox=bbox)
                theirs, ref = _best(lambda p=plumber_page, ts=ts: TableFinder(p, TableSettings.resolve(ts)).tables, args.repeat)
                ours, got = _best(lambda e=edges, b=bbox, ts=ts: EdgePage(e, b).find_tables(ts), args.repeat)
                ours_t.append(ours)
                theirs_t.append(theirs)
                if [(t.bbox, t.cells) for t in ref] != [(t.bbox, t.cells) for t in got]:
                    print(f"DIFFERENT: {path.name} page {page.page_number}")
                print(f"{path.name} p{page.page_number}: {len(edges)} edges, {len(ref)} tables, "
                      f"pdfplumber {theirs * 1e6:.0f} us, table_finder {ours * 1e6:.0f} us")
    print(f"{len(ours_t)} pages; median per page: pdfplumber TableFinder {statistics.median(theirs_t) * 1e6:.0f} us, "
          f"table_finder {statistics.median(ours_t) * 1e6:.0f} us; total {sum(theirs_t) * 1e3:.1f} ms vs "
          f"{sum(ours_t) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
