"""One cell to one contract value, with the warning that says why it is ``null``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from extractor.contract import AMOUNT_COLUMNS, Warning
from extractor.layout import BBox, Cell, SourcePosition, read_by_ocr
from extractor.mapping.rows import RowView
from extractor.numbers import is_number_stack, is_value_cell, numbers_apart, parse_cell
from extractor.text import nfkc
from extractor.warning_codes import WarningCode


@dataclass(frozen=True)
class Found:
    """A value placed in a contract field, with where it was printed (the provenance)."""

    value: int | float | None
    raw: str
    page: int | None
    bbox: BBox | None
    source: SourcePosition | None = None
    # For a value read from an image: the OCR reader's confidence (0-1).
    ocr_confidence: float | None = None
    # The layout cell it was read from: not part of the output (the review page uses it to
    # find a number's row in an original that has no page geometry, a Word or text file).
    cell: Cell | None = field(default=None, compare=False, repr=False)


Grid = dict[str, dict[str, Found | None]]

# A number read from an image this large is no count or amount a report gives (a city's
# traffic fines run to millions, a fee total in 万元 to hundreds of thousands): the numbers of
# two cells whose rule the scan lost have run together ("96200" and "86247" as 9620086247).
# Kept as printed, with a warning to check it.
OCR_IMPLAUSIBLE = 10**8
# An amount read by OCR as "91.875": the print may have been "91,875" (a thousands separator
# OCR took for a point: a development scan's 91875 came out 91.875 with nothing said). Amounts
# in 万元 are printed with two or four decimals far more often than with three, so three
# digits after a lone point are said, not changed.
_GROUP_AS_POINT = re.compile(r"-?\d{1,3}\.\d{3}")


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


def say_contested_row(prefix: str, placed: dict[str, Found | None], view_cells: list[Cell], warnings: Warnings,
                      said: set[str]) -> None:
    """A second scanned row labelled as the row ``prefix`` (``table.row``) already placed: one
    of the two labels is a misread (a binarized scan's garbled labels fuzzy-matched seven
    rows to 其他法律行政法规禁止公开), so the row kept, the first, may be another row's
    values. Each of its numbers keeps its value and is said, once. Only for scans: a text
    layer's labels are read as printed."""
    if prefix in said or not read_by_ocr(view_cells):
        return
    said.add(prefix)
    say_each_number(prefix, placed, "in the first of several scanned rows labelled as this row; a misread label "
                    "may have put another row's value here", warnings)


def say_if_beside_several(prefix: str, placed: dict[str, Found | None], view_cells: list[Cell],
                          warnings: Warnings) -> None:
    """A scanned row with a cell holding several numbers ("26090 19", "0 0) 0 0 2 0") lost a
    rule: between columns, or between rows, whose values then share this row. Its other
    numbers may be another row's or column's (a binarized table 3's 本年新收 row, its six
    numbers in one cell, took the next row's 总计 0 for its own blank one), and with that
    cell null no sum checks them: each keeps its value and is said."""
    several = [c.text for c in view_cells if c.ocr is not None and numbers_apart(c.text) > 1]
    if several:
        say_each_number(prefix, placed, f"in a row whose cell {several[0]!r} holds several numbers: a rule lost "
                        "between rows or columns may have moved this row's numbers", warnings)


# Outline numbers a row label prints anywhere in it ("（三）", "(2)", "1.", "5、"): not numbers
# that strayed from the value cells.
_NUMBERING = re.compile(r"[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[)）]|\d{1,2}\s*[.、．]")


def say_if_label_holds_numbers(prefix: str, placed: dict[str, Found | None], label_cells: list[Cell],
                               warnings: Warnings) -> None:
    """A scanned row whose label holds numbers besides its outline numbers ("(2) 没有现成信息
    需要另行制作 7 0)"; "(3) 0 危及“三安全一稳定”") lost the border between its label and its
    values: a number left its column for the label, and those beside it may each have moved
    one column over (a binarized table 3 row placed so read 5, 0, 6 for 4, 5, 0). Each number
    keeps its value and is said."""
    stray = [c.text for c in label_cells
             if c.ocr is not None and any(ch.isdigit() for ch in _NUMBERING.sub("", nfkc(c.text)))]
    if stray:
        say_each_number(prefix, placed, f"in a row whose label {stray[0]!r} holds numbers: the border between label "
                        "and values was lost, so its numbers may have moved a column", warnings)


