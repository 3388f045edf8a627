"""Page scans to blocks: rules-only tables decided over all pages, the characters outside
tables to lines, then furniture dropped, framed fragments kept or released, and paragraphs."""

from __future__ import annotations

from collections import Counter

from extractor.layout import BBox, Block
from extractor.readers.page.scan import PageScan
from extractor.readers.pdf.chars import group_lines, line_text, make_line
from extractor.readers.pdf.fragments import Frame, keep_fragments
from extractor.readers.pdf.furniture import drop_page_furniture
from extractor.readers.pdf.geometry import Obj, center, center_in
from extractor.readers.pdf.model import Line, PageContent
from extractor.readers.pdf.paragraphs import assemble
from extractor.readers.pdf.rules_only import (
    RuleRegion,
    part_offsets,
    region_columns,
    region_table,
    table_chains,
)
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import is_page_number


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


def _rule_tables(scans: list[PageScan], settings: PdfSettings) -> None:
    """Rules-only regions to tables, each continued table on one column grid."""
    if not any(scan.regions for scan in scans):
        return  # most reports: no margin lines to read
    by_page = {scan.number: scan for scan in scans}
    furniture = _furniture_chars(scans, settings)

    def clear(region: RuleRegion, below: bool) -> bool:
        return _nothing_beside(by_page[region.page], region.bbox, below, furniture[region.page])

    for chain in table_chains([scan.regions for scan in scans], clear, settings):
        offsets = part_offsets(chain, settings)
        cols = region_columns(chain, settings, offsets)
        for region, dx in zip(chain, offsets, strict=True):
            table = region_table(region, chain, [x + dx for x in cols], settings) if cols else None
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
