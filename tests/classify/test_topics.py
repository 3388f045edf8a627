"""Where a topic comes from: a sub-heading line carries it to the paragraphs below, a
paragraph's own lead-in never does, and a word two topics share never decides alone."""

from __future__ import annotations

import itertools

import pytest

from extractor.classify import leadins
from extractor.classify.paragraphs import Source, label_ordered
from extractor.classify.textcat import load_model
from extractor.layout import Paragraph

# One sub-heading line per topic and section, as reports write them, and a paragraph below
# it that names no topic of its own.
HEADINGS: dict[str, dict[str, str]] = {
    "overview": {
        "overview.proactive": "（一）主动公开情况",
        "overview.on_request": "（二）依申请公开情况",
        "overview.info_management": "（三）政府信息管理",
        "overview.platform": "（四）平台建设",
        "overview.supervision": "（五）监督保障",
    },
    "problems_improvements": {"problems": "（一）存在的主要问题", "improvements": "（二）改进措施"},
    "other_matters": {
        "other.fees": "（一）信息处理费收取情况",
        "other.proposals": "（二）人大代表建议和政协提案办理情况",
        "other.work_plan": "（三）年度工作要点落实情况",
        "other.innovation": "（四）政务公开工作创新情况",
    },
}
PLAIN = "全年共完成相关工作任务18项，均已按期办结并在网站公开。"
PLAIN_2 = "各科室按照职责分工抓好落实，确保各项要求落到实处。"
SECTION_TOPICS = [(section, label) for section, topics in HEADINGS.items() for label in topics]


def _labels(section: str, texts: list[str], model: object = None) -> list[tuple[str, Source]]:
    out = label_ordered([(section, Paragraph(t)) for t in texts], model=model)
    return [(x.label, x.source) for x in out]


@pytest.mark.parametrize(("section", "label"), SECTION_TOPICS)
def test_a_heading_line_carries_its_topic_until_the_next_heading(section: str, label: str) -> None:
    heading = HEADINGS[section][label]
    other = next(t for lab, t in HEADINGS[section].items() if lab != label)
    got = _labels(section, [heading, PLAIN, "1.细化工作任务", PLAIN_2, other, PLAIN])
    assert got[0] == (label, Source.RULE)
    # A deeper sub-heading without a topic ("1.细化工作任务") keeps the topic open.
    assert got[1:4] == [(label, Source.HEADING)] * 3
    assert got[5][0] != label


@pytest.mark.parametrize(("section", "label"), SECTION_TOPICS)
def test_a_lead_in_followed_by_text_carries_nothing(section: str, label: str) -> None:
    heading = HEADINGS[section][label]
    got = _labels(section, [f"{heading}。{PLAIN}", PLAIN_2])
    assert got[0] == (label, Source.RULE)
    assert got[1][1] is Source.DEFAULT


@pytest.mark.parametrize(("section", "label"), SECTION_TOPICS)
def test_a_heading_of_the_same_rank_without_a_topic_ends_the_carry(section: str, label: str) -> None:
    got = _labels(section, [HEADINGS[section][label], PLAIN, "（六）其他工作", PLAIN_2])
    assert got[1] == (label, Source.HEADING)
    assert got[3][1] is Source.DEFAULT


@pytest.mark.parametrize(("section", "label"), SECTION_TOPICS)
def test_a_lead_in_of_another_topic_ends_the_carry(section: str, label: str) -> None:
    heading = HEADINGS[section][label]
    lead = next(f"{t}。{PLAIN}" for lab, t in HEADINGS[section].items() if lab != label)
    got = _labels(section, [heading, PLAIN, lead, PLAIN_2])
    assert got[1] == (label, Source.HEADING)
    assert got[3][1] is Source.DEFAULT


def _pairs() -> list[tuple[str, leadins.Topic, leadins.Topic]]:
    return [
        (section, a, b)
        for section, topics in leadins.TOPICS.items()
        for a, b in itertools.permutations(topics, 2)
    ]


