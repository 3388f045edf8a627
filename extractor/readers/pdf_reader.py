"""Reader for PDF files with a text layer, on pdfplumber.

The page is read once (characters and drawing objects) and everything else is derived
from those lists:

* **Drawings.** Only visible rules count as table borders: stroked paths and thin filled
  bars. Office exports (WPS in particular) paint a white, unstroked rectangle behind every
  text line and every table cell; fed to pdfplumber these form bogus one-column "tables"
  of prose, so invisible and shading rectangles are dropped before tables are searched.
* **Ruled tables.** One ``find_tables`` call per page (lines strategy), after closing the
  outer borders that a page break leaves open. pdfplumber gives one bounding box per
  cell; the distinct x and y edges of those boxes form the table's true grid and each
  box maps to (row, col, rowspan, colspan) on it.
* **Tables with horizontal rules only.** Runs of stacked horizontal rules that are not part
  of a ruled table delimit rows; columns come from where rule segments stop inside the
  table and from the x-gaps that the text of the rows leaves free. The cells built that
  way go through the same grid conversion.
* **Paragraphs.** The remaining characters are grouped into lines and the lines into
  paragraphs (indent, vertical gap, short last line, heading number, font size change),
  continuing across a page break when the page ends mid-sentence. Running headers, footers
  and page numbers are removed first.

Tables continued on the next page are not joined here: each page's part is its own block.
Nothing here knows about annual reports.
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.layout import BBox, Block, Cell, Document, Paragraph, Table
from extractor.text import clean_cell, is_cjk, nfkc, tidy_paragraph

Obj = dict[str, Any]

_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)

# Geometry tolerances, in PDF points.
_SNAP = 2.0  # cell edges closer than this are the same grid line
_DEDUPE = 1.0  # an overprinted copy of a character sits within this distance
_THIN = 3.0  # a filled rectangle thinner than this is a drawn rule, not a shading
_MARGIN = 0.12  # top/bottom fraction of the page where running headers and footers live

# Page numbers as printed in headers and footers (after NFKC and removing whitespace).
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―─_~·•.]*\d{1,4}[-—–－―─_~·•.]*"
    r"|第\d{1,4}页(?:[,，]?共\d{1,4}页)?|共\d{1,4}页[,，]?第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}|page\d{1,4}(?:of\d{1,4})?)$",
    re.I,
)
# Numbered headings that always start a paragraph: 一、 （一） 1. 1、 (1)
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d))"
)
# A line ending with these closes its sentence, so it cannot run on to the next page.
_SENTENCE_END = tuple("。；：！？.;:!?")
_UNMAPPED = re.compile(r"^\(cid:\d+\)$")


# --------------------------------------------------------------------------- entry point


def read_pdf(path: Path) -> Document:
    """Read a PDF into paragraphs and tables (blocks in page order, then top to bottom)."""
    notices: list[tuple[str, str]] = []
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(page, notices) for page in pdf.pages]
    except _PDF_ERRORS as exc:
        raise ValueError(f"cannot read PDF: {exc}") from exc
    if not any(p.lines or p.tables for p in pages):
        raise ValueError("no text layer")
    _drop_page_furniture(pages)
    blocks = _assemble(pages)
    return Document(blocks=blocks, format="pdf", pages=len(pages), notices=notices)


# --------------------------------------------------------------------------- page model


@dataclass
class _Line:
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
class _PageContent:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _read_page(page: Page, notices: list[tuple[str, str]]) -> _PageContent:
    number = page.page_number
    chars = _usable_chars(page.chars, number, notices)
    drawn = page.filter(_is_visible_rule)
    tables = _ruled_tables(drawn, chars, number)
    taken = [t.bbox for t in tables if t.bbox]
    tables += _rule_only_tables(drawn.horizontal_edges, chars, taken, number)
    free = [c for c in chars if not any(_center_in(c, t.bbox) for t in tables if t.bbox)]
    content = _PageContent(number, float(page.height), tables=tables)
    content.lines = [_make_line(number, group) for group in _group_lines(free)]
    return content


def _usable_chars(chars: list[Obj], page: int, notices: list[tuple[str, str]]) -> list[Obj]:
    """Printable characters, with overprinted "fake bold" copies removed."""
    kept = [c for c in chars if c["text"].strip() and not _UNMAPPED.match(c["text"])]
    unmapped = sum(1 for c in chars if _UNMAPPED.match(c["text"]))
    if unmapped:
        notices.append(("pdf_unmapped_glyphs", f"page {page}: {unmapped} characters without a text mapping"))
    return _dedupe_chars(kept)


def _dedupe_chars(chars: list[Obj]) -> list[Obj]:
    """Drop a character drawn again at (nearly) the same place in the same font.

    Same rule as pdfplumber's ``dedupe_chars`` (same text, font and size within 1pt), but
    pdfplumber restores the original order with ``list.index``, quadratic in the number of
    characters; here the order is kept with positions, so a dense page stays cheap.
    """
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, c in enumerate(chars):
        groups[(c["text"], c.get("fontname"), round(c.get("size", 0), 1), c.get("upright"))].append(i)
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        kept: list[Obj] = []
        for i in sorted(members, key=lambda i: (chars[i]["doctop"], chars[i]["x0"])):
            c = chars[i]
            if any(
                abs(c["doctop"] - k["doctop"]) <= _DEDUPE and abs(c["x0"] - k["x0"]) <= _DEDUPE for k in kept
            ):
                drop.add(i)
            else:
                kept.append(c)
    return [c for i, c in enumerate(chars) if i not in drop]


def _is_visible_rule(obj: Obj) -> bool:
    """Keep characters and visible strokes; drop invisible or shading rectangles.

    A white unstroked rectangle is invisible on paper (WPS draws one behind each text
    line); a coloured unstroked one is a shading; neither is a border. A filled bar
    thinner than ``_THIN`` is how many exporters draw a border, so it stays.
    """
    kind = obj.get("object_type")
    if kind == "char":
        return True
    if kind == "rect":
        if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
            return True
        thin = min(obj["width"], obj["height"]) <= _THIN
        return bool(obj.get("fill")) and thin and not _is_white(obj.get("non_stroking_color"))
    if kind in ("line", "curve"):
        return not _is_white(obj.get("stroking_color"))
    return True


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False  # patterns and named colours: assume visible
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _center(obj: Obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _center_in(obj: Obj, bbox: BBox | None) -> bool:
    if bbox is None:
        return False
    x, y = _center(obj)
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


# --------------------------------------------------------------------------- lines of text


def _group_lines(chars: Iterable[Obj]) -> list[list[Obj]]:
    """Characters clustered into lines: a character joins the line its height overlaps."""
    lines: list[list[Obj]] = []
    band: tuple[float, float] | None = None
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        h = c["bottom"] - c["top"]
        if band is not None:
            overlap = min(band[1], c["bottom"]) - max(band[0], c["top"])
            if overlap >= 0.5 * min(h, band[1] - band[0]):
                lines[-1].append(c)
                band = (min(band[0], c["top"]), max(band[1], c["bottom"]))
                continue
        lines.append([c])
        band = (c["top"], c["bottom"])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(chars: Sequence[Obj]) -> str:
    """Characters of one line left to right, a space where the gap looks like one.

    Between Latin characters a gap of a fifth of the font size is a word space. Next to
    a CJK character, exporters add "autospace" padding (2023 年) and justified lines
    spread characters apart, neither of which is a space, so there only a gap of a whole
    character counts.
    """
    parts: list[str] = []
    prev: Obj | None = None
    for c in chars:
        if prev is not None and c["x0"] - prev["x1"] > _space_gap(prev, c):
            parts.append(" ")
        parts.append(c["text"])
        prev = c
    return "".join(parts)


def _space_gap(left: Obj, right: Obj) -> float:
    size = min(left["size"], right["size"])
    cjk = is_cjk(left["text"][-1:]) or is_cjk(right["text"][:1])
    return size if cjk else 0.2 * size


def _make_line(page: int, chars: Sequence[Obj]) -> _Line:
    return _Line(
        page=page,
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        text=_line_text(chars),
        size=statistics.median(c["size"] for c in chars),
        lead=_lead_width(chars),
    )


def _lead_width(chars: Sequence[Obj]) -> float:
    first = chars[0]
    if is_cjk(first["text"]):
        return first["x1"] - first["x0"]
    end = first["x1"]
    for prev, c in zip(chars, chars[1:], strict=False):
        if is_cjk(c["text"]) or c["x0"] - prev["x1"] > 0.2 * c["size"]:
            break
        end = c["x1"]
    return end - first["x0"]


# --------------------------------------------------------------------------- grid building


def _cluster(values: Iterable[float], tol: float = _SNAP) -> list[float]:
    """Sorted values merged into groups no wider than ``tol`` apart; group means."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _nearest(edges: Sequence[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def _grid_table(boxes: Sequence[BBox], chars: Sequence[Obj], page: int) -> Table | None:
    """Cell boxes to a Table on the grid of their distinct edges, text filled from chars.

    Every distinct x (y) edge of any cell is a column (row) boundary, so a box that spans
    several boundaries is a merged cell with the matching colspan (rowspan).
    """
    xs = _cluster(v for b in boxes for v in (b[0], b[2]))
    ys = _cluster(v for b in boxes for v in (b[1], b[3]))
    if len(xs) < 2 or len(ys) < 2:
        return None
    owner: list[list[int | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    spans: list[tuple[int, int, int, int, BBox]] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _nearest(xs, box[0]), _nearest(xs, box[2])
        r0, r1 = _nearest(ys, box[1]), _nearest(ys, box[3])
        if c1 <= c0 or r1 <= r0 or owner[r0][c0] is not None:
            continue  # degenerate or duplicate box
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = len(spans)
        spans.append((r0, c0, r1 - r0, c1 - c0, box))
    texts: list[list[Obj]] = [[] for _ in spans]
    for ch in chars:
        x, y = _center(ch)
        r, c = bisect_right(ys, y) - 1, bisect_right(xs, x) - 1
        if not (0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1):
            continue
        if owner[r][c] is None:  # text in a grid hole: give it a cell of its own
            owner[r][c] = len(spans)
            spans.append((r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
            texts.append([])
        texts[owner[r][c]].append(ch)  # type: ignore[index]
    cells = [
        Cell(text=_cell_text(texts[i]), row=r, col=c, rowspan=rs, colspan=cs, page=page, bbox=_round(box))
        for i, (r, c, rs, cs, box) in enumerate(spans)
    ]
    return Table(cells=cells, page=page, bbox=_round((xs[0], ys[0], xs[-1], ys[-1])))


def _cell_text(chars: Sequence[Obj]) -> str:
    # Lines joined by breaks, then clean_cell: a break between CJK characters (a narrow
    # column stacking one character per line) disappears, others become a space.
    return clean_cell("\n".join(_line_text(line) for line in _group_lines(chars)))


def _round(box: Sequence[float]) -> BBox:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _has_columns(table: Table) -> bool:
    """At least two grid columns where some cell text starts: otherwise it is a text box."""
    return len({c.col for c in table.cells if c.text}) >= 2


# --------------------------------------------------------------------------- ruled tables


def _ruled_tables(page: Page, chars: list[Obj], number: int) -> list[Table]:
    h_edges, v_edges = page.horizontal_edges, page.vertical_edges
    settings = {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "explicit_horizontal_lines": _closing_rules(v_edges, h_edges, "h"),
        "explicit_vertical_lines": _closing_rules(h_edges, v_edges, "v"),
    }
    tables: list[Table] = []
    for found in page.find_tables(settings):
        x0, top, x1, bottom = found.bbox
        inside = [c for c in chars if _center_in(c, (x0, top, x1, bottom))]
        table = _grid_table(found.cells, inside, number)
        # A framed box of prose (or a single column of lines) reads as paragraphs.
        if table is not None and _has_columns(table):
            tables.append(table)
    return tables


def _closing_rules(ends: list[Obj], existing: list[Obj], orientation: str) -> list[Obj]:
    """Missing outer borders of ruled tables, as edges to add.

    A table broken by a page often has no bottom rule on the first page and no top rule
    (over its merged label columns) on the next: the column rules simply stop. Where two
    or more rules of one orientation end at the same place and nothing closes them, a
    closing rule is drawn from the first to the last. For vertical closing rules (tables
    without side borders) the rule is only drawn where inner vertical rules exist, so two
    stacked tables with the paragraph between them are not joined into one.
    """
    horizontal = orientation == "h"
    along = ("x0", "x1") if horizontal else ("top", "bottom")
    across = ("top", "bottom") if horizontal else ("x0", "x1")
    added: list[Obj] = []
    for key in across:
        for pos, group in _clusters_by(ends, key):
            if len(group) < 2:
                continue
            lo, hi = min(e[along[0]] for e in group), max(e[along[0]] for e in group)
            if hi - lo < 20:
                continue
            spans = [(lo, hi)] if horizontal else _inner_spans(group, existing, lo, hi)
            for a, b in spans:
                if _coverage(existing, orientation, pos, a, b) < 0.95:
                    added.append(_edge(orientation, pos, a, b))
    return added


def _clusters_by(edges: list[Obj], key: str) -> list[tuple[float, list[Obj]]]:
    out: list[tuple[float, list[Obj]]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if out and e[key] - out[-1][0] <= _SNAP:
            out[-1][1].append(e)
        else:
            out.append((e[key], [e]))
    return out


def _inner_spans(
    group: list[Obj], verticals: list[Obj], top: float, bottom: float
) -> list[tuple[float, float]]:
    """y-ranges between ``top`` and ``bottom`` where vertical rules run inside the rows."""
    x_lo = min(e["x0"] for e in group) + 3
    x_hi = max(e["x1"] for e in group) - 3
    inner = [(v["top"], v["bottom"]) for v in verticals if x_lo < v["x0"] < x_hi]
    merged: list[tuple[float, float]] = []
    for a, b in sorted(inner):
        a, b = max(a, top), min(b, bottom)
        if b - a <= _SNAP:
            continue
        if merged and a <= merged[-1][1] + _SNAP:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _coverage(edges: list[Obj], orientation: str, pos: float, lo: float, hi: float) -> float:
    """Fraction of [lo, hi] drawn by existing edges lying at ``pos``."""
    at, a_key, b_key = ("top", "x0", "x1") if orientation == "h" else ("x0", "top", "bottom")
    spans = sorted((max(lo, e[a_key]), min(hi, e[b_key])) for e in edges if abs(e[at] - pos) <= _SNAP + 1)
    covered, reach = 0.0, lo
    for a, b in spans:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / (hi - lo) if hi > lo else 1.0


def _edge(orientation: str, pos: float, lo: float, hi: float) -> Obj:
    if orientation == "h":
        return {
            "object_type": "closing_edge",
            "orientation": "h",
            "x0": lo,
            "x1": hi,
            "top": pos,
            "bottom": pos,
            "width": hi - lo,
            "height": 0.0,
        }
    return {
        "object_type": "closing_edge",
        "orientation": "v",
        "x0": pos,
        "x1": pos,
        "top": lo,
        "bottom": hi,
        "width": 0.0,
        "height": hi - lo,
    }


# --------------------------------------------------------------------------- horizontal rules only


@dataclass
class _Rule:
    """A horizontal rule position with the x-intervals drawn at it."""

    y: float
    spans: list[tuple[float, float]]

    @property
    def x0(self) -> float:
        return min(s[0] for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s[1] for s in self.spans)

    def covers(self, x: float) -> bool:
        return any(a - _SNAP <= x <= b + _SNAP for a, b in self.spans)


def _rule_only_tables(edges: list[Obj], chars: list[Obj], taken: list[BBox], number: int) -> list[Table]:
    tables: list[Table] = []
    for group in _stacked_rules(_free_rules(edges, taken), chars, taken):
        region = (min(r.x0 for r in group), group[0].y, max(r.x1 for r in group), group[-1].y)
        inside = [c for c in chars if _center_in(c, region)]
        if not inside:
            continue
        boxes = _rule_table_boxes(group, inside)
        table = _grid_table(boxes, inside, number) if boxes else None
        if table is not None and _has_columns(table):
            tables.append(table)
    return tables


def _free_rules(edges: list[Obj], taken: list[BBox]) -> list[_Rule]:
    """Horizontal rules outside ruled tables, merged by y (a thin bar gives two edges)."""
    free = [
        e
        for e in edges
        if not any(
            t[1] - _SNAP <= e["top"] <= t[3] + _SNAP and e["x0"] < t[2] and e["x1"] > t[0] for t in taken
        )
    ]
    rules: list[_Rule] = []
    for e in sorted(free, key=lambda e: e["top"]):
        if rules and e["top"] - rules[-1].y <= _SNAP:
            rules[-1].spans.append((e["x0"], e["x1"]))
        else:
            rules.append(_Rule(e["top"], [(e["x0"], e["x1"])]))
    return rules


def _stacked_rules(rules: list[_Rule], chars: list[Obj], taken: list[BBox]) -> list[list[_Rule]]:
    """Runs of at least three long rules over the same x-range: candidate table outlines."""
    groups: list[list[_Rule]] = []
    for rule in rules:
        if rule.x1 - rule.x0 < 60:  # underlines and short strokes
            continue
        if groups and _may_join(groups[-1][-1], rule, taken):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    parts = [part for group in groups for part in _split_at_text(group, chars)]
    return [g for g in parts if len(g) >= 3]


def _may_join(above: _Rule, below: _Rule, taken: list[BBox]) -> bool:
    """Rules that line up, are not far apart and have no ruled table between them."""
    x0, x1 = max(above.x0, below.x0), min(above.x1, below.x1)
    narrower = min(above.x1 - above.x0, below.x1 - below.x0)
    if x1 - x0 < 0.5 * narrower or below.y - above.y > 200:
        return False
    return not any(
        t[1] >= above.y - _SNAP and t[3] <= below.y + _SNAP and t[0] < x1 and t[2] > x0 for t in taken
    )


def _split_at_text(group: list[_Rule], chars: list[Obj]) -> list[list[_Rule]]:
    """Cut a run of rules where the text between two of them is not table content."""
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    region = [c for c in chars if group[0].y <= _center(c)[1] <= group[-1].y and x0 <= _center(c)[0] <= x1]
    if not region:
        return [group]
    size = statistics.median(c["size"] for c in region)
    parts = [[group[0]]]
    for above, below in zip(group, group[1:], strict=False):
        band = [c for c in chars if above.y <= _center(c)[1] <= below.y]
        if _is_prose_band(band, x0, x1, size):
            parts.append([below])
        else:
            parts[-1].append(below)
    return parts


def _is_prose_band(band: list[Obj], x0: float, x1: float, size: float) -> bool:
    """Text between two rules that belongs to the page, not to a table row.

    Text reaching past the rules; set larger than the table text; a single line that
    reads as a heading or an introduction ("三、……", "……如下：") between two tables;
    or several lines that each run across the whole width without a gap.
    """
    if not band:
        return False
    if any(c["x0"] < x0 - size or c["x1"] > x1 + size for c in band):
        return True
    if statistics.median(c["size"] for c in band) > 1.2 * size:
        return True
    lines = _group_lines(band)
    if len(lines) == 1 and len(_runs(lines[0], size)) == 1:
        text = _line_text(lines[0]).strip()
        if _HEADING_START.match(text) or text.endswith(("：", ":")):
            return True
    wide = [len(r) == 1 and r[0][1] - r[0][0] >= 0.7 * (x1 - x0) for r in (_runs(ln, size) for ln in lines)]
    return len(lines) >= 2 and all(wide)


def _rule_table_boxes(rules: list[_Rule], chars: list[Obj]) -> list[BBox]:
    """Cell boxes of a table drawn with horizontal rules only.

    Rows are the bands between rules (a band holding several rows of a three-line table
    is split at text lines). Columns are the x-gaps that the text leaves free in (nearly)
    every row; text bridging a gap in one row makes a merged cell there. A rule that is
    missing over a column merges the cells above and below it in that column.
    """
    size = statistics.median(c["size"] for c in chars)
    x0, x1 = min(r.x0 for r in rules), max(r.x1 for r in rules)
    bands = _bands(rules, chars)
    seps = _merge_separators(
        _rule_breaks(rules, x0, x1, size), _column_gaps(_group_lines(chars), x0, x1, size)
    )
    if not seps:
        return []
    cols = [x0, *seps, x1]
    rows: list[list[tuple[int, int]]] = []  # per row: column ranges [c0, c1)
    row_edges: list[tuple[float, float]] = []
    for top, bottom, band_chars in bands:
        for sub_top, sub_bottom, sub_chars in _split_band(top, bottom, band_chars, cols, size, len(bands)):
            rows.append(_row_ranges(sub_chars, cols, size))
            row_edges.append((sub_top, sub_bottom))
    return _merge_boxes(rows, row_edges, cols, rules)


def _bands(rules: list[_Rule], chars: list[Obj]) -> list[tuple[float, float, list[Obj]]]:
    out: list[tuple[float, float, list[Obj]]] = []
    for above, below in zip(rules, rules[1:], strict=False):
        inside = [c for c in chars if above.y <= _center(c)[1] <= below.y]
        out.append((above.y, below.y, inside))
    return out


def _runs(chars: Iterable[Obj], size: float) -> list[tuple[float, float]]:
    """x-intervals of text in one line, split where the gap is wider than a space."""
    runs: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: c["x0"]):
        if runs and c["x0"] - runs[-1][1] <= 0.6 * size:
            runs[-1] = (runs[-1][0], max(runs[-1][1], c["x1"]))
        else:
            runs.append((c["x0"], c["x1"]))
    return runs


def _column_gaps(
    lines: list[list[Obj]], x0: float, x1: float, size: float
) -> list[tuple[float, float, float]]:
    """Column gaps (start, end, separator): x-ranges that (nearly) every multi-cell line leaves free.

    Only lines with two or more text runs vote. A line with one run is a title centred
    over several columns or one cell's wrapped text: it cannot show where a column ends,
    and letting it block gaps would erase the columns under every spanning title. A few
    voters may still bridge a gap (a header over a column group).
    """
    width = int(math.ceil(x1 - x0)) + 1
    cover = [0] * width
    voters = [runs for runs in (_runs(line, size) for line in lines) if len(runs) >= 2]
    for runs in voters:
        for a, b in runs:
            for i in range(max(0, int(a - x0)), min(width, int(math.ceil(b - x0)))):
                cover[i] += 1
    allowed = len(voters) // 5
    gaps: list[tuple[float, float, float]] = []
    start: int | None = None
    seen_text = False
    for i, n in enumerate(cover):
        if n > allowed:
            # Text that fills narrow cells leaves only the two cell paddings between
            # columns, a few points: anything wider than 3pt that most lines keep free counts.
            if start is not None and seen_text and i - start >= max(3.0, 0.3 * size):
                gaps.append((x0 + start, x0 + i, x0 + _emptiest(cover, start, i)))
            start, seen_text = None, True
        elif start is None:
            start = i
    return gaps


def _emptiest(cover: list[int], start: int, end: int) -> float:
    """Middle of the least-covered stretch of a gap: where the column border really is.

    A gap that one long cell text intrudes into must be cut after that text, not in its
    middle, or the long text would seem to bridge two columns.
    """
    low = min(cover[start:end])
    best, best_len, run_start = start, 0, None
    for i in range(start, end + 1):
        if i < end and cover[i] == low:
            run_start = i if run_start is None else run_start
        elif run_start is not None:
            if i - run_start > best_len:
                best, best_len = run_start, i - run_start
            run_start = None
    return best + best_len / 2


def _rule_breaks(rules: list[_Rule], x0: float, x1: float, size: float) -> list[float]:
    """Column borders shown by the rules: where a rule segment starts or stops inside the
    table (a rule under a merged cell stops at the cell's side; per-cell borders meet there)."""
    ends = [v for r in rules for span in r.spans for v in span if x0 + size < v < x1 - size]
    return _cluster(ends, _SNAP)


def _merge_separators(from_rules: list[float], gaps: list[tuple[float, float, float]]) -> list[float]:
    """Rule breaks, plus the text gaps that no rule break already explains."""
    extra = [sep for a, b, sep in gaps if not any(a - _SNAP <= r <= b + _SNAP for r in from_rules)]
    return sorted([*from_rules, *extra])


def _line_columns(line: list[Obj], cols: list[float], size: float) -> set[int]:
    """The columns holding a separate piece of this line (a run bridging columns is one)."""
    last = len(cols) - 2
    return {max(0, min(last, bisect_right(cols, (a + b) / 2) - 1)) for a, b in _runs(line, size)}


def _split_band(
    top: float, bottom: float, chars: list[Obj], cols: list[float], size: float, n_bands: int
) -> list[tuple[float, float, list[Obj]]]:
    """One band, or several rows when a band holds many table rows (three-line tables).

    Only tables with at most three bands (top rule, rule under the header, maybe one over
    a total, bottom rule) are split: when rules separate the rows, each band is one row
    whose cells may wrap. Within a band, a line starts a new row when it has text in two
    or more columns and either fills the first column (a row label) or has as many cells
    as the row's first line; fewer cells is wrapped text (a header's second line).
    """
    lines = _group_lines(chars)
    cells = [_line_columns(line, cols, size) for line in lines]
    if n_bands > 3 or sum(len(c) >= 2 for c in cells) < 2:
        return [(top, bottom, chars)]
    rows: list[list[list[Obj]]] = []
    first: set[int] = set()
    for line, used in zip(lines, cells, strict=True):
        if not rows or (len(used) >= 2 and (0 in used or len(used) >= len(first))):
            rows.append([line])
            first = used
        else:
            rows[-1].append(line)
    out: list[tuple[float, float, list[Obj]]] = []
    for i, row in enumerate(rows):
        row_top = top if i == 0 else _between(rows[i - 1], row)
        row_bottom = bottom if i == len(rows) - 1 else _between(row, rows[i + 1])
        out.append((row_top, row_bottom, [c for line in row for c in line]))
    return out


def _between(upper: list[list[Obj]], lower: list[list[Obj]]) -> float:
    """The y halfway between the last line of one row and the first line of the next."""
    return (max(c["bottom"] for c in upper[-1]) + min(c["top"] for c in lower[0])) / 2


def _row_ranges(chars: list[Obj], cols: list[float], size: float) -> list[tuple[int, int]]:
    """Column ranges of one row's cells: one per column, joined where text bridges a gap."""
    n = len(cols) - 1
    parent = list(range(n))
    for line in _group_lines(chars):
        for a, b in _runs(line, size):
            hit = [c for c in range(n) if min(b, cols[c + 1]) - max(a, cols[c]) > 0.3 * size]
            for c in range(min(hit, default=0), max(hit, default=-1) + 1):
                parent[c] = parent[min(hit)]
    ranges: list[tuple[int, int]] = []
    for c in range(n):
        if ranges and parent[c] == parent[ranges[-1][0]]:
            ranges[-1] = (ranges[-1][0], c + 1)
        else:
            ranges.append((c, c + 1))
    return _widen_centred(ranges, chars, cols, size)


def _widen_centred(
    ranges: list[tuple[int, int]], chars: list[Obj], cols: list[float], size: float
) -> list[tuple[int, int]]:
    """Grow a cell over empty neighbour columns when its text is centred over all of them.

    Without vertical rules a merged cell shows only through its text: "19" centred under
    a header spanning three value columns, with the two columns beside it empty in that
    row, is one cell over the three. Left-aligned text is never centred over a wider
    range, so ordinary cells next to empty ones stay as they are.
    """
    texts: dict[tuple[int, int], list[Obj]] = {r: [] for r in ranges}
    for ch in chars:
        x = _center(ch)[0]
        for r in ranges:
            if cols[r[0]] <= x < cols[r[1]]:
                texts[r].append(ch)
                break
    out = list(ranges)
    for r in ranges:
        if not texts[r] or r not in out:
            continue
        i = out.index(r)
        mid = (min(c["x0"] for c in texts[r]) + max(c["x1"] for c in texts[r])) / 2
        best = (i, i)
        for lo in range(i, -1, -1):
            if lo < i and texts.get(out[lo]):
                break
            for hi in range(i, len(out)):
                if hi > i and texts.get(out[hi]):
                    break
                centre = (cols[out[lo][0]] + cols[out[hi][1]]) / 2
                if abs(centre - mid) <= 0.5 * size and hi - lo > best[1] - best[0]:
                    best = (lo, hi)
        if best != (i, i):
            out[best[0] : best[1] + 1] = [(out[best[0]][0], out[best[1]][1])]
    return out


def _merge_boxes(
    rows: list[list[tuple[int, int]]], edges: list[tuple[float, float]], cols: list[float], rules: list[_Rule]
) -> list[BBox]:
    """Cell boxes, growing a cell down where no rule separates it from the cell below."""
    rule_at = {round(r.y, 1): r for r in rules}
    boxes: list[list[float]] = []
    open_cells: dict[tuple[int, int], list[float]] = {}
    for (top, bottom), ranges in zip(edges, rows, strict=True):
        rule = rule_at.get(round(top, 1))
        next_open: dict[tuple[int, int], list[float]] = {}
        for c0, c1 in ranges:
            mid = (cols[c0] + cols[c1]) / 2
            above = open_cells.get((c0, c1))
            if above is not None and rule is not None and not rule.covers(mid):
                above[3] = bottom
                next_open[(c0, c1)] = above
                continue
            box = [cols[c0], top, cols[c1], bottom]
            boxes.append(box)
            next_open[(c0, c1)] = box
        open_cells = next_open
    return [(b[0], b[1], b[2], b[3]) for b in boxes]


# --------------------------------------------------------------------------- running headers / footers


def _drop_page_furniture(pages: list[_PageContent]) -> None:
    """Remove page numbers and text repeated at the same place on most pages (margins only)."""
    repeated = _repeated_margin_text(pages)
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (_in_margin(line, page) and (_is_page_number(line.text) or _margin_key(line) in repeated))
        ]


def _in_margin(line: _Line, page: _PageContent) -> bool:
    return line.bottom <= page.height * _MARGIN or line.top >= page.height * (1 - _MARGIN)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", nfkc(text))))


def _margin_key(line: _Line) -> tuple[str, int]:
    # Digits vary from page to page ("第 3 页 共 8 页"); the position rounded to 6pt does not.
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 6)


def _repeated_margin_text(pages: list[_PageContent]) -> set[tuple[str, int]]:
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page):
                seen[_margin_key(line)].add(page.number)
    need = max(2, math.ceil(0.6 * len(pages)))
    return {key for key, on in seen.items() if len(on) >= need}


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Body:
    """Document-wide text geometry used to judge indents, short lines and gaps."""

    left: float
    right: float
    gap: float


def _body_geometry(lines: list[_Line]) -> _Body:
    if not lines:
        return _Body(0.0, 0.0, 0.0)
    counts: dict[int, int] = defaultdict(int)
    for line in lines:
        counts[round(line.x0)] += 1
    # The left margin is the most common start that has lines starting near it: lines with
    # a first-line indent start 2 characters further right.
    left = float(min(x for x, n in counts.items() if n == max(counts.values())))
    left = min((line.x0 for line in lines if abs(line.x0 - left) <= 1.5), default=left)
    mid = (left + max(line.x1 for line in lines)) / 2
    wide = sorted(line.x1 for line in lines if line.x1 > mid)
    right = wide[int(0.75 * (len(wide) - 1))] if wide else left
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 <= b.top - a.bottom < 3 * a.size
    ]
    gap = statistics.median(gaps) if gaps else 0.0
    return _Body(left, right, gap)


