"""Build the sample reports under samples/ from the five seed texts.

Usage: .venv/bin/python scripts/make_samples.py [--seeds DIR] [--out DIR] [--no-pdf]

For every seed in /work/shared/seeds this writes
  samples/<stem>.txt   the seed text, copied byte for byte;
  samples/<stem>.docx  a Word replica built from scratch with python-docx: the title lines, the seed's
                       narrative paragraphs and the three tables laid out like the national template
                       (国办公开办函〔2021〕30号, or 〔2019〕60号 for seed 003) with real merged cells;
  samples/<stem>.pdf   the replica printed by LibreOffice (headless);
and samples/001_zibo_zfb_2024.doc (Word 97) from the 001 replica. The expected JSON files under
samples/expected/ are written by hand, not by this script.

The numbers in the replicas are the seeds' numbers, typed in below. Nothing the seed text lost is made
up: a truncated table stays truncated, a lost label stays empty, a cell the seed does not give stays
blank.

Layout hazards, and which replica carries them (an extractor has to survive each):
  000_zibo_guofang_2024     values with a leading full-width space ("　3") in table 2, as the seed shows;
                            header cells with manual line breaks (结果⏎维持, 尚未⏎审结, 总⏎计, the
                            勾稽关系 note, 5.要求行政机关确认或重新⏎出具已获取信息); table 3 rows of
                            at least 1 cm make it longer than a page, so it runs over a page break (with
                            LibreOffice 7.4 the page end cuts row （五）5 inside its label).
  001_zibo_zfb_2024         narrow first label column: "三、本年度办理结果" is stacked one character per
                            line; 商业⏎企业 / 科研⏎机构 header breaks; table 3 runs over a page break that
                            falls inside the （四）无法提供 group, so that merged label is cut by the page
                            end; also converted to .doc.
  002_zhoukou_guofang_2024  tables without vertical rules (w:tblBorders left/right/insideV = nil); the
                            其他 applicant column is absent (6 value columns); the （三）不予公开 group label
                            cell is empty; the rows （四）1 … （六）3 have a blank 法律服务机构 cell;
                            table 3 also runs over a page break.
  003_zibo_renfang_2020     the 2019 template (table 2 with 本年新制作数量 …); table 2 stops after the
                            第二十条第（五）项 header (a page of the seed is lost); table 3 has no header
                            and starts at 二、上年结转…; （六）其他处理 is one row; narrow label columns
                            (2 characters per line, as the seed's "三、 本年 度办 理结 果") and a narrow
                            table 4 whose headers stack one character per line.
  004_panzhihua_guofang_2023  the seed's own table 3 columns (社会组织, an unnamed column between
                            法律服务机构 and 其他, 其他 outside the 法人或其他组织 group); table 3 cut off after
                            2.其他法律法规禁止公开; no table 4; decimal fee 1613.88; table 2's last row
                            falls on the next page; signature and date.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import docx
import pdfplumber
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from extractor.readers.office_convert import convert, find_soffice  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")
DEFAULT_OUT = REPO / "samples"

# Fonts that are installed (fonts-noto-cjk), so that LibreOffice prints real Chinese glyphs instead of
# substituting a font without CJK coverage. Serif stands in for 仿宋/宋体, Sans for 黑体 headings.
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"

# A4 with 2.8 cm side margins: 8730 twips of text width, the width every table below adds up to.
PAGE_W, PAGE_H, SIDE_MARGIN, TOP_MARGIN = 11906, 16838, 1588, 1440
TEXT_W = PAGE_W - 2 * SIDE_MARGIN

FULL_WIDTH_SPACE = "\u3000"
BLANK = "_"  # in the value strings below: a cell the document leaves empty

Block = Callable[[Document, str], None]  # (document, seed text) -> appends to the document


# --- low-level python-docx helpers ---------------------------------------------------------------


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


def set_document_defaults(doc: Document) -> None:
    """Page size and margins, and Normal style fonts so that nothing falls back to a Latin-only font."""
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(SIDE_MARGIN)
    section.top_margin = section.bottom_margin = Twips(TOP_MARGIN)
    normal = doc.styles["Normal"]
    normal.font.name = SERIF
    normal.font.size = Pt(16)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), SERIF)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


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
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def put(cell: _Cell, text: str, *, align: str = "center", size: float = 10.5, bold: bool = False) -> None:
    """Replace a cell's content with text (manual breaks allowed), vertically centred."""
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if text:
        write_text(paragraph, text, size, bold=bold)


@dataclass(frozen=True)
class Merge:
    """A merged rectangle (rows r0..r1, columns c0..c1, inclusive) holding one text."""

    r0: int
    c0: int
    r1: int
    c1: int
    text: str
    align: str = "center"
    bold: bool = False


def new_table(
    doc: Document, n_rows: int, widths: Sequence[int], *, vertical_rules: bool = True, row_height: int = 400
) -> Table:
    table = doc.add_table(rows=n_rows, cols=len(widths))
    set_table_geometry(table, widths)
    set_table_borders(table, vertical_rules=vertical_rules)
    set_row_height(table, row_height)
    for row in table.rows:
        for cell in row.cells:
            put(cell, "")
    return table


