"""Generic python-docx helpers: fonts, page setup, tables (geometry, rules, merges, row heights, shading),
text in cells and paragraphs, and saving with reproducible bytes.

Nothing here knows about annual reports; the report tables are in national_tables.py. Tables are filled
through a Grid: the table plus the function that writes a cell, so that the same layout code can fill a
formatted sample table (put) or a plain one that leaves all formatting to Word's table style (plain).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Fonts that are installed (fonts-noto-cjk), so that LibreOffice prints real Chinese glyphs instead of
# substituting a font without CJK coverage. Serif stands in for 仿宋/宋体, Sans for 黑体 headings.
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"

# A4 with 2.8 cm side margins: 8730 twips of text width, the width the sample tables add up to.
PAGE_W, PAGE_H, SIDE_MARGIN, TOP_MARGIN = 11906, 16838, 1588, 1440
TEXT_W = PAGE_W - 2 * SIDE_MARGIN

BLANK = "_"  # in value strings ("21 1 _ 22"): a cell the document leaves empty

Align = Literal["left", "center", "right"]
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


# --- document and text ------------------------------------------------------------------------------


def new_document() -> Document:
    """python-docx's default template (Letter, Calibri); callers set page and fonts as they need."""
    return docx.Document()


def set_run_font(run: Run, size: float, *, bold: bool = False, east_asia: str = SERIF) -> None:
    """Font for all scripts of a run; w:eastAsia is what LibreOffice uses for the Chinese glyphs."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east_asia
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), east_asia)


def write_text(
    paragraph: Paragraph, text: str, size: float, *, bold: bool = False, font: str = SERIF
) -> None:
    """Write text into a paragraph; "\\n" becomes a manual line break (w:br), as Word users type them."""
    for i, piece in enumerate(text.split("\n")):
        run = paragraph.add_run(piece)
        set_run_font(run, size, bold=bold, east_asia=font)
        if i < text.count("\n"):
            run.add_break()


def set_style_font(style: ParagraphStyle, font: str, size: float) -> None:
    """A style's font for Latin and East Asian text (python-docx's font.name sets only ascii/hAnsi)."""
    style.font.name = font
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), font)


def set_document_defaults(doc: Document) -> None:
    """A4 page and margins, and Normal style fonts so that nothing falls back to a Latin-only font."""
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(SIDE_MARGIN)
    section.top_margin = section.bottom_margin = Twips(TOP_MARGIN)
    normal = doc.styles["Normal"]
    set_style_font(normal, SERIF, 16)
    # Mark East Asian text as Chinese (zh-CN), as a Chinese Word installation does.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)


def set_core_properties(doc: Document, *, author: str, title: str, created: datetime, comments: str) -> None:
    """Fixed metadata (python-docx would stamp the current time), so that two runs give the same file."""
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title = title
    props.created = props.modified = created
    props.revision = 1
    props.comments = comments


def add_line(
    doc: Document,
    text: str,
    size: float,
    *,
    align: Align,
    bold: bool = False,
    space_after: float | None = None,
) -> Paragraph:
    """A single aligned line (title, signature)."""
    p = doc.add_paragraph()
    p.alignment = _ALIGN[align]
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    write_text(p, text, size, bold=bold)
    return p


def add_heading(doc: Document, text: str, *, size: float = 16, space_before: float = 0) -> Paragraph:
    """A heading line in a 黑体-like sans font, indented like body text and kept with what follows."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(2 * size)
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    p.paragraph_format.keep_with_next = True
    write_text(p, text, size, font=SANS)
    return p


