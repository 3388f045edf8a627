"""``govreport export``: a batch's JSON folder as one table for pandas, DuckDB or a spreadsheet.

Long format (default), one row per number:
  source_file, agency, year, template, table, row, column, value, raw
``value`` is the number or empty for null; ``raw`` the cell text as printed.
Wide format (``--wide``), one row per report: source_file, agency, year, template and a
column per field named ``table.row.column``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from extractor.batch.manifest import write_atomic
from extractor.batch.runner import iter_outputs

LONG_COLUMNS = ("source_file", "agency", "year", "template", "table", "row", "column", "value", "raw")


def long_rows(out: Path) -> list[dict[str, Any]]:
    rows = []
    for path, doc in iter_outputs(out):
        report, provenance = doc["report"], doc.get("provenance", {})
        base = {
            "source_file": str(path.relative_to(out)).removesuffix(".json"),
            "agency": report.get("agency"),
            "year": report.get("year"),
            "template": report.get("template"),
        }
        for table, items in doc["tables"].items():
            for row, values in items.items():
                for column, value in (values or {}).items():
                    raw = provenance.get(f"{table}.{row}.{column}", {}).get("raw")
                    rows.append({**base, "table": table, "row": row, "column": column,
                                 "value": None if value is None else float(value), "raw": raw})
    return rows


def wide_rows(out: Path) -> list[dict[str, Any]]:
    reports: dict[str, dict[str, Any]] = {}
    for row in long_rows(out):
        key = row["source_file"]
        record = reports.setdefault(key, {k: row[k] for k in LONG_COLUMNS[:4]})
        record[f"{row['table']}.{row['row']}.{row['column']}"] = row["value"]
    return list(reports.values())


def export(out: Path, fmt: str, target: Path, wide: bool = False) -> int:
    rows = wide_rows(out) if wide else long_rows(out)
    # Every column any row has, in order of first appearance (identity columns first).
    columns = list(dict.fromkeys(c for r in rows for c in r)) if rows else list(LONG_COLUMNS)
    if fmt == "jsonl":
        write_atomic(target, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    elif fmt == "csv":
        tmp = target.with_name(f".{target.name}.tmp")
        # utf-8 with BOM: spreadsheets then open the Chinese text correctly.
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        tmp.replace(target)
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise RuntimeError("parquet export needs pyarrow: pip install 'govreport[export]'") from exc
        table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
        tmp = target.with_name(f".{target.name}.tmp")
        pq.write_table(table, tmp)
        tmp.replace(target)
    else:
        raise ValueError(f"unknown format {fmt}")
    return len(rows)
