"""Tests for the PDF reader.

Three sources: hand-made pdfplumber-like objects for the grid conversion (always run), PDFs
built here from python-docx documents through LibreOffice (run wherever ``soffice`` is
installed, CI included), and the real WPS-exported report in the shared corpus (skipped
when the corpus is not next to the repository).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import struct
from pathlib import Path

import pdfplumber
import pytest

from extractor.errors import EncryptedInput, NoTextLayer, UndecodableText, UnreadableInput
from extractor.layout import Cell, Document, Paragraph, Table
from extractor.limits import Limits, PdfBackend
from extractor.readers.office_convert import convert, find_soffice
from extractor.readers.pdf import PdfSettings
from extractor.readers.pdf.chars import dedupe_chars
from extractor.readers.pdf.drawings import is_visible_rule
from extractor.readers.pdf.grid import grid_table
from extractor.readers.pdf_document import read_pdf
from extractor.text import is_page_number
from tests.helpers import SAMPLES, SHARED, assemble_pdf

REAL_PDF = SHARED / "corpus" / "real" / "hzq2023_working.pdf"


@pytest.fixture(params=list(PdfBackend), ids=[b.value for b in PdfBackend])
def backend(request: pytest.FixtureRequest) -> Limits:
    """The hazard tests run on both PDF back ends (the default, PDFium, and pdfplumber)."""
    return Limits(pdf_backend=request.param)


# --------------------------------------------------------------------------- helpers


def _cell(table: Table, text: str) -> Cell:
    found = [c for c in table.cells if c.text == text]
    assert found, f"no cell {text!r} in {table.row_texts()}"
    return found[0]


def _table_with(doc: Document, text: str) -> Table:
    for table in doc.tables:
        if any(c.text == text for c in table.cells):
            return table
    raise AssertionError(f"no table holds a cell {text!r}")


def _char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}


# --------------------------------------------------------------------------- pure functions


def test_grid_from_cell_boxes_gives_spans_and_stacked_text() -> None:
    # A 3x3 grid whose first column is one merged cell over rows 1-2, and whose first row
    # is one merged cell over columns 1-2.
    boxes = [
        (0, 0, 20, 60),
        (20, 0, 100, 20),
        (20, 20, 60, 40),
        (60, 20, 100, 40),
        (20, 40, 60, 60),
        (60, 40, 100, 60.8),  # off by less than the snap tolerance
    ]
    stacked = [_char(ch, 5, 2 + 11 * i) for i, ch in enumerate("三、本年")]
    chars = [*stacked, _char("结", 25, 22), _char("果", 35, 22), _char("维", 25, 30), _char("持", 35, 30)]
    table = grid_table(boxes, chars, page=3, settings=PdfSettings())
    assert table is not None
    assert (table.n_rows, table.n_cols) == (3, 3)
    label = _cell(table, "三、本年")
    assert (label.row, label.col, label.rowspan, label.colspan) == (0, 0, 3, 1)
    head = [c for c in table.cells if c.row == 0 and c.col == 1][0]
    assert head.colspan == 2
    assert _cell(table, "结果维持").row == 1
    assert {c.page for c in table.cells} == {3}


def test_a_scanned_cell_over_rows_whose_rule_was_lost_is_split_by_its_text() -> None:
    """Issue 24: a scan lost the rule between two row labels (not between their values): one
    label cell over two rows, each row's label in its own band, becomes a cell a row. A label
    stacked one character a line over the rows, or a text layer's merged cell, stays whole."""
    boxes = [(0, 0, 60, 60), (60, 0, 100, 30), (60, 30, 100, 60)]

    def ocr(chars: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{**c, "ocr_confidence": 0.99} for c in chars]

    def row_label(text: str, top: float) -> list[dict[str, object]]:
        return [_char(ch, 2 + 10 * i, top) for i, ch in enumerate(text)]

    values = [_char("3", 70, 10), _char("5", 70, 40)]
    labels = row_label("4.保护", 8) + row_label("5.属于", 38) + [{**_char("1", 45, 5), "bottom": 55.0}]  # a rule's remnant
    table = grid_table(boxes, ocr(labels + values), page=1, settings=PdfSettings())
    assert table is not None
    assert [(c.text, c.row, c.rowspan) for c in table.cells if c.col == 0] == [("4.保护", 0, 1), ("5.属于1", 1, 1)]
    stacked = [_char(ch, 5, 2 + 11 * i) for i, ch in enumerate("三、本年度")]
    for chars in (ocr(stacked + values), labels[:-1] + values):
        table = grid_table(boxes, chars, page=1, settings=PdfSettings())
        assert table is not None and [c.rowspan for c in table.cells if c.col == 0] == [2]


