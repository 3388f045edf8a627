"""Every tolerance of the OCR reader, in one frozen object (like ``PdfSettings``).

Units: "px" is a pixel of the page rendered at ``dpi``; "pt" is a PDF point (1/72 inch), so
a value holds whatever the resolution; "deg" an angle; fractions and counts say what they
are a fraction of or count. The grid, rules-only and paragraph steps after OCR are the PDF
reader's, with ``PdfSettings``; only what concerns pixels and the OCR model lives here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrSettings:
    # --- Rendering (render) ------------------------------------------------------------------
    # Dots per inch. 10.5pt body text becomes ~29 px high, what the recognition model (48 px
    # lines) reads best; 300 dpi costs twice the pixels for no better reads, 150 loses the
    # thin strokes of small table text.
    dpi: float = 200.0

    # --- Paper (paper) -----------------------------------------------------------------------
    # pt. The paper's level is estimated on a copy with one pixel per this much of the page
    # (lighting and shadows change over inches, not points).
    paper_cell: float = 2.0
    # pt. Window over which the brightest grey is the paper's: wider than any stroke of a
    # title's bold glyph (~3pt) or a heading's solid mark, so some paper is always inside it.
    paper_window: float = 14.0
    # Grey level the paper is brought to: that of a good scan's paper (232-246), for which
    # ``ink_level`` and the other grey levels below were chosen.
    paper_level: int = 240
    # Grey level. A "paper" darker than this is not paper (a black border, a photo): the page
    # is not brightened there.
    paper_dark: float = 90.0
    # pt and fraction. At most this far in from each edge, rows or columns of the image more
    # than ``border_share`` dark are a scanner's border or the paper's shadowed edge (a page's
    # margin is at least 50pt; no text line is that dark over a page's width).
    border_depth: float = 40.0
    border_share: float = 0.5

    # --- Orientation and skew (deskew) -------------------------------------------------------
    # px. Pages are measured on a copy this wide: enough for text-line profiles, cheap to rotate.
    measure_width: int = 800
    # deg. A hand-fed scanner skews a page by a degree or two; past three it was placed askew
    # on purpose or is a photo, which this reader does not claim to read.
    max_skew: float = 3.0
    # deg. The coarse search step, then the fine one around the best coarse angle. Over a
    # page's width 0.05° moves a rule by about a pixel at 200 dpi.
    skew_coarse_step: float = 0.25
    skew_fine_step: float = 0.05
    # Ratio. A page is on its side when the text in tall boxes outweighs (by area) the text
    # in wide ones this many times: a page turned by 90° has next to no wide box (ratios of
    # 160 to 10⁶ on the sweep's turned pages), while an upright page of short stacked table
    # headers and a seal's ring can come near even (1.05 seen).
    quarter_turn_ratio: float = 3.0
    # Times as long as high. Boxes this elongated are lines of several characters, and when a
    # page has any, only they vote: a turned page's table headers stacked one character a
    # line (结/果/维/持) become short wide boxes that outweighed its few lines of text (1.45 on
    # a sweep page turned 90°), while its sentences and row labels stay long and tall.
    long_line_aspect: float = 5.0
    # Count. Text lines shown to the direction classifier to tell upright from upside down
    # (the widest ones: a short line of digits looks alike either way).
    flip_probe_lines: int = 6
    # Probability. A line votes "upside down" when the direction classifier is this sure; the
    # page is turned when most probe lines vote so (an upright page never turns on one noisy line).
    flip_confidence: float = 0.9

    # --- Rules (lines) -----------------------------------------------------------------------
    # px of the local-mean window and grey levels below the local mean for a pixel to be ink
    # in the rule mask: a faint grey rule on a noisy page is darker than its surroundings
    # while the paper's noise is not.
    rule_block: int = 25
    rule_offset: float = 12.0
    # pt. On a whole page, a "rule" this close to the image's edges (along it, or with an end
    # there) is the sheet's edge or the shadow of a photographed page, not print: printers
    # leave a margin of several millimetres, reports of two centimetres or more. Taken as a
    # rule, the shadow along a top edge joined a rules-only table as an empty first row
    # reaching across the page, and the table's part on that page no longer matched its
    # columns on the page before; a photographed sheet's edge 8-9pt in from the image's
    # sides framed a whole page's text as one table. Not applied to a picture, which may be
    # cut at its table's border.
    page_edge: float = 12.0
    # Fraction of the image's width (height). On a whole page, a "rule" longer than this is
    # the sheet's edge against the background of a photographed page (measured: 8pt in from
    # the image's sides, 97% of its width), which framed a page's tables as one region:
    # printed rules stay inside the margins, under 80% of an A4 sheet's width.
    page_span: float = 0.9
    # pt. Opening lengths: a horizontal ink run this long is a rule piece (the longest stroke
    # of a CJK character in a 二号 (22pt) title is ~21pt; a table's narrowest columns are ~28pt
    # and their rules run on across neighbouring cells); vertical rules are first taken from 8pt
    # on and kept only where they run between horizontal rules (``open_border``).
    horizontal_kernel: float = 26.0
    vertical_kernel: float = 8.0
    # pt. A horizontal piece this long (and shorter than ``horizontal_kernel``) is kept where
    # it continues a rule across a bridgeable gap: a rule's last stretch, between a gap in the
    # toner and the border it ends at, can be as short as a narrow column's tail.
    rule_piece: float = 8.0
    # pt. Pieces of one rule broken by the scan (a faint line, dropped-out toner) with gaps up
    # to this long are one rule; the gap between two cells' underlines is wider.
    bridge_gap: float = 6.0
    # pt and grey levels. Longer gaps between pieces of one rule are bridged where the rule is
    # faded rather than absent: along it the scan is still this much darker than the paper
    # beside it (a merged cell's interior, where no rule was drawn, is paper).
    faint_gap: float = 150.0
    faint_contrast: float = 6.0
    # pt. Longest gap in a rule bridged where neither of its ends is at a crossing rule (worn
    # toner, a missing stretch): a rule drawn to stop ends at another rule. Longer gaps are a
    # rule that is not there (two tables one above the other) more often than wear.
    worn_gap: float = 90.0
    # A rule printed or binarized into dots and dashes (a fax-like scan: the rule's grey fell
    # either side of the threshold) passes no opening. Gaps up to ``dotted_gap`` (pt) along
    # it are closed first; what then runs ``horizontal_kernel`` long, is no thicker than
    # ``dotted_thick`` (pt), and has paper ``rule_clear`` to each side along all but
    # ``dotted_crowded`` of its length is a rule. A row of text closed the same way is a band
    # as tall as its glyphs with strokes beside it (measured: 0.44-0.57 of its length
    # crowded; dotted rules 0.00-0.07; a line of gaps between stacked glyphs or through a
    # heading's gap, closed into a fake border, 0.11-0.18).
    dotted_gap: float = 2.5
    dotted_thick: float = 1.8
    dotted_crowded: float = 0.08
    # A thin rule binarized at a low resolution (150 dpi: the rule one pixel wide) keeps a dot
    # every few points (measured on development scans: gaps of 1.5-6pt, some to 10pt). Thin
    # ink (paper ``sparse_clear`` pt to both sides across the line) within ``sparse_gap`` pt
    # along a line is joined; ``sparse_long`` pt of it is a rule candidate (a column is
    # wider; a glyph's flat stroke and the next one at the same height are not that long).
    # ``sparse_gap`` 0: none looked for.
    sparse_clear: float = 1.5
    sparse_gap: float = 10.0
    sparse_long: float = 40.0
    # pt. Pieces within this distance across their direction are on the same rule.
    same_rule: float = 2.0
    # Slope (tan of 1°). Pieces of one worn rule on a photographed page (keystone) or a sheet
    # not flat on the glass climb or fall along its length after the page's skew is removed:
    # measured 2.1pt between the middles of two pieces of one rule 200pt apart. Across a worn
    # gap, pieces this far out of line per point between their middles are still one rule;
    # two rules a row apart (15pt or more) are never that close.
    worn_tilt: float = 0.0175
    # pt. A vertical rule ends this close to a horizontal one: it belongs to the grid.
    touch: float = 3.0
    # pt and fraction. A vertical rule has paper this far to each side of it along all but
    # ``rule_crowded`` of its length (text in a cell keeps a padding of 2pt or more from its
    # borders); a glyph's long stroke has its character's other strokes on both sides.
    rule_clear: float = 1.2
    rule_crowded: float = 0.3
    # pt. A short vertical piece alone at its place is a border only when both its ends are
    # this close to horizontal rules: a border runs into the rules it meets (its pixels go on
    # through them), a glyph's stroke stops a point or more short of them.
    snug: float = 1.0
    # pt. A vertical rule this long meeting one horizontal rule is a border left open by a page
    # break; a glyph's stroke (at most an em, ~16pt in headings) is shorter.
    open_border: float = 24.0

    # --- Text (text) -------------------------------------------------------------------------
    # Longest side, px, of the page as the text detector sees it: enough for 9pt text; the
    # detector's cost grows with the area.
    detect_side: int = 1280
    # Grey level (0 black, 255 white). Darker pixels are ink when a cell's text is cut out by
    # its ink; JPEG noise stays well above it, faded toner well below.
    ink_level: int = 160
    # Fraction of a detected line's width. A pixel row of the line's own glyphs has more ink
    # than this; the tips of the neighbouring lines' glyphs reaching into its box have less.
    line_row_ink: float = 0.03
    # Pixel count. Specks smaller than this in a cell are noise, not a stroke of a character.
    speck: int = 6
    # pt. Rows of a cell without ink this tall separate two lines of its text.
    line_gap: float = 1.5
    # Times the median height of the tables' text lines. Two bands of ink in a cell that
    # together span no more than this are one line whose glyph lost a faded stroke (the
    # diagonal of a "2"); two real lines span two heights plus the gap between them.
    one_line_span: float = 1.25
    # Fraction of the way from a cell's paper grey to its line's darkest ink. A glyph beside
    # the line's darker ones that is lighter than ``ink_level`` but darker than this is still
    # the line's ink: on a low-contrast scan (paper 237, digits 130-175 at 100 dpi) the
    # leading "7," of "7,757" had one or two pixels under ``ink_level``, was dropped as specks,
    # and the crop read "757". Only blobs that grow the line sideways count (``faint_reach``).
    faint_ink: float = 0.5
    # Times the line's height: how far beside the line's ink a faint blob may lie (a digit's
    # width and the gap to the next) to be taken into its crop.
    faint_reach: float = 1.0
    # pt. The reach is never less than this: a band of ink far lower than its line (the one
    # dark stroke of a "2" whose diagonal faded, later joined to the rest by ``one_line_span``)
    # reached none of a faint "7" 2.5pt beside it, and "27" read "2" (a 100 dpi grey photo).
    faint_reach_min: float = 4.0
    # Times the line's height: a faint blob wider than this is no glyph (a character is about
    # as wide as the line is tall) but the blurred edge of a horizontal rule along the cell.
    faint_glyph_width: float = 1.5
    # pt. Border left out around a cell's box: the rule's width and the pixels its edge blurs.
    cell_inset: float = 2.5
    # px. Margin added around a text crop; the recognition model was trained on crops with
    # some paper around the glyphs.
    crop_pad: int = 4
    # Fraction of the rendered text height that is the font size: ink of CJK glyphs fills
    # ~0.9 of the em; digits alone are shorter, a cell of digits alone is read like its row.
    ink_em: float = 0.88
    # em. Ink columns of a line closer than this are one piece (a glyph's strokes, the
    # characters of one word); a character's box is clipped to the piece it sits in, so the
    # gaps between a table's columns are the ink's. CJK glyphs' inner gaps are ~0.15 em.
    glyph_gap: float = 0.3
    # em. A detected line with a blank gap this wide is read as separate lines, one per run
    # of ink: prose has no such gap (CJK text is set solid; the blank after "，" is under an
    # em); the cells of a table row without vertical rules are further apart, down to about
    # an em in the narrow applicant columns ("商业  科研").
    split_gap: float = 0.95
    # Horizontal scale of a long line's input to the recognition model, and what is long
    # (crop width over height). The model's cost is linear in the input's width (~0.11 ms per
    # px on one core: a line of prose ~0.15 s) and a CJK character at full scale spans ~6
    # frames of 8 px where CTC needs 2 or 3: at 0.5 the prose of the scanned samples reads
    # as at 1.0 (agreement with the originals' text layer 99.6-99.7% either way; 0.33 drops
    # characters). Short crops (a cell's number, a label) keep their aspect: a digit is half
    # as wide and "00" needs a blank frame between its zeros.
    rec_squeeze: float = 0.5
    long_line: float = 8.0
    # Count of crops per call to the recognition model (crops of similar width share a call).
    # One: on a CPU a batch costs more than its crops one by one (8 crops of 320 px: 379 ms
    # batched, 288 ms singly, one core), and the padding of a batch changes its crops' reading.
    batch: int = 1

    # --- Confidence --------------------------------------------------------------------------
    # Probability, mean over a line's characters. A detected "line" read this unsurely is not
    # print (a stamp, a photo, paper noise); printed text, even misread, scores far above it.
    min_line_confidence: float = 0.5
    # Times the median height of the tables' text lines. A cell's "line" of ink shorter than
    # this is no printed digit (a digit's ink is ~0.7 of a CJK character's): a speck, a seal's
    # dot, a rule's frayed edge; read, it gives a "1", a "0" or a "_" with a confident model
    # (measured: 1-2 px tall bands read "1" at 0.99 beside 22 px text). Its reading is kept but
    # its characters' confidence capped at ``slight_confidence``, so the value is said.
    slight_line: float = 0.3
    slight_confidence: float = 0.6
    # Probability (0-1). A value whose least sure character is below this gets an
    # ``ocr_low_confidence`` warning: on the samples every misread digit scored below it,
    # while clean digits score above 0.97.
    low_confidence: float = 0.9
    # Ink the text detector passed over, between two horizontal rules (``missed_lines``): a
    # lone short number in a rules-only table's cell ("0" beside a long label) is the
    # detector's commonest miss. Heights are times the median height of the detected lines
    # (a digit's ink is ~0.7 of a CJK character's; specks and seal dots are far shorter, a
    # seal's ring or a picture far taller); widths and reaches in em of that height. Such
    # ink must stand clear of every detected box (a glyph a box cut through leaves its
    # remainder beside it, not an em away), lie under and over a rule that spans it, and is
    # read with its characters' confidence capped at ``missed_confidence`` (below
    # ``low_confidence``): nothing located its line but its own ink, so its value is said.
    missed_low: float = 0.5
    missed_high: float = 1.3
    missed_width: float = 6.0
    missed_clear: float = 0.5
    missed_reach: float = 8.0
    missed_join: float = 0.4
    missed_confidence: float = 0.85
    # Probability (0-1). Missed ink is kept only when it reads as plain digits this surely (in
    # the model's own reading, not the digits-only second look): a lone printed number is a
    # clean glyph (measured 1.0), while a seal's rim, a star or a stamp's character cut out
    # of a table read as "7" at 0.93, "A" at 0.92, "自" at 0.66 and, kept, made columns of
    # their own.
    missed_sure: float = 0.98
    # Fraction of a cell's inner area. Ink covering more than this where no text was read is
    # a mark the model did not read (a dash, a slash, a faint digit): the value is null and
    # doubtful, never 0. A short thin dash in a 110×28pt cell covers ~0.0008; dust specks are
    # removed before (``speck``).
    unread_ink: float = 0.0004
