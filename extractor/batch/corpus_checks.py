"""Cross-report checks over a batch's outputs.

An agency's applications carried forward at the end of year N are the applications carried
over at the start of year N+1: per column, ``carried_forward`` of N must equal
``carried_over`` of N+1. Results go to ``OUT/corpus_checks.jsonl``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor.batch.store import iter_outputs
from extractor.contract import APPLICANT_COLUMNS
from extractor.names import shown
from extractor.outputs import write_text

NAME = "corpus_checks.jsonl"


def corpus_checks(documents: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
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


def _index(out: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The outputs reduced, one at a time, to what the check reads: agency, year and the two
    carry-over rows. Memory stays small however many reports a batch holds."""
    for path, doc in iter_outputs(out):
        report, applications = doc["report"], doc["tables"].get("applications") or {}
        yield shown(str(path.relative_to(out))), {
            "report": {"agency": report.get("agency"), "year": report.get("year")},
            "tables": {"applications": {k: applications.get(k) for k in ("carried_forward", "carried_over")}},
        }


def write_corpus_checks(out: Path) -> list[dict[str, Any]]:
    checks = corpus_checks(_index(out))
    write_text(out / NAME, "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in checks))
    return checks
