"""Column borders of a table drawn with horizontal rules only.

Two sources: where rule segments start or stop inside the table, and the x-gaps that
the text of the rows leaves free. Without vertical rules these are all there is.
"""

from __future__ import annotations

import math
import statistics

from extractor.readers.pdf.chars import text_runs
from extractor.readers.pdf.geometry import Obj, cluster
from extractor.readers.pdf.rule_runs import Rule
from extractor.readers.pdf.settings import PdfSettings

Runs = list[tuple[float, float]]  # one line's text runs (x ranges), as ``chars.text_runs`` gives them


def line_runs(lines: list[list[Obj]], size: float, settings: PdfSettings) -> list[Runs]:
    """Each line's text runs, once for both column sources (``column_gaps``, ``crossed_breaks``)."""
    return [text_runs(line, size, settings) for line in lines]


def column_gaps(
    all_runs: list[Runs], x0: float, x1: float, size: float, settings: PdfSettings
) -> list[tuple[float, float, float]]:
    """Column gaps (start, end, separator): x-ranges that (nearly) every multi-cell line leaves free.

    Only the lines cut into the most pieces vote (``_dense_lines``). A line with one run
    is a title centred over several columns or one cell's wrapped text, and a header line
    with a few group titles ("行政复议 | 行政诉讼") crosses the columns below each title:
    neither can show where a column ends, and letting them block gaps would erase the
    columns under every spanning title. A few voters (``gap_bridge_fraction``) may still
    bridge a gap.
    """
    width = int(math.ceil(x1 - x0)) + 1
    voters = _dense_lines(all_runs)
    cover = _cover(voters, x0, width)
    # Where in a gap the border lies: the stretch that the fewest lines of any kind cross
    # (a header word wider than the numbers under it narrows the gap on one side).
    placement = _cover([runs for runs in all_runs if len(runs) >= 2], x0, width)
    allowed = math.floor(len(voters) * settings.gap_bridge_fraction)
    min_gap = max(settings.min_column_gap, settings.min_column_gap_em * size)
    gaps: list[tuple[float, float, float]] = []
    start: int | None = None
    seen_text = False
    for i, n in enumerate(cover):
        if n > allowed:
            # Text that fills narrow cells leaves only the two cell paddings between
            # columns, a few points: anything wider than min_gap that most lines keep free counts.
            if start is not None and seen_text and i - start >= min_gap:
                gaps.append((x0 + start, x0 + i, x0 + _emptiest(placement, start, i)))
            start, seen_text = None, True
        elif start is None:
            start = i
    return gaps


def _cover(lines: list[list[tuple[float, float]]], x0: float, width: int) -> list[int]:
    """How many of ``lines`` have text over each point (1pt steps from ``x0``)."""
    cover = [0] * width
    for runs in lines:
        for a, b in runs:
            for i in range(max(0, int(a - x0)), min(width, int(math.ceil(b - x0)))):
                cover[i] += 1
    return cover


def _dense_lines(lines: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Lines with two or more runs and at least as many as the median such line: data rows
    and the lowest header row show every column; group titles over them show fewer."""
    multi = [runs for runs in lines if len(runs) >= 2]
    if not multi:
        return []
    floor = statistics.median(len(runs) for runs in multi)
    return [runs for runs in multi if len(runs) >= floor]


def _emptiest(cover: list[int], start: int, end: int) -> float:
    """Middle of the least-covered stretch of a gap: where the column border really is.

    A gap that one long cell text intrudes into must be cut after that text, not in its
    middle, or the long text would seem to bridge two columns.
    """
    low = min(cover[start:end])
    best, best_len, run_start = start, 0, None
    for i in range(start, end + 1):
        if i < end and cover[i] == low:
            run_start = i if run_start is None else run_start
        elif run_start is not None:
            if i - run_start > best_len:
                best, best_len = run_start, i - run_start
            run_start = None
    return best + best_len / 2


def rule_breaks(rules: list[Rule], x0: float, x1: float, size: float, settings: PdfSettings) -> list[float]:
    """Column borders shown by the rules: where a rule segment starts or stops inside the
    table (a rule under a merged cell stops at the cell's side; per-cell borders meet there)."""
    margin = settings.rule_break_margin * size
    ends = [v for r in rules for span in r.spans for v in span if x0 + margin < v < x1 - margin]
    return cluster(ends, settings)


def crossed_breaks(breaks: list[float], all_runs: list[Runs], settings: PdfSettings) -> set[float]:
    """The rule breaks that the rows' text runs across: more of the voting lines
    (``_dense_lines``) than ``gap_bridge_fraction`` have a run over the break, clear of it
    by ``crossed_margin`` on both sides. A drawn rule ends at a cell's side, which no row's
    text crosses; a scanned rule worn short ends anywhere (a label column's rule, its first
    26pt worn away, ended inside the labels and became their border)."""
    voters = _dense_lines(all_runs)
    allowed = math.floor(len(voters) * settings.gap_bridge_fraction)
    margin = settings.crossed_margin
    return {r for r in breaks
            if sum(any(a + margin < r < b - margin for a, b in runs) for runs in voters) > allowed}


def merge_separators(
    from_rules: list[float], gaps: list[tuple[float, float, float]], settings: PdfSettings,
    crossed: set[float] | frozenset[float] = frozenset(),
) -> list[float]:
    """Rule breaks, plus the text gaps that no rule break already explains. A break the
    text crosses (``crossed_breaks``) explains no gap: where a gap lies beside it, the
    gap's separator stands in its place."""
    snap = settings.snap_tolerance

    def explains(r: float, a: float, b: float) -> bool:
        return a - snap <= r <= b + snap

    replaced = {r for r in crossed if any(explains(r, a, b) for a, b, _ in gaps)}
    kept = [r for r in from_rules if r not in replaced]
    extra = [sep for a, b, sep in gaps if not any(explains(r, a, b) for r in kept)]
    return sorted([*kept, *extra])
