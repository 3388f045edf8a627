"""A flattened table's rows to contract values: each value with ``cells_inferred`` naming what
decided it, or ``null`` with ``cells_ambiguous`` saying why. Never one of several.

Table 2 has no identities: a row is read only where its run admits one split, and only when
nothing in the copy shows that blank cells vanished (a blank printed as nothing leaves a run
short of one cell, and a run short of one cell may still admit one cut, the wrong one: "—,0,12"
printed "012" cuts 0|1|2). Tables 3 and 4 show it: a run of theirs that cannot be cut at all, or
cuts that no assignment fits under the identities, mean blanks vanished (or the report's own
arithmetic is off), and table 2's cuts are then not trusted. Table 3's rows are split with their
row total (the six applicant columns add up to 总计) and then assigned together under
applications.balance and applications.outcomes. Table 4's run is cut into its blocks, each
adding up to its 总计. A placeholder printed for a blank cell ("—", "/", "无") is a cell of its
own: null with ``blank_value``, as the same placeholder in a table's grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

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
    fold_stray_marks,
)
from extractor.mapping.flattened.segments import Segment, segments, tokenize
from extractor.mapping.flattened.solve import Identity, Solutions, Term, solve
from extractor.mapping.flattened.splits import (
    Budget,
    CellKind,
    SearchCapped,
    Split,
    SplitSettings,
    Splitter,
    is_placeholder,
    kind_of,
    next_start,
)
from extractor.mapping.values import Found, Grid, Warnings
from extractor.warning_codes import WarningCode

__all__ = ["Segment", "detect_version", "loose_segments", "recover"]

PROACTIVE = proactive_placer.NAME
APPLICATIONS = applications_placer.NAME
REVIEW = review_placer.NAME
# The rule named when a run has one admissible split and nothing else was needed.
ONLY_SPLIT = "only_split"
ROW_TOTALS = "applications.row_totals"


class Why(Enum):
    """Why a run gave no values."""

    NO_CUT = "no cut"  # the run cannot be cut into the row's cells (or none adds up)
    NO_ASSIGNMENT = "no assignment"  # cuts exist, but none fits the identities across rows
    UNCHECKED = "unchecked"  # a row the identities name is missing
    SEVERAL = "several"  # several cuts or assignments
    TOO_BIG = "too big"  # past a bound of the search
    BLANKS_VANISH = "blanks vanish"  # table 2: another table shows that blank cells vanished
    BROKEN_TABLE = "broken table"  # table 4: another block cannot be cut to add up

    @property
    def shows_vanished_blanks(self) -> bool:
        """A table 3 or 4 whose runs end like this may have lost blank cells without a trace."""
        return self in (Why.NO_CUT, Why.NO_ASSIGNMENT, Why.UNCHECKED)


@dataclass(frozen=True)
class Decided:
    split: Split
    rule: str
    start: int = 0  # where the split begins in its run's tokens (a block of table 4's one run)


@dataclass(frozen=True)
class Ambiguous:
    reason: str
    why: Why


Verdict = Decided | Ambiguous


@dataclass
class Recovered:
    """What loose text gave for each table it holds: rows (template key → column → value) and,
    for table 3, the columns its header printed."""

    grids: dict[str, Grid] = field(default_factory=dict)
    applicant_columns: tuple[str, ...] = ()


def loose_segments(texts: Sequence[str]) -> list[Segment]:
    return fold_stray_marks(segments("\n".join(texts)))


def detect_version(segs: Sequence[Segment]) -> str | None:
    """The template by table 2's header words, read only in labels that open a flattened table 2."""
    labels = [s.label for s in segs if s.has_cells and "信息内容" in s.label]
    return template.detect_template(labels) if labels else None


def recover(segs: Sequence[Segment], version: str, wanted: set[str], warnings: Warnings,
            settings: SplitSettings | None = None) -> Recovered:
    """The ``wanted`` tables found in ``segs`` (a table not found there is left out)."""
    settings = settings or SplitSettings()
    out = Recovered()
    # Tables 3 and 4 first (their warnings kept aside, to keep the tables' order): whether they
    # show vanished blank cells decides whether table 2's cuts are trusted.
    said: dict[str, Warnings] = {}
    vanished: list[str] = []
    if APPLICATIONS in wanted and (rows := find_applications(segs)):
        out.applicant_columns = rows[0].columns
        verdicts = _applications(rows, settings)
        vanished += _vanish_evidence(APPLICATIONS, verdicts)
        out.grids[APPLICATIONS] = _grid(APPLICATIONS, rows, verdicts, said.setdefault(APPLICATIONS, Warnings()))
    if REVIEW in wanted and (review := find_review(segs)) is not None:
        verdicts = _distrusted(_review(review, settings), review, vanished)
        vanished += _vanish_evidence(REVIEW, verdicts)
        out.grids[REVIEW] = _review_grid(review, verdicts, said.setdefault(REVIEW, Warnings()))
    if PROACTIVE in wanted and (rows := find_proactive(segs, version)):
        out.grids[PROACTIVE] = _proactive(rows, vanished, warnings, settings)
    for table in (APPLICATIONS, REVIEW):
        warnings.extend(said.get(table, ()))
    return out


