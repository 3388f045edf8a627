"""Field accuracy of extractions against hand-checked expected JSON files.

An expected file holds ``report`` (agency, year, template) and ``tables`` in the
contract's shape. Every number in the expected tables is one field, as are agency, year and
template; a field the extractor adds that the expected file lacks (a （六） form that was
not printed) counts as a mismatch too.

A file that must not give a document (a web page that only links to its report) has
``outcome`` instead: ``{"error": <the error's reason>, "message_contains": <text>}``, one field,
right when extraction fails with that reason and a message holding that text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import GovReportError
from extractor.pipeline import extract, to_json

REPORT_FIELDS = ("agency", "year", "template")


@dataclass
class FileResult:
    file: str
    fields: int = 0
    correct: int = 0
    mismatches: list[str] = field(default_factory=list)
    # Wrong table fields that nothing in the document points at: no failed check covers
    # them and no warning names them (the ones a reviewer would never look at).
    silent: list[str] = field(default_factory=list)
    # Fields the document gives as null with no warning naming them: the contract promises
    # that every null is explained, whatever the expected value.
    unexplained_nulls: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.fields if self.fields else 0.0


def _flatten(tables: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tables.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


def compare(expected: dict[str, Any], actual: dict[str, Any], name: str) -> FileResult:
    result = FileResult(name)
    for key in REPORT_FIELDS:
        result.fields += 1
        want, got = expected["report"].get(key), actual["report"].get(key)
        if want == got:
            result.correct += 1
        else:
            result.mismatches.append(f"report.{key}: expected {want!r}, got {got!r}")
    want_fields = _flatten(expected["tables"])
    got_fields = _flatten(actual["tables"])
    for path, want in want_fields.items():
        result.fields += 1
        got = got_fields.get(path, "<absent>")
        if got == want and type(got) is type(want):
            result.correct += 1
        else:
            # A null a warning explains is an honest answer, whatever the warning's code: the
            # user is told the value is not there.
            flag = "null explained" if got is None and null_explained(path, actual) else flagged_by(path, actual)
            result.mismatches.append(f"{path}: expected {want!r}, got {got!r}" + (f" [{flag}]" if flag else " [SILENT]"))
            if flag is None:
                result.silent.append(path)
    for path in sorted(set(got_fields) - set(want_fields)):
        result.fields += 1
        result.mismatches.append(f"{path}: not expected, got {got_fields[path]!r}")
    result.unexplained_nulls = [p for p, v in got_fields.items() if v is None and not null_explained(p, actual)]
    return result


# Warnings that explain the nulls of a whole row, table or column.
_ROW_WARNINGS = ("row_missing", "row_unplaced", "row_unmatched", "duplicate_row")
_COLUMN_WARNINGS = ("column_missing", "column_unmapped")


def null_explained(path: str, document: dict[str, Any]) -> bool:
    """True when a warning names the null table field ``path``: the field itself, its row,
    its table (missing) or its column (missing)."""
    table, _, rest = path.partition(".")
    row, _, col = rest.partition(".")
    for w in document.get("warnings", []):
        where, code = w.get("where") or {}, w.get("code")
        if where.get("field") in (path, f"{table}.{row}"):
            return True
        if code == "table_missing" and where.get("table") == table:
            return True
        if code in _ROW_WARNINGS and where.get("row") == row and where.get("table") in (None, table):
            return True
        if code in _COLUMN_WARNINGS and where.get("column") == col:
            return True
    return False


# Warnings that name a field and tell a reader not to trust its value.
_FIELD_WARNINGS = ("ocr_low_confidence", "blank_value", "unreadable_value", "row_unplaced", "number_out_of_range",
                   "merged_cell")


# Warnings that put a whole table's field set or columns in doubt: the template version was
# assumed (table 2), or table 3's columns may be shifted.
_TABLE_DOUBT_WARNINGS = ("template_assumed", "columns_doubtful")


def flagged_by(path: str, document: dict[str, Any]) -> str | None:
    """What points a reviewer at the table field ``path`` ("applications.granted.total"): a
    warning naming it (or its row or table), or a failed 勾稽 check it takes part in."""
    table, _, rest = path.partition(".")
    row, _, col = rest.partition(".")
    for w in document.get("warnings", []):
        where = w.get("where") or {}
        if w.get("code") in _FIELD_WARNINGS and where.get("field") in (path, f"{table}.{row}"):
            return str(w["code"])
        if w.get("code") in ("table_missing", "row_missing", "row_unplaced", "row_unmatched") \
                and (where.get("table") == table or where.get("row") == row):
            return str(w["code"])
        if w.get("code") in _COLUMN_WARNINGS and where.get("column") == col:
            return str(w["code"])
        if w.get("code") in _TABLE_DOUBT_WARNINGS and where.get("table") == table:
            return str(w["code"])
    for check in document.get("checks", []):
        if check.get("status") != "fail":
            continue
        rule, message = check.get("rule", ""), check.get("message", "")
        if table == "applications" and rule in ("applications.balance", "applications.outcomes") \
                and message.startswith(f"column {col}:"):
            return rule
        if table == "applications" and rule == "applications.row_totals" and message.startswith(f"row {row}:"):
            return rule
        if table == "review_litigation" and rule == f"review_litigation.{row}":
            return rule
    return None


def evaluate_file(original: Path, expected_file: Path) -> FileResult:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    try:
        actual = json.loads(to_json(extract(original)))
    except GovReportError as exc:
        if "outcome" in expected:
            return _compare_outcome(expected["outcome"], exc, original.name)
        return FileResult(original.name, error=f"{exc.reason}: {exc}")
    if "outcome" in expected:
        return FileResult(original.name, fields=1, mismatches=[f"expected {expected['outcome']['error']}, got a document"])
    return compare(expected, actual, original.name)


def _compare_outcome(outcome: dict[str, str], exc: GovReportError, name: str) -> FileResult:
    result = FileResult(name, fields=1)
    if exc.reason == outcome["error"] and outcome.get("message_contains", "") in str(exc):
        result.correct = 1
    else:
        result.mismatches.append(f"expected {outcome['error']} naming {outcome.get('message_contains')!r}, got {exc.reason}: {exc}")
    return result


def evaluate_folder(originals: Path, expected_dir: Path) -> list[FileResult]:
    results = []
    for expected_file in sorted(expected_dir.glob("*.json")):
        original = originals / expected_file.name.removesuffix(".json")
        if not original.exists():
            results.append(FileResult(original.name, error="original not found"))
            continue
        results.append(evaluate_file(original, expected_file))
    return results
