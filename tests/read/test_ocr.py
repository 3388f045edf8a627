"""The OCR reader: each step on small synthetic images, the model offline, and one or two
scanned pages end to end. The full scanned samples are ``tests/corpus/test_scanned.py``
(slow) and ``scripts/evaluate.py samples/scanned``."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")

import cv2  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from extractor.errors import NoTextLayer  # noqa: E402
from extractor.layout import Table  # noqa: E402
from extractor.limits import Limits, OcrMode  # noqa: E402
from extractor.numbers import has_number  # noqa: E402
from extractor.pipeline import extract, to_json  # noqa: E402
from extractor.readers.docx_reader import read_docx  # noqa: E402
from extractor.readers.ocr import engine as engine_mod  # noqa: E402
from extractor.readers.ocr.deskew import is_quarter_turned, rotate, skew_angle, turn_boxes  # noqa: E402
from extractor.readers.ocr.lines import Rules, find_rules, to_edges  # noqa: E402
from extractor.readers.ocr.render import PageImage  # noqa: E402
from extractor.readers.ocr.settings import OcrSettings  # noqa: E402
from extractor.readers.ocr.text import (  # noqa: E402
    TextLine,
    cell_lines,
    distrust_slight_lines,
    join_split_glyphs,
    line_chars,
    missed_lines,
    sure_of_missed,
    without_specks,
    without_specks_beside_text,
)
from extractor.readers.page.scan import scan_page  # noqa: E402
from extractor.readers.pdf.ruled import EdgePage  # noqa: E402
from extractor.readers.pdf.settings import PdfSettings  # noqa: E402
from extractor.readers.pdf_document import read_pdf  # noqa: E402
from extractor.warning_codes import WarningCode  # noqa: E402
from scripts.samples.scans import SCANS, scan_pdf  # noqa: E402
from tests.helpers import ROOT, SAMPLES  # noqa: E402

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
DPI = 200
PX = DPI / 72  # pixels per point


def _font(size_pt: float) -> ImageFont.FreeTypeFont:
    if not Path(FONT).exists():
        pytest.skip("Noto CJK fonts not installed")
    return ImageFont.truetype(FONT, round(size_pt * PX))


def _table_page(cells: list[list[str]], faint_row: int | None = None, gap_in_row: int | None = None,
                dash_cell: tuple[int, int] | None = None) -> Image.Image:
    """An A4 page at 200 dpi with one ruled table: a title line above, ``cells`` as text.
    ``faint_row``: that horizontal rule drawn light grey; ``gap_in_row``: that rule broken by
    a short gap; ``dash_cell``: that cell holds a faint short dash instead of text."""
    w, h = round(595 * PX), round(842 * PX)
    img = Image.new("L", (w, h), 245)
    draw = ImageDraw.Draw(img)
    draw.text((round(72 * PX), round(60 * PX)), "测试单位2024年政府信息公开工作年度报告", font=_font(16), fill=20)
    x0, y0, col_w, row_h = 72 * PX, 120 * PX, 110 * PX, 28 * PX
    n_rows, n_cols = len(cells), len(cells[0])
    for r in range(n_rows + 1):
        y = round(y0 + r * row_h)
        colour = 170 if r == faint_row else 20
        draw.line([(round(x0), y), (round(x0 + n_cols * col_w), y)], fill=colour, width=2)
        if r == gap_in_row:
            draw.rectangle([round(x0 + 1.5 * col_w), y - 2, round(x0 + 1.5 * col_w + 4 * PX), y + 2], fill=245)
    for c in range(n_cols + 1):
        x = round(x0 + c * col_w)
        draw.line([(x, round(y0)), (x, round(y0 + n_rows * row_h))], fill=20, width=2)
    font = _font(10.5)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            cx, cy = x0 + c * col_w + 6 * PX, y0 + r * row_h + 8 * PX
            if (r, c) == dash_cell:
                draw.line([(round(cx + 20 * PX), round(cy + 6 * PX)), (round(cx + 26 * PX), round(cy + 6 * PX))],
                          fill=150, width=1)
            elif text:
                draw.text((round(cx), round(cy)), text, font=font, fill=20)
    return img


def _pdf_of(images: list[Image.Image], path: Path) -> Path:
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(DPI))
    return path


# --------------------------------------------------------------------------- deskew, orientation


def _lines_image(angle: float) -> np.ndarray:
    img = np.full((1100, 800), 245, np.uint8)
    for k in range(20):
        y = 100 + 45 * k
        cv2.rectangle(img, (80, y), (720 - (k % 3) * 90, y + 14), 30, -1)  # text-line-like bars
    cv2.rectangle(img, (60, 60), (740, 1040), 30, 2)
    return rotate(img, angle)


@pytest.mark.parametrize("angle", [-2.6, -1.0, 0.0, 0.7, 2.2])
def test_skew_is_measured_within_a_tenth_of_a_degree(angle: float) -> None:
    found = skew_angle(_lines_image(angle), OcrSettings())
    assert abs(found + angle) <= 0.1  # the angle that straightens the page undoes the skew


def test_a_page_on_its_side_is_told_by_its_text_boxes() -> None:
    settings = OcrSettings()
    ratio, long = settings.quarter_turn_ratio, settings.long_line_aspect
    wide = [np.array([[0, 0], [300, 0], [300, 30], [0, 30]], np.float32) for _ in range(5)]
    assert not is_quarter_turned(wide, ratio, long)
    turned = turn_boxes(wide, 1, (1100, 800))
    assert is_quarter_turned(turned, ratio, long)
    # An upright page of stacked two-character headers (tall boxes) beside as much text in
    # wide boxes is upright: only a clear majority of tall text turns a page.
    stacked = [np.array([[0, 0], [30, 0], [30, 66], [0, 66]], np.float32) for _ in range(50)]
    assert not is_quarter_turned(stacked + wide, ratio, long)
    # A page turned with table 4's headers stacked one character a line (结/果/维/持): turned,
    # they are short wide boxes outweighing the text, whose lines are long and tall.
    headers = turn_boxes([np.array([[0, 0], [30, 0], [30, 120], [0, 120]], np.float32) for _ in range(40)], 1,
                         (1100, 800))
    assert is_quarter_turned(turned + headers, ratio, long)
    assert not is_quarter_turned(turned + headers, ratio, math.inf)  # the area alone was fooled
    # Turning back three more quarters gives the original boxes.
    back = turn_boxes(turned, 3, (800, 1100))
    assert np.allclose(back[0], wide[0])


# --------------------------------------------------------------------------- rules and grid


def test_rules_become_the_pdf_readers_grid_with_bridged_and_faint_lines() -> None:
    cells = [["项目", "甲", "乙"], ["规章", "12", "3"], ["文件", "0", "45"]]
    img = _table_page(cells, faint_row=2, gap_in_row=1)
    pixels = np.asarray(img)
    page = PageImage(pixels, 1 / PX)
    rules = find_rules(page, OcrSettings())
    # Four horizontal rules (the broken one bridged, the faint one kept) and four vertical.
    assert len(rules.horizontal) == 4
    assert len(rules.vertical) == 4
    edges = to_edges(rules, page)
    assert all(e["x0"] >= 70 and e["x1"] <= 72 + 3 * 110 + 2 for e in edges)  # in points
    # Characters standing in for OCR output, one per cell: the PDF reader's grid places them.
    chars = [
        {"text": text, "x0": 72 + c * 110 + 10, "x1": 72 + c * 110 + 20, "top": 120 + r * 28 + 9,
         "bottom": 120 + r * 28 + 19, "size": 10.5, "doctop": 0}
        for r, row in enumerate(cells) for c, text in enumerate(row)
    ]
    scan = scan_page(1, 842, chars, EdgePage(edges, (0, 0, 595, 842)), PdfSettings())
    (table,) = scan.tables
    assert table.n_rows == 3 and table.n_cols == 3
    assert [[c.text for c in row] for row in table.rows()] == cells


def _faint_cell(faint_at: int, faint_grey: int) -> tuple[PageImage, np.ndarray]:
    """A 200 × 40 px cell (0.5 pt a pixel) of grey paper (237) holding "757" as three dark
    blocks (grey 140) and, at ``faint_at``, a fourth glyph in ``faint_grey``."""
    pixels = np.full((40, 200), 237, dtype=np.uint8)
    for x in (80, 96, 112):
        pixels[8:32, x : x + 10] = 140
    pixels[8:32, faint_at : faint_at + 10] = faint_grey
    return PageImage(pixels, 0.5), np.zeros_like(pixels)


def test_a_faint_glyph_beside_a_cells_darker_digits_stays_in_its_crop() -> None:
    """A low-contrast scan's "7,757": the leading "7," lighter than ``ink_level`` was left out
    of the crop and the cell read "757". A faint glyph beside the line's ink is the line's."""
    settings = OcrSettings()
    image, rules = _faint_cell(62, 175)
    assert settings.ink_level < 175  # the faint glyph is no ink by the fixed level alone
    (line,) = cell_lines(image, rules, (0, 0, 100, 20), settings, np.zeros_like(rules, dtype=bool))
    assert line.x0 <= 62 and line.x0 + line.crop.shape[1] >= 122
    # Paper-grey smudges are not glyphs, and a faint blob far from the line is not its ink.
    for at, grey in ((62, 215), (20, 175)):
        image, rules = _faint_cell(at, grey)
        (line,) = cell_lines(image, rules, (0, 0, 100, 20), settings, np.zeros_like(rules, dtype=bool))
        assert line.x0 > 70


def test_a_faint_glyph_beside_a_split_glyph_stays_in_its_crop() -> None:
    """Issue 24 (development scan v137_d1113, a 100 dpi grey photo; one SILENT value): "27"
    read "2". The "2"'s diagonal faded, leaving two short bands of ink; each band's reach (its
    own height) fell short of the faint "7" 3pt beside it. The reach is never less than
    ``faint_reach_min``."""
    settings = OcrSettings()
    pixels = np.full((40, 200), 237, dtype=np.uint8)
    pixels[8:14, 80:90] = 140  # the "2"'s top stroke
    pixels[27:31, 80:90] = 140  # its foot
    pixels[8:32, 96:104] = 175  # a faint "7", 3pt (6 px) beside
    image, rules = PageImage(pixels, 0.5), np.zeros_like(pixels)
    assert settings.faint_reach_min / image.scale > 6
    lines = cell_lines(image, rules, (0, 0, 100, 20), settings, np.zeros_like(rules, dtype=bool))
    assert max(ln.x0 + ln.crop.shape[1] for ln in lines) >= 104


def test_a_speck_read_as_a_digit_is_doubtful_not_a_sure_number() -> None:
    """Issue 24: a band of ink 1-2 px tall in a cell (a speck, a frayed rule) read "1" at 0.99
    beside 22 px text. A line that slight keeps its reading with its confidence capped, so the
    cell is doubtful and its value said; lines of ordinary height are untouched."""
    from extractor.readers.ocr.engine import Glyph, Reading

    settings = OcrSettings()

    def line(height: float, text: str) -> TextLine:
        return TextLine(np.zeros((4, 4), np.uint8), 0.0, 100.0, 100.0 + height,
                        Reading(tuple(Glyph(c, 0.0, 1.0, 0.99) for c in text)))

    lines = [line(22, "规章"), line(15, "12"), line(22, "现行有效"), line(2, "1"), line(16, "0")]
    distrust_slight_lines(lines, settings)
    sure = [min(g.confidence for g in ln.reading.glyphs) for ln in lines]
    assert sure[3] < settings.low_confidence
    assert sure[:3] + sure[4:] == [0.99] * 4


def _rows_page() -> tuple[Image.Image, list[tuple[float, float, float]], tuple[int, int, int, int], int]:
    """A rules-only table's row on a 200 dpi page: rules above and below, a label at the left
    and a lone "0" further right. Returns the page, its rules (y, x0, x1 px), the label's
    box (px) and the "0"'s left edge."""
    img = Image.new("L", (round(400 * PX), round(120 * PX)), 245)
    draw = ImageDraw.Draw(img)
    top, bottom = round(30 * PX), round(60 * PX)
    for y in (top, bottom):
        draw.line([(round(20 * PX), y), (round(380 * PX), y)], fill=20, width=2)
    font = _font(10.5)
    draw.text((round(24 * PX), round(38 * PX)), "本年新收政府信息公开", font=font, fill=30)
    label = draw.textbbox((round(24 * PX), round(38 * PX)), "本年新收政府信息公开", font=font)
    zero_x = round(200 * PX)
    draw.text((zero_x, round(38 * PX)), "0", font=font, fill=30)
    rules = [(float(y), 20 * PX, 380 * PX) for y in (top, bottom)]
    return img, rules, (label[0], label[1], label[2], label[3]), zero_x


