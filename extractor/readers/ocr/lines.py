"""Rules of a scanned page: horizontal and vertical line masks (OpenCV morphology) to line
segments, as the edge records pdfplumber gives for drawn rules.

The mask is ink darker than its surroundings (an adaptive threshold, so a faint grey rule
counts), opened with a long thin kernel in each direction: characters' strokes are shorter
and vanish, rules stay. Each connected piece becomes a segment; pieces of one rule broken by
the scan are bridged; vertical pieces that touch no horizontal rule are strokes, not borders.
The segments are converted to points, so the PDF reader's table steps (``ruled``, ``rule_runs``)
work on them unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from extractor.readers.ocr.render import PageImage
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.pdf.geometry import Obj


@dataclass
class Segment:
    """A rule piece in pixels: ``pos`` across the rule, ``lo``..``hi`` along it."""

    pos: float
    lo: float
    hi: float
    thickness: float
    # The piece (or one it was joined with) passed the long opening: a rule, not a stroke.
    long: bool = True


@dataclass
class Rules:
    horizontal: list[Segment]
    vertical: list[Segment]
    # The rule pixels, to be left out when a cell's ink is measured.
    mask: np.ndarray


def find_rules(image: PageImage, settings: OcrSettings, whole_page: bool = False) -> Rules:
    """The page's rules; on a ``whole_page``, none along the image's edges (``page_edge``)."""
    import cv2

    pixels = image.pixels
    per_pt = 1.0 / image.scale
    block = settings.rule_block | 1
    ink = cv2.adaptiveThreshold(pixels, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block,
                                settings.rule_offset)
    h_len = max(3, round(settings.horizontal_kernel * per_pt))
    v_len = max(3, round(settings.vertical_kernel * per_pt))
    h_mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    # Shorter horizontal pieces: the end of a rule cut off by a gap in the toner is shorter
    # than ``h_len`` and vanishes in the long opening; such a piece is kept only where it
    # continues a long one across a bridgeable gap (``_bridge``), never on its own.
    short_len = max(3, round(settings.rule_piece * per_pt))
    h_short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (short_len, 1)))
    v_mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    gap = settings.bridge_gap * per_pt
    same = settings.same_rule * per_pt
    height, width = pixels.shape
    # On a whole page nothing along its edges is a rule (``page_edge``), nor anything nearly
    # as long as the page (``page_span``).
    edge = settings.page_edge * per_pt if whole_page else 0.0
    span = settings.page_span if whole_page else math.inf
    pieces = _segments(h_mask, horizontal=True)
    dotted_h, dots_h = _dotted(ink, True, h_len, settings, per_pt, pieces)
    sparse_h = [] if not image.bilevel else _sparse_dotted(ink, True, settings, per_pt, pieces + dotted_h)
    pieces = _off_the_edges(pieces + dotted_h + sparse_h, edge, height, width)
    pieces += [s for s in _segments(h_short, horizontal=True, long=False) if s.hi - s.lo < h_len]
    horizontal = [s for s in _bridge(pieces, gap, same) if s.long]
    faint = _FaintTest(pixels, settings.faint_contrast, settings.faint_gap * per_pt, per_pt)
    # Horizontal rules only: along a column of CJK text the test above cannot tell a faded
    # vertical rule from the characters' own strokes.
    horizontal = _bridge_faint(horizontal, same, faint, horizontal=True)
    horizontal = [s for s in horizontal if s.hi - s.lo <= span * width]
    touch = settings.touch * per_pt
    uprights = _segments(v_mask, horizontal=False)
    dotted_v, dots_v = _dotted(ink, False, h_len, settings, per_pt, uprights)
    sparse_v = [] if not image.bilevel else _sparse_dotted(ink, False, settings, per_pt, uprights + dotted_v)
    uprights = _off_the_edges(uprights + dotted_v + sparse_v, edge, width, height)
    vertical = _bridge(uprights, gap, same, across=horizontal, touch=touch)
    vertical = [s for s in vertical if s.hi - s.lo <= span * height]
    long = settings.open_border * per_pt
    vertical = [v for v in vertical if _is_border(v, horizontal, touch, long)]
    # Without the horizontal rules' pixels, so that the rules a border crosses are not its
    # neighbours' ink.
    beside = cv2.bitwise_and(ink, cv2.bitwise_not(h_short))
    clear = max(2, round(settings.rule_clear * per_pt))
    vertical = [v for v in vertical if _stands_alone(v, beside, clear, settings.rule_crowded)]
    # A border as short as one row of text stands where the table's other borders stand (a
    # column's border runs through the rules it crosses as one piece, so somewhere on the page
    # it is long), or it meets both rules of its row squarely (a one-row piece of a table cut
    # by a page break). A short piece alone whose ends only come within a few points of a
    # tight row's rules is a glyph's stroke (the upright of 十).
    snug = settings.snug * per_pt
    vertical = [v for v in vertical if v.hi - v.lo >= long
                or any(u.hi - u.lo >= long and abs(u.pos - v.pos) <= 2 * same for u in vertical)
                or _is_border(v, horizontal, snug, math.inf)]
    horizontal = [s for s in horizontal if s.hi - s.lo >= h_len]
    worn = settings.worn_gap * per_pt
    horizontal = _bridge_worn(horizontal, vertical, same, touch, worn, settings.worn_tilt)
    vertical = _bridge_worn(vertical, horizontal, same, touch, worn, settings.worn_tilt)
    vertical = [v for v in vertical if not _open_inside(v, horizontal, touch, worn / 2)]
    # The mask of the kept rules only: a stroke of a glyph that the opening kept ("1", "丨")
    # is text, and must stay in its cell's ink.
    mask = np.zeros_like(ink)
    for s in horizontal:
        half = s.thickness / 2 + 1
        mask[max(0, int(s.pos - half)) : int(s.pos + half) + 1, int(s.lo) : int(s.hi) + 1] = 255
    for s in vertical:
        half = s.thickness / 2 + 1
        mask[int(s.lo) : int(s.hi) + 1, max(0, int(s.pos - half)) : int(s.pos + half) + 1] = 255
    drawn = cv2.bitwise_or(cv2.bitwise_or(h_short, v_mask), cv2.bitwise_and(ink, cv2.bitwise_or(dots_h, dots_v)))
    return Rules(horizontal, vertical, cv2.bitwise_and(mask, drawn))


def _off_the_edges(segments: list[Segment], edge: float, across: int, along: int) -> list[Segment]:
    """The segments at least ``edge`` px from the image's sides (``across`` and ``along``:
    the image's size across and along the segments)."""
    if edge <= 0:
        return segments
    return [s for s in segments if edge <= s.pos <= across - edge and s.lo >= edge and s.hi <= along - edge]


