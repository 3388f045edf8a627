"""A table row seen as a label and its value cells: the unit the mappers work on.

Format-free: a row from a Word grid, a PDF grid or a tab-separated text line all become a
:class:`RowView`. In a real grid the label includes the merged group cells covering the
row ("三、本年度办理结果 （三）不予公开 1.属于国家秘密"); in a loose text grid only
what the line printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum, auto

from extractor.layout import Cell, Table
from extractor.mapping import template
from extractor.numbers import has_number, is_number_stack, is_value_cell
from extractor.text import is_cjk


@dataclass
class RowView:
    # The distinct cells covering this row, left to right.
    cells: list[Cell]
    label_cells: list[Cell]
    # Cells after the last label cell: numbers or blanks (a text cell there is kept too).
    value_cells: list[Cell]
    # The value cells as printed, for placing by order: where column positions are only
    # hints (a text copy), without the blank cells at either end, which there are alignment
    # noise (padding where merged cells were), not blank numbers.
    printed: list[Cell]

    @property
    def label(self) -> str:
        return " ".join(c.text for c in self.label_cells if c.text)

    @property
    def leaf(self) -> str:
        texts = [c.text for c in self.label_cells if c.text]
        return texts[-1] if texts else ""

    @property
    def has_numbers(self) -> bool:
        # A stack counts: one cell merged over a row's columns, printing each one's number.
        return any(has_number(c.text) or is_number_stack(c.text) for c in self.value_cells)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)



def _trimmed(cells: list[Cell]) -> list[Cell]:
    """The cells without the blank ones at either end."""
    start, end = 0, len(cells)
    while start < end and not cells[start].text.strip():
        start += 1
    while end > start and not cells[end - 1].text.strip():
        end -= 1
    return cells[start:end]


def row_views(table: Table, hints: bool) -> list[RowView]:
    """Every row of ``table``; ``hints``: its column positions are only hints."""
    grid = table.grid()
    views: list[RowView] = []
    for positions in grid:
        cells: list[Cell] = []
        for cell in positions:
            if cell is not None and (not cells or cells[-1] is not cell):
                cells.append(cell)
        last_label = -1
        for i, cell in enumerate(cells):
            if not holds_values(cell):
                last_label = i
        values = cells[last_label + 1 :]
        if last_label >= 0 and values:
            cells[last_label] = _own_label(cells[last_label], row_index=len(views))
        views.append(
            RowView(
                cells=cells,
                label_cells=cells[: last_label + 1],
                value_cells=values,
                printed=_trimmed(values) if hints else values,
            )
        )
    return views


# A row label's own number ("3." / "3、"), not part of a longer number or a decimal.
_ITEM_NUMBER = re.compile(r"(?<![\d.])(\d{1,2})\s*[.、．]")


def _own_label(cell: Cell, row_index: int) -> Cell:
    """A row's label cell, or, where one label cell spans several rows that each print values
    (a scan lost the rules between their labels: "2.其他法律… 3.危及… … 8.属于行政查询事项"
    over seven rows), this row's part of it: the text cut at its items' numbers, when they run
    on one by one, one item for each row, and nothing stands before the first."""
    if cell.rowspan < 2:
        return cell
    marks = list(_ITEM_NUMBER.finditer(cell.text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) != cell.rowspan or numbers != list(range(numbers[0], numbers[0] + len(marks))) \
            or cell.text[: marks[0].start()].strip():
        return cell
    ends = [m.start() for m in marks[1:]] + [len(cell.text)]
    part = row_index - cell.row
    return replace(cell, text=cell.text[marks[part].start() : ends[part]].strip(), row=row_index, rowspan=1)


def holds_values(cell: Cell) -> bool:
    """A cell of a row's value area: a number or a blank; numbers stacked in a cell over
    several rows or columns (a scan's lost rule, cells merged in the source); or, from a scan, ink read as no CJK at all ("41°",
    "ó"), or digits beside strokes read as "一" ("2 一": a seal's stroke, or a dash, beside the
    number): a value misread (null, and said so), not part of the row's label, which always has
    other Chinese in it."""
    text = cell.text
    if is_value_cell(text) or ((cell.rowspan > 1 or cell.colspan > 1) and is_number_stack(text)):
        return True
    if cell.ocr is None or not text.strip():
        return False
    if not any(is_cjk(ch) for ch in text):
        return True
    return any(ch.isdigit() for ch in text) and not any(is_cjk(ch) for ch in text.replace(_STROKE, ""))


# The character OCR reads a lone horizontal stroke as (a dash, a seal's arc, a rule's stub).
_STROKE = "一"


def cell_at(view: RowView, col: int) -> Cell | None:
    for cell in view.cells:
        if cell.col <= col <= cell.last_col:
            return cell
    return None


class RowKind(Enum):
    """What a row is, judged on the row alone (no state of the walk)."""

    EMPTY = auto()
    REVIEW_HEADER = auto()  # table 4's block or column names
    PROACTIVE_HEADER = auto()  # table 2's column names
    APPLICANT_HEADER = auto()  # table 3's applicant columns
    UNLABELLED_VALUES = auto()  # numbers without a label: table 4's data row
    DATA = auto()  # a label and value cells
    TEXT = auto()  # anything else (titles, notes, a label without values)


def classify_row(view: RowView, version: str) -> RowKind:
    """The kind of a row of a table of template ``version``."""
    if not view.cells:
        return RowKind.EMPTY
    numbers = view.has_numbers
    if not numbers and template.is_review_header(view.text):
        return RowKind.REVIEW_HEADER
    if numbers and not view.label_cells:
        return RowKind.UNLABELLED_VALUES
    if not numbers:
        if any(template.proactive_column(c.text, version) for c in view.cells):
            return RowKind.PROACTIVE_HEADER
        if any(template.applicant_column(c.text) or template.applicant_columns_under(c.text, c.colspan)
               for c in view.cells):
            return RowKind.APPLICANT_HEADER
    if view.value_cells and view.label_cells:
        return RowKind.DATA
    return RowKind.TEXT
