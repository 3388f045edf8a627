"""Cell boxes to a Table: the grid of their distinct edges, spans, and cell text.

Both table finders (ruled tables and tables with horizontal rules only) end here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from extractor.layout import BBox, Cell, Table
from extractor.readers.pdf.chars import group_lines, line_text
from extractor.readers.pdf.geometry import Obj, center, cluster, round_box
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import clean_cell


def grid_table(boxes: Sequence[BBox], chars: Sequence[Obj], page: int, settings: PdfSettings) -> Table | None:
    """Cell boxes to a Table on the grid of their distinct edges, text filled from chars.

    Every distinct x (y) edge of any cell (edges within ``snap_tolerance`` are one) is a
    column (row) boundary, so a box that spans several boundaries is a merged cell with the
    matching colspan (rowspan).
    """
    xs = cluster((v for b in boxes for v in (b[0], b[2])), settings)
    ys = cluster((v for b in boxes for v in (b[1], b[3])), settings)
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
        x, y = center(ch)
        r, c = bisect_right(ys, y) - 1, bisect_right(xs, x) - 1
        if not (0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1):
            continue
        if owner[r][c] is None:  # text in a grid hole: give it a cell of its own
            owner[r][c] = len(spans)
            spans.append((r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
            texts.append([])
        texts[owner[r][c]].append(ch)  # type: ignore[index]
    spans, texts = _split_lost_rows(spans, texts, ys, settings)
    cut = _numbers_cut(texts, settings)
    lines = [group_lines(text, settings) for text in texts]  # once per cell, for both uses
    cells = [
        Cell(
            text=_cell_text(lines[i], settings),
            row=r,
            col=c,
            rowspan=rs,
            colspan=cs,
            page=page,
            bbox=round_box(box),
            last_line_full=_last_line_full(lines[i], box, settings),
            number_cut=i in cut,
        )
        for i, (r, c, rs, cs, box) in enumerate(spans)
    ]
    return Table(cells=cells, page=page, bbox=round_box((xs[0], ys[0], xs[-1], ys[-1])))


Span = tuple[int, int, int, int, BBox]
# One line that is a number and nothing else: a count, an amount ("1,362", "91.875").
_NUMBER_LINE = re.compile(r"^\d[\d,.]*$")


def _split_lost_rows(spans: list[Span], texts: list[list[Obj]], ys: Sequence[float], settings: PdfSettings
                     ) -> tuple[list[Span], list[list[Obj]]]:
    """Scanned cells over several rows split into one cell a row where each row's band holds
    text of its own: a scan lost the rules between row labels ("4.保护第三方…" over "5.属于三类…")
    or between two numbers, while the grid beside them kept the rows."""
    out_spans: list[Span] = []
    out_texts: list[list[Obj]] = []
    for span, chars in zip(spans, texts, strict=True):
        parts = _row_parts(span, chars, ys, settings)
        if parts is None:
            out_spans.append(span)
            out_texts.append(chars)
            continue
        r0, c0, _, cs, box = span
        for k, part in enumerate(parts):
            out_spans.append((r0 + k, c0, 1, cs, (box[0], ys[r0 + k], box[2], ys[r0 + k + 1])))
            out_texts.append(part)
    return out_spans, out_texts


def _row_parts(span: Span, chars: list[Obj], ys: Sequence[float], settings: PdfSettings) -> list[list[Obj]] | None:
    """The span's characters by row, when every row's band holds whole characters that make
    a line of a label (``row_split_label`` characters side by side) or one number; else None
    (a label stacked one character a line, a line across a boundary: a real merged cell)."""
    r0, _, rs, _, _ = span
    if rs < 2 or not chars or not all("ocr_confidence" in ch for ch in chars):
        return None  # a text layer's merged cell is the author's
    parts: list[list[Obj]] = [[] for _ in range(rs)]
    tolerance = settings.snap_tolerance
    # A "character" several lines tall is a rule's remnant read as "1" or "P": it goes with
    # the row its middle is in, and says nothing about where the rows' text lies.
    heights = sorted(ch["bottom"] - ch["top"] for ch in chars)
    tallest = settings.row_split_glyph * heights[len(heights) // 2]
    for ch in chars:
        k = min(max(bisect_right(ys, (ch["top"] + ch["bottom"]) / 2) - 1 - r0, 0), rs - 1)
        inside = ys[r0 + k] - tolerance <= ch["top"] and ch["bottom"] <= ys[r0 + k + 1] + tolerance
        if not inside and ch["bottom"] - ch["top"] <= tallest:
            return None
        parts[k].append(ch)
    for part in parts:
        texts = [line_text(line, settings).strip() for line in group_lines(part, settings)]
        number = len(texts) == 1 and _NUMBER_LINE.match(texts[0]) is not None
        if not number and not any(len(t.replace(" ", "")) >= settings.row_split_label for t in texts):
            return None
    return parts


def _numbers_cut(texts: list[list[Obj]], settings: PdfSettings) -> set[int]:
    """Cells (by index) whose digits run on into a neighbouring cell's digits on the same line
    with less than ``number_cut_gap`` em between them: on a scan, a boundary drawn through one
    number. A text layer's cells come from drawn rules and keep their numbers whole."""
    digits = sorted(((i, ch) for i, chars in enumerate(texts) for ch in chars
                     if "ocr_confidence" in ch and str(ch["text"]).isdigit()), key=lambda d: d[1]["top"])
    cut: set[int] = set()
    # Sorted by top: each digit is compared with those of its own line only, not the table's.
    for k, (i, a) in enumerate(digits):
        size = a["bottom"] - a["top"]
        for j, b in digits[k + 1 :]:
            if b["top"] - a["top"] > size / 2:
                break
            left, right = (a, b) if a["x0"] <= b["x0"] else (b, a)
            if j != i and -size / 2 <= right["x0"] - left["x1"] <= settings.number_cut_gap * size:
                cut.update((i, j))
    return cut


def has_columns(table: Table) -> bool:
    """At least two grid columns where some cell text starts: otherwise it is a text box."""
    return len({c.col for c in table.cells if c.text}) >= 2


def _nearest(edges: Sequence[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def _last_line_full(lines: Sequence[Sequence[Obj]], box: BBox, settings: PdfSettings) -> bool | None:
    """Whether the cell's last line ends within ``wrap_fill_slack`` of its right side."""
    if not lines:
        return None
    last = lines[-1]
    size = max(c["size"] for c in last)
    return box[2] - max(c["x1"] for c in last) <= settings.wrap_fill_slack * size


def _cell_text(lines: Sequence[Sequence[Obj]], settings: PdfSettings) -> str:
    # Lines joined by breaks, then clean_cell: a break between CJK characters (a narrow
    # column stacking one character per line) disappears, others become a space.
    return clean_cell("\n".join(line_text(line, settings) for line in lines))
