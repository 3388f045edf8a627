"""What one page yields once read: its text lines outside tables, and its tables.

Page furniture removal and paragraph assembly work on these, not on pdfplumber objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.layout import Table


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    # Width of the first unbreakable piece (a Latin word, a number, one CJK character):
    # if it could not fit at the end of the line above, that line was wrapped, not ended.
    lead: float = 0.0


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
