"""The scan sweep: report layouts scanned under random draws, scored field by field.

A case is a layout and a scan draw (``tests/corpus/scanner.py``). A layout is either a random
report variant (``tests/corpus/variants.py``: 2019 or 2021, an omitted column, labels broken
by spaces and line breaks, applicant headers stacked, blank cells) drawn with or without
vertical rules and pushed down the page by some steps so that page breaks fall inside its
tables (``tests/corpus/page_breaks.py``), or one of the bundled sample PDFs (real reports'
layouts: merged header cells, one character per line, rules-only tables).

The seeds are split once, before any fixing, and never mixed:

* **development** (``DEV``): variant seeds 100-199, draw seeds 1000-1999, and the sample
  layouts; look at these while fixing.
* **measuring** (``MEASURE``): variant seeds 500-599, draw seeds 5000-5999; figures come from
  these only, and nobody looks at their failures to tune a tolerance.

Every wrong field is classified as flagged (a warning or a failed check names it) or SILENT
(``extractor.evaluation.compare``); a null no warning explains is counted apart.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from extractor.evaluation import FileResult, compare
from extractor.readers.office_convert import convert
from tests.corpus.page_breaks import PAGE_STEPS
from tests.corpus.scanner import ScanDraw, draw, scan_pdf
from tests.corpus.variants import Layout, make_variant
from tests.helpers import SAMPLES


class SeedSet(StrEnum):
    DEV = "dev"
    MEASURE = "measure"


@dataclass(frozen=True)
class SeedRange:
    variants: range
    draws: range


SEEDS = {
    SeedSet.DEV: SeedRange(range(100, 200), range(1000, 2000)),
    SeedSet.MEASURE: SeedRange(range(500, 600), range(5000, 6000)),
}
SAMPLE_LAYOUTS = tuple(sorted(p.stem for p in SAMPLES.glob("[0-9][0-9][0-9]_*.pdf")))


@dataclass(frozen=True)
class ScanCase:
    """One layout (a variant seed with its rules and push, or a sample's stem) and one draw."""

    draw_seed: int
    variant: int | None = None
    vertical_rules: bool = True
    push: int = 0
    sample: str | None = None

    @property
    def layout_name(self) -> str:
        if self.sample is not None:
            return self.sample
        return f"v{self.variant}_{'grid' if self.vertical_rules else 'hrules'}_p{self.push:02d}"

    @property
    def name(self) -> str:
        return f"{self.layout_name}_d{self.draw_seed}"

    def draw(self) -> ScanDraw:
        return draw(self.draw_seed)


@dataclass
class ScanResult:
    case: ScanCase
    draw: ScanDraw
    result: FileResult
    pages: int = 0
    seconds: float = 0.0
    warnings: dict[str, int] = field(default_factory=dict)


def cases(seed_set: SeedSet, layouts: int, draws: int, samples: bool | None = None) -> list[ScanCase]:
    """``layouts`` variant layouts of the set, each scanned under ``draws`` draws of the set.

    Variant ``i`` of the set has its rules and push drawn from the set's own stream (half
    without vertical rules; the push over a whole page of break positions). Draw seeds are
    taken in order, each used once. ``samples`` (default: the development set only) adds the
    bundled sample layouts, each under its own ``draws`` draws."""
    seeds = SEEDS[seed_set]
    rng = random.Random(f"scan-sweep-{seed_set.value}")
    layouts_: list[tuple[int, bool, int]] = []
    for variant in seeds.variants[:layouts]:
        layouts_.append((variant, rng.random() < 0.5, rng.randrange(PAGE_STEPS)))
    draw_seeds = iter(seeds.draws)
    out = [ScanCase(next(draw_seeds), v, r, p) for v, r, p in layouts_ for _ in range(draws)]
    if samples if samples is not None else seed_set is SeedSet.DEV:
        out += [ScanCase(next(draw_seeds), sample=s) for s in SAMPLE_LAYOUTS for _ in range(draws)]
    return out


def build_sources(cases_: Iterable[ScanCase], workdir: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Each case's layout as a text PDF with its expected tables (one LibreOffice call for all
    the variants), by layout name."""
    out: dict[str, tuple[Path, dict[str, Any]]] = {}
    docx: list[Path] = []
    for case in cases_:
        if case.layout_name in out:
            continue
        if case.sample is not None:
            expected = json.loads((SAMPLES / "expected" / f"{case.sample}.pdf.json").read_text(encoding="utf-8"))
            out[case.layout_name] = (SAMPLES / f"{case.sample}.pdf", expected)
            continue
        layout = Layout(push={"proactive_disclosure": case.push}, vertical_rules=case.vertical_rules)
        path = workdir / f"{case.layout_name}.docx"
        out[case.layout_name] = (workdir / f"{case.layout_name}.pdf", make_variant(case.variant or 0, path, layout))
        docx.append(path)
    if docx:
        convert(docx, "pdf", workdir, timeout=60 + 5 * len(docx))
    return out


def run_case(case: ScanCase, source: Path, expected: dict[str, Any], workdir: Path,
             timeout: float | None = None) -> ScanResult:
    """Scan ``source`` under the case's draw, extract the scan, compare with ``expected``.
    ``timeout``: seconds for the extraction (None: the default limit); a sweep on a loaded
    machine raises it so that a slow page is scored, not lost to the clock."""
    import time

    from extractor.errors import GovReportError
    from extractor.limits import Limits
    from extractor.pipeline import extract, to_json

    scan = case.draw()
    target = workdir / f"{case.name}.pdf"
    scan_pdf(source, target, scan)
    start = time.monotonic()
    try:
        actual = json.loads(to_json(extract(target, Limits(timeout=timeout) if timeout else None)))
    except GovReportError as exc:
        return ScanResult(case, scan, FileResult(target.name, error=f"{exc.reason}: {exc}"),
                          seconds=time.monotonic() - start)
    seconds = time.monotonic() - start
    result = compare(expected, actual, target.name)
    warnings: dict[str, int] = {}
    for w in actual.get("warnings", []):
        warnings[w["code"]] = warnings.get(w["code"], 0) + 1
    pages = int((actual.get("source") or {}).get("pages") or 0)
    return ScanResult(case, scan, result, pages, seconds, warnings)
