"""Text copies: Word-style cell-per-line tables, tab rows and markdown tables."""

from __future__ import annotations

from pathlib import Path

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
