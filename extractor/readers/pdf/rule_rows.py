"""Rows and cells of a table drawn with horizontal rules only.

A band between two rules is one row, or several in a three-line table; within a row,
text bridging a column gap or centred over empty neighbours makes a merged cell; a rule
missing over a column merges that column's cells above and below it.
"""

from __future__ import annotations

from bisect import bisect_right

from extractor.layout import BBox
from extractor.readers.pdf.chars import group_lines, text_runs
from extractor.readers.pdf.geometry import Obj, center
from extractor.readers.pdf.rule_runs import Rule
from extractor.readers.pdf.settings import PdfSettings


def split_band(
    top: float,
    bottom: float,
    chars: list[Obj],
    cols: list[float],
    size: float,
    n_bands: int,
    settings: PdfSettings,
) -> list[tuple[float, float, list[Obj]]]:
    """One band, or several rows when a band holds many table rows (three-line tables).

    Only tables with at most ``max_split_bands`` (three) bands (top rule, rule under the
    header, maybe one over a total, bottom rule) are split: when rules separate the rows,
    each band is one row whose cells may wrap. Within a band, a line starts a new row when
    it has text in two or more columns and either fills the first column (a row label) or
    has as many cells as the row's first line; fewer cells is wrapped text (a header's
    second line).
    """
    lines = group_lines(chars, settings)
    cells = [_line_columns(line, cols, size, settings) for line in lines]
    if n_bands > settings.max_split_bands or sum(len(c) >= 2 for c in cells) < 2:
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


def _line_columns(line: list[Obj], cols: list[float], size: float, settings: PdfSettings) -> set[int]:
    """The columns holding a separate piece of this line (a run bridging columns is one)."""
    last = len(cols) - 2
    runs = text_runs(line, size, settings)
    return {max(0, min(last, bisect_right(cols, (a + b) / 2) - 1)) for a, b in runs}


def _between(upper: list[list[Obj]], lower: list[list[Obj]]) -> float:
    """The y halfway between the last line of one row and the first line of the next."""
    return (max(c["bottom"] for c in upper[-1]) + min(c["top"] for c in lower[0])) / 2


def row_ranges(
    chars: list[Obj],
    cols: list[float],
    size: float,
    settings: PdfSettings,
    spans_above: frozenset[tuple[int, int]] = frozenset(),
) -> list[tuple[int, int]]:
    """Column ranges of one row's cells: one per column, joined where text bridges a gap
    (reaches more than ``cell_overlap`` into each column). ``spans_above`` are the merged
    ranges of the rows above (see ``_widen_centred``)."""
    n = len(cols) - 1
    parent = list(range(n))
    overlap = settings.cell_overlap * size
    for line in group_lines(chars, settings):
        for a, b in text_runs(line, size, settings):
            hit = [c for c in range(n) if min(b, cols[c + 1]) - max(a, cols[c]) > overlap]
            for c in range(min(hit, default=0), max(hit, default=-1) + 1):
                parent[c] = parent[min(hit)]
    ranges: list[tuple[int, int]] = []
    for c in range(n):
        if ranges and parent[c] == parent[ranges[-1][0]]:
            ranges[-1] = (ranges[-1][0], c + 1)
        else:
            ranges.append((c, c + 1))
    return _widen_centred(ranges, chars, cols, size, settings, spans_above)


def _widen_centred(
    ranges: list[tuple[int, int]],
    chars: list[Obj],
    cols: list[float],
    size: float,
    settings: PdfSettings,
    spans_above: frozenset[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Grow a cell over empty neighbour columns when its text is centred over all of them.

    Without vertical rules a merged cell shows only through its text: "19" centred under
    a header spanning three value columns, with the two columns beside it empty in that
    row, is one cell over the three. Left-aligned text is never centred over a wider
    range, so ordinary cells next to empty ones stay as they are. The text's middle may be
    ``centre_tolerance`` off the middle of the wider range.

    In a row with figures ("19", "3.5") a short text sits near the middle of many ranges by
    chance (a figure or a short label left-aligned beside a blank cell, or centred in its
    own column with empty columns on both sides), so there cells are widened only to a range
    that a cell above already spans, as a value under its header: blank cells stay blank in
    their own column instead of being swallowed by the text beside them. Header rows (no
    figures) are where centred titles span column groups, and keep the free widening.
    """
    tolerance = settings.centre_tolerance * size
    texts: dict[tuple[int, int], list[Obj]] = {r: [] for r in ranges}
    for ch in chars:
        x = center(ch)[0]
        for r in ranges:
            if cols[r[0]] <= x < cols[r[1]]:
                texts[r].append(ch)
                break
    out = list(ranges)
    data_row = any(texts[r] and _is_figure(texts[r]) for r in ranges)
    for r in ranges:
        if not texts[r] or r not in out or _wrapped_in(texts[r], cols[r[0]], cols[r[1]], size, settings):
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
                if data_row and (out[lo][0], out[hi][1]) not in spans_above:
                    continue
                if abs(centre - mid) <= tolerance and hi - lo > best[1] - best[0]:
                    best = (lo, hi)
        if best != (i, i):
            out[best[0] : best[1] + 1] = [(out[best[0]][0], out[best[1]][1])]
    return out


# Characters of a printed figure: digits (half and full width), separators, sign, percent.
_FIGURE_CHARS = frozenset("0123456789０１２３４５６７８９.,，．%％+-－ ")


def _is_figure(chars: list[Obj]) -> bool:
    return all(c["text"] in _FIGURE_CHARS for c in chars)


def _wrapped_in(chars: list[Obj], left: float, right: float, size: float, settings: PdfSettings) -> bool:
    """Text wrapped onto several lines that fill the range: the range is the cell's width.

    A label filling its column is centred on any symmetric range around it too; its wrapping
    shows it is bounded by its own column, so it is not widened over empty neighbours."""
    lines = group_lines(chars, settings)
    if len(lines) < 2:
        return False
    widest = max(max(c["x1"] for c in line) - min(c["x0"] for c in line) for line in lines)
    return widest >= (right - left) - settings.wrap_fill_slack * size


def merge_boxes(
    rows: list[list[tuple[int, int]]],
    edges: list[tuple[float, float]],
    cols: list[float],
    rules: list[Rule],
    settings: PdfSettings,
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
            if above is not None and rule is not None and not rule.covers(mid, settings):
                above[3] = bottom
                next_open[(c0, c1)] = above
                continue
            box = [cols[c0], top, cols[c1], bottom]
            boxes.append(box)
            next_open[(c0, c1)] = box
        open_cells = next_open
    return [(b[0], b[1], b[2], b[3]) for b in boxes]
