"""Reports the extractor was not tuned on: random variants as DOCX, and a few as PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluation import compare
from extractor.pipeline import extract, to_json
from extractor.readers.office_convert import convert
from tests.corpus.variants import make_variant


def _check(path: Path, expected: dict) -> None:
    actual = json.loads(to_json(extract(path)))
    result = compare(expected, actual, path.name)
    assert result.mismatches == [], result.mismatches[:10]


@pytest.mark.parametrize("seed", range(40))
def test_docx_variant(seed: int, tmp_path: Path) -> None:
    path = tmp_path / f"variant{seed}.docx"
    expected = make_variant(seed, path)
    _check(path, expected)


@pytest.mark.needs_soffice
@pytest.mark.parametrize("seed", [101, 102, 103, 104])
def test_pdf_variant(seed: int, tmp_path: Path) -> None:
    path = tmp_path / f"variant{seed}.docx"
    expected = make_variant(seed, path)
    (pdf,) = convert([path], "pdf", tmp_path)
    _check(pdf, expected)
