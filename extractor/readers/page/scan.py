"""A page's first pass, whichever reader read it: its characters and rules to a ``PageScan``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractor.layout import BBox, Table
from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.ruled import EdgePage, ruled_tables
from extractor.readers.pdf.rules_only import RuleRegion, rule_regions
from extractor.readers.pdf.settings import PdfSettings

if TYPE_CHECKING:
    from pdfplumber.page import Page

# Per page index (from 0): None to read the whole page by OCR, or the pictures on it to read.
OcrTargets = dict[int, list[BBox] | None]


@dataclass
class PageScan:
    """One page's first pass: its characters, ruled tables, frames and rules-only regions.
    Rules-only regions become tables only once all pages are scanned (``blocks.page_contents``):
    a table continued over pages takes its columns from all its parts."""

    number: int
    height: float
    chars: list[Obj]
    tables: list[Table]
    framed: list[Table]
    regions: list[RuleRegion]
    # The boxes (pt) of the images drawn on a PDF page, kept so that which pages need OCR is
    # decided in one place once the page itself is freed; none on a scan read from an image.
    images: list[BBox] = field(default_factory=list)


def scan_page(number: int, height: float, chars: list[Obj], drawn: Page | EdgePage, settings: PdfSettings,
              images: list[BBox] | None = None) -> PageScan:
    """One page's first pass from its characters and rules (a PDF page's own, or the OCR
    reader's from a page image): ruled tables, frames and rules-only regions."""
    tables, framed = ruled_tables(drawn, chars, number, settings)
    taken = [t.bbox for t in tables if t.bbox]
    regions = rule_regions(drawn.horizontal_edges, chars, taken, number, settings)
    return PageScan(number, height, chars, tables, framed, regions, images if images is not None else [])


def join_picture(page: PageScan, picture: PageScan) -> None:
    """A picture's scan (read by OCR from an image on the page) joins its page's, in reading order."""
    page.chars = sorted(page.chars + picture.chars, key=lambda c: (c["top"], c["x0"]))
    page.tables += picture.tables
    page.framed += picture.framed
    page.regions = sorted(page.regions + picture.regions, key=lambda r: r.bbox[1])
