"""Word tables split by hand: every row of every table starts a second table once.

Authors force a page break in Word by cutting a table in two (an empty paragraph between),
sometimes repeating the header rows on top of the second part. Each split position of each
table, with and without the repeated header, must give every field of the uncut report.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from extractor.evaluation import compare
from extractor.pipeline import extract, to_json
from tests.corpus.variants import HEADER_ROWS, make_variant, split_table

SEEDS = (4, 7)  # one 2021 and one 2019 layout, neither used while writing the stitching
TABLES = ("proactive_disclosure", "applications", "review_litigation")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_table_cut_in_two_at_any_row_loses_nothing(seed: int, tmp_path: Path) -> None:
    whole = tmp_path / "whole.docx"
    expected = make_variant(seed, whole)  # splitting moves rows; no value changes
    counts = [len(t.rows) for t in docx.Document(str(whole)).tables]
    assert len(counts) == len(TABLES)
    wrong = {}
    cases = [(i, at, repeat) for i, n in enumerate(counts) for at in range(1, n) for repeat in (False, True)]
    for i, at, repeat in cases:
        document = docx.Document(str(whole))
        split_table(document.tables[i], at, HEADER_ROWS[TABLES[i]] if repeat else 0)
        path = tmp_path / f"{TABLES[i]}_{at}_{int(repeat)}.docx"
        document.save(str(path))
        result = compare(expected, json.loads(to_json(extract(path))), path.name)
        if result.mismatches:
            wrong[path.name] = result.mismatches[:2]
    assert len(cases) > 40
    assert wrong == {}
