"""Cross-report checks and measures over a batch's outputs, by agency identity.

Reports are grouped by agency: the ``identity`` block's normalised name (洪泽区人民政府 and
淮安市洪泽区人民政府 are one agency), else the agency as printed in one spelling. Per agency:

* one report per year: where a year has several (the same report in several formats, or twice),
  the one with the most table values is kept, then the fewest failed checks, then the fewest
  warnings, then the first by path; the others are listed as duplicates with that reason;
* gaps: years missing between two present;
* carry-over: ``carried_forward`` of year N must equal ``carried_over`` of N+1, per column
  (``OUT/corpus_checks.jsonl``, one line per column);
* the cross-report measures of each report (``measures.carry_over``, ``measures.repetition``)
  against the agency's previous report in the batch, written into each output (atomically) and
  counted in ``OUT/corpus_summary.jsonl`` with the agencies and years matched.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.store import iter_outputs
from extractor.contract import APPLICANT_COLUMNS, CarryOver, Repetition
from extractor.identity.aliases import current_aliases
from extractor.identity.names import clean, own_name
from extractor.identity.resolve import IdentitySources, resolve_identity
from extractor.measures import narrative, repetition
from extractor.names import shown
from extractor.outputs import write_text

NAME = "corpus_checks.jsonl"
# JSON Lines, like the manifest (not *.json: every *.json under OUT is taken for a report):
# a line of counts, then one line per duplicated agency-year and per agency with gaps.
SUMMARY = "corpus_summary.jsonl"
RULE = "corpus.carried_over_matches_previous_year"


@dataclass
class Entry:
    """What the corpus stage keeps of one output (small: no tables but two rows)."""

    file: str
    key: str | None  # the agency: identity name, or the printed name in one spelling
    by_identity: bool  # the key is a resolved identity (region known)
    year: int | None
    carried_forward: dict[str, Any]
    carried_over: dict[str, Any]
    narrative: dict[str, str]
    values: int  # table values found
    failed: int
    warnings: int
    on_time: bool | None  # measures.timeliness.on_time (None: unknown, or a document before 1.2)

    def rank(self) -> tuple[int, int, int, str]:
        """Smaller is kept first among the same agency-year's reports."""
        return (-self.values, self.failed, self.warnings, self.file)


@dataclass(frozen=True)
class Duplicate:
    agency: str
    year: int
    kept: str
    dropped: list[str]
    why: str = "most table values, then fewest failed checks, then fewest warnings, then first by path"


@dataclass(frozen=True)
class Gap:
    agency: str
    missing: list[int]


@dataclass
class CorpusSummary:
    reports: int = 0  # outputs read
    reports_matched: int = 0  # with an agency and a year
    agencies: int = 0
    agencies_by_identity: int = 0  # of those, keyed by a resolved identity (region known)
    agency_years: int = 0
    consecutive_pairs: int = 0  # (agency, N, N+1) carry-over compared
    reports_with_previous: int = 0  # with an earlier report of the same agency
    repetition_measured: int = 0
    carry_over_measured: int = 0
    # of the reports with a previous one: publication date known, so on time or late is known
    timeliness_known: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class CorpusResult:
    checks: list[dict[str, Any]]
    summary: CorpusSummary
    # file → (carry_over, repetition) for each report with a previous report of its agency
    cross: dict[str, tuple[CarryOver | None, Repetition | None]]


def agency_key(document: dict[str, Any]) -> tuple[str | None, bool]:
    """The agency a document is grouped under, and whether that is a resolved identity. A
    document without an ``identity`` block (schema 1.0/1.1) is resolved here from its agency."""
    identity = document.get("identity")
    agency = (document.get("report") or {}).get("agency")
    if identity is None and agency:
        identity = resolve_identity(IdentitySources(agency), current_aliases()).identity.model_dump()
    if identity and identity.get("name") and identity.get("division_code"):
        return identity["name"], True
    return (own_name(clean(agency), current_aliases()) or None, False) if agency else (None, False)


