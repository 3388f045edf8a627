"""What the corpus view's charts are drawn from: a few facts of each report, in the page as
JSON; the browser sums them over the reports in view (static/charts.js), so the charts follow
the table's filter.

Blank is not zero: a number the report does not give is null here, and the browser leaves it
out of a sum and counts it as a blank under the chart, never as 0.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from extractor.contract import APPLICATION_ROWS, REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.template_labels import REVIEW_BLOCK_LABELS, REVIEW_COLUMN_LABELS

# How requests ended (table 3's 三、本年度办理结果, （一）…（六）), by the rows that make each up.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "予以公开": ("granted",),
    "部分公开": ("partially_granted",),
    "不予公开": tuple(r for r in APPLICATION_ROWS if r.startswith("denied_")),
    "无法提供": tuple(r for r in APPLICATION_ROWS if r.startswith("unavailable_")),
    "不予处理": tuple(r for r in APPLICATION_ROWS if r.startswith("not_processed_")),
    "其他": tuple(r for r in APPLICATION_ROWS if r.startswith("other_")),
}
# Applications received and carried, per year: (row, its name in the chart).
FLOWS = (
    ("new_received", "本年新收"),
    ("carried_over", "上年结转"),
    ("carried_forward", "结转下年度"),
)
# Table 4's outcomes drawn (its 总计 is their sum, so it is not a bar of its own).
REVIEW_OUTCOMES = tuple(c for c in REVIEW_COLUMNS if c != "total")


@dataclass
class Part:
    """A sum's part from one report: the value (None: nothing given) and the blanks in it."""

    value: int | float | None = None
    blanks: int = 0

    def add(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.value = value if self.value is None else self.value + value
        else:
            self.blanks += 1


@dataclass
class ReportFacts:
    n: int
    href: str
    agency: str
    year: int | None
    failed: int
    days_late: int | None = None
    repetition: float | None = None
    flows: dict[str, Part] = field(default_factory=dict)
    outcomes: dict[str, Part] = field(default_factory=dict)
    review: dict[str, dict[str, Part]] = field(default_factory=dict)


def _total(applications: dict[str, Any], row: str) -> Any:
    values = applications.get(row)
    return values.get("total") if isinstance(values, dict) else None


def facts(n: int, href: str, doc: dict[str, Any]) -> dict[str, Any]:
    """One report's facts for the charts, as JSON-ready data."""
    report = doc.get("report") or {}
    identity = doc.get("identity") if isinstance(doc.get("identity"), dict) else {}
    measures = doc.get("measures") if isinstance(doc.get("measures"), dict) else {}
    found = ReportFacts(n, href, identity.get("name") or report.get("agency") or "（未识别机关）", report.get("year"),
                        sum(1 for c in doc.get("checks") or [] if c.get("status") == "fail"))
    found.days_late = _lateness(measures.get("timeliness"))
    repetition = measures.get("repetition")
    if isinstance(repetition, dict) and isinstance(repetition.get("overall"), int | float):
        found.repetition = repetition["overall"]
    tables = doc.get("tables") or {}
    applications = tables.get("applications") or {}
    for row, name in FLOWS:
        found.flows[name] = Part()
        found.flows[name].add(_total(applications, row))
    for name, rows in OUTCOMES.items():
        part = found.outcomes[name] = Part()
        for row in rows:
            if isinstance(applications.get(row), dict):  # a row the report printed (（六） is one row or three)
                part.add(_total(applications, row))
    litigation = tables.get("review_litigation") or {}
    for block in REVIEW_BLOCKS:
        values = litigation.get(block) if isinstance(litigation.get(block), dict) else {}
        found.review[REVIEW_BLOCK_LABELS[block]] = {REVIEW_COLUMN_LABELS[c]: Part() for c in REVIEW_OUTCOMES}
        for column in REVIEW_OUTCOMES:
            found.review[REVIEW_BLOCK_LABELS[block]][REVIEW_COLUMN_LABELS[column]].add(values.get(column))
    return asdict(found)


def _lateness(timeliness: Any) -> int | None:
    """Days late; 0 when on time; None when the measure is absent or the date unknown."""
    if not isinstance(timeliness, dict):
        return None
    days = timeliness.get("days_late")
    if isinstance(days, int) and not isinstance(days, bool):
        return max(days, 0)
    return 0 if timeliness.get("on_time") is True else None


def legend() -> dict[str, Any]:
    """The charts' series names in order (the page draws every series, even one all blank)."""
    return {"flows": [name for _, name in FLOWS], "outcomes": list(OUTCOMES),
            "blocks": list(REVIEW_BLOCK_LABELS.values()), "review_outcomes": [REVIEW_COLUMN_LABELS[c] for c in REVIEW_OUTCOMES]}
