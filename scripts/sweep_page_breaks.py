"""The whole page-break sweep (issue 10): every page break through every row of every table.

    python scripts/sweep_page_breaks.py                      # seeds 1 2, every push, both rule styles
    python scripts/sweep_page_breaks.py --seeds 5 --stride 4 --rules hrules

Each case is a random report variant (tests/corpus/variants.py) with empty paragraphs pushing
table 2, and everything after it, down the page (tests/corpus/page_breaks.py), printed to PDF by
LibreOffice and extracted. Prints each case with a wrong field and the figure: cases, fields,
fields correct. The test suite runs a fixed sample of these cases (tests/corpus/test_page_breaks.py).
Exit 1 when any field is wrong.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.page_breaks import PAGE_STEPS, cases, run  # noqa: E402

RULES = {"both": (True, False), "grid": (True,), "hrules": (False,)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--stride", type=int, default=1, help="every n-th push (1 = every step)")
    parser.add_argument("--rules", choices=sorted(RULES), default="both")
    parser.add_argument("--batch", type=int, default=40, help="cases printed to PDF per LibreOffice call")
    args = parser.parse_args()
    selected = cases(args.seeds, range(0, PAGE_STEPS, args.stride), RULES[args.rules])
    start = time.monotonic()
    fields = correct = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(0, len(selected), args.batch):
            for result in run(selected[i : i + args.batch], Path(tmp)):
                fields += result.fields
                correct += result.correct
                if result.mismatches or result.error:
                    bad += 1
                    print(f"{result.file}: {len(result.mismatches)} wrong, e.g. {result.mismatches[:2]}", flush=True)
    share = correct / fields if fields else 0.0
    print(
        f"{len(selected)} cases x {fields // max(len(selected), 1)} fields: {correct}/{fields} correct ({share:.2%}), "
        f"{bad} cases with a wrong field, {time.monotonic() - start:.0f}s"
    )
    return 1 if correct != fields else 0


if __name__ == "__main__":
    sys.exit(main())