def _distrusted(verdicts: dict[str, Verdict], review: FoundReview, vanished: Sequence[str]) -> dict[str, Verdict]:
    """Table 4's identities hold within each block only: a block that lost a blank cell may
    still cut one way that adds up ("…8080" for 80|—|80 read 8|0|8…). Where table 3 shows
    vanished blanks, a block's cut is kept only where its run prints every cell apart."""
    if not vanished:
        return verdicts
    tokens = {block: t for blocks, _, t in review.runs for block in blocks}
    out: dict[str, Verdict] = {}
    for block, verdict in verdicts.items():
        if isinstance(verdict, Decided) and not _all_bounded(tokens[block][verdict.start :], verdict.split, REVIEW_COLUMNS):
            verdict = Ambiguous(_vanish_reason(_shown_run(tokens[block]), len(REVIEW_COLUMNS), vanished,
                                               "a block of table 4 that lost a blank cell may still add up"),
                                Why.BLANKS_VANISH)
        out[block] = verdict
    return out


def _vanish_reason(run: str, cells: int, vanished: Sequence[str], risk: str) -> str:
    shown = ", ".join(vanished[:3]) + (f" and {len(vanished) - 3} more" if len(vanished) > 3 else "")
    return (f"{run!r} has one cut into {cells} cells, but {shown} could not be cut or made to add up, which "
            f"shows blank cells printed as nothing in this copy; {risk}, the wrong one")


def _vanish_evidence(table: str, verdicts: Mapping[str, Verdict]) -> list[str]:
    """The rows (blocks) of table 3 or 4 whose runs could not be cut or assigned: where blank
    cells may have vanished."""
    return [f"{table}.{key}" for key, v in verdicts.items() if isinstance(v, Ambiguous) and v.why.shows_vanished_blanks]


# --- table 2 ---------------------------------------------------------------------------------


def _proactive(rows: list[FoundRow], vanished: Sequence[str], warnings: Warnings, settings: SplitSettings) -> Grid:
    budget = Budget(settings.max_steps)
    splitter = Splitter(settings, budget)
    grid: Grid = {}
    for row in rows:
        verdict = _only_split(splitter, row, settings)
        if isinstance(verdict, Decided) and vanished and not _all_bounded(row.tokens, verdict.split, row.columns):
            verdict = Ambiguous(_vanish_reason(_printed(row), len(row.columns), vanished,
                                               "a row of table 2 that lost a blank cell may still cut one way"),
                                Why.BLANKS_VANISH)
        grid[row.key] = _values(PROACTIVE, row, verdict, warnings)
    return grid


def _all_bounded(tokens: str, split: Split, columns: Sequence[str]) -> bool:
    """No two cells of the split meet without a boundary, space or placeholder between them:
    the run prints exactly as many cells as the row has, so none vanished in it. A "-" or "+"
    in a row with a signed column may be a sign, not a placeholder: no such boundary there."""
    if any(kind_of(c) is CellKind.SIGNED for c in columns) and any(ch in "+-" for ch in tokens):
        return False
    at = 0
    for i, part in enumerate(split.parts):
        end = at + len(part)
        if i + 1 < len(split.parts):
            following = split.parts[i + 1]
            glued = end < len(tokens) and tokens[end] not in "|_" and not is_placeholder(part) \
                and not is_placeholder(following)
            if glued:
                return False
        at = next_start(tokens, end)
    return True


def _only_split(splitter: Splitter, row: FoundRow, settings: SplitSettings) -> Verdict:
    n = len(row.columns)
    if len(row.tokens) > settings.max_run_chars:
        return Ambiguous(f"a run of {len(row.tokens)} characters is longer than any row ({settings.max_run_chars})",
                         Why.TOO_BIG)
    try:
        splits = splitter.admissible(row.tokens, row.columns, limit=2)
    except SearchCapped:
        return Ambiguous(f"the search reached its cap of {settings.max_steps} steps", Why.TOO_BIG)
    if not splits:
        return Ambiguous(f"{_printed(row)!r} cannot be cut into {n} cells (a blank cell printed as nothing, or a "
                         "character that is no number)", Why.NO_CUT)
    if len(splits) > 1:
        return Ambiguous(f"{_printed(row)!r} can be cut into {n} cells in more than one way "
                         f"({_shown(splits[0])} or {_shown(splits[1])}) and table 2 has no sums to choose", Why.SEVERAL)
    return Decided(splits[0], ONLY_SPLIT)


