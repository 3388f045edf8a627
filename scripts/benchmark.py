"""Time `extract` per sample in one process; print the median per format and PDF back end.

    python scripts/benchmark.py [FOLDER ...] [--repeat N] [--rounds N] [--pages 10 100 200]

For each file: the whole ``extract`` and its reader alone (``read``); a PDF with each back end
(``pdfium``, the default, and ``pdfplumber``) and in ms per page. Two floors beside them, on
the same PDFs: pdfplumber's plain ``extract_tables()`` and pypdfium2's bare text of every page.
Then (``scripts/benchmark_process.py``) whole-process ``govreport extract`` times for a TXT, a
DOCX and a PDF next to ``python -c pass`` and ``python -c "import pdfplumber"``, in
interleaved rounds, and the peak memory at 10, 100 and 200 PDF pages; the last row is the time
per scanned page read by OCR (issue 14).
Targets (issue 15): warm, an 8-page PDF ≤ 150 ms (≤ 20 ms a page), a DOCX ≤ 40 ms, a TXT
≤ 15 ms, a web page ≤ 30 ms (issue 11); whole process TXT ≤ 0.35 s, DOCX ≤ 0.45 s, PDF ≤ 0.6 s;
200 pages ≤ 150 MB.
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
import pypdfium2 as pdfium

from extractor.classify.paragraphs import label_paragraphs
from extractor.classify.sections import segment
from extractor.classify.textcat import MODEL_DIR, load_model
from extractor.errors import GovReportError
from extractor.limits import Limits, PdfBackend
from extractor.mapping.template import closest_row
from extractor.numbers import CELL_VALUES, parse_cell
from extractor.pipeline import extract
from extractor.readers.dispatch import SUPPORTED_SUFFIXES, read_document
from extractor.recover import recover
from extractor.text import is_cjk, squash

_STRING_CACHES = (parse_cell, squash, closest_row, is_cjk)


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


def _per_page(times: list[tuple[float, int]]) -> float:
    """ms per page over the files: their total time over their total pages."""
    return sum(t for t, _ in times) / sum(n for _, n in times) * 1000


def _pdfium_text(path: Path) -> None:
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
    finally:
        pdf.close()


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
    # (format, PDF back end or "") → per file: (seconds per report, pages)
    rows: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    floors: dict[str, list[tuple[float, int]]] = defaultdict(list)
    print(f"{'file':45s} {'back end':10s} {'extract':>9s} {'read':>9s} {'ms/page':>8s}")
    for path in files:
        fmt = path.suffix.lower().lstrip(".")
        # LibreOffice conversions dominate .doc/.wps; one run is enough to see them.
        repeat = 1 if fmt in ("doc", "wps") else args.repeat
        try:
            extract(path)
        except GovReportError as exc:  # not a report (a page that only links to one): nothing to time
            print(f"{path.name:45s} {type(exc).__name__}: not timed")
            continue
        for backend in PdfBackend if fmt == "pdf" else (None,):
            limits = Limits(pdf_backend=backend) if backend else Limits()
            pages = read_document(path, limits).pages or 1
            t = _time(lambda p=path, lim=limits: extract(p, lim), repeat)
            r = _time(lambda p=path, lim=limits: read_document(p, lim), repeat)
            rows[(fmt, backend.value if backend else "")].append((t, pages))
            per_page = f"{t / pages * 1000:8.1f}" if fmt == "pdf" else ""
            print(f"{path.name:45s} {backend.value if backend else '':10s} {t:9.3f} {r:9.3f} {per_page:>8s}")
        if fmt == "pdf":
            pages = read_document(path).pages or 1
            floors["pdfplumber extract_tables()"].append((_time(lambda p=path: _plumber_tables(p), repeat), pages))
            floors["pypdfium2 text of every page"].append((_time(lambda p=path: _pdfium_text(p), repeat), pages))
    print()
    print(f"{'format':8s} {'back end':10s} {'files':>5s} {'median s':>9s} {'ms/page':>8s}")
    for (fmt, backend), times in sorted(rows.items()):
        per_page = f"{_per_page(times):8.1f}" if fmt == "pdf" else ""
        print(f"{fmt:8s} {backend:10s} {len(times):5d} {statistics.median(t for t, _ in times):9.3f} {per_page:>8s}")
    for name, times in floors.items():
        print(f"pdf floor: {name:29s} {statistics.median(t for t, _ in times):9.3f} {_per_page(times):8.1f}")
    _labelling(files, args.repeat)
    if not args.no_process:
        backends = tuple(b.value for b in PdfBackend)
        benchmark_process.startup(args.rounds, backends)
        if args.pages:
            benchmark_process.memory(tuple(args.pages), backends)
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
