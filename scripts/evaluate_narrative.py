"""Narrative checks on the labelled sentences: precision, what the fails catch, verdicts as labelled.

    python scripts/evaluate_narrative.py       # figures; -v lists every sentence whose verdicts differ

The set is ``tests/classify/data/narrative_sentences.jsonl`` (seeds, real texts, sentences written
in their style; each with its table values, expected verdicts and whether it agrees with them).
Precision: of the sentences that give a ``fail``, the share that really contradict their tables
(the promise: no ``fail`` on a consistent sentence). Caught: contradicting sentences with a fail.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.classify.test_narrative import labelled, verdicts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    items = labelled()
    consistent = [i for i in items if i["consistent"]]
    contradicting = [i for i in items if not i["consistent"]]
    failing = [i for i in items if any(s == "fail" for _, s in verdicts(i))]
    false_alarms = [i for i in failing if i["consistent"]]
    caught = [i for i in contradicting if i in failing]
    checks = [v for i in items for v in verdicts(i)]
    as_labelled = [i for i in items if verdicts(i) == i["expected"]]
    by_status = {s: sum(1 for _, x in checks if x == s) for s in ("pass", "fail", "skipped")}
    print(f"{len(items)} sentences ({len(consistent)} consistent, {len(contradicting)} contradicting), "
          f"{len(checks)} checks: {by_status}")
    precision = 100 * (len(failing) - len(false_alarms)) / len(failing) if failing else 100.0
    print(f"precision: {len(failing) - len(false_alarms)}/{len(failing)} failing sentences contradict their tables "
          f"({precision:.1f}%); fails on consistent sentences: {len(false_alarms)}")
    print(f"caught: {len(caught)}/{len(contradicting)} contradicting sentences fail")
    print(f"every verdict as labelled: {len(as_labelled)}/{len(items)} sentences")
    if args.verbose:
        for item in items:
            if verdicts(item) != item["expected"]:
                print(f"  {item['sentence']}\n    got {verdicts(item)}\n    expected {item['expected']}")
    return 1 if false_alarms else 0


if __name__ == "__main__":
    raise SystemExit(main())
