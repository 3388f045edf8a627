"""A table row seen as a label and its value cells: the unit the mappers work on.

Format-free: a row from a Word grid, a PDF grid or a tab-separated text line all become a
:class:`RowView`. In a real grid the label includes the merged group cells covering the
row ("三、本年度办理结果 （三）不予公开 1.属于国家秘密"); in a loose text grid only
what the line printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout import Cell, Table
from extractor.numbers import has_number, is_value_cell


@dataclass
class RowView:
    table: Table
    index: int
    # The distinct cells covering this row, left to right.
    cells: list[Cell]
    label_cells: list[Cell]
    # Cells after the last label cell: numbers or blanks (a text cell there is kept too).
    value_cells: list[Cell]

    @property
    def label(self) -> str:
        return " ".join(c.text for c in self.label_cells if c.text)

    @property
    def leaf(self) -> str:
        texts = [c.text for c in self.label_cells if c.text]
        return texts[-1] if texts else ""

    @property
    def has_numbers(self) -> bool:
        return any(has_number(c.text) for c in self.value_cells)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)

    def trimmed_values(self) -> list[Cell]:
        """Value cells without the blank cells at either end.

        Text copies pad rows with empty fields where merged cells were; those blanks are
        alignment noise, not blank numbers.
        """
        cells = list(self.value_cells)
        while cells and not cells[0].text.strip():
            cells.pop(0)
        while cells and not cells[-1].text.strip():
            cells.pop()
        return cells


def row_views(table: Table) -> list[RowView]:
    grid = table.grid()
    views: list[RowView] = []
    for r, positions in enumerate(grid):
        cells: list[Cell] = []
        for cell in positions:
            if cell is not None and (not cells or cells[-1] is not cell):
                cells.append(cell)
        last_label = -1
        for i, cell in enumerate(cells):
            if not is_value_cell(cell.text):
                last_label = i
        views.append(
            RowView(
                table=table,
                index=r,
                cells=cells,
                label_cells=cells[: last_label + 1],
                value_cells=cells[last_label + 1 :],
            )
        )
    return views


def cell_at(view: RowView, col: int) -> Cell | None:
    for cell in view.cells:
        if cell.col <= col <= cell.last_col:
            return cell
    return None
