"""Text copies: Word-style cell-per-line tables, tab rows and markdown tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout import ColumnPositions
from extractor.readers.text_reader import TextSettings, read_text

WORD_STYLE = (
    "二、主动公开政府信息情况\n"
    "\t信息内容\n\t本年制发件数\n\n"
    "\t规章\n\t　3\n\n"
    "\t结果\n\n维持\n\t总计\n\n\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def test_word_style_cells_rows_and_broken_cells(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(WORD_STYLE, encoding="utf-8")
    doc = read_text(path)
    (table,) = doc.tables
    assert table.row_texts() == [["信息内容", "本年制发件数"], ["规章", "　3"], ["结果\n维持", "总计"]]
    assert [p.text for p in doc.paragraphs] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_tab_rows_keep_empty_fields_as_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("标题\n\t\t自然人\t总计\n一、本年新收\t\t21\t21\n正文", encoding="utf-8")
    (table,) = read_text(path).tables
    assert table.positions is ColumnPositions.HINTS
    assert table.row_texts() == [["", "", "自然人", "总计"], ["一、本年新收", "", "21", "21"]]


def test_a_blank_cells_mark_glued_to_a_spaced_rows_label_is_a_cell(tmp_path: Path) -> None:
    """A copy that lost the space before a blank cell's mark ("政府集中采购/ 0", "规章 — 3 5"):
    the mark is the first value cell, so the numbers after it keep their columns (in the label,
    the 0 of 采购总金额 was read, with no warning, as 采购项目数量)."""
    path = tmp_path / "r.txt"
    path.write_text("（八）政府集中采购\n政府集中采购/ 0\n规章 — 3 5\n行政许可无　12\n正文", encoding="utf-8")
    (table,) = read_text(path).tables
    assert table.row_texts() == [["政府集中采购", "/", "0"], ["规章", "—", "3", "5"], ["行政许可", "无", "12"]]


def test_markdown_table_and_headings(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(
        "## 一、总体情况\n\n**扩大公开范围。**正文。\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 97 |\n",
        encoding="utf-8",
    )
    doc = read_text(path, "md")
    assert doc.paragraphs[0].heading and doc.paragraphs[0].text == "一、总体情况"
    assert doc.paragraphs[1].text == "扩大公开范围。正文。"
    assert doc.tables[0].row_texts() == [["信息内容", "本年处理决定数量"], ["行政许可", "97"]]


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes("一、总体情况\n本年度收到申请3件。".encode("gb18030"))
    assert read_text(path).paragraphs[0].text == "一、总体情况"


def test_hard_wrapped_copy_is_rejoined_by_the_settings_rule(tmp_path: Path) -> None:
    """Lines cut at a fixed width are one paragraph; the rule's thresholds come from
    TextSettings, so demanding more lines than the copy has leaves every line apart."""
    prose = "本机关坚持以公开为常态不公开为例外的原则，持续推进政务公开标准化规范化建设工作。" * 4
    lines = [prose[i : i + 22] for i in range(0, len(prose), 22)]
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(read_text(path).paragraphs) < len(lines)
    strict = TextSettings(hard_wrap_min_lines=len(lines) + 1)
    assert len(read_text(path, settings=strict).paragraphs) == len(lines)


# Page breaks inside tables: what a paginated original leaves between two rows.
TAB_TABLE = [
    "三、收到和处理政府信息公开申请情况",
    "\t\t自然人\t总计",
    "一、本年新收\t\t21\t21",
    "二、上年结转\t\t3\t3",
    "四、结转下年度继续办理\t\t2\t2",
    "四、政府信息公开行政复议、行政诉讼情况",
]


def _tab_rows(tmp_path: Path, lines: list[str]) -> list[list[str]]:
    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    (table,) = read_text(path).tables
    return table.row_texts()


@pytest.mark.parametrize("footer", ["— 4 —", "- 4 -", "第 4 页 共 7 页", "第4页", "4", "4/7", "\f"])
def test_a_page_footer_between_rows_is_dropped(tmp_path: Path, footer: str) -> None:
    plain = _tab_rows(tmp_path, TAB_TABLE)
    assert _tab_rows(tmp_path, [*TAB_TABLE[:3], footer, *TAB_TABLE[3:]]) == plain
    assert _tab_rows(tmp_path, [*TAB_TABLE[:2], "", footer, "", *TAB_TABLE[2:]]) == plain


def test_a_lone_large_number_is_no_page_footer_and_no_cell(tmp_path: Path) -> None:
    """A number no page has (1465) between two rows is not dropped as a footer, and it does
    not become a cell either: it ends the table and stays as text."""
    path = tmp_path / "r.txt"
    path.write_text("\n".join([*TAB_TABLE[:3], "1465", *TAB_TABLE[3:]]), encoding="utf-8")
    doc = read_text(path)
    assert all("1465" not in cell for table in doc.tables for row in table.row_texts() for cell in row)
    assert "1465" in [p.text for p in doc.paragraphs]


def test_a_footer_outside_a_table_stays_a_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n本年度收到申请3件。\n— 4 —\n二、主动公开政府信息情况", encoding="utf-8")
    assert "—4—" in [p.text for p in read_text(path).paragraphs]


def test_repeated_header_rows_are_dropped(tmp_path: Path) -> None:
    header = ["第二十条第（一）项\t\t\t", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"]
    rows = ["规章\t0\t0\t0", "行政规范性文件\t1\t0\t1"]
    plain = _tab_rows(tmp_path, ["二、主动公开政府信息情况", *header, *rows])
    assert _tab_rows(tmp_path, ["二、主动公开政府信息情况", *header, rows[0], "— 4 —", *header, rows[1]]) == plain
    assert _tab_rows(tmp_path, ["二、主动公开政府信息情况", *header, rows[0], *header, rows[1]]) == plain


WORD_HEADER = ["\t信息内容", "\t本年制发件数", "\t本年废止件数", ""]
WORD_ROWS = ["\t规章", "\t0", "\t0", "\t2", "", "\t行政规范性文件", "\t1", "\t0", "\t1"]


def _word_rows(tmp_path: Path, lines: list[str]) -> list[list[str]]:
    return _tab_rows(tmp_path, ["二、主动公开政府信息情况", *lines, "", "三、收到和处理政府信息公开申请情况"])


@pytest.mark.parametrize("cut", range(1, 4))
@pytest.mark.parametrize("insert", [["— 4 —"], ["", "4", ""], ["", *WORD_HEADER], ["第4页", "", *WORD_HEADER]])
def test_a_word_style_row_cut_by_a_page_break_is_joined(tmp_path: Path, cut: int, insert: list[str]) -> None:
    """One cell per line: a break after the label or between two numbers of 规章 leaves one
    row, with its numbers in order."""
    plain = _word_rows(tmp_path, [*WORD_HEADER, *WORD_ROWS])
    assert plain[1] == ["规章", "0", "0", "2"]
    assert _word_rows(tmp_path, [*WORD_HEADER, *WORD_ROWS[:cut], *insert, *WORD_ROWS[cut:]]) == plain


def test_a_word_style_cell_broken_by_a_page_break_keeps_its_second_line(tmp_path: Path) -> None:
    cell = ["\t5.要求行政机关确认或重新", "", "出具已获取信息", "\t0", "\t0"]
    above = ["\t4.无正当理由大量反复申请", "\t0", "\t0", ""]
    plain = _word_rows(tmp_path, [*above, *cell])
    assert plain[-1] == ["5.要求行政机关确认或重新\n出具已获取信息", "0", "0"]
    broken = [*above, *cell[:2], "— 4 —", *cell[2:]]
    assert _word_rows(tmp_path, broken) == plain


def test_a_row_of_numbers_is_not_joined_to_the_header_above_it(tmp_path: Path) -> None:
    """Table 4's single row is all numbers: after a break under the header it stays a row."""
    header = ["\t结果维持", "\t结果纠正", "\t总计", ""]
    numbers = ["\t1", "\t0", "\t1"]
    plain = _word_rows(tmp_path, [*header, *numbers])
    assert plain == [["结果维持", "结果纠正", "总计"], ["1", "0", "1"]]
    assert _word_rows(tmp_path, [*header, "— 4 —", *numbers]) == plain


