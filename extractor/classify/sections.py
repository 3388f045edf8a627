"""Section segmentation: the six parts of a report, found by their headings.

Headings vary: with or without numbering, markdown or bold, older wording
("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "五、存在问题及改进情况"), split over two
lines, and outlines that number the narrative by topic before the tables (a narrative
"四、政府信息公开申请情况" is not section 三). A heading for one of the three table sections
is accepted only when a table follows it before the next heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import get_args

from extractor.contract import SectionKey
from extractor.layout import Block, Paragraph, Table
from extractor.outline import SECTION_NUMBER, is_short_line
from extractor.text import squash

SECTION_ORDER: tuple[str, ...] = get_args(SectionKey)
TABLE_SECTIONS = {"proactive_disclosure", "applications", "review_litigation"}

# Keywords naming each part, tried in order; the first that matches decides.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("applications", ("收到和处理政府信息公开申请", "收到和处理", "依申请公开政府信息情况", "政府信息公开申请情况")),
    ("proactive_disclosure", ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")),
    ("problems_improvements", ("存在的主要问题", "存在问题", "主要问题", "改进情况", "问题及改进")),
    ("other_matters", ("其他需要报告", "其他事项", "需要报告的事项")),
    ("overview", ("总体情况", "基本情况", "概述")),
)
_MAX_HEADING = 40


@dataclass
class SectionText:
    number: int
    key: str
    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


def heading_key(text: str, marked: bool = False) -> str | None:
    """The section a line would open, judged on its words alone.

    ``marked`` is a heading style (Word heading, markdown #, bold line): then numbering is
    not required. Sub-numbered lines ("（一）主动公开情况") are never section headings.
    """
    squashed = squash(text)
    if len(squashed) > _MAX_HEADING or squashed.startswith("(") or squashed.endswith(("。", ";", "；", ":")):
        return None
    numbered = bool(SECTION_NUMBER.match(squashed))
    if not numbered and not marked and (len(squashed) > 16 or not squashed.endswith(("情况", "事项"))):
        # A bare line must look like a heading: short and ending the way headings end.
        return None
    for key, words in _KEYWORDS:
        if any(w in squashed for w in words):
            return key
    return None


@dataclass
class _Candidate:
    index: int
    key: str
    heading: str
    # Paragraphs the heading takes: 2 when split over two lines, 0 for a sub-heading that
    # stands in for a lost heading (it stays as the section's first paragraph).
    consumed: int


def _candidates(blocks: list[Block]) -> list[_Candidate]:
    out: list[_Candidate] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph):
            key = heading_key(block.text, block.heading)
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if key is None and isinstance(nxt, Paragraph) and SECTION_NUMBER.match(squash(block.text)):
                # A heading broken over two lines: "三、收到和处理政府信息公开申" / "请情况".
                joined = block.text + nxt.text
                if len(squash(nxt.text)) <= 10 and (key := heading_key(joined, block.heading)):
                    out.append(_Candidate(i, key, joined, 2))
                    i += 2
                    continue
            if key is not None:
                out.append(_Candidate(i, key, block.text, 1))
        i += 1
    return out


_PROBLEM_WORDS = ("存在", "问题", "不足")


def _problems_subheading(blocks: list[Block], accepted: dict[int, _Candidate]) -> _Candidate | None:
    """Section 五 when its own heading was lost: the first "（一）主要问题"-style line after
    the tables and before section 六."""
    table_starts = [i for i, c in accepted.items() if c.key in TABLE_SECTIONS]
    other = [i for i, c in accepted.items() if c.key == "other_matters"]
    start = max(table_starts, default=-1)
    stop = min(other, default=len(blocks))
    if start < 0:
        return None
    for i in range(start + 1, stop):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            continue
        text = squash(block.text)
        if text.startswith("(一)") and is_short_line(text) and any(w in text for w in _PROBLEM_WORDS):
            return _Candidate(i, "problems_improvements", block.text, 0)
    return None


def _table_follows(blocks: list[Block], start: int, stop: int) -> bool:
    return any(isinstance(b, Table) for b in blocks[start:stop])


def segment(blocks: list[Block]) -> tuple[list[Paragraph], list[SectionText]]:
    """(paragraphs before the first section, the six sections in template order).

    A section whose heading is never found is listed empty with ``heading`` None.
    """
    candidates = _candidates(blocks)
    accepted: dict[int, _Candidate] = {}
    seen: set[str] = set()
    for n, cand in enumerate(candidates):
        if cand.key in seen:
            continue
        # The section runs to the next heading of another section (a repeated sub-heading
        # such as "### 行政复议" under "四、…行政复议、行政诉讼情况" does not end it).
        stop = next((c.index for c in candidates[n + 1 :] if c.key != cand.key), len(blocks))
        if cand.key in TABLE_SECTIONS and not _table_follows(blocks, cand.index + cand.consumed, stop):
            continue
        accepted[cand.index] = cand
        seen.add(cand.key)

    if "problems_improvements" not in seen:
        fallback = _problems_subheading(blocks, accepted)
        if fallback is not None:
            accepted[fallback.index] = fallback

    found: dict[str, SectionText] = {}
    preamble: list[Paragraph] = []
    current: SectionText | None = None
    skip = 0
    for i, block in enumerate(blocks):
        if skip:
            skip -= 1
            continue
        if i in accepted:
            cand = accepted[i]
            current = SectionText(SECTION_ORDER.index(cand.key) + 1, cand.key, cand.heading)
            found[cand.key] = current
            skip = max(cand.consumed - 1, 0)
            if cand.consumed:
                continue
        if not isinstance(block, Paragraph):
            continue
        (preamble if current is None else current.paragraphs).append(block)
    sections = [found.get(k) or SectionText(i + 1, k, None) for i, k in enumerate(SECTION_ORDER)]
    return preamble, sections
