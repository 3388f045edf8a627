"""Paragraph labels: rules where the text says its topic, the classifier for the rest.

Before labelling, short fragments (a line tail, a page number, a lone figure) are joined to
the paragraph they belong to (``fragments.assemble``). Then, for each paragraph:
1. its section alone decides (preamble; table sections hold notes → other.misc);
2. the closing signature and date at the end of the report → closing;
3. its own lead-in ("（一）主动公开方面。", "下一步，") → that topic;
4. the topic of the sub-heading line above it ("（一）主动公开方面" alone on its line), until
   the next heading of the same or a higher rank. A lead-in followed by text is not a
   sub-heading: its topic stays with its own paragraph;
5. the trained classifier, choosing among the labels the section allows;
6. without a model: the section's most common label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from extractor.classify import leadins, textcat
from extractor.classify.fragments import assemble, core_text
from extractor.classify.sections import SectionText
from extractor.layout import Paragraph
from extractor.outline import UNNUMBERED_RANK, is_short_line, outline_rank

# Without a model and without a rule: the most common label of each section.
DEFAULT: dict[str, str] = {
    "preamble": "preamble",
    "overview": "overview.general",
    "proactive_disclosure": "other.misc",
    "applications": "other.misc",
    "review_litigation": "other.misc",
    "problems_improvements": "problems",
    "other_matters": "other.misc",
}
RULE_CONFIDENCE = 0.99
HEADING_CONFIDENCE = 0.9
DEFAULT_CONFIDENCE = 0.5


class Source(StrEnum):
    RULE = "rule"  # the paragraph's section, position or own lead-in
    HEADING = "heading"  # the sub-heading line above it
    MODEL = "model"
    DEFAULT = "default"


@dataclass
class Labelled:
    paragraph: Paragraph
    section: str
    label: str
    confidence: float
    source: Source


@dataclass(frozen=True)
class RuleView:
    """What the rules know about one paragraph."""

    rule: str | None  # the label its own words or position give
    heading: str | None  # the topic of the sub-heading line above it
    first: bool  # the first paragraph of its section


def _closing_indexes(texts: list[str]) -> set[int]:
    """The trailing date line and the signature line(s) just above it."""
    out: set[int] = set()
    for i in range(len(texts) - 1, max(len(texts) - 4, -1), -1):
        if leadins.is_date_line(texts[i]):
            out.add(i)
            j = i - 1
            while j >= 0 and j >= i - 2 and _is_signature(texts[j]):
                out.add(j)
                j -= 1
            break
    return out


def _is_signature(text: str) -> bool:
    # An agency's name: short and without sentence punctuation ("本年度无其他事项。" above
    # the signature is the last paragraph, not part of it).
    return is_short_line(text) and not any(c in text for c in "。，,；;：:")


def label_paragraphs(
    preamble: list[Paragraph], sections: list[SectionText], use_model: bool = True, model: Any = None
) -> list[Labelled]:
    """Labels for the report's paragraphs, fragments joined first (so fewer may come back)."""
    ordered: list[tuple[str, Paragraph]] = [("preamble", p) for p in preamble]
    for section in sections:
        ordered.extend((section.key, p) for p in section.paragraphs)
    joined = [(a.section, a.paragraph) for a in assemble(ordered)]
    return label_ordered(joined, model=(model or textcat.load_model()) if use_model else None)


# Put before a paragraph's text for the classifier: a single private-use character, so the
# character-level model sees "first in its section" as a feature of its own (the opening
# paragraph of 一 is the general statement, that of 五 states problems). Shared by training
# and labelling.
_FIRST = "\ue000"


def model_input(text: str, first_in_section: bool) -> str:
    """The classifier's input: the position marker, then the text without joined page numbers."""
    return f"{_FIRST if first_in_section else ''}{core_text(text)}"


class _Outline:
    """The sub-headings open above the current paragraph: (rank, topic or None), outermost first."""

    def __init__(self) -> None:
        self.open: list[tuple[int, str | None]] = []

    def topic(self) -> str | None:
        return next((t for _, t in reversed(self.open) if t is not None), None)

    def close_from(self, rank: int) -> None:
        while self.open and self.open[-1][0] >= rank:
            self.open.pop()

    def see(self, text: str, section: str, own_topic: str | None) -> None:
        rank = outline_rank(text)
        if leadins.is_heading_only(text):
            self.close_from(rank)
            self.open.append((rank, leadins.topic(text, section)))
        elif own_topic is not None and own_topic != self.topic():
            # A lead-in naming another topic: the heading above no longer speaks for what follows.
            self.open.clear()
        elif rank < UNNUMBERED_RANK:
            # A numbered paragraph ends the headings of its rank and below; it opens none.
            self.close_from(rank)
            self.open.append((rank, None))


def rule_pass(ordered: list[tuple[str, Paragraph]]) -> list[RuleView]:
    closing = _closing_indexes([core_text(p.text) for _, p in ordered])
    out: list[RuleView] = []
    outline = _Outline()
    previous_section = None
    for i, (section, paragraph) in enumerate(ordered):
        first = section != previous_section
        if first:
            outline = _Outline()
        text = core_text(paragraph.text)
        rule = "closing" if i in closing else leadins.rule_label(text, section)
        out.append(RuleView(rule, outline.topic(), first))
        outline.see(text, section, leadins.topic(text, section))
        previous_section = section
    return out


def label_ordered(ordered: list[tuple[str, Paragraph]], model: Any = None) -> list[Labelled]:
    """Labels for (section key, paragraph) pairs in reading order (fragments already joined).

    A paragraph that neither a rule nor a sub-heading above labels goes to the classifier;
    without a model it takes its section's most common label.
    """
    rules = rule_pass(ordered)
    out = [_by_rules(section, paragraph, view) for (section, paragraph), view in zip(ordered, rules, strict=True)]
    pending = [i for i, item in enumerate(out) if item.source is Source.DEFAULT]
    if model is None or not pending:
        return out
    texts = [model_input(ordered[i][1].text, rules[i].first) for i in pending]
    allowed = [leadins.ALLOWED[ordered[i][0]] for i in pending]
    for i, (label, prob) in zip(pending, textcat.predict(model, texts, allowed), strict=True):
        section, paragraph = ordered[i]
        out[i] = Labelled(paragraph, section, label, prob, Source.MODEL)
    return out


def _by_rules(section: str, paragraph: Paragraph, view: RuleView) -> Labelled:
    if view.rule is not None:
        return Labelled(paragraph, section, view.rule, RULE_CONFIDENCE, Source.RULE)
    if view.heading is not None:
        return Labelled(paragraph, section, view.heading, HEADING_CONFIDENCE, Source.HEADING)
    return Labelled(paragraph, section, DEFAULT[section], DEFAULT_CONFIDENCE, Source.DEFAULT)