def _entry(file: str, doc: dict[str, Any]) -> Entry:
    report = doc.get("report") or {}
    applications = (doc.get("tables") or {}).get("applications") or {}
    key, by_identity = agency_key(doc)
    return Entry(
        file=file,
        key=key,
        by_identity=by_identity,
        year=report.get("year") if isinstance(report.get("year"), int) else None,
        carried_forward=applications.get("carried_forward") or {},
        carried_over=applications.get("carried_over") or {},
        narrative=narrative(doc.get("sections") or []),
        values=_values(doc.get("tables") or {}),
        failed=sum(1 for c in doc.get("checks") or [] if c.get("status") == "fail"),
        warnings=len(doc.get("warnings") or []),
        on_time=((doc.get("measures") or {}).get("timeliness") or {}).get("on_time"),
    )


def _values(tables: dict[str, Any]) -> int:
    return sum(
        1
        for table in tables.values() if isinstance(table, dict)
        for row in table.values() if isinstance(row, dict)
        for v in row.values() if v is not None
    )


def corpus_analysis(documents: Iterable[tuple[str, dict[str, Any]]]) -> CorpusResult:
    summary = CorpusSummary()
    by_agency: dict[str, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    identified: set[str] = set()
    for file, doc in documents:
        summary.reports += 1
        entry = _entry(file, doc)
        if entry.key and entry.year is not None:
            by_agency[entry.key][entry.year].append(entry)
            if entry.by_identity:
                identified.add(entry.key)
    checks: list[dict[str, Any]] = []
    cross: dict[str, tuple[CarryOver | None, Repetition | None]] = {}
    for agency, years in sorted(by_agency.items()):
        kept = {year: _keep(agency, year, entries, summary) for year, entries in years.items()}
        present = sorted(kept)
        missing = [y for y in range(present[0], present[-1] + 1) if y not in kept]
        if missing:
            summary.gaps.append(Gap(agency, missing))
        for year in present:
            if year + 1 in kept:
                summary.consecutive_pairs += 1
                checks.extend(_carry_checks(agency, kept[year], kept[year + 1]))
            earlier = [y for y in present if y < year]
            for entry in years[year]:
                summary.reports_matched += 1
                if earlier:
                    cross[entry.file] = _cross(entry, kept[earlier[-1]])
                    summary.timeliness_known += entry.on_time is not None
    summary.agencies = len(by_agency)
    summary.agencies_by_identity = len(identified)
    summary.agency_years = sum(len(years) for years in by_agency.values())
    summary.reports_with_previous = len(cross)
    summary.carry_over_measured = sum(1 for c, _ in cross.values() if c is not None)
    summary.repetition_measured = sum(1 for _, r in cross.values() if r is not None and r.overall is not None)
    return CorpusResult(checks, summary, cross)


def corpus_checks(documents: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The carry-over check lines (``OUT/corpus_checks.jsonl``; the review page's corpus view)."""
    return corpus_analysis(documents).checks


def _keep(agency: str, year: int, entries: list[Entry], summary: CorpusSummary) -> Entry:
    ordered = sorted(entries, key=Entry.rank)
    if len(ordered) > 1:
        summary.duplicates.append(Duplicate(agency, year, ordered[0].file, [e.file for e in ordered[1:]]))
    return ordered[0]


def _compare(previous: Entry, entry: Entry) -> Iterator[tuple[str, Any, Any, str]]:
    for col in APPLICANT_COLUMNS:
        x, y = previous.carried_forward.get(col), entry.carried_over.get(col)
        yield col, x, y, "skipped" if x is None or y is None else ("pass" if x == y else "fail")


def _carry_checks(agency: str, a: Entry, b: Entry) -> list[dict[str, Any]]:
    return [
        {"rule": RULE, "agency": agency, "years": [a.year, b.year], "files": [a.file, b.file], "column": col,
         "status": status, "carried_forward": x, "carried_over": y}
        for col, x, y, status in _compare(a, b)
    ]


def summary_lines(summary: CorpusSummary) -> str:
    counts = {k: v for k, v in asdict(summary).items() if k not in ("duplicates", "gaps")}
    lines = [{"kind": "counts", **counts}]
    lines += [{"kind": "duplicate", **asdict(d)} for d in summary.duplicates]
    lines += [{"kind": "gap", **asdict(g)} for g in summary.gaps]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def read_summary(out: Path) -> dict[str, Any]:
    """``corpus_summary.jsonl`` back as one dict: the counts, ``duplicates`` and ``gaps``."""
    found: dict[str, Any] = {"duplicates": [], "gaps": []}
    for line in (out / SUMMARY).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        kind = record.pop("kind")
        if kind == "counts":
            found.update(record)
        else:
            found[f"{kind}s"].append(record)
    return found


def describe(summary: CorpusSummary) -> str:
    """The corpus stage in one line, for the batch's summary."""
    return (
        f"corpus: {summary.reports_matched} of {summary.reports} reports matched to {summary.agencies} agencies "
        f"({summary.agencies_by_identity} by region and name), {summary.agency_years} agency-years, "
        f"{summary.consecutive_pairs} consecutive pairs, {len(summary.duplicates)} duplicated agency-years, "
        f"{len(summary.gaps)} agencies with gaps; {summary.repetition_measured} reports measured against a previous one "
        f"({summary.timeliness_known} of them with a publication date)"
    )


def _cross(entry: Entry, previous: Entry) -> tuple[CarryOver | None, Repetition | None]:
    ref = {"file": previous.file, "year": previous.year}
    carry = None
    if previous.year == (entry.year or 0) - 1:
        statuses = [status for *_, status in _compare(previous, entry)]
        agree, differ = statuses.count("pass"), statuses.count("fail")
        carry = CarryOver(
            previous_file=previous.file, previous_year=previous.year, columns_agree=agree, columns_differ=differ,
            columns_unknown=statuses.count("skipped"), agrees=(differ == 0) if agree + differ else None,
        )
    return carry, repetition(entry.narrative, previous.narrative, ref)


def _index(out: Path, paths: dict[str, Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The outputs reduced, one at a time, to what the corpus stage reads. Memory stays small
    however many reports a batch holds (each kept: two rows, the narrative, a few counts)."""
    for path, doc in iter_outputs(out):
        rel = shown(str(path.relative_to(out)))
        paths[rel] = path
        yield rel, doc


def write_corpus_checks(out: Path) -> list[dict[str, Any]]:
    return write_corpus(out).checks


def write_corpus(out: Path) -> CorpusResult:
    """Checks to ``corpus_checks.jsonl``, counts to ``corpus_summary.jsonl``, and each output's
    cross-report measures into it (each file replaced atomically, only where they changed)."""
    paths: dict[str, Path] = {}
    result = corpus_analysis(_index(out, paths))
    write_text(out / NAME, "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in result.checks))
    write_text(out / SUMMARY, summary_lines(result.summary))
    for rel, path in paths.items():
        _update_measures(path, result.cross.get(rel, (None, None)))
    return result


def _update_measures(path: Path, cross: tuple[CarryOver | None, Repetition | None]) -> None:
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return  # not ours to mend: iter_outputs skipped it too
    measures = doc.get("measures") if isinstance(doc, dict) else None
    if not isinstance(measures, dict):
        return  # a document of schema 1.0/1.1: no measures block to fill
    carry, rep = (c.model_dump(mode="json") if c is not None else None for c in cross)
    if measures.get("carry_over") == carry and measures.get("repetition") == rep:
        return
    measures["carry_over"], measures["repetition"] = carry, rep
    write_text(path, json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
