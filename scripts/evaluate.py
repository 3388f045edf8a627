"""Field accuracy of the extractor on a folder of originals with hand-checked expected JSON.

    python scripts/evaluate.py samples                      # expected in samples/expected/
    python scripts/evaluate.py ../shared/corpus/real --expected samples/expected-real
    python scripts/evaluate.py samples/scanned              # scans read by OCR (govreport[ocr])

Prints per-file and overall accuracy and every mismatch, each with what flags it (a failed check
or a warning naming the field) or SILENT; exits 1 below --min-accuracy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.evaluation import evaluate_folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("originals", type=Path)
    parser.add_argument("--expected", type=Path, help="folder of <original name>.json (default ORIGINALS/expected)")
    parser.add_argument("--min-accuracy", type=float, default=1.0)
    args = parser.parse_args()
    expected = args.expected or args.originals / "expected"
    results = evaluate_folder(args.originals, expected)
    total = correct = 0
    for r in results:
        if r.error:
            print(f"ERROR {r.file}: {r.error}")
            total += 1
            continue
        total += r.fields
        correct += r.correct
        wrong = len(r.mismatches)
        flags = f"  wrong {wrong}, flagged {wrong - len(r.silent)}, silent {len(r.silent)}" if wrong else ""
        print(f"{r.accuracy:7.2%}  {r.correct:4d}/{r.fields:<4d} {r.file}{flags}")
        for m in r.mismatches:
            print(f"           {m}")
    overall = correct / total if total else 0.0
    silent = sum(len(r.silent) for r in results)
    print(f"overall {overall:.2%} ({correct}/{total} fields, {len(results)} files); "
          f"{silent} wrong field{'s' if silent != 1 else ''} with no failed check or warning")
    return 0 if results and overall >= args.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
