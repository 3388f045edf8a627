"""Rule labels: where a heading or a lead-in says what a paragraph is about.

"（一）主动公开方面。…", "1.依申请公开情况。…", "**扩大公开范围。**" under a 主动公开 sub-heading,
"针对以上问题，…": the words at the start of a paragraph name its topic. Only the lead-in
(the first clause) is read, so a paragraph that merely mentions 主动公开 later is left to
the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.outline import HEADING_MAX_CHARS, UNNUMBERED_RANK, outline_rank, starts_numbered
from extractor.text import has_char_between, squash

LABELS: tuple[str, ...] = (
    "preamble",
    "overview.general",
    "overview.proactive",
    "overview.on_request",
    "overview.info_management",
    "overview.platform",
    "overview.supervision",
    "problems",
    "improvements",
    "other.fees",
    "other.proposals",
    "other.work_plan",
    "other.innovation",
    "other.misc",
    "closing",
)

# Labels a paragraph may take in each section: the classifier chooses among these only.
ALLOWED: dict[str, tuple[str, ...]] = {
    "preamble": ("preamble",),
    "overview": tuple(label for label in LABELS if label.startswith("overview.")),
    "proactive_disclosure": ("other.misc",),
    "applications": ("other.misc",),
    "review_litigation": ("other.misc",),
    "problems_improvements": ("problems", "improvements"),
    "other_matters": ("other.fees", "other.proposals", "other.work_plan", "other.innovation", "other.misc", "closing"),
}



@dataclass(frozen=True)
class Topic:
    """The words that name a topic in a lead-in.

    ``strong`` words belong to this topic alone ("依申请公开", "人大代表"). ``weak`` words are
    shared with other topics' vocabulary ("网站" is also where proactive disclosure happens,
    "落实情况" ends many headings): they decide only when no other topic is named.
    """

    label: str
    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()


TOPICS: dict[str, tuple[Topic, ...]] = {
    "overview": (
        Topic("overview.on_request", ("依申请公开", "依申请", "政府信息公开申请", "申请公开")),
        Topic("overview.info_management", ("政府信息管理", "信息管理", "保密审查", "公开属性"), ("目录", "清理")),
        Topic("overview.platform", ("平台建设", "公开平台", "新媒体", "网站建设", "网站管理"), ("平台", "网站", "网页")),
        Topic("overview.supervision", ("监督保障", "监督管理", "工作机制", "组织领导", "社会监督"), ("保障", "培训", "考核")),
        Topic("overview.proactive", ("主动公开",)),
        Topic("overview.general", ("总体情况",), ("总体",)),
    ),
    "problems_improvements": (
        Topic(
            "improvements",
            ("改进", "下一步", "整改", "今后", "努力方向", "为进一步", "做好以下", "重点做好", "针对", "工作打算"),
            ("措施",),
        ),
        Topic("problems", ("存在问题", "存在的问题", "主要问题", "不足", "差距", "短板", "薄弱"), ("问题",)),
    ),
    "other_matters": (
        Topic("other.fees", ("信息处理费", "处理费", "收费", "收取费用")),
        Topic("other.proposals", ("建议提案", "人大代表", "政协委员", "政协提案", "代表建议", "提案办理", "建议办理")),
        Topic("other.innovation", ("创新",)),
        Topic("other.work_plan", ("工作要点", "工作方案", "工作部署", "年度要点"), ("落实情况", "上级")),
        # The template's own last heading: what it heads is, by definition, the rest.
        Topic("other.misc", ("其他需要报告", "其他需要说明", "其他事项")),
    ),
}
# Where two topics are both named and one answers the other: an improvement names the
# problem it fixes ("针对存在的主要问题，…"), a problem never names its fix.
OUTRANKS: frozenset[tuple[str, str]] = frozenset({("improvements", "problems")})

_CLAUSE_END = re.compile(r"[。：:；;！？]")
_LEAD_MAX = 24
_SHORT_CLAUSE = 12
# "2021年，" "本年度，" "2023年以来，": a time opener says nothing about the topic.
_TIME_OPENER = re.compile(r"^(?:(?:19|20)\d{2}年(?:度|以来)?|本年度?|今年|全年|近年来)[,，]")
_STOPS = ("。", ";", "!", "?")
# "无", "本年度无其他需要报告的事项。": the whole line says there is nothing (a line that goes on,
# "本年度无收取信息处理费", names its topic and is left to the topic words).
_NOTHING = re.compile(
    r"^(?:本年度|本机关|本单位|我[办局委区县市])?暂?无(?:其他)?(?:需要|需)?(?:报告|说明)?的?(?:事项|情况)?[。.]?$"
)
# The date that ends a report; a page number the assembly joined to it may follow.
# Digits or Chinese numerals ("二〇二四年一月十九日", the style of official documents).
_YEAR = r"(?:(?:19|20)\d{2}|[一二]〇[〇一二三四五六七八九]{2}|[一二][零〇][零〇一二三四五六七八九]{2})"
_DAY = r"(?:\d{1,2}|[一二三]?十?[一二三四五六七八九十])"
_DATE_LINE = re.compile(
    rf"^\s*{_YEAR}\s*年\s*{_DAY}\s*月\s*{_DAY}\s*日\s*(?:[-—–－\s]*\d{{1,4}}[-—–－\s]*)?$"
)


def lead_in(text: str) -> str | None:
    """The paragraph's opening words when they are short enough to be a topic lead-in.

    The first sentence or colon clause if short ("（一）主动公开方面", "主要问题表现在"),
    else a short first comma clause ("下一步", "针对以上问题"). A whole short line
    without a full stop is a sub-heading and counts entirely.
    """
    squashed = _TIME_OPENER.sub("", squash(text).replace("*", "").replace("#", ""))
    match = _CLAUSE_END.search(squashed)
    head = squashed[: match.start()] if match else squashed
    if len(head) <= _LEAD_MAX or starts_numbered(squashed):
        return head[: _LEAD_MAX + 8]
    comma = squashed.split(",", 1)[0]
    return comma if len(comma) <= _SHORT_CLAUSE else None


def rule_label(text: str, section: str) -> str | None:
    """The label the paragraph's own words give it in ``section``; None when they give none."""
    if section == "preamble":
        return "preamble"
    if not has_char_between(text, "\u4e00", "\u9fff"):
        # Page furniture or a stray number that reached the text: nothing to label.
        return "other.misc"
    if section == "other_matters" and _NOTHING.match(squash(text)):
        return "other.misc"
    if section in ("proactive_disclosure", "applications", "review_litigation"):
        return "other.misc"
    found = topic(text, section)
    if found is None and section == "overview" and _manages_information(text):
        return "overview.info_management"
    return found


