"""Seconds per scanned page: the OCR reader against the engine's own floor, interleaved.

    python scripts/sweep_scans.py --set dev --layouts 4 --draws 1 --no-samples --keep /tmp/scans
    python scripts/benchmark_ocr.py /tmp/scans --pages 20 --rounds 3

For each page (up to ``--pages``, taken in order from the PDFs under FOLDER that have no text
layer), rendered once at the reader's resolution, each round times, one after the other on the
same pixels:

* ``reader``: ``read_image`` as a scanned page is read (paper, skew, turns, rules, cells,
  detection, recognition, characters placed);
* ``floor``: the same engine's detection on the whole page and recognition of every box it finds
  (RapidOCR's own pipeline with the same models, no table logic).

Prints the median seconds a page of each over all rounds and pages, their ratio, the slowest
page, and the process's peak memory. Rounds alternate the two so drift on a shared machine
falls on both alike. Run with ``taskset -c 0`` to hold it to one core.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.readers.ocr.engine import engine  # noqa: E402
from extractor.readers.ocr.reader import read_image  # noqa: E402
from extractor.readers.ocr.render import PageImage, PdfPages  # noqa: E402
from extractor.readers.ocr.settings import OcrSettings  # noqa: E402
from extractor.readers.ocr.text import box_line  # noqa: E402
from extractor.readers.pdf.settings import PdfSettings  # noqa: E402


def pages(folder: Path, limit: int, settings: OcrSettings) -> list[tuple[str, PageImage]]:
    import pypdfium2 as pdfium

    out: list[tuple[str, PageImage]] = []
    for path in sorted(folder.rglob("*.pdf")):
        doc = pdfium.PdfDocument(str(path))
        try:
            if any(doc[i].get_textpage().count_chars() for i in range(len(doc))):
                continue  # a text PDF (the sources the sweep keeps beside its scans)
            n = len(doc)
        finally:
            doc.close()
        with PdfPages(path) as pdf:
            for i in range(n):
                out.append((f"{path.name}:{i + 1}", pdf.render(i, settings.dpi)))
                if len(out) == limit:
                    return out
    return out


def floor(image: PageImage, settings: OcrSettings) -> None:
    model = engine()
    boxes = model.detect(image.pixels, settings.detect_side)
    lines = [line for quad in boxes if (line := box_line(image, quad, settings)) is not None]
    model.recognize([ln.crop for ln in lines], settings.batch, settings.rec_squeeze, settings.long_line)


def reader(image: PageImage, settings: OcrSettings) -> None:
    read_image(image, 1, engine(), settings, PdfSettings(), whole_page=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = OcrSettings()
    selected = pages(args.folder, args.pages, settings)
    if not selected:
        print(f"no scanned pages under {args.folder}", file=sys.stderr)
        return 2
    engine()  # models loaded before any timing
    times: dict[str, list[float]] = {"reader": [], "floor": []}
    slowest = (0.0, "")
    for r in range(args.rounds):
        order = (("reader", reader), ("floor", floor)) if r % 2 == 0 else (("floor", floor), ("reader", reader))
        for name, image in selected:
            for label, run in order:
                start = time.perf_counter()
                run(image, settings)
                seconds = time.perf_counter() - start
                times[label].append(seconds)
                if label == "reader" and seconds > slowest[0]:
                    slowest = (seconds, name)
    ours, base = statistics.median(times["reader"]), statistics.median(times["floor"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(selected)} pages x {args.rounds} rounds: reader {ours:.2f} s a page (median), floor {base:.2f} s; "
          f"ratio {ours / base:.2f}; slowest page {slowest[0]:.2f} s ({slowest[1]}); peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
