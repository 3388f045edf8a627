"""A document (and its corrections) as the page shows it: the three tables laid out as the
template prints them, each number cell knowing its checks, warnings, correction and source.

Pure data in, plain data out (dataclasses the templates loop over); no HTML is written here.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from extractor.checks import document_checks
from extractor.contract import APPLICANT_COLUMNS, OTHER_ROW_SINGLE, REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.review import labels
from extractor.review.corrections import CheckVerdict, Correction

Number = int | float | None


def shown_number(value: Number) -> str:
    """A number as the page prints it and the tests compare it: JSON's own spelling; blank for null."""
    return "" if value is None else json.dumps(value)


@dataclass
class Td:
    """One cell of a laid-out table: a printed word (``head``) or a number (``field`` set)."""

    text: str = ""
    head: bool = False
    rowspan: int = 1
    colspan: int = 1
    field: str | None = None
    value: Number = None  # in effect (corrected where a correction is)
    extracted: Number = None
    raw: str | None = None
    correction: Correction | None = None
    checks: list[int] = _field(default_factory=list)  # indexes into ReportView.checks (failed ones)
    warnings: list[int] = _field(default_factory=list)
    page: int | None = None
    box: str | None = None  # "x0,y0,x1,y1" in PDF points
    pos: tuple[int, int, int] = (0, 0, 0)  # table, row, column: for keyboard navigation

    @property
    def is_null(self) -> bool:
        return self.field is not None and self.value is None

    @property
    def shown(self) -> str:
        return shown_number(self.value)

    @property
    def classes(self) -> str:
        if self.field is None:
            return ""
        names = ["num"]
        if self.value is None:
            names.append("null")
        if self.checks:
            names.append("fail")
        if self.warnings:
            names.append("warn")
        if self.correction is not None:
            names.append("corrected")
        return " ".join(names)


@dataclass
class TableView:
    key: str
    title: str
    rows: list[list[Td]]


@dataclass
class CheckView:
    index: int
    id: str  # rule|subject: what a verdict is stored under
    rule: str
    status: str
    message: str
    fields: list[str]
    verdict: CheckVerdict | None = None


@dataclass
class WarningView:
    index: int
    code: str
    message: str
    fields: list[str]


@dataclass
class ReportView:
    document: dict[str, Any]
    tables: list[TableView]
    checks: list[CheckView]  # every check, as in effect
    warnings: list[WarningView]
    corrections: list[Correction]  # the whole history, oldest first
    rechecked: bool  # the checks were run again on the corrected tables

    @property
    def failed(self) -> list[CheckView]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def report(self) -> dict[str, Any]:
        return self.document.get("report") or {}

    @property
    def source(self) -> dict[str, Any]:
        return self.document.get("source") or {}


def check_id(check: dict[str, Any]) -> str:
    """A check's identity across runs: its rule and what it is about ("column total", a field)."""
    details = check.get("details") or {}
    subject = details.get("field") if isinstance(details.get("field"), str) else str(check.get("message", "")).split(":")[0]
    return f"{check.get('rule')}|{subject}"


def check_fields(check: dict[str, Any], tables: dict[str, Any]) -> list[str]:
    """The cells a check adds up: the ones to highlight when it fails."""
    rule = str(check.get("rule", ""))
    details = check.get("details") or {}
    if isinstance(details.get("field"), str):
        return [details["field"]]
    subject = str(check.get("message", "")).split(":")[0]
    kind, _, name = subject.partition(" ")
    apps = tables.get("applications") or {}
    if rule == "applications.balance" and kind == "column":
        rows = ["new_received", "carried_over", "total_processed", "carried_forward"]
        return [f"applications.{r}.{name}" for r in rows]
    if rule == "applications.outcomes" and kind == "column":
        from extractor.checks import _outcome_rows

        return [f"applications.{r}.{name}" for r in [*_outcome_rows(apps), "total_processed"]]
    if rule == "applications.row_totals" and kind == "row":
        return [f"applications.{name}.{c}" for c in APPLICANT_COLUMNS]
    if rule.startswith("review_litigation."):
        block = rule.split(".", 1)[1]
        return [f"review_litigation.{block}.{c}" for c in REVIEW_COLUMNS]
    return []