@pytest.mark.parametrize(("section", "a", "b"), _pairs(), ids=lambda x: getattr(x, "label", x))
def test_two_topics_named_decide_nothing_unless_one_outranks(section: str, a: leadins.Topic, b: leadins.Topic) -> None:
    text = f"{a.strong[0]}和{b.strong[0]}"
    want = a.label if (a.label, b.label) in leadins.OUTRANKS else b.label if (b.label, a.label) in leadins.OUTRANKS else None
    assert leadins.topic(text, section) == want


@pytest.mark.parametrize(("section", "a", "b"), [p for p in _pairs() if p[2].weak], ids=lambda x: getattr(x, "label", x))
def test_a_shared_word_never_outweighs_a_topic_named_outright(section: str, a: leadins.Topic, b: leadins.Topic) -> None:
    for weak in b.weak:
        assert leadins.topic(f"{a.strong[0]}的{weak}", section) == a.label


@pytest.mark.parametrize(("section", "topic"), [(s, t) for s, ts in leadins.TOPICS.items() for t in ts if t.weak])
def test_a_shared_word_alone_may_decide(section: str, topic: leadins.Topic) -> None:
    for weak in topic.weak:
        assert leadins.topic(f"加强{weak}", section) == topic.label


# Paragraphs without a lead-in, new wording (not in the labelled set), for the classifier.
AFTER_FEES = {
    "other.proposals": (
        "本年度共办理人大代表建议十二件、政协委员提案十五件，均在规定期限内答复完毕，代表委员满意率较高。",
        "认真做好人大代表建议和政协提案办理工作，全年承办建议提案二十件，办理结果已按要求向社会公开。",
    ),
    "other.work_plan": (
        "对照上级年度政务公开工作要点，我单位逐项细化分解任务，明确责任科室和完成时限，各项任务已全部落实。",
        "按照本年度政务公开工作要点的部署，重点领域信息公开任务均已按期完成，落实情况已报送上级主管部门。",
    ),
    "other.innovation": (
        "积极探索政务公开新方式，推出政策“一码通查”服务，群众扫码即可查询相关政策和办事指南。",
    ),
}
FEES = (
    "本年度未收取信息处理费。",
    "（一）收取信息处理费情况。本机关全年未收取政府信息公开信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，我单位在办理依申请公开过程中未产生信息处理费。",
)


@pytest.mark.parametrize("fees", FEES)
@pytest.mark.parametrize(("label", "text"), [(lab, t) for lab, ts in AFTER_FEES.items() for t in ts])
def test_section_six_topics_after_a_fees_paragraph(fees: str, label: str, text: str) -> None:
    """The issue's case: every paragraph after 信息处理费 came out other.fees."""
    rules = _labels("other_matters", [fees, text])
    assert rules[1][0] != "other.fees"
    model = load_model()
    assert model is not None
    assert _labels("other_matters", [fees, text], model=model)[1] == (label, Source.MODEL)


OVERVIEW_LEADS = (
    "（一）主动公开情况。全年通过门户网站主动公开政府信息568条，其中政策文件32件。",
    "1.依申请公开方面。全年收到政府信息公开申请18件，均按期答复。",
    "（四）平台建设。优化门户网站信息公开专栏，新增子栏目3个。",
)
OVERVIEW_PLAIN = {
    "overview.supervision": "主动接受社会监督，在网站公布监督电话，对群众反映的问题及时核实处理并反馈。",
    "overview.info_management": "严格落实保密审查制度，坚持先审后发，拟公开信息一律经分管领导审核后发布。",
}


@pytest.mark.parametrize("lead", OVERVIEW_LEADS)
@pytest.mark.parametrize(("label", "text"), list(OVERVIEW_PLAIN.items()))
def test_overview_paragraph_after_a_lead_in_goes_to_the_classifier(lead: str, label: str, text: str) -> None:
    """The issue's case: "主动接受社会监督…" and "严格落实保密审查制度…" came out overview.proactive."""
    model = load_model()
    got = _labels("overview", ["2024年，本单位认真贯彻落实《条例》，各项工作稳步推进。", lead, text], model=model)
    assert got[2] == (label, Source.MODEL) or got[2] == (label, Source.RULE)
