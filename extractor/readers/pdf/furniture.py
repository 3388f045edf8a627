"""Page furniture: page numbers and running headers and footers, removed before the
lines are assembled into paragraphs.

Only lines in the top or bottom margin are candidates, so a number or a sentence in the
body is never taken for furniture.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from extractor.readers.pdf.model import Line, PageContent
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import is_page_number


def drop_page_furniture(pages: list[PageContent], settings: PdfSettings) -> None:
    """Remove page numbers and text repeated at the same place on most pages (margins only)."""
    repeated = _repeated_margin_text(pages, settings)
    for page in pages:
        page.lines = [line for line in page.lines if not _is_furniture(line, page, repeated, settings)]


def _is_furniture(
    line: Line, page: PageContent, repeated: set[tuple[str, int]], settings: PdfSettings
) -> bool:
    if not _in_margin(line, page, settings):
        return False
    return is_page_number(line.text) or _margin_key(line, settings) in repeated


def _in_margin(line: Line, page: PageContent, settings: PdfSettings) -> bool:
    margin = settings.margin_fraction
    return line.bottom <= page.height * margin or line.top >= page.height * (1 - margin)


def _margin_key(line: Line, settings: PdfSettings) -> tuple[str, int]:
    # Digits vary from page to page ("第 3 页 共 8 页"); the position in steps of
    # ``furniture_position_step`` does not.
    step = settings.furniture_position_step
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / step)


def _repeated_margin_text(pages: list[PageContent], settings: PdfSettings) -> set[tuple[str, int]]:
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page, settings):
                seen[_margin_key(line, settings)].add(page.number)
    need = max(2, math.ceil(settings.furniture_page_fraction * len(pages)))
    return {key for key, on in seen.items() if len(on) >= need}
