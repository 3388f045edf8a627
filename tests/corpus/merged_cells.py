"""Merged cells in the data area of every table of the variants, in Word, HTML and PDF (issue 25).

``merged_case(seed, workdir)`` builds a variant (``tests/corpus/variants.py``), then merges
random runs of value cells in random rows of each of its three tables: a run is two or more
side-by-side cells of one row that each hold one field. The merged cell prints, at random,
the number of one cell of the run (the others become blanks: truth ``null``), every number of
the run one per line (as Word leaves a merge of filled cells: truth unchanged), or nothing
(truth all ``null``). The same document is then written as a web page and, when asked, printed
to PDF by LibreOffice.

``judge`` holds the extraction to the issue's rule: a field under a merged cell is its true
value or ``null`` with a ``merged_cell`` warning naming it (never a value copied from a
neighbour), and every other field is unchanged. ``tests/corpus/test_merged_cells.py`` samples
it; ``scripts/sweep_merged_cells.py`` runs it whole.
"""

from __future__ import annotations

import json
import random
from copy import deepcopy
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from extractor.contract import REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.evaluation import null_explained
from extractor.pipeline import extract, to_json
from scripts.samples import html_pages
from scripts.samples.docx_builder import put
from tests.corpus.variants import GROUPS_2019, GROUPS_2021, Layout, Variant

TABLES = ("proactive_disclosure", "applications", "review_litigation")
FORMATS = ("docx", "shtml")  # "pdf" too where LibreOffice runs (the script's --pdf)
# A row of a table is merged in with this chance (at least one row of each table always is).
ROW_RATE = 0.3
# Blank cells more often than reports have them, so that runs meet blanks.
BLANK_RATE = 0.1


class Fill(StrEnum):
    """What the merged cell prints."""

    ONE = "one"  # the number of one cell of the run; the others' blanks
    ALL = "all"  # each cell's number, one per line, in order
    BLANK = "blank"  # nothing


@dataclass(frozen=True)
class Merge:
    table: str
    row: int  # the Word table's row
    first: int  # grid columns first..last
    last: int
    fill: Fill
    fields: tuple[str, ...]  # "table.row.col" of each merged grid column, in order
    text: str


@dataclass
class Case:
    seed: int
    docx: Path
    expected: dict[str, Any]  # truth after the merges
    merges: list[Merge] = field(default_factory=list)

    @property
    def merged_fields(self) -> set[str]:
        return {f for m in self.merges for f in m.fields}


def field_cells(variant: Variant) -> dict[str, dict[tuple[int, int], str]]:
    """For each table, the Word (row, grid column) of each single field's cell, from the same
    layout code the variant used (``scripts/samples/national_tables.py``)."""
    out: dict[str, dict[tuple[int, int], str]] = {name: {} for name in TABLES}
    proactive = variant.tables["proactive_disclosure"]
    r = 0
    for _, items in GROUPS_2019 if variant.template == "2019" else GROUPS_2021:
        r += 2  # the section title and its header row
        for item in items:
            for i, col in enumerate(proactive[item]):
                out["proactive_disclosure"][(r, 1 + i)] = f"proactive_disclosure.{item}.{col}"
            r += 1
    for r, key in enumerate(variant.tables["applications"], start=3):
        for i, col in enumerate(variant.columns):
            out["applications"][(r, 3 + i)] = f"applications.{key}.{col}"
    for i, (block, col) in enumerate((b, c) for b in REVIEW_BLOCKS for c in REVIEW_COLUMNS):
        out["review_litigation"][(3, i)] = f"review_litigation.{block}.{col}"
    return out


def _row_cells(tr: Any) -> list[tuple[int, int, Any]]:
    """(grid column, span, w:tc) of each cell of a Word row."""
    out, col = [], 0
    for tc in tr.iterchildren(qn("w:tc")):
        span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
        out.append((col, span if not vmerge else 0, tc))
        col += span
    return out


def _runs(cols: list[int]) -> list[list[int]]:
    """Maximal runs of adjacent grid columns, two or more long."""
    runs: list[list[int]] = []
    for c in sorted(cols):
        if runs and runs[-1][-1] == c - 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return [r for r in runs if len(r) > 1]


def _get(tables: dict[str, Any], path: str) -> Any:
    table, row, col = path.split(".")
    return tables[table][row][col]


def _set(tables: dict[str, Any], path: str, value: Any) -> None:
    table, row, col = path.split(".")
    tables[table][row][col] = value


