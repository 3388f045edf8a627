"""The entry point: open the PDF, read each page once, then drop page furniture and
assemble paragraphs.

Failures become the project's typed errors, so the CLI and batch runs can say why a
file was refused: a PDF that needs a password → ``EncryptedInput``; one without a
single usable character → ``NoTextLayer`` (a scan); anything else the PDF libraries
reject → ``UnreadableInput``.
"""

from __future__ import annotations

import logging
import textwrap
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.contract import Warning
from extractor.errors import EncryptedInput, GovReportError, NoTextLayer, UndecodableText, UnreadableInput
from extractor.layout import BBox, Block, Document, Table
from extractor.limits import Limits, OcrMode, check_pages
from extractor.readers.pdf.chars import group_lines, line_text, make_line, usable_chars
from extractor.readers.pdf.drawings import is_visible_rule
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

_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)


def read_pdf(path: Path, limits: Limits | None = None, settings: PdfSettings | None = None) -> Document:
    """Read a PDF into paragraphs and tables (blocks in page order, then top to bottom).

    ``settings`` holds every tolerance of the reader; the defaults suit office exports.
    """
    limits = limits or Limits()
    settings = settings if settings is not None else PdfSettings()
    warnings: list[Warning] = []
    try:
        with _pdfminer_log(warnings), pdfplumber.open(path) as pdf:
            # Counting pages walks the page tree only; no page content is parsed yet.
            check_pages(len(pdf.pages), limits)
            scans = [_scan_page(page, warnings, settings) for page in pdf.pages]
            targets = _ocr_targets(pdf.pages, scans, limits.ocr, settings)
    except _PDF_ERRORS as exc:
        raise _typed_error(exc) from exc
    except GovReportError:
        raise
    except Exception as exc:
        # pdfminer's parser lets plain Python errors through on damaged objects; an error
        # raised in our own code is a bug and must not pass for a damaged file.
        if not _raised_in_parser(exc):
            raise
        raise UnreadableInput(f"damaged PDF: {type(exc).__name__}: {textwrap.shorten(str(exc), 100)}") from exc
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


def _ocr_targets(pdf_pages: list[Page], scans: list[PageScan], mode: OcrMode, settings: PdfSettings) -> dict[int, list[BBox] | None]:
    """Pages to read from their images (None: the whole page) or pictures on a page to read.

    ``auto``: a page without a usable character but with an image is a scan; a picture at
    least ``picture_min_size`` on each side with no character over it, on a page with text,
    is a picture of a table or text. ``always``: every page. Reading the image list costs
    nothing more: pdfplumber parsed the page's objects already."""
    if mode is OcrMode.NEVER:
        return {}
    if mode is OcrMode.ALWAYS:
        return dict.fromkeys(range(len(scans)))
    targets: dict[int, list[BBox] | None] = {}
    for index, (page, scan) in enumerate(zip(pdf_pages, scans, strict=True)):
        images = page.images
        if not images:
            continue
        if not scan.chars:
            targets[index] = None
            continue
        pictures = [
            box
            for img in images
            if min(img["x1"] - img["x0"], img["bottom"] - img["top"]) >= settings.picture_min_size
            and not any(center_in(c, box := (img["x0"], img["top"], img["x1"], img["bottom"])) for c in scan.chars)
        ]
        if pictures:
            targets[index] = pictures
    return targets


def _read_images(path: Path, targets: dict[int, list[BBox] | None], scans: list[PageScan], settings: PdfSettings) -> list[Any]:
    """The OCR reader on the targets (``extractor.readers.ocr``, imported only here: its
    packages are an optional extra and take a second to load). Without the extra, scans stay
    unread: a document with no text at all is then refused, naming the extra."""
    from extractor.readers.ocr import OcrUnavailable, read_targets

    try:
        return read_targets(path, targets, scans, settings)
    except OcrUnavailable:
        return []


def _no_ocr_reason(mode: OcrMode, targets: dict[int, list[BBox] | None]) -> str:
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


def _scan_page(page: Page, warnings: list[Warning], settings: PdfSettings) -> PageScan:
    number = page.page_number
    chars = usable_chars(page.chars, number, warnings, settings)
    drawn = page.filter(lambda obj: is_visible_rule(obj, settings))
    return scan_page(number, float(page.height), chars, drawn, settings)


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


def _raised_in_parser(exc: BaseException) -> bool:
    """True when the deepest frame from a known package is pdfminer's or pdfplumber's
    (standard-library frames below it do not count)."""
    last = None
    tb = exc.__traceback__
    while tb is not None:
        parts = Path(tb.tb_frame.f_code.co_filename).parts
        last = next((p for p in ("pdfminer", "pdfplumber", "extractor") if p in parts), last)
        tb = tb.tb_next
    return last in ("pdfminer", "pdfplumber")


@contextmanager
def _pdfminer_log(warnings: list[Warning]) -> Iterator[None]:
    """pdfminer reports damage it worked around ("Data-loss while decompressing corrupted
    data") on its logger; turn those into the document's warnings instead of stray lines on
    stderr."""
    seen: set[str] = set()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = textwrap.shorten(record.getMessage(), 160)
            if record.levelno >= logging.WARNING and message not in seen and len(seen) < 20:
                seen.add(message)
                warnings.append(Warning(code=WarningCode.PDF_DAMAGED, message=f"the PDF is damaged; pdfminer: {message}"))

    logger = logging.getLogger("pdfminer")
    handler = Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _typed_error(exc: Exception) -> GovReportError:
    """The project's error for a PDF that pdfplumber or pdfminer cannot open or parse.

    pdfminer already tries the empty user password (so a file that is merely restricted
    opens); ``PDFPasswordIncorrect`` means a real password is needed. pdfplumber wraps
    pdfminer's exceptions in ``PdfminerException(original)``, hence the walk down the chain.
    """
    chain = list(_exception_chain(exc))
    ours = next((e for e in chain if isinstance(e, GovReportError)), None)
    if ours is not None:
        # Our own error (the document's deadline) raised while pdfplumber was on the stack.
        return ours
    if any(isinstance(e, PDFPasswordIncorrect) for e in chain):
        return EncryptedInput("the PDF needs a password to open")
    if any(isinstance(e, PDFEncryptionError) for e in chain):
        # An encryption method pdfminer does not implement: still a locked file, not a broken one.
        return EncryptedInput("the PDF's encryption method is not supported")
    original = next((e for e in chain if not isinstance(e, PdfminerException)), exc)
    detail = textwrap.shorten(str(original), 120, placeholder=" …") or type(original).__name__
    return UnreadableInput(f"not a valid PDF: {detail}")


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = wrapped or current.__cause__ or current.__context__