def test_a_scanned_number_cut_by_a_column_boundary_is_marked() -> None:
    """Issue 24 (a SILENT value on a development scan): a rules-only table's column boundary,
    found from the scan's gaps, ran through 65287: "65" went to the label cell, "287" to the
    value. Both cells are marked; digits a column's padding apart, or a text layer's, are not."""
    boxes = [(0, 0, 40, 20), (40, 0, 90, 20)]

    def digits(text: str, x0: float, ocr: bool = True) -> list[dict[str, object]]:
        chars = [_char(ch, x0 + 5.5 * i, 5, size=10) | {"x1": x0 + 5.5 * i + 5} for i, ch in enumerate(text)]
        return [{**c, "ocr_confidence": 0.99} for c in chars] if ocr else chars

    def cut(chars: list[dict[str, object]]) -> list[bool]:
        table = grid_table(boxes, chars, page=1, settings=PdfSettings())
        assert table is not None
        return [c.number_cut for c in sorted(table.cells, key=lambda c: c.col)]

    assert cut(digits("65", 29) + digits("287", 40)) == [True, True]
    assert cut(digits("65", 20) + digits("287", 45)) == [False, False]
    assert cut(digits("65", 29, ocr=False) + digits("287", 40, ocr=False)) == [False, False]


def test_fake_bold_overprint_is_removed() -> None:
    def glyph(text: str, x0: float, doctop: float) -> dict[str, object]:
        return {**_char(text, x0, doctop), "doctop": doctop, "fontname": "SimSun", "upright": True}

    chars = [glyph("年", 10, 5), glyph("年", 10.4, 5.3), glyph("度", 20, 5), glyph("年", 30, 5)]
    kept = dedupe_chars(chars, PdfSettings())
    assert [(c["text"], c["x0"]) for c in kept] == [("年", 10), ("度", 20), ("年", 30)]


