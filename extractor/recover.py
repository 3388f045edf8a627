"""Recovery: repair what page layout did to tables before any template knowledge applies.

A table that runs over a page break arrives as two tables on consecutive pages. They are
stitched into one when nothing but page furniture separates them and their grids have the
same width. A repeated header is dropped; a row cut by the break (its label on one page,
its numbers on the next, or a label split in two: "（四）无" | "法提供") is joined.
"""

from __future__ import annotations

from extractor.layout import Block, Cell, Document, Table
from extractor.numbers import has_number, is_value_cell


def recover(document: Document) -> Document:
    document.blocks = _stitch(document.blocks)
    return document


def _stitch(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Table) and isinstance(prev, Table) and _continues(prev, block):
            out[-1] = _join(prev, block)
        else:
            out.append(block)
    return out


def _continues(first: Table, second: Table) -> bool:
    if first.loose or second.loose or first.page is None or second.page is None:
        return False
    # A stitched table keeps its first page; the page it ends on is its last cell's.
    last_page = max((c.page for c in first.cells if c.page is not None), default=first.page)
    return second.page == last_page + 1 and first.n_cols == second.n_cols


def _row_texts(table: Table, row: int) -> list[str]:
    return [c.text for c in table.cells if c.row == row]


def _repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first``."""
    n = 0
    while n < min(first.n_rows, second.n_rows) and _row_texts(first, n) == _row_texts(second, n):
        if any(has_number(t) for t in _row_texts(second, n)):
            break
        n += 1
    return n


def _is_fragment_pair(upper: list[Cell], lower: list[Cell]) -> bool:
    """Two rows that are one row cut by the page break.

    Either half has no numbers while the other has them, or the lower half has numbers but
    no label of its own, or both are label text only (a label split mid-word).
    """
    up_numbers = any(has_number(c.text) for c in upper)
    low_numbers = any(has_number(c.text) for c in lower)
    low_label = any(c.text and not is_value_cell(c.text) for c in lower)
    if up_numbers and not low_numbers and low_label:
        # The label's tail ran onto the next page without numbers.
        return all(not c.text or not is_value_cell(c.text) for c in lower)
    if not up_numbers and low_numbers:
        return not low_label
    return False


def _is_group_label(cell: Cell, row: list[Cell]) -> bool:
    """A label cell with another label to its right: a merged group label, not the leaf."""
    if not cell.text or is_value_cell(cell.text):
        return False
    return any(o.col > cell.last_col and o.text and not is_value_cell(o.text) for o in row)


def _join(first: Table, second: Table) -> Table:
    skip = _repeated_header_rows(first, second)
    last_row = [c for c in first.cells if c.last_row == first.n_rows - 1]
    lower_first = [c for c in second.cells if c.row == skip]
    whole_row = bool(last_row and lower_first) and _is_fragment_pair(last_row, lower_first)
    upper_by_col = {(c.col, c.colspan): c for c in last_row}
    # Rows of ``second`` move down by this much; a joined boundary row shares its row.
    offset = first.n_rows - skip - (1 if whole_row else 0)
    cells = list(first.cells)
    for cell in second.cells:
        if cell.row < skip:
            continue
        upper = upper_by_col.get((cell.col, cell.colspan)) if cell.row == skip else None
        if upper is not None and (whole_row or (_is_group_label(cell, lower_first) and _is_group_label(upper, last_row))):
            upper.text = upper.text + cell.text
            upper.rowspan = cell.last_row + offset - upper.row + 1
            continue
        cells.append(Cell(cell.text, cell.row + offset, cell.col, cell.rowspan, cell.colspan, cell.page, cell.bbox))
    return Table(cells=cells, page=first.page, bbox=first.bbox, continued=True)
