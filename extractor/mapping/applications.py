"""Table 3 (依申请公开): rows placed under the applicant columns their header names.

A real grid is placed by position. A text copy's positions are only hints: there the
printed sequence is trusted when its length matches the header, and positions only when
every named position holds a number or a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.contract import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
)
from extractor.layout import Cell, Table, read_by_ocr
from extractor.mapping import template
from extractor.mapping.boundaries import ColumnExtent, header_extents, say_if_near_boundary
from extractor.mapping.rows import RowView, cell_at, holds_values
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
    say_if_digits_unreadable,
    say_if_label_holds_numbers,
    say_unmatched,
    split_spanning,
)
from extractor.numbers import has_number, is_number_stack
from extractor.warning_codes import WarningCode

NAME = "applications"


@dataclass
class Columns:
    """Where table 3's columns are: by grid position and in printed order."""

    by_col: dict[int, str] = field(default_factory=dict)
    n_cols: int = 0
    # Where the header cells naming one column each lie across the page (scans: a value near a
    # column boundary is said, ``boundaries``).
    extents: list[ColumnExtent] = field(default_factory=list)

    @property
    def order(self) -> list[str]:
        keys = set(self.by_col.values())
        return [k for k in APPLICANT_COLUMNS if k in keys]


Placement = tuple[dict[str, Cell], list[str]]