@pytest.mark.parametrize("text", ["- 4 -", "—4—", "— 4 —", "第 4 页", "4/12", "－ 12 －", "第3页 共8页", "7"])
def test_page_number_patterns(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2023 年", "一、总体情况", "邮编：223100", "4.保护第三方合法权益"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_invisible_and_shading_rects_are_not_rules() -> None:
    base = {"object_type": "rect", "width": 440.0, "height": 27.0}
    white_fill = {**base, "fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0)}
    shading = {**base, "fill": True, "stroke": False, "non_stroking_color": (0.776, 0.851, 0.945)}
    stroked = {**base, "fill": False, "stroke": True, "stroking_color": (0, 0, 0)}
    thin_bar = {**base, "height": 0.5, "fill": True, "stroke": False, "non_stroking_color": (0,)}
    settings = PdfSettings()
    assert not is_visible_rule(white_fill, settings)
    assert not is_visible_rule(shading, settings)
    assert is_visible_rule(stroked, settings)
    assert is_visible_rule(thin_bar, settings)


# --------------------------------------------------------------------------- unreadable PDFs

# The padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_TEXT = b"BT /F1 24 Tf 72 700 Td (Annual report 2023) Tj ET"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _minimal_pdf(path: Path, content: bytes, user_password: str | None = None) -> Path:
    """A one-page PDF drawing ``content``; with a user password, RC4-40 encrypted (V1 R2).

    Built by hand so that the test needs no PDF writer with encryption (pypdf is not a
    dependency). Only the content stream holds data to encrypt; the owner password is fixed.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"",  # the content stream, object 4, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    doc_id = hashlib.md5(b"govreport test").digest()
    encrypt = b""
    if user_password is not None:
        padded = (user_password.encode("latin-1") + _PAD)[:32]
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], padded)
        perms = -4
        key = hashlib.md5(padded + owner + struct.pack("<i", perms) + doc_id).digest()[:5]
        check = _rc4(key, _PAD)
        object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
        content = _rc4(object_key, content)
        encrypt = b" /Encrypt << /Filter /Standard /V 1 /R 2 /P %d /O <%s> /U <%s> >>" % (
            perms,
            owner.hex().encode(),
            check.hex().encode(),
        )
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    ids = b"<%s> <%s>" % (doc_id.hex().encode(), doc_id.hex().encode())
    path.write_bytes(assemble_pdf(objects, b" /ID [%s]%s" % (ids, encrypt)))
    return path


def test_minimal_pdf_is_read(tmp_path: Path, backend: Limits) -> None:
    doc = read_pdf(_minimal_pdf(tmp_path / "plain.pdf", _TEXT), backend)
    assert [p.text for p in doc.paragraphs] == ["Annual report 2023"]


def test_password_protected_pdf_is_encrypted_input(tmp_path: Path, backend: Limits) -> None:
    path = _minimal_pdf(tmp_path / "locked.pdf", _TEXT, user_password="secret")
    with pytest.raises(EncryptedInput, match="password"):
        read_pdf(path, backend)
    # The file is a real encrypted PDF, not a broken one: the password opens it.
    with pdfplumber.open(path, password="secret") as pdf:
        assert "Annual report 2023" in (pdf.pages[0].extract_text() or "")


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path: Path, backend: Limits) -> None:
    path = _minimal_pdf(tmp_path / "restricted.pdf", _TEXT, user_password="")
    with pdfplumber.open(path) as pdf:
        assert pdf.doc.encryption is not None
    doc = read_pdf(path, backend)
    assert [p.text for p in doc.paragraphs] == ["Annual report 2023"]


def test_drawing_only_pdf_has_no_text_layer(tmp_path: Path, backend: Limits) -> None:
    # A page with paint but no characters, as a scan's image page has.
    path = _minimal_pdf(tmp_path / "scan.pdf", b"0.5 g 72 72 450 700 re f")
    with pytest.raises(NoTextLayer):
        read_pdf(path, backend)


def test_pdf_without_text_layer(tmp_path: Path, backend: Limits) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    blank.save(str(path))
    with pytest.raises(NoTextLayer):
        read_pdf(path, backend)


def test_unreadable_file_raises_unreadable_input(tmp_path: Path, backend: Limits) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(UnreadableInput, match="not a valid PDF"):
        read_pdf(bad, backend)


def test_truncated_pdf_raises_unreadable_input(tmp_path: Path, backend: Limits) -> None:
    whole = _minimal_pdf(tmp_path / "whole.pdf", _TEXT).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[:200])
    with pytest.raises(UnreadableInput):
        read_pdf(cut, backend)


def test_fonts_without_unicode_maps_are_undecodable_text(tmp_path: Path, backend: Limits) -> None:
    from tests.corpus.bad_inputs import unmapped_font_pdf

    with pytest.raises(UndecodableText, match="Unicode maps"):
        read_pdf(unmapped_font_pdf(tmp_path / "unmapped.pdf"), backend)


def test_fake_bold_overprint_is_read_once(tmp_path: Path, backend: Limits) -> None:
    # The same line drawn twice, the copy shifted by a third of a point, as "fake bold" is.
    content = _TEXT + b" BT /F1 24 Tf 72.3 700.2 Td (Annual report 2023) Tj ET"
    doc = read_pdf(_minimal_pdf(tmp_path / "bold.pdf", content), backend)
    assert [p.text for p in doc.paragraphs] == ["Annual report 2023"]


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_is_read_with_its_rotation(tmp_path: Path, rotation: int, backend: Limits) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=_minimal_pdf(tmp_path / "plain.pdf", _TEXT))
    writer.pages[0].rotate(rotation)
    path = tmp_path / f"rotated{rotation}.pdf"
    writer.write(path)
    doc = read_pdf(path, backend)
    # Turned by a quarter, the line stands on end (one character a line); upside down it
    # reads right to left. Either way all of its characters are there, in the PDF's order.
    text = "".join(p.text for p in doc.paragraphs).replace(" ", "").replace("\n", "")
    assert sorted(text) == sorted("Annualreport2023")


# --------------------------------------------------------------------------- the real WPS report


@pytest.fixture(scope="module")
def real() -> Document:
    if not REAL_PDF.exists():
        pytest.skip(f"real corpus PDF not available: {REAL_PDF}")
    return read_pdf(REAL_PDF)


def test_real_format_and_pages(real: Document) -> None:
    assert real.format == "pdf"
    assert real.pages == 5


def test_real_no_bogus_tables(real: Document) -> None:
    # WPS draws a white rectangle behind every prose line: none of that is a table.
    assert all(t.n_cols >= 2 for t in real.tables)
    assert not [t for t in real.tables if t.page == 1]
    first_p2 = [t for t in real.tables if t.page == 2][0]
    assert first_p2.cells[0].text == "第二十条第（一）项"
    assert first_p2.bbox is not None and first_p2.bbox[1] > 440  # prose above is not glued on
    assert [(t.page, t.n_cols) for t in real.tables] == [(2, 4), (3, 2), (3, 10), (4, 10), (4, 15)]


def test_real_application_table_grid(real: Document) -> None:
    table = _table_with(real, "三、本年度办理结果")
    assert table.page == 3
    assert (table.n_rows, table.n_cols) == (17, 10)
    label = _cell(table, "三、本年度办理结果")
    assert (label.row, label.col, label.rowspan, label.colspan) == (5, 0, 12, 1)
    withheld = _cell(table, "（三）不予公开")
    assert (withheld.row, withheld.col, withheld.rowspan) == (7, 1, 8)
    new = _cell(table, "一、本年新收政府信息公开申请数量")
    assert (new.row, new.col, new.colspan) == (3, 0, 3)
    assert [c.text for c in table.rows()[3][1:]] == ["21", "0", "0", "0", "0", "0", "21"]
    # The last row sits at the page bottom without a closing rule and is still a row.
    assert [c.text for c in table.rows()[16]] == [
        "2.没有现成信息需要另行制作",
        "3",
        "0",
        "0",
        "0",
        "0",
        "0",
        "3",
    ]
    assert _cell(table, "商业企业").col == 4


def test_real_table_continued_on_next_page(real: Document) -> None:
    page4 = [t for t in real.tables if t.page == 4 and t.n_cols == 10][0]
    # The label columns continue from page 3 without a top rule: one empty merged cell.
    corner = page4.grid()[0][0]
    assert corner is not None and corner.text == "" and corner.rowspan == 8
    assert _cell(page4, "（五）不予处理").rowspan == 5
    assert page4.rows()[-1][0].text == "四、结转下年度继续办理"
    assert all(c.page == 4 for c in page4.cells)


def test_real_table4_fifteen_numbers(real: Document) -> None:
    table = [t for t in real.tables if t.n_cols == 15][0]
    assert table.page == 4
    values = [c.text for c in table.rows()[-1]]
    assert values == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert _cell(table, "行政诉讼").colspan == 10
    maintained = [c for c in table.cells if c.text == "结果维持"]
    assert [(c.row, c.col, c.rowspan) for c in maintained] == [(1, 0, 2), (2, 5, 1), (2, 10, 1)]


def test_real_paragraphs(real: Document) -> None:
    texts = [p.text for p in real.paragraphs]
    assert any("邮编：223100，电话：0517-87222589" in t for t in texts)
    assert not any(re.search(r"[-—]\s*\d+\s*[-—]", t) for t in texts)
    assert "一、总体情况" in texts
    # Page 1 ends mid-sentence ("执行“分") and page 2 goes on: one paragraph.
    assert any("执行“分级审核、先审后发”程序" in t for t in texts)
    assert not any(t.startswith("级审核") for t in texts)


def test_real_reading_order(real: Document) -> None:
    keys = [(b.page or 0, b.bbox[1] if b.bbox else 0.0) for b in real.blocks]
    assert keys == sorted(keys)
    kinds = ["T" if isinstance(b, Table) else "P" for b in real.blocks]
    heading = [
        b for b in real.blocks if isinstance(b, Paragraph) and b.text == "三、收到和处理政府信息公开申请情况"
    ]
    i = real.blocks.index(heading[0])
    assert kinds[i + 1] == "T"


# --------------------------------------------------------------------------- PDFs made from Word files


def _borders(table: object, sides: set[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if side in sides else "nil")
        if side in sides:
            edge.set(qn("w:sz"), "6")
            edge.set(qn("w:color"), "000000")
        element.append(edge)
    table._tbl.tblPr.append(element)  # type: ignore[attr-defined]


def _cell_bottom_rule(cell: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    borders.append(bottom)
    cell._tc.get_or_add_tcPr().append(borders)  # type: ignore[attr-defined]


def _page_footer(section: object) -> None:
    """Footer "- N -" with a PAGE field, and a running header."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.header.paragraphs[0].text = "测试单位信息公开年度报告"  # type: ignore[attr-defined]
    para = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    para.alignment = 1
    para.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    para.add_run(" -")


def _build_docx(path: Path) -> None:
    from docx import Document as new_docx
    from docx.shared import Cm

    doc = new_docx()
    _page_footer(doc.sections[0])
    doc.add_paragraph("测试单位2023年年度报告")
    doc.add_paragraph(
        "本报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。如有疑问请联系（地址：某市某路90号，邮编：223100）。"
    )

    doc.add_paragraph("一、合并单元格")
    merged = doc.add_table(rows=6, cols=4)
    merged.style = "Table Grid"
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "表头合并"
    merged.cell(0, 2).text = "数量"
    merged.cell(0, 3).text = "备注"
    merged.cell(1, 0).merge(merged.cell(5, 0)).text = "三、本年度办理结果"
    for r in range(1, 6):
        merged.cell(r, 1).text = f"项目{r}"
        merged.cell(r, 2).text = str(r * 10)
    merged.cell(2, 3).text = "结果\n维持"
    merged.columns[0].width = Cm(0.8)
    for row in merged.rows:
        row.cells[0].width = Cm(0.8)

    doc.add_paragraph("二、只有横线的表格")
    ruled = doc.add_table(rows=4, cols=3)
    _borders(ruled, {"top", "bottom", "insideH"})
    for r, row in enumerate(
        [
            ["名称", "本年新增", "累计"],
            ["行政许可", "550", "1200"],
            ["行政处罚", "4119", "8000"],
            ["合计", "4669", "9200"],
        ]
    ):
        for c, value in enumerate(row):
            ruled.cell(r, c).text = value

    doc.add_paragraph("三、三线表")
    three = doc.add_table(rows=4, cols=3)
    _borders(three, {"top", "bottom"})
    for r, row in enumerate(
        [
            ["名称", "数量", "备注"],
            ["甲", "1", "无"],
            ["行政处罚事项名称比较长需要换行显示的示例文字", "2", "有"],
            ["丙", "3", "无"],
        ]
    ):
        for c, value in enumerate(row):
            three.cell(r, c).text = value
    for c in range(3):
        _cell_bottom_rule(three.cell(0, c))

    doc.add_paragraph("四、跨页表格")
    long = doc.add_table(rows=40, cols=3)
    long.style = "Table Grid"
    for r in range(40):
        for c in range(3):
            long.cell(r, c).text = f"第{r + 1}行" if c == 0 else str(r * 3 + c)
    doc.add_paragraph("这是一个很长的段落，用来测试跨页合并。" * 45)
    doc.add_paragraph("报告结束。")
    doc.save(str(path))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Document:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    work = tmp_path_factory.mktemp("pdfgen")
    source = work / "tables.docx"
    _build_docx(source)
    (pdf,) = convert([source], "pdf", work, timeout=180)
    return read_pdf(pdf)


def test_generated_merged_cells_and_stacked_label(generated: Document) -> None:
    table = _table_with(generated, "三、本年度办理结果")
    label = _cell(table, "三、本年度办理结果")
    assert (label.row, label.col, label.rowspan, label.colspan) == (1, 0, 5, 1)
    assert _cell(table, "表头合并").colspan == 2
    assert _cell(table, "结果维持").col == 3
    assert (table.n_rows, table.n_cols) == (6, 4)


def test_generated_horizontal_rules_only(generated: Document) -> None:
    table = _table_with(generated, "行政许可")
    assert (table.n_rows, table.n_cols) == (4, 3)
    assert table.row_texts() == [
        ["名称", "本年新增", "累计"],
        ["行政许可", "550", "1200"],
        ["行政处罚", "4119", "8000"],
        ["合计", "4669", "9200"],
    ]


def test_generated_three_line_table(generated: Document) -> None:
    table = _table_with(generated, "甲")
    assert table.row_texts() == [
        ["名称", "数量", "备注"],
        ["甲", "1", "无"],
        ["行政处罚事项名称比较长需要换行显示的示例文字", "2", "有"],
        ["丙", "3", "无"],
    ]


def test_generated_table_over_page_break(generated: Document) -> None:
    parts = [
        t for t in generated.tables if any(c.text.startswith("第") and c.text.endswith("行") for c in t.cells)
    ]
    assert len(parts) == 2
    assert parts[1].page == parts[0].page + 1  # type: ignore[operator]
    assert parts[0].rows()[0][0].text == "第1行"
    assert parts[1].rows()[-1][0].text == "第40行"
    assert parts[0].n_rows + parts[1].n_rows == 40
    assert all(t.n_cols == 3 for t in parts)


def test_generated_paragraphs(generated: Document) -> None:
    texts = [p.text for p in generated.paragraphs]
    assert any("邮编：223100" in t for t in texts)
    assert not any(re.fullmatch(r"-\s*\d+\s*-", t) for t in texts)
    assert "测试单位信息公开年度报告" not in texts  # running header
    long = [t for t in texts if "很长的段落" in t]
    assert len(long) == 1 and long[0].count("这是一个很长的段落") == 45
    assert texts[-1] == "报告结束。"
    # No table cell text leaks into the paragraphs.
    assert not any(t in ("第1行", "4119", "行政许可") for t in texts)


# --------------------------------------------------------------------------- samples, when present

SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=[p.name for p in SAMPLE_PDFS])
def test_samples_read_cleanly(path: Path) -> None:
    doc = read_pdf(path)
    assert doc.pages and doc.pages >= 1
    assert doc.paragraphs
    assert all(t.n_cols >= 2 for t in doc.tables)
    assert all(c.page is not None and c.bbox is not None for t in doc.tables for c in t.cells)
    assert not any(is_page_number(p.text) for p in doc.paragraphs)


# --------------------------------------------------------------------------- settings


def test_settings_reach_the_table_finders() -> None:
    # With grid lines up to 30pt apart taken as one, the narrow value columns of the sample's
    # 15-column table merge: a reader that ignored its settings would return the same grid.
    sample = SAMPLES / "000_zibo_guofang_2024.pdf"
    default = read_pdf(sample)
    coarse = read_pdf(sample, settings=dataclasses.replace(PdfSettings(), snap_tolerance=30.0))
    assert max(t.n_cols for t in default.tables) == 15
    assert max(t.n_cols for t in coarse.tables) < 15


def test_settings_are_frozen() -> None:
    settings = PdfSettings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.snap_tolerance = 5.0  # type: ignore[misc]
