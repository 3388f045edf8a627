"""The entry point: the back end reads each page once into a ``PageScan`` (characters,
ruled tables, rules-only regions), then furniture is dropped and paragraphs assembled.

Failures become the project's typed errors, so the CLI and batch runs can say why a
file was refused: a PDF that needs a password → ``EncryptedInput``; one without a
single usable character → ``NoTextLayer`` (a scan); anything else the PDF libraries
reject → ``UnreadableInput`` (the back ends map their libraries' errors).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.contract import Warning
from extractor.errors import NoTextLayer, UndecodableText
from extractor.layout import BBox, Block, Document, Table
from extractor.limits import Limits, OcrMode, PdfBackend
from extractor.readers.pdf.chars import group_lines, line_text, make_line
from extractor.readers.pdf.fragments import Frame, keep_fragments
from extractor.readers.pdf.furniture import drop_page_furniture
from extractor.readers.pdf.geometry import Obj, center, center_in
from extractor.readers.pdf.model import Line, PageContent
from extractor.readers.pdf.paragraphs import assemble
from extractor.readers.pdf.ruled import EdgePage, ruled_tables
from extractor.readers.pdf.rules_only import (
    RuleRegion,
    region_columns,
    region_table,
    rule_regions,
    table_chains,
)
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import is_page_number
from extractor.warning_codes import WarningCode

if TYPE_CHECKING:
    from pdfplumber.page import Page

# Per page index (from 0): None to read the whole page by OCR, or the pictures on it to read.
OcrTargets = dict[int, list[BBox] | None]


def read_pdf(path: Path, limits: Limits | None = None, settings: PdfSettings | None = None) -> Document:
    """Read a PDF into paragraphs and tables (blocks in page order, then top to bottom).

    ``settings`` holds every tolerance of the reader; the defaults suit office exports.
    """
    limits = limits or Limits()
    settings = settings if settings is not None else PdfSettings()
    warnings: list[Warning] = []
    # The back end's first pass: characters and rules to page scans (pdfplumber is imported
    # only when asked for: it costs a fifth of a second to load).
    if PdfBackend(limits.pdf_backend) is PdfBackend.PDFPLUMBER:
        from extractor.readers.pdf.plumber_pages import scan_pdf
    else:
        from extractor.readers.pdf.pdfium_pages import scan_pdf
    scans, targets = scan_pdf(path, limits, settings, warnings)
    reads = _read_images(path, targets, scans, settings) if targets else []
    pages, frames = page_contents(scans, settings)
    if not any(p.lines or p.tables for p in pages):
        if any(w.code is WarningCode.PDF_UNMAPPED_GLYPHS for w in warnings):
            raise UndecodableText("fonts without Unicode maps; the characters are drawn but carry no text")
        raise NoTextLayer(f"no readable characters on any page; {_no_ocr_reason(limits.ocr, targets)}")
    if reads:
        from extractor.readers.ocr.reader import mark_cells

        mark_cells([t for p in pages for t in p.tables], reads)
    blocks = page_blocks(pages, frames, settings)
    return Document(blocks=blocks, format="pdf", pages=len(pages), warnings=warnings, ocr=bool(reads))


def add_ocr_target(targets: OcrTargets, index: int, chars: list[Obj], images: list[BBox], mode: OcrMode,
                   settings: PdfSettings) -> None:
    """Page ``index`` to read from its images (None: the whole page), or the pictures on it.

    ``auto``: a page without a usable character but with an image is a scan; a picture at
    least ``picture_min_size`` on each side with no character over it, on a page with text,
    is a picture of a table or text. ``always``: every page. Decided while the page is
    scanned, so the back end can free the page right after."""
    mode = OcrMode(mode)
    if mode is OcrMode.NEVER:
        return
    if mode is OcrMode.ALWAYS:
        targets[index] = None
        return
    if not images:
        return
    if not chars:
        targets[index] = None
        return
    pictures = [
        box
        for box in images
        if min(box[2] - box[0], box[3] - box[1]) >= settings.picture_min_size
        and not any(center_in(c, box) for c in chars)
    ]
    if pictures:
        targets[index] = pictures


def _read_images(path: Path, targets: OcrTargets, scans: list[PageScan], settings: PdfSettings) -> list[Any]:
    """The OCR reader on the targets (``extractor.readers.ocr``, imported only here: its
    packages are an optional extra and take a second to load). Without the extra, scans stay
    unread: a document with no text at all is then refused, naming the extra."""
    from extractor.readers.ocr import OcrUnavailable, read_targets

    try:
        return read_targets(path, targets, scans, settings)
    except OcrUnavailable:
        return []


def _no_ocr_reason(mode: OcrMode, targets: OcrTargets) -> str:
    if mode is OcrMode.NEVER:
        return "OCR is off (--ocr never)"
    if targets:
        return "OCR needs the optional packages: pip install 'govreport[ocr]'"
    return "no page images to read by OCR either"


def page_contents(scans: list[PageScan], settings: PdfSettings) -> tuple[list[PageContent], dict[int, list[Frame]]]:
    """Scanned pages to their lines and tables (rules-only tables decided over all pages)."""
    _rule_tables(scans, settings)
    read = [_page_content(scan, settings) for scan in scans]
    pages = [content for content, _ in read]
    frames = {content.number: page_frames for content, page_frames in read}
    return pages, frames


def page_blocks(pages: list[PageContent], frames: dict[int, list[Frame]], settings: PdfSettings) -> list[Block]:
    """Page furniture dropped, framed fragments kept or released, lines to paragraphs."""
    drop_page_furniture(pages, settings)
    keep_fragments(pages, frames)
    return assemble(pages, settings)


@dataclass
class PageScan:
    """One page's first pass: its characters, ruled tables, frames and rules-only regions.
    Rules-only regions become tables only once all pages are scanned (``_rule_tables``):
    a table continued over pages takes its columns from all its parts."""

    number: int
    height: float
    chars: list[Obj]
    tables: list[Table]
    framed: list[Table]
    regions: list[RuleRegion]


def scan_page(number: int, height: float, chars: list[Obj], drawn: Page | EdgePage, settings: PdfSettings) -> PageScan:
    """One page's first pass from its characters and rules (a PDF page's own, or the OCR
    reader's from a page image): ruled tables, frames and rules-only regions."""
    tables, framed = ruled_tables(drawn, chars, number, settings)
    taken = [t.bbox for t in tables if t.bbox]
    regions = rule_regions(drawn.horizontal_edges, chars, taken, number, settings)
    return PageScan(number, height, chars, tables, framed, regions)


