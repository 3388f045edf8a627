"""The 勾稽 identities of the contract, evaluated on the numbers as printed.

Works on the plain ``tables`` dict of a document, so ``govreport check OUT.json`` can run
the same code on a JSON file. A report's own arithmetic errors are reported, never fixed.
"""

from __future__ import annotations

from typing import Any

from extractor.contract import (
    APPLICANT_COLUMNS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    OUTCOME_ROWS_BEFORE_OTHER,
    REVIEW_BLOCKS,
    Check,
)

Tables = dict[str, Any]

# Float sums (fees in 万元) compare with a tolerance; counts are integers and compare exactly.
_TOLERANCE = 1e-6


def _check(rule: str, terms: dict[str, Any], left: list[str], right: list[str], what: str) -> Check:
    missing = [name for name in (*left, *right) if terms.get(name) is None]
    if missing:
        return _partial(rule, terms, left, right, what, missing)
    lhs = sum(terms[n] for n in left)
    rhs = sum(terms[n] for n in right)
    ok = abs(lhs - rhs) <= _TOLERANCE
    return Check(
        rule=rule,
        status="pass" if ok else "fail",
        message=f"{what}: {' + '.join(left)} = {lhs} {'=' if ok else '≠'} {' + '.join(right)} = {rhs}",
        details={"left": lhs, "right": rhs, "difference": lhs - rhs},
    )


def _partial(rule: str, terms: dict[str, Any], left: list[str], right: list[str], what: str,
             missing: list[str]) -> Check:
    """An identity with terms missing: still a contradiction when one side is complete and
    the other's printed terms alone already exceed it (every term is a count, never below
    0, so the missing ones can only add). Otherwise it cannot be judged: skipped."""
    skipped = Check(rule=rule, status="skipped", message=f"{what}: missing {', '.join(missing)}",
                    details={"missing": missing})
    if any(terms[n] < 0 for n in (*left, *right) if terms.get(n) is not None):
        return skipped
    for whole, part in ((right, left), (left, right)):
        if any(terms.get(n) is None for n in whole):
            continue
        printed = [n for n in part if terms.get(n) is not None]
        total, sub = sum(terms[n] for n in whole), sum(terms[n] for n in printed)
        if printed and sub > total + _TOLERANCE:
            return Check(
                rule=rule,
                status="fail",
                message=(f"{what}: {' + '.join(printed)} = {sub} > {' + '.join(whole)} = {total}, "
                         f"even without {', '.join(missing)}"),
                details={"left": sub, "right": total, "difference": sub - total, "missing": missing,
                         "fields": [*printed, *whole]},
            )
    return skipped


def _outcome_rows(apps: dict[str, Any]) -> list[str]:
    others = [OTHER_ROW_SINGLE] if OTHER_ROW_SINGLE in apps else list(OTHER_ROWS_SPLIT)
    return [*OUTCOME_ROWS_BEFORE_OTHER, *others]


def application_checks(apps: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []
    outcome_rows = _outcome_rows(apps)
    for col in APPLICANT_COLUMNS:
        terms = {row: (apps.get(row) or {}).get(col) for row in apps}
        checks.append(
            _check(
                "applications.balance",
                {f"{r}.{col}": v for r, v in terms.items()},
                [f"new_received.{col}", f"carried_over.{col}"],
                [f"total_processed.{col}", f"carried_forward.{col}"],
                f"column {col}",
            )
        )
        checks.append(
            _check(
                "applications.outcomes",
                {f"{r}.{col}": v for r, v in terms.items()},
                [f"{r}.{col}" for r in outcome_rows],
                [f"total_processed.{col}"],
                f"column {col}",
            )
        )
    parts = [c for c in APPLICANT_COLUMNS if c != "total"]
    for row, values in apps.items():
        values = values or {}
        checks.append(_check("applications.row_totals", values, parts, ["total"], f"row {row}"))
    return checks


def review_checks(review: dict[str, Any]) -> list[Check]:
    checks = []
    for block in REVIEW_BLOCKS:
        values = review.get(block) or {}
        checks.append(
            _check(
                f"review_litigation.{block}",
                values,
                ["upheld", "corrected", "other", "pending"],
                ["total"],
                f"block {block}",
            )
        )
    return checks


def overview_texts(sections: list[dict[str, Any]]) -> list[str]:
    """The paragraphs the narrative rules read: the overview section's (its preamble included),
    as the document holds them."""
    overview = next((s for s in sections if s.get("key") == "overview"), {})
    return [p.get("text", "") for p in overview.get("paragraphs") or []]


def document_checks(document: dict[str, Any], tables: Tables | None = None) -> list[Check]:
    """Every rule ``extract`` runs, from a document's JSON: the 勾稽 identities on its tables
    (or on ``tables``, corrected ones) and the narrative rules on its overview's paragraphs, so
    ``govreport check`` and the review page agree with the document's own ``checks``."""
    from extractor.narrative import narrative_checks

    tables = document.get("tables") or {} if tables is None else tables
    year = (document.get("report") or {}).get("year")
    texts = overview_texts(document.get("sections") or [])
    return [*run_checks(tables), *narrative_checks(texts, tables, year)]


def run_checks(tables: Tables) -> list[Check]:
    return [
        *application_checks(tables.get("applications") or {}),
        *review_checks(tables.get("review_litigation") or {}),
    ]