def test_a_lone_number_the_detector_missed_is_read_from_its_ink() -> None:
    """Issue 24: the text detector passes over a lone "0" in a rules-only table's row (a
    development scan lost four such zeros on one page, each a blank cell). Ink between two
    rules that span it, as tall as the page's text and clear of every detected box, becomes a
    line to read; a speck, ink outside the rules, or ink a box covers does not."""
    settings = OcrSettings()
    img, rules, label, zero_x = _rows_page()
    page = PageImage(np.asarray(img), 1 / PX)

    def ink(image: PageImage) -> np.ndarray:
        return without_specks(image.pixels < settings.ink_level, settings.speck)

    height = float(label[3] - label[1])
    found = missed_lines(page, ink(page), rules, [label], height, settings)
    assert len(found) == 1 and found[0].missed
    assert zero_x - 2 <= found[0].x0 + settings.crop_pad <= zero_x + 6
    # The "0" covered by a detected box: nothing missed.
    box = (zero_x - 4, label[1], zero_x + 40, label[3])
    assert missed_lines(page, ink(page), rules, [label, box], height, settings) == []
    # Without the rule below, the ink is not in a table's row.
    assert missed_lines(page, ink(page), rules[:1], [label], height, settings) == []
    # A speck where the "0" was: too small to be text.
    blank = np.asarray(img).copy()
    blank[round(36 * PX) : round(56 * PX), zero_x - 4 : zero_x + round(12 * PX)] = 245
    blank[round(45 * PX) : round(45 * PX) + 3, zero_x : zero_x + 3] = 30
    specked = PageImage(blank, 1 / PX)
    assert missed_lines(specked, ink(specked), rules, [label], height, settings) == []


