"""Merged cells in the data area of every table of the variants: the full sweep of issue 25.

    python scripts/sweep_merged_cells.py                 # the measuring seeds, Word and web page
    python scripts/sweep_merged_cells.py --seeds dev -v  # the development seeds, every problem
    python scripts/sweep_merged_cells.py --pdf           # PDF (LibreOffice) too

Each seed (``tests/corpus/merged_cells.py``) merges random runs of value cells in random rows
of each table of a variant. A field under a merged cell must be its true value or null with a
``merged_cell`` warning naming it; every other field must be unchanged. Exit 1 on any problem.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.merged_cells import FORMATS, Verdict, extract_json, judge, merged_case, print_pdfs  # noqa: E402

# Fixed up front: development seeds were looked at while writing the fixes, measuring seeds not.
SEED_SETS = {"dev": range(0, 200), "measure": range(1000, 1100)}


def sweep(seeds: range, formats: tuple[str, ...], pdf: bool) -> list[Verdict]:
    from tests.corpus.merged_cells import write_format

    verdicts: list[Verdict] = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [merged_case(seed, Path(tmp)) for seed in seeds]
        for case in cases:
            verdicts += [judge(case, extract_json(write_format(case, fmt)), f"seed {case.seed} {fmt}") for fmt in formats]
        if pdf:
            for case, path in zip(cases, print_pdfs(cases, Path(tmp)), strict=True):
                verdicts.append(judge(case, extract_json(path), f"seed {case.seed} pdf"))
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", choices=sorted(SEED_SETS), default="measure")
    parser.add_argument("--pdf", action="store_true", help="print each case to PDF with LibreOffice too")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every problem")
    args = parser.parse_args()
    verdicts = sweep(SEED_SETS[args.seeds], FORMATS, args.pdf)
    for v in verdicts:
        for problem in v.problems if args.verbose else v.problems[:1]:
            print(f"{v.name}: {problem}")
    merged = sum(v.merged for v in verdicts)
    right = sum(v.merged_right for v in verdicts)
    warned = sum(v.merged_warned for v in verdicts)
    others = sum(v.others for v in verdicts)
    others_right = sum(v.others_right for v in verdicts)
    silent = sum(v.silent_wrong for v in verdicts)
    failed = sum(bool(v.problems) for v in verdicts)
    print(f"{len(verdicts)} documents ({args.seeds} seeds): {failed} with a problem; merged fields {merged}: "
          f"{right} right, {warned} null with merged_cell, {merged - right - warned} other; other fields "
          f"{others_right}/{others} unchanged; {silent} SILENT wrong")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
