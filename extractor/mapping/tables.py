"""Map layout tables to the contract's three tables.

Works row by row over every table of the document in reading order, so a table split over
pages, two tables printed as one, or a table that lost its head are all handled the same
way: a row is recognised by its label, its numbers are placed by the nearest header that
names columns, and anything that cannot be placed is ``None`` with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.contract import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    PROACTIVE_BY_TEMPLATE,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    Warning,
)
from extractor.layout import Cell, Table
from extractor.mapping import labels
from extractor.mapping.rows import RowView, cell_at, row_views
from extractor.numbers import has_number, is_value_cell, parse_cell
from extractor.text import squash
from extractor.warning_codes import WarningCode


@dataclass
class Found:
    value: int | float | None
    raw: str
    page: int | None
    bbox: tuple[float, float, float, float] | None


Grid = dict[str, dict[str, Found | None]]


@dataclass
class MappedTables:
    template: str
    proactive: Grid
    applications: Grid
    review: Grid
    warnings: list[Warning]


@dataclass
class _AppColumns:
    """Where table 3's columns are: by grid position and in printed order."""

    by_col: dict[int, str] = field(default_factory=dict)
    n_cols: int = 0

    @property
    def order(self) -> list[str]:
        keys = set(self.by_col.values())
        return [k for k in APPLICANT_COLUMNS if k in keys]


