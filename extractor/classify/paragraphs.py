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
from extractor.outline import is_short_line

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
_OPENS_WITH_DEFAULT = ("overview", "problems_improvements")
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
            while j >= 0 and j >= i - 2 and is_short_line(paragraphs[j].text):
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


# Markers put before a paragraph's text for the classifier: single private-use characters,
# so the character-level model sees its position and the topic of the lead-in above it as
# features of their own. Shared by training and labelling.
_FIRST = "\ue000"
_CONTEXT = {label: chr(0xE010 + i) for i, label in enumerate(leadins.LABELS)}


def model_input(text: str, first_in_section: bool, context: str | None) -> str:
    markers = (_FIRST if first_in_section else "") + (_CONTEXT[context] if context else "")
    return f"{markers}{text}"


def rule_pass(ordered: list[tuple[str, Paragraph]]) -> list[tuple[str | None, str | None, bool]]:
    """Per paragraph: (rule label, topic of the nearest lead-in above in its section, first in section?)."""
    closing = _closing_indexes([p for _, p in ordered])
    last: dict[str, str] = {}
    out: list[tuple[str | None, str | None, bool]] = []
    previous_section = None
    for i, (section, paragraph) in enumerate(ordered):
        rule = "closing" if i in closing else leadins.rule_label(paragraph.text, section)
        out.append((rule, last.get(section), section != previous_section))
        if rule is not None:
            last[section] = rule
        previous_section = section
    return out


def label_ordered(ordered: list[tuple[str, Paragraph]], model: Any = None) -> list[Labelled]:
    """Labels for (section key, paragraph) pairs in reading order.

    Without a model, a paragraph with no lead-in takes the topic of the nearest lead-in
    above it in its section (reports write "（一）主动公开方面。" and then several paragraphs
    on it), else the section's most common label. With a model, the classifier decides
    those paragraphs, seeing that topic and the paragraph's position as features.
    """
    rules = rule_pass(ordered)
    out: list[Labelled] = []
    pending: list[int] = []
    for i, ((section, paragraph), (rule, context, _)) in enumerate(zip(ordered, rules, strict=True)):
        if rule is not None:
            out.append(Labelled(paragraph, section, rule, RULE_CONFIDENCE, "rule"))
            continue
        pending.append(i)
        if context is not None:
            out.append(Labelled(paragraph, section, context, CONTEXT_CONFIDENCE, "context"))
        else:
            out.append(Labelled(paragraph, section, DEFAULT[section], DEFAULT_CONFIDENCE, "default"))
    # The classifier decides where the rules had nothing to go on: no lead-in and no topic
    # above. The opening paragraph of 一 is the report's general statement and that of 五
    # states its problems: the template's order, kept as a rule.
    pending = [
        i for i in pending
        if out[i].source == "default" and not (ordered[i][0] in _OPENS_WITH_DEFAULT and rules[i][2])
    ]
    if model is None or not pending:
        return out
    texts = [model_input(ordered[i][1].text, rules[i][2], rules[i][1]) for i in pending]
    allowed = [leadins.ALLOWED[ordered[i][0]] for i in pending]
    for i, (label, prob) in zip(pending, textcat.predict(model, texts, allowed), strict=True):
        section, paragraph = ordered[i]
        out[i] = Labelled(paragraph, section, label, prob, "model")
    return out
