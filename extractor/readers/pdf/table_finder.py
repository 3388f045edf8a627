"""Ruled tables from rules alone: the cells pdfplumber's ``TableFinder`` finds with the lines
strategy, without importing pdfplumber (whose import pulls in pdfminer and costs a third of
a run's time budget).

A chain of small geometric steps, each on plain segments:

1. drop specks (rules shorter than ``grid_prefilter_length``), then add the explicit lines;
2. snap: parallel rules within ``grid_snap`` of each other move to their mean position;
3. join: segments on one line with gaps up to ``grid_join`` become one rule;
4. drop rules shorter than ``grid_min_length``;
5. crossings: where a vertical and a horizontal rule meet, within ``grid_intersection``;
6. cells: from each crossing, the smallest rectangle whose four corners are crossings joined
   by rules;
7. tables: cells sharing a corner, in pdfplumber's order; a lone cell is no table.

The result must equal pdfplumber's to the last bit (tests/read/test_table_finder.py compares
them), so the float arithmetic and the orders below follow pdfplumber's where they can show
in the result; comments mark those places.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from extractor.layout import BBox
from extractor.readers.pdf.geometry import Obj

Point = tuple[float, float]


@dataclass(frozen=True)
class GridSettings:
    """What the finder reads from a pdfplumber ``table_settings`` dict (the seam both finders
    share): tolerances in pt (see ``PdfSettings.grid_*``) and the explicit lines to add."""

    prefilter_length: float
    snap: float
    join: float
    min_length: float
    intersection: float
    explicit_horizontal: Sequence[Obj | float] = ()
    explicit_vertical: Sequence[Obj | float] = ()

    @classmethod
    def from_table_settings(cls, table_settings: Mapping[str, Any]) -> GridSettings:
        """The dict ``ruled.table_settings`` builds; anything this finder would not honour the
        way pdfplumber does (another strategy, per-axis tolerances, text settings) is refused
        rather than ignored, and no tolerance falls back to a default of its own."""
        known = {
            "vertical_strategy", "horizontal_strategy", "explicit_horizontal_lines",
            "explicit_vertical_lines", "edge_min_length_prefilter", "snap_tolerance",
            "join_tolerance", "edge_min_length", "intersection_tolerance",
        }  # fmt: skip
        unknown = set(table_settings) - known
        if unknown:
            raise ValueError(f"table settings the finder does not support: {sorted(unknown)}")
        for key in ("vertical_strategy", "horizontal_strategy"):
            if table_settings.get(key, "lines") != "lines":
                raise ValueError(f"{key} must be 'lines', not {table_settings[key]!r}")
        return cls(
            prefilter_length=table_settings["edge_min_length_prefilter"],
            snap=table_settings["snap_tolerance"],
            join=table_settings["join_tolerance"],
            min_length=table_settings["edge_min_length"],
            intersection=table_settings["intersection_tolerance"],
            explicit_horizontal=table_settings.get("explicit_horizontal_lines") or (),
            explicit_vertical=table_settings.get("explicit_vertical_lines") or (),
        )


@dataclass(frozen=True)
class FoundTable:
    """One table: its cell boxes (x0, top, x1, bottom; pt) and the box around them, the two
    things read from pdfplumber's ``Table``."""

    cells: list[BBox]
    bbox: BBox


@dataclass
class _Rule:
    """A horizontal or vertical rule: ``pos`` its y (x), ``lo``/``hi`` its ends along x (y).

    ``length`` is the record's own width (height), not ``hi - lo``: pdfplumber filters by the
    stored value and updates it in its own way when joining (see ``_join``), which can differ
    from ``hi - lo`` in the last bit and so decide a rule of exactly the minimum length.
    """

    pos: float
    lo: float
    hi: float
    length: float


def find_tables(
    h_edges: Iterable[Obj], v_edges: Iterable[Obj], page_bbox: BBox, settings: GridSettings
) -> list[FoundTable]:
    """Tables of at least two cells on these edges (pdfplumber edge records, pt), top to
    bottom, then left to right; each table's cells in pdfplumber's order."""
    horizontal = _rules(h_edges, "h", settings.prefilter_length)
    horizontal += _explicit(settings.explicit_horizontal, "h", page_bbox)
    vertical = _rules(v_edges, "v", settings.prefilter_length)
    vertical += _explicit(settings.explicit_vertical, "v", page_bbox)
    horizontal = _long(_join(_snap(horizontal, settings.snap), settings.join, "h"), settings.min_length)
    vertical = _long(_join(_snap(vertical, settings.snap), settings.join, "v"), settings.min_length)
    crossings = _crossings(horizontal, vertical, settings.intersection)
    return _tables(_cells(crossings))