def test_what_is_read_from_missed_ink_is_said() -> None:
    """A line found by its ink alone keeps its reading, its characters' confidence capped
    below ``low_confidence``: its value carries ``ocr_low_confidence``."""
    from extractor.readers.ocr.engine import Glyph, Reading

    settings = OcrSettings()
    img, *_ = _rows_page()
    page = PageImage(np.asarray(img), 1 / PX)
    reading = Reading((Glyph("0", 2.0, 10.0, 0.99),))
    for missed, expected in ((False, 0.99), (True, settings.missed_confidence)):
        line = TextLine(np.zeros((30, 20), np.uint8), 200 * PX, 38 * PX, 38 * PX + 22, reading, missed=missed)
        (char,) = line_chars(page, line, settings)
        assert char["ocr_confidence"] == expected
    assert settings.missed_confidence < settings.low_confidence


def test_missed_ink_is_kept_only_when_it_reads_surely_as_a_number() -> None:
    """A seal over a table leaves pieces of its rim, star and characters that no detected box
    covers; read, they gave "7" at 0.93, "A" at 0.92, "自" at 0.66, and made columns of their
    own (a development scan fell from 190 to 149 right fields). Only plain digits read at
    ``missed_sure`` or better are kept; detected lines are never dropped."""
    from extractor.readers.ocr.engine import Glyph, Reading

    settings = OcrSettings()

    def line(text: str, sure: float, missed: bool = True, digits_only: bool = False) -> TextLine:
        glyphs = tuple(Glyph(c, 0.0, 1.0, sure) for c in text)
        return TextLine(np.zeros((4, 4), np.uint8), 0.0, 0.0, 20.0, Reading(glyphs, digits_only), missed=missed)

    lines = [line("0", 1.0), line("1,234", 0.99), line("7", 0.93), line("A", 0.99), line("自", 0.66),
             line("0", 0.99, digits_only=True), line("-", 0.99), line("规章", 0.5, missed=False)]
    kept = sure_of_missed(lines, settings)
    assert [ln.reading.text for ln in kept] == ["0", "1,234", "规章"]


