"""Reader for HTML pages: the annual report as a government website publishes it.

A saved page is the report wrapped in the site's chrome (menus, breadcrumbs, footers, share
buttons, accessibility toolbars). The reader, one step per module:

* ``encoding``: the bytes decoded (BOM, then the page's ``<meta>`` charset, then UTF-8, then
  GB18030);
* ``tree``: parsed with lxml's HTML parser (no network, no DTD, comments and processing
  instructions dropped; scripts, styles and widgets removed before anything is read);
* ``chrome``: site chrome removed by what it is (``nav``/``footer``/``aside``, class and id
  names of menus, breadcrumbs, toolbars, link lists, "当前位置" lines), never an element
  holding a table or much text;
* ``article``: the article found by text and table density;
* here: paragraphs (``h1``–``h6``, ``p``, ``div`` and ``<br>``-separated lines) and tables
  (``tables``: ``rowspan``/``colspan`` on a true grid, each merged cell once) in document
  order. A table that lays out the page (one cell, or cells holding tables or prose) is read
  as flow.

Cells carry no page or box: a web page has neither. Their ``source`` is the table's index on
the page and the cell's grid row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from extractor.contract import Warning
from extractor.errors import LimitExceeded
from extractor.layout import Block, Document, Paragraph
from extractor.limits import MAX_HTML_BYTES, MAX_TABLE_NESTING
from extractor.readers.html.article import find_article
from extractor.readers.html.chrome import remove_chrome
from extractor.readers.html.encoding import decode_html
from extractor.readers.html.settings import HtmlSettings
from extractor.readers.html.tables import cells_of, read_grid, rows_of
from extractor.readers.html.tree import BLOCK_TAGS, collapse, parse_html, text_of
from extractor.text import nfkc, tidy_paragraph
from extractor.warning_codes import WarningCode

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?)(?:$|[?#])", re.I)
# A CMS page's meta line: "发布日期：2025-01-20", "发布时间: 2025年1月20日 10:32".
_PUBLISHED = re.compile(r"发布(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# Characters after 发布 the date line may take ("发布日期：　２０２５年１２月３１日").
_PUBLISHED_SPAN = 40


@dataclass
class _Flow:
    """The article read in document order into paragraphs and tables."""

    settings: HtmlSettings
    data_tables: set[etree._Element]
    warnings: list[Warning] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    heading_depth: int = 0
    tables_read: int = 0

    def flush(self) -> None:
        text = tidy_paragraph("".join(self.line))
        self.line = []
        if text:
            self.blocks.append(Paragraph(text=text, heading=self.heading_depth > 0))

    def inline(self, text: str | None) -> None:
        if text:
            self.line.append(collapse(text))

    def walk(self, el: etree._Element, depth: int = 0, tables: int = 0) -> None:
        tag = el.tag
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(el, depth, tables + 1)
        elif depth > self.settings.max_element_depth:
            self.inline(text_of(el))
        elif tag in BLOCK_TAGS:
            self.flush()
            heading = tag in _HEADINGS
            self.heading_depth += heading
            self.inline(el.text)
            for child in el.iterchildren(etree.Element):
                self.walk(child, depth + 1, tables)
            self.flush()
            self.heading_depth -= heading
        else:
            self.inline(el.text)
            for child in el.iterchildren(etree.Element):
                self.walk(child, depth + 1, tables)
        self.inline(el.tail)

    def table(self, el: etree._Element, depth: int, tables: int) -> None:
        if tables > MAX_TABLE_NESTING:
            text = collapse(text_of(el)).strip()
            self.warnings.append(
                Warning(code=WarningCode.NESTING_LIMIT,
                        message=f"a table nested deeper than {MAX_TABLE_NESTING} levels was not read "
                        f"({len(text)} characters: {text[:40]}…)")
            )
            return
        for caption in el.iterchildren("caption"):
            # Its title ("表一 主动公开政府信息情况"), a paragraph before the table.
            self.walk(caption, depth + 1, tables)
        if el not in self.data_tables:
            # Read as the page's flow: each cell's content in order, its tables as tables.
            for tr in rows_of(el):
                for cell in cells_of(tr):
                    self.walk(cell, depth + 1, tables)
            return
        table, warnings = read_grid(el, self.tables_read, self.settings)
        self.warnings.extend(warnings)
        if table.cells:
            self.blocks.append(table)
            self.tables_read += 1


def attachment_links(el: etree._Element) -> list[str]:
    """Links to report files (PDF, Word, OFD) as written in the page."""
    found = [a.get("href", "").strip() for a in el.iter("a") if _ATTACHMENT.search(a.get("href", "").strip())]
    return list(dict.fromkeys(found))


def published_date(el: etree._Element) -> str | None:
    """The page's publication date from its first 发布日期/发布时间 line, ISO; None if absent."""
    text = text_of(el)
    # Only where 发布 is written: the pattern over a whole page costs more than reading it.
    at = text.find("发布")
    while at >= 0:
        match = _PUBLISHED.match(nfkc(text[at : at + _PUBLISHED_SPAN]))
        if match is not None:
            year, month, day = (int(g) for g in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
        at = text.find("发布", at + 2)
    return None


def read_html(path: Path, fmt: str = "html", settings: HtmlSettings | None = None) -> Document:
    settings = settings or HtmlSettings()
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        # A report page is tens to hundreds of kB; lxml's tree costs many times the file.
        raise LimitExceeded(f"the HTML file is {size / 1e6:.1f} MB, over the {MAX_HTML_BYTES / 1e6:g} MB a page may have")
    text, warnings = decode_html(path.read_bytes(), settings.prescan_bytes)
    root, parse_warnings = parse_html(text)
    warnings.extend(parse_warnings)
    body = root.find("body")
    if body is None:
        body = root
    links = attachment_links(body)
    published = published_date(body)  # before the chrome goes: the line often sits in it
    measure = remove_chrome(body, settings)
    flow = _Flow(settings=settings, data_tables=measure.data_tables, warnings=warnings)
    flow.walk(find_article(body, measure, settings))
    flow.flush()
    return Document(
        blocks=flow.blocks, format=fmt, pages=None, warnings=flow.warnings, attachments=links, published=published
    )
