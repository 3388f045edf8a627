"""One cell to one contract value, with the warning that says why it is ``null``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from extractor.contract import Warning
from extractor.layout import BBox, Cell, SourcePosition
from extractor.numbers import parse_cell
from extractor.warning_codes import WarningCode


@dataclass(frozen=True)
class Found:
    """A value placed in a contract field, with where it was printed (the provenance)."""

    value: int | float | None
    raw: str
    page: int | None
    bbox: BBox | None
    source: SourcePosition | None = None
    # The layout cell it was read from: not part of the output (the review page uses it to
    # find a number's row in an original that has no page geometry, a Word or text file).
    cell: Cell | None = field(default=None, compare=False, repr=False)


Grid = dict[str, dict[str, Found | None]]


class Warnings(list[Warning]):
    """The mapping's warnings in the order they arose, shared by every placer."""

    def add(self, code: WarningCode, message: str, **where: object) -> None:
        self.append(Warning(code=code, message=message, where=where))


def fill_missing(
    grid: Grid, spec: Mapping[str, Sequence[str]], table: str, title: str, warnings: Warnings, *, check_table: bool = True
) -> None:
    """Every row of ``spec`` in ``grid``, all ``None`` where not printed. A wholly missing table
    gets one ``table_missing`` warning (when ``check_table``); otherwise each absent row gets its
    own ``row_missing``, so a missing table is not also reported row by row."""
    table_found = bool(grid)
    if check_table and not table_found:
        warnings.add(WarningCode.TABLE_MISSING, f"{title} not found; all null", table=table)
    for key, cols in spec.items():
        if key not in grid:
            if table_found:
                warnings.add(WarningCode.ROW_MISSING, f"{table}.{key} not found; null", row=key)
            grid[key] = dict.fromkeys(cols)


def read_value(cell: Cell, path: str, warnings: Warnings) -> Found:
    """The number in ``cell`` for the field ``path``; blank, placeholder, text, a number
    past any plausible count and a note after the number each add a warning."""
    parsed = parse_cell(cell.text)
    if parsed is None:
        warnings.add(WarningCode.UNREADABLE_VALUE, f"{path}: {cell.text!r} is not a number", field=path)
        return Found(None, cell.text, cell.page, cell.bbox, cell.source, cell)
    if parsed.out_of_range:
        warnings.add(WarningCode.NUMBER_OUT_OF_RANGE, f"{path}: {cell.text[:40]!r} is beyond any plausible count; null",
                     field=path)
    elif parsed.value is None:
        what = "a placeholder" if parsed.placeholder else "blank"
        warnings.add(WarningCode.BLANK_VALUE, f"{path}: cell is {what}; null", field=path)
    elif parsed.note:
        warnings.add(WarningCode.NOTE_IN_CELL, f"{path}: note {parsed.note!r} after the number ignored", field=path)
    return Found(parsed.value, cell.text, cell.page, cell.bbox, cell.source, cell)
