"""``govreport export``: a batch's JSON folder as one table for pandas, DuckDB or a spreadsheet.

Long format (default), one row per number: the report's columns (source_file, agency, the
identity columns, year, template, published_on, its measures: ``report_columns``), then
  table, row, column, value, raw
``value`` is the number (an integer where the report printed one) or empty for null; ``raw``
the cell text as printed. Wide format (``--wide``), one row per report: the report's columns,
failed_checks, warnings (counts) and a column per field named ``table.row.column``. A
workbook (``.xlsx``, ``extractor.batch.workbook``) holds the wide tables, checks and the
dictionary.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from extractor.batch.report_columns import COUNT_COLUMNS, FIRST_COLUMNS, count_columns, report_columns
from extractor.batch.store import iter_outputs
from extractor.names import shown
from extractor.outputs import write_with

NUMBER_COLUMNS = ("table", "row", "column", "value", "raw")
LONG_COLUMNS = (*FIRST_COLUMNS, *NUMBER_COLUMNS)  # and the measure columns after the first, as present
WIDE_FIRST = (*FIRST_COLUMNS, *COUNT_COLUMNS)


class Format(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"
    XLSX = "xlsx"

    @classmethod
    def from_suffix(cls, path: Path) -> Format | None:
        return SUFFIXES.get(path.suffix.lower())


SUFFIXES = {".csv": Format.CSV, ".parquet": Format.PARQUET, ".pq": Format.PARQUET, ".jsonl": Format.JSONL,
            ".xlsx": Format.XLSX}


class NothingToExport(Exception):
    """The folder holds no govreport JSON documents."""


def _number(value: Any) -> int | float | None:
    # JSON keeps 12 and 12.5 apart; a float that is whole (from an older output) becomes int.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def long_rows(out: Path) -> Iterator[dict[str, Any]]:
    for path, doc in iter_outputs(out):
        yield from document_rows(doc, _source_file(out, path))


def _source_file(out: Path, path: Path) -> str:
    return shown(str(path.relative_to(out))).removesuffix(".json")


def document_rows(doc: dict[str, Any], source_file: str) -> Iterator[dict[str, Any]]:
    """The long table's rows of one document (its JSON as a dict), one per number; the
    Python API's ``to_rows`` too."""
    base, provenance = report_columns(doc, source_file), doc.get("provenance") or {}
    for table, items in doc["tables"].items():
        for row, values in (items or {}).items():
            for column, value in (values or {}).items():
                raw = (provenance.get(f"{table}.{row}.{column}") or {}).get("raw")
                yield {**base, "table": table, "row": row, "column": column, "value": _number(value), "raw": raw}


def wide_rows(out: Path) -> Iterator[dict[str, Any]]:
    for path, doc in iter_outputs(out):
        source_file = _source_file(out, path)
        yield {**report_columns(doc, source_file), **count_columns(doc), **numbers_of(doc)}


def numbers_of(doc: dict[str, Any]) -> dict[str, Any]:
    """Every number of a document by its key ``table.row.column`` (the wide table's columns)."""
    return {f"{table}.{row}.{column}": _number(value)
            for table, items in doc["tables"].items() for row, values in (items or {}).items()
            for column, value in (values or {}).items()}


def ordered_columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every column any row has: the report's first columns, its measures, the counts, then the
    rest (numbers), each group in order of first appearance: a report without measures
    before one with them does not push the measures behind the numbers."""
    seen = list(dict.fromkeys(c for r in rows for c in r))

    def group(column: str) -> int:
        if column in FIRST_COLUMNS:
            return 0
        if column.startswith("measures."):
            return 1
        return 2 if column in COUNT_COLUMNS else 3

    return sorted(seen, key=group)  # stable: first appearance within a group


def export(out: Path, fmt: Format, target: Path, wide: bool = False, keys_only: bool = False) -> int:
    """Write the table; returns its row count (the workbook's: its reports). Raises
    ``NothingToExport`` for an empty folder. ``keys_only``: the workbook's headers are the
    keys alone (else the template's words over the keys)."""
    if fmt == Format.XLSX:
        from extractor.batch.workbook import write_workbook

        return write_workbook(out, target, keys_only=keys_only)
    rows = list(wide_rows(out) if wide else long_rows(out))
    if not rows:
        raise NothingToExport("no govreport JSON documents in this folder")
    columns = ordered_columns(rows)
    if fmt == Format.JSONL:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
        write_with(target, lambda fh: fh.write(data))
    elif fmt == Format.CSV:
        write_with(target, lambda fh: _write_csv(fh, columns, rows))
    elif fmt == Format.PARQUET:
        table = _arrow_table(columns, rows)
        import pyarrow.parquet as pq

        write_with(target, lambda fh: pq.write_table(table, fh))
    return len(rows)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list for CSV
# injection): an agency's "=HYPERLINK(…)", a file named "@SUM(…).pdf", a raw cell "+3(x)".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralised(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, with a leading ``'`` (shown as text,
    the quote hidden); numbers, and text that is a plain signed number ("-2", "+3"), as
    they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _write_csv(fh: BinaryIO, columns: list[str], rows: list[dict[str, Any]]) -> None:
    # utf-8 with BOM: spreadsheets then open the Chinese text correctly.
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=[neutralised(c) for c in columns])
    writer.writeheader()
    writer.writerows({neutralised(k): neutralised(v) for k, v in row.items()} for row in rows)
    text.flush()
    text.detach()


def _arrow_table(columns: list[str], rows: list[dict[str, Any]]) -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise RuntimeError("parquet export needs pyarrow: pip install 'govreport[export]'") from exc
    arrays = {}
    for column in columns:
        values = [r.get(column) for r in rows]
        numbers = [v for v in values if v is not None]
        if numbers and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers):
            arrays[column] = pa.array(values, type=pa.int64())  # nullable integers, not floats
        elif numbers and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
            arrays[column] = pa.array(values, type=pa.float64())
        else:
            try:
                arrays[column] = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                # Mixed kinds in one column (a measure a number in one report, text in another):
                # text, so that nothing is lost and the file still opens.
                arrays[column] = pa.array([None if v is None else str(v) for v in values])
    return pa.table(arrays)
