"""The first pass over a PDF with PDFium (the default back end): each page's records
(``pdfium_page``) to a ``PageScan``, the page freed before the next is loaded.

Nothing on this path imports pdfplumber or pdfminer: ruled tables are found by
``table_finder`` (pdfplumber's finder, rewritten) behind ``EdgePage.find_tables``.
"""

from __future__ import annotations

from pathlib import Path

from extractor.contract import Warning
from extractor.limits import Limits, check_pages
from extractor.progress import step
from extractor.readers.page.scan import PageScan, scan_page
from extractor.readers.pdf.chars import usable_chars
from extractor.readers.pdf.drawings import is_visible_rule
from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.pdfium_page import PageRecords, PdfiumDocument, obj_to_edges
from extractor.readers.pdf.ruled import EdgePage
from extractor.readers.pdf.settings import PdfSettings
from extractor.readers.pdf.streams import damaged_streams
from extractor.warning_codes import WarningCode

# pdfplumber lists a page's edges lines first, then rectangles, then curves; the table finder
# sees them in that order on either back end.
_EDGE_ORDER = ("line", "rect", "curve")


def scan_pdf(path: Path, limits: Limits, settings: PdfSettings, warnings: list[Warning]) -> list[PageScan]:
    """Every page's first pass (with the boxes of its images, for the OCR decision)."""
    with PdfiumDocument(path) as pdf:
        # Counting pages reads the page tree only; no page is loaded yet.
        check_pages(len(pdf), limits)
        _damage_warnings(path, pdf, warnings)
        total = len(pdf)
        scans: list[PageScan] = []
        for records in pdf.pages():
            scans.append(_scan_page(records, warnings, settings))
            step("pages read", len(scans), total)  # a terminal shows it (extractor.progress)
        return scans


def _damage_warnings(path: Path, pdf: PdfiumDocument, warnings: list[Warning]) -> None:
    """What pdfminer would log and PDFium repairs silently: a rebuilt cross-reference table,
    compressed streams that break off (their text or drawings may be missing)."""
    if not pdf.valid_cross_references():
        warnings.append(Warning(code=WarningCode.PDF_DAMAGED,
                                message="the PDF is damaged; its cross-reference table had to be rebuilt"))
    broken = 0 if pdf.encrypted() else damaged_streams(path)
    if broken:
        warnings.append(Warning(code=WarningCode.PDF_DAMAGED,
                                message=f"the PDF is damaged; {broken} compressed streams break off, "
                                        "so text or drawings may be missing"))


def _scan_page(records: PageRecords, warnings: list[Warning], settings: PdfSettings) -> PageScan:
    chars = usable_chars(records.chars, records.number, warnings, settings)
    return scan_page(records.number, records.height, chars, rule_page(records, settings), settings, records.images)


def rule_page(records: PageRecords, settings: PdfSettings) -> EdgePage:
    """The page's visible rules as edges, for the table finders."""
    visible = [o for o in records.drawings if is_visible_rule(o, settings)]
    edges: list[Obj] = [e for kind in _EDGE_ORDER for o in visible if o["object_type"] == kind for e in obj_to_edges(o)]
    return EdgePage(edges, (0.0, 0.0, records.width, records.height))
