"""Tables drawn with horizontal rules only (no vertical borders, three-line tables).

Runs of stacked horizontal rules that are not part of a ruled table delimit rows
(``rule_runs``); columns come from where rule segments stop inside the table and from
the x-gaps that the text of the rows leaves free (``rule_columns``); rows and merged
cells come from the text in each band (``rule_rows``). The cell boxes built that way go
through the same grid conversion as ruled tables.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from extractor.layout import BBox, Table
from extractor.readers.pdf.chars import group_lines
from extractor.readers.pdf.geometry import Obj, center, center_in
from extractor.readers.pdf.grid import grid_table, has_columns
from extractor.readers.pdf.rule_columns import (
    column_gaps,
    crossed_breaks,
    line_runs,
    merge_separators,
    rule_breaks,
)
from extractor.readers.pdf.rule_rows import merge_boxes, row_ranges, split_band
from extractor.readers.pdf.rule_runs import Rule, free_rules, stacked_rules
from extractor.readers.pdf.settings import PdfSettings


@dataclass
class RuleRegion:
    """A run of stacked rules on one page and the characters between them: a table drawn
    with horizontal rules only, before its columns are known."""

    page: int
    rules: list[Rule]
    chars: list[Obj]

    @property
    def bbox(self) -> BBox:
        return (min(r.x0 for r in self.rules), self.rules[0].y, max(r.x1 for r in self.rules), self.rules[-1].y)


def rule_regions(
    edges: list[Obj], chars: list[Obj], taken: list[BBox], number: int, settings: PdfSettings
) -> list[RuleRegion]:
    """The page's candidate tables drawn with horizontal rules only, top to bottom."""
    regions = []
    # Two rules (one row) are kept as candidates: alone they are a box or a pair of
    # separators, but at a page break they may be the one row of a table's part.
    for group in stacked_rules(free_rules(edges, taken, settings), chars, taken, settings, min_rules=2):
        region = RuleRegion(number, group, [])
        box = region.bbox  # once: it is computed from all the rules
        region.chars = [c for c in chars if center_in(c, box)]
        if region.chars:
            regions.append(region)
    return regions


def table_chains(pages: list[list[RuleRegion]], clear: Callable[[RuleRegion, bool], bool], settings: PdfSettings) -> list[list[RuleRegion]]:
    """Regions grouped into tables: one region, or the parts of a table run over pages.

    A region continues the previous page's last region when the earlier one is the last
    thing in its page's body (``clear(region, below=True)``), the later one the first
    thing in its page's body, and both have the same sides (``continued_edge``). A region
    of fewer than ``min_run_rules`` rules is a table only as part of a longer one."""
    chains: list[list[RuleRegion]] = []
    previous: list[RuleRegion] = []
    for regions in pages:
        for k, region in enumerate(regions):
            last = chains[-1][-1] if chains else None
            if (
                k == 0
                and last is not None
                and previous
                and last is previous[-1]
                and last.page == region.page - 1
                and clear(last, True)
                and clear(region, False)
                and _same_sides(last, region, settings)
            ):
                chains[-1].append(region)
            else:
                chains.append([region])
        previous = regions
    return [chain for chain in chains if len(chain) > 1 or len(chain[0].rules) >= settings.min_run_rules]


def _same_sides(a: RuleRegion, b: RuleRegion, settings: PdfSettings) -> bool:
    """The same width, at the same place or moved as a whole (a scanned page's own offset)."""
    return _moved(a, b, settings) is not None


def _moved(a: RuleRegion, b: RuleRegion, settings: PdfSettings) -> float | None:
    """How far ``b`` lies to the right of ``a`` as the next part of its table: 0 with both
    sides within ``continued_edge`` (a text layer's parts share their columns' places), the
    sides' mean move when both moved together by up to ``continued_shift`` (a scanned page
    placed off the one before), None when ``b`` has other sides."""
    left, right = b.bbox[0] - a.bbox[0], b.bbox[2] - a.bbox[2]
    if abs(left) <= settings.continued_edge and abs(right) <= settings.continued_edge:
        return 0.0
    # The outermost ends first, then the ends most rules share (``_common_sides``).
    for dl, dr in ((left, right), _common_sides(b, settings) - _common_sides(a, settings)):
        if abs(dr - dl) <= settings.continued_edge and abs(dl) <= settings.continued_shift:
            return (dl + dr) / 2
    return None


@dataclass(frozen=True)
class _Sides:
    left: float
    right: float

    def __sub__(self, other: _Sides) -> tuple[float, float]:
        return self.left - other.left, self.right - other.right


def _common_sides(region: RuleRegion, settings: PdfSettings) -> _Sides:
    """The outermost ends that at least two of the region's rules share (within
    ``continued_edge``). A photographed page is a trapezoid: its lowest rule, joined whole
    across a worn stretch, reached 10pt past the others' left end, and the outermost ends
    then gave the part another width than the same table's part on the next page."""
    return _Sides(_shared_end(sorted(r.x0 for r in region.rules), settings.continued_edge),
                  -_shared_end(sorted(-r.x1 for r in region.rules), settings.continued_edge))


def _shared_end(ends: list[float], near: float) -> float:
    """The first of the sorted ``ends`` that the next lies within ``near`` of (the first when none)."""
    return next((a for a, b in zip(ends, ends[1:], strict=False) if b - a <= near), ends[0])


