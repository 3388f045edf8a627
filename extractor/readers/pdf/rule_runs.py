"""Horizontal rules outside ruled tables, and the runs of them that may outline a table.

A run is ``min_run_rules`` (three) or more long rules over the same x-range with no
ruled table between them; it is cut where the text between two rules belongs to the page
(a heading, an introduction, prose) rather than to a table row.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from extractor.layout import BBox
from extractor.outline import starts_numbered, strip_numbering
from extractor.readers.pdf.chars import group_lines, line_text, text_runs
from extractor.readers.pdf.geometry import Obj, center
from extractor.readers.pdf.settings import PdfSettings


@dataclass
class Rule:
    """A horizontal rule position with the x-intervals drawn at it."""

    y: float
    spans: list[tuple[float, float]]

    @property
    def x0(self) -> float:
        return min(s[0] for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s[1] for s in self.spans)

    def covers(self, x: float, settings: PdfSettings) -> bool:
        snap = settings.snap_tolerance
        return any(a - snap <= x <= b + snap for a, b in self.spans)


def free_rules(edges: list[Obj], taken: list[BBox], settings: PdfSettings) -> list[Rule]:
    """Horizontal rules outside ruled tables, merged by y (a thin bar gives two edges)."""
    snap = settings.snap_tolerance
    free = [
        e
        for e in edges
        if not any(
            t[1] - snap <= e["top"] <= t[3] + snap and e["x0"] < t[2] and e["x1"] > t[0] for t in taken
        )
    ]
    rules: list[Rule] = []
    for e in sorted(free, key=lambda e: e["top"]):
        if rules and e["top"] - rules[-1].y <= snap:
            rules[-1].spans.append((e["x0"], e["x1"]))
        else:
            rules.append(Rule(e["top"], [(e["x0"], e["x1"])]))
    return rules


def stacked_rules(
    rules: list[Rule], chars: list[Obj], taken: list[BBox], settings: PdfSettings, min_rules: int | None = None
) -> list[list[Rule]]:
    """Runs of at least ``min_rules`` (default ``min_run_rules``) long rules over the same
    x-range: candidate table outlines."""
    groups: list[list[Rule]] = []
    for rule in rules:
        if rule.x1 - rule.x0 < settings.min_rule_length:  # underlines and short strokes
            continue
        if groups and _joins(groups[-1], rule, taken, settings):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    parts = [part for group in groups for part in _split_at_text(group, chars, settings)]
    least = settings.min_run_rules if min_rules is None else min_rules
    return [g for g in parts if len(g) >= least]


def _joins(group: list[Rule], rule: Rule, taken: list[BBox], settings: PdfSettings) -> bool:
    """The rule continues the run: it lines up with the run's last rule, or that rule and any
    just above it are pieces of one rule (within ``rule_piece_rise``) and it lines up with the
    rule above them."""
    for above in reversed(group):
        if _may_join(above, rule, taken, settings):
            return True
        if rule.y - above.y > settings.rule_piece_rise:
            return False
    return False


def _may_join(above: Rule, below: Rule, taken: list[BBox], settings: PdfSettings) -> bool:
    """Rules that line up, are not far apart and have no ruled table between them."""
    x0, x1 = max(above.x0, below.x0), min(above.x1, below.x1)
    narrower = min(above.x1 - above.x0, below.x1 - below.x0)
    if x1 - x0 < settings.rule_overlap * narrower or below.y - above.y > settings.max_rule_gap:
        return False
    snap = settings.snap_tolerance
    return not any(
        t[1] >= above.y - snap and t[3] <= below.y + snap and t[0] < x1 and t[2] > x0 for t in taken
    )


def _split_at_text(group: list[Rule], chars: list[Obj], settings: PdfSettings) -> list[list[Rule]]:
    """Cut a run of rules where the text between two of them is not table content."""
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    region = [c for c in chars if group[0].y <= center(c)[1] <= group[-1].y and x0 <= center(c)[0] <= x1]
    if not region:
        return [group]
    size = statistics.median(c["size"] for c in region)
    centred = [(center(c)[1], c) for c in chars]  # once, not once per band
    parts = [[group[0]]]
    for above, below in zip(group, group[1:], strict=False):
        band = [c for y, c in centred if above.y <= y <= below.y]
        if _is_prose_band(band, x0, x1, size, settings):
            parts.append([below])
        else:
            parts[-1].append(below)
    return parts


def _is_prose_band(band: list[Obj], x0: float, x1: float, size: float, settings: PdfSettings) -> bool:
    """Text between two rules that belongs to the page, not to a table row.

    Text reaching past the rules; set larger than the table text; a single line that
    reads as a heading or an introduction ("三、……", "……如下：") between two tables;
    or several lines that each run across (nearly) the whole width without a gap.
    """
    if not band:
        return False
    overhang = settings.prose_overhang * size
    if any(c["x0"] < x0 - overhang or c["x1"] > x1 + overhang for c in band):
        return True
    if statistics.median(c["size"] for c in band) > settings.prose_size_ratio * size:
        return True
    lines = group_lines(band, settings)
    runs = [text_runs(ln, size, settings) for ln in lines]
    if len(lines) == 1 and len(runs[0]) == 1:
        text = line_text(lines[0], settings).strip()
        if starts_numbered(text) or text.endswith(("：", ":")):
            return True
    if len(lines) == 1 and len(runs[0]) == 2 and all("ocr_confidence" in c for c in band):
        # OCR may read a heading as two boxes with a gap between ("四、政府信息公开行政复议、 |
        # 行政诉讼情况", 9pt apart): the band between tables 3 and 4 of a scan then joined them,
        # and table 4 took table 3's columns (a development scan lost all 15 numbers). A
        # numbered line of two runs less than an em apart with no number after its numbering
        # is that heading: a table row has its numbers, and its cells lie further apart. (A
        # text layer's runs are its own, and a row left blank there stays a row.)
        text = line_text(lines[0], settings).strip()
        (_, first_end, *_), (second_start, *_) = runs[0]
        if second_start - first_end < size and starts_numbered(text) \
                and not any(ch.isdigit() for ch in strip_numbering(text)):
            return True
    wide_enough = settings.prose_wide_line * (x1 - x0)
    wide = [len(r) == 1 and r[0][1] - r[0][0] >= wide_enough for r in runs]
    return len(lines) >= 2 and all(wide)
