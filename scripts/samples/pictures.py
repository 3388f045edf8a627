"""A replica whose tables are pictures: each table of the DOCX replaced by images of the same
table as LibreOffice printed it (cut out of the replica's PDF at 200 dpi, one picture per page
the table runs over), as when a report's tables are pasted into Word as screenshots. The
narrative stays text. The PDF printed from it (LibreOffice) then holds the pictures on text
pages. Their expected numbers are the replica's: the pictures show the same tables.

Deterministic: the pictures are PNG (lossless, fixed pixels from pdfium), the DOCX zip is
normalised like the other replicas'.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from docx import Document
from docx.shared import Pt
from PIL import Image

from extractor.readers.ocr.render import PdfPages
from scripts.samples.docx_builder import save_reproducible

DPI = 200
MARGIN = 2.0  # pt around a table's rules, so the outer border is whole in the picture


def table_parts(pdf_path: Path) -> list[list[tuple[int, tuple[float, float, float, float]]]]:
    """The PDF's tables as lists of (page index, bbox in pt): a part with no text above it on
    its page continues the table before it (a table broken by a page end)."""
    tables: list[list[tuple[int, tuple[float, float, float, float]]]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for index, page in enumerate(pdf.pages):
            found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            for k, table in enumerate(found):
                box = tuple(float(v) for v in table.bbox)
                above = [c for c in page.chars if c["bottom"] <= box[1] and c["text"].strip()]
                if k == 0 and not above and tables:
                    tables[-1].append((index, box))  # type: ignore[arg-type]
                else:
                    tables.append([(index, box)])  # type: ignore[list-item]
    return tables


def _render(pdf: PdfPages, index: int, box: tuple[float, float, float, float]) -> bytes:
    """The table's part on page ``index`` with a margin, as a grayscale PNG (rendered by the OCR
    reader's own page renderer)."""
    crop = (box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, box[3] + MARGIN)
    buffer = io.BytesIO()
    Image.fromarray(pdf.render(index, DPI, crop=crop).pixels).save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def write_picture_docx(docx_path: Path, pdf_path: Path, out: Path) -> None:
    """``docx_path`` with every table replaced by its pictures cut out of ``pdf_path``."""
    parts = table_parts(pdf_path)
    doc = Document(str(docx_path))
    body_tables = [t._tbl for t in doc.tables]
    if len(body_tables) != len(parts):
        raise RuntimeError(f"{docx_path.name}: {len(body_tables)} tables in the DOCX, {len(parts)} in its PDF")
    with PdfPages(pdf_path) as pdf:
        for tbl, table in zip(body_tables, parts, strict=True):
            for index, box in table:
                paragraph = doc.add_paragraph()
                run = paragraph.add_run()
                run.add_picture(io.BytesIO(_render(pdf, index, box)), width=Pt(box[2] - box[0] + 2 * MARGIN))
                tbl.addprevious(paragraph._p)
            tbl.getparent().remove(tbl)
    save_reproducible(doc, out)
