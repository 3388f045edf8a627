"""Time PDF table back ends on report PDFs and compare the table grids they find.

For each PDF (default: samples/*.pdf plus the real corpus report when present):

* ``parse``: pdfplumber open + parse every page's objects, the floor for any pdfplumber
  based reader;
* ``plumber``: pdfplumber's plain ``page.extract_tables()`` on every page;
* ``read_pdf``: this project's reader (paragraphs, grids with spans, furniture removal);
* ``camelot``: camelot 2.x lattice with its default ``engine="combined"`` (renders each
  page and detects rules with OpenCV, plus the PDF's vector rules);
* ``camelot-vec``: camelot lattice with ``engine="vector"`` (vector rules only, no
  rendering).

Each back end runs ``--repeat`` times after one warm-up run (font and CMap caches), and
the median wall time is printed with the tables found as ``page:rowsxcols``. For tables
that another back end finds with the same page and shape as ``read_pdf``, the share of
cells whose text agrees (compared with ``text.squash``; a merged cell's text counts at its
top-left position) is printed too.

    .venv/bin/python scripts/measure_pdf_backends.py [--repeat 5] [file.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.readers.pdf_document import read_pdf  # noqa: E402
from extractor.text import squash  # noqa: E402

REAL_PDF = ROOT.parent / "shared" / "corpus" / "real" / "hzq2023_working.pdf"

# One table: page number and its text grid (a merged cell's text at its top-left position).
Grid = tuple[int, list[list[str]]]


def parse_only(path: Path) -> list[Grid]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.objects
    return []


def plumber_tables(path: Path) -> list[Grid]:
    grids: list[Grid] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                grids.append((page.page_number, [[cell or "" for cell in row] for row in rows]))
    return grids


def reader_tables(path: Path) -> list[Grid]:
    grids: list[Grid] = []
    for table in read_pdf(path).tables:
        texts = [[""] * table.n_cols for _ in range(table.n_rows)]
        for cell in table.cells:
            texts[cell.row][cell.col] = cell.text
        grids.append((table.page or 0, texts))
    return grids


def camelot_tables(engine: str | None) -> Callable[[Path], list[Grid]]:
    import camelot

    def run(path: Path) -> list[Grid]:
        kwargs = {"engine": engine} if engine else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages="all", flavor="lattice", **kwargs)
        return [(int(t.page), t.df.astype(str).values.tolist()) for t in tables]

    return run


def shape(grid: Grid) -> str:
    page, rows = grid
    return f"{page}:{len(rows)}x{max((len(r) for r in rows), default=0)}"


def agreement(ours: list[Grid], theirs: list[Grid]) -> str:
    """Cells with the same text in tables of the same page and shape: agreeing/compared."""
    pool = {shape(g): g for g in theirs}
    same = total = 0
    for grid in ours:
        other = pool.get(shape(grid))
        if other is None:
            continue
        for row, other_row in zip(grid[1], other[1], strict=False):
            for mine, their in zip(row, other_row, strict=False):
                total += 1
                same += squash(mine) == squash(their)
    return f"{same}/{total}" if total else "-"


def backends() -> dict[str, Callable[[Path], list[Grid]]]:
    out: dict[str, Callable[[Path], list[Grid]]] = {
        "parse": parse_only,
        "plumber": plumber_tables,
        "read_pdf": reader_tables,
    }
    try:
        import camelot  # noqa: F401
    except ImportError:
        print("camelot not installed: skipped", file=sys.stderr)
        return out
    out["camelot"] = camelot_tables(None)
    out["camelot-vec"] = camelot_tables("vector")
    return out


def measure(fn: Callable[[Path], list[Grid]], path: Path, repeat: int) -> tuple[float, list[Grid] | str]:
    try:
        grids = fn(path)  # warm-up: imports, font and CMap caches
    except Exception as exc:  # a back end failing on a file is a result, not a crash
        return float("nan"), f"error: {type(exc).__name__}: {exc}"[:80]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), grids


def default_files() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.pdf"))
    if REAL_PDF.exists():
        files.append(REAL_PDF)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or default_files()
    if not files:
        parser.error("no PDF given and none under samples/")
    runners = backends()
    names = list(runners)
    results: dict[Path, dict[str, tuple[float, list[Grid] | str]]] = {}
    for path in files:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        print(f"{path.name} ({pages} pages)", flush=True)
        results[path] = {}
        for name in names:
            seconds, grids = measure(runners[name], path, args.repeat)
            results[path][name] = (seconds, grids)
            print(f"  {name:<12} {seconds:7.3f}s  {describe(name, grids, results[path])}", flush=True)
    print_summary(results, names)


def describe(name: str, grids: list[Grid] | str, row: dict[str, tuple[float, list[Grid] | str]]) -> str:
    if isinstance(grids, str) or name == "parse":
        return grids if isinstance(grids, str) else ""
    text = f"{len(grids)} tables: {' '.join(shape(g) for g in grids)}"
    ours = row.get("read_pdf", (0.0, ""))[1]
    if name != "read_pdf" and not isinstance(ours, str):
        text += f"  [cells agreeing with read_pdf: {agreement(ours, grids)}]"
    return text


def print_summary(results: dict[Path, dict[str, tuple[float, list[Grid] | str]]], names: list[str]) -> None:
    width = max(len(p.name) for p in results) + 2
    print()
    print("median seconds per file (number of tables found)")
    print("file".ljust(width) + "".join(f"{n:>16}" for n in names))
    for path, row in results.items():
        cells = []
        for name in names:
            seconds, grids = row[name]
            count = "" if name == "parse" else ("(err)" if isinstance(grids, str) else f"({len(grids)})")
            cells.append(f"{seconds:9.3f} {count:>6}")
        print(path.name.ljust(width) + "".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
