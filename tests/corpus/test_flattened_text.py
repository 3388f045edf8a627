"""Text copies whose tables lost their cell separators, sampled (issue 30);
``scripts/sweep_flattened_text.py`` runs the full sweep.

No value is ever wrong: each is the truth (with ``cells_inferred``) or null with
``cells_ambiguous``. A report whose arithmetic is consistent gets table 3 back whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.flattened import SEED_SETS, TABLES, Verdict, run_case, sources_for

# Drawn from the development seeds: line, rows and wrapped layouts, traditional and simplified.
SEEDS = (0, 1, 5, 56)


def _check(verdicts: list[Verdict]) -> None:
    for verdict in verdicts:
        assert verdict.problems == [], verdict.name
        for table in TABLES:
            # Every printed field is recovered or null as ambiguous: nothing is lost unsaid.
            assert verdict.counts[table]["null"] == 0, (verdict.name, table)
        if verdict.consistent:
            assert verdict.table_complete("applications"), verdict.name


@pytest.mark.parametrize("seed", SEEDS)
def test_flattened_copies_are_never_wrong(seed: int, tmp_path: Path) -> None:
    verdicts = [run_case(source, seed, tmp_path) for source in sources_for(seed, tmp_path)]
    assert any(v.counts["applications"]["recovered"] for v in verdicts)
    _check(verdicts)


@pytest.mark.slow
def test_every_development_seed(tmp_path: Path) -> None:
    _check([run_case(s, seed, tmp_path) for seed in SEED_SETS["dev"] for s in sources_for(seed, tmp_path)])
