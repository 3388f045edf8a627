"""Recovery: repair what page layout did to tables before any template knowledge applies.

A table that runs over a page break arrives as two tables on consecutive pages. They are
stitched into one when nothing but page furniture separates them and their grids have the
same width. A repeated header is dropped; a row cut by the break (its label on one page,
its numbers on the next, or a label split in two: "（四）无" | "法提供") is joined.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import Protocol

from extractor.contract import Warning
from extractor.layout import Block, Cell, ColumnPositions, Document, OcrRead, Table, read_by_ocr
from extractor.warning_codes import WarningCode


class CellValues(Protocol):
    """How a cell's text reads as a value: the caller's knowledge (units such as 件 and
    万元, placeholders for blank), not this stage's. ``extractor.numbers.CELL_VALUES``."""

    def has_number(self, text: str) -> bool: ...

    def is_value(self, text: str) -> bool:
        """A number or a blank: the cells that make up a data row."""
        ...


def recover(document: Document, values: CellValues, settings: RecoverSettings | None = None) -> Document:
    """Stitch tables continued over page breaks; where a header and its data, or the two
    halves of a row, were found on different pages, a warning names both pages so that a
    reviewer can check the join."""
    document.blocks = _stitch(document.blocks, values, settings or RecoverSettings(), document.warnings)
    return document


@dataclass(frozen=True)
class RecoverSettings:
    # Column edges of two pages' parts closer than this (PDF points) are the same rule. Wider
    # than the PDF reader's in-page snap (2pt): exporters re-position a table's rules on each
    # page, and a column that moved 3pt between pages is still the same column.
    edge_snap: float = 4.0
    # PDF points. A part whose edges all moved together by up to this (a scanned page lies on
    # the glass a little off where the page before lay: measured 5pt, the table's width the
    # same within ``edge_snap``) is still the same table, its columns compared moved back.
    page_shift: float = 15.0
    # Fraction. ... and whose width changed by up to this (a phone photo's perspective scales
    # each page its own way: measured 421 and 428pt for one table's two pages, 1.7%) is still
    # the same table, its columns compared on the first part's width.
    page_scale: float = 0.03
    # PDF points. ``edge_snap`` for parts read by OCR: a photo's perspective bends a page's
    # columns its own way, so one column's rule lies 4-5pt from where the page before put it
    # even where the table's sides agree within 2pt (measured: a development photo, 4.2-4.9pt
    # at every inner rule; with 4pt each value column got a sliver beside it and table 3's
    # last seven rows were lost). A real extra rule on one page (a label column split) lies a
    # column's width (20pt or more) from the other page's rules.
    scan_edge_snap: float = 8.0


def _stitch(blocks: list[Block], values: CellValues, settings: RecoverSettings, warnings: list[Warning]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Table) and isinstance(prev, Table) and _next_page(prev, block):
            pair = _same_columns(prev, block, settings, _scanned(prev) or _scanned(block))
            if pair is not None:
                out[-1] = _join(*pair, values, warnings)
                continue
        out.append(block)
    return out


def _scanned(table: Table) -> bool:
    return read_by_ocr(table.cells)


def _next_page(first: Table, second: Table) -> bool:
    """``second`` starts where ``first`` stops: on the next page, or, for sources without
    pages (Word), right after it with nothing between (a table cut in two by hand)."""
    if ColumnPositions.HINTS in (first.positions, second.positions):
        return False
    if first.page is None and second.page is None:
        return True
    if first.page is None or second.page is None:
        return False
    # A stitched table keeps its first page; the page it ends on is its last cell's.
    last_page = max((c.page for c in first.cells if c.page is not None), default=first.page)
    return second.page == last_page + 1


def _same_columns(first: Table, second: Table, settings: RecoverSettings, scanned: bool
                  ) -> tuple[Table, Table] | None:
    """The two tables on one column grid, or None when they are not the same table.

    Equal widths are taken as they are. Otherwise, when both have cell boxes spanning the
    same horizontal extent, both are re-gridded on the union of their column edges: a
    page may show a column rule (a merged label split in two) that the other page lacks.
    The same extent moved as a whole by up to ``page_shift`` and widened or narrowed by up
    to ``page_scale`` (a scanned or photographed page's own place and size) is compared laid
    onto the first part's extent.
    """
    if first.n_cols == second.n_cols:
        return first, second
    snap = settings.edge_snap
    # Two parts' rules closer than this are one rule (``scan_edge_snap``: a photo bends them).
    match = settings.scan_edge_snap if scanned else snap
    frame = _page_frame(first, scanned)
    edges_a, edges_b = (frame or _col_edges(first, snap)), _col_edges(second, snap)
    if not edges_a or not edges_b:
        return None
    onto = _IN_PLACE  # sides within ``edge_snap``: compared where they are
    if abs(edges_a[0] - edges_b[0]) > snap or abs(edges_a[-1] - edges_b[-1]) > snap:
        width_a, width_b = edges_a[-1] - edges_a[0], edges_b[-1] - edges_b[0]
        onto = _Onto(edges_b[0], edges_a[0], width_a / width_b if width_b > 0 else 0.0)
        if abs(edges_a[0] - edges_b[0]) > settings.page_shift or abs(onto.ratio - 1.0) > settings.page_scale:
            return None
    # A rule of the second part within ``match`` of one of the first's is that rule; the
    # first part's own rules stay apart however close (a scan's grid may have columns a few
    # points wide, and merging them put two cells in one column).
    extra = [e for e in map(onto, edges_b) if min(abs(e - a) for a in edges_a) > match]
    edges = sorted(edges_a + extra)
    return (_regrid_by_index(first, edges, frame) if frame else _regrid(first, edges)), _regrid(second, edges, onto)