def _page_bodies(pages: list[_PageContent]) -> dict[int, _Body]:
    """Text geometry per page: the document's, unless the page's text is shifted.

    Mirrored margins (double-sided printing) move every line of even pages sideways; a
    page where no line starts at the document's left margin gets its own geometry. Other
    pages keep the document's, which a page of headings and short lines would skew.
    """
    body = _body_geometry([line for p in pages for line in p.lines])
    out: dict[int, _Body] = {}
    for page in pages:
        shifted = len(page.lines) >= 6 and not any(abs(ln.x0 - body.left) <= 1.5 for ln in page.lines)
        if shifted:
            own = _body_geometry(page.lines)
            out[page.number] = _Body(own.left, own.right, body.gap)
        else:
            out[page.number] = body
    return out


def _assemble(pages: list[_PageContent]) -> list[Block]:
    """Tables and paragraph lines in reading order, lines grouped into paragraphs."""
    bodies = _page_bodies(pages)
    items: list[tuple[int, float, _Line | Table]] = []
    for page in pages:
        items += [(page.number, line.top, line) for line in page.lines]
        items += [(page.number, t.bbox[1] if t.bbox else 0.0, t) for t in page.tables]
    items.sort(key=lambda it: (it[0], it[1]))
    blocks: list[Block] = []
    current: list[_Line] = []
    for _, _, item in items:
        if isinstance(item, Table):
            _flush(current, blocks)
            current = []
            blocks.append(item)
        elif current and _continues(current[-1], item, bodies[current[-1].page], bodies[item.page]):
            current.append(item)
        else:
            _flush(current, blocks)
            current = [item]
    _flush(current, blocks)
    return blocks


