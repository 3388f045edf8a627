"""A flattened table's rows to contract values: each value with ``cells_inferred`` naming what
decided it, or ``null`` with ``cells_ambiguous`` saying why. Never one of several.

Table 2 has no identities: a row is read only where its run admits one split. Table 3's rows
are split with their row total (the six applicant columns add up to 总计) and then assigned
together under applications.balance and applications.outcomes. Table 4's run is cut into its
blocks, each adding up to its 总计.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from extractor.contract import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    OUTCOME_ROWS_BEFORE_OTHER,
    REVIEW_COLUMNS,
)
from extractor.mapping import applications as applications_placer
from extractor.mapping import proactive as proactive_placer
from extractor.mapping import review as review_placer
from extractor.mapping import template
from extractor.mapping.flattened.rows import (
    FoundReview,
    FoundRow,
    find_applications,
    find_proactive,
    find_review,
)
from extractor.mapping.flattened.segments import Segment, segments
from extractor.mapping.flattened.solve import Identity, Solutions, Term, solve
from extractor.mapping.flattened.splits import Budget, SearchCapped, Split, SplitSettings, Splitter
from extractor.mapping.values import Found, Grid, Warnings
from extractor.warning_codes import WarningCode

__all__ = ["Segment", "detect_version", "loose_segments", "recover"]

PROACTIVE = proactive_placer.NAME
APPLICATIONS = applications_placer.NAME
REVIEW = review_placer.NAME
# The rule named when a run has one admissible split and nothing else was needed.
ONLY_SPLIT = "only_split"
ROW_TOTALS = "applications.row_totals"
# How the reason of a run that no cut fits begins.
_NO_CUT = "no cut"


@dataclass(frozen=True)
class Decided:
    split: Split
    rule: str


@dataclass(frozen=True)
class Ambiguous:
    reason: str


Verdict = Decided | Ambiguous


@dataclass
class Recovered:
    """What loose text gave for each table it holds: rows (template key → column → value) and,
    for table 3, the columns its header printed."""

    grids: dict[str, Grid] = field(default_factory=dict)
    applicant_columns: tuple[str, ...] = ()


def loose_segments(texts: Sequence[str]) -> list[Segment]:
    return segments("\n".join(texts))


def detect_version(segs: Sequence[Segment]) -> str | None:
    """The template by table 2's header words, read only in labels that open a flattened table 2."""
    labels = [s.label for s in segs if s.digits and "信息内容" in s.label]
    return template.detect_template(labels) if labels else None


def recover(segs: Sequence[Segment], version: str, wanted: set[str], warnings: Warnings,
            settings: SplitSettings | None = None) -> Recovered:
    """The ``wanted`` tables found in ``segs`` (a table not found there is left out)."""
    settings = settings or SplitSettings()
    out = Recovered()
    if PROACTIVE in wanted and (rows := find_proactive(segs, version)):
        out.grids[PROACTIVE] = _proactive(rows, warnings, settings)
    if APPLICATIONS in wanted and (rows := find_applications(segs)):
        out.applicant_columns = rows[0].columns
        out.grids[APPLICATIONS] = _applications(rows, warnings, settings)
    if REVIEW in wanted and (review := find_review(segs)) is not None:
        out.grids[REVIEW] = _review(review, warnings, settings)
    return out


# --- table 2 ---------------------------------------------------------------------------------


def _proactive(rows: list[FoundRow], warnings: Warnings, settings: SplitSettings) -> Grid:
    budget = Budget(settings.max_steps)
    splitter = Splitter(settings, budget)
    grid: Grid = {}
    for row in rows:
        grid[row.key] = _values(PROACTIVE, row, _only_split(splitter, row, settings), warnings)
    return grid


def _only_split(splitter: Splitter, row: FoundRow, settings: SplitSettings) -> Verdict:
    n = len(row.columns)
    if len(row.digits) > settings.max_run_chars:
        return Ambiguous(f"a run of {len(row.digits)} characters is longer than any row ({settings.max_run_chars})")
    try:
        splits = splitter.admissible(row.digits, row.columns, limit=2)
    except SearchCapped:
        return Ambiguous(f"the search reached its cap of {settings.max_steps} steps")
    if not splits:
        return Ambiguous(f"{row.digits!r} cannot be cut into {n} cells (a blank cell, or a character that is no number)")
    if len(splits) > 1:
        return Ambiguous(f"{row.digits!r} can be cut into {n} cells in more than one way "
                         f"({_shown(splits[0])} or {_shown(splits[1])}) and table 2 has no sums to choose")
    return Decided(splits[0], ONLY_SPLIT)


# --- table 3 ---------------------------------------------------------------------------------