class ApplicationsPlacer:
    def __init__(self, version: str, warnings: Warnings) -> None:
        self.version = version
        self.warnings = warnings
        self.grid: Grid = {}
        self.columns = Columns()  # of the latest table that printed a header
        self.table_columns = Columns()  # of the table being walked
        self.hints = False
        # Under （六）其他处理, where a bare "其他" is the row other_other.
        self.in_other_group = False
        # (row, column) placed rows printed no value for; said in ``fill`` unless the column
        # is missing from the whole table (one ``column_missing`` then says it for every row).
        self.unprinted: list[tuple[str, str]] = []
        self.contested: set[str] = set()  # rows a second scanned row was labelled as (said once)
        # (row, column) nulled because one cell spanned several columns (said when found).
        self.merged: list[tuple[str, str]] = []
        # The columns a table printed without cell separators named in its header: each of
        # their nulls is said where it arose (``cells_ambiguous``), not as a missing column.
        self.flattened_columns: tuple[str, ...] = ()
        # The last row placed in table 3, and the scanned rows with numbers after it whose
        # label named no template row (``hold``).
        self.last_row: str | None = None
        self.held: list[RowView] = []

    # --- walking ----------------------------------------------------------------------

    def start_table(self, table: Table, hints: bool) -> None:
        # ``n_cols`` is counted once per table: recounting it per row made a 2,000-row
        # table quadratic.
        self.table_columns = Columns(n_cols=table.n_cols)
        self.hints = hints

    def end_table(self) -> None:
        if self.table_columns.by_col:
            self.columns = self.table_columns

    def header(self, view: RowView) -> None:
        named: list[tuple[Cell, str]] = []
        for cell in view.cells:
            key = template.applicant_column(cell.text)
            if key is not None:
                named.append((cell, key))
                for col in range(cell.col, cell.last_col + 1):
                    self.table_columns.by_col[col] = key
            else:
                # One cell over several columns naming them: the header's inner rules lost.
                for offset, name in enumerate(template.applicant_columns_under(cell.text, cell.colspan)):
                    self.table_columns.by_col[cell.col + offset] = name
        if (unread := _unread_total(view, named, self.table_columns)) is not None:
            named.append((unread, "total"))
            for col in range(unread.col, unread.last_col + 1):
                self.table_columns.by_col[col] = "total"
        if (between := _unread_between(view, self.table_columns)) is not None:
            cell, key = between
            named.append(between)
            for col in range(cell.col, cell.last_col + 1):
                self.table_columns.by_col[col] = key
        if named and not self.hints:
            known = {e.key: e for e in self.table_columns.extents}
            known.update({e.key: e for e in header_extents(named)})
            self.table_columns.extents = sorted(known.values(), key=lambda e: e.x0)

    def hold(self, view: RowView) -> bool:
        """A scanned row with numbers whose label names no template row ("二、上年申请数量
        结转政府信息公开": a wrapped label read out of order; "5.属于三类": its tail lost under a
        seal), after a row of table 3: kept until the next row placed shows where it stands
        (``_place_held``). False outside table 3: unmatched at once."""
        if self.last_row is None:
            return False
        self.held.append(view)
        return True

    def release(self) -> None:
        """Table 3 ended (another table's row or header, or the document's end): the rows held
        are unmatched, each said."""
        for view in self.held:
            say_unmatched(view, self.warnings)
        self.held = []
        self.last_row = None

    def row(self, key: str, view: RowView) -> None:
        if self.held:
            self._place_held(key)
        self.last_row = key
        if key in self.grid:
            self.warnings.add(WarningCode.DUPLICATE_ROW, f"second row for {key} ignored", row=key)
            say_contested_row(f"{NAME}.{key}", self.grid[key], view.value_cells, self.warnings, self.contested)
            return
        self.in_other_group = key in template.OTHER_GROUP_ROWS
        placement = self._place(key, view, self._columns_for())
        if placement is None:
            self.warnings.add(
                WarningCode.ROW_UNPLACED,
                f"{key}: {len(view.printed)} values cannot be placed in the columns; all null",
                row=key, label=view.label, raw=[c.text for c in view.value_cells],
            )
            self.grid[key] = dict.fromkeys(APPLICANT_COLUMNS)
            return
        placed, unmapped = placement
        placed = self._split_merged(key, placed)
        if unmapped:
            self.warnings.add(WarningCode.COLUMN_UNMAPPED, f"{key}: values in unnamed columns ignored: {unmapped}",
                       row=key, label=view.label)
        self.grid[key] = {
            col: read_value(placed[col], f"{NAME}.{key}.{col}", self.warnings) if col in placed else None
            for col in APPLICANT_COLUMNS
        }
        say_if_beside_several(f"{NAME}.{key}", self.grid[key], view.value_cells, self.warnings)
        say_if_label_holds_numbers(f"{NAME}.{key}", self.grid[key], view.label_cells, self.warnings)
        say_if_digits_unreadable(f"{NAME}.{key}", self.grid[key], list(placed.values()), self.warnings)
        if unmapped and read_by_ocr(view.value_cells):
            # A scanned row printing a number where the header names no column: the header's
            # names stand over the wrong columns (a tilted 100 dpi photo: 8 of 科研机构 placed
            # under 商业企业, its 4 ignored), so every number placed beside it is in doubt.
            say_each_number(f"{NAME}.{key}", self.grid[key], f"in a row with numbers under no named column "
                            f"({', '.join(map(repr, unmapped))}): the header's names may stand over the wrong "
                            "columns", self.warnings)
        extents = self._columns_for().extents
        for col, cell in placed.items():
            if (key, col) not in self.merged and cell.colspan == 1:
                say_if_near_boundary(cell, f"{NAME}.{key}.{col}", col, extents, set(APPLICANT_COLUMNS), self.warnings)
        self.unprinted.extend((key, col) for col in APPLICANT_COLUMNS
                              if col not in placed and (key, col) not in self.merged)

    def _place_held(self, following: str) -> None:
        """The rows held between the last row placed and ``following`` are the template rows
        between those two that are still missing, in order, when there are exactly as many
        (in either of （六）'s forms); each is said (``label_fuzzy``), and the 勾稽 checks test
        the numbers so placed. Any other count: each unmatched."""
        held, self.held = self.held, []
        before = self.last_row
        between = _rows_between(before, following, set(self.grid)) if before is not None else []
        fitting = {rows for rows in between if len(rows) == len(held)}
        if len(fitting) != 1:
            for view in held:
                say_unmatched(view, self.warnings)
            return
        for view, key in zip(held, fitting.pop(), strict=True):
            self.warnings.add(WarningCode.LABEL_FUZZY,
                              f"row label {view.label!r} names no template row; placed as {key} by its position "
                              f"between {before} and {following}", row=key)
            self.row(key, view)
            # A label OCR could not read is a row whose scan went wrong there: its numbers may
            # have moved a column too ("(七" for （七）总计, its numbers one column right, a
            # blank 其他 taking 总计's 0). Each keeps its value and is said.
            say_each_number(f"{NAME}.{key}", self.grid[key], f"in a row placed by its position (its label "
                            f"{view.label!r} unread): its numbers may have moved a column", self.warnings)

    def adopt(self, rows: Grid, columns: tuple[str, ...]) -> None:
        """Rows read from a table printed without cell separators (``mapping.flattened``)."""
        self.grid.update(rows)
        self.flattened_columns = columns

    # --- placing ----------------------------------------------------------------------

    def _split_merged(self, key: str, placed: dict[str, Cell]) -> dict[str, Cell]:
        """A value cell placed under several columns, or spanning rows, is not a value for
        each (``values.split_spanning``); the fields it leaves null are kept in ``merged``."""
        columns_of: dict[int, list[str]] = {}
        for col, cell in placed.items():
            columns_of.setdefault(id(cell), []).append(col)
        out = dict(placed)

        # Cells over several rows first, then those over several columns: the warnings' order.
        for cols in sorted(columns_of.values(), key=lambda cols: not _over_rows(placed[cols[0]])):
            cell = placed[cols[0]]
            if len(cols) < 2 and not _over_rows(cell):
                continue
            parts = split_spanning(cell, [f"{NAME}.{key}.{c}" for c in cols], self.warnings, _over_rows(cell))
            for col, part in zip(cols, parts, strict=True):
                if part is None:
                    del out[col]
                    self.merged.append((key, col))
                else:
                    out[col] = part
        return out

    def _columns_for(self) -> Columns:
        if self.table_columns.by_col:
            return self.table_columns
        # A continuation without its own header: the previous table's columns, when the
        # grid has the same width (a repeated layout on the next page).
        if self.columns.by_col and (self.hints or self.columns.n_cols == self.table_columns.n_cols):
            return self.columns
        return Columns(n_cols=self.table_columns.n_cols)

    def _place(self, key: str, view: RowView, cols: Columns) -> Placement | None:
        """Cells for each applicant column, and the text of numbers in unnamed columns."""
        positional = _positional(view, cols) if cols.by_col else None
        sequence = view.printed
        filled = [c for c in sequence if c.text.strip()]
        if positional is not None and positional[1] and not self.hints and len(cols.order) < len(APPLICANT_COLUMNS) \
                and len(filled) == len(APPLICANT_COLUMNS) and all(has_number(c.text) for c in filled):
            # Numbers under columns the header does not name, and seven numbers in all: the
            # header was misread (a scan), not a column added; the national layout, by order,
            # said. (A speck read as text among them would shift every value after it.)
            self.warnings.add(WarningCode.COLUMN_UNMAPPED,
                              f"{key}: the header names {len(cols.order)} of the 7 columns, the row prints "
                              "7 numbers: taken in the template's order", row=key, label=view.label)
            return dict(zip(APPLICANT_COLUMNS, filled, strict=True)), []
        if positional is not None and not self.hints:
            return positional
        order = cols.order
        if not order and self.columns.by_col:
            # A part without a header whose grid is not the part before's (a rules-only part's
            # columns are found from its own text: a column blank on that page vanishes): the
            # columns the last header named, in order, when the row prints one cell for each.
            order = self.columns.order
        if order and len(sequence) == len(order):
            return dict(zip(order, sequence, strict=True)), []
        if len(sequence) == len(APPLICANT_COLUMNS):
            # The full national layout, whatever the (partial or lost) header said.
            return dict(zip(APPLICANT_COLUMNS, sequence, strict=True)), []
        return positional

    # --- gaps -------------------------------------------------------------------------

    def fill(self) -> Grid:
        """The template's rows in order, with the （六） form the report printed."""
        self.release()
        split = any(k in self.grid for k in OTHER_ROWS_SPLIT)
        single = OTHER_ROW_SINGLE in self.grid
        if split and single:
            self.warnings.add(WarningCode.DUPLICATE_ROW, "both （六） forms printed; the single row is dropped")
            del self.grid[OTHER_ROW_SINGLE]
        if not split and not single:
            # Not printed at all (truncated table, or a label no one could read): the form the
            # template uses. The other form's rows are named too: the report may have printed
            # them, and their absence from the output is then said, not silent.
            split = self.version == "2021"
            for other in ([OTHER_ROW_SINGLE] if split else list(OTHER_ROWS_SPLIT)) if self.grid else []:
                self.warnings.add(WarningCode.ROW_MISSING,
                                  f"{NAME}.{other}: （六）其他处理 found in neither of its forms; given in the "
                                  f"{self.version} template's form, without this row", row=other, table=NAME)
        wanted = [k for k in APPLICATION_ROWS if _wanted(k, split)]
        if not self.grid:
            self.warnings.add(WarningCode.TABLE_MISSING, "table 3 (依申请公开) not found; all null", table=NAME)
        present = {c for row in self.grid.values() for c, v in row.items() if v is not None}
        for col in APPLICANT_COLUMNS:
            if self.grid and col not in present and col not in self.flattened_columns:
                self.warnings.add(WarningCode.COLUMN_MISSING, f"{NAME} column {col} not printed; null in every row", column=col)
        for key, col in self.unprinted:
            if col in present:
                not_printed(f"{NAME}.{key}.{col}", self.warnings)
        self._say_if_total_never_given()
        # Table 3's missing-table warning goes before its column warnings, so it is given above.
        fill_missing(self.grid, dict.fromkeys(wanted, APPLICANT_COLUMNS), NAME, "", self.warnings, check_table=False)
        return {k: self.grid[k] for k in wanted}


    def _say_if_total_never_given(self) -> None:
        """总计 blank in every row that gives numbers: no report prints a table so, but a scan
        whose report left a column out (其他, most often) and whose header could not be read
        shows it: its columns were read by position, the 总计 numbers under the column before,
        and with 总计 blank no check can fire. Every value of the table is then in doubt."""
        with_numbers = [row for row in self.grid.values()
                        if any(_number(row.get(col)) for col in APPLICANT_COLUMNS if col != "total")]
        if len(with_numbers) < MIN_ROWS_FOR_DOUBT or any(_number(row.get("total")) for row in self.grid.values()):
            return
        self.warnings.add(WarningCode.COLUMNS_DOUBTFUL,
                          f"{NAME}: 总计 is blank in all {len(with_numbers)} rows that give numbers: the columns may "
                          "be shifted by one the report left out; check every value against the document", table=NAME)