def apply_merge(table: Table, m: Merge) -> _Cell:
    """cell.merge gives real w:gridSpan (horizontal) and w:vMerge (vertical) cells."""
    cell = table.cell(m.r0, m.c0)
    if (m.r1, m.c1) != (m.r0, m.c0):
        cell = cell.merge(table.cell(m.r1, m.c1))
    put(cell, m.text, align=m.align, bold=m.bold)
    return cell


def parse_values(values: str) -> list[str | None]:
    """ "21 1 0 _ 22" -> ["21", "1", "0", None, "22"]; "_" is a blank cell (not 0)."""
    return [None if v == BLANK else v for v in values.split()]


def put_values(table: Table, row: int, first_col: int, values: str, *, prefix: str = "") -> None:
    for i, value in enumerate(parse_values(values)):
        put(table.cell(row, first_col + i), "" if value is None else prefix + value)


def spacer(doc: Document, points: float = 6) -> None:
    """An empty paragraph; also keeps two consecutive tables from fusing into one."""
    p = doc.add_paragraph()
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(points)


# --- narrative ------------------------------------------------------------------------------------

SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEAD_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def strip_markdown(line: str) -> tuple[str, bool]:
    """Seed 003 came through a Markdown converter: '# ' headings and '**…**' lines. Return the plain
    line and whether the whole line was bold (a heading in the original)."""
    line = line.strip().lstrip("#").strip()
    whole_bold = line.startswith("**") and line.endswith("**") and line.count("**") == 2
    if whole_bold:
        line = line[2:-2]
    return line, whole_bold


def seed_lines(seed: str, start: str, stop: str | None, join_after: Sequence[str] = ()) -> list[str]:
    """The non-empty seed lines from the first one starting with `start` up to (not including) the
    next one starting with `stop`. A line ending with one of `join_after` was cut by a page end in
    the PDF original; it is joined with the next line, as it was one paragraph in the original."""
    lines = seed.splitlines()
    begin = next(i for i, line in enumerate(lines) if strip_markdown(line)[0].startswith(start))
    end = len(lines)
    if stop is not None:
        end = next(i for i in range(begin + 1, len(lines)) if strip_markdown(lines[i])[0].startswith(stop))
    out: list[str] = []
    pending = ""
    for line in lines[begin:end]:
        if not line.strip():
            continue
        text = pending + line.strip() if pending else line
        if any(line.rstrip().endswith(j) for j in join_after):
            pending = text.strip()
            continue
        pending = ""
        out.append(text)
    return out


