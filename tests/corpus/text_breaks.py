"""Page breaks inside the tables of text copies, at every line (issue 10, item 2).

A text copy made from a printed or exported PDF carries what the page break left between two
rows of a table: the page footer ("— 4 —", "第 4 页 共 7 页", a bare "4"), often with blank
lines around it, and the table's header rows when the table repeats them on every page. This
module makes those variants from a sample text copy: for each of the three tables, at every
gap between two consecutive lines of the table (every row boundary, and in a Word-style copy,
one cell per line, every boundary between two cells of a row too), it inserts

* ``FOOTER``: a footer in one of the real forms, alone or with blank lines around it;
* ``HEADER``: the table's header rows, as they stand at the top of the table;
* ``BOTH``: a footer and then the header rows.

The expected numbers are the sample's own expected JSON: nothing inserted may change them.
``scripts/sweep_text_breaks.py`` runs every variant; the test suite runs a sample of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from extractor.evaluation import FileResult, compare
from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES

# The footer forms of real reports; ``{n}`` is the page number, ``{total}`` the page count.
FOOTER_FORMS = ("— {n} —", "- {n} -", "第 {n} 页 共 {total} 页", "第{n}页", "{n}")
PAGE_COUNT = 7
# Page numbers cycle through 1..PAGE_COUNT so a bare footer is sometimes equal to a
# neighbouring cell's value (0 never: no page is numbered 0; 1 and 2 are common values).
_SECTION_KEYWORDS = {"proactive_disclosure": "主动公开", "applications": "申请", "review_litigation": "复议"}
# A section heading on a line of its own: "二、主动公开政府信息情况", "**二、…**", "#### 四、…".
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)?[一二三四五六七八九十]、")
_NUMBER = re.compile(r"^[-+]?\d[\d,.]*$")
# Two or more empty lines in a row end a table in every sample copy (inside a Word-style
# table rows are separated by exactly one); a truncated copy may run two tables together.
_TABLE_GAP_LINES = 2


class BreakKind(StrEnum):
    FOOTER = "footer"
    HEADER = "header"
    BOTH = "both"


@dataclass(frozen=True)
class TableSpan:
    """Lines ``start``..``end`` (exclusive) of one table; its data starts at ``data_start``,
    its last row at ``last_row``."""

    table: str
    start: int
    end: int
    data_start: int
    last_row: int

    @property
    def gaps(self) -> range:
        """Insert positions: before each line of the table but the first."""
        return range(self.start + 1, self.end)


@dataclass(frozen=True)
class Variant:
    sample: str
    table: str
    gap: int
    kind: BreakKind
    footer: str | None
    blank_around: bool
    text: str

    @property
    def label(self) -> str:
        footer = f" {self.footer!r}{' with blanks' if self.blank_around else ''}" if self.footer else ""
        return f"{self.sample} {self.table} line {self.gap} {self.kind}{footer}"


def sample_cases() -> list[Path]:
    """The text copies that have an expected JSON."""
    return sorted(p for p in SAMPLES.glob("*.txt") if (SAMPLES / "expected" / f"{p.name}.json").exists())


def _is_word_style(lines: list[str]) -> bool:
    cells = [ln for ln in lines if ln.strip()]
    return sum(1 for ln in cells if ln.startswith("\t") and ln.count("\t") == 1) >= 0.8 * len(cells)


def _cells(line: str) -> list[str]:
    return [c.strip(" \u3000\u00a0") for c in line.split("\t")]


def _has_number(line: str) -> bool:
    return any(_NUMBER.match(c) for c in _cells(line))


def _data_start(lines: list[str], start: int, end: int, word_style: bool) -> int:
    """The first line of the first row that holds a number (the header rows are above it)."""
    row_start = start
    for i in range(start, end):
        if word_style and lines[i] == "" and i + 1 < end and lines[i + 1].startswith("\t"):
            row_start = i + 1
        if _has_number(lines[i]):
            return row_start if word_style else i
    return start


def _last_row(lines: list[str], start: int, end: int, word_style: bool) -> int:
    if not word_style:
        return end - 1
    return max((i for i in range(start + 1, end) if lines[i - 1] == "" and lines[i].startswith("\t")), default=start)


def _runs(lines: list[str], first: int, last: int) -> Iterator[tuple[int, int]]:
    """Table line ranges between ``first`` and ``last``, split where empty lines pile up."""
    start = first
    blanks = 0
    for i in range(first, last + 1):
        blanks = blanks + 1 if lines[i] == "" else 0
        if blanks >= _TABLE_GAP_LINES:
            end = i - blanks + 1
            if end > start:
                yield start, end
            start = i + 1
    if last + 1 > start:
        yield start, last + 1


def table_spans(lines: list[str]) -> list[TableSpan]:
    headings = [i for i, ln in enumerate(lines) if "\t" not in ln and _HEADING.match(ln)]
    word_style = _is_word_style(lines)
    spans: list[TableSpan] = []
    for table, keyword in _SECTION_KEYWORDS.items():
        heading = next((i for i in headings if keyword in lines[i]), None)
        if heading is None:
            continue
        bound = next((i for i in headings if i > heading), len(lines))
        tab_lines = [i for i in range(heading + 1, bound) if "\t" in lines[i]]
        if not tab_lines:
            continue
        for n, (start, end) in enumerate(_runs(lines, tab_lines[0], tab_lines[-1])):
            # A truncated copy can run the next table on under this heading: "#2" names it.
            name = f"{table}#{n + 1}" if n else table
            data_start = _data_start(lines, start, end, word_style)
            spans.append(TableSpan(name, start, end, data_start, _last_row(lines, start, end, word_style)))
    return spans


def _footer(form: str, gap: int) -> str:
    return form.format(n=1 + gap % PAGE_COUNT, total=PAGE_COUNT)


def _insert(lines: list[str], gap: int, block: list[str]) -> str:
    return "\n".join([*lines[:gap], *block, *lines[gap:]])


def _header_block(lines: list[str], span: TableSpan, gap: int, word_style: bool) -> list[str]:
    """The header rows as a page break repeats them: rows of their own in a Word-style copy."""
    header = lines[span.start : span.data_start]
    if word_style and lines[gap - 1] != "":
        header = ["", *header]
    if word_style and header and header[-1] != "":
        header = [*header, ""]
    return header


def variants(path: Path, every: int = 1) -> Iterator[Variant]:
    """Every variant of one sample; ``every=k`` keeps every k-th gap of each table (and always
    the gaps between header and data and before the last row)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    word_style = _is_word_style(lines)
    for span in table_spans(lines):
        for n, gap in enumerate(span.gaps):
            if n % every and gap not in (span.data_start, span.last_row):
                continue
            yield from _gap_variants(path.name, lines, span, gap, word_style)


