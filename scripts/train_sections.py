"""Train the paragraph-label classifier and report what it is worth.

    python scripts/train_sections.py            # k-fold report, then train on all and save
    python scripts/train_sections.py --no-save  # report only

Prints leave-one-document-out accuracy, macro-averaged per-label accuracy and per-label F1
of the full labeller (rules + classifier) next to the rules-only baseline, on all
paragraphs and on paragraphs without a lead-in, then writes models/sections/.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from extractor.classify.textcat import MODEL_DIR
from extractor.classify.training import LABELLED, Scores, kfold, label_counts, load_items, train


def _line(name: str, s: Scores) -> str:
    return f"{name:28s} n={len(s.gold):4d}  accuracy {s.accuracy:6.1%}  macro-accuracy {s.macro_accuracy:6.1%}  macro-F1 {s.macro_f1:6.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args()

    items, missing = load_items(args.labelled)
    if missing:
        print(f"not found (skipped): {', '.join(missing)}")
    print(f"{len(items)} labelled paragraphs from {len({i.doc for i in items})} documents")
    print("labels:", dict(sorted(label_counts(items).items())))

    report = kfold(items, epochs=args.epochs)
    print(f"\nleave-one-document-out over {report.docs} documents")
    print(_line("rules + classifier, all", report.model_all))
    print(_line("rules only, all", report.rules_all))
    print(_line("rules + classifier, no lead-in", report.model_no_leadin))
    print(_line("rules only, no lead-in", report.rules_no_leadin))
    print(f"\n{'label':26s} {'n':>4s} {'F1 model':>9s} {'F1 rules':>9s} {'acc model':>10s} {'acc rules':>10s}")
    model, rules = report.model_all.per_label(), report.rules_all.per_label()
    for label, m in model.items():
        r = rules[label]
        print(f"{label:26s} {m['support']:4.0f} {m['f1']:9.1%} {r['f1']:9.1%} {m['accuracy']:10.1%} {r['accuracy']:10.1%}")

    if args.no_save:
        return
    nlp = train(items, epochs=args.epochs)
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.meta["name"] = "govreport_sections"
    nlp.meta["description"] = "Paragraph labels of government information disclosure annual reports"
    nlp.to_disk(args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"\nsaved {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
