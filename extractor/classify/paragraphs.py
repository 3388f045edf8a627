"""Paragraph labels: rules where the text says its topic, the classifier for the rest.

Order of evidence for each paragraph:
1. its section alone decides (preamble; table sections hold notes → other.misc);
2. the closing signature and date at the end of the report → closing;
3. its own lead-in ("（一）主动公开方面。", "下一步，") → that topic; a lead-in sub-heading
   also becomes the topic of the paragraphs below it;
4. the trained classifier, choosing among the labels the section allows;
5. without a model: the topic of the sub-heading above, else the section's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractor.classify import leadins, textcat
from extractor.classify.sections import SectionText
from extractor.layout import Paragraph

# Without a model and without a lead-in: the most common label of each section.
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
CONTEXT_CONFIDENCE = 0.8
DEFAULT_CONFIDENCE = 0.5


@dataclass
class Labelled:
    paragraph: Paragraph
    section: str
    label: str
    confidence: float
    source: str  # "rule", "context", "model", "default"


def _closing_indexes(paragraphs: list[Paragraph]) -> set[int]:
    """The trailing date line and the signature line(s) just above it."""
    out: set[int] = set()
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
        if leadins.is_date_line(paragraphs[i].text):
            out.add(i)
            j = i - 1
            while j >= 0 and j >= i - 2 and len(paragraphs[j].text) <= 30 and not paragraphs[j].text.endswith("。"):
                out.add(j)
                j -= 1
            break
    return out


def label_paragraphs(
    preamble: list[Paragraph], sections: list[SectionText], use_model: bool = True, model: Any = None
) -> list[Labelled]:
    ordered: list[tuple[str, Paragraph]] = [("preamble", p) for p in preamble]
    for section in sections:
        ordered.extend((section.key, p) for p in section.paragraphs)
    return label_ordered(ordered, model=(model or textcat.load_model()) if use_model else None)


def label_ordered(ordered: list[tuple[str, Paragraph]], model: Any = None) -> list[Labelled]:
    """Labels for (section key, paragraph) pairs in reading order; rules only without a model."""
    closing = _closing_indexes([p for _, p in ordered])
    out: list[Labelled | None] = []
    pending: list[int] = []
    for i, (section, paragraph) in enumerate(ordered):
        rule = "closing" if i in closing else leadins.rule_label(paragraph.text, section)
        if rule is None:
            out.append(None)
            pending.append(i)
        else:
            out.append(Labelled(paragraph, section, rule, RULE_CONFIDENCE, "rule"))

    if model is not None and pending:
        texts = [ordered[i][1].text for i in pending]
        allowed = [leadins.ALLOWED[ordered[i][0]] for i in pending]
        for i, (label, prob) in zip(pending, textcat.predict(model, texts, allowed), strict=True):
            section, paragraph = ordered[i]
            out[i] = Labelled(paragraph, section, label, prob, "model")
        return [x for x in out if x is not None]

    # Rules only: the topic of the nearest lead-in above in the same section.
    last: dict[str, str] = {}
    for i, (section, paragraph) in enumerate(ordered):
        item = out[i]
        if item is not None:
            if item.source == "rule":
                last[section] = item.label
            continue
        if section in last:
            out[i] = Labelled(paragraph, section, last[section], CONTEXT_CONFIDENCE, "context")
        else:
            out[i] = Labelled(paragraph, section, DEFAULT[section], DEFAULT_CONFIDENCE, "default")
    return [x for x in out if x is not None]