def _unread_total(view: RowView, named: list[tuple[Cell, str]], columns: Columns) -> Cell | None:
    """A blank header cell standing where the template prints 总计: the row's last cell, right
    of every named column, over the same header rows as 自然人 (the top level, beside the
    法人或其他组织 group). A scan may leave it unread (a red seal stamped over "总计" in a
    colour development scan: 23 totals ignored as an unnamed column). A guess the checks
    test: each row's 总计 must be the sum of the row (``applications.row_totals``)."""
    person = next((cell for cell, key in named if key == "natural_person"), None)
    if person is None or "total" in columns.by_col.values() or not view.cells:
        return None
    last = max(view.cells, key=lambda c: c.col)
    if last.text.strip() or last.ocr is None or any(cell.last_col >= last.col for cell, _ in named):
        return None
    return last if (last.row, last.rowspan) == (person.row, person.rowspan) else None


def _unread_between(view: RowView, columns: Columns) -> tuple[Cell, str] | None:
    """A scanned header cell naming no column, right between the grid columns of two named
    ones one column apart in the template's order: the column between them (a seal over
    社会公益组织's first lines left "组织": seven rows' values ignored as an unnamed column).
    A guess the checks test, as ``_unread_total``'s: each row's 总计 is the sum of the row."""
    named = set(columns.by_col.values())
    for cell in view.cells:
        if cell.ocr is None or any(col in columns.by_col for col in range(cell.col, cell.last_col + 1)):
            continue
        left, right = columns.by_col.get(cell.col - 1), columns.by_col.get(cell.last_col + 1)
        if left is None or right is None:
            continue
        i, j = APPLICANT_COLUMNS.index(left), APPLICANT_COLUMNS.index(right)
        if j == i + 2 and APPLICANT_COLUMNS[i + 1] not in named:
            return cell, APPLICANT_COLUMNS[i + 1]
    return None


