"""A page image (a scanned page, or a picture on a page) to the PDF reader's page scan.

Steps, each in its module: the paper brought to one level (``paper``), the page put upright
(``deskew``), its rules measured (``lines``) and turned into ruled tables' cells by the PDF
reader's own table finder
(``pdf.ruled``: the same closing borders, the same grid with spans), each cell's ink read,
the text detector's lines read elsewhere (``text``), all as characters on the page in
points. ``page.scan.scan_page`` then finds ruled tables, frames and rules-only regions
exactly as for a PDF page, so recovery, mapping and the rest never know the page was a scan.

After the pages' tables are built, ``mark_cells`` gives each cell read from an image its
OCR confidence: its least sure character; a cell with ink and no text is doubtful (a dash or
a slash the model did not read), a cell without ink is blank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractor.layout import BBox, OcrRead, Table
from extractor.readers.ocr.deskew import is_quarter_turned, rotate, skew_angle, turn_boxes
from extractor.readers.ocr.engine import Engine
from extractor.readers.ocr.lines import Rules, find_rules, to_edges
from extractor.readers.ocr.paper import flatten
from extractor.readers.ocr.render import PageImage
from extractor.readers.ocr.settings import OcrSettings
from extractor.readers.ocr.text import (
    TextLine,
    box_lines,
    distrust_slight_lines,
    join_split_glyphs,
    line_chars,
    missed_lines,
    read_lines,
    sure_of_missed,
    table_cell_lines,
    without_specks,
    without_specks_beside_text,
)
from extractor.readers.page.scan import PageScan, scan_page
from extractor.readers.pdf.geometry import Obj, center_in
from extractor.readers.pdf.ruled import EdgePage, table_settings
from extractor.readers.pdf.settings import PdfSettings

_INK_STEP = 4  # px of the page image per pixel of the kept ink map (a cell is dozens of px)


@dataclass
class InkMap:
    """Where a read image had ink other than rules, coarsely, kept after its pixels are freed:
    enough to tell an empty cell from one whose mark the model did not read."""

    share: np.ndarray  # fraction of ink per block of _INK_STEP² pixels
    block: float  # pt per block
    origin: tuple[float, float]  # the image's top-left on the page (pt)

    def ink_in(self, box: BBox, inset: float) -> float:
        ox, oy = self.origin
        x0, x1 = int((box[0] + inset - ox) / self.block), int((box[2] - inset - ox) / self.block)
        y0, y1 = int((box[1] + inset - oy) / self.block), int((box[3] - inset - oy) / self.block)
        part = self.share[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
        return float(part.mean()) if part.size else 0.0


@dataclass
class ImageRead:
    """What OCR made of one image: the page scan's parts and the ink map for ``mark_cells``."""

    scan: PageScan
    ink: InkMap
    region: BBox  # where the image lies on the page (pt)
    turns: int  # quarter turns (counter-clockwise) the image needed to be upright
    skew: float  # degrees it was straightened by
    # Images in it pdfium could not decode (drawn as nothing, so what they show is not read).
    undecodable: int = 0


def read_image(
    image: PageImage,
    number: int,
    engine: Engine,
    settings: OcrSettings,
    pdf_settings: PdfSettings,
    whole_page: bool,
) -> ImageRead:
    """One image read as a page (``whole_page``: it is the page, so it may be turned a
    quarter or a half; a picture on a page is taken as placed)."""
    pixels, paper = flatten(image.pixels, image.scale, settings)
    skew = skew_angle(pixels, settings)
    if abs(skew) >= settings.skew_fine_step:
        pixels = rotate(pixels, skew, fill=paper)
    boxes = engine.detect(pixels, settings.detect_side)
    turns = 0
    if whole_page:
        if is_quarter_turned(boxes, settings.quarter_turn_ratio, settings.long_line_aspect):
            turns = 1
        if turns:
            # Detected again upright, not the sideways boxes turned: the detector misses
            # short text on its side (a lone "0" in a cell is square either way, but the
            # model was trained on upright lines and drops many of them).
            pixels = np.ascontiguousarray(np.rot90(pixels, turns))
            boxes = engine.detect(pixels, settings.detect_side)
        if _upside_down(engine, pixels, boxes, settings):
            boxes = turn_boxes(boxes, 2, pixels.shape)
            pixels = np.ascontiguousarray(np.rot90(pixels, 2))
            turns += 2
    upright = PageImage(pixels, image.scale, image.origin, image.bilevel)
    rules = find_rules(upright, settings, whole_page)
    edges = to_edges(rules, upright)
    h, w = pixels.shape
    region = upright.to_points((0, 0, w, h))
    edge_page = EdgePage(edges, region)
    found = edge_page.find_tables(table_settings(edge_page.horizontal_edges, edge_page.vertical_edges, pdf_settings))
    cells = table_cell_lines(upright, rules.mask, [cell for table in found for cell in table.cells], settings)
    cells = without_specks_beside_text(join_split_glyphs(upright, cells, settings), settings)
    lines = [line for cell in cells for line in cell]
    cell_lines = list(lines)
    taken = [t.bbox for t in found]
    detected: list[TextLine] = []
    for quad in boxes:
        cx, cy = upright.to_points((float(quad[:, 0].mean()), float(quad[:, 1].mean()), 0, 0))[:2]
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in taken):
            continue  # ruled tables are read cell by cell
        detected += box_lines(upright, quad, settings)
    # The page's ink less its rules and specks: where the detector saw nothing, and per cell.
    ink = without_specks((upright.pixels < settings.ink_level) & (rules.mask == 0), settings.speck)
    lines += detected + _missed(upright, ink, rules, boxes, taken, detected, settings)
    read_lines(engine, lines, settings)
    lines = sure_of_missed(lines, settings)
    distrust_slight_lines(cell_lines, settings)
    chars = [c for line in lines for c in line_chars(upright, line, settings)]
    chars.sort(key=lambda c: (c["top"], c["x0"]))
    height = region[3] if whole_page else region[3] - region[1]
    scan = scan_page(number, height, chars, edge_page, pdf_settings)
    return ImageRead(scan, _ink_map(upright, ink), region, turns % 4, skew)