# --- table 3 ---------------------------------------------------------------------------------


def _applications(rows: list[FoundRow], settings: SplitSettings) -> dict[str, Verdict]:
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
            verdicts.update({k: Ambiguous(reason, Why.UNCHECKED) for k in by_key if k not in verdicts})
        else:
            verdicts.update(_judge(candidates, own_rule, identities, solve(candidates, identities, settings, budget)))
    except SearchCapped:
        reason = f"the search reached its cap of {settings.max_steps} steps; not split"
        verdicts.update({k: Ambiguous(reason, Why.TOO_BIG) for k in by_key if k not in verdicts})
    return verdicts


def _grid(table: str, rows: Sequence[FoundRow], verdicts: Mapping[str, Verdict], warnings: Warnings) -> Grid:
    return {row.key: _values(table, row, verdicts[row.key], warnings) for row in rows}


def _row_candidates(splitter: Splitter, row: FoundRow, settings: SplitSettings) -> tuple[list[Split], str] | Ambiguous:
    n = len(row.columns)
    if len(row.tokens) > settings.max_run_chars:
        return Ambiguous(f"a run of {len(row.tokens)} characters is longer than any row ({settings.max_run_chars})",
                         Why.TOO_BIG)
    admissible = splitter.admissible(row.tokens, row.columns, limit=2)
    if not admissible:
        return Ambiguous(f"{_printed(row)!r} cannot be cut into {n} cells (a blank cell printed as nothing, or a "
                         "character that is no number)", Why.NO_CUT)
    if "total" not in row.columns:
        found = splitter.admissible(row.tokens, row.columns, limit=settings.max_candidates + 1)
        rule = ONLY_SPLIT
    else:
        found = splitter.with_total(row.tokens, row.columns, limit=settings.max_candidates + 1)
        rule = ONLY_SPLIT if len(admissible) == 1 else ROW_TOTALS
        if not found:
            return Ambiguous(f"no cut of {_printed(row)!r} into {n} cells makes the applicant columns add up to 总计",
                             Why.NO_CUT)
    if len(found) > settings.max_candidates:
        return Ambiguous(f"{_printed(row)!r} has more than {settings.max_candidates} cuts into {n} cells; not split",
                         Why.TOO_BIG)
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
                             "arithmetic may be off, or a blank cell left no trace)", Why.NO_ASSIGNMENT)
                for k in candidates}
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
                                      f"({' or '.join(_shown(s) for s in list(splits)[:2])})", Why.SEVERAL)
    return verdicts


# --- table 4 ---------------------------------------------------------------------------------


def _review(review: FoundReview, settings: SplitSettings) -> dict[str, Verdict]:
    budget = Budget(settings.max_steps)
    splitter = Splitter(settings, budget)
    verdicts: dict[str, Verdict] = {}
    for blocks, run, tokens in review.runs:
        try:
            verdicts.update(_review_run(splitter, blocks, tokens, _shown_run(run), settings))
        except SearchCapped:
            verdicts.update(dict.fromkeys(blocks, Ambiguous(f"the search reached its cap of {settings.max_steps} steps",
                                                            Why.TOO_BIG)))
    broken = [b for b, v in verdicts.items() if isinstance(v, Ambiguous) and v.why is Why.NO_CUT]
    if broken and len(broken) < len(verdicts):
        # Printed as three small tables: a block whose run no cut adds up says the report's
        # arithmetic is off, and a cut that adds up in another block may be a coincidence.
        reason = f"{', '.join(broken)} cannot be cut to add up; the table's arithmetic is off, no cut is trusted"
        verdicts = {b: Ambiguous(reason, Why.NO_CUT if b in broken else Why.BROKEN_TABLE) for b in verdicts}
    return verdicts


def _review_grid(review: FoundReview, verdicts: Mapping[str, Verdict], warnings: Warnings) -> Grid:
    grid: Grid = {}
    for blocks, run, tokens in review.runs:
        for block in blocks:
            row = FoundRow(block, "", run, tokens, REVIEW_COLUMNS)
            grid[block] = _values(REVIEW, row, verdicts[block], warnings)
    return grid