def add_heading_line(doc: Document, text: str, *, space_before: float = 0) -> None:
    """A section heading (一、… 六、) in a 黑体-like sans font, as government reports print them."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    p.paragraph_format.keep_with_next = True
    write_text(p, text, 16, font=SANS)


def add_narrative_line(doc: Document, raw: str, *, size: float = 16) -> None:
    """One seed line as one paragraph: section heading, bold sub-heading, or body text whose Markdown
    bold lead-in ("**扩大公开范围。**…") becomes a bold run."""
    text, whole_bold = strip_markdown(raw)
    if SECTION_RE.match(text) and len(text) < 30:
        add_heading_line(doc, text)
        return
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(2 * size)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(size * 1.75)
    is_subhead = whole_bold or (SUBHEAD_RE.match(text) and len(text) < 40 and not text.endswith("。"))
    if is_subhead:
        fmt.keep_with_next = True
        write_text(p, text, size, bold=True)
        return
    pos = 0
    for m in BOLD_RE.finditer(text):
        if m.start() > pos:
            write_text(p, text[pos : m.start()], size)
        write_text(p, m.group(1), size, bold=True)
        pos = m.end()
    if pos < len(text):
        write_text(p, text[pos:], size)


def title(*lines: str) -> Block:
    def block(doc: Document, _seed: str) -> None:
        for line in lines:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(6)
            write_text(p, line, 22, bold=True)
        spacer(doc, 16)

    return block


def text(start: str, stop: str | None, *, join_after: Sequence[str] = (), size: float = 16) -> Block:
    def block(doc: Document, seed: str) -> None:
        for line in seed_lines(seed, start, stop, join_after):
            add_narrative_line(doc, line, size=size)

    return block


def heading(line: str, *, space_before: float = 0) -> Block:
    def block(doc: Document, _seed: str) -> None:
        add_heading_line(doc, line, space_before=space_before)

    return block


def closing(*lines: str) -> Block:
    """Signature and date, right-aligned, as printed at the end of seed 004."""

    def block(doc: Document, _seed: str) -> None:
        spacer(doc, 28)
        for line in lines:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            write_text(p, line, 16)

    return block


def gap() -> Block:
    """Where the seed lost a page: nothing is reproduced, only the paragraph that separates tables."""

    def block(doc: Document, _seed: str) -> None:
        spacer(doc, 16)

    return block


# --- table 2: 主动公开政府信息情况 --------------------------------------------------------------------

SECTION_FILL = "C6D9F1"  # the national template shades the 第二十条第（x）项 rows
SECTION_ROWS_2021 = (
    (0, "第二十条第（一）项"),
    (4, "第二十条第（五）项"),
    (7, "第二十条第（六）项"),
    (11, "第二十条第（八）项"),
)


@dataclass(frozen=True)
class Proactive2021:
    regulations: str  # "issued repealed in_force"
    normative: str
    licensing: str
    punishment: str
    coercion: str
    fees: str
    value_prefix: str = ""  # seed 000 prints "　3": a full-width space before single values


def table2_2021(v: Proactive2021, *, vertical_rules: bool = True, row_height: int = 400) -> Block:
    """14 x 4, as 国办公开办函〔2021〕30号: section rows span all four columns, the single-value
    items span the three value columns."""

    def block(doc: Document, _seed: str) -> None:
        table = new_table(doc, 14, [TEXT_W // 4] * 4, vertical_rules=vertical_rules, row_height=row_height)
        for r, label in SECTION_ROWS_2021:
            shade(apply_merge(table, Merge(r, 0, r, 3, label)), SECTION_FILL)
        for c, header in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
            put(table.cell(1, c), header, bold=True)
        put(table.cell(2, 0), "规章", align="left")
        put_values(table, 2, 1, v.regulations)
        put(table.cell(3, 0), "行政规范性文件", align="left")
        put_values(table, 3, 1, v.normative)
        single = (
            (5, "本年处理决定数量", 6, "行政许可", v.licensing),
            (8, "本年处理决定数量", 9, "行政处罚", v.punishment),
            (8, None, 10, "行政强制", v.coercion),
            (12, "本年收费金额（单位：万元）", 13, "行政事业性收费", v.fees),
        )
        for header_row, header, row, label, value in single:
            if header is not None:
                put(table.cell(header_row, 0), "信息内容", bold=True)
                apply_merge(table, Merge(header_row, 1, header_row, 3, header, bold=True))
            put(table.cell(row, 0), label, align="left")
            apply_merge(table, Merge(row, 1, row, 3, v.value_prefix + value))

    return block


# The 2019 template's table 2 (国办公开办函〔2019〕60号), row by row: a section row spans all four
# columns; a header row is (信息内容, column headers…); an item row is (label, number of value cells).
TABLE2_2019: tuple[tuple[str, ...], ...] = (
    ("section", "第二十条第（一）项"),
    ("header", "信息内容", "本年新制作数量", "本年新\n公开数量", "对外公开\n总数量"),
    ("item", "规章", "3"),
    ("item", "规范性文件", "3"),
    ("section", "第二十条第（五）项"),
    ("header", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
    ("item", "行政许可", "3"),
    ("item", "其他对外管理服务事项", "3"),
    ("section", "第二十条第（六）项"),
    ("header", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
    ("item", "行政处罚", "3"),
    ("item", "行政强制", "3"),
    ("section", "第二十条第（八）项"),
    ("header", "信息内容", "上一年项目数量", "本年增/减"),
    ("item", "行政事业性收费", "2"),
    ("section", "第二十条第（九）项"),
    ("header", "信息内容", "采购项目数量", "采购总金额"),
    ("item", "政府集中采购", "2"),
)


def table2_2019(values: dict[str, str], *, keep_rows: int) -> Block:
    """The 2019 layout, cut after `keep_rows` rows: seed 003 lost the page after the
    第二十条第（五）项 header, so the replica prints only what the seed shows and invents no numbers."""

    def block(doc: Document, _seed: str) -> None:
        rows = TABLE2_2019[:keep_rows]
        table = new_table(doc, len(rows), [TEXT_W // 4] * 4)
        for r, spec in enumerate(rows):
            kind, label, *rest = spec
            if kind == "section":
                apply_merge(table, Merge(r, 0, r, 3, label))
            elif kind == "header":
                put(table.cell(r, 0), label, bold=True)
                for c, header in enumerate(rest, start=1):
                    put(table.cell(r, c), header, bold=True)
            else:
                put(table.cell(r, 0), label, align="left")
                put_values(table, r, 1, values[label])

    return block


# --- table 3: 收到和处理政府信息公开申请情况 ---------------------------------------------------------


@dataclass(frozen=True)
class AppRow:
    label: str
    values: str  # one entry per value column; "_" = blank cell
    group: str | None = None  # shared group label (（三）不予公开 …); "" = a group label the seed lost
    top: bool = False  # the label spans all three label columns (一、 二、 四、 rows)


def std_rows_2021(values: dict[str, str], *, break_item5: bool = False) -> list[AppRow]:
    """The 2021 template rows with full-width labels, as in the Word originals of seeds 000/001."""
    g3, g4, g5, g6 = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
    item5 = "5.要求行政机关确认或重新" + ("\n" if break_item5 else "") + "出具已获取信息"
    spec: list[tuple[str, str, str | None, bool]] = [
        ("new_received", "一、本年新收政府信息公开申请数量", None, True),
        ("carried_over", "二、上年结转政府信息公开申请数量", None, True),
        ("granted", "（一）予以公开", None, False),
        ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, False),
        ("denied_state_secret", "1.属于国家秘密", g3, False),
        ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", g3, False),
        ("denied_security_stability", "3.危及“三安全一稳定”", g3, False),
        ("denied_third_party_rights", "4.保护第三方合法权益", g3, False),
        ("denied_internal_affairs", "5.属于三类内部事务信息", g3, False),
        ("denied_process_info", "6.属于四类过程性信息", g3, False),
        ("denied_law_enforcement_files", "7.属于行政执法案卷", g3, False),
        ("denied_administrative_query", "8.属于行政查询事项", g3, False),
        ("unavailable_not_held", "1.本机关不掌握相关政府信息", g4, False),
        ("unavailable_needs_creation", "2.没有现成信息需要另行制作", g4, False),
        ("unavailable_unclear", "3.补正后申请内容仍不明确", g4, False),
        ("not_processed_complaint", "1.信访举报投诉类申请", g5, False),
        ("not_processed_duplicate", "2.重复申请", g5, False),
        ("not_processed_publication", "3.要求提供公开出版物", g5, False),
        ("not_processed_excessive", "4.无正当理由大量反复申请", g5, False),
        ("not_processed_confirmation", item5, g5, False),
        ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", g6, False),
        ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", g6, False),
        ("other_other", "3.其他", g6, False),
        ("total_processed", "（七）总计", None, False),
        ("carried_forward", "四、结转下年度继续办理", None, True),
    ]  # fmt: skip
    return [AppRow(label, values[key], group, top) for key, label, group, top in spec]


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NOTE_BROKEN = "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）"


def header_2021(note: str, *, break_names: bool = False) -> list[Merge]:
    """Three header rows over 3 label + 7 value columns, as the national template."""
    names = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    if break_names:  # the template's own header cells: 商业⏎企业, 科研⏎机构
        names[0], names[1] = "商业\n企业", "科研\n机构"
    return [
        Merge(0, 0, 2, 2, note),
        Merge(0, 3, 0, 9, "申请人情况"),
        Merge(1, 3, 2, 3, "自然人"),
        Merge(1, 4, 1, 8, "法人或其他组织"),
        Merge(1, 9, 2, 9, "总计"),
        *(Merge(2, 4 + i, 2, 4 + i, name) for i, name in enumerate(names)),
    ]


def header_no_other() -> list[Merge]:
    """Seed 002: the agency dropped the 其他 column; 6 value columns."""
    names = ["商业企业", "科研机构", "社会公益组织", "法律服务机构"]
    return [
        Merge(0, 0, 2, 2, NOTE),
        Merge(0, 3, 0, 8, "申请人情况"),
        Merge(1, 3, 2, 3, "自然人"),
        Merge(1, 4, 1, 7, "法人或其他组织"),
        Merge(1, 8, 2, 8, "总计"),
        *(Merge(2, 4 + i, 2, 4 + i, name) for i, name in enumerate(names)),
    ]


def header_004() -> list[Merge]:
    """Seed 004's own header, read off its tab positions: 总计 spans the three header rows at the right;
    其他 sits beside (not under) 法人或其他组织; 社会组织 for 社会公益组织; and an unnamed column after
    法律服务机构 that is still part of the 法人或其他组织 group. 8 value columns."""
    names = ["商业企业", "科研机构", "社会组织", "法律服务机构", ""]
    return [
        Merge(0, 0, 2, 2, NOTE),
        Merge(0, 3, 0, 9, "申请人情况"),
        Merge(0, 10, 2, 10, "总计"),
        Merge(1, 3, 2, 3, "自然人"),
        Merge(1, 4, 1, 8, "法人或其他组织"),
        Merge(1, 9, 2, 9, "其他"),
        *(Merge(2, 4 + i, 2, 4 + i, name) for i, name in enumerate(names)),
    ]


@dataclass(frozen=True)
class AppTable:
    label_widths: tuple[int, int, int]
    n_values: int
    header: list[Merge]  # empty: the table starts with a data row (seed 003 lost its head)
    rows: list[AppRow]
    outcome_label: str = "三、本年度办理结果"  # "" where the seed lost it (004)
    vertical_rules: bool = True
    row_height: int = 400  # minimum, twips


def table3(spec: AppTable) -> Block:
    """3 label columns (三、本年度办理结果 | group label | item label) and the value columns.

    The first label column is one vertically merged cell over the outcome rows; a group label
    (（三）不予公开 …) is one vertically merged cell over its items; rows without a group put their label
    across the second and third label columns; 一、二、四、 rows across all three."""

    def block(doc: Document, _seed: str) -> None:
        value_w = (TEXT_W - sum(spec.label_widths)) // spec.n_values
        widths = [*spec.label_widths, *[value_w] * spec.n_values]
        widths[-1] += TEXT_W - sum(widths)
        n_header = 3 if spec.header else 0
        table = new_table(
            doc,
            n_header + len(spec.rows),
            widths,
            vertical_rules=spec.vertical_rules,
            row_height=spec.row_height,
        )
        for m in spec.header:
            apply_merge(table, m)
        # Runs of consecutive rows share the 三、 cell (non-top rows) and the group cells.
        runs: list[tuple[int, int, int, str]] = []  # (first row, last row, column, text)
        for i, row in enumerate(spec.rows):
            r = n_header + i
            if row.top:
                apply_merge(table, Merge(r, 0, r, 2, row.label, align="left", bold=True))
            elif row.group is None:
                apply_merge(table, Merge(r, 1, r, 2, row.label, align="left"))
            else:
                put(table.cell(r, 2), row.label, align="left")
            values = parse_values(row.values)
            assert len(values) == spec.n_values, (row.label, row.values)
            put_values(table, r, 3, row.values)
            if not row.top:
                _extend(runs, r, 0, spec.outcome_label)
            if row.group is not None:
                _extend(runs, r, 1, row.group)
        for first, last, col, label in runs:
            apply_merge(table, Merge(first, col, last, col, label, bold=col == 0))

    return block


def _extend(runs: list[tuple[int, int, int, str]], r: int, col: int, label: str) -> None:
    """Grow the last merged run of `col` if it ends on the row above with the same label."""
    for i in range(len(runs) - 1, -1, -1):
        first, last, c, text_ = runs[i]
        if c == col:
            if last == r - 1 and text_ == label:
                runs[i] = (first, r, c, text_)
                return
            break
    runs.append((r, r, col, label))


# --- table 4: 行政复议、行政诉讼情况 ----------------------------------------------------------------

REVIEW_HEADERS_PLAIN = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# Seeds 000/001 (Word originals) print these header cells with manual line breaks:
REVIEW_HEADERS_SEED = ("结果\n维持", "结果纠正", "其他结果", "尚未\n审结", "总\n计")
LITIGATION_HEADERS_SEED = ("结果维持", "结果纠正", "其他\n结果", "尚未\n审结", "总计",
                           "结果维持", "结果\n纠正", "其他\n结果", "尚未审结", "总计")  # fmt: skip


def table4(
    values: str,
    *,
    review_headers: Sequence[str] = REVIEW_HEADERS_PLAIN,
    litigation_headers: Sequence[str] = REVIEW_HEADERS_PLAIN * 2,
    col_width: int | None = None,
    vertical_rules: bool = True,
) -> Block:
    """4 x 15: 行政复议 (5 columns) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5); the five review headers
    span two rows. `col_width` narrows the table so that headers stack one character per line."""

    def block(doc: Document, _seed: str) -> None:
        width = col_width or TEXT_W // 15
        widths = [width] * 15
        if col_width is None:
            widths[-1] += TEXT_W - sum(widths)
        table = new_table(doc, 4, widths, vertical_rules=vertical_rules)
        apply_merge(table, Merge(0, 0, 0, 4, "行政复议"))
        apply_merge(table, Merge(0, 5, 0, 14, "行政诉讼"))
        for c, header in enumerate(review_headers):
            apply_merge(table, Merge(1, c, 2, c, header))
        apply_merge(table, Merge(1, 5, 1, 9, "未经复议直接起诉"))
        apply_merge(table, Merge(1, 10, 1, 14, "复议后起诉"))
        for c, header in enumerate(litigation_headers, start=5):
            put(table.cell(2, c), header)
        put_values(table, 3, 0, values)

    return block


# --- the five replicas ---------------------------------------------------------------------------------

ZEROS7 = "0 0 0 0 0 0 0"


@dataclass(frozen=True)
class Replica:
    stem: str
    seed: str  # file name under the seeds directory
    agency: str
    year: int
    blocks: tuple[Block, ...]
    # Checks on the printed PDF that the intended hazards really happened (see verify_pdf):
    split_between: tuple[str, str] | None = None  # these two row labels must land on different pages
    stacked_label: str | None = None  # this label must print one character per line


def replica_000() -> Replica:
    """淄博市国防动员办公室 2024 (Word original, 2021 template)."""
    apps = {
        "new_received": "21 1 0 0 0 0 22",
        "carried_over": "2 0 0 0 0 0 2",
        "granted": "1 0 0 0 0 0 1",
        "partially_granted": "1 0 0 0 0 0 1",
        "denied_law_enforcement_files": "2 0 0 0 0 0 2",
        "unavailable_not_held": "18 1 0 0 0 0 19",
        "total_processed": "22 1 0 0 0 0 23",
        "carried_forward": "1 0 0 0 0 0 1",
    }
    rows = std_rows_2021(_zero_fill(apps), break_item5=True)
    return Replica(
        stem="000_zibo_guofang_2024",
        seed="000_61d337464d76a693.txt",
        agency="淄博市国防动员办公室",
        year=2024,
        blocks=(
            title("淄博市国防动员办公室", "2024年政府信息公开工作年度报告"),
            text("本年度报告中所列数据", "二、主动公开政府信息情况"),
            heading("二、主动公开政府信息情况"),
            table2_2021(Proactive2021("0 0 0", "1 0 1", "0", "3", "0", "0", value_prefix=FULL_WIDTH_SPACE)),
            heading("三、收到和处理政府信息公开申请情况", space_before=12),
            # Rows of at least 1 cm make table 3 taller than a page, so it always runs over a page end.
            table3(AppTable((640, 1000, 2850), 7, header_2021(NOTE_BROKEN), rows, row_height=567)),
            heading("四、政府信息公开行政复议、行政诉讼情况", space_before=12),
            table4(
                " ".join(["0"] * 15),
                review_headers=REVIEW_HEADERS_SEED,
                litigation_headers=LITIGATION_HEADERS_SEED,
            ),  # fmt: skip
            text("五、存在的主要问题及改进情况", None),
        ),
        split_between=("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"),
    )


def replica_001() -> Replica:
    """淄博市人民政府办公室 2024 (Word original, 2021 template; 其他 row of （六） is 10)."""
    apps = {
        "new_received": "243 2 0 0 0 0 245",
        "carried_over": "16 0 0 0 0 0 16",
        "granted": "43 1 0 0 0 0 44",
        "denied_security_stability": "2 0 0 0 0 0 2",
        "denied_law_enforcement_files": "1 0 0 0 0 0 1",
        "unavailable_not_held": "188 1 0 0 0 0 189",
        "unavailable_needs_creation": "15 0 0 0 0 0 15",
        "other_other": "10 0 0 0 0 0 10",
        "total_processed": "259 2 0 0 0 0 261",
    }
    rows = std_rows_2021(_zero_fill(apps), break_item5=True)
    return Replica(
        stem="001_zibo_zfb_2024",
        seed="001_521dd7cc156fe419.txt",
        agency="淄博市人民政府办公室",
        year=2024,
        blocks=(
            title("淄博市人民政府办公室", "2024年政府信息公开工作年度报告"),
            text("本报告根据", "二、主动公开政府信息情况"),
            heading("二、主动公开政府信息情况"),
            table2_2021(Proactive2021("2 4 32", "6 1 49", "0", "0", "0", "0"), row_height=340),
            text("注：1.本表中", "三、收到和处理政府信息公开申请情况", size=10.5),
            # The space before this heading (and the small notes and 17 pt rows) are tuned so that the
            # page ends inside the （四）无法提供 group of table 3: 26-42 pt work with LibreOffice 7/24,
            # 32 is in the middle. verify_pdf checks it (split_between).
            heading("三、收到和处理政府信息公开申请情况", space_before=32),
            # 380 twips leave ~266 twips of text width: one 10.5 pt character per line.
            table3(
                AppTable(
                    (380, 1150, 2900), 7, header_2021(NOTE_BROKEN, break_names=True), rows, row_height=340
                )
            ),
            heading("四、政府信息公开行政复议、行政诉讼情况", space_before=12),
            table4(
                " ".join(["0"] * 15),
                review_headers=REVIEW_HEADERS_SEED,
                litigation_headers=LITIGATION_HEADERS_SEED,
            ),  # fmt: skip
            text("五、存在的主要问题及改进情况", None),
        ),
        split_between=("本机关不掌握相关政府信息", "补正后申请内容仍不明确"),
        stacked_label="三、本年度办理结果",
    )


def replica_002() -> Replica:
    """周口市国防动员办公室 2024 (PDF original, 2021 template without the 其他 column)."""
    b = BLANK
    g3, g4, g5, g6 = "", "(四) 无法提供", "(五) 不予处理", "(六) 其他处理"  # g3: the seed lost it
    # In the seed every row of （四）…（六） has 5 numbers for 6 columns; which cell is missing cannot be
    # told, so the replica leaves the 法律服务机构 cell blank in each of them and invents no value.
    short_zero = f"0 0 0 0 {b} 0"
    rows = [
        AppRow("一、本年新收政府信息公开申请数量", "21 0 0 0 0 21", top=True),
        AppRow("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0", top=True),
        AppRow("(一) 予以公开", "1 0 0 0 0 1"),
        AppRow("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "2 0 0 0 0 2"),
        AppRow("1.属于国家秘密", "11 0 0 0 0 11", g3),
        AppRow("2.其他法律法规禁止公开", "0 0 0 0 0 0", g3),
        AppRow("3.危及“三安全一稳定”", "0 0 0 0 0 0", g3),
        AppRow("4.保护第三方合法权益", "0 0 0 0 0 0", g3),
        AppRow("5.属于三类内部事务信息", "0 0 0 0 0 0", g3),
        AppRow("6.属于四类过程性信息", "0 0 0 0 0 0", g3),
        AppRow("7.属于行政执法案卷", "0 0 0 0 0 0", g3),
        AppRow("8.属于行政查询事项", "0 0 0 0 0 0", g3),
        AppRow("1.本机关不掌握相关政府信息", f"7 0 0 0 {b} 7", g4),
        AppRow("2.没有现成信息需要另行制作", short_zero, g4),
        AppRow("3.补正后申请内容仍不明确", short_zero, g4),
        AppRow("1.信访举报投诉类申请", short_zero, g5),
        AppRow("2.重复申请", short_zero, g5),
        AppRow("3.要求提供公开出版物", short_zero, g5),
        AppRow("4.无正当理由大量反复申请", short_zero, g5),
        AppRow("5.要求行政机关确认或重新出具已获取信息", short_zero, g5),
        AppRow("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", short_zero, g6),
        AppRow("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", short_zero, g6),
        AppRow("3.其他", short_zero, g6),
        # The seed prints (七) 总计 in the first label column: outside the 三、 cell.
        AppRow("(七) 总计", "21 0 0 0 0 21", top=True),
        AppRow("四、结转下年度继续办理", "0 0 0 0 0 0", top=True),
    ]
    return Replica(
        stem="002_zhoukou_guofang_2024",
        seed="002_45cc4d257aad614e.txt",
        agency="周口市国防动员办公室",
        year=2024,
        blocks=(
            title("周口市国防动员办公室 2024 年政府信息公开工作年度报告"),
            text("一、总体情况", "二、主动公开政府信息情况"),
            heading("二、主动公开政府信息情况"),
            table2_2021(Proactive2021("0 0 0", "0 0 0", "19", "24", "0", "1465"), vertical_rules=False),
            heading("三、收到和处理政府信息公开申请情况", space_before=12),
            table3(AppTable((700, 1000, 2900), 6, header_no_other(), rows, vertical_rules=False)),
            heading("四、政府信息公开行政复议、行政诉讼情况", space_before=12),
            table4("1 0 0 0 1 0 0 1 0 1 0 0 0 0 0", vertical_rules=False),
            text("五、存在的主要问题及改进情况", None),
        ),
    )


def replica_003() -> Replica:
    """淄博市人民防空办公室 2020 (PDF original, 2019 template; a page of the seed is lost)."""
    g3, g4, g5 = "(三) 不予公开", "(四) 无法提供", "(五) 不予处理"
    rows = [
        # The seed lost the table head and row 一、: the table starts here.
        AppRow("二、上年结转政府信息公开申请数量", ZEROS7, top=True),
        AppRow("(一) 予以公开", "2 0 0 0 0 0 2"),
        AppRow("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", ZEROS7),
        AppRow("1. 属于国家秘密", ZEROS7, g3),
        AppRow("2. 其他法律行政法规禁止公开", ZEROS7, g3),
        AppRow("3. 危及“三安全一稳定”", ZEROS7, g3),
        AppRow("4. 保护第三方合法权益", ZEROS7, g3),
        AppRow("5. 属于三类内部事务信息", ZEROS7, g3),
        AppRow("6. 属于四类过程性信息", ZEROS7, g3),
        AppRow("7. 属于行政执法案卷", ZEROS7, g3),
        AppRow("8. 属于行政查询事项", ZEROS7, g3),
        AppRow("1. 本机关不掌握相关政府信息", ZEROS7, g4),
        AppRow("2. 没有现成信息需要另行制作", ZEROS7, g4),
        AppRow("3. 补正后申请内容仍不明确", ZEROS7, g4),
        AppRow("1. 信访举报投诉类申请", ZEROS7, g5),
        AppRow("2. 重复申请", ZEROS7, g5),
        AppRow("3. 要求提供公开出版物", ZEROS7, g5),
        AppRow("4. 无正当理由大量反复申请", ZEROS7, g5),
        AppRow("5. 要求行政机关确认或重新出具已获取信息", ZEROS7, g5),
        AppRow("(六) 其他处理", ZEROS7),  # the 2019 template: one row
        AppRow("(七) 总计", "2 0 0 0 0 0 2"),
        AppRow("四、结转下年度继续办理", ZEROS7, top=True),
    ]
    return Replica(
        stem="003_zibo_renfang_2020",
        seed="003_a3edccc839184d0e.txt",
        agency="淄博市人民防空办公室",
        year=2020,
        blocks=(
            title("淄博市人民防空办公室", "2020 年政府信息公开工作年度报告"),
            text("本文按照", "二、主动公开政府信息情况"),
            heading("二、主动公开政府信息情况"),
            table2_2019({"规章": "0 0 0", "规范性文件": "0 0 1"}, keep_rows=6),
            gap(),
            # Narrow label columns (2 / 3 / 7 characters per line), as the seed's broken labels show.
            table3(AppTable((560, 800, 1600), 7, [], rows)),
            heading("四、政府信息公开行政复议、行政诉讼情况", space_before=12),
            # 520-twip columns: the headers stack one character per line ("结 果 维 持" in the seed).
            table4(" ".join(["0"] * 15), col_width=520),
            text("五、存在的主要问题及改进情况", None, join_after=("加强与市政府",)),
        ),
    )


def replica_004() -> Replica:
    """攀枝花市人民政府国防动员办公室 2023 (PDF original; table 3 cut off, no table 4)."""
    b = BLANK
    # Rows 一、二、 give 8 numbers (the unnamed column included); the outcome rows give 7, one per named
    # column, so the unnamed column is blank there.
    rows = [
        AppRow("一、本年新收政府信息公开申请数量", "1 0 0 0 0 0 0 1", top=True),
        AppRow("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0 0", top=True),
        AppRow("(一) 予以公开", f"1 0 0 0 0 {b} 0 1"),
        AppRow("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", f"0 0 0 0 0 {b} 0 0"),
        AppRow("1. 属于国家秘密", f"0 0 0 0 0 {b} 0 0"),
        AppRow("2. 其他法律法规禁止公开", f"0 0 0 0 0 {b} 0 0"),
    ]
    return Replica(
        stem="004_panzhihua_guofang_2023",
        seed="004_8398b021416f8c8e.txt",
        agency="攀枝花市人民政府国防动员办公室",
        year=2023,
        blocks=(
            title("攀枝花市人民政府国防动员办公室 2023年政府信息公开工作年度报告"),
            text("2023年，我办紧密结合", "二、主动公开政府信息情况", join_after=("按要求做好各类栏目",)),
            heading("二、主动公开政府信息情况"),
            table2_2021(Proactive2021("0 0 0", "0 0 0", "105", "2", "0", "1613.88")),
            heading("三、收到和处理政府信息公开申请情况", space_before=12),
            # The seed shows neither 三、本年度办理结果 nor （三）不予公开: both label cells stay empty.
            table3(AppTable((560, 1000, 2770), 8, header_004(), rows, outcome_label="")),
            # Table 3 ends here in the seed, and section 四 with table 4 is missing.
            text("五、存在的主要问题及改进情况", "攀枝花市人民政府国防动员办公室"),
            closing("攀枝花市人民政府国防动员办公室", "2024年1月19日"),
        ),
    )


# The contract's row keys for the 2021 template (extractor/contract.py APPLICATION_ROWS without
# other_processing); repeated here so that the sample builder does not depend on product code.
ROWS_2021: tuple[str, ...] = (
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party_rights", "denied_internal_affairs", "denied_process_info",
    "denied_law_enforcement_files", "denied_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
    "not_processed_excessive", "not_processed_confirmation",
    "other_overdue_correction", "other_overdue_fee", "other_other",
    "total_processed", "carried_forward",
)  # fmt: skip


def _zero_fill(nonzero: dict[str, str]) -> dict[str, str]:
    """Seeds 000/001 print every cell of table 3; most rows are all zeros."""
    assert set(nonzero) <= set(ROWS_2021), set(nonzero) - set(ROWS_2021)
    return {key: nonzero.get(key, ZEROS7) for key in ROWS_2021}


REPLICAS: tuple[Callable[[], Replica], ...] = (
    replica_000,
    replica_001,
    replica_002,
    replica_003,
    replica_004,
)


# --- writing, converting, verifying ----------------------------------------------------------------


def build_docx(replica: Replica, seed_text: str, path: Path) -> None:
    doc = docx.Document()
    set_document_defaults(doc)
    # Fixed metadata so that two runs give the same document.
    props = doc.core_properties
    props.author = props.last_modified_by = replica.agency
    props.title = f"{replica.agency}{replica.year}年政府信息公开工作年度报告"
    props.created = props.modified = datetime(replica.year + 1, 1, 15, 9, 0, 0)
    props.revision = 1
    props.comments = f"govreport sample: replica of seed {replica.seed}"
    for block in replica.blocks:
        block(doc, seed_text)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalize_zip(buffer.getvalue()))


def normalize_zip(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; fix it for byte-identical reruns."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def soffice_convert(files: Sequence[Path], fmt: str, outdir: Path) -> None:
    """LibreOffice through the product's one helper (throwaway profile, nothing left behind)."""
    if find_soffice() is None:
        sys.exit("soffice (LibreOffice) not found; use --no-pdf to build only DOCX and TXT")
    convert(files, fmt, outdir, timeout=600)