class _Mapper:
    def __init__(self, tables: list[Table]) -> None:
        self.tables = tables
        self.warnings: list[Warning] = []
        self.template = self._detect_template()
        self.proactive: dict[str, dict[str, Found | None]] = {}
        self.applications: dict[str, dict[str, Found | None]] = {}
        self.review: dict[str, dict[str, Found | None]] = {}
        self.proactive_cols: list[str] | None = None
        self.app_cols = _AppColumns()
        self.in_other_group = False
        self.review_header_seen = False

    # --- template ---------------------------------------------------------------------

    def _detect_template(self) -> str:
        v2019 = v2021 = 0
        for table in self.tables:
            for cell in table.cells:
                a, b = labels.template_votes(cell.text)
                v2019 += a
                v2021 += b
        if v2019 == v2021 == 0:
            self.warnings.append(
                Warning(code=WarningCode.TEMPLATE_ASSUMED, message="table 2 headers not found; the 2021 template is assumed")
            )
            return "2021"
        return "2019" if v2019 > v2021 else "2021"

    # --- walking rows -----------------------------------------------------------------

    def run(self) -> MappedTables:
        for table in self.tables:
            table_cols = _AppColumns(n_cols=table.n_cols)
            for view in row_views(table):
                self._row(view, table_cols)
            if table_cols.by_col:
                self.app_cols = table_cols
        self._fill_missing()
        return MappedTables(self.template, self.proactive, self.applications, self.review, self.warnings)

    def _row(self, view: RowView, table_cols: _AppColumns) -> None:
        if not view.cells:
            return
        squashed = squash(view.text)
        if not view.has_numbers and (
            any(m in squashed for m in labels.REVIEW_MARKERS) or all(m in squashed for m in labels.REVIEW_COLUMN_MARKERS)
        ):
            self.review_header_seen = True
            return
        if self.review_header_seen and not view.label_cells and view.has_numbers:
            self._review_row(view)
            return
        if self._proactive_header(view):
            return
        if not view.has_numbers and self._applicant_header(view, table_cols):
            return
        if not view.value_cells or not view.label_cells:
            return
        self._data_row(view, table_cols)

    def _data_row(self, view: RowView, table_cols: _AppColumns) -> None:
        label = view.label
        in_other = self.in_other_group or "其他处理" in squash(label)
        key, fuzzy = labels.match_application_row(label, view.leaf, in_other)
        if key is not None and not fuzzy:
            self._application_row(key, view, table_cols)
            return
        item = labels.match_proactive_row(label)
        if item is not None:
            self._proactive_row(item, view)
            return
        if key is not None:
            self.warnings.append(
                Warning(code=WarningCode.LABEL_FUZZY, message=f"row label {label!r} matched approximately to {key}", where={"row": key})
            )
            self._application_row(key, view, table_cols)
        elif view.has_numbers:
            # Notes, subtotals, rows of another table: kept visible, never silently dropped.
            self.warnings.append(
                Warning(code=WarningCode.ROW_UNMATCHED, message=f"row {label!r} with numbers matches no template row; ignored", where={"label": label, "raw": [c.text for c in view.value_cells]})
            )

    # --- table 2 ----------------------------------------------------------------------

    def _proactive_header(self, view: RowView) -> bool:
        cols = [labels.proactive_column(c.text, self.template) for c in view.cells]
        found = [c for c in cols if c is not None]
        if not found or view.has_numbers:
            return False
        self.proactive_cols = found
        return True

    def _proactive_row(self, item: str, view: RowView) -> None:
        spec = PROACTIVE_BY_TEMPLATE[self.template]
        if item not in spec:
            self.warnings.append(
                Warning(code=WarningCode.ROW_OUTSIDE_TEMPLATE, message=f"row {view.label!r} is not in the {self.template} template")
            )
            return
        if item in self.proactive:
            self.warnings.append(Warning(code=WarningCode.DUPLICATE_ROW, message=f"second row for {item} ignored", where={"row": item}))
            return
        allowed = spec[item]
        cols = self.proactive_cols if self.proactive_cols and set(self.proactive_cols) <= set(allowed) else allowed
        cells = view.trimmed_values() if view.table.loose else view.value_cells
        placed: dict[str, Found | None] = {}
        for i, col in enumerate(cols):
            placed[col] = self._value(cells[i], f"proactive_disclosure.{item}.{col}") if i < len(cells) else None
        extra = [c.text for c in cells[len(cols) :] if c.text.strip()]
        if extra:
            self.warnings.append(
                Warning(code=WarningCode.EXTRA_VALUES, message=f"{item}: values {extra} beyond the template's columns ignored", where={"row": item})
            )
        self.proactive[item] = {c: placed.get(c) for c in allowed}

    # --- table 3 ----------------------------------------------------------------------

    def _applicant_header(self, view: RowView, table_cols: _AppColumns) -> bool:
        matched = False
        for cell in view.cells:
            key = labels.applicant_column(cell.text)
            if key is None:
                continue
            matched = True
            for col in range(cell.col, cell.last_col + 1):
                table_cols.by_col[col] = key
        return matched

    def _columns_for(self, view: RowView, table_cols: _AppColumns) -> _AppColumns:
        if table_cols.by_col:
            return table_cols
        # A continuation without its own header: the previous table's columns, when the
        # grid has the same width (a repeated layout on the next page).
        # (``table_cols.n_cols`` is the table's width, counted once per table: recounting it
        # per row made a 2,000-row table quadratic.)
        if self.app_cols.by_col and (view.table.loose or self.app_cols.n_cols == table_cols.n_cols):
            return self.app_cols
        return _AppColumns(n_cols=table_cols.n_cols)

    def _application_row(self, key: str, view: RowView, table_cols: _AppColumns) -> None:
        if key in self.applications:
            self.warnings.append(Warning(code=WarningCode.DUPLICATE_ROW, message=f"second row for {key} ignored", where={"row": key}))
            return
        self.in_other_group = key in ("other_overdue_correction", "other_overdue_fee")
        cols = self._columns_for(view, table_cols)
        placement = _place_applicant_values(view, cols)
        where = {"row": key, "label": view.label}
        if placement is None:
            self.warnings.append(
                Warning(code=WarningCode.ROW_UNPLACED, message=f"{key}: {len(view.trimmed_values())} values cannot be placed in the columns; all null", where={**where, "raw": [c.text for c in view.value_cells]})
            )
            self.applications[key] = dict.fromkeys(APPLICANT_COLUMNS)
            return
        placed, unmapped = placement
        if unmapped:
            self.warnings.append(
                Warning(code=WarningCode.COLUMN_UNMAPPED, message=f"{key}: values in unnamed columns ignored: {unmapped}", where=where)
            )
        row: dict[str, Found | None] = {}
        for col in APPLICANT_COLUMNS:
            cell = placed.get(col)
            row[col] = self._value(cell, f"applications.{key}.{col}") if cell is not None else None
        self.applications[key] = row

    # --- table 4 ----------------------------------------------------------------------

    def _review_row(self, view: RowView) -> None:
        cells = view.trimmed_values() if view.table.loose else view.value_cells
        width = len(REVIEW_COLUMNS)
        remaining = [b for b in REVIEW_BLOCKS if b not in self.review]
        if len(cells) == width * len(REVIEW_BLOCKS) and not self.review:
            blocks = list(REVIEW_BLOCKS)
        elif len(cells) == width and remaining:
            # One block per printed table (some reports print three small tables): the
            # national order is review, direct suits, suits after review.
            blocks = remaining[:1]
            self.warnings.append(
                Warning(code=WarningCode.REVIEW_BLOCK_BY_ORDER, message=f"table 4 printed in parts; 5 numbers taken as {blocks[0]}")
            )
        else:
            if not self.review:
                self.warnings.append(
                    Warning(code=WarningCode.ROW_UNPLACED, message=f"table 4 has {len(cells)} values for {width * len(REVIEW_BLOCKS)} columns; all null", where={"raw": [c.text for c in cells]})
                )
            return
        it = iter(cells)
        for block in blocks:
            self.review[block] = {
                col: self._value(next(it), f"review_litigation.{block}.{col}") for col in REVIEW_COLUMNS
            }
        self.review_header_seen = len(self.review) < len(REVIEW_BLOCKS)

    # --- values and gaps --------------------------------------------------------------

    def _value(self, cell: Cell, path: str) -> Found:
        parsed = parse_cell(cell.text)
        if parsed is None:
            self.warnings.append(Warning(code=WarningCode.UNREADABLE_VALUE, message=f"{path}: {cell.text!r} is not a number", where={"field": path}))
            return Found(None, cell.text, cell.page, cell.bbox)
        if parsed.out_of_range:
            self.warnings.append(
                Warning(code=WarningCode.NUMBER_OUT_OF_RANGE, message=f"{path}: {cell.text[:40]!r} is beyond any plausible count; null", where={"field": path})
            )
        elif parsed.value is None:
            what = "a placeholder" if parsed.placeholder else "blank"
            self.warnings.append(Warning(code=WarningCode.BLANK_VALUE, message=f"{path}: cell is {what}; null", where={"field": path}))
        elif parsed.note:
            self.warnings.append(
                Warning(code=WarningCode.NOTE_IN_CELL, message=f"{path}: note {parsed.note!r} after the number ignored", where={"field": path})
            )
        return Found(parsed.value, cell.text, cell.page, cell.bbox)

    def _fill_missing(self) -> None:
        spec = PROACTIVE_BY_TEMPLATE[self.template]
        if not self.proactive:
            self.warnings.append(Warning(code=WarningCode.TABLE_MISSING, message="table 2 (主动公开) not found; all null", where={"table": "proactive_disclosure"}))
        for item, cols in spec.items():
            if item not in self.proactive:
                if self.proactive:
                    self.warnings.append(
                        Warning(code=WarningCode.ROW_MISSING, message=f"proactive_disclosure.{item} not found; null", where={"row": item})
                    )
                self.proactive[item] = dict.fromkeys(cols)

        split = any(k in self.applications for k in OTHER_ROWS_SPLIT)
        single = OTHER_ROW_SINGLE in self.applications
        if split and single:
            self.warnings.append(Warning(code=WarningCode.DUPLICATE_ROW, message="both （六） forms printed; the single row is dropped"))
            del self.applications[OTHER_ROW_SINGLE]
        if not split and not single:
            # Not printed at all (truncated table): the form the template uses.
            split = self.template == "2021"
        wanted = [
            k
            for k in APPLICATION_ROWS
            if (k in OTHER_ROWS_SPLIT and split) or (k == OTHER_ROW_SINGLE and not split) or k not in (*OTHER_ROWS_SPLIT, OTHER_ROW_SINGLE)
        ]
        if not self.applications:
            self.warnings.append(Warning(code=WarningCode.TABLE_MISSING, message="table 3 (依申请公开) not found; all null", where={"table": "applications"}))
        present_cols = {c for row in self.applications.values() for c, v in row.items() if v is not None}
        for col in APPLICANT_COLUMNS:
            if self.applications and col not in present_cols:
                self.warnings.append(
                    Warning(code=WarningCode.COLUMN_MISSING, message=f"applications column {col} not printed; null in every row", where={"column": col})
                )
        for key in wanted:
            if key not in self.applications:
                if self.applications:
                    self.warnings.append(Warning(code=WarningCode.ROW_MISSING, message=f"applications.{key} not found; null", where={"row": key}))
                self.applications[key] = dict.fromkeys(APPLICANT_COLUMNS)
        self.applications = {k: self.applications[k] for k in wanted}

        if not self.review:
            self.warnings.append(Warning(code=WarningCode.TABLE_MISSING, message="table 4 (复议诉讼) not found; all null", where={"table": "review_litigation"}))
        for block in REVIEW_BLOCKS:
            if block not in self.review:
                if self.review:
                    self.warnings.append(Warning(code=WarningCode.ROW_MISSING, message=f"review_litigation.{block} not found; null", where={"row": block}))
                self.review[block] = dict.fromkeys(REVIEW_COLUMNS)
        self.review = {b: self.review[b] for b in REVIEW_BLOCKS}


