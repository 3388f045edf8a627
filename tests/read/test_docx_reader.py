"""The DOCX reader's grid: merged cells once, with their true spans."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor.readers.docx_reader import read_docx


def _merged_table_docx(path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("淄博市测试局")
    table = doc.add_table(rows=4, cols=4)
    # Horizontal merge (gridSpan) across the header, vertical merge (vMerge) down column 0.
    top = table.cell(0, 0).merge(table.cell(0, 3))
    top.text = "第二十条第（一）项"
    left = table.cell(1, 0).merge(table.cell(3, 0))
    left.text = "三\n、\n本\n年"
    table.cell(1, 1).text = "（一）予以公开"
    table.cell(1, 2).text = "1"
    table.cell(1, 3).text = "2"
    table.cell(2, 1).text = "结果\n维持"
    # A nested table inside a cell.
    inner = table.cell(3, 3).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层"
    inner.cell(0, 1).text = "7"
    doc.add_paragraph("一、总体情况")
    doc.save(str(path))


def test_merged_cells_have_spans(tmp_path: Path) -> None:
    path = tmp_path / "merged.docx"
    _merged_table_docx(path)
    document = read_docx(path)
    outer, nested = document.tables
    cells = {(c.row, c.col): c for c in outer.cells}
    assert (cells[(0, 0)].rowspan, cells[(0, 0)].colspan) == (1, 4)
    assert cells[(1, 0)].rowspan == 3 and cells[(1, 0)].colspan == 1
    # Stacked characters in a narrow cell become one label; no duplicate cells for merges.
    assert cells[(1, 0)].text == "三、本年"
    assert cells[(2, 1)].text == "结果维持"
    assert len([c for c in outer.cells if c.text == "第二十条第（一）项"]) == 1
    assert [c.text for c in nested.cells] == ["内层", "7"]
    # Body order: paragraph, table, nested table, paragraph.
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["Paragraph", "Table", "Table", "Paragraph"]


def test_grid_before_shifts_columns(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    for i, text in enumerate(["a", "b", "c"]):
        table.cell(0, i).text = text
    row = table.rows[1]._tr
    # Drop the first cell of row 2 and declare one grid column skipped before the row.
    row.remove(row.tc_lst[0])
    tr_pr = row.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr_pr.append(before)
    first_left = row.tc_lst[0]
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "x"
    run.append(t)
    first_left.p_lst[0].append(run)
    path = tmp_path / "before.docx"
    doc.save(str(path))
    table_block = read_docx(path).tables[0]
    x = next(c for c in table_block.cells if c.text == "x")
    assert (x.row, x.col) == (1, 1)


def test_text_box_content_is_kept(tmp_path: Path) -> None:
    doc = docx.Document()
    p = doc.add_paragraph("正文")
    # A minimal DrawingML-free text box (VML) holding a paragraph.
    pict = OxmlElement("w:pict")
    shape = OxmlElement("w:txbxContent")
    inner_p = OxmlElement("w:p")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "文本框里的联系电话"
    run.append(t)
    inner_p.append(run)
    shape.append(inner_p)
    pict.append(shape)
    r = p.add_run()._r
    r.append(pict)
    path = tmp_path / "box.docx"
    doc.save(str(path))
    texts = [b.text for b in read_docx(path).paragraphs]
    assert "正文" in texts
    assert "文本框里的联系电话" in texts