def _review_run(splitter: Splitter, blocks: tuple[str, ...], tokens: str, shown: str,
                settings: SplitSettings) -> dict[str, Verdict]:
    """Every cut of ``tokens`` into ``blocks`` of five cells, each adding up to its 总计."""
    n = len(REVIEW_COLUMNS) * len(blocks)
    if len(tokens) > settings.max_run_chars:
        return dict.fromkeys(blocks, Ambiguous(f"a run of {len(tokens)} characters is longer than table 4 can be",
                                               Why.TOO_BIG))
    if len(tokens) < n:
        return dict.fromkeys(blocks, Ambiguous(f"no cut of {shown!r} into {n} cells (a blank cell?)", Why.NO_CUT))
    cache: dict[tuple[int, int], list[Split]] = {}

    def block_splits(start: int, end: int) -> list[Split]:
        if (start, end) not in cache:
            cache[(start, end)] = splitter.with_total(tokens[start:end], REVIEW_COLUMNS, settings.max_candidates)
        return cache[(start, end)]

    # Each solution: (where the block starts, its split) for each block.
    solutions: list[tuple[tuple[int, Split], ...]] = []

    def walk(start: int, done: tuple[tuple[int, Split], ...]) -> bool:
        left = len(blocks) - len(done)
        if left == 0:
            if start == len(tokens):
                solutions.append(done)
            return len(solutions) < settings.max_solutions
        width = len(REVIEW_COLUMNS)
        ends = [len(tokens)] if left == 1 else range(start + width, len(tokens) - width * (left - 1) + 1)
        for end in ends:
            if left > 1 and tokens[end] == ",":
                continue  # a thousands separator binds its number: no block ends there
            for split in block_splits(start, end):
                if not walk(next_start(tokens, end), (*done, (start, split))):
                    return False
        return True

    complete = walk(0, ())
    rules = {b: f"review_litigation.{b}" for b in blocks}
    if not solutions:
        return {b: Ambiguous(f"no cut of {shown!r} into {n} cells makes each block add up to its 总计 (the "
                             "report's own arithmetic may be off, or a blank cell left no trace)", Why.NO_CUT)
                for b in blocks}
    out: dict[str, Verdict] = {}
    for i, block in enumerate(blocks):
        placed = {s[i] for s in solutions}
        if len(placed) == 1 and complete:
            start, split = placed.pop()
            out[block] = Decided(split, rules[block], start)
        else:
            many = f"{len(solutions)}" if complete else f"at least {len(solutions)}"
            out[block] = Ambiguous(f"{many} cuts of {shown!r} make every block add up, and they differ here "
                                   f"({' or '.join(_shown(s) for _, s in list(placed)[:2])})", Why.SEVERAL)
    return out


# --- values and warnings -------------------------------------------------------------------


def _values(table: str, row: FoundRow, verdict: Verdict, warnings: Warnings) -> dict[str, Found | None]:
    out: dict[str, Found | None] = {}
    # The characters printed for each token of the run (wraps left out): a value's raw text is
    # its part of them (full-width digits stay full-width).
    printed = tokenize(row.run)[1]
    shown = _shown_run(row.run)
    start = verdict.start if isinstance(verdict, Decided) else 0
    for i, col in enumerate(row.columns):
        path = f"{table}.{row.key}.{col}"
        if isinstance(verdict, Decided):
            token_part = verdict.split.parts[i]
            part = "".join(printed[start : start + len(token_part)])
            start = next_start(row.tokens, start + len(token_part))
            value = verdict.split.values[i]
            if value is None:
                # A placeholder: blank, as the same placeholder in a grid's cell is.
                warnings.add(WarningCode.BLANK_VALUE, f"{path}: cell is a placeholder; null", field=path)
            else:
                warnings.add(WarningCode.CELLS_INFERRED,
                             f"{path}: {part} cut from the run {shown!r} printed without cell separators; "
                             f"decided by {verdict.rule}", field=path, rule=verdict.rule, raw=row.run)
            out[col] = Found(value, part, None, None)
        else:
            warnings.add(WarningCode.CELLS_AMBIGUOUS, f"{path}: null; the run {shown!r} printed without cell "
                         f"separators: {verdict.reason}", field=path, raw=row.run)
            out[col] = None
    if table == APPLICATIONS:
        for col in APPLICANT_COLUMNS:
            out.setdefault(col, None)
    return out


def _printed(row: FoundRow) -> str:
    return _shown_run(row.run)


def _shown_run(run: str) -> str:
    """The run as its tokens read (full-width digits as ASCII, wraps left out), with the
    commas and spaces as printed."""
    tokens, printed = tokenize(run)
    return "".join(p if t in "|_," else t for t, p in zip(tokens, printed, strict=True))


def _shown(split: Split) -> str:
    return "|".join(p.replace("_", " ") for p in split.parts)
