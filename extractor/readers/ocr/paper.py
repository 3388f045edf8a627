"""The paper brought to one even level before anything is measured on a scanned page.

A scan's paper is not one grey: a lamp or a window lights one side more, a page's binding
casts a shadow along one edge, coloured or recycled paper is tinted, and a scanner's lid
leaves a black border beyond the paper. Each of these puts long edges of contrast on the
page that the rule finder (ink darker than its surroundings) takes for rules, and the
rotation that removes skew fills the corners with a white that is not the paper's.

The paper's own level is estimated everywhere at once: the page shrunk, its darker marks
closed over (the brightest grey within a window wider than any stroke: text and rules are
thin, paper lies between them), smoothed, grown back. Each pixel is scaled by
``paper_level`` over its own paper: the paper is then one level everywhere, the level the
reader's grey thresholds (``ink_level``) were set for, and ink keeps its contrast with the paper
it was printed on (a dull page's paper of 180 under a threshold of 160 would be all specks; the
same page brightened to 255 would lift faint strokes above it). What is left dark along an edge
of the image (a border narrower than the window) is cut off.
"""

from __future__ import annotations

import numpy as np

from extractor.readers.ocr.settings import OcrSettings


def flatten(pixels: np.ndarray, scale: float, settings: OcrSettings) -> tuple[np.ndarray, int]:
    """``pixels`` (grey, ``scale`` pt per px) with the paper brought to one level, the dark
    border at the image's edges made paper; and that level (to fill what a rotation uncovers)."""
    import cv2

    h, w = pixels.shape
    shrink = max(1, round(settings.paper_cell / scale))  # px of the page per px of the estimate
    small = cv2.resize(pixels, (max(1, w // shrink), max(1, h // shrink)), interpolation=cv2.INTER_AREA)
    side = max(3, round(settings.paper_window / (scale * shrink)) | 1)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    paper = cv2.blur(paper, (side, side))
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    # Where the "paper" is itself dark (a black border wider than the window, a photo), the
    # division would brighten whatever is there: below ``paper_dark`` it is not paper.
    np.maximum(paper, settings.paper_dark, out=paper)
    level = settings.paper_level
    out = np.clip(pixels.astype(np.float32) * (level / paper), 0, 255).astype(np.uint8)
    _clear_border(out, scale, settings, level)
    return out, level


def _clear_border(pixels: np.ndarray, scale: float, settings: OcrSettings, paper: int) -> None:
    """Rows and columns at the image's edges that are mostly dark (a scanner's border, the
    paper's own dark edge) made paper, up to ``border_depth`` in from each side."""
    h, w = pixels.shape
    dark = pixels < settings.ink_level
    depth = int(settings.border_depth / scale)
    cols = dark.mean(axis=0)
    rows = dark.mean(axis=1)
    left = _edge_run(cols[:depth], settings.border_share)
    right = _edge_run(cols[::-1][:depth], settings.border_share)
    top = _edge_run(rows[:depth], settings.border_share)
    bottom = _edge_run(rows[::-1][:depth], settings.border_share)
    if left:
        pixels[:, :left] = paper
    if right:
        pixels[:, w - right :] = paper
    if top:
        pixels[:top] = paper
    if bottom:
        pixels[h - bottom :] = paper


def _edge_run(share: np.ndarray, level: float) -> int:
    """How many lines from the edge inward are dark (and one more: the border's blurred side)."""
    light = np.flatnonzero(share < level)
    if light.size == 0:
        return int(share.size)
    first = int(light[0])
    return first + 2 if first else 0
