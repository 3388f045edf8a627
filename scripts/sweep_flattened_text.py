"""Text copies whose tables lost their cell separators (issue 30): the full sweep.

    python scripts/sweep_flattened_text.py                 # the measuring seeds
    python scripts/sweep_flattened_text.py --seeds dev -v  # the development seeds, every problem

Each seed (``tests/corpus/flattened.py``) renders three reports as flattened text copies: one
whose arithmetic is consistent (drawn), one random variant (numbers drawn independently, so its
identities fail), and a sample's expected tables in turn; each in a drawn layout (a table on one
line, a row per line, wrapped at a random width), numbering style, and in traditional characters
for about a third (when OpenCC is installed). Prints, by table, the fields recovered, null as
ambiguous (``cells_ambiguous``), null for another reason and WRONG; and the share of consistent
copies that got each table, and all three, back whole. Exit 1 on any wrong value.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.flattened import SEED_SETS, TABLES, Verdict, opencc_available, run_case, sources_for  # noqa: E402
from tests.corpus.flattened_oracle import Status  # noqa: E402


def sweep_seed(seed: int) -> list[Verdict]:
    with tempfile.TemporaryDirectory() as tmp:
        return [run_case(source, seed, Path(tmp)) for source in sources_for(seed, Path(tmp))]


def sweep(seeds: range, jobs: int | None) -> list[Verdict]:
    with ProcessPoolExecutor(jobs) as pool:
        return [v for verdicts in pool.map(sweep_seed, seeds) for v in verdicts]


def summary(verdicts: list[Verdict]) -> list[str]:
    lines = []
    kinds = ("recovered", "ambiguous", "null", "wrong", "blank")
    for table in TABLES:
        counts: Counter[str] = Counter()
        for v in verdicts:
            counts.update(v.counts[table])
        printed = sum(counts[k] for k in kinds if k != "blank")
        shares = ", ".join(f"{k} {counts[k]} ({100 * counts[k] / printed:.1f}%)" for k in kinds[:4]) if printed else "-"
        lines.append(f"  {table}: {printed} printed fields: {shares}; {counts['blank']} blank in the truth")
    consistent = [v for v in verdicts if v.consistent]
    if consistent:
        whole = {t: sum(v.table_complete(t) for v in consistent) for t in TABLES}
        all_three = sum(v.complete for v in consistent)
        n = len(consistent)
        lines.append(f"  consistent copies: {n}; whole tables back: "
                     + ", ".join(f"{t} {whole[t]} ({100 * whole[t] / n:.1f}%)" for t in TABLES)
                     + f"; all three {all_three} ({100 * all_three / n:.1f}%)")
        tables34 = sum(v.table_complete("applications") and v.table_complete("review_litigation") for v in consistent)
        lines.append(f"  consistent copies with tables 3 and 4 (the tables with identities) whole: {tables34} "
                     f"({100 * tables34 / n:.1f}%)")
    return lines


def oracle_lines(verdicts: list[Verdict]) -> tuple[list[str], list[str]]:
    """By table: what the text determines (the oracle) against what came back whole; and every
    table recovered that the text does not determine (a bug). A table whose truth is all blank
    is left out (it comes back "whole" as all null whatever the text)."""
    lines: list[str] = []
    bugs: list[str] = []
    for table in TABLES:
        judged = [v for v in verdicts if sum(v.counts[table][k] for k in ("recovered", "ambiguous", "null", "wrong"))]
        status = Counter(v.determines[table].status for v in judged)
        determined = [v for v in judged if v.determines[table].status is Status.DETERMINED]
        misleading = sum(not v.determines[table].truth for v in determined)
        recovered = [v for v in judged if v.table_complete(table)]
        missed = [v for v in determined if not v.table_complete(table) and v.determines[table].truth]
        unjudged = sum(v.determines[table].status is Status.TOO_BIG for v in recovered)
        for v in recovered:
            if v.determines[table].status in (Status.SEVERAL, Status.NONE):
                bugs.append(f"{v.name} {table}: recovered whole, but the text does not determine it "
                            f"({v.determines[table].status.value})")
        lines.append(f"  {table}: {len(judged)} copies print a value; the text determines {len(determined)} "
                     f"({misleading} of them wrongly: a blank vanished), several {status[Status.SEVERAL]}, "
                     f"none {status[Status.NONE]}, too big {status[Status.TOO_BIG]}; recovered whole {len(recovered)} "
                     f"({unjudged} of them too big for the oracle); "
                     f"determined (as the truth) but not recovered {len(missed)}")
    return lines, bugs


def all_three(verdicts: list[Verdict]) -> list[str]:
    """"All three tables back" over the consistent copies and over those the text determines."""
    consistent = [v for v in verdicts if v.consistent]
    determined = [v for v in consistent
                  if all(v.determines[t].status is Status.DETERMINED and v.determines[t].truth for t in TABLES)]
    out = []
    for name, part in (("consistent copies", consistent), ("consistent copies whose text determines all three "
                                                            "tables (as printed)", determined)):
        whole = sum(v.complete for v in part)
        share = f"{100 * whole / len(part):.1f}%" if part else "-"
        out.append(f"  all three tables back over {name}: {whole} of {len(part)} ({share})")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", choices=sorted(SEED_SETS), default="measure")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPU count)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every problem")
    args = parser.parse_args()
    seeds = SEED_SETS[args.seeds]
    verdicts = sweep(seeds, args.jobs)
    wrong = [p for v in verdicts for p in v.problems]
    for problem in wrong if args.verbose else wrong[:20]:
        print(f"WRONG {problem}")
    traditional = sum(v.style.traditional for v in verdicts)
    print(f"{len(verdicts)} copies ({args.seeds} seeds {seeds.start}-{seeds.stop - 1}; {traditional} in traditional "
          f"characters{'' if opencc_available() else ', OpenCC missing: none'}); {len(wrong)} wrong values "
          f"({sum('SILENT' in p for p in wrong)} SILENT)")
    print("\n".join(summary(verdicts)))
    for kind in ("consistent", "variant", "signed"):
        part = [v for v in verdicts if v.name.startswith(kind)]
        print(f"{kind} reports ({len(part)} copies):")
        print("\n".join(summary(part)[:3]))
    samples = [v for v in verdicts if not v.name.startswith(("consistent", "variant", "signed"))]
    print(f"samples ({len(samples)} copies):")
    print("\n".join(summary(samples)))
    lines, bugs = oracle_lines(verdicts)
    print("what the text determines (brute-force oracle, all copies):")
    print("\n".join(lines))
    print("\n".join(all_three(verdicts)))
    for bug in bugs if args.verbose else bugs[:20]:
        print(f"NOT DETERMINED {bug}")
    print(f"recovered tables the text does not determine: {len(bugs)}")
    return 1 if wrong or bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
