"""Text of a scanned page as the PDF reader's characters: what the model read, placed on the page.

Two sources of text lines:

* a ruled table's cells: the cell is known from the rules, so its ink is cut out directly
  (rows of ink separated by blank rows are its lines), no detection needed;
* everything else: the text detector's line boxes.

Each line is read by ``Engine.recognize`` and every character becomes a character record
like pdfplumber's (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size`` in points) plus its
``ocr_confidence``, so grouping into lines, cells, runs and paragraphs is the PDF reader's.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass

import numpy as np

from extractor.layout import BBox
from extractor.readers.ocr.engine import Engine, Reading
from extractor.readers.ocr.render import PageImage
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.pdf.geometry import Obj


@dataclass
class TextLine:
    """A line of text to read: its crop, and where its ink lies on the image (px)."""

    crop: np.ndarray
    x0: float  # the crop's left side on the image
    top: float  # the ink's top and bottom on the image
    bottom: float
    reading: Reading | None = None
    # Found by its ink alone, where the detector saw no text (``missed_lines``).
    missed: bool = False


def table_cell_lines(image: PageImage, rule_mask: np.ndarray, boxes: list[BBox], settings: OcrSettings) -> list[list[TextLine]]:
    """The text lines of every ruled cell, each pixel of ink read once.

    A rule broken by the scan makes the table finder give a cell and, inside it, the cells
    the broken rule still divides: reading both would read the same glyphs twice, and the
    characters, interleaved, become "信信息息" and a "2" becomes "22". Cells are read from the
    smallest up; a larger one reads only the ink no smaller cell took."""
    taken = np.zeros(image.pixels.shape, dtype=bool)
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]))
    out: list[list[TextLine]] = [[] for _ in boxes]
    for i in order:
        out[i] = cell_lines(image, rule_mask, boxes[i], settings, taken)
    return out


def cell_lines(image: PageImage, rule_mask: np.ndarray, box: BBox, settings: OcrSettings,
               taken: np.ndarray) -> list[TextLine]:
    """The text lines of one ruled cell (``box`` in points): rows of ink (rules left out)
    separated by blank rows. ``taken``: pixels already read as another cell's, left out and
    painted over with paper in the crops (the cell's own part of the image is then marked)."""
    per_pt = 1.0 / image.scale
    inset = settings.cell_inset * per_pt
    ox, oy = image.origin
    x0 = int((box[0] - ox) * per_pt + inset)
    x1 = int((box[2] - ox) * per_pt - inset)
    y0 = int((box[1] - oy) * per_pt + inset)
    y1 = int((box[3] - oy) * per_pt - inset)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return []
    pixels = image.pixels[y0:y1, x0:x1]
    usable = (rule_mask[y0:y1, x0:x1] == 0) & ~taken[y0:y1, x0:x1]
    ink = (pixels < settings.ink_level) & usable
    ink = without_specks(ink, settings.speck)
    rows = np.flatnonzero(ink.any(axis=1))
    lines = []
    gap = max(1, round(settings.line_gap * per_pt))
    for top, bottom in _runs(rows, gap) if rows.size else []:
        band = ink[top : bottom + 1]
        cols = np.flatnonzero(band.any(axis=0))
        left, right = _with_faint_ink(pixels, usable, ink, (top, bottom), (int(cols[0]), int(cols[-1])), settings,
                                      settings.faint_reach_min * per_pt)
        pad = settings.crop_pad
        cx0, cy0 = x0 + left - pad, y0 + top - pad
        cx1, cy1 = x0 + right + 1 + pad, y0 + bottom + 1 + pad
        crop = _crop(image.pixels, cx0, cy0, cx1, cy1)
        other = _crop(taken, cx0, cy0, cx1, cy1)
        if other.any():
            crop = np.where(other, np.uint8(255), crop)
        lines.append(TextLine(crop, float(max(0, cx0)), float(y0 + top), float(y0 + bottom + 1)))
    taken[y0:y1, x0:x1] = True
    return lines


def _with_faint_ink(pixels: np.ndarray, usable: np.ndarray, ink: np.ndarray, rows: tuple[int, int],
                    cols: tuple[int, int], settings: OcrSettings, min_reach: float = 0.0) -> tuple[int, int]:
    """The line's ink columns ``cols`` (px in the cell; the line lies on ``rows``), grown
    sideways over fainter glyphs beside it: blobs of the cell darker than halfway
    (``faint_ink``) from its paper to the line's darkest ink, reaching into the line's rows,
    each at most ``faint_reach`` line heights from the ink taken so far. A faint glyph may
    stand a little above or below the darker glyphs' rows, whose thin strokes faded (only the
    stems of a "7" left), so blobs are found in the whole cell. A blob touching the cell's
    side is the rule's blurred edge or a neighbour's ink, and one wider than a glyph
    (``faint_glyph_width``) a horizontal rule's edge: neither is the line's, both left out."""
    import cv2

    top, bottom = rows
    left, right = cols
    line = ink[top : bottom + 1]
    paper = float(np.median(pixels))
    level = paper - settings.faint_ink * (paper - float(pixels[top : bottom + 1][line].min()))
    if level <= settings.ink_level:
        return left, right
    faint = ((pixels < level) & usable).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    width = pixels.shape[1]
    reach = max(settings.faint_reach * (bottom - top + 1), min_reach)
    blobs = sorted(
        (int(x), int(x + w - 1)) for x, y, w, h, area in stats[1:n]
        if area >= settings.speck and x > 0 and x + w < width and w <= settings.faint_glyph_width * (bottom - top + 1)
        and y <= bottom and y + h - 1 >= top
    )
    grown = True
    while grown:
        grown = False
        for a, b in blobs:
            if a < left and b >= left - reach:
                left, grown = a, True
            if b > right and a <= right + reach:
                right, grown = b, True
    return left, right


def distrust_slight_lines(lines: list[TextLine], settings: OcrSettings) -> None:
    """Cap the confidence of the characters read from a line of ink much shorter than the
    tables' text (``slight_line``): a speck or a frayed rule the model read as a character is
    then doubtful, and its value said, never a confident "1" or "0" in a blank cell."""
    heights = [ln.bottom - ln.top for ln in lines]
    if not heights:
        return
    limit = settings.slight_line * float(np.median(heights))
    for line in lines:
        if line.reading is not None and line.bottom - line.top < limit:
            glyphs = tuple(dataclasses.replace(g, confidence=min(g.confidence, settings.slight_confidence))
                           for g in line.reading.glyphs)
            line.reading = dataclasses.replace(line.reading, glyphs=glyphs)


def join_split_glyphs(image: PageImage, cells: list[list[TextLine]], settings: OcrSettings) -> list[list[TextLine]]:
    """Each cell's lines, where two neighbouring "lines" together are no taller than one line
    of the tables' text joined into one: a glyph whose thin stroke faded (the diagonal of a
    "2") splits into two bands of ink, and each part read alone is a misread. Two real lines
    span at least two text heights and the gap between them."""
    heights = [ln.bottom - ln.top for lines in cells for ln in lines]
    if not heights:
        return [[] for _ in cells]
    limit = settings.one_line_span * float(np.median(heights))
    out: list[list[TextLine]] = []
    for lines in cells:
        joined: list[TextLine] = []
        for line in lines:
            prev = joined[-1] if joined else None
            if prev is not None and line.bottom - prev.top <= limit:
                joined[-1] = _union(image, prev, line, settings)
            else:
                joined.append(line)
        out.append(joined)
    return out


def without_specks_beside_text(cells: list[list[TextLine]], settings: OcrSettings) -> list[list[TextLine]]:
    """Each cell's lines less the slight ones (shorter than ``slight_line`` times the tables'
    median line) in a cell that also holds a line of text: a speck of paper noise above or
    below a cell's number, read, made "0 1" or "6 +" of a "0" or a "6" (a 100 dpi grey scan:
    16 cells so read, each null). A slight line alone in its cell is kept, its reading
    distrusted (``distrust_slight_lines``): a dash there says the cell is blank. Run after
    ``join_split_glyphs``, which joins the bands of a digit whose faded stroke split it."""
    heights = [ln.bottom - ln.top for lines in cells for ln in lines]
    if not heights:
        return cells
    limit = settings.slight_line * float(np.median(heights))
    out: list[list[TextLine]] = []
    for lines in cells:
        text = [ln for ln in lines if ln.bottom - ln.top >= limit]
        out.append(text if text else lines)
    return out


def _union(image: PageImage, a: TextLine, b: TextLine, settings: OcrSettings) -> TextLine:
    x0 = min(a.x0, b.x0)
    x1 = max(a.x0 + a.crop.shape[1], b.x0 + b.crop.shape[1])
    top, bottom = min(a.top, b.top), max(a.bottom, b.bottom)
    pad = settings.crop_pad
    crop = _crop(image.pixels, int(x0), int(top) - pad, int(x1), int(bottom) + pad)
    return TextLine(crop, x0, top, bottom)


def box_lines(image: PageImage, quad: np.ndarray, settings: OcrSettings) -> list[TextLine]:
    """A detected text box as the lines to read: one, or one per run of ink where the box
    spans blank gaps wider than ``split_gap`` (a rules-only table's row read as one "line":
    the recognizer fills a wide gap with a guessed glyph, "商业☑科研", which joins two
    columns; read apart, each run is its own text and the gap stays a gap)."""
    line = box_line(image, quad, settings)
    if line is None:
        return []
    em = (line.bottom - line.top) / settings.ink_em
    x0 = int(line.x0)
    band = image.pixels[int(line.top) : int(np.ceil(line.bottom)), x0 : x0 + line.crop.shape[1]]
    # Any ink that is not a speck: the one thin stroke of 一 or the bar of 十 is a pixel or
    # two high across most of an em, and a gap there would cut "第二十条" in two.
    cols = np.flatnonzero(without_specks(band < settings.ink_level, settings.speck).any(axis=0))
    if cols.size == 0:
        return [line]
    runs = _runs(cols, max(1, round(settings.split_gap * em)))
    if len(runs) < 2:
        return [line]
    h, w = image.pixels.shape
    y0 = max(0, int(quad[:, 1].min()))
    y1 = min(h, int(np.ceil(quad[:, 1].max())))
    pad = settings.crop_pad
    out = []
    for a, b in runs:
        left, right = max(0, x0 + a - pad), min(w, x0 + b + 1 + pad)
        out.append(TextLine(image.pixels[y0:y1, left:right], float(left), line.top, line.bottom))
    return out


def box_line(image: PageImage, quad: np.ndarray, settings: OcrSettings) -> TextLine | None:
    """A detected text box as a line to read; its ink's rows give the text's own height (the
    detector's box is widened around the glyphs)."""
    h, w = image.pixels.shape
    x0, y0 = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
    x1, y1 = min(w, int(np.ceil(quad[:, 0].max()))), min(h, int(np.ceil(quad[:, 1].max())))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    crop = image.pixels[y0:y1, x0:x1]
    # The box reaches a little into the lines above and below; their glyphs' tips are sparse
    # rows, the line's own glyphs dense ones around the box's middle.
    dense = np.flatnonzero((crop < settings.ink_level).mean(axis=1) > settings.line_row_ink)
    if dense.size == 0:
        return TextLine(crop, float(x0), float(y0), float(y1))
    middle = (y1 - y0) / 2
    runs = _runs(dense, max(1, round(settings.line_gap / image.scale)))
    top, bottom = min(runs, key=lambda r: 0 if r[0] <= middle <= r[1] else min(abs(r[0] - middle), abs(r[1] - middle)))
    return TextLine(crop, float(x0), float(y0 + top), float(y0 + bottom + 1))


def missed_lines(image: PageImage, ink: np.ndarray, rules: list[tuple[float, float, float]],
                 covered: list[tuple[int, int, int, int]], height: float, settings: OcrSettings) -> list[TextLine]:
    """Ink the text detector passed over, as lines to read (``ink``: the page's, rules and
    specks left out): a word of ink between two
    horizontal rules that span it (``rules``: y, x0, x1 in px), as tall as text (``height``:
    the detected lines' median, px), no wider than a number, and clear of every detected box
    and ruled table (``covered``, px). The detector's commonest miss is a lone short number
    in a rules-only table's cell ("0" beside a long label); read, it would otherwise be a
    blank cell. Its characters are doubtful by construction (``TextLine.missed``)."""
    import cv2

    if height <= 0 or not rules:
        return []
    em = height / settings.ink_em
    pixels = image.pixels
    join = max(1, round(settings.missed_join * em))
    words = cv2.dilate(ink.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (join, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(words, connectivity=8)
    clear = settings.missed_clear * em
    reach = settings.missed_reach * em
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if not settings.missed_low * height <= h <= settings.missed_high * height:
            continue
        # The word's own ink, without the dilation's margins.
        cols = np.flatnonzero(((labels[y : y + h, x : x + w] == i) & ink[y : y + h, x : x + w]).any(axis=0))
        x0, x1, y0, y1 = x + int(cols[0]), x + int(cols[-1]) + 1, y, y + h
        if x1 - x0 > settings.missed_width * em:
            continue
        # Clear along the line; across it, rows of a tight table are closer than an em, and a
        # glyph a box's top or bottom cut through leaves a sliver too short to count anyway.
        if any(x0 - clear < b[2] and b[0] < x1 + clear and y0 < b[3] and b[1] < y1 for b in covered):
            continue
        above = any(0 < y0 - pos <= reach and lo <= x0 and x1 <= hi for pos, lo, hi in rules)
        below = any(0 < pos - y1 <= reach and lo <= x0 and x1 <= hi for pos, lo, hi in rules)
        if not (above and below):
            continue
        pad = settings.crop_pad
        crop = _crop(pixels, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        out.append(TextLine(crop, float(max(0, x0 - pad)), float(y0), float(y1), missed=True))
    return out


def sure_of_missed(lines: list[TextLine], settings: OcrSettings) -> list[TextLine]:
    """The lines, less those found by their ink alone (``missed_lines``) that do not read
    as a plain number, surely: what else the detector passes over is mostly not print."""
    return [line for line in lines if not line.missed or _plain_number(line.reading, settings.missed_sure)]


def _plain_number(reading: Reading | None, sure: float) -> bool:
    if reading is None or reading.digits_only or not reading.glyphs:
        return False
    text = reading.text.strip()
    return bool(text) and all(c.isdigit() or c in ",." for c in text) and text[0].isdigit() \
        and min(g.confidence for g in reading.glyphs) >= sure


def read_lines(engine: Engine, lines: list[TextLine], settings: OcrSettings) -> None:
    for line, reading in zip(lines, engine.recognize([ln.crop for ln in lines], settings.batch,
                                                          settings.rec_squeeze, settings.long_line), strict=True):
        line.reading = reading


def line_chars(image: PageImage, line: TextLine, settings: OcrSettings) -> list[Obj]:
    """The line's characters as character records on the page (pt)."""
    if line.reading is None or not line.reading.glyphs:
        return []
    if float(np.mean([g.confidence for g in line.reading.glyphs])) < settings.min_line_confidence:
        return []  # noise, a picture or a stamp read as text: nothing to keep
    height = line.bottom - line.top
    em = height / settings.ink_em
    glyphs = [g for g in line.reading.glyphs if g.text.strip()]
    centres = [(g.x0 + g.x1) / 2 for g in glyphs]
    blobs = _ink_blobs(image, line, max(1, round(settings.glyph_gap * em)), settings)
    chars = []
    for i, g in enumerate(glyphs):
        # A CTC peak is narrower than its glyph: each character reaches half an em (a CJK
        # character's half width) or halfway to its neighbour, whichever is nearer, so
        # neighbours touch and only a real gap stays a gap.
        left = centres[i] - min(em / 2, (centres[i] - centres[i - 1]) / 2 if i else em / 2)
        right = centres[i] + min(em / 2, (centres[i + 1] - centres[i]) / 2 if i + 1 < len(glyphs) else em / 2)
        # A side with no neighbour within an em (a run's end) reaches no further than the ink
        # the character sits in: a digit is half an em wide, and the peak is off the glyph's
        # middle by up to a frame; the gaps between columns that the table steps look for are
        # the gaps in the ink, not in these estimates. Between close neighbours the halfway
        # point stays ("1362": the "1" is inked narrower than its advance, with no space).
        # Full-width punctuation keeps its em: its ink is a corner of it ("（" on the right),
        # and its advance, as in a text layer, is what joins it to the words beside it.
        blob = None if _full_width_mark(g.text) else next((b for b in blobs if b[0] - 1 <= centres[i] <= b[1] + 1), None)
        if blob is not None:
            if i == 0 or centres[i] - centres[i - 1] > em:
                left = max(left, blob[0])
            if i + 1 == len(glyphs) or centres[i + 1] - centres[i] > em:
                right = min(right, blob[1])
        x0, top, x1, bottom = image.to_points((line.x0 + left, line.top, line.x0 + right, line.bottom))
        chars.append({
            "object_type": "char",
            "text": g.text,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "size": (bottom - top) / settings.ink_em,
            "upright": True,
            "ocr_confidence": min(g.confidence, settings.missed_confidence) if line.missed else g.confidence,
        })
    return chars


def _full_width_mark(text: str) -> bool:
    if len(text) != 1 or unicodedata.category(text)[0] != "P":
        return False
    width = unicodedata.east_asian_width(text)
    # Curly quotes are "ambiguous": full width in CJK type, which is what a Chinese report sets.
    return width in ("F", "W") or (width == "A" and unicodedata.category(text) in ("Pi", "Pf"))


def _ink_blobs(image: PageImage, line: TextLine, gap: int, settings: OcrSettings) -> list[tuple[float, float]]:
    """x-extents (px from the crop's left) of the line's ink, pieces closer than ``gap`` joined
    (a glyph's strokes, the characters of one word)."""
    x0 = int(line.x0)
    band = image.pixels[int(line.top) : int(np.ceil(line.bottom)), x0 : x0 + line.crop.shape[1]]
    cols = np.flatnonzero((band < settings.ink_level).sum(axis=0) >= 2)  # a lone dark pixel is noise
    if cols.size == 0:
        return []
    return [(float(a), float(b + 1)) for a, b in _runs(cols, gap)]


def _runs(values: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Sorted indices grouped into runs whose members are less than ``gap`` apart."""
    runs: list[tuple[int, int]] = []
    start = prev = int(values[0])
    for v in values[1:]:
        v = int(v)
        if v - prev > gap:
            runs.append((start, prev))
            start = v
        prev = v
    runs.append((start, prev))
    return runs


def without_specks(ink: np.ndarray, speck: int) -> np.ndarray:
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return ink
    keep = stats[:, cv2.CC_STAT_AREA] >= speck
    keep[0] = False
    return keep[labels]


def _crop(pixels: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    h, w = pixels.shape
    return pixels[max(0, y0) : min(h, y1), max(0, x0) : min(w, x1)]
