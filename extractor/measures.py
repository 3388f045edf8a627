"""What evaluators score in a report (docs/identity.md, "Measures").

Per report, from its own JSON: timeliness (published by 31 January of the next year, 条例 第五十条),
completeness (six sections, three tables, each table's rows) and consistency (failed checks by
rule). Across reports (a batch's corpus checks, extractor/batch/corpus_checks.py): carry-over
agreement with last year's report and ``repetition``, the share of the narrative that repeats the
same agency's previous report, by the character n-gram measure defined here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from extractor.contract import (
    Completeness,
    Consistency,
    Measures,
    Repetition,
    SectionKey,
    TableCompleteness,
    Timeliness,
)
from extractor.text import nfkc

# The six sections in template order: the contract's own list.
SECTION_KEYS: tuple[str, ...] = get_args(SectionKey)
TABLE_KEYS: tuple[str, ...] = ("proactive_disclosure", "applications", "review_litigation")


@dataclass(frozen=True)
class RepetitionSettings:
    # Characters per n-gram. 8: the share two different agencies' reports of one year reach on
    # the samples stays below 0.25 (the template's stock phrases, 政府信息公开工作 is 8 characters,
    # are shared by all), while a report copied from last year with new figures scores near 1.
    # docs/identity.md gives the figures this was chosen on.
    # Characters per n-gram. 5: about two words; between the six different reports of the samples
    # and the real corpus (30 ordered pairs) at most 0.10 of one's 5-grams occur in the other (the
    # template's stock phrases), while a report copied from last year with new figures scores
    # near 1 (digits are read as 0). docs/identity.md gives the figures for 5, 6, 8 and 10.
    n: int = 5
    # Fewer characters than this in a section and its share is null: too little text to say.
    min_chars: int = 20

    @property
    def method(self) -> str:
        return f"char-{self.n}gram"


REPETITION = RepetitionSettings()

# The deadline (条例 第五十条): by 31 January each year, the report on the year before.
_DEADLINE_MONTH, _DEADLINE_DAY = 1, 31


def timeliness(year: int | None, published_on: str | None) -> Timeliness:
    if not isinstance(year, int):
        return Timeliness(deadline=None, published_on=published_on, on_time=None, days_late=None)
    deadline = dt.date(year + 1, _DEADLINE_MONTH, _DEADLINE_DAY)
    published = _date(published_on)
    if published is None:
        return Timeliness(deadline=deadline.isoformat(), published_on=published_on, on_time=None, days_late=None)
    late = (published - deadline).days
    return Timeliness(deadline=deadline.isoformat(), published_on=published_on, on_time=late <= 0, days_late=max(late, 0))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def completeness(sections: list[Mapping[str, Any]], tables: Mapping[str, Any]) -> Completeness:
    found = {s.get("key") for s in sections if s.get("heading")}
    table_parts = {key: _table_completeness(tables.get(key) or {}) for key in TABLE_KEYS}
    return Completeness(
        sections_present=sum(1 for k in SECTION_KEYS if k in found),
        sections_missing=[k for k in SECTION_KEYS if k not in found],
        tables_present=sum(1 for t in table_parts.values() if t.present),
        tables=table_parts,
    )


def _table_completeness(table: Mapping[str, Any]) -> TableCompleteness:
    # A row is a dict of column → value; the 其他处理 form the report did not print is absent
    # (or None before the JSON is written) and is no row of this report.
    rows = [row for row in table.values() if isinstance(row, Mapping)]
    given = sum(1 for row in rows if any(v is not None for v in row.values()))
    return TableCompleteness(present=given > 0, rows_given=given, rows=len(rows))


def consistency(checks: Iterable[Mapping[str, Any]]) -> Consistency:
    status = Counter(c.get("status") for c in checks)
    failed = Counter(c.get("rule") for c in checks if c.get("status") == "fail")
    return Consistency(
        failed=status["fail"], passed=status["pass"], skipped=status["skipped"],
        failed_by_rule=dict(sorted(failed.items())),
    )


def document_measures(document: Mapping[str, Any]) -> Measures:
    """The per-report measures of a document (its JSON or the pipeline's parts of it)."""
    report = document.get("report") or {}
    return Measures(
        timeliness=timeliness(report.get("year"), report.get("published_on")),
        completeness=completeness(document.get("sections") or [], document.get("tables") or {}),
        consistency=consistency(document.get("checks") or []),
    )


# --- repetition ---------------------------------------------------------------------------

_NOT_TEXT = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d")


def narrative(sections: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each section's narrative as the measure reads it: paragraphs joined, the preamble (title,
    agency line, the template's opening) left out, NFKC, without spaces and punctuation, every
    digit as 0 (a sentence copied with this year's figures is still copied)."""
    found: dict[str, str] = {}
    for section in sections:
        texts = [p.get("text") or "" for p in section.get("paragraphs") or [] if p.get("label") != "preamble"]
        found[str(section.get("key"))] = _DIGITS.sub("0", _NOT_TEXT.sub("", nfkc("".join(texts))))
    return found


def _grams(text: str, n: int) -> list[str]:
    return [text[i : i + n] for i in range(len(text) - n + 1)]


@dataclass(frozen=True)
class Overlap:
    repeated: int  # n-gram positions of this text found in the previous one
    total: int  # n-gram positions of this text

    @property
    def share(self) -> float:
        return round(self.repeated / self.total, 4)


def overlap(text: str, previous: str, settings: RepetitionSettings = REPETITION) -> Overlap | None:
    """The character n-grams of ``text`` that occur anywhere in ``previous``; None for too short a text."""
    if len(text) < max(settings.min_chars, settings.n):
        return None
    grams = _grams(text, settings.n)
    seen = set(_grams(previous, settings.n))
    return Overlap(sum(1 for g in grams if g in seen), len(grams))


def repetition(
    current: Mapping[str, str], previous: Mapping[str, str], previous_ref: dict[str, Any],
    settings: RepetitionSettings = REPETITION,
) -> Repetition:
    """Per section, the share of this report's n-grams found in the same section of the previous
    report; overall, over all sections' n-grams together."""
    by_section: dict[str, float | None] = {}
    repeated = total = 0
    for key in SECTION_KEYS:
        part = overlap(current.get(key, ""), previous.get(key, ""), settings)
        by_section[key] = part.share if part else None
        if part:
            repeated, total = repeated + part.repeated, total + part.total
    return Repetition(
        method=settings.method,
        by_section=by_section,
        overall=round(repeated / total, 4) if total else None,
        previous=previous_ref,
    )
