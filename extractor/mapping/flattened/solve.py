"""Assignments of candidate splits to a table's rows under which its identities hold.

Identities are data (``Identity``: a rule name, two sides of (row, column) terms), built by the
caller from the contract's names. Each side of each identity is kept as an interval: the exact
values of the rows assigned plus the least and greatest values the unassigned rows' candidates
allow. A candidate that leaves some identity's two intervals apart is out; the candidates are
first filtered that way until nothing changes (most rows of a real table are then down to one),
then the rows left are assigned one by one, fewest candidates first. Every try draws on the
table's ``Budget``. A blank cell (a placeholder) counts 0 in the identities: these tables print a
blank for nothing counted; a report whose blanks mean something else finds no assignment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractor.mapping.flattened.splits import Budget, Split, SplitSettings


@dataclass(frozen=True)
class Term:
    row: str
    col: int  # index into the row's columns


@dataclass(frozen=True)
class Identity:
    rule: str  # the contract's check rule ("applications.balance")
    left: tuple[Term, ...]
    right: tuple[Term, ...]

    @property
    def rows(self) -> frozenset[str]:
        return frozenset(t.row for t in (*self.left, *self.right))


@dataclass(frozen=True)
class Solutions:
    """The assignments found (row → split), and whether that is all of them."""

    found: tuple[Mapping[str, Split], ...]
    complete: bool


def _count(value: float | None) -> float:
    """A cell's value in an identity: a blank cell counts nothing (0; its field stays null)."""
    return 0.0 if value is None else value


class _Bounds:
    """For each identity, the interval each side can still reach."""

    def __init__(self, candidates: Mapping[str, Sequence[Split]], identities: Sequence[Identity]) -> None:
        self.identities = identities
        self.low: dict[tuple[str, int], float] = {}
        self.high: dict[tuple[str, int], float] = {}
        for row, splits in candidates.items():
            width = len(splits[0].values)
            for col in range(width):
                values = [_count(s.values[col]) for s in splits]
                self.low[(row, col)], self.high[(row, col)] = min(values), max(values)
        # Where each row stands: (identity index, side 0 left / 1 right, column).
        self.places: dict[str, list[tuple[int, int, int]]] = {row: [] for row in candidates}
        self.sides = [[[0.0, 0.0], [0.0, 0.0]] for _ in identities]  # [identity][side] = [low, high]
        for k, identity in enumerate(identities):
            for side, terms in enumerate((identity.left, identity.right)):
                for term in terms:
                    self.places[term.row].append((k, side, term.col))
                    self.sides[k][side][0] += self.low[(term.row, term.col)]
                    self.sides[k][side][1] += self.high[(term.row, term.col)]

    def fits(self, row: str, split: Split) -> bool:
        """Would fixing ``row`` to ``split`` keep every identity's sides overlapping?"""
        touched: dict[int, list[list[float]]] = {}
        for k, side, col in self.places[row]:
            sides = touched.setdefault(k, [list(self.sides[k][0]), list(self.sides[k][1])])
            value = _count(split.values[col])
            sides[side][0] += value - self.low[(row, col)]
            sides[side][1] += value - self.high[(row, col)]
        return all(left[0] <= right[1] and right[0] <= left[1] for left, right in touched.values())

    def fix(self, row: str, split: Split, sign: int) -> None:
        """Fix ``row`` to ``split`` (sign 1), or undo that (sign -1)."""
        for k, side, col in self.places[row]:
            value = _count(split.values[col])
            self.sides[k][side][0] += sign * (value - self.low[(row, col)])
            self.sides[k][side][1] += sign * (value - self.high[(row, col)])


def _filtered(candidates: Mapping[str, Sequence[Split]], identities: Sequence[Identity],
              budget: Budget) -> dict[str, list[Split]]:
    """Candidates that fit the identities given every other row's range, until none is dropped."""
    current = {row: list(splits) for row, splits in candidates.items()}
    changed = True
    while changed:
        changed = False
        bounds = _Bounds(current, identities)
        for row, splits in current.items():
            budget.spend(len(splits))
            kept = [s for s in splits if bounds.fits(row, s)]
            if not kept:
                return {}
            if len(kept) < len(splits):
                current[row] = kept
                changed = True
                bounds = _Bounds(current, identities)
    return current


def solve(candidates: Mapping[str, Sequence[Split]], identities: Sequence[Identity],
          settings: SplitSettings, budget: Budget) -> Solutions:
    """Every assignment of one candidate per row satisfying ``identities``, up to
    ``settings.max_solutions`` (``complete`` False when there were more). Every row an identity
    names must be in ``candidates``."""
    current = _filtered(candidates, identities, budget)
    if not current:
        return Solutions((), True)
    order = sorted(current, key=lambda r: len(current[r]))
    bounds = _Bounds(current, identities)
    found: list[dict[str, Split]] = []
    chosen: dict[str, Split] = {}

    def walk(depth: int) -> bool:
        """False once enough solutions were found (stop)."""
        if depth == len(order):
            found.append(dict(chosen))
            return len(found) < settings.max_solutions
        row = order[depth]
        for split in current[row]:
            budget.spend()
            if not bounds.fits(row, split):
                continue
            chosen[row] = split
            bounds.fix(row, split, 1)
            more = walk(depth + 1)
            bounds.fix(row, split, -1)
            del chosen[row]
            if not more:
                return False
        return True

    complete = walk(0)
    return Solutions(tuple(found), complete)
