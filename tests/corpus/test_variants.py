"""Reports the extractor was not tuned on: random variants as DOCX, and a few as PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.evaluation import compare
from extractor.pipeline import extract, to_json
from extractor.readers.office_convert import convert
from scripts.samples import html_pages
from tests.corpus.variants import make_variant


def _check(path: Path, expected: dict) -> None:
    actual = json.loads(to_json(extract(path)))
    result = compare(expected, actual, path.name)
    assert result.mismatches == [], result.mismatches[:10]
    assert result.unexplained_nulls == []


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], tuple[Path, dict]]:
    """Each seed's DOCX built once (building it costs more than reading it) for the DOCX and
    HTML tests alike."""
    folder = tmp_path_factory.mktemp("variants")
    built: dict[int, tuple[Path, dict]] = {}

    def get(seed: int) -> tuple[Path, dict]:
        if seed not in built:
            path = folder / f"variant{seed}.docx"
            built[seed] = (path, make_variant(seed, path))
        return built[seed]

    return get


@pytest.mark.parametrize("seed", range(40))
def test_docx_variant(seed: int, variants: Callable[[int], tuple[Path, dict]]) -> None:
    path, expected = variants(seed)
    _check(path, expected)


@pytest.mark.needs_soffice
@pytest.mark.parametrize("seed", [101, 102, 103, 104])
def test_pdf_variant(seed: int, tmp_path: Path) -> None:
    path = tmp_path / f"variant{seed}.docx"
    expected = make_variant(seed, path)
    (pdf,) = convert([path], "pdf", tmp_path)
    _check(pdf, expected)


@pytest.mark.parametrize("seed", range(40))
def test_html_variant(seed: int, tmp_path: Path, variants: Callable[[int], tuple[Path, dict]]) -> None:
    """Each variant as a site publishes it: pasted from Word (UTF-8) or a GBK CMS page, by seed."""
    docx, expected = variants(seed)
    content = html_pages.docx_content(docx)
    agency, year = expected["report"]["agency"], expected["report"]["year"]
    title = f"{agency}{year}年政府信息公开工作年度报告"
    make, suffix = (html_pages.word_page, ".htm") if seed % 2 else (html_pages.cms_page, ".shtml")
    page = tmp_path / f"variant{seed}{suffix}"
    page.write_bytes(make(content, agency, title, f"{year + 1}-01-20"))
    _check(page, expected)
