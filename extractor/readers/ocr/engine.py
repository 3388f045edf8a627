"""The OCR model: RapidOCR's PP-OCRv6 detection and recognition, pinned to the files in its wheel.

``rapidocr`` 3.x ships the Chinese PP-OCRv6 small detection and recognition models (and the
PP-OCRv4 direction classifier) inside the wheel; any other model type is downloaded on first
use. The configuration names the wheel's files by path, so nothing is ever fetched: a missing
file is an error, not a download. The recognition model's character list is stored in the
ONNX file itself.

Recognition is run here rather than through ``RapidOCR.__call__``: RapidOCR pads every crop to
at least 320 px wide (a lone "0" costs as much as a line), and its decoder keeps neither the
characters' positions nor the other candidates of each frame. Reading crops at their own width
and decoding the frames ourselves gives each character its x position (for the table steps that
need gaps between text runs), its probability (``ocr_confidence``), and a digits-only reading
of the same frames for cells that hold numbers.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extractor.readers.ocr import OcrUnavailable

# Characters a digits-only reading may use: a count, an amount, a sign, a placeholder.
DIGIT_CHARS = "0123456789.,-+%"
# What the general reading makes of a digit in a noisy scan; a line made only of digits and
# these is a number misread, read again from the same frames with digits only.
DIGIT_LOOKALIKES = set("OoDQlI|!iLzZSsBbGgqT〇口丨一")
_REC_HEIGHT = 48  # the recognition model's input height (rec_img_shape)
_REC_STRIDE = 8  # input pixels per output frame of the recognition model (CTC)
# Narrowest input, px: a lone digit read at its own width (~24 px) is out of what the model was
# trained on (crops padded to 320 px) and scores ~0.8; padded to 2-3 heights it scores 0.99+
# (measured on the scanned samples' cells), at a fraction of 320 px's cost. Two heights: a
# table page is mostly such cells, read one by one (16 ms each on one core, 23 ms at three
# heights); on the five scans the same fields are right and 2 correct values fall below the
# warning threshold (1 at three heights).
_REC_MIN_WIDTH = 2 * _REC_HEIGHT


@dataclass(frozen=True)
class Glyph:
    """One recognised character: its text, x-extent within the crop (px) and probability."""

    text: str
    x0: float
    x1: float
    confidence: float


@dataclass(frozen=True)
class Reading:
    """One crop read: the characters, and the line's least sure character."""

    glyphs: tuple[Glyph, ...]
    # True when the line was re-read with digits only (a number the general reading garbled).
    digits_only: bool = False

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def confidence(self) -> float:
        return min((g.confidence for g in self.glyphs), default=0.0)


def model_files() -> dict[str, Path]:
    """The model files inside the rapidocr wheel (the only ones ever used)."""
    try:
        import rapidocr
    except ImportError as exc:
        raise OcrUnavailable(str(exc)) from exc
    root = Path(rapidocr.__file__).parent / "models"
    return {
        "det": root / "PP-OCRv6_det_small.onnx",
        "rec": root / "PP-OCRv6_rec_small.onnx",
        "cls": root / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }


