"""Assignments of candidate splits to a table's rows under which its identities hold.

Identities are data (``Identity``: a rule name, two sides of (row, column) terms), built by the
caller from the contract's names. Rows are assigned one by one, fewest candidates first; an
identity is checked as soon as its last row is assigned, and pruned earlier where one side is
complete and the other's assigned terms already exceed it (every term is a count, never below
0). Every step draws on the table's ``Budget``.
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


def solve(candidates: Mapping[str, Sequence[Split]], identities: Sequence[Identity],
          settings: SplitSettings, budget: Budget) -> Solutions:
    """Every assignment of one candidate per row satisfying ``identities``, up to
    ``settings.max_solutions`` (``complete`` False when there were more)."""
    order = sorted(candidates, key=lambda r: len(candidates[r]))
    depth_of = {row: i for i, row in enumerate(order)}
    # The identities to look at once row ``order[d]`` is assigned: those that hold it.
    at_depth: list[list[Identity]] = [[] for _ in order]
    for identity in identities:
        rows = [r for r in identity.rows if r in depth_of]
        if len(rows) == len(identity.rows):
            for row in rows:
                at_depth[depth_of[row]].append(identity)
    found: list[dict[str, Split]] = []
    chosen: dict[str, Split] = {}

    def walk(depth: int) -> bool:
        """False once enough solutions were found (stop)."""
        if depth == len(order):
            found.append(dict(chosen))
            return len(found) < settings.max_solutions
        row = order[depth]
        for split in candidates[row]:
            budget.spend()
            chosen[row] = split
            if all(_holds(identity, chosen) for identity in at_depth[depth]) and not walk(depth + 1):
                return False
        chosen.pop(row, None)
        return True

    complete = walk(0)
    return Solutions(tuple(found), complete)


def _holds(identity: Identity, chosen: Mapping[str, Split]) -> bool:
    """True while ``identity`` can still hold under the rows chosen so far."""
    left, left_done = _side(identity.left, chosen)
    right, right_done = _side(identity.right, chosen)
    if left_done and right_done:
        return left == right
    if left_done and right > left:
        return False
    return not (right_done and left > right)


def _side(terms: Sequence[Term], chosen: Mapping[str, Split]) -> tuple[float, bool]:
    total = 0.0
    done = True
    for term in terms:
        split = chosen.get(term.row)
        if split is None:
            done = False
        else:
            total += split.values[term.col]
    return total, done
