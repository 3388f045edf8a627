"""Table 4 (复议诉讼): fifteen numbers under a header, in one row or in three parts."""

from __future__ import annotations

from extractor.contract import REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.mapping.rows import RowView
from extractor.mapping.values import Grid, Warnings, fill_missing, read_value
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
        remaining = [b for b in REVIEW_BLOCKS if b not in self.grid]
        if len(cells) == width * len(REVIEW_BLOCKS) and not self.grid:
            blocks = list(REVIEW_BLOCKS)
        elif len(cells) == width and remaining:
            # One block per printed table (some reports print three small tables): the
            # national order is review, direct suits, suits after review.
            blocks = remaining[:1]
            self.warnings.add(WarningCode.REVIEW_BLOCK_BY_ORDER, f"table 4 printed in parts; 5 numbers taken as {blocks[0]}")
        else:
            if not self.grid:
                self.warnings.add(
                    WarningCode.ROW_UNPLACED,
                    f"table 4 has {len(cells)} values for {width * len(REVIEW_BLOCKS)} columns; all null",
                    raw=[c.text for c in cells],
                )
            return
        it = iter(cells)
        for block in blocks:
            self.grid[block] = {col: read_value(next(it), f"{NAME}.{block}.{col}", self.warnings) for col in REVIEW_COLUMNS}
        self.expecting = len(self.grid) < len(REVIEW_BLOCKS)

    def fill(self) -> Grid:
        fill_missing(self.grid, dict.fromkeys(REVIEW_BLOCKS, REVIEW_COLUMNS), NAME, "table 4 (复议诉讼)", self.warnings)
        return {b: self.grid[b] for b in REVIEW_BLOCKS}