# Words of information management that no other overview topic uses: a paragraph whose first
# clause is about them ("严格落实政府信息公开保密审查制度，…") is about managing information,
# however long that clause, though it names 公开 too (the classifier took it for 主动公开).
_MANAGEMENT = ("保密审查", "发布审核", "信息管理制度", "公开属性", "源头认定")
_FIRST_CLAUSE = re.compile(r"[,，。；;：:]")
_FIRST_CLAUSE_MAX = 40


def _manages_information(text: str) -> bool:
    body = _TIME_OPENER.sub("", squash(text).replace("*", "").replace("#", ""))
    first = _FIRST_CLAUSE.split(body, maxsplit=1)[0][:_FIRST_CLAUSE_MAX]
    return any(w in first for w in _MANAGEMENT)


def topic(text: str, section: str) -> str | None:
    """The topic the lead-in names, for a paragraph in ``section``; None when it names none
    or names two that neither outranks."""
    head = lead_in(text)
    if head is None:
        return None
    topics = TOPICS.get(section, ())
    named = {t.label for t in topics if any(w in head for w in t.strong)}
    named = named or {t.label for t in topics if any(w in head for w in t.weak)}
    named -= {lower for higher, lower in OUTRANKS if higher in named}
    return next(iter(named)) if len(named) == 1 else None


def is_heading_only(text: str) -> bool:
    """A sub-heading line: the paragraph is a heading and nothing more.

    Short, one clause at most, and either without a full stop ("（一）主动公开方面",
    "**监督保障**"), numbered ("（二）规范化办理依申请公开。", "二是开展过期信息清理。"), or
    announcing what follows ("存在的主要问题如下："). An unnumbered short sentence
    ("本年度未收取信息处理费。") states a fact and is not a heading.
    """
    body = squash(text).replace("*", "").replace("#", "")
    if not body or len(body) > HEADING_MAX_CHARS or any(c in body[:-1] for c in _STOPS):
        return False
    if body.endswith((":", *_STOPS)):
        return body.endswith(":") or outline_rank(body) < UNNUMBERED_RANK
    return True


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text))