def _page_of(pages: list[str], needle: str) -> int | None:
    for i, page in enumerate(pages):
        if needle in page:
            return i + 1
    return None


def _is_stacked(pdf: pdfplumber.PDF, label: str) -> bool:
    """True if the label's characters sit in one column, one per line (same x, rising y)."""
    for page in pdf.pages:
        chars = [c for c in page.chars if c["text"] in label]
        for start in (c for c in chars if c["text"] == label[0]):
            column = sorted(
                (c for c in chars if abs(c["x0"] - start["x0"]) < 3 and c["top"] >= start["top"] - 1),
                key=lambda c: c["top"],
            )
            if "".join(c["text"] for c in column).startswith(label):
                return True
    return False


def verify_pdf(replica: Replica, pdf_path: Path) -> list[str]:
    """Check that the PDF has real Chinese text and that the intended hazards happened; return
    human-readable findings (raises SystemExit on a failed check)."""
    with pdfplumber.open(pdf_path) as pdf:
        pages = ["".join(p.extract_text().split()) for p in pdf.pages]
        findings = [f"{len(pages)} pages"]
        if replica.agency not in pages[0]:
            sys.exit(f"{pdf_path.name}: agency name not found as text on page 1 (fonts?)")
        if replica.split_between:
            first, last = (_page_of(pages, s) for s in replica.split_between)
            if first is None or last is None or first == last:
                sys.exit(
                    f"{pdf_path.name}: expected {replica.split_between} on different pages, got {first}/{last}"
                )
            findings.append(
                f"'{replica.split_between[0]}' on p{first}, '{replica.split_between[1]}' on p{last}"
            )
        if replica.stacked_label:
            if not _is_stacked(pdf, replica.stacked_label):
                sys.exit(f"{pdf_path.name}: '{replica.stacked_label}' is not stacked one character per line")
            findings.append(f"'{replica.stacked_label}' stacked one character per line")
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF/DOC conversion")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    replicas = [make() for make in REPLICAS]
    docx_files: list[Path] = []
    for replica in replicas:
        seed_path = args.seeds / replica.seed
        shutil.copyfile(seed_path, args.out / f"{replica.stem}.txt")
        docx_path = args.out / f"{replica.stem}.docx"
        build_docx(replica, seed_path.read_text(encoding="utf-8"), docx_path)
        docx_files.append(docx_path)
        print(f"wrote {docx_path.name} and {replica.stem}.txt")
    if args.no_pdf:
        return 0

    soffice_convert(docx_files, "pdf", args.out)
    soffice_convert([args.out / "001_zibo_zfb_2024.docx"], "doc", args.out)
    for replica in replicas:
        pdf_path = args.out / f"{replica.stem}.pdf"
        print(f"{pdf_path.name}: " + "; ".join(verify_pdf(replica, pdf_path)))
    print("wrote 001_zibo_zfb_2024.doc")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
