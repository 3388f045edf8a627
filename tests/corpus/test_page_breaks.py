"""A sample of the page-break sweep: a table's rows meet a page break at spread positions.

The whole sweep (every push, more seeds) is ``python scripts/sweep_page_breaks.py``; this
sample takes every ``STRIDE``-th push of a seed the fixes were not worked out on, with and
without vertical rules, so that each page break lands on a different row of each table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.page_breaks import PAGE_STEPS, cases, run

SEED = 3
STRIDE = 11


@pytest.mark.needs_soffice
def test_every_field_survives_page_breaks_at_sampled_rows(tmp_path: Path) -> None:
    selected = cases([SEED], range(STRIDE // 2, PAGE_STEPS, STRIDE))
    results = run(selected, tmp_path)
    wrong = {r.file: r.mismatches[:3] for r in results if r.mismatches or r.error}
    assert sum(r.fields for r in results) > 0
    assert wrong == {}
