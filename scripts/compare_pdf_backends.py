"""Do the two PDF back ends read the same? The whole sweep behind tests/read/test_pdf_backends.py.

    python scripts/compare_pdf_backends.py                       # samples, real report, variants, page breaks
    python scripts/compare_pdf_backends.py --variants 101 140 --seeds 1 2 3 --stride 2
    python scripts/compare_pdf_backends.py some.pdf other.pdf    # just these files

For each PDF, ``read_pdf`` with PDFium and with pdfplumber; prints every difference (page count,
paragraphs, table cells with their boxes, warning codes) and a summary line. The variants and
page-break cases are printed to PDF by LibreOffice. Exit 1 when any file differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.readers.office_convert import convert  # noqa: E402
from tests.corpus.backend_parity import differences  # noqa: E402
from tests.corpus.page_breaks import PAGE_STEPS, build, cases  # noqa: E402
from tests.corpus.variants import make_variant  # noqa: E402

REAL_PDF = ROOT.parent / "shared" / "corpus" / "real" / "hzq2023_working.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--variants", type=int, nargs=2, default=[101, 120], metavar=("FIRST", "LAST"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="page-break sweep seeds")
    parser.add_argument("--stride", type=int, default=1, help="every n-th push of the page-break sweep")
    parser.add_argument("--batch", type=int, default=40, help="documents printed to PDF per LibreOffice call")
    args = parser.parse_args()
    start = time.monotonic()
    checked = differing = 0

    def check(pdfs: list[Path]) -> None:
        nonlocal checked, differing
        for pdf in pdfs:
            found = differences(pdf)
            checked += 1
            differing += bool(found)
            for line in found:
                print(line, flush=True)

    if args.files:
        check(args.files)
    else:
        check(sorted((ROOT / "samples").glob("*.pdf")) + ([REAL_PDF] if REAL_PDF.exists() else []))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            seeds = list(range(args.variants[0], args.variants[1] + 1))
            for i in range(0, len(seeds), args.batch):
                sources = []
                for seed in seeds[i : i + args.batch]:
                    make_variant(seed, folder / f"variant{seed}.docx")
                    sources.append(folder / f"variant{seed}.docx")
                check(convert(sources, "pdf", folder, timeout=60 + 5 * len(sources)))
            selected = cases(args.seeds, range(0, PAGE_STEPS, args.stride))
            for i in range(0, len(selected), args.batch):
                check([pdf for pdf, _ in build(selected[i : i + args.batch], folder)])
    print(f"{checked} PDFs, {differing} read differently by the two back ends, {time.monotonic() - start:.0f}s")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
