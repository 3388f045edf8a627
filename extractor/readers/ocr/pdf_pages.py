"""OCR on a PDF's pages: scanned pages read from their images, and pictures on text pages.

``readers/pdf_document.py`` decides which pages or pictures need OCR (``targets``); here each
target's image is rendered and read (``reader.read_image``) into a page scan. Putting the
scans in their pages' place (a scanned page) or into them (a picture on a page with text)
is the caller's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractor.progress import step
from extractor.readers.ocr.engine import engine
from extractor.readers.ocr.reader import ImageRead, read_image
from extractor.readers.ocr.render import PdfPages
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.page.scan import OcrTargets
from extractor.readers.pdf.settings import PdfSettings


def read_targets(
    path: Path, targets: OcrTargets, numbers: list[int], pdf_settings: PdfSettings, settings: OcrSettings | None = None
) -> list[tuple[int, ImageRead]]:
    """Each target read, with the index of its page (``numbers``: the page numbers by index):
    pages in order, a page's pictures in the order given."""
    settings = settings or OcrSettings()
    model = engine()  # raises OcrUnavailable without the extra
    reads: list[tuple[int, ImageRead]] = []
    with PdfPages(path) as pdf:
        for done, (index, boxes) in enumerate(sorted(targets.items())):
            # A scan of 20 pages takes half a minute: a terminal shows where it is.
            step("pages read by OCR", done, len(targets))
            number = numbers[index]
            if boxes is None:
                read = read_image(pdf.render(index, settings.dpi), number, model, settings, pdf_settings, whole_page=True)
                reads.append((index, replace(read, undecodable=pdf.undecodable_images(index))))
                continue
            for box in boxes:
                read = read_image(pdf.render(index, settings.dpi, crop=box), number, model, settings, pdf_settings,
                                  whole_page=False)
                reads.append((index, replace(read, undecodable=pdf.undecodable_images(index, box))))
    step("pages read by OCR", len(targets), len(targets))
    return reads
