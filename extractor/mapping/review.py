"""Table 4 (复议诉讼): fifteen numbers under a header, in one row or in three parts."""

from __future__ import annotations

from extractor.contract import REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.layout import Cell
from extractor.mapping.rows import RowView
from extractor.mapping.values import Found, Grid, Warnings, fill_missing, read_value, split_spanning
from extractor.warning_codes import WarningCode

NAME = "review_litigation"


class ReviewPlacer:
    def __init__(self, warnings: Warnings) -> None:
        self.warnings = warnings
        self.grid: Grid = {}
        # A header was seen and not all blocks are filled: unlabelled numbers are ours.
        self.expecting = False

    def header(self) -> None:
        self.expecting = True

    def row(self, view: RowView) -> None:
        cells = view.printed
        width = len(REVIEW_COLUMNS)
        # One cell a value as a rule (cells may span grid columns that only the layout has).
        # Short of values, counted in grid columns: a cell merged over several value columns
        # (a Word gridSpan, an HTML colspan) holds the places of all of them, not one.
        spans = [1] * len(cells)
        if len(cells) not in (width, width * len(REVIEW_BLOCKS)):
            spans = [c.colspan for c in cells]
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
        values = iter(self._values(cells, spans, paths))
        for block in blocks:
            self.grid[block] = {col: next(values) for col in REVIEW_COLUMNS}
        self.expecting = len(self.grid) < len(REVIEW_BLOCKS)

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
