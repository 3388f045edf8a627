"""Web pages whose table was cut in two (a CMS editor, a page converted from a paginated
original): every sample table cut before every one of its rows, as a CMS page. A cell merged
across the cut goes on in the second table as a blank cell, as a word processor splits it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluation import compare
from extractor.pipeline import extract, to_json
from scripts.samples import html_pages
from scripts.samples.html_pages import WCell, WTable
from tests.helpers import SAMPLES

STEMS = sorted(p.stem for p in SAMPLES.glob("*.docx"))


def _columns(table: WTable) -> list[list[tuple[int, WCell]]]:
    """Each row's cells with the grid column each starts in."""
    covered: set[tuple[int, int]] = set()
    rows = []
    for r, row in enumerate(table.rows):
        col, placed = 0, []
        for cell in row:
            while (r, col) in covered:
                col += 1
            placed.append((col, cell))
            covered |= {(rr, cc) for rr in range(r + 1, r + cell.rowspan) for cc in range(col, col + cell.colspan)}
            col += cell.colspan
        rows.append(placed)
    return rows


def split(table: WTable, cut: int) -> tuple[WTable, WTable]:
    placed = _columns(table)
    top, carried = [], []
    for r, row in enumerate(placed[:cut]):
        top.append(tuple(WCell(c.lines, min(c.rowspan, cut - r), c.colspan) for _, c in row))
        carried += [(col, WCell(("",), r + c.rowspan - cut, c.colspan)) for col, c in row if r + c.rowspan > cut]
    bottom = [sorted(row + (carried if r == 0 else []), key=lambda x: x[0]) for r, row in enumerate(placed[cut:])]
    return WTable(tuple(top), table.grid_cols), WTable(tuple(tuple(c for _, c in row) for row in bottom), table.grid_cols)


def _cases() -> list[tuple[str, int, int]]:
    cases = []
    for stem in STEMS:
        content = html_pages.docx_content(SAMPLES / f"{stem}.docx")
        for index, block in enumerate(content):
            if isinstance(block, WTable):
                cases += [(stem, index, cut) for cut in range(1, len(block.rows))]
    return cases


@pytest.mark.parametrize(("stem", "index", "cut"), _cases())
def test_a_table_cut_in_two_reads_as_one(tmp_path: Path, stem: str, index: int, cut: int) -> None:
    content = html_pages.docx_content(SAMPLES / f"{stem}.docx")
    first, second = split(content[index], cut)  # type: ignore[arg-type]
    expected = json.loads((SAMPLES / "expected" / f"{stem}.docx.json").read_text(encoding="utf-8"))
    agency, year = expected["report"]["agency"], expected["report"]["year"]
    page = tmp_path / f"{stem}.shtml"
    cut_content = [*content[:index], first, second, *content[index + 1 :]]
    page.write_bytes(html_pages.cms_page(cut_content, agency, f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-20"))
    result = compare(expected, json.loads(to_json(extract(page))), page.name)
    assert result.mismatches == [] and result.unexplained_nulls == []
