"""Page breaks at every line of every table of the sample text copies: the full sweep.

    python scripts/sweep_text_breaks.py            # every variant; prints variants × fields, % correct
    python scripts/sweep_text_breaks.py --every 7  # every 7th gap of each table (as the tests do, faster)

Variants (``tests/corpus/text_breaks.py``): a page footer ("— 4 —", "- 4 -", "第 4 页 共 7 页",
"第4页", a bare "4"; alone or between blank lines), the table's header rows, or both, inserted
between any two consecutive lines of each table. Every field must equal the sample's expected
JSON. Exit 1 if any field differs; the first mismatches of each kind are printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.text_breaks import check, expected_for, sample_cases, variants  # noqa: E402

SHOW_PER_KIND = 5


def sweep_one(sample: Path, every: int) -> tuple[int, int, int, Counter[str], list[str]]:
    """Variants, fields and correct fields of one sample; failing variants by kind, first labels."""
    expected = expected_for(sample)
    n = fields = correct = 0
    failed: Counter[str] = Counter()
    shown: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in variants(sample, every):
            result = check(variant, expected, Path(tmp))
            n += 1
            fields += result.fields
            correct += result.correct
            if result.mismatches:
                kind = f"{variant.kind}{'+blanks' if variant.blank_around else ''}"
                failed[kind] += 1
                if failed[kind] <= SHOW_PER_KIND:
                    shown.append(f"{variant.label}: {result.mismatches[:3]}")
    return n, fields, correct, failed, shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="keep every k-th gap of each table (default: all)")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPU count)")
    args = parser.parse_args()
    started = time.monotonic()
    total_variants = total_fields = total_correct = 0
    failed: Counter[str] = Counter()
    samples = sample_cases()
    with ProcessPoolExecutor(args.jobs) as pool:
        for sample, (n, fields, correct, kinds, shown) in zip(
            samples, pool.map(sweep_one, samples, [args.every] * len(samples)), strict=True
        ):
            print(f"{sample.name}: {n} variants, {correct}/{fields} fields correct")
            for line in shown:
                print(f"  MISMATCH {line}")
            total_variants += n
            total_fields += fields
            total_correct += correct
            failed.update(kinds)
    share = 100 * total_correct / total_fields if total_fields else 0.0
    failing = sum(failed.values())
    print(
        f"{total_variants} variants, {total_fields} fields: {total_correct} correct ({share:.2f}%); "
        f"{failing} variants with a mismatch {dict(failed)}; {time.monotonic() - started:.0f} s"
    )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