def test_a_worn_rule_out_of_line_on_a_warped_page_is_one_rule() -> None:
    """Issue 24: on a photographed page a worn rule's two pieces lay 2.1pt apart in height
    (200pt between their middles), over the 2pt that makes pieces one rule; left apart, their
    ends voted for two column borders inside a column. Pieces out of line by no more than
    ``worn_tilt`` per point between their middles are one rule across a worn gap; a rule a
    row away is not."""
    img = Image.new("L", (round(560 * PX), round(120 * PX)), 245)
    draw = ImageDraw.Draw(img)
    y = round(50 * PX)
    draw.line([(round(40 * PX), y), (round(400 * PX), y)], fill=20, width=2)  # long piece
    draw.line([(round(419 * PX), y - 6), (round(480 * PX), y - 6)], fill=20, width=2)  # 2.2pt higher
    draw.line([(round(40 * PX), y + round(16 * PX)), (round(480 * PX), y + round(16 * PX))], fill=20, width=2)
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    assert len(rules.horizontal) == 2
    assert all(h.lo / PX < 41 and h.hi / PX > 479 for h in rules.horizontal)
    flat = find_rules(PageImage(np.asarray(img), 1 / PX), dataclasses.replace(OcrSettings(), worn_tilt=0.0))
    assert len(flat.horizontal) == 3


def test_rules_binarized_into_dots_are_rules_and_text_is_not() -> None:
    """Issue 24: on a fax-like (binarized) scan a thin grey rule falls into dots and dashes
    that no opening keeps, and a ruled table came out as a few stray cells (a development
    scan: 8 of 210 fields). Dots closed along the rule are a rule where the result is thin
    with paper on both sides; a row of text closed the same way is a thick band with strokes
    beside it, and stays text."""
    img = Image.new("L", (round(400 * PX), round(200 * PX)), 250)
    draw = ImageDraw.Draw(img)
    x0, x1, ys = round(30 * PX), round(370 * PX), [round(y * PX) for y in (40, 70, 100)]
    for y in ys:  # dotted: 2 px of ink, 3 px of paper
        for x in range(x0, x1, 5):
            draw.line([(x, y), (x + 1, y)], fill=10)
    for x in (x0, round(200 * PX), x1):
        for y in range(ys[0], ys[-1], 5):
            draw.line([(x, y), (x, y + 1)], fill=10)
    draw.text((round(40 * PX), round(48 * PX)), "本年新收政府信息公开申请数量一二三", font=_font(10.5), fill=10)
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    assert sorted(round(h.pos / PX) for h in rules.horizontal) == [40, 70, 100]
    assert sorted(round(v.pos / PX) for v in rules.vertical) == [30, 200, 370]
    solid = find_rules(PageImage(np.asarray(img), 1 / PX),
                       dataclasses.replace(OcrSettings(), dotted_gap=0.0, sparse_gap=0.0))
    assert solid.horizontal == [] and solid.vertical == []


def test_rules_binarized_into_scattered_dots_or_solid_in_places_are_whole_rules() -> None:
    """Issue 24: a thin rule binarized at 150 dpi keeps a dot or a dash every few points
    (development scans: gaps of 1.5-10pt), and often whole stretches: the dots alone were
    too far apart to close, and beside a solid stretch they were not looked at, so each
    rule fell into pieces and a table into stray cells (v121_grid_p13_d1064, v160_grid_p68_d1180:
    11 of 203 fields). Thin ink along a line with gaps up to ``sparse_gap`` is a rule, and
    a dotted stretch continues a solid one; a row of text stays text."""
    rng = np.random.default_rng(5)
    img = Image.new("L", (round(400 * PX), round(200 * PX)), 250)
    draw = ImageDraw.Draw(img)
    x0, x1, ys = round(30 * PX), round(370 * PX), [round(y * PX) for y in (40, 70, 100)]
    for i, y in enumerate(ys):
        x = x0
        if i == 1:  # solid for its first third, then dots
            draw.line([(x0, y), (round(140 * PX), y)], fill=10, width=1)
            x = round(140 * PX)
        while x < x1:  # a dot of 1-3 px, then 2-8pt of paper
            draw.line([(x, y), (x + int(rng.integers(0, 3)), y)], fill=10)
            x += round(float(rng.uniform(2, 8)) * PX)
        draw.line([(x1 - 1, y), (x1, y)], fill=10)
    for x in (x0, round(200 * PX), x1):
        y = ys[0]
        while y < ys[-1]:
            draw.line([(x, y), (x, y + int(rng.integers(0, 3)))], fill=10)
            y += round(float(rng.uniform(2, 6)) * PX)
    draw.text((round(40 * PX), round(48 * PX)), "本年新收政府信息公开申请数量一二三", font=_font(10.5), fill=10)
    draw.text((round(40 * PX), round(78 * PX)), "三二一二三二一二三一二三", font=_font(10.5), fill=10)
    settings = OcrSettings()
    rules = find_rules(PageImage(np.asarray(img), 1 / PX, bilevel=True), settings)
    assert sorted(round(h.pos / PX) for h in rules.horizontal) == [40, 70, 100]
    assert all(h.lo / PX < 32 and h.hi / PX > 368 for h in rules.horizontal)
    assert sorted(round(v.pos / PX) for v in rules.vertical) == [30, 200, 370]

    def whole(found: Rules) -> bool:
        return len(found.horizontal) == 3 and all(h.lo / PX < 32 and h.hi / PX > 368 for h in found.horizontal)

    assert not whole(find_rules(PageImage(np.asarray(img), 1 / PX, bilevel=True),
                                dataclasses.replace(settings, sparse_gap=0.0)))
    # Only on a page drawn from 1-bit images: on a grey page a thin rule stays a faint line,
    # and scattered thin ink is paper noise (a colour development scan had a rule made of it
    # through a row of values, v113_grid_p40_d1039).
    assert not whole(find_rules(PageImage(np.asarray(img), 1 / PX), settings))


