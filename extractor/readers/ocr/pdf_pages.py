"""OCR inside the PDF reader: scanned pages read from their images, and pictures on text pages.

``read_pdf`` decides which pages or pictures need OCR (``targets``) and hands over its page
scans; each target's image is rendered, read (``reader.read_image``) and its scan takes the
page's place (a scanned page) or joins it (a picture on a page with text).
"""

from __future__ import annotations

from pathlib import Path

from extractor.layout import BBox
from extractor.readers.ocr.engine import engine
from extractor.readers.ocr.reader import ImageRead, read_image
from extractor.readers.ocr.render import PdfPages
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.page.scan import PageScan
from extractor.readers.pdf.settings import PdfSettings

# A page's targets: None for the whole page, else the boxes (pt) of pictures on it.
Targets = dict[int, list[BBox] | None]


def read_targets(
    path: Path, targets: Targets, scans: list[PageScan], pdf_settings: PdfSettings, settings: OcrSettings | None = None
) -> list[ImageRead]:
    """Read each target and put what it holds into ``scans`` (indexed like the pages)."""
    settings = settings or OcrSettings()
    model = engine()  # raises OcrUnavailable without the extra
    reads: list[ImageRead] = []
    with PdfPages(path) as pdf:
        for index, boxes in sorted(targets.items()):
            number = scans[index].number
            if boxes is None:
                read = read_image(pdf.render(index, settings.dpi), number, model, settings, pdf_settings, whole_page=True)
                scans[index] = read.scan
                reads.append(read)
                continue
            for box in boxes:
                read = read_image(pdf.render(index, settings.dpi, crop=box), number, model, settings, pdf_settings,
                                  whole_page=False)
                _merge(scans[index], read.scan)
                reads.append(read)
    return reads


def _merge(page: PageScan, picture: PageScan) -> None:
    page.chars = sorted(page.chars + picture.chars, key=lambda c: (c["top"], c["x0"]))
    page.tables += picture.tables
    page.framed += picture.framed
    page.regions = sorted(page.regions + picture.regions, key=lambda r: r.bbox[1])
