"""Site chrome (menus, breadcrumbs, toolbars, footers, link lists) found and removed, and the
content measured in the same pass for the article search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from extractor.readers.html.settings import HtmlSettings
from extractor.readers.html.tables import cell_count, is_data_table
from extractor.readers.html.tree import drop_all, visible_len

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
# Whole-page containers whose density says nothing (they hold everything).
_NEVER_CHROME = frozenset({"html", "body", "table", "tbody", "thead", "tfoot", "tr", "td", "th"})
_CELLS = frozenset({"td", "th"})
# A data table's text, counted in C (runs of whitespace as one space).
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(.))")


@dataclass
class Measure:
    """Per element, what is left once chrome is gone: characters of text outside links, and
    table cells. Valid for the tree after ``remove_chrome``."""

    text: dict[etree._Element, int] = field(default_factory=dict)
    cells: dict[etree._Element, int] = field(default_factory=dict)
    # Every table of the page that holds data (not layout), decided once: the article search
    # and the reading of the flow ask again for the same tables.
    data_tables: set[etree._Element] = field(default_factory=set)

    def weight(self, el: etree._Element, settings: HtmlSettings) -> float:
        return self.text.get(el, 0) + settings.cell_weight * self.cells.get(el, 0)


def remove_chrome(body: etree._Element, settings: HtmlSettings) -> Measure:
    """Drop the chrome under ``body``; the measure of what remains.

    One pass, children before parents: an element is judged on everything it holds (chrome
    included, so a wrapper around a menu and a page of text is not itself small), and what a
    chrome element held counts for no ancestor afterwards. A data table is measured whole and
    not entered: it and everything above it hold cells, so none of it is chrome, and its
    cells' content is read as it stands."""
    clean = Measure()
    # Everything under an element, chrome included: (text, link text, cells).
    raw: dict[etree._Element, tuple[int, int, int]] = {}
    # The first characters of each element's text, for the chrome openers: built from the
    # children's, so no element's text is joined twice.
    leads: dict[etree._Element, str] = {}
    doomed: list[etree._Element] = []
    order, clean.data_tables = _outside_data_tables(body, settings)
    for el in reversed(order):
        if el in clean.data_tables:
            text, cells = int(_TEXT_LENGTH(el)), cell_count(el)
            raw[el], leads[el] = (text, 0, cells), ""
            clean.text[el], clean.cells[el] = text, cells
            continue
        own = visible_len(el.text)
        lead = el.text.strip() if el.text else ""
        text = links = cells = 0
        kept_text = kept_cells = 0
        for child in el.iterchildren(etree.Element):
            if len(lead) < settings.opener_chars:
                lead += leads[child] + (child.tail.strip() if child.tail else "")
            c_text, c_links, c_cells = raw[child]
            tail = visible_len(child.tail)
            text += c_text + tail
            links += c_links
            cells += c_cells
            kept_text += clean.text[child] + tail
            kept_cells += clean.cells[child]
        if el.tag == "a":
            links += own + text
            text = 0
            kept_text = 0
        else:
            text += own
            kept_text += own
        is_cell = el.tag in _CELLS
        raw[el] = (text, links, cells + is_cell)
        leads[el] = lead[: settings.opener_chars]
        if _is_chrome(el, text, links, cells + is_cell, leads[el], settings):
            doomed.append(el)
            clean.text[el], clean.cells[el] = 0, 0
        else:
            clean.text[el], clean.cells[el] = kept_text, kept_cells + is_cell
    # All at once: one by one, each removal re-copied the text its tail joined (quadratic).
    drop_all(doomed)
    return clean


def _outside_data_tables(
    body: etree._Element, settings: HtmlSettings
) -> tuple[list[etree._Element], set[etree._Element]]:
    """``body`` and its elements in document order, data tables included but not entered;
    and the data tables."""
    order: list[etree._Element] = []
    data_tables: set[etree._Element] = set()
    stack = [body]
    while stack:
        el = stack.pop()
        order.append(el)
        if el.tag == "table" and is_data_table(el, settings):
            data_tables.add(el)
        else:
            stack.extend(reversed(list(el.iterchildren(etree.Element))))
    return order, data_tables


def _is_chrome(el: etree._Element, text: int, links: int, cells: int, lead: str, settings: HtmlSettings) -> bool:
    if el.tag in _NEVER_CHROME or cells or text > settings.max_chrome_chars:
        return False
    if el.tag in _CHROME_TAGS or _CHROME_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    if links and links > settings.link_density_chrome * (text + links) and el.tag != "a":
        return True
    return text > 0 and lead.startswith(_CHROME_OPENERS)