def say_if_digits_unreadable(prefix: str, placed: dict[str, Found | None], cells: list[Cell],
                             warnings: Warnings) -> None:
    """A scanned row with a cell whose digits OCR read with something that is no number around
    them ("(0)", "0)": a rule's stroke or a neighbour's glyph inside the cell) has a column
    border running where it should not: the row's other numbers may each sit one column over
    (a binarized development scan's 结转 row put 科研机构's 0 under 社会公益组织 and a blank
    其他 took 法律服务机构's 0). Each number keeps its value and is said."""
    odd = [c.text for c in cells if c.ocr is not None and any(ch.isdigit() for ch in nfkc(c.text))
           and parse_cell(c.text) is None]
    if odd:
        say_each_number(prefix, placed, f"in a row where OCR read {odd[0]!r} in a cell: a column border may run "
                        "through this row's numbers", warnings)


def say_each_number(prefix: str, placed: dict[str, Found | None], why: str, warnings: Warnings) -> None:
    """An ``ocr_low_confidence`` warning for each number of the row ``prefix`` placed, saying
    ``why`` its place is in doubt; the values stay."""
    for col, found in placed.items():
        if found is not None and found.value is not None:
            path = f"{prefix}.{col}"
            warnings.add(WarningCode.OCR_LOW_CONFIDENCE, f"{path}: read as {found.raw!r} {why}; check the scan",
                         field=path, page=found.page)


def say_unmatched(view: RowView, warnings: Warnings) -> None:
    """A row with numbers whose label names no template row: ignored, and said (notes,
    subtotals, rows of another table are kept visible, never silently dropped)."""
    warnings.add(WarningCode.ROW_UNMATCHED, f"row {view.label!r} with numbers matches no template row; ignored",
                 label=view.label, raw=[c.text for c in view.value_cells])


def not_printed(path: str, warnings: Warnings) -> None:
    """The field ``path`` has no cell in its row (the row printed fewer values than the
    columns): ``null``, and said, like every other ``null``."""
    warnings.add(WarningCode.VALUE_MISSING, f"{path}: no value printed in its row; null", field=path)


