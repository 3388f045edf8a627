"""The report year from its title, as OCR reads it."""

from __future__ import annotations

from extractor.layout import Paragraph
from extractor.metadata import read_metadata


def test_a_year_read_with_a_space_inside_is_still_the_year() -> None:
    # Issue 24: OCR reads the title's "2022年" as "202 2年" (a gap the glyphs left).
    meta = read_metadata([Paragraph("嘉兴市南湖区人民政府"), Paragraph("202 2年政府信息公开工作年度报告")])
    assert meta.year == 2022


def test_the_rest_of_a_misread_title_is_no_agency() -> None:
    # OCR lost 信 of 信息公开 in a title that names its agency after the year.
    meta = read_metadata([Paragraph("2022年度政府息公开工作年度报告")])
    assert meta.agency is None and meta.year == 2022
