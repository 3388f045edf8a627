"""Rule labels: where a heading or a lead-in says what a paragraph is about.

"（一）主动公开方面。…", "1.依申请公开情况。…", "**扩大公开范围。**" under a 主动公开 sub-heading,
"针对以上问题，…": the words at the start of a paragraph name its topic. Only the lead-in
(the first clause) is read, so a paragraph that merely mentions 主动公开 later is left to
the classifier.
"""

from __future__ import annotations

import re

from extractor.outline import starts_numbered
from extractor.text import squash

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

# (label, words) tried in order on the lead-in; the first hit decides.
TOPIC_WORDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "overview": (
        ("overview.on_request", ("依申请公开", "依申请", "政府信息公开申请", "申请公开")),
        ("overview.info_management", ("政府信息管理", "信息管理", "目录", "清理", "保密审查")),
        ("overview.platform", ("平台建设", "公开平台", "平台", "网站", "网页", "新媒体")),
        ("overview.supervision", ("监督保障", "监督管理", "工作机制", "组织领导", "保障")),
        ("overview.proactive", ("主动公开",)),
        ("overview.general", ("总体情况", "总体")),
    ),
    "problems_improvements": (
        ("improvements", ("改进", "下一步", "针对", "整改", "措施", "今后", "努力方向", "为进一步", "做好以下", "重点做好")),
        ("problems", ("存在问题", "存在的问题", "主要问题", "存在的主要问题", "不足", "问题", "差距")),
    ),
    "other_matters": (
        ("other.fees", ("信息处理费", "处理费", "收费")),
        ("other.proposals", ("建议提案", "人大代表", "政协委员", "提案办理", "建议办理")),
        ("other.innovation", ("创新",)),
        ("other.work_plan", ("工作要点", "工作方案", "落实情况", "上级", "工作部署")),
    ),
}

_CLAUSE_END = re.compile(r"[。：:；;！？]")
_LEAD_MAX = 24
_SHORT_CLAUSE = 12
# "2021年，" "本年度，" "2023年以来，": a time opener says nothing about the topic.
_TIME_OPENER = re.compile(r"^(?:(?:19|20)\d{2}年(?:度|以来)?|本年度?|今年|全年|近年来)[,，]")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOTHING = re.compile(r"^无[。.]?$|^无其他|^本年度无|^暂无")
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


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
    """The label the lead-in names, for a paragraph in ``section``; None when it names none."""
    if section == "preamble":
        return "preamble"
    if not _HAS_CJK.search(text):
        # Page furniture or a stray number that reached the text: nothing to label.
        return "other.misc"
    if section == "other_matters" and _NOTHING.match(squash(text)):
        return "other.misc"
    if section in ("proactive_disclosure", "applications", "review_litigation"):
        return "other.misc"
    head = lead_in(text)
    if head is None:
        return None
    for label, words in TOPIC_WORDS.get(section, ()):
        if any(w in head for w in words):
            return label
    return None


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text))
