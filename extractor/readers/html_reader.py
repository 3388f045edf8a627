"""Reader for HTML pages: the annual report as a government website publishes it.

A saved page is the report wrapped in the site's chrome (menus, breadcrumbs, footers, share
buttons, accessibility toolbars). The reader

* decodes the bytes (BOM, then the page's ``<meta>`` charset, then UTF-8, then GB18030);
* parses them with lxml's HTML parser (no network, no DTD, comments and processing
  instructions dropped; scripts, styles and forms' widgets removed before anything is read);
* removes chrome by what it is (``nav``/``footer``/``aside``, class and id names of menus,
  breadcrumbs, toolbars, link lists, "当前位置" lines), never an element holding a table or
  much text;
* finds the article by text and table density: from ``<body>`` down, into the child that holds
  nearly all of the content (known CMS containers weigh more), stopping where the report's
  title is a sibling;
* reads paragraphs (``h1``–``h6``, ``p``, ``div`` and ``<br>``-separated lines) and tables
  (``rowspan``/``colspan`` placed on a true grid, each merged cell once) in document order.
  A table that lays out the page (one cell, or cells holding tables) is read as flow.

Cells carry no page or box: a web page has neither. The cell's grid position is its row and
column.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from extractor.contract import Warning
from extractor.errors import LimitExceeded, UnreadableInput
from extractor.layout import Block, Cell, Document, Paragraph, SourcePosition, Table
from extractor.limits import MAX_GRID_SPAN, MAX_HTML_BYTES, MAX_TABLE_NESTING
from extractor.readers.decoding import decode_replacing
from extractor.text import clean_cell, nfkc, tidy_paragraph
from extractor.warning_codes import WarningCode

# ---------------------------------------------------------------- encoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Browsers look for the charset in the first 1024 bytes; CMS templates put long inline
# scripts and styles before it, so a few kB more are read (parsed, not pattern-matched).
_PRESCAN_BYTES = 8192
_CHARSET_IN_CONTENT = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# GB2312 and GBK pages use characters beyond their label (GBK in a "gb2312" page is the rule
# on Chinese sites); GB18030 decodes all of them the same and more.
_GB_LABELS = frozenset(
    {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312",
     "chinese", "iso-ir-58", "euc-cn", "x-euc-cn", "csiso58gb231280"}
)
# Template defaults that no Chinese report is written in: a page labelled so is not believed
# (the label was left from the CMS's template), and the bytes decide.
_WESTERN_LABELS = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"})


def decode_html(data: bytes) -> tuple[str, list[Warning]]:
    """The page's text: a BOM decides; then the charset the page declares (a GB label read
    as GB18030) when the bytes decode with it; then strict UTF-8, then GB18030; as a last
    resort UTF-8 with each bad byte replaced (``decode_replaced``).

    One exception to the declaration: a page labelled with a legacy charset whose bytes are
    valid UTF-8 with multi-byte characters is UTF-8 (sites moved to UTF-8 and kept the old
    template's ``<meta>``; Chinese GBK text is practically never valid UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return decode_replacing(data[len(bom) :], encoding)
    declared = declared_charset(data[:_PRESCAN_BYTES])
    if declared not in (None, "utf-8") and _is_multibyte_utf8(data):
        return data.decode("utf-8"), []
    for encoding in dict.fromkeys(e for e in (declared, "utf-8", "gb18030") if e):
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError:
            continue
    return decode_replacing(data, declared or "utf-8")


def declared_charset(head: bytes) -> str | None:
    """The Python codec for the charset a page's ``<meta charset>`` or ``http-equiv``
    declares in ``head``, or None (none, unknown, or not believed)."""
    try:
        root = lxml.html.document_fromstring(head.decode("latin-1"))
    except (etree.ParserError, ValueError):
        return None
    for meta in root.iter("meta"):
        label = meta.get("charset")
        if label is None and (meta.get("http-equiv") or "").lower() == "content-type":
            match = _CHARSET_IN_CONTENT.search(meta.get("content") or "")
            label = match.group(1) if match else None
        if label:
            return _codec(label.strip().lower())
    return None


def _codec(label: str) -> str | None:
    if label in _GB_LABELS:
        return "gb18030"
    if label in _WESTERN_LABELS:
        return None
    if label.startswith("utf-16") or label in ("utf8", "unicode-1-1-utf-8"):
        return "utf-8"  # a page decoded to bytes cannot really be UTF-16 without a BOM
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- parsing and chrome

# Never report text: removed with their contents before anything is measured or read.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "button", "input", "textarea", "head", "map")
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
# Class and id names of site chrome, as words of the name ("main-nav", "breadcrumb",
# "bdsharebuttonbox"): pinyin ones are Chinese CMSs' (dqwz 当前位置, xglj 相关链接, wza 无障碍).
_CHROME_NAME = re.compile(
    r"(?:^|[-_\s])(?:nav\w*|\w*menu\w*|\w*breadcrumbs?|crumbs?|footer\w*|foot|toolbar\w*|\w*share\w*|"
    r"sidebar\w*|copyright|related\w*|xglj|dqwz|wza\w*|position|location|bottom)(?=$|[-_\s\d])",
    re.I,
)
# Lines that open site chrome whatever its markup.
_CHROME_OPENERS = ("当前位置", "您现在的位置", "您的位置", "您所在的位置", "分享到", "打印本页", "关闭窗口",
                   "相关链接", "主办单位", "网站标识码", "【打印】", "【关闭】", "字体：", "字号：")
# Chrome is small: an element holding more text than this (or any table) is content, whatever
# its name says (a "bottom" wrapper that holds the article, a footer-classed report body).
_MAX_CHROME_CHARS = 400
# A block whose text is mostly link text is a menu or a list of related articles.
_LINK_DENSITY_CHROME = 0.5
# Whole-page containers whose density says nothing (they hold everything).
_NEVER_CHROME = frozenset({"html", "body", "table", "tbody", "thead", "tfoot", "tr", "td", "th"})


def parse_html(text: str) -> etree._Element:
    """The page as an lxml tree: no network, comments and processing instructions dropped."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInput(f"not an HTML page: {exc}") from exc
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    return root


@dataclass
class _Measure:
    """Characters of text (outside links), of link text, and table cells under each element."""

    text: dict[etree._Element, int] = field(default_factory=dict)
    links: dict[etree._Element, int] = field(default_factory=dict)
    cells: dict[etree._Element, int] = field(default_factory=dict)

    @classmethod
    def of(cls, root: etree._Element) -> _Measure:
        m = cls()
        # Children before parents: reversed document order.
        for el in reversed(list(root.iter(etree.Element))):
            own = _visible_len(el.text)
            text, links, cells = 0, 0, 0
            for child in el.iterchildren(etree.Element):
                text += m.text[child] + _visible_len(child.tail)
                links += m.links[child]
                cells += m.cells[child]
            if el.tag == "a":
                links += own + text
                text = 0
            else:
                text += own
            m.text[el], m.links[el] = text, links
            m.cells[el] = cells + (el.tag in ("td", "th"))
        return m

    def weight(self, el: etree._Element) -> float:
        return self.text.get(el, 0) + _CELL_WEIGHT * self.cells.get(el, 0)


def _visible_len(text: str | None) -> int:
    return len(text.strip()) if text else 0


def remove_chrome(body: etree._Element) -> None:
    m = _Measure.of(body)
    doomed = [el for el in body.iter(etree.Element) if _is_chrome(el, m)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail: the parent's text that follows the element


def _is_chrome(el: etree._Element, m: _Measure) -> bool:
    if el.tag in _NEVER_CHROME or m.cells.get(el, 0) or m.text.get(el, 0) > _MAX_CHROME_CHARS:
        return False
    if el.tag in _CHROME_TAGS or _CHROME_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    text, links = m.text.get(el, 0), m.links.get(el, 0)
    if links and links > _LINK_DENSITY_CHROME * (text + links) and el.tag != "a":
        return True
    return text > 0 and el.text_content().strip().startswith(_CHROME_OPENERS)


# ---------------------------------------------------------------- the article

# Government CMSs' article containers: a bonus to their weight, not a list that decides.
_KNOWN_CONTAINER = re.compile(
    r"(?:^|\s)(?:TRS_Editor|zoom|Custom_UnionStyle|ivs_content|xxgk_content|article-content)(?:$|\s)"
)
_KNOWN_CONTAINER_BONUS = 1.5
# A table cell counts as this many characters of text: a report's tables are its numbers,
# and a table of short cells must outweigh a paragraph of site text.
_CELL_WEIGHT = 5
# The article goes on down into a child that holds this share of the content; what the
# chrome removal missed beside it (a short footer, a date line) is left out with the rest.
_DOMINANT_SHARE = 0.85
# A report's title is short and says 报告; beside the child the article descends into, it
# means the parent is the article (title and body together).
_MAX_TITLE_CHARS = 100


def find_article(body: etree._Element) -> etree._Element:
    m = _Measure.of(body)
    node = body
    while True:
        kids = list(node.iterchildren(etree.Element))
        if not kids:
            return node
        weights = [m.weight(k) * (_KNOWN_CONTAINER_BONUS if _is_known_container(k) else 1) for k in kids]
        best = max(range(len(kids)), key=weights.__getitem__)
        total = sum(weights) + _visible_len(node.text) + sum(_visible_len(k.tail) for k in kids)
        child = kids[best]
        if total <= 0 or weights[best] < _DOMINANT_SHARE * total or _is_data_table(child):
            return node
        if any(_is_title(k, m) for k in kids[:best]) or m.cells.get(child, 0) < _DOMINANT_SHARE * m.cells.get(node, 0):
            # The title beside it, or tables outside it: the article is this node.
            return node
        node = child


def _is_known_container(el: etree._Element) -> bool:
    return bool(_KNOWN_CONTAINER.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _is_title(el: etree._Element, m: _Measure) -> bool:
    return 0 < m.text.get(el, 0) <= _MAX_TITLE_CHARS and "报告" in el.text_content()


# ---------------------------------------------------------------- tables

# A layout cell holds prose; a report's longest label ("（六）1.申请人无正当理由逾期不补正、
# 行政机关不再处理其政府信息公开申请") is under 60 characters.
_LAYOUT_CELL_CHARS = 300


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not a nested table's), in document order."""
    rows: list[etree._Element] = []
    for child in table.iterchildren(etree.Element):
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(child.iterchildren("tr"))
    return rows


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr.iterchildren("td", "th")]


