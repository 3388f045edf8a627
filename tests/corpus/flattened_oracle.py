"""What the text of a flattened copy determines: a brute-force oracle for the sweep (issue 30).

Written apart from the product's cutter and solver (``extractor.mapping.flattened``): it reads the
runs the generator printed (``flattened.Printed``, before wrapping or conversion), enumerates every
cut of each run into its row's cells by plain depth-first search, and keeps the assignments under
which the template's identities hold. A table is *determined* when exactly one assignment exists.

The reading conventions are the ones a person applies, the same the product documents:

- a cell is a count ("0", or no leading zero, at most 8 digits), an amount (a count with
  decimals, money columns only), or a signed count (本年增/减 only); thousands separators (",",
  "，", a space, a full-width space) only before a group of exactly three digits;
- a placeholder ("—", "——", "－", "-", "--", "---", "/", "／", "无") is a blank cell of its own;
- a space between two cells is a boundary; a comma before three digits is never one;
- in the identities a blank cell counts nothing (0): the tables print a blank for nothing counted.

Bounded: past ``Limits`` a table is "too big" (counted, not judged).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from extractor.contract import (
    AMOUNT_COLUMNS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    OUTCOME_ROWS_BEFORE_OTHER,
    PROACTIVE_2019,
    PROACTIVE_2021,
    REVIEW_COLUMNS,
)

SPACES = " \u3000"
COMMAS = ",，"
PLACEHOLDER = re.compile(r"—{1,2}|－|-{1,3}|/|／|无")
_GROUPED = re.compile(rf"[1-9]\d{{0,2}}(?:[{COMMAS}{SPACES}]\d{{3}})+")
_PLAIN = re.compile(r"0|[1-9]\d{0,7}")
MAX_DIGITS = 8
SIGNED = frozenset({"items_change"})


@dataclass(frozen=True)
class Limits:
    # Search nodes for one run; past it the table is too big to enumerate here.
    nodes_per_run: int = 200_000
    # Distinct column sums of table 3's outcome rows kept while counting their assignments.
    assignments: int = 500_000


class TooBig(Exception):
    pass


class Status(Enum):
    DETERMINED = "determined"  # exactly one assignment
    SEVERAL = "several"
    NONE = "none"  # no assignment: the text contradicts the identities (or a blank vanished)
    TOO_BIG = "too big"


@dataclass(frozen=True)
class Outcome:
    status: Status
    # For a determined table: whether its one assignment is the truth.
    truth: bool = False


Value = int | float | None


def _number(text: str, column: str) -> Value | bool:
    """The value of ``text`` as a cell of ``column``; False if it cannot be one."""
    if PLACEHOLDER.fullmatch(text):
        return None
    sign = ""
    if column in SIGNED and text[:1] in "+-":
        sign, text = text[0], text[1:]
    whole, point, fraction = text.partition(".")
    if point and (column not in AMOUNT_COLUMNS or not fraction.isdigit()):
        return False
    if not (_PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        return False
    digits = re.sub(rf"[{COMMAS}{SPACES}]", "", whole)
    if len(digits) > MAX_DIGITS:
        return False
    value = float(digits + "." + fraction) if point else int(digits)
    return -value if sign == "-" else value


def _binding_comma(run: str, at: int) -> bool:
    return run[at] in COMMAS and at > 0 and run[at - 1].isdigit() and run[at + 1 : at + 4].isdigit() \
        and len(run[at + 1 : at + 4]) == 3


class _Counter:
    def __init__(self, cap: int) -> None:
        self.left = cap

    def step(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooBig


def cuts(run: str, columns: Sequence[str], limits: Limits) -> list[tuple[Value, ...]]:
    """Every cut of ``run`` into one cell per column (values; None for a blank)."""
    counter = _Counter(limits.nodes_per_run)
    return list(_cuts(run, 0, list(columns), (), counter))


def _cuts(run: str, at: int, columns: list[str], done: tuple[Value, ...], counter: _Counter) -> Iterator[tuple[Value, ...]]:
    if len(done) == len(columns):
        if at == len(run):
            yield done
        return
    column = columns[len(done)]
    for end in range(at + 1, len(run) + 1):
        counter.step()
        value = _number(run[at:end], column)
        if value is False:
            continue
        nxt = end
        if end < len(run) and (run[end] in SPACES or run[end] in COMMAS):
            if _binding_comma(run, end) or end == len(run) - 1:
                continue  # a separator is between two cells, never at a run's end
            nxt = end + 1
        yield from _cuts(run, nxt, columns, (*done, value), counter)


def _n(value: Value) -> float:
    return 0 if value is None else value


def _outcome(assignments: list[Any], truth: Any) -> Outcome:
    if not assignments:
        return Outcome(Status.NONE)
    if len(assignments) > 1:
        return Outcome(Status.SEVERAL)
    return Outcome(Status.DETERMINED, assignments[0] == truth)


def proactive(printed: dict[str, str], template: str, truth: dict[str, dict[str, Any]], limits: Limits) -> Outcome:
    """Table 2 has no identities: determined when every row's run has one cut."""
    spec = PROACTIVE_2019 if template == "2019" else PROACTIVE_2021
    try:
        # A row that printed nothing (every cell blank and vanished) reads as all blank.
        per_row = {row: cuts(run, spec[row], limits) if run else [(None,) * len(spec[row])]
                   for row, run in printed.items()}
    except TooBig:
        return Outcome(Status.TOO_BIG)
    if any(not c for c in per_row.values()):
        return Outcome(Status.NONE)
    if any(len(c) > 1 for c in per_row.values()):
        return Outcome(Status.SEVERAL)
    got = {row: c[0] for row, c in per_row.items()}
    want = {row: tuple(truth[row][col] for col in spec[row]) for row in printed}
    return Outcome(Status.DETERMINED, got == want)


