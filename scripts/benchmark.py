"""Time `extract` per sample in one process; print the median per format.

    python scripts/benchmark.py [FOLDER ...] [--repeat N]

For each file: the whole ``extract`` and its reader alone (``read``). Next to the PDF figure it
prints the time of pdfplumber's plain ``extract_tables()`` over all pages of the same PDFs: the
floor for any reader built on pdfplumber. Targets: median ≤ 0.5 s for a PDF report of up to 8
pages and ≤ 0.15 s for a DOCX (issue 2), ≤ 30 ms for a web page (issue 11), on one core; the last
row is the time per scanned page read by OCR (issue 14).
The per-string caches (cell numbers, label keys) are emptied before every run, so a figure is
that of a report seen for the first time, not of the same file again.
Run with ``taskset -c 0`` to hold it to one core.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

import benchmark_process
import pdfplumber

from extractor.classify.paragraphs import label_paragraphs
from extractor.classify.sections import segment
from extractor.classify.textcat import MODEL_DIR, load_model
from extractor.mapping.template import closest_row
from extractor.numbers import CELL_VALUES, parse_cell
from extractor.pipeline import extract
from extractor.readers.dispatch import SUPPORTED_SUFFIXES, read_document
from extractor.recover import recover
from extractor.text import squash

_STRING_CACHES = (parse_cell, squash, closest_row)


def _time(fn, repeat: int) -> float:
    fn()  # warm-up: imports, font caches
    times = []
    for _ in range(repeat):
        for cache in _STRING_CACHES:
            cache.cache_clear()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plumber_tables(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("samples")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scanned", type=Path, default=Path("samples/scanned"),
                        help="scanned samples timed per page by the OCR reader (skipped when absent)")
    parser.add_argument("--rounds", type=int, default=11, help="interleaved rounds of whole-process start-up timing")
    parser.add_argument("--pages", type=int, nargs="*", default=[10, 100, 200],
                        help="PDF page counts for the peak-memory rows (none: skip them)")
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process rows (start-up, memory)")
    args = parser.parse_args()
    files = sorted(
        p
        for folder in args.folders
        for p in folder.iterdir()
        if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name.lower() != "readme.md"
    )
    by_format: dict[str, list[float]] = defaultdict(list)
    floor: list[float] = []
    print(f"{'file':45s} {'extract':>9s} {'read':>9s} {'plumber':>9s}")
    for path in files:
        fmt = path.suffix.lower().lstrip(".")
        # LibreOffice conversions dominate .doc/.wps; one run is enough to see them.
        repeat = 1 if fmt in ("doc", "wps") else args.repeat
        t = _time(lambda p=path: extract(p), repeat)
        r = _time(lambda p=path: read_document(p), repeat)
        by_format[fmt].append(t)
        base = ""
        if fmt == "pdf":
            f = _time(lambda p=path: _plumber_tables(p), repeat)
            floor.append(f)
            base = f"{f:9.3f}"
        print(f"{path.name:45s} {t:9.3f} {r:9.3f} {base:>9s}")
    print()
    print(f"{'format':8s} {'files':>5s} {'median s':>9s}")
    for fmt, times in sorted(by_format.items()):
        print(f"{fmt:8s} {len(times):5d} {statistics.median(times):9.3f}")
    if floor:
        print(f"{'pdf floor (pdfplumber extract_tables)':38s} {statistics.median(floor):9.3f}")
    _labelling(files, args.repeat)
    if not args.no_process:
        benchmark_process.startup(args.rounds)
        if args.pages:
            benchmark_process.memory(tuple(args.pages))
    if args.scanned.is_dir():
        _ocr_pages(args.scanned, args.repeat)


def _ocr_pages(folder: Path, repeat: int) -> None:
    """Time per scanned page (issue 14: median ≤ 3 s warm on one core, peak memory ≤ 1.5 GB):
    every page of every scan read by the OCR reader, the model loaded once (warm)."""
    import resource

    from extractor.readers import ocr

    if not ocr.available():
        print("\nOCR extra not installed: no scanned-page figures")
        return
    from extractor.readers.ocr.engine import engine
    from extractor.readers.ocr.reader import read_image
    from extractor.readers.ocr.render import PdfPages
    from extractor.readers.ocr.settings import OcrSettings
    from extractor.readers.pdf.settings import PdfSettings

    settings, pdf_settings, model = OcrSettings(), PdfSettings(), engine()
    times = []
    for path in sorted(folder.glob("*.pdf")):
        with PdfPages(path) as pdf:
            for index in range(len(pdf)):
                image = pdf.render(index, settings.dpi)
                t = _time(lambda i=image, n=index: read_image(i, n + 1, model, settings, pdf_settings, True),
                          max(1, repeat // 5))
                times.append(t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nscanned pages (OCR, {len(times)} pages of {folder}): median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s per page; peak RSS of this process {peak:.0f} MB")


def _labelling(files: list[Path], repeat: int) -> None:
    """Paragraph labelling alone, model loaded once: the issue-3 budget is 50 ms a report."""
    load_model.cache_clear()
    start = time.perf_counter()
    model = load_model()
    load = time.perf_counter() - start
    if model is None:
        print("\nno model in models/sections: labelling is rules only")
    times = []
    for path in files:
        if path.suffix.lower() in (".doc", ".wps"):
            continue
        layout = recover(read_document(path), CELL_VALUES)
        preamble, sections = segment(layout.blocks)
        times.append(_time(lambda p=preamble, s=sections: label_paragraphs(p, s, model=model), repeat))
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file()) if MODEL_DIR.exists() else 0
    print(f"\nmodel load {load:.3f} s, size {size / 1e6:.1f} MB; labelling per report: median "
          f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms ({len(times)} reports)")


if __name__ == "__main__":
    main()
