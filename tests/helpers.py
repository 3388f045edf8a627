"""Small builders for layout objects, so mapping tests read like the tables they describe."""

from __future__ import annotations

from extractor.layout import Cell, Table


def grid_table(rows: list[list[str | tuple[str, int, int]]], page: int | None = None, loose: bool = False) -> Table:
    """A table from rows of cell specs; ``(text, rowspan, colspan)`` for a merged cell.

    Positions covered by a merged cell from an earlier row or column are skipped, as in a
    Word grid, so specs list only the cells that start in each row.
    """
    cells: list[Cell] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            while (r, c) in covered:
                c += 1
            text, rowspan, colspan = (spec, 1, 1) if isinstance(spec, str) else spec
            cells.append(Cell(text, r, c, rowspan, colspan, page=page))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered.add((rr, cc))
            c += colspan
    return Table(cells=cells, page=page, loose=loose)
