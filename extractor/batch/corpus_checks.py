"""Cross-report checks over a batch's outputs.

An agency's applications carried forward at the end of year N are the applications carried
over at the start of year N+1: per column, ``carried_forward`` of N must equal
``carried_over`` of N+1. Results go to ``OUT/corpus_checks.jsonl``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from extractor.batch.manifest import write_atomic
from extractor.contract import APPLICANT_COLUMNS

NAME = "corpus_checks.jsonl"


def corpus_checks(documents: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    by_agency: dict[str, dict[int, tuple[str, dict[str, Any]]]] = defaultdict(dict)
    for rel, doc in documents:
        report = doc.get("report", {})
        agency, year = report.get("agency"), report.get("year")
        if agency and isinstance(year, int):
            by_agency[agency].setdefault(year, (rel, doc))
    checks = []
    for agency, years in sorted(by_agency.items()):
        for year in sorted(years):
            if year + 1 not in years:
                continue
            (file_a, a), (file_b, b) = years[year], years[year + 1]
            forward = a["tables"]["applications"].get("carried_forward") or {}
            over = b["tables"]["applications"].get("carried_over") or {}
            for col in APPLICANT_COLUMNS:
                x, y = forward.get(col), over.get(col)
                status = "skipped" if x is None or y is None else ("pass" if x == y else "fail")
                checks.append(
                    {
                        "rule": "corpus.carried_over_matches_previous_year",
                        "agency": agency,
                        "years": [year, year + 1],
                        "files": [file_a, file_b],
                        "column": col,
                        "status": status,
                        "carried_forward": x,
                        "carried_over": y,
                    }
                )
    return checks


def write_corpus_checks(out: Path) -> list[dict[str, Any]]:
    from extractor.batch.runner import iter_outputs

    documents = [(str(path.relative_to(out)), doc) for path, doc in iter_outputs(out)]
    checks = corpus_checks(documents)
    write_atomic(out / NAME, "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in checks))
    return checks