def _rule_tables(scans: list[PageScan], settings: PdfSettings) -> None:
    """Rules-only regions to tables, each continued table on one column grid."""
    if not any(scan.regions for scan in scans):
        return  # most reports: no margin lines to read
    by_page = {scan.number: scan for scan in scans}
    furniture = _furniture_chars(scans, settings)

    def clear(region: RuleRegion, below: bool) -> bool:
        return _nothing_beside(by_page[region.page], region.bbox, below, furniture[region.page])

    for chain in table_chains([scan.regions for scan in scans], clear, settings):
        cols = region_columns(chain, settings)
        for region in chain:
            table = region_table(region, chain, cols, settings) if cols else None
            if table is not None:
                by_page[region.page].tables.append(table)


def _furniture_chars(scans: list[PageScan], settings: PdfSettings) -> dict[int, set[int]]:
    """Per page, the ids of the characters of its likely furniture: page numbers and margin
    lines repeated on other pages (running headers and footers). ``drop_page_furniture``
    makes the final call later; table chaining only has to recognise the common kinds."""
    margins = {scan.number: _margin_lines(scan, settings) for scan in scans}
    repeated = Counter(text for lines in margins.values() for text in {t for _, t in lines})
    return {
        number: {id(c) for line, text in lines if is_page_number(text) or repeated[text] > 1 for c in line}
        for number, lines in margins.items()
    }


def _margin_lines(scan: PageScan, settings: PdfSettings) -> list[tuple[list[Obj], str]]:
    margin = settings.margin_fraction * scan.height
    chars = [c for c in scan.chars if not margin < center(c)[1] < scan.height - margin]
    return [(line, line_text(line, settings)) for line in group_lines(chars, settings)]


def _nothing_beside(scan: PageScan, box: BBox, below: bool, furniture: set[int]) -> bool:
    """No body text or table below (above) ``box``: only the page's furniture characters."""
    lo, hi = (box[3], scan.height) if below else (0.0, box[1])
    if any(lo < center(c)[1] < hi and id(c) not in furniture and not center_in(c, box) for c in scan.chars):
        return False
    return not any(t.bbox and lo < (t.bbox[1] + t.bbox[3]) / 2 < hi for t in scan.tables)


def _page_content(scan: PageScan, settings: PdfSettings) -> tuple[PageContent, list[Frame]]:
    """The characters outside tables become lines. Framed text stays lines too, each frame
    knowing its own (see ``fragments``)."""
    tables = scan.tables
    free = [c for c in scan.chars if not any(center_in(c, t.bbox) for t in tables if t.bbox)]
    content = PageContent(scan.number, scan.height, tables=sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0.0))
    content.lines = [make_line(scan.number, group, settings) for group in group_lines(free, settings)]
    frames = [
        Frame(t, [line for line in content.lines if t.bbox and center_in(_line_box(line), t.bbox)])
        for t in scan.framed
    ]
    return content, [f for f in frames if f.lines]


def _line_box(line: Line) -> dict[str, float]:
    return {"x0": line.x0, "x1": line.x1, "top": line.top, "bottom": line.bottom}
