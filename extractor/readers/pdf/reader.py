"""The entry point: the back end reads each page once into a ``PageScan`` (characters,
ruled tables, rules-only regions), then furniture is dropped and paragraphs assembled.

Failures become the project's typed errors, so the CLI and batch runs can say why a
file was refused: a PDF that needs a password → ``EncryptedInput``; one without a
single usable character → ``NoTextLayer`` (a scan); anything else the PDF libraries
reject → ``UnreadableInput`` (the back ends map their libraries' errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractor.contract import Warning
from extractor.errors import NoTextLayer, UndecodableText
from extractor.layout import BBox, Document
from extractor.limits import Limits, OcrMode, PdfBackend
from extractor.readers.page.blocks import page_blocks, page_contents
from extractor.readers.page.scan import PageScan
from extractor.readers.pdf.geometry import Obj, center_in
from extractor.readers.pdf.settings import PdfSettings
from extractor.warning_codes import WarningCode

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