def _applications(rows: list[FoundRow], warnings: Warnings, settings: SplitSettings) -> Grid:
    columns = rows[0].columns
    budget = Budget(settings.max_steps)
    splitter = Splitter(settings, budget)
    by_key = {r.key: r for r in rows}
    verdicts: dict[str, Verdict] = {}
    candidates: dict[str, list[Split]] = {}
    own_rule: dict[str, str] = {}
    try:
        for row in rows:
            found = _row_candidates(splitter, row, settings)
            if isinstance(found, Ambiguous):
                verdicts[row.key] = found
            else:
                candidates[row.key], own_rule[row.key] = found
        identities = _application_identities(set(by_key), columns)
        unchecked = sorted({r for i in identities for r in i.rows} - set(candidates), key=APPLICATION_ROWS.index)
        if unchecked:
            # A row not found, or whose run no cut adds up: the column identities cannot be
            # checked, and a cut that adds up within its row alone may not be the printed one
            # (a report's own slip in that row makes another cut add up). Nothing is trusted.
            reason = (f"the identities across rows cannot be checked without {', '.join(unchecked)} (not found, "
                      "or no cut adds up); no cut is trusted")
            verdicts.update({k: Ambiguous(reason) for k in by_key if k not in verdicts})
        else:
            verdicts.update(_judge(candidates, own_rule, identities, solve(candidates, identities, settings, budget)))
    except SearchCapped:
        reason = f"the search reached its cap of {settings.max_steps} steps; not split"
        verdicts.update({k: Ambiguous(reason) for k in by_key if k not in verdicts})
    grid: Grid = {}
    for row in rows:
        grid[row.key] = _values(APPLICATIONS, row, verdicts[row.key], warnings)
    return grid


def _row_candidates(splitter: Splitter, row: FoundRow, settings: SplitSettings) -> tuple[list[Split], str] | Ambiguous:
    n = len(row.columns)
    if len(row.digits) > settings.max_run_chars:
        return Ambiguous(f"a run of {len(row.digits)} characters is longer than any row ({settings.max_run_chars})")
    admissible = splitter.admissible(row.digits, row.columns, limit=2)
    if not admissible:
        return Ambiguous(f"{row.digits!r} cannot be cut into {n} cells (a blank cell, or a character that is no number)")
    if "total" not in row.columns:
        found = splitter.admissible(row.digits, row.columns, limit=settings.max_candidates + 1)
        rule = ONLY_SPLIT
    else:
        found = splitter.with_total(row.digits, row.columns, limit=settings.max_candidates + 1)
        rule = ONLY_SPLIT if len(admissible) == 1 else ROW_TOTALS
        if not found:
            return Ambiguous(f"no cut of {row.digits!r} into {n} cells makes the applicant columns add up to 总计")
    if len(found) > settings.max_candidates:
        return Ambiguous(f"{row.digits!r} has more than {settings.max_candidates} cuts into {n} cells; not split")
    return found, rule


def _application_identities(keys: set[str], columns: tuple[str, ...]) -> list[Identity]:
    others = [OTHER_ROW_SINGLE] if OTHER_ROW_SINGLE in keys else list(OTHER_ROWS_SPLIT)
    outcomes = [*OUTCOME_ROWS_BEFORE_OTHER, *others]
    out: list[Identity] = []
    for i, _ in enumerate(columns):
        out.append(Identity("applications.balance", (Term("new_received", i), Term("carried_over", i)),
                            (Term("total_processed", i), Term("carried_forward", i))))
        out.append(Identity("applications.outcomes", tuple(Term(r, i) for r in outcomes), (Term("total_processed", i),)))
    return out


def _judge(candidates: Mapping[str, list[Split]], own_rule: Mapping[str, str], identities: Sequence[Identity],
           solutions: Solutions) -> dict[str, Verdict]:
    """Each row's verdict: the split every assignment gives it, when there is at least one and
    all were seen; else why not."""
    if not solutions.found:
        rules = sorted({i.rule for i in identities}) or ["applications.row_totals"]
        return {k: Ambiguous(f"no assignment of the rows' cuts satisfies {', '.join(rules)} (the report's own "
                             "arithmetic may be off, or a blank cell left no trace)") for k in candidates}
    verdicts: dict[str, Verdict] = {}
    n = len(solutions.found)
    for row in candidates:
        splits = {s[row] for s in solutions.found}
        if len(splits) == 1 and solutions.complete:
            if len(candidates[row]) == 1:
                rule = own_rule[row]
            else:
                rule = ", ".join(sorted({i.rule for i in identities if row in i.rows}))
                rule = f"{own_rule[row]} + {rule}" if own_rule[row] != ONLY_SPLIT else rule
            verdicts[row] = Decided(splits.pop(), rule)
        else:
            many = f"{n}" if solutions.complete else f"at least {n}"
            verdicts[row] = Ambiguous(f"{many} assignments satisfy the identities and they cut this row differently "
                                      f"({' or '.join(_shown(s) for s in list(splits)[:2])})")
    return verdicts


# --- table 4 ---------------------------------------------------------------------------------


