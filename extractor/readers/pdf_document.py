"""A PDF file to a ``Document``: the one place that puts the PDF and the OCR reader together.

Neither reader imports the other; both fill the page layer's ``PageScan`` (``readers/page``).
Here, in order:

1. the PDF reader (``readers/pdf``) scans every page's text layer and drawings;
2. ``ocr_targets`` decides which pages need OCR: a scanned page as a whole, or the pictures
   of tables or text on a page with text;
3. the OCR reader (``readers/ocr``, imported only when there is a target: its packages are an
   optional extra and take a second to load) reads them, and each read takes its page's
   place (a scanned page) or joins it (a picture);
4. the page layer's steps make lines and tables, each cell read from an image gets its OCR
   confidence (``mark_cells``), then furniture, fragments and paragraphs.

Failures become the project's typed errors, so the CLI and batch runs can say why a file was
refused: one without a single usable character, OCR included → ``NoTextLayer`` (a scan;
the message says why OCR did not read it), or ``UndecodableText`` when its characters are
drawn with fonts that carry no text. The back ends raise ``EncryptedInput`` and
``UnreadableInput`` (see ``pdf.reader``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extractor.contract import Warning
from extractor.errors import NoTextLayer, UndecodableText
from extractor.layout import BBox, Document
from extractor.limits import Limits, OcrMode
from extractor.readers.page.blocks import page_blocks, page_contents
from extractor.readers.page.scan import OcrTargets, PageScan, join_picture
from extractor.readers.pdf.geometry import Obj, center_in
from extractor.readers.pdf.reader import scan_pdf
from extractor.readers.pdf.settings import PdfSettings
from extractor.warning_codes import WarningCode

if TYPE_CHECKING:
    from extractor.readers.ocr.reader import ImageRead


def read_pdf(path: Path, limits: Limits | None = None, settings: PdfSettings | None = None) -> Document:
    """Read a PDF into paragraphs and tables (blocks in page order, then top to bottom).

    ``settings`` holds every tolerance of the reader; the defaults suit office exports.
    """
    limits = limits or Limits()
    settings = settings if settings is not None else PdfSettings()
    warnings: list[Warning] = []
    scans = scan_pdf(path, limits, settings, warnings)
    targets = ocr_targets(scans, limits.ocr, settings)
    reads = _read_images(path, targets, scans, settings, warnings) if targets else None
    pages, frames = page_contents(scans, settings)
    if not any(p.lines or p.tables for p in pages):
        if any(w.code is WarningCode.PDF_UNMAPPED_GLYPHS for w in warnings):
            raise UndecodableText("fonts without Unicode maps; the characters are drawn but carry no text")
        raise NoTextLayer(f"no readable characters on any page; {_no_ocr_reason(limits.ocr, targets, reads)}")
    reads = reads or []
    if reads:
        from extractor.readers.ocr.reader import mark_cells

        mark_cells([t for p in pages for t in p.tables], reads)
    blocks = page_blocks(pages, frames, settings)
    return Document(blocks=blocks, format="pdf", pages=len(pages), warnings=warnings, ocr=bool(reads))


def ocr_targets(scans: list[PageScan], mode: OcrMode, settings: PdfSettings) -> OcrTargets:
    """The pages to read from their images (None: the whole page), or the pictures on them."""
    targets: OcrTargets = {}
    for index, scan in enumerate(scans):
        _add_target(targets, index, scan.chars, scan.images, mode, settings)
    return targets


def _add_target(targets: OcrTargets, index: int, chars: list[Obj], images: list[BBox], mode: OcrMode,
                settings: PdfSettings) -> None:
    """Page ``index`` to read from its images (None: the whole page), or the pictures on it.

    ``auto``: a page without a usable character but with an image is a scan; a picture at
    least ``picture_min_size`` on each side with no character over it, on a page with text,
    is a picture of a table or text. ``always``: every page. Decided from the page's scan
    (its characters and image boxes), so the back end frees the page right after reading it."""
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


def _read_images(path: Path, targets: OcrTargets, scans: list[PageScan], settings: PdfSettings,
                 warnings: list[Warning]) -> list[ImageRead] | None:
    """The OCR reader on the targets, each read put into ``scans``: a whole page's scan takes
    the page's place, a picture's joins it. Without the extra (None), scans stay unread: a
    document with no text at all is then refused, naming the extra."""
    from extractor.readers.ocr import OcrUnavailable, read_targets

    try:
        reads = read_targets(path, targets, [scan.number for scan in scans], settings)
    except OcrUnavailable:
        return None
    for index, read in reads:
        if read.undecodable:
            warnings.append(_undecodable(scans[index].number, read.undecodable, whole_page=targets[index] is None))
        if targets[index] is None:
            scans[index] = read.scan
        else:
            join_picture(scans[index], read.scan)
    return [read for _, read in reads]


def _undecodable(page: int, count: int, whole_page: bool) -> Warning:
    where = f"page {page}" if whole_page else f"a picture on page {page}"
    return Warning(code=WarningCode.PICTURE_UNREADABLE,
                   message=f"{where}: {count} image(s) cannot be decoded (damaged, or a format the PDF renderer "
                           "does not read); what they show was not read",
                   where={"page": page})


def _no_ocr_reason(mode: OcrMode, targets: OcrTargets, reads: list[ImageRead] | None) -> str:
    if mode is OcrMode.NEVER:
        return "OCR is off (--ocr never)"
    if targets and reads is None:
        return "OCR needs the optional packages: pip install 'govreport[ocr]'"
    if targets:
        # OCR ran and found nothing: the pages are blank (or too faint or small to read).
        return "OCR read the page images and found no text (a blank or unreadable scan)"
    return "no page images to read by OCR either"
