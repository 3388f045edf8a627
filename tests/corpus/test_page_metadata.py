"""Crawler and CMS metadata (标题, 发布时间, 文号, 发布机构, 栏目, 原文链接, …) is never report text.

Sampled sweep: real texts and the samples wrapped in random crawler headers must give the same
document as the plain copy (title, agency, year, paragraphs, tables, checks), except the date
where the report has none of its own. ``scripts/sweep_page_metadata.py`` runs it whole.
And over every sample, variant and real text, no agency holds a colon, a link, a date or a
field name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from extractor.layout import Paragraph
from extractor.page_metadata import MetaField, parse_line, split_metadata
from tests.corpus.page_meta import (
    CORPUS,
    cms_table,
    crawled_copy,
    document,
    plain_fields,
    real_texts,
    sweep_text,
    texts_to_wrap,
    title_of,
)
from tests.helpers import SAMPLES, grid_table

# Written independently of the product's own test: the forms a crawler or site line leaves.
_NOT_A_NAME = re.compile(
    r"[:：]|https?|www\.|\.s?html?|(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|"
    r"标题|题名|来源|发布机构|发布时间|发布日期|成文日期|文号|索引号|栏目|主题分类|原文链接|浏览次数"
)


def assert_clean_agency(doc: dict[str, Any], where: str) -> None:
    agency = doc["report"]["agency"]
    assert agency is None or _NOT_A_NAME.search(agency) is None, f"{where}: agency {agency!r}"
    title = doc["report"]["title"]
    assert title is None or _NOT_A_NAME.search(re.sub(r"(?:19|20)\d{2}年", "", title)) is None, f"{where}: title {title!r}"


# ---------------------------------------------------------------- lines and tables


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("标题: 平潭综合实验区2023年度政府信息公开工作年度报告", [MetaField.TITLE]),
        ("发布时间: 2024-03-0815:34", [MetaField.PUBLISHED]),
        ("文号:", [MetaField.DOC_NUMBER]),
        ("【来源】平潭综合实验区管委会办公室", [MetaField.SOURCE]),
        ("索引号：11370300MB28发布机构：淄博市国防动员办公室发布日期：2025-01-20",
         [MetaField.INDEX, MetaField.ISSUER, MetaField.PUBLISHED]),
        ("来源：淄博市国防动员办公室 发布时间：2025-01-20 10:32 浏览次数：128",
         [MetaField.SOURCE, MetaField.PUBLISHED, MetaField.VIEWS]),
        ("原文链接: http://www.pingtan.gov.cn/art/2024/3/8/art_1.html", [MetaField.LINK]),
        ("主题分类", [MetaField.TOPIC]),
    ],
)
def test_metadata_lines(line: str, fields: list[MetaField]) -> None:
    parsed = parse_line(line)
    assert parsed is not None and [e.field for e in parsed] == fields


@pytest.mark.parametrize(
    "line",
    [
        "平潭综合实验区2023年度政府信息公开工作年度报告",
        "一、总体情况",
        "2024年，本机关共收到政府信息公开申请22件，来源：自然人20件。",
        "数据来源：本机关统计",
        "来源：" + "本年度共办理政府信息公开申请二十二件，" * 10,
    ],
)
def test_report_text_is_not_metadata(line: str) -> None:
    assert parse_line(line) is None


def test_cms_metadata_table_and_flow_labels_are_taken_out() -> None:
    meta_table = grid_table([["索引号", "113503/2024-00012", "发布机构", "平潭综合实验区管委会办公室"],
                             ["主题分类", "综合政务", "发文日期", "2024-03-08"]])
    report_table = grid_table([["项目", "本年制发件数"], ["规章", "0"]])
    blocks = [
        Paragraph("栏目"), Paragraph("年度报告"),
        meta_table,
        Paragraph("平潭综合实验区2023年度政府信息公开工作年度报告"),
        report_table,
    ]
    kept, meta = split_metadata(blocks)
    assert kept == blocks[3:]
    assert meta.first(MetaField.ISSUER) == "平潭综合实验区管委会办公室"
    assert meta.first(MetaField.COLUMN) == "年度报告"
    assert meta.published == "2024-03-08"


# ---------------------------------------------------------------- the issue's report


_BODY = """根据《中华人民共和国政府信息公开条例》规定，编制本报告。
一、总体情况
2023年，本区坚持以公开为常态，全年主动公开政府信息1200条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
"""


def test_crawler_header_of_the_issue(tmp_path: Path) -> None:
    sample = (SAMPLES / "000_zibo_guofang_2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "pingtan.txt"
    path.write_text("标题: 淄博市国防动员办公室2024年政府信息公开工作年度报告\n发布时间: 2024-03-08 15:34\n文号:\n"
                    "发布机构:\n栏目:\n原文链接: http://www.example.gov.cn/a.html\n" + sample, encoding="utf-8")
    doc = document(path)
    assert doc["report"]["agency"] == "淄博市国防动员办公室"
    assert doc["report"]["title"] == "淄博市国防动员办公室2024年政府信息公开工作年度报告"
    texts = [p["text"] for s in doc["sections"] for p in s["paragraphs"]]
    assert not any(t.startswith(("标题", "发布时间", "文号", "发布机构", "栏目", "原文链接")) for t in texts)
    # This report has no date line of its own: the crawler's date stands in.
    assert document(SAMPLES / "000_zibo_guofang_2024.txt")["report"]["published_on"] is None
    assert doc["report"]["published_on"] == "2024-03-08"


def test_metadata_names_the_agency_only_where_the_report_does_not(tmp_path: Path) -> None:
    path = tmp_path / "untitled.txt"
    path.write_text("标题：平潭综合实验区2023年度政府信息公开工作年度报告\n发布时间：2024-03-08 15:34\n"
                    "发布机构：平潭综合实验区管委会办公室\n\n" + _BODY, encoding="utf-8")
    doc = document(path)
    assert doc["report"]["agency"] == "平潭综合实验区"
    assert doc["report"]["title"] == "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert doc["report"]["published_on"] == "2024-03-08"
    assert doc["report"]["year"] == 2023
    sourced = {w["where"]["field"]: w["where"]["metadata"] for w in doc["warnings"] if w["code"] == "from_page_metadata"}
    assert sourced == {"report.agency": "标题", "report.title": "标题"}


def test_issuer_stands_in_for_the_agency_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "issuer.txt"
    # Sample 000 without its agency and title lines: tables and sections, no name.
    body = (SAMPLES / "000_zibo_guofang_2024.txt").read_text(encoding="utf-8").split("\n", 3)[3]
    path.write_text("发布机构：平潭综合实验区管委会办公室\n发布日期：2024年3月8日\n\n" + body, encoding="utf-8")
    doc = document(path)
    assert doc["report"]["agency"] == "平潭综合实验区管委会办公室"
    assert [w["where"] for w in doc["warnings"] if w["code"] == "from_page_metadata"] == [
        {"field": "report.agency", "metadata": "发布机构"}]


# ---------------------------------------------------------------- sampled sweep


@pytest.mark.parametrize("path", texts_to_wrap(), ids=lambda p: p.name)
def test_crawler_headers_change_nothing_but_the_date(path: Path, tmp_path: Path) -> None:
    problems = [p for seed in range(3) for p in sweep_text(path, seed + 17 * len(path.name), tmp_path)]
    assert problems == []


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.shtml"))[:2], ids=lambda p: p.name)
def test_cms_metadata_table_is_not_report_text(sample: Path, tmp_path: Path) -> None:
    plain = document(sample)
    title, agency, year = title_of(plain, sample)
    data = sample.read_bytes().decode("gb18030")
    page = tmp_path / sample.name
    # The table above the article's title, where CMS templates put it.
    marker = "<h1 class='title'>"
    assert marker in data
    page.write_bytes(data.replace(marker, cms_table(3, title, agency, year) + marker, 1).encode("gb18030"))
    doc = document(page)
    assert plain_fields(doc) == plain_fields(plain)


# ---------------------------------------------------------------- no agency is a metadata line


def _every_sample() -> list[Path]:
    suffixes = {".txt", ".docx", ".pdf", ".htm", ".html", ".shtml"}
    return [p for p in sorted(SAMPLES.iterdir()) if p.suffix in suffixes and not p.name.startswith("005_")]


@pytest.mark.parametrize("path", [*_every_sample(), *real_texts(), *sorted((CORPUS / "real").glob("*.pdf"))],
                         ids=lambda p: p.name)
def test_no_agency_holds_metadata(path: Path) -> None:
    assert_clean_agency(document(path), path.name)


def test_no_agency_holds_metadata_in_crawled_copies(tmp_path: Path) -> None:
    for i, path in enumerate(texts_to_wrap()):
        plain = document(path)
        title, agency, year = title_of(plain, path)
        crawled = crawled_copy(path.read_text(encoding="utf-8"), 1000 + i, title, agency, year)
        copy = tmp_path / f"c{i}{path.suffix}"
        copy.write_text(crawled.text, encoding="utf-8")
        assert_clean_agency(document(copy), f"{path.name} crawled")


@pytest.mark.parametrize("seed", range(0, 40, 5))
def test_no_agency_holds_metadata_in_variants(seed: int, tmp_path: Path) -> None:
    from scripts.samples import html_pages
    from tests.corpus.variants import make_variant

    docx = tmp_path / f"variant{seed}.docx"
    expected = make_variant(seed, docx)
    assert_clean_agency(document(docx), docx.name)
    agency, year = expected["report"]["agency"], expected["report"]["year"]
    title = f"{agency}{year}年政府信息公开工作年度报告"
    content = html_pages.docx_content(docx)
    for make, suffix in ((html_pages.word_page, ".htm"), (html_pages.cms_page, ".shtml")):
        page = tmp_path / f"variant{seed}{suffix}"
        page.write_bytes(make(content, agency, title, f"{year + 1}-01-20"))
        assert_clean_agency(document(page), page.name)
