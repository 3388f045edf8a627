"""Draw the rules the OCR reader finds on a scanned page, to see why a table was read as it was.

    python scripts/show_rules.py SCAN.pdf PAGE OUT.png [--crop X0,TOP,X1,BOTTOM]

PAGE counts from 1; the crop is in points. The page goes through the reader's own first steps
(paper, skew, quarter turn not applied: a turned page shows on its side), then horizontal rules
are drawn red and vertical ones blue over it, as ``find_rules`` returns them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.readers.ocr.deskew import rotate, skew_angle  # noqa: E402
from extractor.readers.ocr.lines import find_rules  # noqa: E402
from extractor.readers.ocr.paper import flatten  # noqa: E402
from extractor.readers.ocr.render import PageImage, PdfPages  # noqa: E402
from extractor.readers.ocr.settings import OcrSettings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf", type=Path)
    parser.add_argument("page", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--crop", help="X0,TOP,X1,BOTTOM in points")
    args = parser.parse_args()
    import cv2

    settings = OcrSettings()
    with PdfPages(args.pdf) as pdf:
        image = pdf.render(args.page - 1, settings.dpi)
    pixels, paper = flatten(image.pixels, image.scale, settings)
    skew = skew_angle(pixels, settings)
    if abs(skew) >= settings.skew_fine_step:
        pixels = rotate(pixels, skew, fill=paper)
    rules = find_rules(PageImage(pixels, image.scale, image.origin), settings, whole_page=True)
    out = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
    for h in rules.horizontal:
        cv2.line(out, (int(h.lo), int(h.pos)), (int(h.hi), int(h.pos)), (0, 0, 255), 2)
    for v in rules.vertical:
        cv2.line(out, (int(v.pos), int(v.lo)), (int(v.pos), int(v.hi)), (255, 0, 0), 2)
    if args.crop:
        x0, y0, x1, y1 = (int(float(c) / image.scale) for c in args.crop.split(","))
        out = out[y0:y1, x0:x1]
    cv2.imwrite(str(args.out), out)
    print(f"skew {skew:+.2f}°, {len(rules.horizontal)} horizontal and {len(rules.vertical)} vertical rules: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
