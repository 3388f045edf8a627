"""Paragraphs: text lines grouped into paragraphs, with the tables, in reading order.

A line starts a new paragraph on an indent, a wider vertical gap, a short line above,
a heading number or a font size change; a paragraph continues across a page break only
when the page ends mid-sentence. Indents and short lines are judged against the body
text's margins, measured over the whole document (or per page when margins are mirrored).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.layout import Block, Paragraph, Table
from extractor.outline import starts_numbered
from extractor.readers.pdf.geometry import round_box
from extractor.readers.pdf.model import Line, PageContent
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import tidy_paragraph

# A line ending with these closes its sentence, so it cannot run on to the next page.
_SENTENCE_END = tuple("。；：！？.;:!?")


@dataclass
class _Body:
    """Document-wide text geometry used to judge indents, short lines and gaps."""

    left: float
    right: float
    gap: float


def assemble(pages: list[PageContent], settings: PdfSettings) -> list[Block]:
    """Tables and paragraph lines in reading order, lines grouped into paragraphs."""
    bodies = _page_bodies(pages, settings)
    items: list[tuple[int, float, Line | Table]] = []
    for page in pages:
        items += [(page.number, line.top, line) for line in page.lines]
        items += [(page.number, t.bbox[1] if t.bbox else 0.0, t) for t in page.tables]
    items.sort(key=lambda it: (it[0], it[1]))
    blocks: list[Block] = []
    current: list[Line] = []
    for _, _, item in items:
        if isinstance(item, Table):
            _flush(current, blocks)
            current = []
            blocks.append(item)
        elif current and _continues(current[-1], item, bodies[current[-1].page], bodies[item.page], settings):
            current.append(item)
        else:
            _flush(current, blocks)
            current = [item]
    _flush(current, blocks)
    return blocks


def _body_geometry(lines: list[Line], settings: PdfSettings) -> _Body:
    if not lines:
        return _Body(0.0, 0.0, 0.0)
    counts: dict[int, int] = defaultdict(int)
    for line in lines:
        counts[round(line.x0)] += 1
    # The left margin is the most common start that has lines starting near it: lines with
    # a first-line indent start 2 characters further right.
    left = float(min(x for x, n in counts.items() if n == max(counts.values())))
    left = min((line.x0 for line in lines if abs(line.x0 - left) <= settings.margin_match), default=left)
    mid = (left + max(line.x1 for line in lines)) / 2
    wide = sorted(line.x1 for line in lines if line.x1 > mid)
    right = wide[int(settings.right_margin_quantile * (len(wide) - 1))] if wide else left
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 <= b.top - a.bottom < settings.max_line_gap * a.size
    ]
    gap = statistics.median(gaps) if gaps else 0.0
    return _Body(left, right, gap)


def _page_bodies(pages: list[PageContent], settings: PdfSettings) -> dict[int, _Body]:
    """Text geometry per page: the document's, unless the page's text is shifted.

    Mirrored margins (double-sided printing) move every line of even pages sideways; a
    page (of at least ``shifted_page_min_lines`` lines) where no line starts at the
    document's left margin gets its own geometry. Other pages keep the document's, which a
    page of headings and short lines would skew.
    """
    body = _body_geometry([line for p in pages for line in p.lines], settings)
    out: dict[int, _Body] = {}
    for page in pages:
        if _is_shifted(page, body, settings):
            own = _body_geometry(page.lines, settings)
            out[page.number] = _Body(own.left, own.right, body.gap)
        else:
            out[page.number] = body
    return out


def _is_shifted(page: PageContent, body: _Body, settings: PdfSettings) -> bool:
    if len(page.lines) < settings.shifted_page_min_lines:
        return False
    return not any(abs(ln.x0 - body.left) <= settings.margin_match for ln in page.lines)


def _continues(prev: Line, line: Line, prev_body: _Body, body: _Body, settings: PdfSettings) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?"""
    size = max(prev.size, line.size)
    indented = line.x0 > body.left + settings.indent * size
    # Full: the line reached the right margin, or the next line's first word would not
    # have fit after it (a long e-mail address or number wraps early in ragged text).
    full = (
        prev.x1 >= prev_body.right - settings.full_line_slack * size or prev.x1 + line.lead > prev_body.right
    )
    if indented and full and _is_long_title(prev, line, prev_body, body, settings):
        indented = False  # a centred title too long for one line
    if starts_numbered(line.text) or indented or not full:
        return False
    if line.page != prev.page:
        # A paragraph runs over the page break only when the page ends mid-sentence.
        return line.page == prev.page + 1 and not prev.text.rstrip().endswith(_SENTENCE_END)
    if abs(line.size - prev.size) > settings.size_change:
        return False
    return line.top - prev.bottom <= body.gap + settings.gap_slack * size


def _is_long_title(prev: Line, line: Line, prev_body: _Body, body: _Body, settings: PdfSettings) -> bool:
    """Two centred lines of the same size: one title wrapped over two lines."""
    return (
        _centred(prev, prev_body, settings)
        and _centred(line, body, settings)
        and abs(prev.size - line.size) < settings.same_size
    )


def _centred(line: Line, body: _Body, settings: PdfSettings) -> bool:
    middle = (body.left + body.right) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < settings.title_centring * line.size


def _flush(lines: list[Line], blocks: list[Block]) -> None:
    if not lines:
        return
    text = tidy_paragraph(_join_lines(line.text for line in lines))
    if not text:
        return
    # A paragraph continued over a page break keeps the page and box of its first part.
    first = [line for line in lines if line.page == lines[0].page]
    bbox = round_box(
        (
            min(ln.x0 for ln in first),
            min(ln.top for ln in first),
            max(ln.x1 for ln in first),
            max(ln.bottom for ln in first),
        )
    )
    blocks.append(Paragraph(text=text, page=lines[0].page, bbox=bbox))


def _join_lines(texts: Iterable[str]) -> str:
    # Lines are joined by a break, which tidy_paragraph removes; two Latin words meeting
    # at a line end keep a space so that "annual\nreport" does not become one word.
    out = ""
    for text in texts:
        text = text.strip()
        if out and out[-1].isascii() and out[-1].isalpha() and text[:1].isascii() and text[:1].isalpha():
            out += " "
        elif out:
            out += "\n"
        out += text
    return out