def _dotted(ink: np.ndarray, horizontal: bool, length: int, settings: OcrSettings, per_pt: float,
            solid: list[Segment]) -> tuple[list[Segment], np.ndarray]:
    """Rules of dots and dashes (``dotted_gap``): their segments, and the mask they were cut
    from. Where a ``solid`` piece runs on the same line within a bridgeable gap, only the
    stretches of the dotted line that no solid piece covers count (``_uncovered``): on a page
    whose rules are whole, closing their neighbourhood only stretched a border through a
    glyph beside its end (a scanned sample lost a row to a border 30pt too long), while a
    binarized rule is often solid in places and dotted between them, and without its dotted
    stretches it falls apart into pieces too far apart to bridge."""
    import cv2

    gap = max(2, round(settings.dotted_gap * per_pt))
    shape = (gap, 1) if horizontal else (1, gap)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, shape))
    long = (length, 1) if horizontal else (1, length)
    mask = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long))
    view = ink if horizontal else ink.T
    return _thin_uncrowded(_segments(mask, horizontal), solid, view, length, settings, per_pt), mask


def _sparse_dotted(ink: np.ndarray, horizontal: bool, settings: OcrSettings, per_pt: float,
                   found: list[Segment]) -> list[Segment]:
    """Rules left as scattered dots (a thin rule binarized at a low resolution: most of its
    pixels fell above the threshold, a dot every few points remains), too far apart for
    ``dotted_gap``; looked for on bilevel pages only (``PageImage.bilevel``: on a grey page
    scattered thin ink is paper noise, and lines of it were found through rows of values).
    Only thin ink counts: pixels with paper ``sparse_clear`` above and below (left and right,
    for a vertical rule), which a rule's dots have and a glyph's upright strokes have not;
    those within ``sparse_gap`` along the line are joined, and what then runs ``sparse_long``
    is a rule if it is as thin and uncrowded as a dotted one (``_thin_uncrowded``, beside
    the rules already ``found`` only where they leave the line uncovered)."""
    import cv2

    if settings.sparse_gap <= 0:
        return []
    c = max(2, round(settings.sparse_clear * per_pt))
    view = ink if horizontal else ink.T
    thin = view.copy()
    thin[c:] &= ~view[:-c]
    thin[:-c] &= ~view[c:]
    thin[:c] = 0
    thin[-c:] = 0
    gap = max(3, round(settings.sparse_gap * per_pt))
    length = max(3, round(settings.sparse_long * per_pt))
    closed = cv2.morphologyEx(thin, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    mask = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    # The view has the line along its rows either way: its segments are "horizontal" in it.
    return _thin_uncrowded(_segments(mask, horizontal=True), found, view, length, settings, per_pt)


def _thin_uncrowded(candidates: list[Segment], found: list[Segment], view: np.ndarray, length: int,
                    settings: OcrSettings, per_pt: float) -> list[Segment]:
    """The candidates (or, beside rules ``found`` on the same line, their stretches those
    leave uncovered: ``_uncovered``) no thicker than ``dotted_thick`` with paper beside them
    along all but ``dotted_crowded`` of their length. ``view``: the ink with the lines along
    its rows."""
    thick = settings.dotted_thick * per_pt
    clear = max(2, round(settings.rule_clear * per_pt))
    same, reach = settings.same_rule * per_pt, settings.bridge_gap * per_pt
    out = []
    for s in candidates:
        if s.thickness > thick:
            continue
        beside = [r for r in found if abs(r.pos - s.pos) <= same and r.lo - reach <= s.hi and s.lo <= r.hi + reach]
        for part in _uncovered(s, beside, length) if beside else [s]:
            crowded = _crowded(part, view, clear)
            if crowded is not None and crowded <= settings.dotted_crowded:
                out.append(part)
    return out


def _uncovered(s: Segment, solid: list[Segment], length: int) -> list[Segment]:
    """The stretches of ``s`` no ``solid`` piece covers that may be rule: one between two
    solid pieces (a gap in a rule, filled by dots) whatever its length; one beyond the solid
    pieces' ends only if it is ``length`` long itself (a short one is the closing's reach
    into a glyph beside the rule's end)."""
    covered = sorted((max(s.lo, r.lo), min(s.hi, r.hi)) for r in solid if r.hi > s.lo and r.lo < s.hi)
    out: list[Segment] = []
    start = s.lo
    for lo, hi in [*covered, (s.hi, s.hi)]:
        if lo > start:
            inside = start > s.lo and lo < s.hi  # solid on both sides
            if inside or lo - start >= length:
                out.append(Segment(s.pos, start, lo, s.thickness, s.long))
        start = max(start, hi)
    return out


def _crowded(s: Segment, ink: np.ndarray, clear: int) -> float | None:
    """Share of the segment's length with ink ``clear`` px to either side of it (``ink`` laid
    with the segment's length along its rows: transposed for a vertical one); None where the
    segment is too short or too near the image's edge to tell."""
    h, w = ink.shape
    lo, hi = max(0, int(s.lo)), min(w, int(s.hi) + 1)
    above, below = int(s.pos - s.thickness / 2) - clear, int(s.pos + s.thickness / 2) + clear
    if hi - lo < 2 or above < 1 or below >= h - 1:
        return None
    near = ink[above - 1 : above + 2, lo:hi].any(axis=0) | ink[below - 1 : below + 2, lo:hi].any(axis=0)
    return float(near.mean())


def _segments(mask: np.ndarray, horizontal: bool, long: bool = True) -> list[Segment]:
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if horizontal:
            out.append(Segment(y + h / 2, float(x), float(x + w), float(h), long))
        else:
            out.append(Segment(x + w / 2, float(y), float(y + h), float(w), long))
    return out


def _bridge(segments: list[Segment], gap: float, same: float, across: list[Segment] | None = None,
            touch: float = 0.0) -> list[Segment]:
    """Pieces on one line (``pos`` within ``same``) with gaps up to ``gap`` joined into one.

    Taken from left to right (top to bottom); each piece joins the line it continues, found
    among the lines of its own and the neighbouring ``same``-wide bands (a page's glyph
    strokes are many, a rule must still find its own pieces among them). A gap that a rule
    of ``across`` runs through is never bridged: a rule's ink goes on through a crossing, so
    pieces that stop at one are two rules (or a glyph's stroke next to a rule's end)."""
    out: list[Segment] = []
    bands: dict[int, list[Segment]] = {}
    step = max(same, 1.0)
    for s in sorted(segments, key=lambda s: s.lo):
        band = round(s.pos / step)
        near = [p for b in (band - 1, band, band + 1) for p in bands.get(b, ())]
        prev = min((p for p in near if abs(p.pos - s.pos) <= same and s.lo - p.hi <= gap
                    and not (across and _crossed(across, (p.pos + s.pos) / 2, p.hi, s.lo, touch))),
                   key=lambda p: abs(p.pos - s.pos), default=None)
        if prev is None:
            prev = Segment(s.pos, s.lo, s.hi, s.thickness, s.long)
            out.append(prev)
            bands.setdefault(band, []).append(prev)
            continue
        total = (prev.hi - prev.lo) + (s.hi - s.lo)
        prev.pos = (prev.pos * (prev.hi - prev.lo) + s.pos * (s.hi - s.lo)) / total
        prev.lo, prev.hi = min(prev.lo, s.lo), max(prev.hi, s.hi)
        prev.thickness = max(prev.thickness, s.thickness)
        prev.long = prev.long or s.long
    return out


def _crossed(across: list[Segment], pos: float, lo: float, hi: float, touch: float) -> bool:
    """A rule of ``across`` runs through the gap ``lo``..``hi`` at ``pos``."""
    return hi > lo and any(lo - touch <= a.pos <= hi + touch and a.lo - touch <= pos <= a.hi + touch for a in across)


@dataclass
class _FaintTest:
    """Is the stretch between two pieces of a rule a faded part of it? Along the rule the
    pixels are still darker, by ``contrast`` grey levels, than the rows a few pixels above
    and below it (medians over the stretch, so a glyph crossing it does not decide; a line
    of text is dark a few pixels off its middle too, a thin rule is not)."""

    pixels: np.ndarray
    contrast: float
    longest: float  # px
    per_pt: float

    def __call__(self, pos: float, lo: float, hi: float, horizontal: bool) -> bool:
        if hi - lo > self.longest or hi <= lo:
            return False
        p, a, b = int(round(pos)), int(lo), int(hi) + 1
        off = max(4, int(1.5 * self.per_pt))  # 1.5pt beside the rule: paper next to a rule
        img = self.pixels if horizontal else self.pixels.T
        if p - off < 0 or p + off >= img.shape[0]:
            return False
        line = float(np.median(img[max(0, p - 1) : p + 2, a:b].min(axis=0)))
        above = float(np.median(img[p - off, a:b]))
        below = float(np.median(img[p + off, a:b]))
        return min(above, below) - line >= self.contrast


def _bridge_faint(segments: list[Segment], same: float, faint: _FaintTest, horizontal: bool) -> list[Segment]:
    """Pieces of one rule joined across longer gaps where the rule is faded, not absent."""
    out: list[Segment] = []
    for s in sorted(segments, key=lambda s: (round(s.pos / max(same, 1.0)), s.lo)):
        prev = next((p for p in reversed(out[-8:]) if abs(p.pos - s.pos) <= same and s.lo > p.hi), None)
        if prev is not None and faint((prev.pos + s.pos) / 2, prev.hi, s.lo, horizontal):
            prev.hi = max(prev.hi, s.hi)
            prev.thickness = max(prev.thickness, s.thickness)
        else:
            out.append(Segment(s.pos, s.lo, s.hi, s.thickness))
    return out


def _bridge_worn(segments: list[Segment], across: list[Segment], same: float, touch: float,
                 longest: float, tilt: float = 0.0) -> list[Segment]:
    """Pieces of one rule joined across a gap where the toner is gone, not the rule: a rule
    drawn to stop stops where another rule meets it (the border of a merged cell), so a piece
    that ends between two crossing rules was worn there, and a gap with such an end is bridged
    whatever it crosses; a gap between two crossings is a rule that was never drawn. Pieces
    may be out of line by ``tilt`` per pixel between their middles (a warped page)."""

    def at_rule(pos: float, end: float) -> bool:
        return any(abs(a.pos - end) <= touch and a.lo - touch <= pos <= a.hi + touch for a in across)

    def worn(p: Segment, s: Segment) -> bool:
        if s.lo - p.hi > longest:
            return False
        # One end between crossings is enough: the rule was worn there, and the other piece
        # is where it shows again (a rule drawn to stop has both its ends at rules).
        return not (at_rule(p.pos, p.hi) and at_rule(s.pos, s.lo))

    def in_line(p: Segment, s: Segment) -> bool:
        return abs(p.pos - s.pos) <= same + tilt * abs((s.lo + s.hi) - (p.lo + p.hi)) / 2

    def tilted(s: Segment) -> Segment | None:
        """A piece out of line with ``s`` by less than ``tilt`` allows, on either side of it
        (pieces are taken band by band, so the one on the right may come first)."""
        beside = [p for p in out if (s.lo > p.hi and worn(p, s)) or (p.lo > s.hi and worn(s, p))]
        return min((p for p in beside if in_line(p, s)), key=lambda p: abs(p.pos - s.pos), default=None)

    out: list[Segment] = []
    for s in sorted(segments, key=lambda s: (round(s.pos / max(same, 1.0)), s.lo)):
        prev = next((p for p in reversed(out[-8:]) if abs(p.pos - s.pos) <= same and s.lo > p.hi), None)
        if prev is not None and worn(prev, s):
            prev.hi = max(prev.hi, s.hi)
            prev.thickness = max(prev.thickness, s.thickness)
        elif tilt and (other := tilted(s)) is not None:
            # The longer piece keeps its place: it shows where the rule runs.
            if s.hi - s.lo > other.hi - other.lo:
                other.pos = s.pos
            other.lo, other.hi = min(other.lo, s.lo), max(other.hi, s.hi)
            other.thickness = max(other.thickness, s.thickness)
        else:
            out.append(Segment(s.pos, s.lo, s.hi, s.thickness, s.long))
    # A rule that starts at a crossing and ends between two is worn at that end (its piece
    # beyond, too short to be told from a stroke, was not kept): it runs on to the next
    # crossing rule, when that is near. Only a piece at least ``longest`` / 2 long: glyph
    # strokes of stacked lines ("（" over "（") join into pieces of an em or two.
    for s in out:
        if s.hi - s.lo < longest / 2:
            continue
        lo_at, hi_at = at_rule(s.pos, s.lo), at_rule(s.pos, s.hi)
        if hi_at and not lo_at:
            ends = [a.pos for a in across if s.lo - longest <= a.pos < s.lo and a.lo - touch <= s.pos <= a.hi + touch]
            s.lo = max(ends, default=s.lo)
        elif lo_at and not hi_at:
            ends = [a.pos for a in across if s.hi < a.pos <= s.hi + longest and a.lo - touch <= s.pos <= a.hi + touch]
            s.hi = min(ends, default=s.hi)
    return out


def _is_border(v: Segment, horizontal: list[Segment], touch: float, long: float) -> bool:
    """A cell border runs from one horizontal rule to the next (or through them); a glyph's
    stroke may end near one rule (text close to a border) but never spans between two. A long
    rule touching one horizontal is a border whose other end a page break left open."""
    across = [h for h in horizontal if h.lo - touch <= v.pos <= h.hi + touch]
    top = any(abs(h.pos - v.lo) <= touch or v.lo < h.pos < v.hi for h in across)
    bottom = any(abs(h.pos - v.hi) <= touch or v.lo < h.pos < v.hi for h in across)
    return (top and bottom) or ((top or bottom) and v.hi - v.lo >= long)


def _open_inside(v: Segment, horizontal: list[Segment], touch: float, shortest: float) -> bool:
    """A vertical piece shorter than ``shortest`` with an end that meets no rule, though a rule
    of the same table crosses its line beyond that end: not a border left open by a page break
    (that end would be the table's last) but glyph strokes stacked over two or three lines
    ("计" over "他" in a wrapped label), which a binarized page leaves with no crossing strokes
    for ``_stands_alone`` to see. Longer worn pieces were run on to their crossing already."""
    if v.hi - v.lo >= shortest:
        return False
    across = [h for h in horizontal if h.lo - touch <= v.pos <= h.hi + touch]
    top = any(abs(h.pos - v.lo) <= touch for h in across)
    bottom = any(abs(h.pos - v.hi) <= touch for h in across)
    return (not top and any(h.pos < v.lo - touch for h in across)) \
        or (not bottom and any(h.pos > v.hi + touch for h in across))


def _stands_alone(v: Segment, ink: np.ndarray, clear: int, crowded: float) -> bool:
    """A border has paper beside it along most of its length; a glyph's vertical stroke (the
    strokes of 业 or 机 stacked one character a line in a narrow column join into one long
    stroke between two rules) has its character's other strokes crossing it on both sides. One
    too short or too near the image's edge to tell stands."""
    share = _crowded(v, ink.T, clear)
    return share is None or share <= crowded


def to_edges(rules: Rules, image: PageImage) -> list[Obj]:
    """The segments as pdfplumber edge records on the page, in points."""
    edges: list[Obj] = []
    for s in rules.horizontal:
        x0, top, x1, _ = image.to_points((s.lo, s.pos, s.hi, s.pos))
        edges.append({"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top,
                      "width": x1 - x0, "height": 0.0})
    for s in rules.vertical:
        x0, top, _, bottom = image.to_points((s.pos, s.lo, s.pos, s.hi))
        edges.append({"object_type": "line", "orientation": "v", "x0": x0, "x1": x0, "top": top, "bottom": bottom,
                      "width": 0.0, "height": bottom - top})
    return edges