def test_a_page_drawn_from_one_bit_images_is_bilevel(tmp_path: Path) -> None:
    from extractor.readers.ocr.render import PdfPages

    page = Image.new("L", (300, 300), 255)
    page.convert("1").save(tmp_path / "fax.pdf", resolution=100)
    page.save(tmp_path / "grey.pdf", resolution=100)
    with PdfPages(tmp_path / "fax.pdf") as fax, PdfPages(tmp_path / "grey.pdf") as grey:
        assert fax.render(0, 200).bilevel and not grey.render(0, 200).bilevel


def test_a_dark_page_edge_is_no_rule() -> None:
    """Issue 24: the shadow along a photographed page's top edge was found as a rule; it
    joined the rules-only table below as an empty row across the page, and the table's part
    on that page no longer continued the page before. On a whole page no rule lies within
    ``page_edge`` of the image's edges; a picture (which may be cut at its table's border)
    keeps it."""
    img = Image.new("L", (round(300 * PX), round(200 * PX)), 240)
    draw = ImageDraw.Draw(img)
    for y in range(4):  # the shadow: darkest at the edge
        draw.line([(0, y), (img.width, y)], fill=60 + 40 * y)
    y_rule = round(60 * PX)
    draw.line([(round(20 * PX), y_rule), (round(280 * PX), y_rule)], fill=20, width=2)
    # A photographed sheet's edge against the background: 8pt in, from the image's side.
    edge = round(8 * PX)
    draw.line([(0, round(190 * PX)), (round(250 * PX), round(190 * PX))], fill=30, width=2)
    draw.line([(edge, round(20 * PX)), (edge, round(180 * PX))], fill=30, width=2)
    page = PageImage(np.asarray(img), 1 / PX)
    on_page = find_rules(page, OcrSettings(), whole_page=True)
    assert [round(h.pos) for h in on_page.horizontal] == [pytest.approx(y_rule, abs=2)]
    assert on_page.vertical == []
    picture = find_rules(page, OcrSettings())
    assert any(h.pos < 4 for h in picture.horizontal)


def test_glyph_strokes_are_not_rules() -> None:
    # A cell of "1111" and "丨丨": vertical strokes touching no horizontal rule pair stay text.
    img = _table_page([["1111", "中丨中"], ["11", "丨"]])
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    assert len(rules.vertical) == 3


def test_a_rules_short_last_stretch_after_a_gap_is_kept() -> None:
    # The rule under row 1 loses its toner 12pt before the right border: the last stretch
    # (12pt, shorter than the long opening) still closes the last column's cell.
    cells = [["项目", "甲", "乙"], ["规章", "12", "3"], ["文件", "0", "45"]]
    img = _table_page(cells)
    draw = ImageDraw.Draw(img)
    y, right = round((120 + 28) * PX), round((72 + 3 * 110) * PX)
    draw.rectangle([right - round(16 * PX), y - 2, right - round(12 * PX), y + 2], fill=245)
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    row1 = [h for h in rules.horizontal if abs(h.pos - y) < 3]
    assert len(row1) == 1 and row1[0].hi >= right - 2


def test_a_glyph_stroke_above_a_t_junction_is_not_bridged_into_a_border() -> None:
    # A vertical stroke of a header glyph ends just above a horizontal rule where a vertical
    # rule starts below: it is not joined to that rule (which would split the header cell).
    img = Image.new("L", (round(300 * PX), round(200 * PX)), 245)
    draw = ImageDraw.Draw(img)
    x0, x1, y_top, y_mid, y_bot = 20 * PX, 280 * PX, 20 * PX, 80 * PX, 140 * PX
    for y in (y_top, y_mid, y_bot):
        draw.line([(round(x0), round(y)), (round(x1), round(y))], fill=20, width=2)
    for x in (x0, x1):
        draw.line([(round(x), round(y_top)), (round(x), round(y_bot))], fill=20, width=2)
    xm = round(150 * PX)
    draw.line([(xm, round(y_mid)), (xm, round(y_bot))], fill=20, width=2)
    draw.line([(xm, round(y_mid - 12 * PX)), (xm, round(y_mid - 3 * PX))], fill=20, width=2)  # a stroke, 9pt
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    middle = [v for v in rules.vertical if abs(v.pos - xm) < 3]
    assert len(middle) == 1 and middle[0].lo >= y_mid - 3


