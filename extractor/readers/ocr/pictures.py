"""Pictures inside a Word file (a table pasted as an image) read as pages of the page layer.

Each picture is a page of its own: its pixels at the size the document shows them (points
per pixel from the picture's extent), read by ``reader.read_image`` like a picture on a PDF
page (taken as placed: no quarter turns), then through the page layer's steps after the scan
(``page.blocks``, as for a PDF: rules-only tables decided over all pictures, paragraphs,
tables stitched where one picture ends a table and the next continues it, as over a page
break). The Word reader puts the blocks where the pictures stood.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout import Block, Table
from extractor.readers.ocr.engine import engine
from extractor.readers.ocr.reader import ImageRead, mark_cells, read_image
from extractor.readers.ocr.render import PageImage, decode_image
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.page.blocks import page_blocks, page_contents
from extractor.readers.pdf.settings import PdfSettings


@dataclass(frozen=True)
class Picture:
    data: bytes  # the image file's bytes (PNG, JPEG, ...); empty when the file holds none
    width_pt: float  # the size the document shows it at
    height_pt: float
    name: str = ""  # its part in the Word file (word/media/image1.png), for a warning


def read_pictures(pictures: list[Picture], settings: OcrSettings | None = None,
                  pdf_settings: PdfSettings | None = None) -> list[list[Block] | None]:
    """The blocks of each picture; None for one that cannot be decoded (damaged, or a format
    OpenCV does not read, as EMF), which the caller says in a warning."""
    settings = settings or OcrSettings()
    pdf_settings = pdf_settings or PdfSettings()
    model = engine()  # raises OcrUnavailable without the extra
    reads: list[ImageRead] = []
    numbers: list[int | None] = []
    for picture in pictures:
        pixels = decode_image(picture.data)
        if pixels is None or picture.width_pt <= 0:
            numbers.append(None)
            continue
        image = PageImage(pixels, picture.width_pt / pixels.shape[1])
        number = len(reads) + 1
        reads.append(read_image(image, number, model, settings, pdf_settings, whole_page=False))
        numbers.append(number)
    if not reads:
        return [None] * len(pictures)
    pages, frames = page_contents([r.scan for r in reads], pdf_settings)
    mark_cells([t for p in pages for t in p.tables], reads, settings)
    blocks = page_blocks(pages, frames, pdf_settings)
    by_page: dict[int, list[Block]] = {}
    for block in blocks:
        page = block.page if isinstance(block, Table) else getattr(block, "page", None)
        by_page.setdefault(page or 1, []).append(block)
    return [by_page.get(n, []) if n is not None else None for n in numbers]