class Engine:
    """Text detection and recognition on one CPU thread per call (a batch worker is one
    process per core; threads inside it would only fight over the same core)."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable(str(exc)) from exc
        files = model_files()
        missing = [str(p) for p in files.values() if not p.is_file()]
        if missing:
            raise OcrUnavailable(f"model files missing from the rapidocr wheel: {', '.join(missing)}")
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.use_cls": False,  # orientation is decided per page (deskew), not per line
            "Det.model_path": str(files["det"]),
            "Rec.model_path": str(files["rec"]),
            "Cls.model_path": str(files["cls"]),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        ocr = RapidOCR(params=params)
        # RapidOCR loads its models on first use; the direction classifier never is.
        self._det = ocr._load_det_model()
        self._cls = ocr._load_cls_model()
        rec = ocr._load_rec_model()
        self._rec_session = rec.session
        self._chars: list[str] = list(rec.postprocess_op.character)
        self._digit_ids = np.array([i for i, c in enumerate(self._chars) if c in DIGIT_CHARS], dtype=np.int64)
        self._lock = threading.Lock()

    def detect(self, image: np.ndarray, side: int) -> list[np.ndarray]:
        """Text line boxes (4×2 corner arrays, px) on a grey image, scaled to at most ``side``."""
        scale = min(1.0, side / max(image.shape[:2]))
        small = image if scale == 1.0 else _resize(image, scale)
        self._det.limit_type = "max"
        self._det.limit_side_len = max(small.shape[:2])
        with self._lock:
            out = self._det(np.dstack([small] * 3))
        if out.boxes is None:
            return []
        return [np.asarray(b, dtype=np.float32) / scale for b in out.boxes]

    def upside_down_votes(self, crops: list[np.ndarray]) -> list[float]:
        """Per line crop, the direction classifier's probability that it is upside down
        (0 when it says upright): a tiny model, a few ms a line."""
        with self._lock:
            out = self._cls([np.dstack([c] * 3) for c in crops])
        return [score if "180" in label else 0.0 for label, score in out.cls_res]

    def recognize(self, crops: list[np.ndarray], batch: int, squeeze: float = 1.0, long_line: float = math.inf
                  ) -> list[Reading]:
        """Each grey crop (one line of text) read at its own width; crops of similar width
        are batched together. A crop more than ``long_line`` times as wide as high (a line
        of prose) is narrowed by ``squeeze`` (the model's cost is linear in the width)."""
        readings: list[Reading | None] = [None] * len(crops)
        resized = [_to_model_input(c, squeeze if c.shape[1] > long_line * c.shape[0] else 1.0) for c in crops]
        order = sorted(range(len(crops)), key=lambda i: resized[i].shape[2])
        for start in range(0, len(order), batch):
            ids = order[start : start + batch]
            width = max(_REC_MIN_WIDTH, *(resized[i].shape[2] for i in ids))
            inputs = np.zeros((len(ids), 3, _REC_HEIGHT, width), dtype=np.float32)  # padding as in training
            for k, i in enumerate(ids):
                img = resized[i]
                inputs[k, :, :, : img.shape[2]] = img
            with self._lock:
                probs = self._rec_session(inputs)
            for k, i in enumerate(ids):
                frames = width / probs.shape[1]
                scale = crops[i].shape[1] / resized[i].shape[2]
                readings[i] = self._decode(probs[k], frames * scale)
        return [r if r is not None else Reading(()) for r in readings]

    def _decode(self, probs: np.ndarray, px_per_frame: float) -> Reading:
        general = _ctc(probs, self._chars, None, px_per_frame)
        text = "".join(g.text for g in general)
        core = text.strip()
        if core and len(core) <= 16 and all(c.isdigit() or c in DIGIT_CHARS or c in DIGIT_LOOKALIKES for c in core) \
                and any(c in DIGIT_LOOKALIKES for c in core):
            digits = _ctc(probs, self._chars, self._digit_ids, px_per_frame)
            if digits:
                return Reading(_without_stray_points(digits), digits_only=True)
        return Reading(_without_stray_points(general))


def _ctc(probs: np.ndarray, chars: list[str], allowed: np.ndarray | None, px: float) -> list[Glyph]:
    """Greedy CTC decoding: repeated frames collapse, blanks (index 0) separate.

    With ``allowed``, each frame chooses between the blank and the allowed characters only,
    and a character's probability is renormalised over that choice (so a digit the general
    reading took for "O" keeps the probability it had as a digit, relative to the others)."""
    if allowed is None:
        best = probs.argmax(axis=1)
        conf = probs.max(axis=1)
    else:
        keep = np.concatenate([[0], allowed])
        sub = probs[:, keep]
        pick = sub.argmax(axis=1)
        best = keep[pick]
        conf = sub.max(axis=1) / np.maximum(sub.sum(axis=1), 1e-9)
    glyphs: list[Glyph] = []
    prev = 0
    run_start = 0
    for t, idx in enumerate(best):
        idx = int(idx)
        if idx != prev:
            if prev != 0:
                glyphs.append(_glyph(chars[prev], run_start, t, float(conf[run_start:t].max()), px))
            run_start = t
        prev = idx
    if prev != 0:
        glyphs.append(_glyph(chars[prev], run_start, len(best), float(conf[run_start:].max()), px))
    return glyphs


def _without_stray_points(glyphs: list[Glyph]) -> tuple[Glyph, ...]:
    """A number's glyphs without a point or comma before its first digit or after its last:
    a printed number never starts or ends with one, while a speck of dust beside a number
    reads as one (and would make "0." of a cell holding 0, which is no number). A line of
    such points alone is dust: nothing."""
    text = "".join(g.text for g in glyphs)
    if text and all(c in _POINTS or c.isspace() for c in text):
        return ()  # dust alone: no mark of a report is points alone ("—" and "/" are not points)
    if not text or not any(c.isdigit() for c in text) \
            or not all(c.isdigit() or c in DIGIT_CHARS or c in _POINTS or c.isspace() for c in text):
        return tuple(glyphs)
    lo, hi = 0, len(glyphs)
    while lo < hi and (glyphs[lo].text in _POINTS or not glyphs[lo].text.strip()):
        lo += 1
    while hi > lo and (glyphs[hi - 1].text in _POINTS or not glyphs[hi - 1].text.strip()):
        hi -= 1
    return tuple(glyphs[lo:hi])


# A speck read as a point: the half-width ones, and the full-width comma, stop and dots a
# noisy low-resolution scan makes of dust beside a number ("0 ，").
_POINTS = {".", ",", "·", "，", "。", "、", "•", "．", "'", "`"}


def _glyph(text: str, start: int, end: int, confidence: float, px: float) -> Glyph:
    # A CTC peak sits within its character: widen it by half a frame on each side.
    return Glyph(text, max(0.0, (start - 0.5) * px), (end + 0.5) * px, confidence)


def _to_model_input(crop: np.ndarray, squeeze: float = 1.0) -> np.ndarray:
    """A grey crop to the model's normalised 3×48×W input (W a multiple of the frame stride),
    its width scaled by ``squeeze`` beyond keeping the aspect."""
    import cv2

    h, w = crop.shape[:2]
    width = max(_REC_STRIDE * 2, int(math.ceil(_REC_HEIGHT * w * squeeze / max(h, 1) / _REC_STRIDE)) * _REC_STRIDE)
    # Area averaging when narrowing: a squeezed line keeps its thin strokes.
    interpolation = cv2.INTER_AREA if width < w else cv2.INTER_LINEAR
    img = cv2.resize(crop, (width, _REC_HEIGHT), interpolation=interpolation).astype(np.float32) / 127.5 - 1.0
    return np.broadcast_to(img, (3, _REC_HEIGHT, width))


def _resize(image: np.ndarray, scale: float) -> np.ndarray:
    import cv2

    h, w = image.shape[:2]
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


@lru_cache(maxsize=1)
def engine() -> Engine:
    """The process's one engine (models load once: ~1 s and ~200 MB)."""
    return Engine()
