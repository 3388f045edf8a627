"""Text copies whose tables lost their cell separators, sampled (issue 30);
``scripts/sweep_flattened_text.py`` runs the full sweep.

No value is ever wrong: each is the truth (with ``cells_inferred``), a placeholder's null (with
``blank_value``), or null with a warning. No table comes back whole that the text does not
determine (the brute-force oracle of ``flattened_oracle``), and a consistent copy whose text
determines table 3 gets it back whole."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.corpus.flattened import SEED_SETS, TABLES, Print, Style, Verdict, run_case, sources_for
from tests.corpus.flattened_oracle import Status

# Drawn from the development seeds: blanks vanishing, a row per line (11); "无" placeholders with
# spaces between cells and thousands separators, traditional characters (14); "-" placeholders,
# wrapped (19). Three seeds of four reports each keep this under 15 s.
SEEDS = (11, 14, 19)


def _check(verdicts: list[Verdict]) -> None:
    for verdict in verdicts:
        assert verdict.problems == [], verdict.name
        for table in TABLES:
            outcome = verdict.determines[table]
            printed = verdict.counts[table]["recovered"]
            if verdict.table_complete(table) and printed:
                assert outcome.status in (Status.DETERMINED, Status.TOO_BIG), (verdict.name, table)
            if verdict.consistent and table == "applications" and outcome.status is Status.DETERMINED \
                    and outcome.truth:
                assert verdict.table_complete(table), verdict.name


@pytest.mark.parametrize("seed", SEEDS)
def test_flattened_copies_are_never_wrong(seed: int, tmp_path: Path) -> None:
    verdicts = [run_case(source, seed, tmp_path) for source in sources_for(seed, tmp_path)]
    if not any("vanish" in v.name for v in verdicts):  # vanished blanks may leave table 3 nothing
        assert any(v.counts["applications"]["recovered"] for v in verdicts)
    _check(verdicts)


def test_the_sample_covers_blank_placeholders_and_vanishing() -> None:
    """The fast sample is not all of one kind: it has placeholders, vanished blanks and glue."""
    drawn = " ".join(Print.draw(random.Random(f"print-{seed}")).for_layout(Style.draw(random.Random(seed))).describe()
                     for seed in SEEDS)
    assert "blanks vanish" in drawn and "blanks 无" in drawn and "thousands" in drawn and "spaces" in drawn


@pytest.mark.slow
def test_every_development_seed(tmp_path: Path) -> None:
    _check([run_case(s, seed, tmp_path) for seed in SEED_SETS["dev"] for s in sources_for(seed, tmp_path)])
