"""Every tolerance of the PDF reader, in one frozen object (like pdfplumber's ``TableSettings``).

``read_pdf`` creates the defaults and hands the object down to each step; no step keeps a
tolerance of its own. Units: "pt" is a PDF point (1/72 inch); "em" is a multiple of the
font size of the text concerned (so the value holds for small print and large headings
alike); fractions, ratios and counts say what they are a fraction of or count. Change a
value with ``dataclasses.replace(PdfSettings(), run_gap=1.0)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    # --- Shared by all steps: one grid line --------------------------------------------------
    # pt. Cell borders, rule ends and separators closer than this are the same line: exporters
    # place adjoining borders and rule segments up to a line width or so apart.
    snap_tolerance: float = 2.0

    # --- Characters (chars) --------------------------------------------------------------------
    # pt. An overprinted "fake bold" copy is shifted by a fraction of a point; a real repeated
    # character sits a glyph width away (pdfplumber's dedupe_chars uses the same 1pt).
    dedupe_tolerance: float = 1.0
    # Fraction of the shorter of two heights. Characters of one line overlap almost fully even
    # with mixed sizes; characters of the lines above and below do not overlap at all.
    line_overlap: float = 0.5
    # em. A Latin word space is about a quarter em; kerning and tracking stay below a fifth.
    word_space: float = 0.2
    # em. Next to CJK, "autospace" padding and justification spread characters apart without
    # being spaces; only a whole empty character counts as one.
    cjk_space: float = 1.0
    # em. Gaps inside one cell's text (word spaces, justified CJK) stay under about half an em;
    # the padding between two cells of a row is wider, so a wider gap starts a new text run.
    run_gap: float = 0.6

    # --- Drawings (drawings) -------------------------------------------------------------------
    # pt. Exporters draw borders as filled bars a few points thick at most; a shading behind
    # text is at least a text line high, so only thinner filled rectangles count as rules.
    thin_rule: float = 3.0
    # Fraction of ink per CMYK channel. A colour with no more ink than this prints as white.
    white_ink: float = 0.05
    # Fraction of full intensity per grey or RGB channel. A colour at least this light is
    # invisible on white paper, so it cannot be a border.
    white_level: float = 0.95

    # --- Ruled tables (ruled) ------------------------------------------------------------------
    # pt. Rules ending together must span at least this much for a closing border: ends closer
    # together are the two sides of one bar or a double line, not the columns of a table.
    closing_rule_min_length: float = 20.0
    # Fraction of a closing border's length. Existing rules covering this much already close
    # the table; the small rest is corners where rule ends do not quite meet.
    closing_rule_coverage: float = 0.95
    # pt, added to snap_tolerance when looking for an existing border where a closing one would
    # go: a border drawn as a bar lies a little off the rule ends, and a duplicate border beside
    # it would add an empty row or column.
    closing_rule_slack: float = 1.0
    # pt. Vertical rules this close to a group's outer ends are its side borders, not the inner
    # column rules that allow a vertical closing border.
    inner_rule_inset: float = 3.0

    # --- Ruled tables: cells from crossing rules (table_finder) --------------------------------
    # These are pdfplumber's TableSettings defaults, handed to both finders (pdfplumber's
    # TableFinder on the pdfplumber path, table_finder elsewhere), so both give the same cells;
    # a different value here changes both alike.
    # pt. Rules before snapping: shorter strokes are specks of a hatch or a dotted leader.
    grid_prefilter_length: float = 1.0
    # pt. Parallel rules this close are one grid line, moved to their mean: exporters draw the
    # borders of neighbouring cells a line width or so apart.
    grid_snap: float = 3.0
    # pt. Segments of one grid line with gaps up to this are one rule: a border drawn cell by
    # cell leaves hairline gaps at the corners.
    grid_join: float = 3.0
    # pt. Rules shorter than this after joining are ticks and serifs, not cell borders.
    grid_min_length: float = 3.0
    # pt. A rule ending this short of (or this far past) a crossing rule still meets it there.
    grid_intersection: float = 3.0

    # --- Rules-only tables: runs of rules (rule_runs) ------------------------------------------
    # pt. Underlines and short strokes are shorter; a table rule spans at least two columns.
    min_rule_length: float = 60.0
    # pt. No table row is taller than this (about a third of a page); rules further apart
    # belong to different things on the page.
    max_rule_gap: float = 200.0
    # Fraction of the narrower rule's length. Rules of one table share most of their x-range;
    # a rule under a merged header may be shorter than the others.
    rule_overlap: float = 0.5
    # pt. Pieces of one rule broken by a scan lie this close in height (a tilted or warped
    # page: measured 2.1pt between two pieces of one rule), a table's rules a row apart. A
    # rule that does not line up with a piece of the rule above it is compared with the
    # rules above that piece: the short piece (a rule's last stretch past a gap in the toner)
    # otherwise cut the table in two there.
    rule_piece_rise: float = 3.0
    # Count. A table needs a top rule, a rule under the header and a bottom rule; two rules
    # alone are a box or a pair of separators.
    min_run_rules: int = 3
    # em. Text reaching past the rules by more than a character belongs to the page, not a cell.
    prose_overhang: float = 1.0
    # Ratio to the median size of the table's text. Text set this much larger is a heading
    # between two tables, not a table row.
    prose_size_ratio: float = 1.2
    # Fraction of the table's width. Several lines of unbroken text this wide are prose; table
    # rows have gaps between their cells.
    prose_wide_line: float = 0.7

    # pt. A table continued on the next page keeps its sides there; exporters may move them by a
    # point or two, while a different table of the same width is rare (and must also start
    # the page to be taken for a continuation).
    continued_edge: float = 4.0
    # pt. ... and keeps its width within ``continued_edge`` while both its sides move together
    # by up to this: each page of a scan lies on the glass a little off where the page before
    # lay (measured: 5pt between two pages of one scanned report, a whole table's width
    # unchanged), which the sides' own tolerance took for a different table.
    continued_shift: float = 15.0

    # --- Rules-only tables: columns (rule_columns) ---------------------------------------------
    # em from the table's sides. A rule segment ending this close to the side is length jitter,
    # not the side of a merged cell.
    rule_break_margin: float = 1.0
    # em. A column at a table's side narrower than this that no character of any part lies
    # in is no column: one rule's end reaching past the others' (the lowest rule of a
    # photographed page, a trapezoid, 11pt past the rest) split off an empty sliver, and the
    # 15 numbers of table 4, placed by position, moved one column each.
    edge_sliver: float = 1.5
    # pt. In narrow cells only the two cell paddings separate columns, a few points.
    min_column_gap: float = 3.0
    # em. With large text a column gap must also be wider than a word space.
    min_column_gap_em: float = 0.3
    # Fraction of the voting lines (lines with two or more text runs). A header over a column
    # group crosses a gap in a few lines; a gap crossed by more lines is no column border.
    gap_bridge_fraction: float = 0.2
    # pt. A rule break counts as crossed by a line's text only where the text runs on this far
    # past it on both sides: text ending a point or so over a cell's side is rounding (the
    # gap's cover is counted on a 1pt grid), not a line across it.
    crossed_margin: float = 1.0

    # --- Rules-only tables: rows and cells (rule_rows) -----------------------------------------
    # Count of bands between rules. A three-line table has at most three (header, body, a
    # total); with more rules, rules separate the rows and each band is one row.
    max_split_bands: int = 3
    # em. Text must reach this far into a column to join it to the cell; a run touching a
    # column border by a hair does not merge two cells.
    cell_overlap: float = 0.3
    # em. Text centred over several columns lies within half a character of their middle;
    # left-aligned text next to empty cells is off by much more.
    centre_tolerance: float = 0.5
    # em. A wrapped line ends up to two characters short of its cell's width (a word or a
    # punctuation mark that may not start a line wraps early), plus the cell's paddings.
    wrap_fill_slack: float = 2.0
    # Characters. A scanned cell over several grid rows (a rule between them lost by the scan)
    # is split into its rows where each row's band holds lines of its own: a row label of at
    # least this many characters, or one number. Shorter pieces are a label stacked one
    # character a line (三/、/本/年…), which a merged cell legitimately holds.
    row_split_label: int = 3
    # Times the median character height in the cell: a "character" taller than this is a
    # rule's remnant misread (a vertical stroke over several lines), not text.
    row_split_glyph: float = 2.5
    # em (of the digit's height). Digits in two cells closer than this on one line are one
    # number a scanned table's column boundary cut (digits of a number stand ~0.1 em apart;
    # numbers in neighbouring columns, a column's padding and more).
    number_cut_gap: float = 0.3

    # --- Pictures (reader, for OCR) -------------------------------------------------------------
    # pt. A picture this large on each side, with no text over it, on a page with text, may be
    # a table or text pasted as an image and is read by OCR; logos and seals are smaller.
    picture_min_size: float = 60.0

    # --- Page furniture (furniture) ------------------------------------------------------------
    # Fraction of the page height, at the top and at the bottom. Running headers, footers and
    # page numbers live there; only lines there may be removed, so body text is never lost.
    margin_fraction: float = 0.12
    # pt. A running header's position is rounded to steps of this size: it moves a point or
    # two from page to page, while different margin lines are further apart.
    furniture_position_step: float = 6.0
    # Fraction of the pages. Text repeated at the same place on this many pages is a running
    # header or footer; the cover and section openers may lack it, so not all pages are needed.
    furniture_page_fraction: float = 0.6

    # --- Paragraphs (paragraphs) ---------------------------------------------------------------
    # pt. Lines starting this close to the left margin start at it: the first glyph's side
    # bearing moves a line by a point; an indent moves it by a character or more.
    margin_match: float = 1.5
    # Quantile of the right ends of the lines reaching past the middle. Full lines end at the
    # right margin, last lines before it; the upper quartile ignores a few overlong lines.
    right_margin_quantile: float = 0.75
    # em. Gaps between lines wider than this are section breaks, not line spacing, and are
    # left out of the typical line gap.
    max_line_gap: float = 3.0
    # em. A first-line indent is two characters in Chinese text; less than one is alignment
    # noise, not an indent.
    indent: float = 0.8
    # em from the right margin. A justified line can end up to two characters short (a word
    # or punctuation that may not start a line wraps early); shorter lines end a paragraph.
    full_line_slack: float = 2.0
    # em. A centred title's middle is within a character of the text column's middle.
    title_centring: float = 1.0
    # pt. The lines of one centred title have the same font size up to rounding.
    same_size: float = 0.5
    # pt. A font size change larger than this is a heading next to body text, a new paragraph;
    # smaller differences are rounding and mixed fonts.
    size_change: float = 1.5
    # em over the typical line gap. A paragraph's lines are evenly spaced; a gap larger by more
    # than about half a line is a paragraph break.
    gap_slack: float = 0.6
    # Count. A page needs this many lines before its own margins are measured (mirrored
    # margins); a page of a few headings would give wrong margins.
    shifted_page_min_lines: int = 6