# Rows with numbers (and 总计 blank in each) before a table's columns are doubted: one or two
# rows may leave 总计 blank by the report's own choice.
MIN_ROWS_FOR_DOUBT = 3


def _number(found: Found | None) -> bool:
    return found is not None and found.value is not None


def _rows_between(before: str, after: str, placed: set[str]) -> list[tuple[str, ...]]:
    """The template rows strictly between ``before`` and ``after`` not yet placed, in each
    of （六）'s two forms; none when ``after`` does not follow ``before``."""
    i, j = APPLICATION_ROWS.index(before), APPLICATION_ROWS.index(after)
    inner = [k for k in APPLICATION_ROWS[i + 1 : j] if k not in placed]
    return [tuple(k for k in inner if _wanted(k, split)) for split in (True, False)]


def _wanted(key: str, split: bool) -> bool:
    if key in OTHER_ROWS_SPLIT:
        return split
    if key == OTHER_ROW_SINGLE:
        return not split
    return True


def _over_rows(cell: Cell) -> bool:
    """A value cell over several rows holding digits: the numbers of rows whose rule the scan
    lost, stacked ("5" over "0", a speck between read "5 - 0"); null in each row it spans."""
    return cell.rowspan > 1 and (has_number(cell.text) or is_number_stack(cell.text))


def _shared(placed: dict[str, Cell]) -> bool:
    """One cell placed under several columns: a merge in the source (blank: a row whose value
    cells were merged into one empty cell, null with ``merged_cell`` in each column)."""
    return len({id(c) for c in placed.values()}) < len(placed)


def _positional(view: RowView, cols: Columns) -> Placement | None:
    placed: dict[str, Cell] = {}
    for col, key in sorted(cols.by_col.items()):
        cell = cell_at(view, col)
        if cell is None or key in placed:
            continue
        if cell in view.label_cells or not holds_values(cell):
            return None
        placed[key] = cell
    if not any(has_number(c.text) for c in placed.values()) and not _shared(placed):
        return None
    named = {id(c) for c in placed.values()}
    unmapped = [c.text for c in view.value_cells if id(c) not in named and has_number(c.text)]
    return placed, unmapped