def _place_applicant_values(view: RowView, cols: _AppColumns) -> tuple[dict[str, Cell], list[str]] | None:
    """Cells for each applicant column, and the text of numbers in unnamed columns.

    A real grid is placed by position. A text copy's positions are only hints: there the
    printed sequence is trusted when its length matches the header, and positions only
    when every named position holds a number or a blank.
    """
    positional = _positional(view, cols) if cols.by_col else None
    if positional is not None and not view.table.loose:
        return positional
    sequence = view.trimmed_values() if view.table.loose else view.value_cells
    order = cols.order
    if order and len(sequence) == len(order):
        return dict(zip(order, sequence, strict=True)), []
    if len(sequence) == len(APPLICANT_COLUMNS):
        # The full national layout, whatever the (partial or lost) header said.
        return dict(zip(APPLICANT_COLUMNS, sequence, strict=True)), []
    return positional


def _positional(view: RowView, cols: _AppColumns) -> tuple[dict[str, Cell], list[str]] | None:
    placed: dict[str, Cell] = {}
    for col, key in sorted(cols.by_col.items()):
        cell = cell_at(view, col)
        if cell is None or key in placed:
            continue
        if cell in view.label_cells or not is_value_cell(cell.text):
            return None
        placed[key] = cell
    if not any(has_number(c.text) for c in placed.values()):
        return None
    named = {id(c) for c in placed.values()}
    unmapped = [c.text for c in view.value_cells if id(c) not in named and has_number(c.text)]
    return placed, unmapped


def map_tables(tables: list[Table]) -> MappedTables:
    return _Mapper(tables).run()
