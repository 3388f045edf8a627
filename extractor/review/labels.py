"""The printed words of the three tables, for laying them out as the national template does.

Row and column words come from ``extractor.mapping.template`` (the knowledge the mapper
matches labels with); only what the mapper never needs to match is added here: the outline
numbering, the group rows of table 3 (不予公开, 无法提供, 不予处理) and table 4's headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.contract import (
    APPLICANT_COLUMNS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    PROACTIVE_BY_TEMPLATE,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)
from extractor.mapping import template

TABLE_TITLES = {
    "proactive_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}

_APPLICATION_CANONICAL = {rule.key: rule.canonical for rule in template.APPLICATION_RULES}
_PROACTIVE_CANONICAL = {rule.key: rule.canonical for rule in template.PROACTIVE_RULES}


def applicant_column_label(key: str) -> str:
    if key == "other_org":
        return template.APPLICANT_OTHER_HEADERS[0]
    return dict(template.APPLICANT_HEADERS)[key][0]


def proactive_row_label(key: str, version: str) -> str:
    # The 2019 template prints 规范性文件; 2021 made it 行政规范性文件 (the mapper's canonical).
    if key == "normative_documents" and version == "2019":
        return "规范性文件"
    return _PROACTIVE_CANONICAL[key]


def proactive_column_label(key: str, version: str) -> str:
    headers = template.PROACTIVE_HEADERS_2019 if version == "2019" else template.PROACTIVE_HEADERS_2021
    label = headers[key][0]
    return f"{label}（单位：万元）" if key == "amount" and version == "2021" else label


def proactive_groups(version: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """Table 2's blocks as printed: consecutive items sharing their columns, each block under
    its own header row (规章 and 规范性文件; the decisions; the fees…)."""
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for item, columns in PROACTIVE_BY_TEMPLATE[version].items():
        if groups and groups[-1][0] == columns:
            groups[-1][1].append(item)
        else:
            groups.append((columns, [item]))
    return groups


@dataclass(frozen=True)
class OutcomeGroup:
    """A group of table 3's 三、本年度办理结果: its printed head and its rows."""

    head: str
    rows: tuple[str, ...]
    numbered: bool  # its rows print as 1. 2. 3. under the head (else the head is the row)


_DENIED = tuple(k for k in _APPLICATION_CANONICAL if k.startswith("denied_"))
_UNAVAILABLE = tuple(k for k in _APPLICATION_CANONICAL if k.startswith("unavailable_"))
_NOT_PROCESSED = tuple(k for k in _APPLICATION_CANONICAL if k.startswith("not_processed_"))


def _sorted(keys: tuple[str, ...]) -> tuple[str, ...]:
    from extractor.contract import APPLICATION_ROWS

    return tuple(sorted(keys, key=APPLICATION_ROWS.index))


def outcome_groups(single_other: bool) -> list[OutcomeGroup]:
    """（一）…（七） as printed; （六） as the report printed it: one row or three."""
    other = (
        OutcomeGroup("（六）其他处理", (OTHER_ROW_SINGLE,), False)
        if single_other
        else OutcomeGroup("（六）其他处理", OTHER_ROWS_SPLIT, True)
    )
    return [
        OutcomeGroup("（一）予以公开", ("granted",), False),
        OutcomeGroup("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("partially_granted",), False),
        OutcomeGroup("（三）不予公开", _sorted(_DENIED), True),
        OutcomeGroup("（四）无法提供", _sorted(_UNAVAILABLE), True),
        OutcomeGroup("（五）不予处理", _sorted(_NOT_PROCESSED), True),
        other,
        OutcomeGroup("（七）总计", ("total_processed",), False),
    ]


APPLICATION_TOP_ROWS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "carried_forward": "四、结转下年度继续办理",
}
OUTCOMES_HEAD = "三、本年度办理结果"
APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEAD = "申请人情况"
LEGAL_PERSONS_HEAD = "法人或其他组织"
LEGAL_PERSON_COLUMNS = tuple(c for c in APPLICANT_COLUMNS if c not in ("natural_person", "total"))


def application_row_label(key: str) -> str:
    """The leaf words of a row ("属于国家秘密"); numbering is added by the layout."""
    if key == OTHER_ROW_SINGLE:
        return "其他处理"
    if key == "other_other":
        return "其他"
    return _APPLICATION_CANONICAL[key]


# Table 4: the template's block and column words (the mapper recognises table 4 by
# markers only, so these exist nowhere else).
REVIEW_HEAD = "行政复议"
LITIGATION_HEAD = "行政诉讼"
REVIEW_BLOCK_LABELS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
REVIEW_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
assert tuple(REVIEW_BLOCK_LABELS) == REVIEW_BLOCKS and tuple(REVIEW_COLUMN_LABELS) == REVIEW_COLUMNS

SECTION_LABELS = {
    "preamble": "前言",
    "overview.general": "总体情况",
    "overview.proactive": "主动公开",
    "overview.on_request": "依申请公开",
    "overview.info_management": "政府信息管理",
    "overview.platform": "平台建设",
    "overview.supervision": "监督保障",
    "problems": "存在问题",
    "improvements": "改进情况",
    "other.fees": "收费",
    "other.proposals": "建议提案",
    "other.work_plan": "工作要点",
    "other.innovation": "创新",
    "other.misc": "其他",
    "closing": "落款",
}
