"""Every tolerance of the HTML reader, in one frozen object (like the PDF reader's ``PdfSettings``).

``read_html`` creates the defaults and hands the object to each step. Units: "chars" counts
visible characters (whitespace stripped); fractions say what they are a fraction of. Change a
value with ``dataclasses.replace(HtmlSettings(), dominant_share=0.9)``. Hard limits against
hostile input (file size, span, nesting) are in ``extractor.limits``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HtmlSettings:
    # --- Encoding ----------------------------------------------------------------------------
    # bytes. Browsers look for the charset in the first 1024 bytes; CMS templates put long
    # inline scripts and styles before it, so a few kB more are read (parsed, not pattern-matched).
    prescan_bytes: int = 8192

    # --- Chrome ------------------------------------------------------------------------------
    # chars. Chrome is small: an element holding more text than this (or any table cell) is
    # content whatever its name says (a "bottom" wrapper holding the article, a footer-classed
    # report body).
    max_chrome_chars: int = 400
    # Fraction of an element's text that is link text. Above it the element is a menu or a
    # list of related articles.
    link_density_chrome: float = 0.5
    # chars. How much of an element's leading text is compared with the chrome openers
    # ("当前位置", "主办单位"…); the longest opener is six characters.
    opener_chars: int = 12

    # --- The article -------------------------------------------------------------------------
    # chars per cell. A table cell counts as this much text: a report's tables are its
    # numbers, and a table of short cells must outweigh a paragraph of site text.
    cell_weight: int = 5
    # Factor on the weight of a known CMS article container (TRS_Editor, zoom…): a bonus to
    # the density score, never the deciding rule.
    known_container_bonus: float = 1.5
    # Fraction of the content of a node. The article goes down into a child holding this
    # share; what chrome removal missed beside it (a short footer, a date line) stays out.
    dominant_share: float = 0.85
    # chars. A report's title is short and says 报告; beside the child the search would go
    # into, it means the parent is the article (title and body together).
    max_title_chars: int = 100

    # --- Tables ------------------------------------------------------------------------------
    # chars. A cell of prose lays out the page; a report's longest label ("（六）1.申请人无正当
    # 理由逾期不补正、行政机关不再处理其政府信息公开申请") is under 60 characters.
    layout_cell_chars: int = 300

    # --- Depth -------------------------------------------------------------------------------
    # Elements. libxml2 nests elements at most 256 deep; the reader recurses no deeper than
    # this and reads what lies below as plain text.
    max_element_depth: int = 300
    # Grid cells (rows × columns) one table may have once its spans are placed. A report's
    # tables have a few hundred; 600 cells of colspan=64 rowspan=0 over 6000 rows would make
    # 230 million (70 s and 2 GB downstream), so past this the page is refused as over a limit.
    max_grid_cells: int = 250_000
