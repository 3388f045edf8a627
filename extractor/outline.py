"""Chinese outline numbering and the short-line heading rule, one definition for every stage.

Reports number their headings 一、 → （一） → 1. (or 1、 1) ①), and table labels stack them
("三、（三）1.属于国家秘密"). The PDF reader uses the pattern to start paragraphs, the text
reader to keep headings apart in hard-wrapped copies, the classifier to find lead-ins and
section headings, the template to strip numbers from row labels: all from here, so a
variant added once (a full-width full stop, a circled digit) works everywhere.
"""

from __future__ import annotations

import re

from extractor.text import squash

NUMERALS = "一二三四五六七八九十"
_TOP = rf"[{NUMERALS}]+[、.．]"  # 一、 the level of the six sections
# （一） (3) 一）: a missing opening bracket is a common typo.
_BRACKETED = rf"[（(]?[{NUMERALS}\d]{{1,3}}[）)]"
# 1. 1、 1) but not the "1." of "1.5万元" or a year "2023."
_ARABIC = r"\d{1,2}[、.．)](?!\d)"
_CIRCLED = "[①②③④⑤⑥⑦⑧⑨⑩]"

NUMBER = re.compile(rf"(?:{_TOP}|{_BRACKETED}|{_ARABIC}|{_CIRCLED})")
# A section heading's number: 一、 or 第一部分.
SECTION_NUMBER = re.compile(rf"(?:{_TOP}|第[{NUMERALS}]+部分)")

# A line of at most this many characters (whitespace not counted) that does not end a
# sentence is a heading or a topic lead-in, not prose: the longest template headings
# ("二、主动公开政府信息情况", "（六）其他处理") are well under it and prose lines in a
# report's narrow column run 30–40 characters.
HEADING_MAX_CHARS = 30
_SENTENCE_END = ("。", ";", "；")


def starts_numbered(text: str) -> bool:
    """Does the text open with an outline number (after leading whitespace)?"""
    return NUMBER.match(text.lstrip()) is not None


def strip_numbering(text: str) -> str:
    """The squashed text without its leading outline numbers (stacked ones too)."""
    text = squash(text)
    while (match := NUMBER.match(text)) is not None:
        text = text[match.end() :]
    return text


def is_short_line(text: str) -> bool:
    """A heading-length line that does not end a sentence."""
    squashed = squash(text)
    return len(squashed) <= HEADING_MAX_CHARS and not squashed.endswith(_SENTENCE_END)


# Outline ranks, highest first: 一、 → （一） → 1. or 一是 → ①. A heading ends the topic of a
# heading above it only at the same or a higher rank, so the classifier needs the rank.
_RANKS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"{_TOP}|第[{NUMERALS}]+部分"),
    re.compile(_BRACKETED),
    re.compile(rf"{_ARABIC}|[{NUMERALS}]+是"),
    re.compile(_CIRCLED),
)
UNNUMBERED_RANK = len(_RANKS) + 1


def outline_rank(text: str) -> int:
    """1 for 一、, 2 for （一）, 3 for 1. and 一是, 4 for ①; deeper than all for an unnumbered line.

    An unnumbered sub-heading (a bold or markdown line) is ranked below every numbered one:
    reports use it for points inside a numbered topic, not to start a new one.
    """
    squashed = squash(text).lstrip("*#")
    for rank, pattern in enumerate(_RANKS, start=1):
        if pattern.match(squashed):
            return rank
    return UNNUMBERED_RANK