# --------------------------------------------------------------------------- 1. rules


def _rules(edges: Iterable[Obj], orientation: str, min_length: float) -> list[_Rule]:
    """The page's rules of one orientation, in the page's order (the order decides the float
    sum of a snapped mean), specks dropped."""
    rules = [_rule(e) for e in edges if e["orientation"] == orientation]
    return [r for r in rules if r.length >= min_length]


def _explicit(lines: Sequence[Obj | float], orientation: str, page_bbox: BBox) -> list[_Rule]:
    """Explicit lines (no speck filter): edge records of this orientation (others in the list
    are skipped, as pdfplumber does), or bare positions, drawn across the whole page."""
    x0, top, x1, bottom = page_bbox
    rules: list[_Rule] = []
    for line in lines:
        if isinstance(line, Mapping):
            if "_edge" not in str(line.get("object_type", "")):
                raise ValueError("explicit lines must be edge records (object_type '..._edge') or positions")
            if line["orientation"] == orientation:
                rules.append(_rule(line))
        elif orientation == "h":
            rules.append(_Rule(line, x0, x1, x1 - x0))
        else:
            rules.append(_Rule(line, top, bottom, bottom - top))
    return rules


def _rule(edge: Obj) -> _Rule:
    if edge["orientation"] == "h":
        return _Rule(edge["top"], edge["x0"], edge["x1"], edge["width"])
    return _Rule(edge["x0"], edge["top"], edge["bottom"], edge["height"])


# --------------------------------------------------------------------------- 2.-4. grid lines


def _snap(rules: list[_Rule], tolerance: float) -> list[_Rule]:
    """Rules whose positions chain within ``tolerance`` (distinct positions sorted, each within
    ``tolerance`` of the previous) moved to the group's mean, in group order."""
    if tolerance <= 0:
        return rules  # pdfplumber skips snapping when no tolerance is set
    group_of: dict[float, int] = {}
    group = 0
    last: float | None = None
    for pos in sorted({r.pos for r in rules}):
        if last is not None and pos > last + tolerance:
            group += 1
        group_of[pos], last = group, pos
    groups: dict[int, list[_Rule]] = {}
    for r in rules:  # page order within a group: the mean's float sum runs in this order
        groups.setdefault(group_of[r.pos], []).append(r)
    snapped: list[_Rule] = []
    for g in sorted(groups):
        members = groups[g]
        mean = sum(r.pos for r in members) / len(members)
        # Moved by the offset, as pdfplumber does: pos + (mean - pos) can differ from mean in
        # the last bit, and rules then fall on different lines.
        snapped += [_Rule(r.pos + (mean - r.pos), r.lo, r.hi, r.length) for r in members]
    return snapped


def _join(rules: list[_Rule], tolerance: float, orientation: str) -> list[_Rule]:
    """Segments at the same position whose gap is at most ``tolerance`` joined, line by line;
    the lines in order of position, each line's rules by their start."""
    joined: list[_Rule] = []
    # A stable sort: rules starting at the same place keep their order, and the first one
    # lends the joined rule its stored length.
    for r in sorted(rules, key=lambda r: (r.pos, r.lo)):
        last = joined[-1] if joined else None
        if last is None or r.pos != last.pos or r.lo > last.hi + tolerance:
            joined.append(_Rule(r.pos, r.lo, r.hi, r.length))
        elif r.hi > last.hi:
            # pdfplumber sets a horizontal's width from its ends but moves a vertical's height
            # by the change of its bottom.
            last.length = r.hi - last.lo if orientation == "h" else last.length + (r.hi - last.hi)
            last.hi = r.hi
    return joined


def _long(rules: list[_Rule], min_length: float) -> list[_Rule]:
    return [r for r in rules if r.length >= min_length]


# --------------------------------------------------------------------------- 5. crossings


@dataclass
class _Crossing:
    """A point where rules cross, with the rules through it (indices into the vertical and
    the horizontal rules): two crossings are joined when one rule runs through both."""

    vertical: set[int]
    horizontal: set[int]


