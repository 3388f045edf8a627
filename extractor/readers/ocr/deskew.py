"""A scanned page put upright: its small skew measured and removed, and a page turned by a
quarter or half turn detected.

Skew: rows of text and the rules of tables are straight lines of ink; rotated by the right
angle their ink falls into few pixel rows (or columns, on a page turned by 90°), so the
variance of the ink per row plus per column is greatest there. Searched coarse to fine
within ``max_skew`` on a small copy of the page.

Quarter turns: text detection boxes are wide on an upright page and tall on a page turned
by 90° or 270°. Which way up is told by reading a few lines both ways (``reader``).
"""

from __future__ import annotations

import numpy as np

from extractor.readers.ocr.settings import OcrSettings


def ink_mask(pixels: np.ndarray, level: int) -> np.ndarray:
    return (pixels < level).astype(np.uint8)


def skew_angle(pixels: np.ndarray, settings: OcrSettings) -> float:
    """The angle (deg, counter-clockwise positive as ``rotate`` takes it) that straightens the page."""
    import cv2

    h, w = pixels.shape
    factor = min(1.0, settings.measure_width / w)
    small = cv2.resize(pixels, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    ink = ink_mask(small, settings.ink_level).astype(np.float32)
    if ink.sum() == 0:
        return 0.0

    def score(angle: float) -> float:
        turned = rotate(ink, angle, fill=0.0)
        return float(turned.sum(axis=1).var() + turned.sum(axis=0).var())

    best = max(_steps(-settings.max_skew, settings.max_skew, settings.skew_coarse_step), key=score)
    lo, hi = best - settings.skew_coarse_step, best + settings.skew_coarse_step
    best = max(_steps(lo, hi, settings.skew_fine_step), key=score)
    return round(best, 3)


def _steps(lo: float, hi: float, step: float) -> list[float]:
    n = round((hi - lo) / step)
    return [lo + i * step for i in range(n + 1)]


def rotate(pixels: np.ndarray, angle: float, fill: float = 255.0) -> np.ndarray:
    """``pixels`` turned by ``angle`` degrees about the centre, same size, the corners filled
    with paper (a skew of 3° moves a corner by 5% of the side: margins, no content)."""
    import cv2

    if abs(angle) < 1e-6:
        return pixels
    h, w = pixels.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(pixels, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


def is_quarter_turned(boxes: list[np.ndarray], ratio: float, long_aspect: float) -> bool:
    """The text (by box area) in boxes taller than wide outweighs that in wide boxes ``ratio``
    times: the page is on its side. Boxes of lines at least ``long_aspect`` times as long as
    high decide when there are any (short ones may be stacked headers turned)."""
    tall = wide = tall_long = wide_long = 0.0
    for box in boxes:
        w = float(np.linalg.norm(box[1] - box[0]))
        h = float(np.linalg.norm(box[3] - box[0]))
        # A box of one or two characters is square either way and says nothing.
        if w > 1.5 * h:
            wide += w * h
            wide_long += w * h if w >= long_aspect * h else 0.0
        elif h > 1.5 * w:
            tall += w * h
            tall_long += w * h if h >= long_aspect * w else 0.0
    if tall_long + wide_long > 0:
        return tall_long > ratio * wide_long
    return tall > ratio * wide


def turn_boxes(boxes: list[np.ndarray], k: int, shape: tuple[int, int]) -> list[np.ndarray]:
    """Boxes on an image of ``shape`` (h, w) after ``np.rot90(image, k)`` (counter-clockwise)."""
    out = []
    h, w = shape
    for box in boxes:
        pts = box.copy()
        for _ in range(k % 4):
            x, y = pts[:, 0].copy(), pts[:, 1].copy()
            pts[:, 0], pts[:, 1] = y, w - x
            h, w = w, h
        h, w = shape
        out.append(_upright_corners(pts))
    return out


def _upright_corners(pts: np.ndarray) -> np.ndarray:
    """Corners reordered top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = pts[:, 0] - pts[:, 1]
    return np.array([pts[s.argmin()], pts[d.argmax()], pts[s.argmax()], pts[d.argmin()]], dtype=np.float32)
