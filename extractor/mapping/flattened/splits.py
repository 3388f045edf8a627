"""The admissible ways to cut one digit run into a row's cells, bounded.

A cell is a number as a report prints it: no leading zero except a lone 0; a decimal point only
in a column that holds money (``contract.AMOUNT_COLUMNS``); a sign only in the 2019 template's
本年增/减 column. Where the row has a total (its last cell the sum of the others), the total is
chosen first and every partial sum pruned against it, which keeps a row of table 3 to a few
hundred steps. Every search draws on one ``Budget``: past it the search stops (``SearchCapped``),
and the fields it was for are null with a warning, never guessed, however long the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from extractor.contract import AMOUNT_COLUMNS

# Columns whose cells may carry a sign: the 2019 template's 本年增/减 ("+3", "-2").
SIGNED_COLUMNS = frozenset({"items_change"})


@dataclass(frozen=True)
class SplitSettings:
    """Bounds of the search; each with its unit and why."""

    # Digits of one cell. No count in these tables reaches 10^8 (``values.OCR_IMPLAUSIBLE``
    # says the same of scans); a longer part is two cells, not one.
    max_cell_digits: int = 8
    # Characters of one run. A row of table 3 is at most 7 cells of 8 digits; table 4 15 cells.
    # A longer run is not a row of these tables (or its separators were lost together with
    # something else): not searched at all.
    max_run_chars: int = 15 * 8
    # Search steps (cells and candidates tried) for one table, all its rows and assignments
    # together. The development sweep's tables need 54 (median) to 4,836 (most); a step costs
    # up to ~15 µs in the assignment search, so the cap holds a pathological table (every row
    # a run of ones, identities that fail only at the last row) to about a second and a half.
    max_steps: int = 100_000
    # Candidate splits kept for one row; more than this is "too many to tell apart".
    max_candidates: int = 5_000
    # Assignments of a whole table that satisfy its identities, counted before giving up on
    # telling them apart.
    max_solutions: int = 64


class SearchCapped(Exception):
    """The search for a table reached ``SplitSettings.max_steps``."""


class Budget:
    """Search steps left for one table."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise SearchCapped


class CellKind(Enum):
    COUNT = "count"
    AMOUNT = "amount"
    SIGNED = "signed"


def kind_of(column: str) -> CellKind:
    if column in AMOUNT_COLUMNS:
        return CellKind.AMOUNT
    if column in SIGNED_COLUMNS:
        return CellKind.SIGNED
    return CellKind.COUNT


def _pattern(kind: CellKind, digits: int) -> re.Pattern[str]:
    whole = rf"(?:0|[1-9]\d{{0,{digits - 1}}})"
    if kind is CellKind.AMOUNT:
        return re.compile(rf"{whole}(?:\.\d{{1,{digits}}})?")
    if kind is CellKind.SIGNED:
        return re.compile(rf"[+-]?{whole}")
    return re.compile(whole)


Value = int | float


def parse_part(part: str) -> Value:
    return float(part) if "." in part else int(part)


@dataclass(frozen=True)
class Split:
    """One way to cut a run: the parts as printed, one per column, and their values."""

    parts: tuple[str, ...]
    values: tuple[Value, ...]


class Splitter:
    """Admissible splits of runs for the columns of one table."""

    def __init__(self, settings: SplitSettings, budget: Budget) -> None:
        self.settings = settings
        self.budget = budget
        self._patterns = {k: _pattern(k, settings.max_cell_digits) for k in CellKind}
        # A part is at most this long (sign, digits, point, decimals).
        self._max_part = 2 * settings.max_cell_digits + 2

    def admissible(self, run: str, columns: Sequence[str], limit: int) -> list[Split]:
        """Every split of ``run`` into one part per column, up to ``limit`` of them."""
        kinds = [kind_of(c) for c in columns]
        out: list[Split] = []
        for parts in self._cut(run, 0, kinds, []):
            out.append(Split(tuple(parts), tuple(parse_part(p) for p in parts)))
            if len(out) >= limit:
                break
        return out

    def with_total(self, run: str, columns: Sequence[str], limit: int) -> list[Split]:
        """Every split whose last part (the total) is the sum of the others, up to ``limit``.
        Counts only: a row with a total holds no amounts or signs."""
        n = len(columns)
        if not run.isdigit():
            return []
        pattern = self._patterns[CellKind.COUNT]
        out: list[Split] = []
        for size in range(1, min(self.settings.max_cell_digits, len(run) - (n - 1)) + 1):
            self.budget.spend()
            total_text = run[len(run) - size :]
            if not pattern.fullmatch(total_text):
                continue
            total = int(total_text)
            for parts in self._cut_summing(run[: len(run) - size], 0, n - 1, total, len(total_text), []):
                values = tuple(int(p) for p in parts) + (total,)
                out.append(Split((*parts, total_text), values))
                if len(out) >= limit:
                    return out
        return out

    def _cut(self, run: str, at: int, kinds: list[CellKind], parts: list[str]) -> Iterator[list[str]]:
        left = len(kinds) - len(parts)
        rest = len(run) - at
        if left == 0:
            if rest == 0:
                yield list(parts)
            return
        if rest < left or rest > left * self._max_part:
            return
        pattern = self._patterns[kinds[len(parts)]]
        for end in range(at + 1, min(len(run), at + self._max_part) + 1):
            self.budget.spend()
            part = run[at:end]
            if not pattern.fullmatch(part):
                continue
            parts.append(part)
            yield from self._cut(run, end, kinds, parts)
            parts.pop()

    def _cut_summing(self, run: str, at: int, left: int, total: int, width: int,
                     parts: list[str]) -> Iterator[list[str]]:
        """``run[at:]`` in ``left`` counts adding up to ``total`` (each at most ``width``
        digits, being no more than the total)."""
        rest = len(run) - at
        if left == 0:
            if rest == 0 and total == 0:
                yield list(parts)
            return
        if rest < left or rest > left * width:
            return
        for end in range(at + 1, min(len(run), at + width) + 1):
            self.budget.spend()
            part = run[at:end]
            if len(part) > 1 and part[0] == "0":
                break  # a leading zero: no longer part is admissible either
            value = int(part)
            if value > total:
                break  # longer parts are larger still
            parts.append(part)
            yield from self._cut_summing(run, end, left - 1, total - value, width, parts)
            parts.pop()
