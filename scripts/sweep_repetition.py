"""The repetition measure against narratives that copy a known share of last year's.

    python scripts/sweep_repetition.py            # development seeds 0-99
    python scripts/sweep_repetition.py --measure  # measuring seeds 1000-1199 (docs/identity.md's figures)

Each draw (``tests/corpus/copied_reports.py``) copies a random share of one report's sentences
(figures changed) among another's. Exit 1 when a measured share falls outside its bounds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.copied_reports import DEV_SEEDS, MEASURE_SEEDS, draw  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", action="store_true", help="the measuring seeds (report figures from these only)")
    args = parser.parse_args()
    seeds = MEASURE_SEEDS if args.measure else DEV_SEEDS
    draws = [draw(seed) for seed in seeds]
    gaps = [d.measured - d.copied for d in draws]
    inside = sum(d.within for d in draws)
    print(f"{'measuring' if args.measure else 'development'} seeds {seeds.start}-{seeds.stop - 1}: "
          f"{inside} of {len(draws)} within bounds; measured - copied share: min {min(gaps):+.3f}, "
          f"max {max(gaps):+.3f}, mean {sum(gaps) / len(gaps):+.3f}")
    return 0 if inside == len(draws) else 1


if __name__ == "__main__":
    raise SystemExit(main())
