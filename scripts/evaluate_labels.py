"""Leave-one-document-out accuracy of the paragraph labels, and the confusions left.

    python scripts/evaluate_labels.py                 # the labelled set, 25 epochs per fold
    python scripts/evaluate_labels.py --epochs 5      # quicker, a little less accurate

For each document of models/training/paragraphs.jsonl, the classifier is trained on all the
others and the held-out report is labelled end to end (fragments joined, rules, sub-heading
topics, classifier), and again by the rules alone. Prints accuracy on all paragraphs and on
those without a lead-in, the labelled set's size per label and source, and every
(gold → predicted) pair still confused. Exits 1 below --min-accuracy (rules + classifier).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from extractor.classify.training import (
    LABELLED,
    FoldReport,
    Item,
    Scores,
    confusions,
    kfold,
    label_counts,
    load_items,
)


def _line(name: str, s: Scores) -> str:
    return (
        f"{name:32s} n={len(s.gold):4d}  accuracy {s.accuracy:6.1%}  "
        f"macro-accuracy {s.macro_accuracy:6.1%}  macro-F1 {s.macro_f1:6.1%}"
    )


def describe_set(items: list[Item]) -> list[str]:
    sources = Counter(item.source.split(":", 1)[0] if ":" in item.source else "report" for item in items)
    return [
        f"{len(items)} labelled paragraphs from {len({i.doc for i in items})} documents",
        "per label: " + ", ".join(f"{k} {v}" for k, v in sorted(label_counts(items).items())),
        "per source: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())),
    ]


def describe_report(report: FoldReport) -> list[str]:
    lines = [
        f"leave-one-document-out over {report.docs} documents, {len(report.judged)} assembled paragraphs",
        _line("rules + classifier, all", report.model_all),
        _line("rules only, all", report.rules_all),
        _line("rules + classifier, no lead-in", report.model_no_leadin),
        _line("rules only, no lead-in", report.rules_no_leadin),
    ]
    for name, key in (("rules + classifier", "model"), ("rules only", "rules")):
        pairs = confusions(report.judged, key)
        lines.append(f"confusions left, {name}: {sum(pairs.values())}")
        lines.extend(f"  {gold} → {pred}: {n}" for (gold, pred), n in pairs.most_common())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--show", action="store_true", help="print the text of every paragraph still confused")
    args = parser.parse_args()

    items, missing = load_items(args.labelled)
    if missing:
        print(f"not found (skipped): {', '.join(missing)}")
    print("\n".join(describe_set(items)))
    report = kfold(items, epochs=args.epochs)
    print("\n".join(describe_report(report)))
    if args.show:
        for j in report.judged:
            if j.gold != j.model or j.gold != j.rules:
                print(f"  gold {j.gold} model {j.model} rules {j.rules}: {j.text[:70]}")
    return 0 if report.model_all.accuracy >= args.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
