"""Agency names as reports print them, thousands of draws: the identity sweep of issue 27.

    python scripts/sweep_identity.py            # development seeds 0-4999, every miss printed with -v
    python scripts/sweep_identity.py --measure  # measuring seeds 100000-101999 (docs/identity.md's figures)

Each draw (``tests/corpus/agency_names.py``) prints a real division's government or department
the ways reports do, with an address that agrees, one of an unrelated region, or none. Outcomes:
right (region, level and kind), flagged (null with a warning), wrong with a warning, and SILENT
(a wrong or null value without a warning). Exit 1 when any is SILENT.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.agency_names import DEV_SEEDS, MEASURE_SEEDS, sweep  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measure", action="store_true", help="the measuring seeds (report figures from these only)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case not right")
    args = parser.parse_args()
    seeds = MEASURE_SEEDS if args.measure else DEV_SEEDS
    outcomes, names, misses = sweep(seeds)
    if args.verbose:
        for case, result in misses:
            print(f"{case.seed}\t{result.outcome}\t{case.agency}\t{case.address}\t→ {case.name} ({case.truth.code})")
    why = Counter((case.form, case.address_kind) for case, result in misses if result.outcome == "flagged")
    total = sum(outcomes.values())
    print(f"{'measuring' if args.measure else 'development'} seeds {seeds.start}-{seeds.stop - 1}: {total} names")
    for outcome in ("right", "flagged", "wrong_flagged", "SILENT"):
        print(f"  {outcome:14} {outcomes[outcome]:5}  ({100 * outcomes[outcome] / max(total, 1):.1f}%)")
    print(f"  normalised name as expected in {names['name right']} of {outcomes['right']} right")
    print("  flagged by (printed form, address): " + ", ".join(f"{f}/{a} {n}" for (f, a), n in why.most_common()))
    return 1 if outcomes["SILENT"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
