"""Table 2 (主动公开): rows placed by the nearest header that names columns.

In a real grid whose header is in the same table, each value goes to the column whose
header cell is above it; otherwise (a text copy, a table continued without its header)
values are taken in printed order. Order alone shifts a whole row when one cell is lost or
one stray cell added (a scan's broken rule), and table 2 has no sums to catch it.
"""

from __future__ import annotations

from extractor.contract import PROACTIVE_BY_TEMPLATE
from extractor.layout import Cell, read_by_ocr
from extractor.mapping import template
from extractor.mapping.boundaries import ColumnExtent, header_extents, say_if_near_boundary
from extractor.mapping.rows import RowView
from extractor.mapping.values import (
    Found,
    Grid,
    Warnings,
    fill_missing,
    not_printed,
    read_value,
    say_contested_row,
    say_each_number,
    say_if_beside_several,
    split_spanning,
)
from extractor.numbers import has_number
from extractor.warning_codes import WarningCode

NAME = "proactive_disclosure"
# The column of a header cell whose words name none of the template's columns.
_UNKNOWN = "?"


class ProactivePlacer:
    def __init__(self, version: str, warnings: Warnings) -> None:
        self.version = version
        self.spec = PROACTIVE_BY_TEMPLATE[version]
        self.warnings = warnings
        self.columns: list[str] | None = None  # named by the latest header row
        # Grid column -> contract column, of the latest header row when it is in the table
        # being walked and that table's positions are real (not a text copy's hints).
        self.positions: dict[int, str] = {}
        self.unknown = False
        self.hints = False
        self.grid: Grid = {}
        # Where the latest header's named cells lie across the page (a scan's values near a
        # column boundary are said: ``boundaries``).
        self.extents: list[ColumnExtent] = []
        self.contested: set[str] = set()  # rows a second scanned row was labelled as (said once)

    def start_table(self, hints: bool) -> None:
        self.hints = hints
        self.positions = {}

    def header(self, view: RowView) -> None:
        cols = [template.proactive_column(c.text, self.version) for c in view.cells]
        self.columns = [c for c in cols if c is not None]
        # A header cell after the first (信息内容) with words that name no column (misread
        # past recognition): the columns are not all known, and values are not placed by
        # their order among the known ones (that shifts the row).
        self.positions = {}
        self.unknown = False
        self.extents = header_extents([(cell, col) for cell, col in zip(view.cells, cols, strict=True) if col])
        for i, (cell, col) in enumerate(zip(view.cells, cols, strict=True)):
            unknown = col is None and i > 0 and bool(cell.text.strip())
            self.unknown = self.unknown or unknown
            if not self.hints and (col is not None or unknown):
                self.positions.update(dict.fromkeys(range(cell.col, cell.last_col + 1), col or _UNKNOWN))

    def row(self, item: str, view: RowView) -> None:
        if item not in self.spec:
            self.warnings.add(WarningCode.ROW_OUTSIDE_TEMPLATE, f"row {view.label!r} is not in the {self.version} template")
            return
        if item in self.grid:
            self.warnings.add(WarningCode.DUPLICATE_ROW, f"second row for {item} ignored", row=item)
            say_contested_row(f"{NAME}.{item}", self.grid[item], view.value_cells, self.warnings, self.contested)
            return
        allowed = self.spec[item]
        # A header naming other columns (a sub-table's) does not apply: the template's order.
        cols = self.columns if self.columns and set(self.columns) <= set(allowed) else allowed
        lost_a_name = False
        if self.positions and set(self.positions.values()) - {_UNKNOWN} <= set(allowed):
            by_position = self._by_position(item, view)
            if by_position is not None:
                self.grid[item] = by_position
                say_if_beside_several(f"{NAME}.{item}", by_position, view.value_cells, self.warnings)
                return
            # A value under no named column of a scanned header that lost a name: taken in
            # order among the named columns the row shifts (a 行政处罚 row's 上一年项目数量
            # became its 本年增减); as for a name past recognition, the template's order only
            # when the row prints one cell per column, and then each number is said.
            lost_a_name = self._header_lost_a_name(allowed) and read_by_ocr(view.value_cells)
        header_unread = self.unknown or lost_a_name
        if header_unread and cols is self.columns and len(view.printed) == len(allowed):
            cols = allowed  # one value for each of the template's columns: in its order
        elif header_unread and cols is self.columns:
            self.warnings.add(WarningCode.ROW_UNPLACED,
                              f"{item}: a column of its header could not be read; its values cannot be placed; all null",
                              row=item, label=view.label, raw=[c.text for c in view.value_cells])
            self.grid[item] = dict.fromkeys(allowed)
            return
        cells = view.printed
        numbers = sum(has_number(c.text) for c in cells)
        if len(cols) > 1 and numbers > len(cols):
            # More numbers than columns, and no header placed them: taken in order they shift
            # (a scan's column boundary inside "48503" gives "48" and "503"; an unnamed column).
            self.warnings.add(WarningCode.ROW_UNPLACED,
                              f"{item}: {numbers} numbers for {len(cols)} columns; "
                              "its values cannot be placed; all null",
                              row=item, label=view.label, raw=[c.text for c in view.value_cells])
            self.grid[item] = dict.fromkeys(allowed)
            return
        if len(cols) == 1:
            # One value per row (决定数量, 收费金额) under a header spanning the value columns: a
            # table without vertical rules may put it in any of them, the others blank.
            filled = [c for c in cells if c.text.strip()]
            if len(filled) == 1:
                cells = filled
        placed: dict[str, Found | None] = {
            col: read_value(cells[i], f"{NAME}.{item}.{col}", self.warnings) for i, col in enumerate(cols[: len(cells)])
        }
        for col in allowed:
            if col not in placed:
                not_printed(f"{NAME}.{item}.{col}", self.warnings)
        extra = [c.text for c in cells[len(cols) :] if c.text.strip()]
        if extra:
            self.warnings.add(WarningCode.EXTRA_VALUES, f"{item}: values {extra} beyond the template's columns ignored", row=item)
        self.grid[item] = {c: placed.get(c) for c in allowed}
        if lost_a_name:
            say_each_number(f"{NAME}.{item}", self.grid[item], "in the template's column order: the header above "
                            "names only some of its columns", self.warnings)
        say_if_beside_several(f"{NAME}.{item}", self.grid[item], view.value_cells, self.warnings)

    def _header_lost_a_name(self, allowed: tuple[str, ...]) -> bool:
        """The latest header names only some of the row's template columns, each where it
        stands: a scanned header cell's words lost (a binarized page's thin strokes, a line of
        the header read into the row above)."""
        return self.columns is not None and set(self.columns) < set(allowed) and not self.unknown

    def _by_position(self, item: str, view: RowView) -> dict[str, Found | None] | None:
        """Each value under the header cell above it; None when a number stands under no named
        column or two under one (then the printed order decides, as for a text copy)."""
        cells: dict[str, Cell] = {}
        merged: list[tuple[Cell, list[str]]] = []
        ignored: list[str] = []
        for cell in view.value_cells:
            keys = list(dict.fromkeys(self.positions[c] for c in range(cell.col, cell.last_col + 1)
                                      if c in self.positions))
            printed = bool(cell.text.strip())
            if keys == [_UNKNOWN]:
                if printed:
                    ignored.append(cell.text)
                continue
            taken = any(k in cells and cells[k].text.strip() for k in keys)
            if not keys or _UNKNOWN in keys or taken:
                if printed:
                    return None  # under no column, under a column and an unknown one, or a second value
                continue
            if (len(keys) > 1 or cell.rowspan > 1) and printed:
                merged.append((cell, keys))
            cells.update(dict.fromkeys(keys, cell))
        placed: dict[str, Found | None] = {}
        for cell, keys in merged:
            parts = split_spanning(cell, [f"{NAME}.{item}.{k}" for k in keys], self.warnings, cell.rowspan > 1)
            for key, part in zip(keys, parts, strict=True):
                if part is None:
                    del cells[key]
                    placed[key] = None
                else:
                    cells[key] = part
        split = {key for _, keys in merged for key in keys}
        for key in self.spec[item]:
            if key in cells:
                placed[key] = read_value(cells[key], f"{NAME}.{item}.{key}", self.warnings)
                if key not in split:
                    say_if_near_boundary(cells[key], f"{NAME}.{item}.{key}", key, self.extents,
                                         set(self.spec[item]), self.warnings)
            elif key not in placed:
                not_printed(f"{NAME}.{item}.{key}", self.warnings)
        if ignored:
            self.warnings.add(WarningCode.EXTRA_VALUES,
                              f"{item}: values {ignored} under a header that names no column ignored", row=item)
        return {k: placed.get(k) for k in self.spec[item]}

    def fill(self) -> Grid:
        """Every row of the template, ``None`` where not printed (with a warning)."""
        fill_missing(self.grid, self.spec, NAME, "table 2 (主动公开)", self.warnings)
        return self.grid