def test_stacked_glyph_strokes_on_a_rule_inside_a_table_are_not_an_open_border() -> None:
    # A binarized page keeps only a label's vertical strokes: those of two wrapped lines stack
    # into a 27pt stroke that ends on the rule below its cell. Rules cross its line above its
    # free end, so it is no border left open by a page break; the same stroke below the
    # table's last rule, with nothing beyond its free end, is one.
    img = Image.new("L", (round(300 * PX), round(260 * PX)), 245)
    draw = ImageDraw.Draw(img)
    x0, x1 = 20 * PX, 280 * PX
    rows = [20 * PX, 60 * PX, 130 * PX, 180 * PX]
    for y in rows:
        draw.line([(round(x0), round(y)), (round(x1), round(y))], fill=20, width=2)
    xs = round(150 * PX)
    draw.line([(xs, round(rows[2] - 27 * PX)), (xs, round(rows[2]))], fill=20, width=3)
    xo = round(100 * PX)
    draw.line([(xo, round(rows[3])), (xo, round(rows[3] + 30 * PX))], fill=20, width=2)
    rules = find_rules(PageImage(np.asarray(img), 1 / PX), OcrSettings())
    assert not [v for v in rules.vertical if abs(v.pos - xs) < 4]
    assert [v for v in rules.vertical if abs(v.pos - xo) < 4]


def test_cell_bands_no_taller_than_one_line_are_one_line() -> None:
    # A "2" whose faded diagonal split it into a head and a foot: one line, read once. Two
    # real lines of a label stay two.
    img = np.full((400, 400), 245, np.uint8)
    page = PageImage(img, 1 / PX)
    s = OcrSettings()

    def line(top: int, bottom: int) -> TextLine:
        return TextLine(img[top - 4 : bottom + 4, 10:40], 10.0, float(top), float(bottom))

    split_digit = [line(100, 113), line(117, 121)]
    two_lines = [line(200, 226), line(236, 262)]
    normal = [[line(300 + 30 * k, 326 + 30 * k)] for k in range(3)]
    joined = join_split_glyphs(page, [split_digit, two_lines, *normal], s)
    assert [[(ln.top, ln.bottom) for ln in cell] for cell in joined[:2]] == [[(100, 121)], [(200, 226), (236, 262)]]


def test_a_point_beside_a_number_is_a_speck() -> None:
    chars = ["blank", "0", ".", "5", "中"]
    eng = object.__new__(engine_mod.Engine)
    eng._chars = chars
    eng._digit_ids = np.array([1, 2, 3])

    def frames(*ids: int) -> np.ndarray:
        probs = np.zeros((2 * len(ids), len(chars)), np.float32)
        for k, i in enumerate(ids):
            probs[2 * k, i] = 1.0
            probs[2 * k + 1, 0] = 1.0
        return probs

    assert eng._decode(frames(1, 2), 4.0).text == "0"  # "0." : a speck after the 0
    assert eng._decode(frames(2, 3), 4.0).text == "5"
    assert eng._decode(frames(1, 2, 3), 4.0).text == "0.5"  # a decimal point stays
    assert eng._decode(frames(4, 2), 4.0).text == "中."  # text keeps its full stop


# --------------------------------------------------------------------------- the model


def test_digits_only_reading_of_a_number_read_as_letters() -> None:
    chars = ["blank", "O", "0", "l", "1", "中", " "]
    eng = object.__new__(engine_mod.Engine)
    eng._chars = chars
    eng._digit_ids = np.array([2, 4])
    # Frames: "O" (0 second), blank, "l" (1 second): the general reading is "Ol".
    probs = np.array([
        [0.05, 0.55, 0.40, 0.0, 0.0, 0.0, 0.0],
        [0.90, 0.05, 0.05, 0.0, 0.0, 0.0, 0.0],
        [0.05, 0.0, 0.0, 0.50, 0.45, 0.0, 0.0],
    ], np.float32)
    reading = eng._decode(probs, px_per_frame=4.0)
    assert reading.text == "01" and reading.digits_only
    # Renormalised over the digits and blank: 0.40/0.45 and 0.45/0.50; the least sure counts.
    assert reading.confidence == pytest.approx(0.40 / 0.45, abs=1e-6)
    # A word stays a word.
    probs_word = np.array([[0.05, 0, 0, 0, 0, 0.95, 0]], np.float32)
    assert eng._decode(probs_word, 4.0).text == "中"


