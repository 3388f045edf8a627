"""HTML tables: which are data and which lay out the page, and a data table on its true grid.

The grid is built in small steps: each cell's spans read (``_spec``), the cells placed as the
HTML table model places them (``_place_row``: a cell takes the first column no ``rowspan``
from above covers), each row's extent measured, and rows whose spans do not add up to the
table's width repaired (``_repair_row``) before they are committed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from extractor.contract import Warning
from extractor.errors import LimitExceeded
from extractor.layout import Cell, SourcePosition, Table
from extractor.limits import MAX_GRID_SPAN
from extractor.readers.html.settings import HtmlSettings
from extractor.readers.html.tree import BLOCK_TAGS, collapse, text_of
from extractor.text import clean_cell
from extractor.warning_codes import WarningCode


def rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not a nested table's), in document order."""
    rows: list[etree._Element] = []
    for child in table.iterchildren(etree.Element):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(child.iterchildren("tr"))
    return rows


def cells_of(tr: etree._Element) -> list[etree._Element]:
    return list(tr.iterchildren("td", "th"))


# Evaluated in C, with no cell text built in Python. A nested table's cells lie inside a cell
# that holds a table, so counting them too changes no answer.
_CELL_COUNT = etree.XPath("count(.//td | .//th)")
_LAYOUT_CELL = etree.XPath("boolean((.//td | .//th)[.//table or string-length(.) > $n])")


def cell_count(el: etree._Element) -> int:
    """The table cells anywhere under ``el``."""
    return int(_CELL_COUNT(el))


def is_layout_table(table: etree._Element, settings: HtmlSettings) -> bool:
    """A table that lays out the page: one cell, a cell holding a table, or a cell of prose."""
    return cell_count(table) <= 1 or bool(_LAYOUT_CELL(table, n=settings.layout_cell_chars))


def is_data_table(el: etree._Element, settings: HtmlSettings) -> bool:
    return el.tag == "table" and not is_layout_table(el, settings)


# ---------------------------------------------------------------- the grid


@dataclass
class _Spec:
    """One ``<td>``/``<th>`` with the spans it claims (after clamping)."""

    td: etree._Element
    colspan: int
    rowspan: int


@dataclass(frozen=True)
class _Placed:
    spec: _Spec
    col: int


_SPAN_NUMBER = re.compile(r"\s*(\d+)")


def _span(cell: etree._Element, name: str) -> int | None:
    """A span attribute as a number; None where it says nothing usable ("", "abc", "-1")."""
    value = cell.get(name)
    if value is None:
        return None
    match = _SPAN_NUMBER.match(value)
    return int(match.group(1)) if match else None


def _spec(td: etree._Element, r: int, n_rows: int, warnings: list[Warning]) -> _Spec:
    colspan = _span(td, "colspan") or 1
    if colspan > MAX_GRID_SPAN:
        warnings.append(
            Warning(code=WarningCode.SPAN_CLAMPED, message=f"a table cell claims {colspan} grid columns; read as one")
        )
        colspan = 1
    # rowspan="0" and spans past the last row end with the table; a span past the bound is
    # clamped as a colspan is (each placed cell covers rowspan × colspan grid cells).
    rowspan = _span(td, "rowspan")
    rowspan = n_rows - r if rowspan == 0 else min(rowspan or 1, n_rows - r)
    if rowspan > MAX_GRID_SPAN:
        warnings.append(
            Warning(code=WarningCode.SPAN_CLAMPED, message=f"a table cell claims {rowspan} grid rows; read as one")
        )
        rowspan = 1
    return _Spec(td, colspan, rowspan)


def _place_row(r: int, specs: list[_Spec], covered_until: dict[int, int]) -> tuple[list[_Placed], int]:
    """Row ``r``'s cells at their columns, and the row's extent (columns it fills, including
    those covered by rowspans from above); ``covered_until`` is not changed."""
    placed: list[_Placed] = []
    col = 0
    for spec in specs:
        while covered_until.get(col, -1) >= r:
            col += 1
        placed.append(_Placed(spec, col))
        col += spec.colspan
    covered = [c + 1 for c, last in covered_until.items() if last >= r]
    return placed, max([col, *covered])


def _commit(r: int, placed: list[_Placed], covered_until: dict[int, int]) -> None:
    for p in placed:
        for c in range(p.col, p.col + p.spec.colspan):
            covered_until[c] = r + p.spec.rowspan - 1
    # Spans that end here are forgotten: the next rows look only at the ones still open.
    for c in [c for c, last in covered_until.items() if last <= r]:
        del covered_until[c]


def _table_width(rows: list[list[_Spec]]) -> int:
    """The width most rows have as written (ties: the wider). A row that disagrees is the
    odd one out: one header cell's colspan typed wrong, not the 25 rows below it."""
    covered_until: dict[int, int] = {}
    extents: list[int] = []
    for r, specs in enumerate(rows):
        placed, extent = _place_row(r, specs, covered_until)
        _commit(r, placed, covered_until)
        if specs:
            extents.append(extent)
    counts = Counter(extents)
    return max(counts, key=lambda w: (counts[w], w)) if counts else 0


