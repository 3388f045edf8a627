"""Train the paragraph-label classifier and save it to models/sections/.

    python scripts/train_sections.py            # leave-one-document-out report, then train on all and save
    python scripts/train_sections.py --no-eval  # train and save only
    python scripts/train_sections.py --no-save  # report only

Needs spaCy: pip install '.[train]' (extraction runs the saved weights without it).

The report is scripts/evaluate_labels.py's. Training is deterministic (fixed seeds, a blank
Chinese pipeline: nothing is downloaded), so the same data gives the same model.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from extractor.classify.bow import export_bow
from extractor.classify.textcat import MODEL_DIR
from extractor.classify.training import LABELLED, kfold, load_items, train
from scripts.evaluate_labels import describe_report, describe_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--no-eval", action="store_true")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args()

    items, missing = load_items(args.labelled)
    if missing:
        print(f"not found (skipped): {', '.join(missing)}")
    print("\n".join(describe_set(items)))
    if not args.no_eval:
        print("\n".join(describe_report(kfold(items, epochs=args.epochs))))
    if args.no_save:
        return
    nlp = train(items, epochs=args.epochs)
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.meta["name"] = "govreport_sections"
    nlp.meta["description"] = "Paragraph labels of government information disclosure annual reports"
    nlp.to_disk(args.out)
    export_bow(nlp, args.out)  # the weights the product reads without spaCy
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"\nsaved {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
