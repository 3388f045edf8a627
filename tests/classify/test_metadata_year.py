"""The report year from its title, as OCR reads it."""

from __future__ import annotations

from extractor.layout import Paragraph
from extractor.metadata import read_metadata


def test_a_year_read_with_a_space_inside_is_still_the_year() -> None:
    # Issue 24: OCR reads the title's "2022年" as "202 2年" (a gap the glyphs left).
    meta = read_metadata([Paragraph("嘉兴市南湖区人民政府"), Paragraph("202 2年政府信息公开工作年度报告")])
    assert meta.year == 2022
