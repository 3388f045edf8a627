"""Framed text at a page break: a table's fragment, or a box of prose.

A ruled grid whose text sits in one column reads as a box of prose (paragraphs), except at
a page break next to a table: a table whose last row was cut by the break leaves the label's
tail ("费") alone in a frame at the head of the next page, and a sub-table title
("第二十条第（五）项") may be the only row of its table at the foot of a page. There the
frame is kept as a table, so that recovery can stitch it to its neighbour; anywhere else its
lines stay paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.layout import Table
from extractor.readers.pdf.model import Line, PageContent


@dataclass
class Frame:
    """A ruled grid with text in one column, and the lines its text also makes."""

    table: Table
    lines: list[Line] = field(default_factory=list)


def keep_fragments(pages: list[PageContent], frames: dict[int, list[Frame]]) -> None:
    """Frames at a page break next to a table become tables; their lines leave the page.

    Run after page furniture is dropped, so a running header above the frame or a page
    number below the table does not hide the break."""
    for i, page in enumerate(pages):
        for frame in frames.get(page.number, []):
            after_table = i > 0 and _ends_with_table(pages[i - 1]) and _is_first(page, frame)
            before_table = i + 1 < len(pages) and _starts_with_table(pages[i + 1]) and _is_last(page, frame)
            if after_table or before_table:
                own = {id(line) for line in frame.lines}
                page.lines = [line for line in page.lines if id(line) not in own]
                page.tables.append(frame.table)
                page.tables.sort(key=lambda t: t.bbox[1] if t.bbox else 0.0)


def _top(table: Table) -> float:
    return table.bbox[1] if table.bbox else 0.0


def _bottom(table: Table) -> float:
    return table.bbox[3] if table.bbox else 0.0


def _is_first(page: PageContent, frame: Frame) -> bool:
    own = {id(line) for line in frame.lines}
    top = _top(frame.table)
    return not any(line.bottom <= top for line in page.lines if id(line) not in own) and not any(
        _bottom(t) <= top for t in page.tables
    )


def _is_last(page: PageContent, frame: Frame) -> bool:
    own = {id(line) for line in frame.lines}
    bottom = _bottom(frame.table)
    return not any(line.top >= bottom for line in page.lines if id(line) not in own) and not any(
        _top(t) >= bottom for t in page.tables
    )


def _ends_with_table(page: PageContent) -> bool:
    if not page.tables:
        return False
    last_table = max(_bottom(t) for t in page.tables)
    return not any(line.top >= last_table for line in page.lines)


def _starts_with_table(page: PageContent) -> bool:
    if not page.tables:
        return False
    first_table = min(_top(t) for t in page.tables)
    return not any(line.bottom <= first_table for line in page.lines)