def test_the_model_loads_and_reads_with_the_network_blocked(tmp_path: Path) -> None:
    # A fresh process whose sockets cannot connect: the pinned model files in the wheel are
    # the only ones used, nothing is fetched.
    (tmp_path / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*a, **k):\n"
        "    raise OSError('network blocked by the test')\n"
        "socket.socket.connect = _refuse\n"
        "socket.socket.connect_ex = _refuse\n"
        "socket.create_connection = _refuse\n"
    )
    code = (
        "import numpy as np, cv2\n"
        "from extractor.readers.ocr.engine import Engine, model_files\n"
        "img = np.full((40, 120), 255, np.uint8)\n"
        "cv2.putText(img, '1362', (5, 32), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)\n"
        "r = Engine().recognize([img], 4)[0]\n"
        "print(r.text, all(p.is_file() for p in model_files().values()))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["1362", "True"]


# --------------------------------------------------------------------------- end to end


def test_a_scanned_table_page_reads_cell_by_cell_with_confidences(tmp_path: Path) -> None:
    cells = [["项目", "本年新收", "总计"], ["自然人", "1362", "22"], ["商业企业", "", "0"], ["科研机构", "", "7"]]
    pdf = _pdf_of([_table_page(cells, dash_cell=(3, 1))], tmp_path / "scan.pdf")
    doc = read_pdf(pdf)
    assert doc.ocr
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    got = {(c.row, c.col): c for c in table.cells}
    assert [[got[r, c].text for c in range(3)] for r in range(2)] == cells[:2]
    assert got[1, 1].ocr is not None and got[1, 1].ocr.confidence > 0.9 and not got[1, 1].ocr.doubtful
    # An empty cell is blank (sure of it); a faint dash the model does not read is doubtful, never "0".
    assert got[2, 1].text == "" and got[2, 1].ocr is not None and not got[2, 1].ocr.doubtful
    # Whatever the model makes of the dash ("", "-", or a stroke read as "一"/"二" unsurely),
    # it is no number, and unless it is a placeholder it is doubtful.
    dash = got[3, 1]
    assert not has_number(dash.text) and dash.ocr is not None
    if dash.text not in ("-", "—"):
        assert dash.ocr.doubtful
    if dash.text == "":
        assert dash.ocr.confidence == 0.0


@pytest.fixture(scope="module")
def scanned_table_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 4 of sample 000 (table 3, the applications) scanned like the samples are."""
    out = tmp_path_factory.mktemp("scan") / "000_page4_scan.pdf"
    scan_pdf(SAMPLES / "000_zibo_guofang_2024.pdf", out, SCANS[0], pages_from_1=[4])
    return out


def test_a_scanned_sample_page_gives_the_originals_numbers(scanned_table_page: Path) -> None:
    data = json.loads(to_json(extract(scanned_table_page)))
    expected = json.loads((SAMPLES / "expected" / "000_zibo_guofang_2024.pdf.json").read_text(encoding="utf-8"))
    assert data["source"]["ocr"] is True
    apps, want = data["tables"]["applications"], expected["tables"]["applications"]
    # The page holds table 3 down to （五）5 (the rest is on page 5).
    for row in ("new_received", "carried_over", "granted", "partially_granted", "unavailable_not_held"):
        assert apps[row] == want[row], row
    where = data["provenance"]["applications.new_received.total"]
    assert where["raw"] == "22" and 0.9 < where["ocr_confidence"] <= 1.0 and where["page"] == 1
    # Every value read from the image says how sure the reader is.
    assert all("ocr_confidence" in p for k, p in data["provenance"].items() if k.startswith("applications."))


def test_ocr_never_refuses_a_scan_as_before(scanned_table_page: Path) -> None:
    with pytest.raises(NoTextLayer, match=r"OCR is off \(--ocr never\)"):
        extract(scanned_table_page, Limits(ocr=OcrMode.NEVER))


def test_without_the_extra_a_scan_is_refused_naming_it(scanned_table_page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.readers.ocr as ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(NoTextLayer, match=r"govreport\[ocr\]"):
        extract(scanned_table_page)


def test_a_blank_scan_is_refused_as_blank_not_for_a_missing_extra(tmp_path: Path) -> None:
    # Issue 26: OCR read the page and found nothing; the packages are there.
    blank = _pdf_of([Image.new("L", (round(595 * PX), round(842 * PX)), 250)], tmp_path / "blank.pdf")
    with pytest.raises(NoTextLayer, match="blank or unreadable scan") as caught:
        extract(blank)
    assert "pip install" not in str(caught.value)


def test_a_text_pdf_is_not_read_by_ocr_and_its_json_has_no_ocr_fields() -> None:
    text = to_json(extract(SAMPLES / "000_zibo_guofang_2024.pdf"))
    assert "ocr" not in text


def test_ocr_always_reads_a_text_pdf_from_its_images(tmp_path: Path) -> None:
    # One page of the text PDF (the proactive-disclosure table), read from its pixels.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(SAMPLES / "000_zibo_guofang_2024.pdf").pages[2])
    one = tmp_path / "page3.pdf"
    with one.open("wb") as fh:
        writer.write(fh)
    data = json.loads(to_json(extract(one, Limits(ocr=OcrMode.ALWAYS))))
    assert data["source"]["ocr"] is True
    expected = json.loads((SAMPLES / "expected" / "000_zibo_guofang_2024.pdf.json").read_text(encoding="utf-8"))
    assert data["tables"]["proactive_disclosure"] == expected["tables"]["proactive_disclosure"]


def test_heavy_packages_are_not_imported_for_help_or_text_pdfs() -> None:
    code = (
        "import sys\n"
        "from extractor.pipeline import extract\n"
        f"extract({str(SAMPLES / '000_zibo_guofang_2024.pdf')!r})\n"
        "print(sorted(m for m in ('cv2', 'onnxruntime', 'rapidocr') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[]"




def _docx_with_picture(path: Path, image: Image.Image, width_pt: float, ocr_text: str = "报告正文") -> Path:
    from docx import Document as new_docx
    from docx.shared import Pt

    doc = new_docx()
    doc.add_paragraph(ocr_text)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(buffer.getvalue()), width=Pt(width_pt))
    doc.add_paragraph("表后文字")
    doc.save(str(path))
    return path


def test_a_picture_of_a_table_in_a_word_file_is_read_in_place(tmp_path: Path) -> None:
    cells = [["项目", "本年新收", "总计"], ["自然人", "1362", "22"], ["商业企业", "3", "0"]]
    page = _table_page(cells)
    # The table's part of the page, shown at its printed size (200 dpi pixels, 72/200 pt each).
    box = (round(60 * PX), round(110 * PX), round(420 * PX), round(220 * PX))
    picture = page.crop(box)
    path = _docx_with_picture(tmp_path / "pic.docx", picture, (box[2] - box[0]) / PX)
    doc = read_docx(path)
    assert doc.ocr
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows()] == cells
    assert all(c.ocr is not None for c in table.cells)
    # --ocr never: the picture stays unread, as before.
    assert [type(b).__name__ for b in read_docx(path, limits=Limits(ocr=OcrMode.NEVER)).blocks] == ["Paragraph"] * 2


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_picture_that_cannot_be_decoded_is_said_in_a_warning(fmt: str, tmp_path: Path,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    """A damaged PNG or JPEG (its header intact, its pixel data not) was skipped without a
    word, and the decoder printed its own complaint on stderr."""
    import zipfile

    picture = io.BytesIO()
    Image.new("L", (400, 200), 255).save(picture, fmt)
    good = _docx_with_picture(tmp_path / "good.docx", Image.open(picture), 200)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("word/media/"):
                data = picture.getvalue()[:300] + b"\x00not pixels" * 50  # the header kept: its size is read
            dst.writestr(item, data)
    capfd.readouterr()
    doc = read_docx(broken)
    assert [p.text for p in doc.paragraphs] == ["报告正文", "表后文字"]
    [warning] = doc.warnings
    assert warning.code == WarningCode.PICTURE_UNREADABLE
    assert warning.where["picture"].startswith("word/media/") and "cannot be decoded" in warning.message
    assert capfd.readouterr().err == ""  # nothing from OpenCV or libjpeg on stderr
    # The same picture undamaged (blank: nothing to read) gets no warning.
    assert read_docx(good).warnings == []


@pytest.mark.parametrize("damaged", ["flate", "jpeg"])
def test_an_image_on_a_pdf_page_that_cannot_be_decoded_is_said_in_a_warning(damaged: str, tmp_path: Path) -> None:
    """Issue 26: pdfium draws an image it cannot decode as nothing, so a picture of a table on
    a text page (or a scanned page) was read as blank without a word."""
    from extractor.readers.pdf_document import read_pdf
    from tests.corpus.bad_inputs import picture_on_text_page_pdf

    doc = read_pdf(picture_on_text_page_pdf(tmp_path / f"{damaged}.pdf", damaged))
    [warning] = [w for w in doc.warnings if w.code == WarningCode.PICTURE_UNREADABLE]
    assert warning.where == {"page": 1} and "a picture on page 1: 1 image(s) cannot be decoded" in warning.message
    # The same picture whole (blank: nothing to read) gets no warning.
    good = read_pdf(picture_on_text_page_pdf(tmp_path / "good.pdf"))
    assert not any(w.code == WarningCode.PICTURE_UNREADABLE for w in good.warnings)


def test_specks_read_as_points_are_not_kept_beside_a_number_or_alone() -> None:
    from extractor.readers.ocr.engine import Glyph, _without_stray_points

    def glyphs(text: str) -> list[Glyph]:
        return [Glyph(c, float(i), float(i + 1), 0.9) for i, c in enumerate(text)]

    def kept(text: str) -> str:
        return "".join(g.text for g in _without_stray_points(glyphs(text)))

    assert kept("0 ，") == "0"
    assert kept("·23") == "23"
    assert kept("1,234") == "1,234"
    assert kept("，.·") == ""
    assert kept("—") == "—"
    assert kept("本年，") == "本年，"


def test_show_rules_draws_a_scanned_pages_rules(tmp_path: Path) -> None:
    out = tmp_path / "rules.png"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "show_rules.py"),
                           str(SAMPLES / "scanned" / "000_zibo_guofang_2024_scan.pdf"), "3", str(out),
                           "--crop", "50,50,550,400"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "horizontal" in proc.stdout and out.stat().st_size > 1000


def test_a_speck_beside_a_cells_number_is_not_read_but_alone_it_stays() -> None:
    # Issue 24 (development scan v169_d1139, 100 dpi grey, speckled): dots of paper noise
    # above or below a cell's number were read as lines of their own, "1", "4" or "+", and
    # the cell became "0 1" (null). Beside a line of text such a slight line is dropped;
    # alone in its cell it stays, to be read and distrusted.
    img = np.full((400, 400), 245, np.uint8)

    def line(top: int, bottom: int) -> TextLine:
        return TextLine(img[top:bottom, 10:40], 10.0, float(top), float(bottom))

    number_and_speck = [line(100, 126), line(130, 134)]
    speck_alone = [line(200, 204)]
    normal = [[line(300 + 30 * k, 326 + 30 * k)] for k in range(3)]
    kept = without_specks_beside_text([number_and_speck, speck_alone, *normal], OcrSettings())
    assert [(ln.top, ln.bottom) for ln in kept[0]] == [(100, 126)]
    assert [(ln.top, ln.bottom) for ln in kept[1]] == [(200, 204)]
    assert all(len(cell) == 1 for cell in kept[2:])
