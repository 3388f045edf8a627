"""The two PDF back ends side by side: what ``read_pdf`` makes of one file with each.

``differences(path)`` lists what differs between PDFium's and pdfplumber's reading of a PDF
(an empty list when they agree): the page count, the paragraphs (page and text), the tables
(page, shape and every cell: position, spans, text and box to 0.1pt) and the warning codes.
Used by tests/read/test_pdf_backends.py and by scripts/compare_pdf_backends.py for the whole
variant and page-break sweep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractor.errors import GovReportError
from extractor.layout import Document, Paragraph, Table
from extractor.limits import Limits, PdfBackend
from extractor.readers.pdf_document import read_pdf


def reading(path: Path, backend: PdfBackend) -> dict[str, Any]:
    """What the reader made of the file, in comparable form (or the error it raised)."""
    try:
        document = read_pdf(path, Limits(pdf_backend=backend))
    except GovReportError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return summary(document)


def summary(document: Document) -> dict[str, Any]:
    return {
        "pages": document.pages,
        "paragraphs": [(b.page, b.text) for b in document.blocks if isinstance(b, Paragraph)],
        "tables": [_table(b) for b in document.blocks if isinstance(b, Table)],
        "warnings": sorted(w.code.value for w in document.warnings),
    }


def _table(table: Table) -> tuple[Any, ...]:
    cells = sorted(
        (c.row, c.col, c.rowspan, c.colspan, c.text, tuple(round(v, 1) for v in c.bbox) if c.bbox else None)
        for c in table.cells
    )
    return (table.page, table.n_rows, table.n_cols, cells)


def differences(path: Path) -> list[str]:
    """What differs between the two back ends' readings of ``path``; [] when none does."""
    pdfium = reading(path, PdfBackend.PDFIUM)
    plumber = reading(path, PdfBackend.PDFPLUMBER)
    out: list[str] = []
    for key in sorted(set(pdfium) | set(plumber)):
        a, b = pdfium.get(key), plumber.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            out.append(f"{path.name}: {key} differ from #{first} ({len(a)} vs {len(b)}): "
                       f"pdfium {a[first] if first < len(a) else None!r:.300} / "
                       f"pdfplumber {b[first] if first < len(b) else None!r:.300}")
        else:
            out.append(f"{path.name}: {key}: pdfium {a!r:.200} / pdfplumber {b!r:.200}")
    return out