def _review(review: FoundReview, warnings: Warnings, settings: SplitSettings) -> Grid:
    budget = Budget(settings.max_steps)
    splitter = Splitter(settings, budget)
    verdicts: dict[str, Verdict] = {}
    for blocks, _, digits in review.runs:
        try:
            verdicts.update(_review_run(splitter, blocks, digits, settings))
        except SearchCapped:
            verdicts.update(dict.fromkeys(blocks, Ambiguous(f"the search reached its cap of {settings.max_steps} steps")))
    broken = [b for b, v in verdicts.items() if isinstance(v, Ambiguous) and v.reason.startswith(_NO_CUT)]
    if broken and len(broken) < len(verdicts):
        # Printed as three small tables: a block whose run no cut adds up says the report's
        # arithmetic is off, and a cut that adds up in another block may be a coincidence.
        reason = f"{', '.join(broken)} cannot be cut to add up; the table's arithmetic is off, no cut is trusted"
        verdicts = dict.fromkeys(verdicts, Ambiguous(reason))
    grid: Grid = {}
    for blocks, run, digits in review.runs:
        for block in blocks:
            row = FoundRow(block, "", run, digits, REVIEW_COLUMNS)
            grid[block] = _values(REVIEW, row, verdicts[block], warnings)
    return grid


def _review_run(splitter: Splitter, blocks: tuple[str, ...], digits: str, settings: SplitSettings) -> dict[str, Verdict]:
    """Every cut of ``digits`` into ``blocks`` of five cells, each adding up to its 总计."""
    n = len(REVIEW_COLUMNS) * len(blocks)
    if len(digits) > settings.max_run_chars:
        return dict.fromkeys(blocks, Ambiguous(f"a run of {len(digits)} characters is longer than table 4 can be"))
    if len(digits) < n or not digits.isdigit():
        return dict.fromkeys(blocks, Ambiguous(f"{_NO_CUT} of {digits!r} into {n} cells (a blank cell?)"))
    cache: dict[tuple[int, int], list[Split]] = {}

    def block_splits(start: int, end: int) -> list[Split]:
        if (start, end) not in cache:
            cache[(start, end)] = splitter.with_total(digits[start:end], REVIEW_COLUMNS, settings.max_candidates)
        return cache[(start, end)]

    solutions: list[tuple[Split, ...]] = []

    def walk(start: int, done: tuple[Split, ...]) -> bool:
        left = len(blocks) - len(done)
        if left == 0:
            if start == len(digits):
                solutions.append(done)
            return len(solutions) < settings.max_solutions
        width = len(REVIEW_COLUMNS)
        ends = [len(digits)] if left == 1 else range(start + width, len(digits) - width * (left - 1) + 1)
        for end in ends:
            for split in block_splits(start, end):
                if not walk(end, (*done, split)):
                    return False
        return True

    complete = walk(0, ())
    rules = {b: f"review_litigation.{b}" for b in blocks}
    if not solutions:
        return {b: Ambiguous(f"{_NO_CUT} of {digits!r} into {n} cells makes each block add up to its 总计 (the "
                             "report's own arithmetic may be off, or a blank cell left no trace)") for b in blocks}
    out: dict[str, Verdict] = {}
    for i, block in enumerate(blocks):
        splits = {s[i] for s in solutions}
        if len(splits) == 1 and complete:
            out[block] = Decided(splits.pop(), rules[block])
        else:
            many = f"{len(solutions)}" if complete else f"at least {len(solutions)}"
            out[block] = Ambiguous(f"{many} cuts of {digits!r} make every block add up, and they differ here "
                                   f"({' or '.join(_shown(s) for s in list(splits)[:2])})")
    return out


# --- values and warnings -------------------------------------------------------------------


def _values(table: str, row: FoundRow, verdict: Verdict, warnings: Warnings) -> dict[str, Found | None]:
    out: dict[str, Found | None] = {}
    # The run's characters as printed, one for each of its digits (wraps left out): a value's
    # raw text is its part of them (full-width digits stay full-width).
    printed = [ch for ch in row.run if not ch.isspace()]
    start = 0
    for i, col in enumerate(row.columns):
        path = f"{table}.{row.key}.{col}"
        if isinstance(verdict, Decided):
            part = "".join(printed[start : start + len(verdict.split.parts[i])])
            start += len(verdict.split.parts[i])
            warnings.add(WarningCode.CELLS_INFERRED,
                         f"{path}: {part} cut from the run {row.digits!r} printed without cell separators; "
                         f"decided by {verdict.rule}", field=path, rule=verdict.rule, raw=row.run)
            out[col] = Found(verdict.split.values[i], part, None, None)
        else:
            warnings.add(WarningCode.CELLS_AMBIGUOUS, f"{path}: null; the run {row.digits!r} printed without cell "
                         f"separators: {verdict.reason}", field=path, raw=row.run)
            out[col] = None
    if table == APPLICATIONS:
        for col in APPLICANT_COLUMNS:
            out.setdefault(col, None)
    return out


def _shown(split: Split) -> str:
    return "|".join(split.parts)