def _repair_row(specs: list[_Spec], extent: int, width: int) -> bool:
    """Make a row's spans add up to the table's width; True if anything changed.

    Too wide: the row's spanning cells give up the excess, widest first (a column of its own
    never disappears). Too narrow: only a last cell that spans already is widened to the edge
    (a title over the columns to the right); a row that simply ends early (its blank
    trailing cells left out) stays as it is."""
    if extent > width:
        excess = extent - width
        for spec in sorted((s for s in specs if s.colspan > 1), key=lambda s: -s.colspan):
            cut = min(excess, spec.colspan - 1)
            spec.colspan -= cut
            excess -= cut
            if not excess:
                break
        return excess < extent - width
    if extent < width and specs and specs[-1].colspan > 1:
        specs[-1].colspan += width - extent
        return True
    return False


def read_grid(el: etree._Element, index: int, settings: HtmlSettings) -> tuple[Table, list[Warning]]:
    """The table on its grid, each merged cell once with its spans. ``index`` is the table's
    place among the page's data tables, kept on each cell for provenance."""
    warnings: list[Warning] = []
    trs = rows_of(el)
    rows = [[_spec(td, r, len(trs), warnings) for td in cells_of(tr)] for r, tr in enumerate(trs)]
    if len(warnings) > 1:  # one line for the table, not one per cell (a page may have thousands)
        warnings[:] = [Warning(code=WarningCode.SPAN_CLAMPED, message=f"table {index + 1}: {len(warnings)} cells claim "
                               f"more than {MAX_GRID_SPAN} grid rows or columns; each read as one")]
    width = _table_width(rows)
    if width * len(rows) > settings.max_grid_cells:
        raise LimitExceeded(f"table {index + 1} spans {len(rows):,} rows × {width:,} columns, over the "
                            f"{settings.max_grid_cells:,} grid cells a table may have")
    covered_until: dict[int, int] = {}
    repaired: list[int] = []
    cells: list[Cell] = []
    for r, specs in enumerate(rows):
        placed, extent = _place_row(r, specs, covered_until)
        if specs and extent != width and _repair_row(specs, extent, width):
            repaired.append(r)
            placed, _ = _place_row(r, specs, covered_until)
        _commit(r, placed, covered_until)
        cells.extend(
            Cell(text=cell_text(p.spec.td, settings.max_element_depth), row=r, col=p.col, rowspan=p.spec.rowspan, colspan=p.spec.colspan,
                 source=SourcePosition(index, r, p.col))
            for p in placed
        )
    if repaired:
        warnings.append(
            Warning(code=WarningCode.SPAN_REPAIRED,
                    message=f"table {index + 1}: the column spans of row(s) {', '.join(str(r + 1) for r in repaired)} "
                    f"did not add up to the table's {width} columns; the spanning cells were fitted to them")
        )
    return Table(cells=cells), warnings


# Elements that break a cell's text into lines.
_BREAKS = frozenset({*BLOCK_TAGS, "br", "table"})


def cell_text(td: etree._Element, max_depth: int) -> str:
    """A cell's text: ``<br>`` and block elements are line breaks, inline pieces (spans)
    joined; a nested table (only in layout cells, which are not read as cells) a break."""
    breaks = _first_breaks(td)
    if not breaks or (len(breaks) == 1 and breaks[0].tag in BLOCK_TAGS):
        # One line (most cells: text in one <p>, or bare): nothing to break, one C-level join.
        return clean_cell(collapse(text_of(td)))
    parts: list[str] = [collapse(td.text)]

    def collect(el: etree._Element, depth: int) -> None:
        tag = el.tag
        if tag == "br" or tag == "table":
            parts.append("\n")
        elif depth > max_depth:
            parts.append(collapse(text_of(el)))
        else:
            block = tag in BLOCK_TAGS
            if block:
                parts.append("\n")
            if el.text:
                parts.append(collapse(el.text))
            for child in el.iterchildren(etree.Element):
                collect(child, depth + 1)
            if block:
                parts.append("\n")
        if el.tail:
            parts.append(collapse(el.tail))

    for child in td.iterchildren(etree.Element):
        collect(child, 1)
    return clean_cell("".join(parts))


def _first_breaks(td: etree._Element) -> list[etree._Element]:
    """The first two line-breaking elements inside ``td``. A cell holds a handful of
    elements: testing their tags in Python costs less than lxml's matcher for many tag
    names, which is built anew on every call."""
    found: list[etree._Element] = []
    for el in td.iterdescendants(etree.Element):
        if el.tag in _BREAKS:
            found.append(el)
            if len(found) == 2:
                break
    return found
