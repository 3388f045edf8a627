"""Crawler and CMS metadata: the fields a site or a crawler puts around a report.

A crawler's text copy opens with lines such as ``标题: 平潭综合实验区2023年度政府信息公开工作年度报告``,
``发布时间: 2024-03-08 15:34``, ``文号:``, ``栏目:``, ``原文链接: http://…``; a government CMS page
prints the same fields in one line ("索引号：… 发布机构：… 发布日期：…") or in a small table
(索引号 | … | 发布机构 | … / 主题分类 | … | 发文日期 | …). None of it is the report's text: not its
title, not a paragraph, not the agency line. It is taken out of the blocks here, before anything
reads them, and kept as ``PageMetadata``, which stands in for the title, the date and the agency
only where the report itself gives none (the pipeline says so with a warning).

Shared by the text reader (a metadata line is never joined to the lines around it in a
hard-wrapped copy) and the pipeline (every format: a PDF printed from a web page has them too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from extractor.layout import Block, Paragraph, Table
from extractor.outline import starts_numbered
from extractor.text import nfkc


class MetaField(StrEnum):
    TITLE = "title"
    SOURCE = "source"
    ISSUER = "issuer"
    PUBLISHED = "published"
    WRITTEN = "written"
    DOC_NUMBER = "doc_number"
    INDEX = "index"
    COLUMN = "column"
    TOPIC = "topic"
    LINK = "link"
    VIEWS = "views"


# The names sites and crawlers print, each to its field. Only names that are never the first
# words of a report's sentence followed by a colon (no bare 链接, 分类, 时间).
FIELD_NAMES: dict[str, MetaField] = {
    "标题": MetaField.TITLE,
    "题名": MetaField.TITLE,
    "文章标题": MetaField.TITLE,
    "信息名称": MetaField.TITLE,
    "来源": MetaField.SOURCE,
    "信息来源": MetaField.SOURCE,
    "文章来源": MetaField.SOURCE,
    "发布机构": MetaField.ISSUER,
    "发文机关": MetaField.ISSUER,
    "发布单位": MetaField.ISSUER,
    "发布时间": MetaField.PUBLISHED,
    "发布日期": MetaField.PUBLISHED,
    "发文日期": MetaField.PUBLISHED,
    "成文日期": MetaField.WRITTEN,
    "成文时间": MetaField.WRITTEN,
    "文号": MetaField.DOC_NUMBER,
    "发文字号": MetaField.DOC_NUMBER,
    "索引号": MetaField.INDEX,
    "栏目": MetaField.COLUMN,
    "所属栏目": MetaField.COLUMN,
    "主题分类": MetaField.TOPIC,
    "原文链接": MetaField.LINK,
    "原文地址": MetaField.LINK,
    "浏览次数": MetaField.VIEWS,
    "访问次数": MetaField.VIEWS,
    "阅读次数": MetaField.VIEWS,
    "点击数": MetaField.VIEWS,
}

_NAMES = "|".join(sorted(map(re.escape, FIELD_NAMES), key=len, reverse=True))
# A field as printed: its name, then a colon (NFKC has made a full-width one half-width); the
# brackets some crawlers put round the name ("【来源】") count as the colon.
_FIELD = re.compile(rf"[【\[]?({_NAMES})\s*(?::|[】\]]\s*:?)")
# A field's name alone (a CMS table's label cell, or that cell read as its own line).
_LABEL = re.compile(rf"^[【\[]?({_NAMES})[】\]]?\s*:?$")
# A label cell read as its own line has no colon; "文号:" with nothing after it is a crawler's
# empty field, and the line below it (often the report's agency or title) is not its value.
_BARE_LABEL = re.compile(rf"^[【\[]?({_NAMES})[】\]]?$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


@dataclass(frozen=True)
class MetaSettings:
    """How long a metadata line may be, so that report prose is never taken for one."""

    # A value is a title (the longest: about 50 characters), a date, a name, a link; a
    # "value" longer than this is a sentence of the report that happens to start with a name.
    max_value_chars: int = 160
    # A line of several fields (a CMS info bar read as one paragraph) is at most this long.
    max_line_chars: int = 400


@dataclass(frozen=True)
class MetaEntry:
    field: MetaField
    name: str  # as printed: 发布时间, 发文日期
    value: str


@dataclass
class PageMetadata:
    entries: list[MetaEntry] = field(default_factory=list)

    def first(self, which: MetaField) -> str | None:
        return next((e.value for e in self.entries if e.field is which and e.value), None)

    def entry(self, *which: MetaField) -> MetaEntry | None:
        """The first entry with a value, trying the fields in the order given."""
        for kind in which:
            found = next((e for e in self.entries if e.field is kind and e.value), None)
            if found is not None:
                return found
        return None

    @property
    def published(self) -> str | None:
        """ISO date the page was published (发布时间, else 成文日期), or None."""
        for kind in (MetaField.PUBLISHED, MetaField.WRITTEN):
            value = self.first(kind)
            iso = iso_date(value) if value else None
            if iso:
                return iso
        return None


def iso_date(text: str) -> str | None:
    match = _DATE.search(nfkc(text))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _squash(text: str) -> str:
    return nfkc(text).strip()


def parse_line(text: str, settings: MetaSettings | None = None) -> list[MetaEntry] | None:
    """The fields of a metadata line ("标题: …", "来源：X 发布时间：Y 浏览次数：Z"), or None when
    the line is not one: it must open with a field and hold nothing but fields."""
    settings = settings or MetaSettings()
    line = _squash(text)
    if not line or len(line) > settings.max_line_chars:
        return None
    label = _LABEL.match(line)
    if label:
        name = label.group(1)
        return [MetaEntry(FIELD_NAMES[name], name, "")]
    found = list(_FIELD.finditer(line))
    if not found or found[0].start() != 0:
        return None
    entries = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        value = line[match.end() : end].strip(" \t|，,;；")
        if len(value) > settings.max_value_chars:
            return None
        name = match.group(1)
        entries.append(MetaEntry(FIELD_NAMES[name], name, value))
    return entries


def is_metadata_line(text: str) -> bool:
    return parse_line(text) is not None


def _table_entries(table: Table, settings: MetaSettings) -> list[MetaEntry] | None:
    """A CMS metadata table (label cell, value cell, …; or "label：value" cells), or None when
    any of its cells is something else: a report table is never taken for one."""
    entries: list[MetaEntry] = []
    for row in table.rows():
        texts = [c.text for c in row if c.text.strip()]
        i = 0
        while i < len(texts):
            parsed = parse_line(texts[i], settings)
            if parsed is None:
                return None
            if len(parsed) == 1 and not parsed[0].value and i + 1 < len(texts) and parse_line(texts[i + 1], settings) is None:
                # A label cell: the next cell is its value.
                value = _squash(texts[i + 1])
                if len(value) > settings.max_value_chars:
                    return None
                entries.append(MetaEntry(parsed[0].field, parsed[0].name, value))
                i += 2
                continue
            entries.extend(parsed)
            i += 1
    # Two fields at least: one label-looking cell is not enough to call a table metadata.
    return entries if len(entries) >= 2 else None


def split_metadata(blocks: list[Block], settings: MetaSettings | None = None) -> tuple[list[Block], PageMetadata]:
    """The blocks without the metadata lines and tables, and the metadata they held."""
    settings = settings or MetaSettings()
    meta = PageMetadata()
    kept: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            entries = _table_entries(block, settings)
            if entries is None:
                kept.append(block)
            else:
                meta.entries.extend(entries)
            i += 1
            continue
        parsed = parse_line(block.text, settings) if isinstance(block, Paragraph) else None
        if parsed is None:
            kept.append(block)
            i += 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            len(parsed) == 1
            and not parsed[0].value
            and _BARE_LABEL.match(_squash(block.text)) is not None
            and isinstance(nxt, Paragraph)
            and parse_line(nxt.text, settings) is None
            and len(_squash(nxt.text)) <= settings.max_value_chars
            and not nxt.heading
            and not starts_numbered(nxt.text)
        ):
            # A CMS table laid out as flow: the label cell's line, then its value's line.
            meta.entries.append(MetaEntry(parsed[0].field, parsed[0].name, _squash(nxt.text)))
            i += 2
            continue
        meta.entries.extend(parsed)
        i += 1
    return kept, meta