def add_body_paragraph(doc: Document, *, size: float = 16) -> Paragraph:
    """An empty body paragraph: two-character first-line indent and 1.75 line spacing, no extra space."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(2 * size)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(size * 1.75)
    return p


def spacer(doc: Document, points: float = 6) -> None:
    """An empty paragraph; also keeps two consecutive tables from fusing into one."""
    p = doc.add_paragraph()
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(points)


# --- saving ----------------------------------------------------------------------------------------------


def normalize_zip(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; fix it for byte-identical reruns."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save_reproducible(doc: Document, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalize_zip(buffer.getvalue()))


# --- table properties ------------------------------------------------------------------------------------


def set_table_geometry(table: Table, widths: Sequence[int]) -> None:
    """Fixed layout with explicit grid and cell widths (twips); the widths are what makes a label
    column narrow enough for Word/LibreOffice to stack its text."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))  # python-docx always writes one
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    # Narrow cell margins, as in the national template (57 twips = 1 mm).
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    # Word rejects out-of-order children (CT_TblPr is a sequence), so insert, don't append.
    tbl_pr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def set_table_borders(table: Table, *, vertical_rules: bool = True) -> None:
    """Single 0.5 pt rules. Without vertical rules, left/right/insideV are nil: only horizontal lines
    remain, so a PDF reader cannot find column boundaries from ruling lines."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if not vertical_rules and side in ("left", "right", "insideV"):
            el.set(qn("w:val"), "nil")
        else:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def set_row_height(table: Table, twips: int) -> None:
    """A minimum row height; rows grow with wrapped labels and may break across pages (no cantSplit)."""
    for row in table.rows:
        row.height = Twips(twips)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def shade(cell: _Cell, fill: str) -> None:
    """A solid background colour (hex RGB) for one cell."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


# --- cell text -------------------------------------------------------------------------------------------


class CellWriter(Protocol):
    """Replaces a cell's content with text; align and bold are requests a writer may ignore."""

    def __call__(self, cell: _Cell, text: str, *, align: Align = "center", bold: bool = False) -> None: ...


def put(cell: _Cell, text: str, *, align: Align = "center", size: float = 10.5, bold: bool = False) -> None:
    """Replace a cell's content with text (manual breaks allowed), vertically centred, no paragraph
    spacing, in the SERIF font."""
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    paragraph.alignment = _ALIGN[align]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if text:
        write_text(paragraph, text, size, bold=bold)


def plain(cell: _Cell, text: str, *, align: Align = "center", bold: bool = False) -> None:
    """python-docx's cell.text: one run, no formatting of its own ("\\n" becomes a line break)."""
    del align, bold  # left to the table style: plain tables are as a user would type them
    cell.text = text


def parse_values(values: str) -> tuple[str, ...]:
    """ "21 1 0 _ 22" -> ("21", "1", "0", "", "22"); "_" is a blank cell (not 0)."""
    return tuple("" if v == BLANK else v for v in values.split())


@dataclass(frozen=True)
class Merge:
    """A merged rectangle (rows r0..r1, columns c0..c1, inclusive) holding one text."""

    r0: int
    c0: int
    r1: int
    c1: int
    text: str
    align: Align = "center"
    bold: bool = False


@dataclass(frozen=True)
class Grid:
    """A table and the writer that fills its cells.

    Always merge first, then write: python-docx moves the text of merged-away cells into the
    surviving cell, so text written before a merge would pile up in it."""

    table: Table
    write: CellWriter = put

    @property
    def n_cols(self) -> int:
        return len(self.table.columns)

    def text(self, row: int, col: int, text: str, *, align: Align = "center", bold: bool = False) -> _Cell:
        cell = self.table.cell(row, col)
        self.write(cell, text, align=align, bold=bold)
        return cell

    def merge(self, m: Merge) -> _Cell:
        """cell.merge gives real w:gridSpan (horizontal) and w:vMerge (vertical) cells."""
        cell = self.table.cell(m.r0, m.c0)
        if (m.r1, m.c1) != (m.r0, m.c0):
            cell = cell.merge(self.table.cell(m.r1, m.c1))
        self.write(cell, m.text, align=m.align, bold=m.bold)
        return cell

    def values(self, row: int, first_col: int, texts: Sequence[str]) -> None:
        """One text per cell from first_col on; "" leaves a cell blank."""
        for i, text in enumerate(texts):
            self.text(row, first_col + i, text)


def new_table(
    doc: Document, n_rows: int, widths: Sequence[int], *, vertical_rules: bool = True, row_height: int = 400
) -> Grid:
    """A formatted table: fixed column widths (twips), 0.5 pt rules, minimum row height, every cell
    already in the put() format so that blank cells look like filled ones."""
    table = doc.add_table(rows=n_rows, cols=len(widths))
    set_table_geometry(table, widths)
    set_table_borders(table, vertical_rules=vertical_rules)
    set_row_height(table, row_height)
    for row in table.rows:
        for cell in row.cells:
            put(cell, "")
    return Grid(table)


def grid_table(doc: Document, n_rows: int, n_cols: int) -> Grid:
    """A plain table in Word's built-in "Table Grid" style with python-docx's default widths."""
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    return Grid(table, plain)