@dataclass(frozen=True)
class _Onto:
    """x on a part laid onto another part's extent: ``origin`` to ``target``, times ``ratio``."""

    origin: float
    target: float
    ratio: float

    def __call__(self, x: float) -> float:
        return self.target + (x - self.origin) * self.ratio


_IN_PLACE = _Onto(0.0, 0.0, 1.0)


def _page_frame(table: Table, scanned: bool) -> list[float] | None:
    """A table stitched from several pages (or any ``scanned`` table): where each of its
    grid's column boundaries lies on one page (its last page when that shows every boundary,
    else its first: the median of its cells' sides there), or None for a text layer's table of
    one page or with no such page. Its cells keep their own pages' boxes, and a photographed
    page is placed and scaled its own way: the boxes of all pages together gave 4pt slivers
    between one column's sides on two pages, and the next page's part, compared to them, lost
    其他 and 总计 into cells over two columns (a development photo, table 3 over three pages:
    28 fields). A scan's grid may have columns a few points wide: by its boundaries' indices
    they stay apart (snapped as sides, two cells of a row fell in one column)."""
    pages = {c.page for c in table.cells}
    if (len(pages) < 2 and not scanned) or None in pages or any(c.bbox is None for c in table.cells):
        return None
    for page in (max(pages), table.page):  # type: ignore[type-var]
        sides: dict[int, list[float]] = {}
        for c in table.cells:
            if c.page == page:
                sides.setdefault(c.col, []).append(c.bbox[0])  # type: ignore[index]
                sides.setdefault(c.last_col + 1, []).append(c.bbox[2])  # type: ignore[index]
        if sorted(sides) == list(range(table.n_cols + 1)):
            frame = [statistics.median(sides[k]) for k in range(table.n_cols + 1)]
            # Each boundary its own place, in order: its cells are regridded by index.
            return frame if all(a < b for a, b in zip(frame, frame[1:], strict=False)) else None
    return None


def _regrid_by_index(table: Table, edges: list[float], frame: list[float]) -> Table:
    """The table's cells on the columns ``edges``, each placed by its grid boundaries' places
    in ``frame`` (``_page_frame``), not by its own page's box."""
    cells = []
    for c in table.cells:
        col = _nearest(edges, frame[c.col])
        end = max(col + 1, _nearest(edges, frame[c.last_col + 1]))
        cells.append(replace(c, col=col, colspan=end - col))
    return Table(cells=cells, page=table.page, bbox=table.bbox, continued=table.continued)


def _col_edges(table: Table, snap: float) -> list[float] | None:
    if any(c.bbox is None for c in table.cells):
        return None
    return _snap(sorted({c.bbox[0] for c in table.cells} | {c.bbox[2] for c in table.cells}), snap)  # type: ignore[index]


def _snap(values: list[float], snap: float) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > snap:
            out.append(v)
    return out


