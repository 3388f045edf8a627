"""``govreport export OUT -o data.xlsx``: a batch as one workbook a spreadsheet user can sort,
filter and join.

Sheets: the reports (one row each: who, when, measures, counts of failed checks and warnings),
one per table in wide form (one row per report, a column per number), the checks (one row per
check of every report) and the dictionary (every key: the template's words, template version,
table, meaning). Headers are the template's words over the keys (two header rows), or the keys
alone. Written with XlsxWriter (the ``export`` extra) row by row in its constant-memory mode,
after a first pass over the folder that collects the columns: memory stays flat in the number
of reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from extractor.batch.export import NothingToExport, _source_file, neutralised, numbers_of, ordered_columns
from extractor.batch.report_columns import COUNT_COLUMNS, count_columns, heading, meaning, report_columns
from extractor.batch.store import iter_outputs
from extractor.outputs import write_with
from extractor.template_labels import field_labels, labels_by_key

# Excel's limits (https://support.microsoft.com/office/excel-specifications-and-limits):
# rows a worksheet holds, and characters a cell holds.
MAX_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767
# Excel keeps 15 significant digits of a number (XlsxWriter writes 16): a whole number this
# large would come back changed, so it is written as its digits, as text (no count in a report
# comes near; a float keeps 16 significant digits).
EXACT_INTEGER_LIMIT = 10**15
_CUT = "…（截断）"


class WorkbookTooLarge(Exception):
    """More rows than a worksheet holds."""


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its name in each header mode."""

    words: str
    key: str


REPORTS = Sheet("报告", "reports")
TABLE_SHEETS = {
    "proactive_disclosure": Sheet("二 主动公开", "proactive_disclosure"),
    "applications": Sheet("三 依申请公开", "applications"),
    "review_litigation": Sheet("四 复议诉讼", "review_litigation"),
}
CHECKS = Sheet("核对", "checks")
DICTIONARY = Sheet("字典", "dictionary")

# Columns that name the report at the start of every table sheet and of the checks sheet.
ROW_NAME_COLUMNS = ("source_file", "agency", "year", "template", "identity.name")
CHECK_COLUMNS = ("rule", "status", "message", "details")
CHECK_HEADINGS = {"rule": "核对规则", "status": "结果", "message": "说明", "details": "详情（JSON）"}
DICTIONARY_COLUMNS = ("key", "label", "template", "table", "meaning")
DICTIONARY_HEADINGS = {"key": "键", "label": "模板中的文字", "template": "模板版本", "table": "表",
                       "meaning": "含义"}


@dataclass
class Layout:
    """What the first pass found: the reports' columns and each table's keys, in order."""

    reports: int = 0
    checks: int = 0
    report_columns: list[str] = field(default_factory=list)
    table_keys: dict[str, list[str]] = field(default_factory=dict)


def _documents(out: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, doc in iter_outputs(out):
        yield _source_file(out, path), doc


def survey(out: Path) -> Layout:
    layout, seen_columns = Layout(), dict[str, None]()
    seen_keys: dict[str, dict[str, None]] = {t: {} for t in TABLE_SHEETS}
    for source_file, doc in _documents(out):
        layout.reports += 1
        layout.checks += len(doc.get("checks") or [])
        seen_columns.update(dict.fromkeys([*report_columns(doc, source_file), *COUNT_COLUMNS]))
        for key in numbers_of(doc):
            seen_keys.setdefault(key.split(".", 1)[0], {})[key] = None
    layout.report_columns = ordered_columns([seen_columns])  # in order of first appearance
    order = {f.key: i for i, f in enumerate(field_labels())}
    for table, keys in seen_keys.items():
        # The contract's order; a key the label table does not know (none today) at the end.
        layout.table_keys[table] = sorted(keys, key=lambda k: order.get(k, len(order)))
    return layout


def number_heading(key: str) -> str:
    label = labels_by_key().get(key)
    return label.label if label else key


def _text(value: str) -> str:
    value = neutralised(value)
    return value if len(value) <= MAX_CELL_CHARS else value[: MAX_CELL_CHARS - len(_CUT)] + _CUT


class _Writer:
    """One worksheet written row by row (constant-memory mode wants rows in order)."""

    def __init__(self, book: Any, sheet: Sheet, columns: list[str], headings: list[str], keys_only: bool,
                 header_format: Any) -> None:
        self.sheet = book.add_worksheet(sheet.key if keys_only else sheet.words)
        self.row = 0
        if not keys_only:
            self._header(headings, header_format)
        self._header(columns, header_format)
        self.sheet.freeze_panes(self.row, 1)
        self.sheet.set_column(0, 0, 36)
        self.sheet.set_column(1, max(1, len(columns) - 1), 14)

    def _header(self, words: list[str], fmt: Any) -> None:
        for col, word in enumerate(words):
            self.sheet.write_string(self.row, col, _text(word), fmt)
        self.row += 1

    def write(self, values: list[Any]) -> None:
        if self.row >= MAX_ROWS:
            raise WorkbookTooLarge(f"more than {MAX_ROWS} rows for one worksheet: export to .parquet instead")
        for col, value in enumerate(values):
            if value is None:
                continue  # blank is not zero: an empty cell
            if isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value)
            elif isinstance(value, int) and abs(value) >= EXACT_INTEGER_LIMIT:
                self.sheet.write_string(self.row, col, str(value))
            elif isinstance(value, int | float):
                self.sheet.write_number(self.row, col, value)
            else:
                # A string cell, never a formula; and neutralised as in every export, so a copy
                # pasted or saved as CSV stays inert too.
                self.sheet.write_string(self.row, col, _text(str(value)))
        self.row += 1


