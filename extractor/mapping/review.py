"""Table 4 (复议诉讼): fifteen numbers under a header, in one row or in three parts."""

from __future__ import annotations

from extractor.contract import REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.layout import Cell, read_by_ocr
from extractor.mapping import template
from extractor.mapping.rows import RowView
from extractor.mapping.values import Found, Grid, Warnings, fill_missing, read_value, split_spanning
from extractor.numbers import is_number_stack
from extractor.warning_codes import WarningCode

NAME = "review_litigation"


class ReviewPlacer:
    def __init__(self, warnings: Warnings) -> None:
        self.warnings = warnings
        self.grid: Grid = {}
        # A header was seen and not all blocks are filled: unlabelled numbers are ours.
        self.expecting = False
        # Each field's grid columns (first, last): those its name spans, where this table's
        # header names all fifteen columns in the template's order and the grid is the
        # source's own (not hints).
        self.columns: dict[str, tuple[int, int]] = {}
        self.hints = False

    def start_table(self, hints: bool) -> None:
        self.columns = {}
        self.hints = hints

    def header(self, view: RowView | None = None) -> None:
        self.expecting = True
        if view is not None and not self.hints:
            self.columns = _named_columns(view) or self.columns

    def row(self, view: RowView) -> None:
        if self.columns and not self.grid and self._by_position(view):
            return
        cells = view.printed
        width = len(REVIEW_COLUMNS)
        # One cell a value as a rule (cells may span grid columns that only the layout has).
        # Short of values, counted in grid columns: a cell merged over several value columns
        # (a Word gridSpan, an HTML colspan) holds the places of all of them, not one.
        spans = [1] * len(cells)
        if len(cells) not in (width, width * len(REVIEW_BLOCKS)):
            spans = [c.colspan for c in cells]
            if sum(spans) != width * len(REVIEW_BLOCKS):
                spans = _stacked_spans(cells, width * len(REVIEW_BLOCKS)) or spans
        n = sum(spans)
        remaining = [b for b in REVIEW_BLOCKS if b not in self.grid]
        if n == width * len(REVIEW_BLOCKS) and not self.grid:
            blocks = list(REVIEW_BLOCKS)
        elif n == width and remaining:
            # One block per printed table (some reports print three small tables): the
            # national order is review, direct suits, suits after review.
            blocks = remaining[:1]
            self.warnings.add(WarningCode.REVIEW_BLOCK_BY_ORDER, f"table 4 printed in parts; 5 numbers taken as {blocks[0]}")
        else:
            if not self.grid:
                self.warnings.add(
                    WarningCode.ROW_UNPLACED,
                    f"table 4 has {n} values for {width * len(REVIEW_BLOCKS)} columns; all null",
                    raw=[c.text for c in cells],
                )
            return
        paths = [f"{NAME}.{block}.{col}" for block in blocks for col in REVIEW_COLUMNS]
        found = self._values(cells, spans, paths)
        if read_by_ocr(cells) and (spans != [1] * len(cells) or _off_grid(cells)):
            self._say_scan_grid(cells, paths, found)
        values = iter(found)
        for block in blocks:
            self.grid[block] = {col: next(values) for col in REVIEW_COLUMNS}
        self.expecting = len(self.grid) < len(REVIEW_BLOCKS)

    def _say_scan_grid(self, cells: list[Cell], paths: list[str], found: list[Found | None]) -> None:
        """A scanned row of other than 5 or 15 cells placed by the columns its cells span: a
        scan's grid, found from rules and gaps, need not have the template's columns (a lost
        blank column and a cell over two make the count come right by chance: 10 under 尚未审结
        where the report printed it under 总计). Each value is kept and said."""
        for path, value in zip(paths, found, strict=True):
            if value is not None and value.value is not None:
                self.warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                                  f"{path}: table 4's scanned row has {len(cells)} cells over {len(paths)} columns; "
                                  f"{value.raw!r} placed by the scan's column grid, which may not be the template's; "
                                  "check the scan", field=path, page=value.page)

    def _by_position(self, view: RowView) -> bool:
        """The row placed under the header's fifteen columns by grid position: a cell merged
        over several columns gives each of them its own number or null (``split_spanning``),
        whatever the count of cells (a run merged over eleven of fifteen leaves five cells,
        which read by order as one block put the run's numbers under the wrong columns).
        A name over several grid columns takes the one cell under it that prints something
        (a seal's ring crossing the number row of a grey scan drew two short rules there, so
        the row had 17 cells under 15 names). False, placing nothing, unless every column
        has one cell over it that can be its own and no number lies outside them."""
        owner: dict[str, Cell] = {}
        for path, (first, last) in self.columns.items():
            under = [cell for cell in view.printed if cell.col <= last and cell.last_col >= first]
            inked = [cell for cell in under if cell.text.strip()]
            if not under or len(under) > 1 and (
                    len(inked) > 1 or any(cell.col < first or cell.last_col > last for cell in under)):
                return False  # two numbers under one name, or a cell across its edge: no place is sure
            owner[path] = (inked or under)[0]
        owned = {id(cell) for cell in owner.values()}
        if any(cell.text.strip() and id(cell) not in owned for cell in view.printed):
            return False
        groups: list[tuple[Cell, list[str]]] = []
        for path in (f"{NAME}.{b}.{c}" for b in REVIEW_BLOCKS for c in REVIEW_COLUMNS):
            if groups and groups[-1][0] is owner[path]:
                groups[-1][1].append(path)
            else:
                groups.append((owner[path], [path]))
        paths = [path for _, own in groups for path in own]
        values = dict(zip(paths, self._values([c for c, _ in groups], [len(own) for _, own in groups], paths),
                          strict=True))
        for block in REVIEW_BLOCKS:
            self.grid[block] = {col: values[f"{NAME}.{block}.{col}"] for col in REVIEW_COLUMNS}
        self.expecting = False
        return True

    def _values(self, cells: list[Cell], spans: list[int], paths: list[str]) -> list[Found | None]:
        """One value per path, in order; a cell spanning columns is never copied into each
        (``values.split_spanning``)."""
        out: list[Found | None] = []
        for cell, span in zip(cells, spans, strict=True):
            own = paths[len(out) : len(out) + span]
            if span == 1:
                out.append(read_value(cell, own[0], self.warnings))
                continue
            for path, part in zip(own, split_spanning(cell, own, self.warnings, over_rows=False), strict=True):
                out.append(None if part is None else read_value(part, path, self.warnings))
        return out

    def fill(self) -> Grid:
        fill_missing(self.grid, dict.fromkeys(REVIEW_BLOCKS, REVIEW_COLUMNS), NAME, "table 4 (复议诉讼)", self.warnings)
        return {b: self.grid[b] for b in REVIEW_BLOCKS}


