"""Table 2 (主动公开): rows placed by the nearest header that names columns."""

from __future__ import annotations

from extractor.contract import PROACTIVE_BY_TEMPLATE
from extractor.mapping import template
from extractor.mapping.rows import RowView
from extractor.mapping.values import Found, Grid, Warnings, fill_missing, not_printed, read_value
from extractor.warning_codes import WarningCode

NAME = "proactive_disclosure"


class ProactivePlacer:
    def __init__(self, version: str, warnings: Warnings) -> None:
        self.version = version
        self.spec = PROACTIVE_BY_TEMPLATE[version]
        self.warnings = warnings
        self.columns: list[str] | None = None  # named by the latest header row
        self.grid: Grid = {}

    def header(self, view: RowView) -> None:
        cols = [template.proactive_column(c.text, self.version) for c in view.cells]
        self.columns = [c for c in cols if c is not None]

    def row(self, item: str, view: RowView) -> None:
        if item not in self.spec:
            self.warnings.add(WarningCode.ROW_OUTSIDE_TEMPLATE, f"row {view.label!r} is not in the {self.version} template")
            return
        if item in self.grid:
            self.warnings.add(WarningCode.DUPLICATE_ROW, f"second row for {item} ignored", row=item)
            return
        allowed = self.spec[item]
        # A header naming other columns (a sub-table's) does not apply: the template's order.
        cols = self.columns if self.columns and set(self.columns) <= set(allowed) else allowed
        cells = view.printed
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

    def fill(self) -> Grid:
        """Every row of the template, ``None`` where not printed (with a warning)."""
        fill_missing(self.grid, self.spec, NAME, "table 2 (主动公开)", self.warnings)
        return self.grid
