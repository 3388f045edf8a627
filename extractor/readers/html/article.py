"""The article: the element that holds the report, found by text and table density."""

from __future__ import annotations

import re

from lxml import etree

from extractor.readers.html.chrome import Measure
from extractor.readers.html.settings import HtmlSettings
from extractor.readers.html.tree import text_of, visible_len

# Government CMSs' article containers: a bonus to their weight, not a list that decides.
_KNOWN_CONTAINER = re.compile(
    r"(?:^|\s)(?:TRS_Editor|zoom|Custom_UnionStyle|ivs_content|xxgk_content|article-content)(?:$|\s)"
)


def find_article(body: etree._Element, m: Measure, settings: HtmlSettings) -> etree._Element:
    """From ``body`` down into the child that holds nearly all of the content, stopping at a
    data table, where the report's title is a sibling, or where tables lie outside the child."""
    node = body
    while True:
        kids = list(node.iterchildren(etree.Element))
        if not kids:
            return node
        weights = [
            m.weight(k, settings) * (settings.known_container_bonus if _is_known_container(k) else 1) for k in kids
        ]
        best = max(range(len(kids)), key=weights.__getitem__)
        total = sum(weights) + visible_len(node.text) + sum(visible_len(k.tail) for k in kids)
        child = kids[best]
        if total <= 0 or weights[best] < settings.dominant_share * total or child in m.data_tables:
            return node
        outside_tables = m.cells.get(child, 0) < settings.dominant_share * m.cells.get(node, 0)
        if outside_tables or any(_is_title(k, m, settings) for k in kids[:best]):
            return node
        node = child


def _is_known_container(el: etree._Element) -> bool:
    return bool(_KNOWN_CONTAINER.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _is_title(el: etree._Element, m: Measure, settings: HtmlSettings) -> bool:
    return 0 < m.text.get(el, 0) <= settings.max_title_chars and "报告" in text_of(el)