def _crossings(horizontal: list[_Rule], vertical: list[_Rule], tolerance: float) -> dict[Point, _Crossing]:
    """Crossings at (vertical's x, horizontal's y), where each rule reaches the other's line
    within ``tolerance``."""
    crossings: dict[Point, _Crossing] = {}
    for i, v in enumerate(vertical):
        for j, h in enumerate(horizontal):
            if v.lo <= h.pos + tolerance and v.hi >= h.pos - tolerance and h.lo - tolerance <= v.pos <= h.hi + tolerance:
                crossing = crossings.setdefault((v.pos, h.pos), _Crossing(set(), set()))
                crossing.vertical.add(i)
                crossing.horizontal.add(j)
    return crossings


# --------------------------------------------------------------------------- 6. cells


def _cells(crossings: dict[Point, _Crossing]) -> list[BBox]:
    """From each crossing (by x, then y), the cell it is the top-left corner of: the nearest
    crossing below joined to it, with the nearest crossing to the right that closes a
    rectangle of joined crossings; none when no rectangle closes."""
    columns: dict[float, list[Point]] = {}  # crossings on one x, top to bottom
    rows: dict[float, list[Point]] = {}  # crossings on one y, left to right
    places: dict[Point, tuple[int, int]] = {}  # a crossing's index in its column and its row
    for x, y in sorted(crossings):
        column, row = columns.setdefault(x, []), rows.setdefault(y, [])
        places[(x, y)] = (len(column), len(row))
        column.append((x, y))
        row.append((x, y))
    cells: list[BBox] = []
    for x, y in sorted(crossings):
        in_column, in_row = places[(x, y)]
        cell = _first_cell(crossings, (x, y), columns[x][in_column + 1 :], rows[y][in_row + 1 :])
        if cell is not None:
            cells.append(cell)
    return cells


def _first_cell(crossings: dict[Point, _Crossing], corner: Point, below: list[Point], right: list[Point]) -> BBox | None:
    """The first rectangle, nearest bottom side first, then nearest right side, whose
    corners below and to the right are joined to ``corner`` and whose opposite corner is a
    crossing joined to both."""
    here = crossings[corner]
    for bottom_left in below:
        down = crossings[bottom_left]
        if here.vertical.isdisjoint(down.vertical):
            break  # rules are intervals: a crossing further down is not joined either
        for top_right in right:
            across = crossings[top_right]
            if here.horizontal.isdisjoint(across.horizontal):
                break  # nor one further right
            opposite = crossings.get((top_right[0], bottom_left[1]))
            if (
                opposite is not None
                and not opposite.vertical.isdisjoint(across.vertical)
                and not opposite.horizontal.isdisjoint(down.horizontal)
            ):
                return (corner[0], corner[1], top_right[0], bottom_left[1])
    return None


# --------------------------------------------------------------------------- 7. tables


def _tables(cells: list[BBox]) -> list[FoundTable]:
    """Cells grouped by shared corners; groups of two or more cells, top to bottom by their
    topmost cell (then leftmost), ties in the order of their first cell."""
    corners = {cell: _corners(cell) for cell in cells}  # cells are distinct: one per top-left crossing
    groups = [_pdfplumber_order(group, corners) for group in _touching(cells, corners)]
    groups.sort(key=lambda group: min((c[1], c[0]) for c in group))
    return [FoundTable(group, _around(group)) for group in groups if len(group) > 1]


def _touching(cells: list[BBox], corners: dict[BBox, tuple[Point, ...]]) -> list[list[BBox]]:
    """Groups of cells linked by shared corners (exactly equal points), each in cell order,
    the groups in the order of their first cell."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict[Point, int] = {}  # the first cell at each corner
    for i, cell in enumerate(cells):
        for corner in corners[cell]:
            j = first_at.setdefault(corner, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[BBox]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    return list(groups.values())


def _pdfplumber_order(group: list[BBox], corners: dict[BBox, tuple[Point, ...]]) -> list[BBox]:
    """The order pdfplumber lists a table's cells in: the first cell, then sweeps over the
    rest in cell order, each sweep taking every cell that touches a corner taken so far
    (corners taken during a sweep count at once). Each sweep takes at least one cell, since
    the group is linked."""
    ordered, taken, rest = [group[0]], set(corners[group[0]]), group[1:]
    while rest:
        left: list[BBox] = []
        for cell in rest:
            if taken.isdisjoint(corners[cell]):
                left.append(cell)
            else:
                ordered.append(cell)
                taken.update(corners[cell])
        rest = left
    return ordered


def _corners(cell: BBox) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = cell
    return (x0, top), (x0, bottom), (x1, top), (x1, bottom)


def _around(cells: list[BBox]) -> BBox:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
