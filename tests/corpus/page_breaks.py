"""The page-break sweep: every page break through every row of every table.

One case is a variant seed, a table layout (with or without vertical rules) and a push (empty
paragraphs of ``Layout.step`` points before table 2, which moves the whole document below it
down the page). Pushing by one step at a time, over one page's height, passes each page break
through every row boundary of whatever sits at it, so a sweep over ``range(0, PAGE_STEPS)``
covers every break position of every table. The DOCX files go through LibreOffice in one call
and each PDF is compared field by field with the expected tables drawn with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.evaluation import FileResult, compare
from extractor.pipeline import extract, to_json
from extractor.readers.office_convert import convert
from tests.corpus.variants import Layout, make_variant

# A4 with Word's default margins leaves about 700pt of text height; at 8pt a step, 88 steps move
# the content by a whole page, after which the break positions repeat.
PAGE_STEPS = 88
# Blank cells at random positions, far more than reports have, so that a break meets blanks.
BLANK_RATE = 0.12


@dataclass(frozen=True)
class Case:
    seed: int
    vertical_rules: bool
    push: int

    @property
    def name(self) -> str:
        return f"s{self.seed}_{'grid' if self.vertical_rules else 'hrules'}_p{self.push:03d}"

    def layout(self) -> Layout:
        return Layout(push={"proactive_disclosure": self.push}, vertical_rules=self.vertical_rules, blank_rate=BLANK_RATE)


def cases(seeds: Iterable[int], pushes: Iterable[int], rules: Iterable[bool] = (True, False)) -> list[Case]:
    return [Case(s, r, p) for s in seeds for r in rules for p in pushes]


def build(cases_: list[Case], workdir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every case built and printed to PDF (one LibreOffice call): its PDF and expected tables."""
    expected: dict[str, dict[str, Any]] = {}
    sources = []
    for case in cases_:
        path = workdir / f"{case.name}.docx"
        expected[case.name] = make_variant(case.seed, path, case.layout())
        sources.append(path)
    convert(sources, "pdf", workdir, timeout=60 + 5 * len(sources))
    return [(workdir / f"{case.name}.pdf", expected[case.name]) for case in cases_]


def run(cases_: list[Case], workdir: Path) -> list[FileResult]:
    """Build, print to PDF and extract every case; one result per case, in order."""
    results = []
    for pdf, expected in build(cases_, workdir):
        actual = json.loads(to_json(extract(pdf)))
        results.append(compare(expected, actual, pdf.name))
    return results