def _is_layout_table(table: etree._Element) -> bool:
    """A table that lays out the page: one cell, a cell holding a table, or a cell of prose."""
    cells = [c for tr in _rows(table) for c in _cells(tr)]
    if len(cells) <= 1:
        return True
    return any(
        next(c.iter("table"), None) is not None or len(c.text_content()) > _LAYOUT_CELL_CHARS for c in cells
    )


def _is_data_table(el: etree._Element) -> bool:
    return el.tag == "table" and not _is_layout_table(el)


def _span(cell: etree._Element, name: str) -> int | None:
    """A span attribute as a number; None where it says nothing usable ("", "abc", "-1")."""
    match = re.match(r"\s*(\d+)", cell.get(name) or "")
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- reading

_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
     "main", "header", "blockquote", "pre", "center", "address", "form", "fieldset", "figure", "figcaption",
     "hr", "caption", "body", "html", "tr", "td", "th", "tbody", "thead", "tfoot"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# HTML whitespace in source text is one space when rendered; no-break and ideographic spaces
# are kept here and blanked by the shared text clean-up.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# libxml2 nests elements at most 256 deep; the reader recurses no deeper than this and reads
# what lies below as plain text.
_MAX_ELEMENT_DEPTH = 300
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?)(?:$|[?#])", re.I)


@dataclass
class _Reader:
    warnings: list[Warning] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    heading_depth: int = 0

    def flush(self) -> None:
        text = tidy_paragraph("".join(self.line))
        self.line = []
        if text:
            self.blocks.append(Paragraph(text=text, heading=self.heading_depth > 0))

    def inline(self, text: str | None) -> None:
        if text:
            self.line.append(_HTML_SPACE.sub(" ", text))

    def walk(self, el: etree._Element, depth: int = 0, tables: int = 0) -> None:
        tag = el.tag
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(el, depth, tables + 1)
        elif depth > _MAX_ELEMENT_DEPTH:
            self.inline(el.text_content())
        elif tag in _BLOCK_TAGS:
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
            text = _HTML_SPACE.sub(" ", el.text_content()).strip()
            self.warnings.append(
                Warning(code=WarningCode.NESTING_LIMIT,
                        message=f"a table nested deeper than {MAX_TABLE_NESTING} levels was not read "
                        f"({len(text)} characters: {text[:40]}…)")
            )
            return
        if _is_layout_table(el):
            # Read as the page's flow: each cell's content in order, its tables as tables.
            for tr in _rows(el):
                for cell in _cells(tr):
                    self.walk(cell, depth + 1, tables)
            return
        table = self.grid(el, index=sum(isinstance(b, Table) for b in self.blocks))
        if table.cells:
            self.blocks.append(table)

    def grid(self, el: etree._Element, index: int) -> Table:
        """The table on its grid (the HTML table model: a cell takes the first column not
        covered by a ``rowspan`` from above). A data table has no tables in its cells: a
        table that has them lays out the page and is read as flow. ``index`` is the table's
        place among the page's data tables, kept on each cell for provenance."""
        rows = _rows(el)
        cells: list[Cell] = []
        covered_until: dict[int, int] = {}  # grid column -> last row a rowspan covers
        for r, tr in enumerate(rows):
            col = 0
            for td in _cells(tr):
                while covered_until.get(col, -1) >= r:
                    col += 1
                colspan = _span(td, "colspan") or 1
                if colspan > MAX_GRID_SPAN:
                    self.warnings.append(
                        Warning(code=WarningCode.SPAN_CLAMPED,
                                message=f"a table cell claims {colspan} grid columns; read as one")
                    )
                    colspan = 1
                # rowspan="0" and spans past the last row end with the table.
                rowspan = _span(td, "rowspan")
                rowspan = len(rows) - r if rowspan == 0 else min(rowspan or 1, len(rows) - r)
                cells.append(
                    Cell(text=cell_text(td), row=r, col=col, rowspan=rowspan, colspan=colspan,
                         source=SourcePosition(index, r, col))
                )
                for c in range(col, col + colspan):
                    covered_until[c] = r + rowspan - 1
                col += colspan
        return Table(cells=cells)


def cell_text(td: etree._Element) -> str:
    """A cell's text: ``<br>`` and block elements are line breaks, inline pieces (spans)
    joined; nested tables are left to be read as tables."""
    parts: list[str] = []

    def collect(el: etree._Element, depth: int) -> None:
        if el.tag in ("br", "table"):  # never a table: a cell holding one is a layout cell
            parts.append("\n")
        elif depth > _MAX_ELEMENT_DEPTH:
            parts.append(_HTML_SPACE.sub(" ", el.text_content()))
        else:
            block = el.tag in _BLOCK_TAGS
            if block:
                parts.append("\n")
            parts.append(_HTML_SPACE.sub(" ", el.text or ""))
            for child in el.iterchildren(etree.Element):
                collect(child, depth + 1)
            if block:
                parts.append("\n")
        parts.append(_HTML_SPACE.sub(" ", el.tail or ""))

    parts.append(_HTML_SPACE.sub(" ", td.text or ""))
    for child in td.iterchildren(etree.Element):
        collect(child, 1)
    return clean_cell("".join(parts))


def attachment_links(el: etree._Element) -> list[str]:
    """Links to report files (PDF, Word, OFD) as written in the page."""
    found = [a.get("href", "").strip() for a in el.iter("a") if _ATTACHMENT.search(a.get("href", "").strip())]
    return list(dict.fromkeys(found))


# A CMS page's meta line: "发布日期：2025-01-20", "发布时间: 2025年1月20日 10:32".
_PUBLISHED = re.compile(r"发布(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def published_date(el: etree._Element) -> str | None:
    """The page's publication date from its first 发布日期/发布时间 line, ISO; None if absent."""
    match = _PUBLISHED.search(nfkc(el.text_content()))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def read_html(path: Path, fmt: str = "html") -> Document:
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        # A report page is tens to hundreds of kB; lxml's tree costs many times the file.
        raise LimitExceeded(f"the HTML file is {size / 1e6:.1f} MB, over the {MAX_HTML_BYTES / 1e6:g} MB a page may have")
    text, warnings = decode_html(path.read_bytes())
    root = parse_html(text)
    body = root.find("body")
    if body is None:
        body = root
    links = attachment_links(body)
    published = published_date(body)  # before the chrome goes: the line often sits in it
    remove_chrome(body)
    article = find_article(body)
    reader = _Reader(warnings=warnings)
    reader.walk(article)
    reader.flush()
    return Document(
        blocks=reader.blocks, format=fmt, pages=None, warnings=reader.warnings, attachments=links, published=published
    )
