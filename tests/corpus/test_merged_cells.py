"""Merged cells in the data area, sampled (issue 25): Word and web-page copies of a few variants
with random runs of value cells merged; ``scripts/sweep_merged_cells.py`` runs it whole.

Every field under a merged cell is its true value or null with a ``merged_cell`` warning naming
it (never a neighbour's value copied), and every other field is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.merged_cells import run_case

# Drawn from the development seeds (scripts/sweep_merged_cells.py), each passing when chosen.
SEEDS = (1, 2, 5)


@pytest.mark.parametrize("seed", SEEDS)
def test_merged_value_cells_are_never_copied(seed: int, tmp_path: Path) -> None:
    for verdict in run_case(seed, tmp_path):
        assert verdict.merged > 0
        assert verdict.problems == [], verdict.name