def part_offsets(parts: list[RuleRegion], settings: PdfSettings) -> list[float]:
    """Each part's move to the right of the first part (pt), so that one column grid fits all."""
    offsets = [0.0]
    for a, b in zip(parts, parts[1:], strict=False):
        offsets.append(offsets[-1] + (_moved(a, b, settings) or 0.0))
    return offsets


def _shifted(region: RuleRegion, dx: float) -> RuleRegion:
    """The region moved ``dx`` to the right (a copy, for voting columns on one grid)."""
    if dx == 0.0:
        return region
    rules = [Rule(r.y, [(x0 + dx, x1 + dx) for x0, x1 in r.spans]) for r in region.rules]
    chars = [{**c, "x0": c["x0"] + dx, "x1": c["x1"] + dx} for c in region.chars]
    return RuleRegion(region.page, rules, chars)


def region_columns(parts: list[RuleRegion], settings: PdfSettings, offsets: list[float] | None = None
                   ) -> list[float] | None:
    """Column borders shared by the parts of one table (one part per page it runs over), in
    the first part's place (``offsets``: each part's move from it, ``part_offsets``).

    Every part's lines and rules vote together: a page holding only a few rows of the
    table may not show a column that the other pages show (a label column split only in
    some rows), and the parts must share one grid to be stitched row to row."""
    if offsets is not None:
        parts = [_shifted(part, -dx) for part, dx in zip(parts, offsets, strict=True)]
    chars = [c for part in parts for c in part.chars]
    rules = [r for part in parts for r in part.rules]
    size = statistics.median(c["size"] for c in chars)
    x0, x1 = min(r.x0 for r in rules), max(r.x1 for r in rules)
    from_rules = rule_breaks(rules, x0, x1, size, settings)
    runs = line_runs([line for part in parts for line in group_lines(part.chars, settings)], size, settings)
    crossed = crossed_breaks(from_rules, runs, settings)
    seps = merge_separators(from_rules, column_gaps(runs, x0, x1, size, settings), settings, crossed)
    return _without_edge_slivers([x0, *seps, x1], chars, size, settings) if seps else None


def _without_edge_slivers(cols: list[float], chars: list[Obj], size: float, settings: PdfSettings) -> list[float]:
    """``cols`` less an empty sliver of a column at either side (``edge_sliver``)."""
    def sliver(a: float, b: float) -> bool:
        return b - a < settings.edge_sliver * size and not any(a <= center(c)[0] <= b for c in chars)

    if len(cols) > 3 and sliver(cols[0], cols[1]):
        cols = cols[1:]
    if len(cols) > 3 and sliver(cols[-2], cols[-1]):
        cols = cols[:-1]
    return cols


def region_table(region: RuleRegion, chain: list[RuleRegion], cols: list[float], settings: PdfSettings) -> Table | None:
    """The region's table on the columns of its whole table (``chain``, all its parts).

    The bands of all parts count (a page holding two rows of a ruled-row table is no
    three-line table). A lone region with text in one column is a box of prose; a part of a
    longer table may hold just a label's tail ("费") and stays a table, for stitching."""
    n_bands = sum(len(part.rules) - 1 for part in chain)
    boxes = _rule_table_boxes(region.rules, region.chars, cols, n_bands, settings)
    table = grid_table(boxes, region.chars, region.page, settings) if boxes else None
    if table is None or not (has_columns(table) or (len(chain) > 1 and any(c.text for c in table.cells))):
        return None
    return table


def _rule_table_boxes(
    rules: list[Rule], chars: list[Obj], cols: list[float], n_bands: int, settings: PdfSettings
) -> list[BBox]:
    """Cell boxes of a table drawn with horizontal rules only, on the columns ``cols``.

    Rows are the bands between rules (a band holding several rows of a three-line table
    is split at text lines); text bridging a column gap in one row makes a merged cell
    there. A rule that is missing over a column merges the cells above and below it in
    that column.
    """
    size = statistics.median(c["size"] for c in chars)
    bands = _bands(rules, chars)
    rows: list[list[tuple[int, int]]] = []  # per row: column ranges [c0, c1)
    row_edges: list[tuple[float, float]] = []
    spans_above: set[tuple[int, int]] = set()
    for top, bottom, band_chars in bands:
        for sub_top, sub_bottom, sub_chars in split_band(
            top, bottom, band_chars, cols, size, n_bands, settings
        ):
            ranges = row_ranges(sub_chars, cols, size, settings, frozenset(spans_above))
            spans_above.update(r for r in ranges if r[1] - r[0] > 1)
            rows.append(ranges)
            row_edges.append((sub_top, sub_bottom))
    return merge_boxes(rows, row_edges, cols, rules, settings)


def _bands(rules: list[Rule], chars: list[Obj]) -> list[tuple[float, float, list[Obj]]]:
    centred = [(center(c)[1], c) for c in chars]  # once, not once per band
    out: list[tuple[float, float, list[Obj]]] = []
    for above, below in zip(rules, rules[1:], strict=False):
        inside = [c for y, c in centred if above.y <= y <= below.y]
        out.append((above.y, below.y, inside))
    return out