def sampled_variants(path: Path, every: int) -> Iterator[Variant]:
    """A deterministic sample for the test suite: at the gaps between header and data and
    before the last row of each table, one variant of each kind and of each footer form
    (``_key_variant``); elsewhere every ``every``-th variant (``every`` prime to the number of
    variants per gap, so kinds and footer forms rotate)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    key_gaps = {gap for span in table_spans(lines) for gap in (span.data_start, span.last_row)}
    for n, variant in enumerate(variants(path)):
        if (variant.gap in key_gaps and _key_variant(variant)) or n % every == 0:
            yield variant


def _key_variant(variant: Variant) -> bool:
    """Each footer form once, alternately alone and with blank lines; the header; the header
    after the bare page number (the hard footer)."""
    if variant.kind is BreakKind.HEADER:
        return True
    form = next(i for i, f in enumerate(FOOTER_FORMS) if variant.footer == _footer(f, variant.gap))
    if variant.kind is BreakKind.BOTH:
        return FOOTER_FORMS[form] == "{n}"
    return variant.blank_around == bool(form % 2)


def _gap_variants(name: str, lines: list[str], span: TableSpan, gap: int, word_style: bool) -> Iterator[Variant]:
    for form in FOOTER_FORMS:
        footer = _footer(form, gap)
        for blank_around in (False, True):
            block = ["", footer, ""] if blank_around else [footer]
            yield Variant(name, span.table, gap, BreakKind.FOOTER, footer, blank_around, _insert(lines, gap, block))
    header = _header_block(lines, span, gap, word_style)
    if span.data_start == span.start or gap < span.data_start:
        # No header rows to repeat; a header is repeated after the header, never inside it.
        return
    yield Variant(name, span.table, gap, BreakKind.HEADER, None, False, _insert(lines, gap, header))
    for form in FOOTER_FORMS:
        footer = _footer(form, gap)
        yield Variant(name, span.table, gap, BreakKind.BOTH, footer, False, _insert(lines, gap, [footer, *header]))


def expected_for(path: Path) -> dict[str, Any]:
    return json.loads((SAMPLES / "expected" / f"{path.name}.json").read_text(encoding="utf-8"))


def check(variant: Variant, expected: dict[str, Any], folder: Path) -> FileResult:
    """Extract one variant and compare every field with the sample's expected JSON."""
    path = folder / variant.sample
    path.write_text(variant.text, encoding="utf-8")
    actual = json.loads(to_json(extract(path)))
    return compare(expected, actual, variant.label)
