"""``govreport export``: a batch's JSON folder as one table for pandas, DuckDB or a spreadsheet.

Long format (default), one row per number:
  source_file, agency, year, template, table, row, column, value, raw
``value`` is the number (an integer where the report printed one) or empty for null; ``raw``
the cell text as printed. Wide format (``--wide``), one row per report: source_file, agency,
year, template, failed_checks, warnings (counts) and a column per field named
``table.row.column``.
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

from extractor.batch.store import iter_outputs
from extractor.names import shown
from extractor.outputs import write_with

LONG_COLUMNS = ("source_file", "agency", "year", "template", "table", "row", "column", "value", "raw")
WIDE_FIRST = ("source_file", "agency", "year", "template", "failed_checks", "warnings")


class Format(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSONL = "jsonl"

    @classmethod
    def from_suffix(cls, path: Path) -> Format | None:
        return {".csv": cls.CSV, ".parquet": cls.PARQUET, ".pq": cls.PARQUET, ".jsonl": cls.JSONL}.get(
            path.suffix.lower()
        )


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


def _base(doc: dict[str, Any], source_file: str) -> dict[str, Any]:
    report = doc["report"]
    return {
        "source_file": source_file,
        "agency": report.get("agency"),
        "year": report.get("year"),
        "template": report.get("template"),
    }


def document_rows(doc: dict[str, Any], source_file: str) -> Iterator[dict[str, Any]]:
    """The long table's rows of one document (its JSON as a dict), one per number; the
    Python API's ``to_rows`` too."""
    base, provenance = _base(doc, source_file), doc.get("provenance") or {}
    for table, items in doc["tables"].items():
        for row, values in (items or {}).items():
            for column, value in (values or {}).items():
                raw = (provenance.get(f"{table}.{row}.{column}") or {}).get("raw")
                yield {**base, "table": table, "row": row, "column": column, "value": _number(value), "raw": raw}


def wide_rows(out: Path) -> Iterator[dict[str, Any]]:
    for path, doc in iter_outputs(out):
        source_file = _source_file(out, path)
        record = _base(doc, source_file)
        record["failed_checks"] = sum(1 for c in doc.get("checks") or [] if c.get("status") == "fail")
        record["warnings"] = len(doc.get("warnings") or [])
        for row in document_rows(doc, source_file):
            record[f"{row['table']}.{row['row']}.{row['column']}"] = row["value"]
        yield record


def export(out: Path, fmt: Format, target: Path, wide: bool = False) -> int:
    """Write the table; returns its row count. Raises ``NothingToExport`` for an empty folder."""
    rows = list(wide_rows(out) if wide else long_rows(out))
    if not rows:
        raise NothingToExport("no govreport JSON documents in this folder")
    # Every column any row has, in order of first appearance (identity columns first).
    columns = list(dict.fromkeys(c for r in rows for c in r))
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
            arrays[column] = pa.array(values)
    return pa.table(arrays)
