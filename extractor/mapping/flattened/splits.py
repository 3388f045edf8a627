"""The admissible ways to cut one run (``segments.tokenize``) into a row's cells, bounded.

A cell is a number as a report prints it: no leading zero except a lone 0; a decimal point only
in a column that holds money (``contract.AMOUNT_COLUMNS``); a sign only in the 2019 template's
本年增/减 column; thousands separators only between groups of three digits ("1,234"; a space
token ``_`` either groups so or is a boundary). A placeholder ("—", "——", "-", "/", "无") is a
cell of its own whose value is ``None`` (blank, never 0). A boundary token ``|`` is always a
cut. Where the row has a total (its last cell the sum of the others), the total is chosen
first and every partial sum pruned against it, which keeps a row of table 3 to a few hundred
steps; in that sum a blank cell counts nothing (0), as the tables print a blank for nothing
counted: the cut is decided so, the blank's value stays ``None``. Every search draws on one ``Budget``: past it the search stops (``SearchCapped``),
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


# A placeholder cell: "—" or "——" (one blank each; "————" may be two or four blanks), one to
# three hyphens, a slash, "无" (``numbers._BLANK`` reads the same in a cell of its own).
_PLACEHOLDER = re.compile(r"—{1,2}|-{1,3}|/|无")


def _pattern(kind: CellKind, digits: int) -> re.Pattern[str]:
    whole = rf"(?:0|[1-9]\d{{0,{digits - 1}}}|[1-9]\d{{0,2}}(?:[,_]\d{{3}})+)"
    if kind is CellKind.AMOUNT:
        number = rf"{whole}(?:\.\d{{1,{digits}}})?"
    elif kind is CellKind.SIGNED:
        number = rf"[+-]?{whole}"
    else:
        number = whole
    return re.compile(rf"{number}|{_PLACEHOLDER.pattern}")


Value = int | float


def parse_part(part: str) -> Value | None:
    """A cell's value: ``None`` for a placeholder."""
    if _PLACEHOLDER.fullmatch(part):
        return None
    plain = part.replace(",", "").replace("_", "")
    return float(plain) if "." in plain else int(plain)


def is_placeholder(part: str) -> bool:
    return _PLACEHOLDER.fullmatch(part) is not None


def next_start(run: str, end: int) -> int:
    """Where the cell after one ending at ``end`` starts: past a boundary or space token."""
    return end + 1 if end < len(run) and run[end] in "|_" else end


@dataclass(frozen=True)
class Split:
    """One way to cut a run: the parts as tokens, one per column, and their values (``None``
    for a placeholder)."""

    parts: tuple[str, ...]
    values: tuple[Value | None, ...]


class Splitter:
    """Admissible splits of runs for the columns of one table."""

    def __init__(self, settings: SplitSettings, budget: Budget) -> None:
        self.settings = settings
        self.budget = budget
        self._patterns = {k: _pattern(k, settings.max_cell_digits) for k in CellKind}
        # A part is at most this long (sign, digits, separators, point, decimals).
        self._max_part = 2 * settings.max_cell_digits + settings.max_cell_digits // 3 + 2

    def admissible(self, run: str, columns: Sequence[str], limit: int) -> list[Split]:
        """Every split of ``run`` into one part per column, up to ``limit`` of them."""
        kinds = [kind_of(c) for c in columns]
        out: list[Split] = []
        for parts in self._cut(run, 0, kinds, [], None, self._max_part):
            out.append(Split(tuple(parts), tuple(parse_part(p) for p in parts)))
            if len(out) >= limit:
                break
        return out

    def with_total(self, run: str, columns: Sequence[str], limit: int) -> list[Split]:
        """Every split whose last part (the total) is the sum of the others, up to ``limit``.
        Counts only: a row with a total holds no amounts or signs. Blank cells count 0."""
        n = len(columns)
        kinds = [CellKind.COUNT] * (n - 1)
        pattern = self._patterns[CellKind.COUNT]
        out: list[Split] = []
        for start in range(len(run) - 1, max(0, len(run) - self._max_part) - 1, -1):
            self.budget.spend()
            total_text = run[start:]
            if start == 0 or not pattern.fullmatch(total_text) or run[start - 1] == ",":
                continue
            total = parse_part(total_text)
            end = start - 1 if run[start - 1] in "|_" else start
            room = total or 0
            for parts in self._cut(run[:end], 0, kinds, [], room, _width(int(room))):
                values = tuple(parse_part(p) for p in parts)
                if sum(v or 0 for v in values) != room:
                    continue
                out.append(Split((*parts, total_text), (*values, total)))
                if len(out) >= limit:
                    return out
        return out

    def _cut(self, run: str, at: int, kinds: list[CellKind], parts: list[str], room: Value | None,
             width: int) -> Iterator[list[str]]:
        """``run[at:]`` cut into one part per kind left; with ``room``, the known parts add up to
        no more than it (counts: a longer part is larger still), each at most ``width`` tokens."""
        left = len(kinds) - len(parts)
        rest = len(run) - at
        if left == 0:
            if rest == 0:
                yield list(parts)
            return
        if rest < left or rest > left * (width + 1):
            return
        kind = kinds[len(parts)]
        pattern = self._patterns[kind]
        for end in range(at + 1, min(len(run), at + width) + 1):
            self.budget.spend()
            part = run[at:end]
            if part[-1] == "|":
                break  # a boundary is never inside a cell
            if not pattern.fullmatch(part):
                continue
            value = parse_part(part)
            if room is not None and value is not None and value > room and kind is not CellKind.SIGNED:
                break
            parts.append(part)
            yield from self._cut(run, next_start(run, end), kinds, parts,
                                 room - value if room is not None and value is not None else room, width)
            parts.pop()


def _width(total: int) -> int:
    """Tokens of a part no larger than ``total``: its digits and thousands separators, and
    never less than the longest placeholder."""
    digits = len(str(total))
    return max(3, digits + (digits - 1) // 3)
