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
from extractor.text import nfkc

_MARGIN = 0.12  # top/bottom fraction of the page where running headers and footers live

# Page numbers as printed in headers and footers (after NFKC and removing whitespace).
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―─_~·•.]*\d{1,4}[-—–－―─_~·•.]*"
    r"|第\d{1,4}页(?:[,，]?共\d{1,4}页)?|共\d{1,4}页[,，]?第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}|page\d{1,4}(?:of\d{1,4})?)$",
    re.I,
)


def drop_page_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers and text repeated at the same place on most pages (margins only)."""
    repeated = _repeated_margin_text(pages)
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (_in_margin(line, page) and (_is_page_number(line.text) or _margin_key(line) in repeated))
        ]


def _in_margin(line: Line, page: PageContent) -> bool:
    return line.bottom <= page.height * _MARGIN or line.top >= page.height * (1 - _MARGIN)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", nfkc(text))))


def _margin_key(line: Line) -> tuple[str, int]:
    # Digits vary from page to page ("第 3 页 共 8 页"); the position rounded to 6pt does not.
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 6)


def _repeated_margin_text(pages: list[PageContent]) -> set[tuple[str, int]]:
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                seen[_margin_key(line)].add(page.number)
    need = max(2, math.ceil(0.6 * len(pages)))
    return {key for key, on in seen.items() if len(on) >= need}
