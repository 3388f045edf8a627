"""The scanned samples read with Tesseract as the recognizer instead of PP-OCRv6, for comparison (issue 14).

    python scripts/compare_tesseract.py samples/scanned     # needs the tesseract CLI and chi_sim

Everything but recognition stays the OCR reader's (rendering, deskew, rules, cells cut out by
their ink, text detection, the PDF reader's table steps, mapping, checks): only
``Engine.recognize`` is swapped, so the figures compare the two recognizers on the same crops.
Tesseract (Debian's ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``, LSTM ``chi_sim``) reads the
crops of one page stacked into one image (one call per page, ``--psm 6``: a block of lines);
each word's characters share its box evenly and its confidence. Not a product dependency: a
script only. Prints the same per-file figures as ``evaluate.py`` and the time per page.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from extractor.evaluation import evaluate_file
from extractor.readers.ocr import engine as engine_mod
from extractor.readers.ocr.engine import Glyph, Reading

HEIGHT = 40  # px: each crop scaled to this height before stacking (Tesseract reads ~20-40 px text best)
GAP = 48  # px of white between stacked crops (more than a line): Tesseract keeps them as separate lines
MARGIN = 16  # px of white left of the crops


def tesseract_recognize(crops: list[np.ndarray], *_: object, **__: object) -> list[Reading]:
    import cv2

    if not crops:
        return []
    scaled, places = [], []
    y = GAP
    for crop in crops:
        h, w = crop.shape[:2]
        factor = HEIGHT / max(h, 1)
        img = cv2.resize(crop, (max(1, round(w * factor)), HEIGHT), interpolation=cv2.INTER_CUBIC)
        scaled.append((img, y))
        places.append((y, factor))
        y += HEIGHT + GAP
    width = max(img.shape[1] for img, _ in scaled) + 2 * MARGIN
    sheet = np.full((y, width), 255, np.uint8)
    for img, top in scaled:
        sheet[top : top + HEIGHT, MARGIN : MARGIN + img.shape[1]] = img
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.png"
        cv2.imwrite(str(path), sheet)
        run = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                             capture_output=True, text=True, check=True)
    words: list[list[Glyph]] = [[] for _ in crops]
    for row in csv.DictReader(io.StringIO(run.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row["level"] != "5" or not text:
            continue
        left, top, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        centre = top + h / 2
        index = min(range(len(crops)), key=lambda i: abs(places[i][0] + HEIGHT / 2 - centre))
        factor = places[index][1]
        conf = max(0.0, float(row["conf"])) / 100
        step = w / len(text)
        for k, ch in enumerate(text):
            x0 = (left - MARGIN + k * step) / factor
            words[index].append(Glyph(ch, x0, x0 + step / factor, conf))
    return [Reading(tuple(sorted(g, key=lambda g: g.x0))) for g in words]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("originals", type=Path)
    parser.add_argument("--expected", type=Path)
    args = parser.parse_args()
    if shutil.which("tesseract") is None:
        sys.exit("tesseract not found: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    engine_mod.Engine.recognize = lambda self, crops, *a, **k: tesseract_recognize(crops)  # type: ignore[method-assign]
    expected = args.expected or args.originals / "expected"
    total = correct = silent = 0
    for expected_file in sorted(expected.glob("*.json")):
        original = args.originals / expected_file.name.removesuffix(".json")
        start = time.perf_counter()
        r = evaluate_file(original, expected_file)
        took = time.perf_counter() - start
        if r.error:
            print(f"ERROR {r.file}: {r.error}")
            continue
        total, correct, silent = total + r.fields, correct + r.correct, silent + len(r.silent)
        wrong = len(r.mismatches)
        print(f"{r.accuracy:7.2%}  {r.correct:4d}/{r.fields:<4d} {r.file}  wrong {wrong}, silent {len(r.silent)}, "
              f"{took:.0f} s")
        for m in r.mismatches:
            print(f"           {m}")
    print(f"overall {correct / max(total, 1):.2%} ({correct}/{total} fields); {silent} wrong fields silent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
