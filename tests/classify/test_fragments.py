"""Paragraph assembly: every kind of stray fragment, in every place it turns up, is joined
to its paragraph with nothing dropped; what is not a fragment is left alone."""

from __future__ import annotations

import itertools

import pytest

from extractor.classify.fragments import FragmentKind, assemble, core_text, fragment_kind
from extractor.classify.paragraphs import label_paragraphs
from extractor.classify.sections import SectionText
from extractor.layout import Paragraph
from extractor.text import squash

# Prose cut mid-sentence by a line wrap or a page break.
CUT = "2024年，本单位认真贯彻落实《条例》要求，各项工作稳步推进，群众对政务公开工作的满意率达到"
WHOLE = "2024年，本单位认真贯彻落实《条例》要求，各项工作稳步推进，政务公开工作取得明显成效。"

FRAGMENTS: dict[FragmentKind, tuple[str, ...]] = {
    FragmentKind.PAGE_NUMBER: ("— 3 —", "-4-", "－ 12 －", "7", "第 4 页 共 7 页", "第4页", "共7页，第4页", "4/7"),
    FragmentKind.NUMBER_ONLY: ("100%", "100%。", "98.5%", "（12）", "12.5%"),
    FragmentKind.LINE_TAIL: ("100%以上。", "得懂、用得上、易监督”。", "明显提升。", "的要求；"),
}
# Short lines that open paragraphs of their own, whatever stands above them.
NOT_FRAGMENTS = (
    "（一）主动公开方面",
    "一是强化组织领导。",
    "无。",
    "暂无。",
    "1.主动公开情况。",
    "攀枝花市人民政府国防动员办公室",
)

ALL_FRAGMENTS = [(kind, text) for kind, texts in FRAGMENTS.items() for text in texts]


def _section(*texts: str, key: str = "overview") -> SectionText:
    return SectionText(1, key, None, [Paragraph(t) for t in texts])


def _chars(texts: list[str]) -> str:
    return "".join(sorted(squash("".join(texts))))


@pytest.mark.parametrize(("kind", "text"), ALL_FRAGMENTS)
def test_every_fragment_is_recognised_after_a_cut_sentence(kind: FragmentKind, text: str) -> None:
    assert fragment_kind(text, CUT) is kind


# Where each kind turns up: a line tail ends an open sentence; a page number can be anywhere,
# even after the closing date; a lone figure anywhere in the body.
PLACES: dict[FragmentKind, tuple[str, ...]] = {
    FragmentKind.PAGE_NUMBER: ("after_cut", "between", "section_start", "section_end", "after_date"),
    FragmentKind.NUMBER_ONLY: ("after_cut", "between", "section_start", "section_end"),
    FragmentKind.LINE_TAIL: ("after_cut",),
}
CASES = [(kind, text, place) for kind, text in ALL_FRAGMENTS for place in PLACES[kind]]


@pytest.mark.parametrize(("kind", "text", "place"), CASES)
def test_fragment_joins_its_paragraph_and_keeps_every_character(kind: FragmentKind, text: str, place: str) -> None:
    texts = {
        "after_cut": [CUT, text, "（一）主动公开方面"],
        "between": [WHOLE, text, "（一）主动公开方面"],
        "section_start": [text, WHOLE, "（一）主动公开方面"],
        "section_end": [WHOLE, "（一）主动公开方面", "全年主动公开政府信息86条。", text],
        "after_date": ["某县人民政府", "2024年1月20日", text],
    }[place]
    key = "other_matters" if place == "after_date" else "overview"
    joined = assemble([(key, Paragraph(t)) for t in texts])
    assert len(joined) == len(texts) - 1
    assert all(fragment_kind(a.paragraph.text, None) is None for a in joined)
    assert _chars([a.paragraph.text for a in joined]) == _chars(texts)
    assert sorted(i for a in joined for i in a.parts) == list(range(len(texts)))
    labels = [x.label for x in label_paragraphs([], [_section(*texts, key=key)], use_model=False)]
    # The fragment has no label of its own; the paragraphs keep theirs.
    expected = {
        "after_date": ["closing", "closing"],
        "section_end": ["overview.general", "overview.proactive", "overview.proactive"],
    }.get(place, ["overview.general", "overview.proactive"])
    assert labels == expected


@pytest.mark.parametrize(("text", "previous"), list(itertools.product(NOT_FRAGMENTS, [CUT, WHOLE, None])))
def test_lines_that_open_paragraphs_are_not_fragments(text: str, previous: str | None) -> None:
    assert fragment_kind(text, previous) is None


@pytest.mark.parametrize("tail", FRAGMENTS[FragmentKind.LINE_TAIL])
@pytest.mark.parametrize("previous", [WHOLE, "（一）主动公开方面", "（二）依申请公开情况："])
def test_a_short_sentence_after_a_finished_one_or_a_heading_stays(tail: str, previous: str) -> None:
    # A heading or a finished sentence above: the short line is a paragraph of its own.
    assert fragment_kind(tail, previous) is None


def test_fragments_of_the_title_block_are_left_alone() -> None:
    ordered = [("preamble", Paragraph("邮编：255090")), ("preamble", Paragraph("0533-2722811"))]
    assert [a.paragraph.text for a in assemble(ordered)] == ["邮编：255090", "0533-2722811"]


def test_a_section_of_fragments_only_keeps_them() -> None:
    ordered = [("overview", Paragraph("— 3 —")), ("problems_improvements", Paragraph(WHOLE))]
    assert [a.paragraph.text for a in assemble(ordered)] == ["— 3 —", WHOLE]


@pytest.mark.parametrize("page", FRAGMENTS[FragmentKind.PAGE_NUMBER])
@pytest.mark.parametrize("line", ["无", "2024年1月20日", "（一）主动公开方面"])
def test_rules_read_a_line_without_its_joined_page_number(page: str, line: str) -> None:
    assert core_text(f"{line} {page}") == line
    assert core_text(f"{page} {line}") == line


@pytest.mark.parametrize("kind", list(FragmentKind))
def test_a_stray_fragment_starts_no_topic(kind: FragmentKind) -> None:
    """The issue's case: "100%。" alone used to start other.misc and swallow section 一."""
    fragment = FRAGMENTS[kind][0]
    texts = [CUT, fragment, "（一）主动公开方面", "全年主动公开政府信息86条，其中政策文件12件。", "全年发布政策解读材料8篇。"]
    labelled = label_paragraphs([], [_section(*texts)], use_model=False)
    assert [x.label for x in labelled] == ["overview.general", *["overview.proactive"] * 3]