def _stacked_spans(cells: list[Cell], wanted: int) -> list[int] | None:
    """Per cell, how many of the row's numbers it holds, when a scanned row of no blank cell
    holds exactly ``wanted`` numbers only because some cells hold two or more: the grid lost
    the gap between two columns (a page turned and tilted 2.9°: "结果维持" and "结果纠正" of
    复议后起诉 read as one column, "25 9" in one cell), and the numbers, read in order, are the
    fifteen. Else None. (Each value is then said: ``_say_scan_grid``.)"""
    if not cells or any(c.ocr is None or not c.text.strip() for c in cells):
        return None
    counts = [len(c.text.split()) if is_number_stack(c.text) else 1 for c in cells]
    return counts if sum(counts) == wanted and max(counts) > 1 else None


def _off_grid(cells: list[Cell]) -> bool:
    """The row's cells do not sit one to a grid column: a cell over two columns or columns
    left uncovered between cells. A scan's grid then has columns the template has not (17
    from garbled header words), and fifteen cells in order need not be its fifteen columns
    (a binarized development scan: 19 read under 其他结果 for 尚未审结, no check to say so)."""
    if any(c.colspan != 1 for c in cells):
        return True
    # A cell holding two numbers in a row of as many cells as columns: more numbers than
    # columns, so the grid is not the printed one (a sliver column at the table's side moved
    # each number one column right, the last two into one cell; the first, blank, and the
    # cell of two, null, skipped the block's check: a development photo, 6 values SILENT).
    if any(is_number_stack(c.text) for c in cells):
        return True
    return any(b.col != a.last_col + 1 for a, b in zip(cells, cells[1:], strict=False))


def _named_columns(view: RowView) -> dict[str, tuple[int, int]]:
    """Field → the first and last grid columns its name spans, from a header row naming the
    five columns three times in order (the review block's cells reaching down from the row
    above count too); else empty."""
    named = [(cell, key) for cell in view.cells if (key := _column_named(cell)) is not None]
    if [key for _, key in named] != list(REVIEW_COLUMNS) * len(REVIEW_BLOCKS):
        return {}
    paths = [f"{NAME}.{b}.{c}" for b in REVIEW_BLOCKS for c in REVIEW_COLUMNS]
    return {path: (cell.col, cell.last_col) for (cell, _), path in zip(named, paths, strict=True)}


def _column_named(cell: Cell) -> str | None:
    """The column a header cell names; on a scan also with one character misread (the fifteen
    names in the template's order are the check)."""
    key = template.review_column(cell.text)
    if key is None and cell.ocr is not None:
        key = template.review_column_misread(cell.text)
    return key