def _missed(image: PageImage, ink: np.ndarray, rules: Rules, boxes: list[np.ndarray], taken: list[BBox],
            detected: list[TextLine], settings: OcrSettings) -> list[TextLine]:
    """Lines of ink the detector passed over (``missed_lines``), beside the detected ones."""
    if not detected:
        return []
    height = float(np.median([ln.bottom - ln.top for ln in detected]))
    covered = [(q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()) for q in boxes]
    covered += [image.to_pixels(b) for b in taken if b is not None]
    whole = [(int(x0), int(y0), int(np.ceil(x1)), int(np.ceil(y1))) for x0, y0, x1, y1 in covered]
    spans = [(s.pos, s.lo, s.hi) for s in rules.horizontal]
    return missed_lines(image, ink, spans, whole, height, settings)


def _upside_down(engine: Engine, pixels: np.ndarray, boxes: list[np.ndarray], settings: OcrSettings) -> bool:
    """The widest lines put to the direction classifier: upside down when most of them are,
    surely (a short line of digits looks alike both ways, so only wide lines vote)."""
    widest = sorted(boxes, key=lambda b: -float(b[:, 0].max() - b[:, 0].min()))[: settings.flip_probe_lines]
    crops = []
    for quad in widest:
        x0, y0 = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
        x1, y1 = int(np.ceil(quad[:, 0].max())), int(np.ceil(quad[:, 1].max()))
        crop = pixels[y0:y1, x0:x1]
        if crop.shape[0] >= 4 and crop.shape[1] >= 2 * crop.shape[0]:
            crops.append(crop)
    if not crops:
        return False
    votes = engine.upside_down_votes(crops)
    return sum(v >= settings.flip_confidence for v in votes) > len(votes) / 2


def _ink_map(image: PageImage, page_ink: np.ndarray) -> InkMap:
    """The page's ink (rules and specks left out) on a coarse grid, to tell a blank cell."""
    import cv2

    ink = page_ink.astype(np.float32)
    h, w = ink.shape
    small = cv2.resize(ink, (max(1, w // _INK_STEP), max(1, h // _INK_STEP)), interpolation=cv2.INTER_AREA)
    return InkMap(small, image.scale * w / small.shape[1], image.origin)


def mark_cells(tables: list[Table], reads: list[ImageRead], settings: OcrSettings | None = None) -> None:
    """Each cell of a table read from an image gets its ``OcrRead``."""
    settings = settings or OcrSettings()
    for table in tables:
        read = next((r for r in reads if r.scan.number == table.page and _inside(table.bbox, r.region)), None)
        if read is None:
            continue
        chars = [c for c in read.scan.chars if "ocr_confidence" in c]
        for cell in table.cells:
            if cell.bbox is None:
                continue
            mine = [c["ocr_confidence"] for c in chars if center_in(c, cell.bbox)]
            if mine:
                confidence = min(mine)
                cell.ocr = OcrRead(confidence, confidence < settings.low_confidence)
            elif read.ink.ink_in(cell.bbox, settings.cell_inset) > settings.unread_ink:
                cell.ocr = OcrRead(0.0, True)  # a mark the model did not read: never a blank
            else:
                cell.ocr = OcrRead(1.0, False)


def _inside(box: BBox | None, region: BBox, slack: float = 2.0) -> bool:
    if box is None:
        return False
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] - slack <= cx <= region[2] + slack and region[1] - slack <= cy <= region[3] + slack


def ocr_chars(chars: list[Obj]) -> bool:
    return any("ocr_confidence" in c for c in chars)