def applications(printed: dict[str, str], columns: Sequence[str], truth: dict[str, dict[str, Any]],
                 limits: Limits) -> Outcome:
    """Table 3: rows cut with their row totals; then every assignment of the four balance rows
    (applications.balance per column) times every assignment of the outcome rows, counted by
    their column sums (applications.outcomes per column: the outcome rows add up to 总计).
    Counting by sums keeps tables with many rows of several cuts each exact and fast."""
    try:
        per_row = {row: cuts(run, columns, limits) for row, run in printed.items()}
    except TooBig:
        return Outcome(Status.TOO_BIG)
    if "total" in columns:
        per_row = {row: [c for c in options if sum(_n(v) for v in c[:-1]) == _n(c[-1])]
                   for row, options in per_row.items()}
    others = [OTHER_ROW_SINGLE] if OTHER_ROW_SINGLE in printed else list(OTHER_ROWS_SPLIT)
    outcome_rows = [*OUTCOME_ROWS_BEFORE_OTHER, *others]
    balance_rows = ["new_received", "carried_over", "total_processed", "carried_forward"]
    width = len(columns)
    # Outcome rows: column sums reachable → (how many ways, capped at 2; one witness).
    ways: dict[tuple[float, ...], tuple[int, tuple[tuple[Value, ...], ...]]] = {(0,) * width: (1, ())}
    for row in outcome_rows:
        nxt: dict[tuple[float, ...], tuple[int, tuple[tuple[Value, ...], ...]]] = {}
        for sums, (count, witness) in ways.items():
            for cells in per_row[row]:
                key = tuple(a + _n(b) for a, b in zip(sums, cells, strict=True))
                seen = nxt.get(key)
                nxt[key] = (min(2, count + (seen[0] if seen else 0)), seen[1] if seen else (*witness, cells))
        ways = nxt
        if len(ways) > limits.assignments:
            return Outcome(Status.TOO_BIG)
    found: list[dict[str, tuple[Value, ...]]] = []
    count = 0
    for combo in itertools.product(*(per_row[r] for r in balance_rows)):
        new, carried, done, forward = combo
        if any(_n(new[i]) + _n(carried[i]) != _n(done[i]) + _n(forward[i]) for i in range(width)):
            continue
        reached = ways.get(tuple(_n(v) for v in done))
        if reached is None:
            continue
        count += reached[0]
        found.append({**dict(zip(balance_rows, combo, strict=True)), **dict(zip(outcome_rows, reached[1], strict=True))})
        if count > 1:
            break
    want = {row: tuple(truth[row].get(c) for c in columns) for row in printed}
    return _outcome(found if count == 1 else found * 2, want)


def review(printed: list[tuple[tuple[str, ...], str]], truth: dict[str, dict[str, Any]], limits: Limits) -> Outcome:
    """Table 4: each run cut into blocks of five cells, each block adding up to its 总计 (every
    place a block can end, and every cut of each block)."""
    per_run = []
    try:
        for blocks, run in printed:
            per_run.append(_blocks(run, len(blocks), limits))
    except TooBig:
        return Outcome(Status.TOO_BIG)
    found = [sum(combo, ()) for combo in itertools.islice(itertools.product(*per_run), 2)]
    want = tuple(truth[b][c] for blocks, _ in printed for b in blocks for c in REVIEW_COLUMNS)
    return _outcome(found, want)


def _blocks(run: str, count: int, limits: Limits) -> list[tuple[Value, ...]]:
    """Every cut of ``run`` into ``count`` blocks that add up (at most two are kept)."""
    counter = _Counter(limits.nodes_per_run)
    memo: dict[tuple[int, int], list[tuple[Value, ...]]] = {}

    def block(start: int, end: int) -> list[tuple[Value, ...]]:
        if (start, end) not in memo:
            memo[(start, end)] = [c for c in _cuts(run[start:end], 0, list(REVIEW_COLUMNS), (), counter)
                                  if sum(_n(v) for v in c[:-1]) == _n(c[-1])]
        return memo[(start, end)]

    def walk(start: int, left: int) -> Iterator[tuple[Value, ...]]:
        ends = [len(run)] if left == 1 else range(start + 1, len(run))
        for end in ends:
            nxt = end
            if left > 1 and (run[end] in SPACES or run[end] in COMMAS):
                if _binding_comma(run, end):
                    continue
                nxt = end + 1
            for cells in block(start, end):
                if left == 1:
                    yield cells
                else:
                    for rest in walk(nxt, left - 1):
                        yield cells + rest

    return list(itertools.islice(walk(0, count), 2))
