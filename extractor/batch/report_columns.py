"""A report's own columns in every export: who published it (the document's ``identity``
block), when, and what evaluators measure (its ``measures`` block), beside the counts of
failed checks and warnings.

Both blocks are optional (schema 1.2): a document without them gets empty identity columns
and no measure columns. Measures are flattened to dotted names (``measures.timeliness.on_time``,
``measures.repetition.by_section.problems``); a list becomes its JSON text, so every cell is a
scalar that CSV, Parquet and a spreadsheet can hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from extractor.template_labels import SECTION_WORDS

IDENTITY_FIELDS = ("name", "level", "kind", "province", "city", "county", "division_code", "evidence")

# The columns every export had before the identity (source_file, agency, year, template) keep
# their places, so a reader that takes them by position still finds them.
FIRST_COLUMNS = ("source_file", "agency", "year", "template", "published_on",
                 *(f"identity.{f}" for f in IDENTITY_FIELDS))
COUNT_COLUMNS = ("failed_checks", "warnings")

# The Chinese heading of each fixed column and of the measure names known when this was written;
# a measure added later is headed by its key until it is named here.
HEADINGS = {
    "source_file": "文件",
    "agency": "机关（原文）",
    "identity.name": "机关名称（规范）",
    "identity.level": "层级",
    "identity.kind": "类别",
    "identity.province": "省级",
    "identity.city": "地市级",
    "identity.county": "县级",
    "identity.division_code": "行政区划代码",
    "identity.evidence": "判定依据",
    "year": "年度",
    "template": "模板版本",
    "published_on": "发布日期",
    "failed_checks": "未通过核对数",
    "warnings": "警告数",
    "measures.timeliness.deadline": "公开期限",
    "measures.timeliness.published_on": "发布日期（时效）",
    "measures.timeliness.on_time": "按时公开",
    "measures.timeliness.days_late": "逾期天数",
    "measures.completeness": "完整性",
    "measures.consistency.failed_by_rule": "未通过的核对（按规则）",
    "measures.carry_over": "与上年结转核对",
    "measures.repetition.overall": "与上年重复比例",
    "measures.repetition.by_section": "与上年重复比例（按部分）",
}


@dataclass(frozen=True)
class ColumnMeaning:
    """The dictionary's line for a report column."""

    key: str
    heading: str
    meaning: str


MEANINGS = {
    "source_file": "the report's file, relative to the batch's input folder",
    "agency": "the agency as the report prints it (report.agency)",
    "identity.name": "the agency's normalised full name with its region prefix",
    "identity.level": "level of government (province, city, county, township)",
    "identity.kind": "a government or one of its departments",
    "identity.province": "province of the agency",
    "identity.city": "prefecture-level city of the agency",
    "identity.county": "county-level division of the agency",
    "identity.division_code": "6-digit administrative division code (行政区划代码)",
    "identity.evidence": "what decided the identity",
    "year": "the year the report covers",
    "template": "the national template version the tables follow (2019 or 2021)",
    "published_on": "the date the report gives for its publication (YYYY-MM-DD)",
    "failed_checks": "number of the report's checks that failed",
    "warnings": "number of the report's warnings",
    "measures.timeliness.deadline": "the day the report was due (31 January of the next year)",
    "measures.timeliness.published_on": "the publication date the measure used",
    "measures.timeliness.on_time": "published by the deadline (empty: the date is unknown)",
    "measures.timeliness.days_late": "days after the deadline",
    "measures.completeness": "parts, tables and rows present (each field a column)",
    "measures.consistency.failed_by_rule": "failed checks by rule (a column per rule)",
    "measures.carry_over": "agreement of this year's carry-over with last year's report (each field a column; "
                           "empty without last year's report)",
    "measures.repetition.overall": "share of the narrative that repeats the agency's previous report (0-1)",
    "measures.repetition.by_section": "the same share per part of the report (a column per part)",
}


def heading(column: str) -> str:
    """The Chinese heading of a report column; a measure not yet named keeps its key's tail
    under the nearest named parent ("与上年重复比例（按部分）·存在问题")."""
    if column in HEADINGS:
        return HEADINGS[column]
    parent, _, tail = column.rpartition(".")
    while parent and parent not in HEADINGS:
        parent, _, rest = parent.rpartition(".")
        tail = f"{rest}.{tail}"
    if not parent:
        return column
    return f"{HEADINGS[parent]}·{SECTION_WORDS.get(tail, tail)}"


def meaning(column: str) -> str:
    """What a report column means: its own line, else its nearest described parent's (a rule's
    column of ``measures.consistency.failed_by_rule``)."""
    parent = column
    while parent:
        if parent in MEANINGS:
            return MEANINGS[parent] if parent == column else f"{MEANINGS[parent]}: {column[len(parent) + 1:]}"
        parent = parent.rpartition(".")[0]
    return "an evaluator measure (docs/json.md)"


def _flat(prefix: str, value: Any, into: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _flat(f"{prefix}.{key}", inner, into)
    elif isinstance(value, dict):
        into[prefix] = None  # an empty block: the column is there, with nothing in it
    elif isinstance(value, list):
        into[prefix] = json.dumps(value, ensure_ascii=False)
    else:
        into[prefix] = value


def identity_columns(doc: dict[str, Any]) -> dict[str, Any]:
    identity = doc.get("identity") if isinstance(doc.get("identity"), dict) else {}
    columns = {f"identity.{f}": identity.get(f) for f in IDENTITY_FIELDS}
    evidence = columns["identity.evidence"]
    if evidence is not None and not isinstance(evidence, str):
        columns["identity.evidence"] = json.dumps(evidence, ensure_ascii=False)  # a cell holds text
    return columns


def measure_columns(doc: dict[str, Any]) -> dict[str, Any]:
    measures = doc.get("measures")
    columns: dict[str, Any] = {}
    if isinstance(measures, dict):
        for name, value in measures.items():
            _flat(f"measures.{name}", value, columns)
    return columns


def report_columns(doc: dict[str, Any], source_file: str) -> dict[str, Any]:
    """The report's columns in order: who and when, then its measures (as present)."""
    report = doc.get("report") or {}
    columns = {"source_file": source_file, "agency": report.get("agency"), "year": report.get("year"),
               "template": report.get("template"), "published_on": report.get("published_on"),
               **identity_columns(doc)}
    columns.update(measure_columns(doc))
    return columns


def count_columns(doc: dict[str, Any]) -> dict[str, int]:
    return {"failed_checks": sum(1 for c in doc.get("checks") or [] if c.get("status") == "fail"),
            "warnings": len(doc.get("warnings") or [])}