def _continues(prev: _Line, line: _Line, prev_body: _Body, body: _Body) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?"""
    size = max(prev.size, line.size)
    indented = line.x0 > body.left + 0.8 * size
    # Full: the line reached the right margin, or the next line's first word would not
    # have fit after it (a long e-mail address or number wraps early in ragged text).
    full = prev.x1 >= prev_body.right - 2 * size or prev.x1 + line.lead > prev_body.right
    if (
        indented
        and full
        and _centred(prev, prev_body)
        and _centred(line, body)
        and abs(prev.size - line.size) < 0.5
    ):
        indented = False  # a centred title too long for one line
    if _HEADING_START.match(line.text) or indented or not full:
        return False
    if line.page != prev.page:
        # A paragraph runs over the page break only when the page ends mid-sentence.
        return line.page == prev.page + 1 and not prev.text.rstrip().endswith(_SENTENCE_END)
    if abs(line.size - prev.size) > 1.5:
        return False
    return line.top - prev.bottom <= body.gap + 0.6 * size


def _centred(line: _Line, body: _Body) -> bool:
    return abs((line.x0 + line.x1) / 2 - (body.left + body.right) / 2) < line.size


def _flush(lines: list[_Line], blocks: list[Block]) -> None:
    if not lines:
        return
    text = tidy_paragraph(_join_lines(line.text for line in lines))
    if not text:
        return
    # A paragraph continued over a page break keeps the page and box of its first part.
    first = [line for line in lines if line.page == lines[0].page]
    bbox = _round(
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
