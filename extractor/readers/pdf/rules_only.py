"""Tables drawn with horizontal rules only (no vertical borders, three-line tables).

Runs of stacked horizontal rules that are not part of a ruled table delimit rows
(``rule_runs``); columns come from where rule segments stop inside the table and from
the x-gaps that the text of the rows leaves free (``rule_columns``); rows and merged
cells come from the text in each band (``rule_rows``). The cell boxes built that way go
through the same grid conversion as ruled tables.
"""

from __future__ import annotations

import statistics

from extractor.layout import BBox, Table
from extractor.readers.pdf.chars import group_lines
from extractor.readers.pdf.geometry import Obj, center, center_in
from extractor.readers.pdf.grid import grid_table, has_columns
from extractor.readers.pdf.rule_columns import column_gaps, merge_separators, rule_breaks
from extractor.readers.pdf.rule_rows import merge_boxes, row_ranges, split_band
from extractor.readers.pdf.rule_runs import Rule, free_rules, stacked_rules
from extractor.readers.pdf.settings import PdfSettings


def rule_only_tables(
    edges: list[Obj], chars: list[Obj], taken: list[BBox], number: int, settings: PdfSettings
) -> list[Table]:
    tables: list[Table] = []
    for group in stacked_rules(free_rules(edges, taken, settings), chars, taken, settings):
        region = (min(r.x0 for r in group), group[0].y, max(r.x1 for r in group), group[-1].y)
        inside = [c for c in chars if center_in(c, region)]
        if not inside:
            continue
        boxes = _rule_table_boxes(group, inside, settings)
        table = grid_table(boxes, inside, number, settings) if boxes else None
        if table is not None and has_columns(table):
            tables.append(table)
    return tables


def _rule_table_boxes(rules: list[Rule], chars: list[Obj], settings: PdfSettings) -> list[BBox]:
    """Cell boxes of a table drawn with horizontal rules only.

    Rows are the bands between rules (a band holding several rows of a three-line table
    is split at text lines). Columns are the x-gaps that the text leaves free in (nearly)
    every row; text bridging a gap in one row makes a merged cell there. A rule that is
    missing over a column merges the cells above and below it in that column.
    """
    size = statistics.median(c["size"] for c in chars)
    x0, x1 = min(r.x0 for r in rules), max(r.x1 for r in rules)
    bands = _bands(rules, chars)
    from_rules = rule_breaks(rules, x0, x1, size, settings)
    gaps = column_gaps(group_lines(chars, settings), x0, x1, size, settings)
    seps = merge_separators(from_rules, gaps, settings)
    if not seps:
        return []
    cols = [x0, *seps, x1]
    rows: list[list[tuple[int, int]]] = []  # per row: column ranges [c0, c1)
    row_edges: list[tuple[float, float]] = []
    spans_above: set[tuple[int, int]] = set()
    for top, bottom, band_chars in bands:
        for sub_top, sub_bottom, sub_chars in split_band(
            top, bottom, band_chars, cols, size, len(bands), settings
        ):
            ranges = row_ranges(sub_chars, cols, size, settings, frozenset(spans_above))
            spans_above.update(r for r in ranges if r[1] - r[0] > 1)
            rows.append(ranges)
            row_edges.append((sub_top, sub_bottom))
    return merge_boxes(rows, row_edges, cols, rules, settings)


def _bands(rules: list[Rule], chars: list[Obj]) -> list[tuple[float, float, list[Obj]]]:
    out: list[tuple[float, float, list[Obj]]] = []
    for above, below in zip(rules, rules[1:], strict=False):
        inside = [c for c in chars if above.y <= center(c)[1] <= below.y]
        out.append((above.y, below.y, inside))
    return out
