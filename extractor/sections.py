"""Section segmentation: the six parts of a report, found by their headings.

Issue-2 scope: headings and raw paragraphs. Paragraph labels come from the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.layout import Paragraph
from extractor.text import squash

# Keywords that name each part, tried in this order on a heading candidate.
SECTION_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("overview", "一、总体情况", ("总体情况", "概述")),
    ("proactive_disclosure", "二、主动公开政府信息情况", ("主动公开政府信息", "主动公开情况")),
    ("applications", "三、收到和处理政府信息公开申请情况", ("收到和处理", "依申请公开情况", "政府信息公开申请情况")),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼")),
    ("problems_improvements", "五、存在的主要问题及改进情况", ("存在的主要问题", "存在问题", "主要问题", "改进情况")),
    ("other_matters", "六、其他需要报告的事项", ("其他需要报告", "其他事项")),
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)")
_MAX_HEADING = 40


@dataclass
class SectionText:
    number: int
    key: str
    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


def heading_key(paragraph: Paragraph) -> str | None:
    """The section a paragraph opens, if it is a section heading."""
    text = squash(paragraph.text)
    if len(text) > _MAX_HEADING or not (paragraph.heading or _NUMBERED.match(text)):
        return None
    if text.endswith(("。", "；")) or text.startswith("("):
        return None
    for key, _, words in SECTION_KEYS:
        if any(w in text for w in words):
            return key
    return None


def segment(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[SectionText]]:
    """(paragraphs before the first heading, the six sections in template order).

    A section whose heading is never found is still listed, empty, with ``heading`` None.
    """
    found: dict[str, SectionText] = {}
    preamble: list[Paragraph] = []
    current: SectionText | None = None
    order = [k for k, _, _ in SECTION_KEYS]
    for paragraph in paragraphs:
        key = heading_key(paragraph)
        if key is not None and key not in found:
            current = SectionText(order.index(key) + 1, key, paragraph.text)
            found[key] = current
            continue
        if current is None:
            preamble.append(paragraph)
        else:
            current.paragraphs.append(paragraph)
    sections = [found.get(k) or SectionText(i + 1, k, None) for i, k in enumerate(order)]
    return preamble, sections