def dictionary_rows(report_cols: list[str]) -> Iterator[list[str | None]]:
    """The dictionary sheet's lines: the report sheet's columns, every number of both templates,
    and the checks sheet's columns."""
    for column in report_cols:
        yield [column, heading(column), None, REPORTS.words, meaning(column)]
    for label in field_labels():
        yield [label.key, label.label, "、".join(sorted(label.templates)), label.table_label, label.meaning]
    for column in CHECK_COLUMNS:
        yield [f"checks.{column}", CHECK_HEADINGS[column], None, CHECKS.words, f"a check's {column} (docs/json.md)"]


def write_workbook(out: Path, target: Path, keys_only: bool = False) -> int:
    """Write the workbook; returns the number of reports. Raises ``NothingToExport``."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise RuntimeError("xlsx export needs XlsxWriter: pip install 'govreport[export]'") from exc
    layout = survey(out)
    if not layout.reports:
        raise NothingToExport("no govreport JSON documents in this folder")
    if layout.checks + 2 > MAX_ROWS:
        raise WorkbookTooLarge(f"{layout.checks} checks: more than one worksheet holds; export to .parquet instead")

    def write(fh: BinaryIO) -> None:
        book = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEF2F7"})
        reports = _Writer(book, REPORTS, layout.report_columns, [heading(c) for c in layout.report_columns],
                          keys_only, bold)
        tables = {}
        for table, sheet in TABLE_SHEETS.items():
            columns = [*ROW_NAME_COLUMNS, *layout.table_keys.get(table, [])]
            headings = [heading(c) if c in ROW_NAME_COLUMNS else number_heading(c) for c in columns]
            tables[table] = (_Writer(book, sheet, columns, headings, keys_only, bold), columns)
        check_columns = [*ROW_NAME_COLUMNS, *CHECK_COLUMNS]
        checks = _Writer(book, CHECKS, check_columns,
                         [heading(c) if c in ROW_NAME_COLUMNS else CHECK_HEADINGS[c] for c in check_columns],
                         keys_only, bold)
        for source_file, doc in _documents(out):
            record = {**report_columns(doc, source_file), **count_columns(doc)}
            reports.write([record.get(c) for c in layout.report_columns])
            numbers = numbers_of(doc)
            for writer, columns in tables.values():
                writer.write([record.get(c) if c in ROW_NAME_COLUMNS else numbers.get(c) for c in columns])
            for check in doc.get("checks") or []:
                details = json.dumps(check.get("details") or {}, ensure_ascii=False)
                checks.write([*(record.get(c) for c in ROW_NAME_COLUMNS), check.get("rule"), check.get("status"),
                              check.get("message"), details])
        dictionary = _Writer(book, DICTIONARY, list(DICTIONARY_COLUMNS),
                             [DICTIONARY_HEADINGS[c] for c in DICTIONARY_COLUMNS], keys_only, bold)
        dictionary.sheet.set_column(1, 1, 60)
        dictionary.sheet.set_column(4, 4, 60)
        for line in dictionary_rows(layout.report_columns):
            dictionary.write(line)
        book.close()

    write_with(target, write)
    return layout.reports