def warning_fields(warning: dict[str, Any], tables: dict[str, Any]) -> list[str]:
    where = warning.get("where") or {}
    if isinstance(where.get("field"), str):
        return [where["field"]]
    row = where.get("row")
    if isinstance(row, str):
        for table, rows in tables.items():
            if isinstance(rows, dict) and isinstance(rows.get(row), dict):
                return [f"{table}.{row}.{c}" for c in rows[row]]
    return []


def get_value(tables: dict[str, Any], path: str) -> tuple[bool, Number]:
    """(exists, value) of ``table.row.column`` in ``tables``."""
    parts = path.split(".")
    if len(parts) != 3:
        return False, None
    row = (tables.get(parts[0]) or {}).get(parts[1])
    if not isinstance(row, dict) or parts[2] not in row:
        return False, None
    return True, row[parts[2]]


def corrected_tables(tables: dict[str, Any], corrections: dict[str, Correction]) -> dict[str, Any]:
    """A copy of ``tables`` with the corrections in effect; the original is not touched."""
    result = copy.deepcopy(tables)
    for path, correction in corrections.items():
        t, r, c = path.split(".")
        row = (result.get(t) or {}).get(r)
        if isinstance(row, dict) and c in row:
            row[c] = correction.new
    return result


def recheck(document: dict[str, Any], tables: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's checks run again on ``tables``: the 勾稽 identities and the narrative
    ones (the overview's text against the table), as the pipeline runs them."""
    return [c.model_dump() for c in document_checks(document, tables)]


def corrected_document(document: dict[str, Any], history: list[Correction],
                       verdicts: dict[str, CheckVerdict]) -> dict[str, Any]:
    """The download "with corrections applied": tables corrected, checks run again, and what
    was changed by whom under ``review`` (so it cannot pass for the extraction)."""
    in_effect = {c.field: c for c in history}
    tables = corrected_tables(document["tables"], in_effect)
    result = {**document, "tables": tables, "checks": recheck(document, tables)}
    result["review"] = {
        "corrections_applied": True,
        "corrections": [{"field": c.field, "old": c.old, "new": c.new, "who": c.who, "at": c.at, "note": c.note}
                        for c in history],
        "check_verdicts": [{"check": v.check_id, "verdict": str(v.verdict), "who": v.who, "at": v.at, "note": v.note}
                           for v in verdicts.values()],
    }
    return result


class _Cells:
    """Makes the number cells of one document, numbering their positions as it goes."""

    def __init__(self, tables: dict[str, Any], extracted: dict[str, Any], provenance: dict[str, Any],
                 corrections: dict[str, Correction], fails: dict[str, list[int]], warns: dict[str, list[int]]) -> None:
        self.tables, self.extracted, self.provenance = tables, extracted, provenance
        self.corrections, self.fails, self.warns = corrections, fails, warns
        self.table = 0
        self.row = 0

    def next_row(self) -> None:
        self.row += 1

    def td(self, path: str, col: int, colspan: int = 1) -> Td:
        _, value = get_value(self.tables, path)
        _, extracted = get_value(self.extracted, path)
        where = self.provenance.get(path) or {}
        bbox = where.get("bbox")
        box = ",".join(f"{x:g}" for x in bbox) if isinstance(bbox, list) and len(bbox) == 4 else None
        return Td(field=path, value=value, extracted=extracted, raw=where.get("raw"), colspan=colspan,
                  correction=self.corrections.get(path), checks=self.fails.get(path, []),
                  warnings=self.warns.get(path, []), page=where.get("page"), box=box,
                  pos=(self.table, self.row, col))


def _head(text: str, rowspan: int = 1, colspan: int = 1) -> Td:
    return Td(text=text, head=True, rowspan=rowspan, colspan=colspan)


def _proactive(cells: _Cells, version: str) -> list[list[Td]]:
    groups = labels.proactive_groups(version)
    width = max(len(columns) for columns, _ in groups)
    rows: list[list[Td]] = []
    for columns, items in groups:
        spans = [1] * len(columns)
        spans[-1] += width - len(columns)  # a block with fewer columns fills the row
        rows.append([_head("信息内容"), *(_head(labels.proactive_column_label(c, version), colspan=s)
                                         for c, s in zip(columns, spans, strict=True))])
        for item in items:
            rows.append([_head(labels.proactive_row_label(item, version)),
                         *(cells.td(f"proactive_disclosure.{item}.{c}", i, s)
                           for i, (c, s) in enumerate(zip(columns, spans, strict=True)))])
            cells.next_row()
    return rows


def _applications(cells: _Cells, apps: dict[str, Any]) -> list[list[Td]]:
    def values(row: str) -> list[Td]:
        tds = [cells.td(f"applications.{row}.{c}", i) for i, c in enumerate(APPLICANT_COLUMNS)]
        cells.next_row()
        return tds

    rows: list[list[Td]] = [
        [_head(labels.APPLICATIONS_CORNER, rowspan=3, colspan=3), _head(labels.APPLICANTS_HEAD, colspan=7)],
        [_head(labels.applicant_column_label("natural_person"), rowspan=2),
         _head(labels.LEGAL_PERSONS_HEAD, colspan=5), _head(labels.applicant_column_label("total"), rowspan=2)],
        [_head(labels.applicant_column_label(c)) for c in labels.LEGAL_PERSON_COLUMNS],
    ]
    for key in ("new_received", "carried_over"):
        rows.append([_head(labels.APPLICATION_TOP_ROWS[key], colspan=3), *values(key)])
    groups = labels.outcome_groups(OTHER_ROW_SINGLE in apps)
    first = True
    for group in groups:
        for i, key in enumerate(group.rows):
            row: list[Td] = []
            if first:
                row.append(_head(labels.OUTCOMES_HEAD, rowspan=sum(len(g.rows) for g in groups)))
                first = False
            if not group.numbered:
                row.append(_head(group.head, colspan=2))
            else:
                if i == 0:
                    row.append(_head(group.head, rowspan=len(group.rows)))
                row.append(_head(f"{i + 1}.{labels.application_row_label(key)}"))
            rows.append([*row, *values(key)])
    rows.append([_head(labels.APPLICATION_TOP_ROWS["carried_forward"], colspan=3), *values("carried_forward")])
    return rows


def _review(cells: _Cells) -> list[list[Td]]:
    cols = list(REVIEW_COLUMNS)
    rows = [
        [_head(labels.REVIEW_HEAD, colspan=5), _head(labels.LITIGATION_HEAD, colspan=10)],
        [*(_head(labels.REVIEW_COLUMN_LABELS[c], rowspan=2) for c in cols),
         _head(labels.REVIEW_BLOCK_LABELS["litigation_direct"], colspan=5),
         _head(labels.REVIEW_BLOCK_LABELS["litigation_after_review"], colspan=5)],
        [_head(labels.REVIEW_COLUMN_LABELS[c]) for _ in range(2) for c in cols],
        [cells.td(f"review_litigation.{block}.{c}", i * 5 + j)
         for i, block in enumerate(REVIEW_BLOCKS) for j, c in enumerate(cols)],
    ]
    return rows


def build(document: dict[str, Any], history: list[Correction] | None = None,
          verdicts: dict[str, CheckVerdict] | None = None) -> ReportView:
    history = history or []
    verdicts = verdicts or {}
    in_effect = {c.field: c for c in history}
    extracted = document.get("tables") or {}
    tables = corrected_tables(extracted, in_effect) if in_effect else extracted
    raw_checks = recheck(document, tables) if in_effect else list(document.get("checks") or [])
    checks = [CheckView(i, check_id(c), str(c.get("rule")), str(c.get("status")), str(c.get("message")),
                        check_fields(c, tables)) for i, c in enumerate(raw_checks)]
    for check in checks:
        check.verdict = verdicts.get(check.id)
    warnings = [WarningView(i, str(w.get("code")), str(w.get("message")), warning_fields(w, tables))
                for i, w in enumerate(document.get("warnings") or [])]
    fails: dict[str, list[int]] = {}
    for check in checks:
        if check.status == "fail":
            for path in check.fields:
                fails.setdefault(path, []).append(check.index)
    warns: dict[str, list[int]] = {}
    for warning in warnings:
        for path in warning.fields:
            warns.setdefault(path, []).append(warning.index)
    cells = _Cells(tables, extracted, document.get("provenance") or {}, in_effect, fails, warns)
    version = (document.get("report") or {}).get("template") or "2021"
    views = []
    for key, make in (("proactive_disclosure", lambda: _proactive(cells, version)),
                      ("applications", lambda: _applications(cells, tables.get("applications") or {})),
                      ("review_litigation", lambda: _review(cells))):
        cells.row = 0
        views.append(TableView(key, labels.TABLE_TITLES[key], make()))
        cells.table += 1
    return ReportView(document, views, checks, warnings, history, bool(in_effect))