def merged_case(seed: int, workdir: Path) -> Case:
    """Variant ``seed`` with random runs of value cells merged; its DOCX and the truth."""
    rng = random.Random(f"merged-{seed}")
    variant = Variant(seed, Layout(blank_rate=BLANK_RATE))
    path = workdir / f"merged{seed}.docx"
    built = variant.build(path)
    texts: dict[str, str] = {}  # each field's printed text, to write the merged cells
    cells = field_cells(variant)
    document = docx.Document(str(path))
    case = Case(seed, path, deepcopy(built))
    for name, table in zip(TABLES, document.tables, strict=True):
        rows = sorted({r for r, _ in cells[name]})
        chosen = [r for r in rows if rng.random() < ROW_RATE] or [rng.choice(rows)]
        for r in chosen:
            tr = table._tbl.tr_lst[r]
            # Only single-column cells with a field: a cell spanning already is the layout's.
            singles = {c: tc for c, span, tc in _row_cells(tr) if span == 1 and (r, c) in cells[name]}
            runs = _runs(list(singles))
            if not runs:
                continue
            run = rng.choice(runs)
            length = rng.randint(2, len(run))
            start = rng.randint(0, len(run) - length)
            cols = run[start : start + length]
            fields = tuple(cells[name][(r, c)] for c in cols)
            for c, f in zip(cols, fields, strict=True):
                texts[f] = "".join(t.text or "" for t in singles[c].iter(qn("w:t")))
            case.merges.append(_merge(rng, table, r, cols, fields, texts, case.expected["tables"]))
    document.save(str(path))
    return case


def _merge(rng: random.Random, table: Any, r: int, cols: list[int], fields: tuple[str, ...],
           texts: dict[str, str], truth: dict[str, Any]) -> Merge:
    fill = rng.choice(list(Fill))
    if fill is Fill.ONE:
        keep = rng.choice(fields)
        text = texts[keep]
        for f in fields:
            if f != keep:
                _set(truth, f, None)
    elif fill is Fill.ALL:
        text = "\n".join(texts[f] for f in fields if texts[f])
    else:
        text = ""
        for f in fields:
            _set(truth, f, None)
    cell = table.cell(r, cols[0]).merge(table.cell(r, cols[-1]))
    put(cell, text)
    name = fields[0].split(".", 1)[0]
    return Merge(name, r, cols[0], cols[-1], fill, fields, text)


def write_format(case: Case, fmt: str) -> Path:
    """The case's document in ``fmt``: its DOCX, or a CMS web page of the same content. (PDFs
    come from ``print_pdfs``, one LibreOffice run for many cases.)"""
    if fmt == "docx":
        return case.docx
    report = case.expected["report"]
    page = case.docx.with_suffix(".shtml")
    title = f"{report['agency']}{report['year']}年政府信息公开工作年度报告"
    page.write_bytes(html_pages.cms_page(html_pages.docx_content(case.docx), report["agency"], title,
                                         f"{report['year'] + 1}-01-20"))
    return page


def print_pdfs(cases: list[Case], workdir: Path) -> list[Path]:
    from extractor.readers.office_convert import convert

    convert([c.docx for c in cases], "pdf", workdir, timeout=60 + 5 * len(cases))
    return [workdir / f"{c.docx.stem}.pdf" for c in cases]


@dataclass
class Verdict:
    """One extraction of one case, field by field."""

    name: str
    merged: int = 0  # fields under a merged cell
    merged_right: int = 0  # ... holding their true value
    merged_warned: int = 0  # ... null, a merged_cell warning naming them
    others: int = 0
    others_right: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def silent_wrong(self) -> int:
        return sum("SILENT" in p for p in self.problems)


def _merged_warning(path: str, doc: dict[str, Any]) -> bool:
    return any(w["code"] == "merged_cell" and (w.get("where") or {}).get("field") == path for w in doc["warnings"])


def judge(case: Case, doc: dict[str, Any], name: str) -> Verdict:
    verdict = Verdict(name)
    merged = case.merged_fields
    for key in ("agency", "year", "template"):
        if doc["report"].get(key) != case.expected["report"][key]:
            verdict.problems.append(f"report.{key}: {doc['report'].get(key)!r}")
    for table, rows in case.expected["tables"].items():
        for row, cols in rows.items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                got = doc["tables"][table][row][col]
                explained = got is not None or null_explained(path, doc)
                if path in merged:
                    verdict.merged += 1
                    right = got == want and type(got) is type(want) and explained
                    warned = got is None and _merged_warning(path, doc)
                    verdict.merged_right += right
                    verdict.merged_warned += warned and not right
                    if not (right or warned):
                        what = "SILENT" if got is not None else "null without merged_cell warning"
                        verdict.problems.append(f"{path} (merged): expected {want!r}, got {got!r} [{what}]")
                else:
                    verdict.others += 1
                    if got == want and type(got) is type(want) and explained:
                        verdict.others_right += 1
                    else:
                        what = "null" if got is None else "SILENT" if not _named(path, doc) else "warned"
                        verdict.problems.append(f"{path}: expected {want!r}, got {got!r} [{what}]")
    return verdict


def _named(path: str, doc: dict[str, Any]) -> bool:
    return any((w.get("where") or {}).get("field") == path for w in doc["warnings"])


def extract_json(path: Path) -> dict[str, Any]:
    return json.loads(to_json(extract(path)))


def run_case(seed: int, workdir: Path, formats: tuple[str, ...] = FORMATS) -> list[Verdict]:
    case = merged_case(seed, workdir)
    return [judge(case, extract_json(write_format(case, fmt)), f"seed {seed} {fmt}") for fmt in formats]