def read_value(cell: Cell, path: str, warnings: Warnings) -> Found:
    """The number in ``cell`` for the field ``path``; blank, placeholder, text, a number
    past any plausible count and a note after the number each add a warning."""
    if cell.ocr is not None and is_number_stack(cell.text):
        # A scan's cell holding the numbers of two cells whose rule was lost ("0 20"): joining
        # them, as a text layer's spaced-out digits are ("1 362"), would invent a number.
        warnings.add(WarningCode.MERGED_CELL,
                     f"{path}: {cell.text!r} read by OCR holds the numbers of several cells; null",
                     field=path, raw=cell.text)
        return Found(None, cell.text, cell.page, cell.bbox, cell.source, cell.ocr.confidence, cell=cell)
    if cell.ocr is None and "\n" in cell.text.strip() and is_number_stack(cell.text):
        # Numbers one per line in one cell: cells merged in the source keep each one's
        # paragraph ("2", "0", "5"), which are no number 205; only spaces inside a line
        # ("1 362") are a number's own.
        warnings.add(WarningCode.MERGED_CELL,
                     f"{path}: {cell.text!r} prints several numbers, one per line (cells merged); null",
                     field=path, raw=cell.text)
        return Found(None, cell.text, cell.page, cell.bbox, cell.source, cell=cell)
    parsed = parse_cell(cell.text)
    if cell.number_cut and parsed is not None and parsed.value is not None:
        warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                     f"{path}: read as {cell.text!r}, but its digits run on into the cell beside it (a column "
                     "boundary through one number); check the scan",
                     field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3) if cell.ocr else None)
    if cell.ocr is not None and not cell.ocr.doubtful and parsed is not None and parsed.value is not None \
            and abs(parsed.value) >= OCR_IMPLAUSIBLE:
        warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                     f"{path}: read as {cell.text!r} by OCR, more than any report counts: the numbers of two "
                     "cells may have run together; check the scan",
                     field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3))
    if cell.ocr is not None and cell.ocr.doubtful:
        what = f"read as {cell.text!r}" if cell.text else "ink nobody could read"
        warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                     f"{path}: {what} by OCR with confidence {cell.ocr.confidence:.2f}; check the scan",
                     field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3))
    if parsed is None:
        warnings.add(WarningCode.UNREADABLE_VALUE, f"{path}: {cell.text!r} is not a number", field=path)
    elif parsed.out_of_range:
        warnings.add(WarningCode.NUMBER_OUT_OF_RANGE, f"{path}: {cell.text[:40]!r} is beyond any plausible count; null",
                     field=path)
    elif parsed.value is None:
        what = "a placeholder" if parsed.placeholder else "blank"
        if cell.ocr is not None and not parsed.placeholder:
            # A faint dash or slash may not be seen at all: an empty scanned cell is never 0.
            what = "empty in the scan (a faint dash or slash may not be seen)"
        warnings.add(WarningCode.BLANK_VALUE, f"{path}: cell is {what}; null", field=path)
    elif parsed.note:
        warnings.add(WarningCode.NOTE_IN_CELL, f"{path}: note {parsed.note!r} after the number ignored", field=path)
    if parsed is not None and isinstance(parsed.value, float):
        if not is_amount(path):
            _fraction_in_count(cell, path, parsed.value, warnings)
        elif cell.ocr is not None and _GROUP_AS_POINT.fullmatch(nfkc(cell.text).strip()):
            warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                         f"{path}: read as {cell.text!r} by OCR: a point before exactly three digits may be a "
                         "thousands separator read as a point (a thousand times too small); check the scan",
                         field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3))
    return Found(parsed.value if parsed else None, cell.printed or cell.text, cell.page, cell.bbox, cell.source,
                 cell.ocr.confidence if cell.ocr else None, cell=cell)


def is_amount(path: str) -> bool:
    """True for a field that holds money (decimals allowed), False for a count."""
    return path.rsplit(".", 1)[-1] in AMOUNT_COLUMNS


def _fraction_in_count(cell: Cell, path: str, value: float, warnings: Warnings) -> None:
    """A count printed or read with a decimal point: kept as printed, never rounded or joined,
    and said. From a scan it is most often a thousands separator read as a point ("63,976" as
    63.976, a thousand times too small); in a text layer, a report's own slip."""
    if cell.ocr is not None:
        warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                     f"{path}: read as {cell.text!r} by OCR, but a count has no decimals (a thousands "
                     "separator read as a point?); check the scan",
                     field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3))
    else:
        warnings.add(WarningCode.UNREADABLE_VALUE,
                     f"{path}: {cell.text!r} has decimals, but the field is a count; kept as printed",
                     field=path)


def split_spanning(cell: Cell, paths: list[str], warnings: Warnings, over_rows: bool) -> list[Cell | None]:
    """One value cell placed under the fields ``paths`` (its rule lost in a scan, or cells
    merged in the source): copied, one "0" under 社会公益组织 would become five zeros and a
    scan's "30" beside "0" 300 twice. Its numbers go one to a field when it prints exactly one
    per field, in order; else (and always ``over_rows``: lines of several rows, "24" over "5"
    read 245, belong to rows no one can tell) each field is null. A ``merged_cell`` warning
    names every field either way. Per field: the cell to read, or None."""
    parts = cell.text.split()
    split = not over_rows and len(parts) == len(paths) and all(is_value_cell(p) for p in parts)
    span = f"{cell.rowspan} rows" if over_rows else f"{len(paths)} columns"
    out: list[Cell | None] = []
    for i, path in enumerate(paths):
        what = f"read as {parts[i]!r}, the {i + 1}. of its {len(paths)} numbers" if split else "null"
        warnings.add(WarningCode.MERGED_CELL, f"{path}: one cell {cell.text!r} spans {span}; {what}",
                     field=path, raw=cell.text)
        out.append(replace(cell, text=parts[i]) if split else None)
    return out