@pytest.mark.parametrize("footer", [["— 5 —"], ["", "5", ""]])
@pytest.mark.parametrize("where", ["before the heading", "after the heading"])
def test_a_footer_between_two_word_style_tables_keeps_the_heading(tmp_path: Path, footer: list[str], where: str) -> None:
    """Table 3 ends a page, the next section's heading and table 4 start the next one: the
    heading stays a paragraph, not the second line of table 3's last cell."""
    table3 = ["\t四、结转下年度继续办理", "\t1", "\t1", ""]
    heading = ["四、政府信息公开行政复议、行政诉讼情况"]
    table4 = ["\t行政复议", "\t行政诉讼", "", "\t0", "\t0"]
    middle = [*footer, *heading] if where == "before the heading" else [*heading, *footer]
    path = tmp_path / "r.txt"
    path.write_text("\n".join(["三、收到和处理政府信息公开申请情况", *table3, *middle, *table4]), encoding="utf-8")
    doc = read_text(path)
    assert heading[0] in [p.text for p in doc.paragraphs]
    assert [t.row_texts()[-1] for t in doc.tables] == [["四、结转下年度继续办理", "1", "1"], ["0", "0"]]


@pytest.mark.parametrize("insert", [["— 4 —"], ["", "第4页", ""]])
def test_a_word_style_header_row_cut_by_a_footer_is_joined(tmp_path: Path, insert: list[str]) -> None:
    """A footer framed evenly between two header cells: one header row, so the columns stay."""
    plain = _word_rows(tmp_path, [*WORD_HEADER, *WORD_ROWS])
    assert _word_rows(tmp_path, [*WORD_HEADER[:2], *insert, *WORD_HEADER[2:], *WORD_ROWS]) == plain


@pytest.mark.parametrize("insert", [["", "— 4 —"], ["— 4 —", ""], ["", "", "4", ""]])
def test_a_footer_next_to_a_row_break_keeps_the_rows_apart(tmp_path: Path, insert: list[str]) -> None:
    """An empty line more on one side of the footer is the row break: two header rows stay two."""
    header = ["\t第二十条第（一）项", "", *WORD_HEADER]
    plain = _word_rows(tmp_path, [*header, *WORD_ROWS])
    assert plain[0] == ["第二十条第（一）项"]
    assert _word_rows(tmp_path, [header[0], *insert, *header[2:], *WORD_ROWS]) == plain


def test_a_repeated_header_after_a_cells_second_line_is_dropped(tmp_path: Path) -> None:
    """The repeated header cuts the table after a cell's second line: the cell keeps its
    line, the row its numbers, and the header is not read as rows."""
    header = ["\t信息内容", "\t总计", ""]
    cell = ["\t5.要求行政机关确认或重新", "", "出具已获取信息"]
    rows = ["\t4.无正当理由大量反复申请", "\t0", "\t0", "", *cell, "\t0", "\t0"]
    plain = _word_rows(tmp_path, [*header, *rows])
    assert plain[-1] == ["5.要求行政机关确认或重新\n出具已获取信息", "0", "0"]
    assert _word_rows(tmp_path, [*header, *rows[:-2], "", *header, *rows[-2:]]) == plain
