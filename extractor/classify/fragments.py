"""Paragraph assembly before labelling: short fragments go back to the paragraph they belong to.

Readers of every format can leave a piece of a paragraph on its own: the last short line of
a sentence broken by a wrap ("100%。"), a page number printed between two paragraphs, a lone
percentage. Labelled alone, such a piece gets a label of its own (or, worse, starts a
topic); it belongs to its neighbour. Joining is done here, on (section, paragraph) pairs, so
it is the same whatever the format. Nothing is dropped: the joined text holds every
character of its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

from extractor.layout import Paragraph
from extractor.outline import is_short_line, starts_numbered
from extractor.text import has_char_between, is_page_number, nfkc, squash

# A printed page number is short ("第 12 页 共 14 页"): only this many characters at either end of
# a paragraph are tried as one (``extractor.text.is_page_number``).
_PAGE_NUMBER_MAX_CHARS = 16
_SENTENCE_END = ("。", ";", "!", "?", "…", "。”", "。\"", "”", "\"")
# A line tail is at most this many characters: under half of a line in a report's narrow
# column, so a real short paragraph ("本年度无收费。" is shorter, but its neighbour ends
# a sentence) is told apart by the neighbour, not by this bound alone.
TAIL_MAX_CHARS = 15
# Neither a section-六 "无" nor "一是…" ever is a tail: those open paragraphs of their own.
_OWN_PARAGRAPH = re.compile(r"^(?:无|暂无)|^[一二三四五六七八九十]+是")


class FragmentKind(StrEnum):
    PAGE_NUMBER = "page_number"  # furniture left in the body
    NUMBER_ONLY = "number_only"  # a lone figure or percentage: "100%", "98.5%。"
    LINE_TAIL = "line_tail"  # the short end of a sentence that the previous paragraph began


@dataclass(frozen=True)
class Assembled:
    """One paragraph to label: its section, its (joined) paragraph, and where it came from."""

    section: str
    paragraph: Paragraph
    parts: tuple[int, ...]  # indexes in the input, in reading order
    host: int  # the part whose paragraph the others were joined to


def ends_sentence(text: str) -> bool:
    return squash(text).endswith(_SENTENCE_END)


def core_text(text: str) -> str:
    """The text without a page number joined at its start or end: what the rules should read.

    The assembly keeps page numbers in the text (nothing is dropped), separated by a space;
    a rule that matches a whole line ("无", a date) must not be defeated by one. Only the
    last or first few characters are tried, so this stays linear in the text's length.
    """
    stripped = text.strip()
    cuts = _space_cuts(stripped)
    # The longest page number wins: "— 3 —" and not "— 3".
    for cut in cuts:
        if is_page_number(stripped[cut:]):
            return core_text(stripped[:cut])
    for cut in reversed(cuts):
        if is_page_number(stripped[:cut]):
            return core_text(stripped[cut:])
    return stripped


def _space_cuts(text: str) -> list[int]:
    # A printed page number is short ("第 12 页 共 14 页"): only cuts near either end are tried.
    # Only those positions are looked at: a long paragraph costs no more than a short one.
    window, n = _PAGE_NUMBER_MAX_CHARS, len(text)
    near = chain(range(min(window, n)), range(max(window, n - window + 1), n))
    return [i for i in near if text[i].isspace()]


def fragment_kind(text: str, previous: str | None) -> FragmentKind | None:
    """What kind of fragment ``text`` is, given the paragraph before it in its section."""
    squashed = squash(nfkc(text))
    if not squashed:
        return None
    if is_page_number(squashed):
        return FragmentKind.PAGE_NUMBER
    if not has_char_between(squashed, "\u3400", "\u9fff"):
        return FragmentKind.NUMBER_ONLY
    if previous is not None and _is_line_tail(squashed, previous):
        return FragmentKind.LINE_TAIL
    return None


def _is_line_tail(squashed: str, previous: str) -> bool:
    # The previous paragraph must be prose cut mid-sentence: a short line without a full
    # stop is a heading, and the text under a heading is never its tail.
    return (
        len(squashed) <= TAIL_MAX_CHARS
        and squashed.endswith(_SENTENCE_END)
        and not starts_numbered(squashed)
        and not _OWN_PARAGRAPH.match(squashed)
        and not is_short_line(previous)
        and not ends_sentence(previous)
    )


def _separator(kind: FragmentKind) -> str:
    # A tail or a figure continues the sentence; a page number is not part of it and stays
    # apart by a space.
    return " " if kind is FragmentKind.PAGE_NUMBER else ""


def _joined(host: Paragraph, before: list[tuple[str, str]], after: list[tuple[str, str]]) -> Paragraph:
    """The host's text with (text, separator) pieces before and after it; nothing left out."""
    text = "".join(piece + sep for piece, sep in before) + host.text + "".join(sep + piece for piece, sep in after)
    return Paragraph(text, page=host.page, bbox=host.bbox, heading=host.heading)


def assemble(ordered: list[tuple[str, Paragraph]], keep: frozenset[str] = frozenset({"preamble"})) -> list[Assembled]:
    """Join every fragment to the paragraph before it in its section (to the one after it
    when it opens the section). Sections in ``keep`` (the title block) are left as they are."""
    out: list[Assembled] = []
    waiting: list[tuple[int, str]] = []  # (index, separator) of fragments that open a section
    for i, (section, paragraph) in enumerate(ordered):
        if waiting and ordered[waiting[0][0]][0] != section:
            out.extend(_alone(ordered, waiting))
            waiting = []
        previous = out[-1] if out and out[-1].section == section else None
        kind = None if section in keep else fragment_kind(paragraph.text, previous.paragraph.text if previous else None)
        if kind is None:
            before = [(ordered[j][1].text, sep) for j, sep in waiting]
            host = _joined(paragraph, before, []) if waiting else paragraph
            out.append(Assembled(section, host, (*(j for j, _ in waiting), i), i))
            waiting = []
        elif previous is not None:
            after = _joined(previous.paragraph, [], [(paragraph.text, _separator(kind))])
            out[-1] = Assembled(section, after, (*previous.parts, i), previous.host)
        else:
            waiting.append((i, _separator(kind)))
    out.extend(_alone(ordered, waiting))
    return out


def _alone(ordered: list[tuple[str, Paragraph]], waiting: list[tuple[int, str]]) -> list[Assembled]:
    # A section that holds nothing but fragments: they stay, each on its own.
    return [Assembled(ordered[i][0], ordered[i][1], (i,), i) for i, _ in waiting]