def _nearest(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


def _regrid(table: Table, edges: list[float], onto: _Onto = _IN_PLACE) -> Table:
    """The table's cells on the columns ``edges``, their boxes laid ``onto`` them to compare."""
    cells = []
    for c in table.cells:
        assert c.bbox is not None
        col = _nearest(edges, onto(c.bbox[0]))
        end = max(col + 1, _nearest(edges, onto(c.bbox[2])))
        cells.append(replace(c, col=col, colspan=end - col))
    return Table(cells=cells, page=table.page, bbox=table.bbox, continued=table.continued)


def _row_texts(table: Table, row: int) -> list[str]:
    return [c.text for c in table.cells if c.row == row]


def _repeated_header_rows(first: Table, second: Table, values: CellValues) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first``."""
    n = 0
    while n < min(first.n_rows, second.n_rows) and _row_texts(first, n) == _row_texts(second, n):
        if any(values.has_number(t) for t in _row_texts(second, n)):
            break
        n += 1
    return n


def _is_fragment_pair(upper: list[Cell], lower: list[Cell], values: CellValues) -> bool:
    """Two rows that are one row cut by the page break.

    Every text of the lower half must continue the cell above it: a label's tail under a label
    of the same extent, or a number under a blank (the label stayed above, the numbers went
    down). Numbers on both sides, or a number under a header word, is a new row: a header at a
    page foot followed by its data at the next page's head is two rows, not one.
    """
    if any(values.has_number(c.text) for c in upper) and any(values.has_number(c.text) for c in lower):
        return False
    low_numbers = any(values.has_number(c.text) for c in lower)
    continued = False
    under: dict[int, int] = {}
    for cell in lower:
        if not cell.text:
            continue
        above = _cell_above(upper, cell)
        if values.has_number(cell.text) or values.is_value(cell.text):
            fits = above is None or not above.text
        else:
            # A label's tail lies within its cell's extent (a rules-only page may show it
            # narrower), one tail per cell: several labels under one title are a new row.
            # With numbers below, a label ending short of its cell's side ("行政处罚" over
            # "行政强制 | 9") is complete: the lower text is a new row's label, not its tail.
            # Without numbers (a header row cut in two) a manual line break may end it short.
            fits = (
                above is not None
                and bool(above.text)
                and not values.is_value(above.text)
                and not (low_numbers and above.last_line_full is False)
                and above.col <= cell.col
                and cell.last_col <= above.last_col
            )
            if above is not None:
                under[id(above)] = under.get(id(above), 0) + 1
        if not fits:
            return False
        continued = True
    return continued and all(n == 1 for n in under.values())


def _cell_above(upper: list[Cell], cell: Cell) -> Cell | None:
    return next((u for u in upper if u.col <= cell.col <= u.last_col), None)


def _is_group_label(cell: Cell, row: list[Cell], values: CellValues) -> bool:
    """A label cell with another label to its right: a merged group label, not the leaf."""
    if not cell.text or values.is_value(cell.text):
        return False
    return any(o.col > cell.last_col and o.text and not values.is_value(o.text) for o in row)


def _warn_join(first: Table, second: Table, last_row: list[Cell], whole_row: bool, values: CellValues,
               warnings: list[Warning]) -> None:
    upper_page = max((c.page for c in first.cells if c.page is not None), default=None)
    lower_page = second.page
    if upper_page is None or lower_page is None:
        return  # no pages (Word): a table cut by hand, not by a page break
    pages = [upper_page, lower_page]
    if not any(values.has_number(c.text) for c in first.cells):
        warnings.append(
            Warning(
                code=WarningCode.HEADER_ON_OTHER_PAGE,
                message=f"a table's header rows end page {upper_page} and its data starts page {lower_page}; joined",
                where={"pages": pages},
            )
        )
    if whole_row:
        # The leaf label (rightmost text), not a group label spanning down to this row.
        texts = [c for c in last_row if c.text and not values.is_value(c.text)]
        label = max(texts, key=lambda c: c.col).text if texts else ""
        warnings.append(
            Warning(
                code=WarningCode.ROW_ACROSS_PAGES,
                message=f"a row cut by the break after page {upper_page} was joined ({label[:20]!r})",
                where={"pages": pages},
            )
        )


def _join(first: Table, second: Table, values: CellValues, warnings: list[Warning]) -> Table:
    skip = _repeated_header_rows(first, second, values)
    bottom = first.n_rows - 1  # once: n_rows looks at every cell
    last_row = [c for c in first.cells if c.last_row == bottom]
    lower_first = [c for c in second.cells if c.row == skip]
    whole_row = bool(last_row and lower_first) and _is_fragment_pair(last_row, lower_first, values)
    _warn_join(first, second, last_row, whole_row, values, warnings)
    upper_by_col = {(c.col, c.colspan): c for c in last_row}
    # Rows of ``second`` move down by this much; a joined boundary row shares its row.
    offset = bottom + 1 - skip - (1 if whole_row else 0)
    cells = list(first.cells)
    for cell in second.cells:
        if cell.row < skip:
            continue
        if cell.row == skip and cell.continues_above and (above := _cell_above(last_row, cell)) is not None:
            # A merged cell cut by the split: the upper part grows over the lower one.
            above.text = above.text + cell.text
            above.ocr = OcrRead.joined(above.ocr, cell.ocr)
            above.rowspan = cell.last_row + offset - above.row + 1
            continue
        if whole_row and cell.row == skip:
            upper = _cell_above(last_row, cell)
        else:
            upper = upper_by_col.get((cell.col, cell.colspan)) if cell.row == skip else None
        if upper is not None and (whole_row or (_is_group_label(cell, lower_first, values) and _is_group_label(upper, last_row, values))):
            upper.text = upper.text + cell.text
            upper.ocr = OcrRead.joined(upper.ocr, cell.ocr)
            upper.rowspan = cell.last_row + offset - upper.row + 1
            continue
        cells.append(replace(cell, row=cell.row + offset))
    return Table(cells=cells, page=first.page, bbox=first.bbox, continued=True)
