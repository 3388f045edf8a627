"""Every number's printed words: the one table of the templates' Chinese labels.

The mapper matches a report's labels against these words (``extractor.mapping.template`` adds
only the variants seen in real reports), the review page lays the tables out with them,
``govreport export`` heads its columns and writes its dictionary sheet with them, ``govreport
schema`` carries them as descriptions, and docs/dictionary.md is generated from them.

A light module (the contract's key lists and plain data): ``govreport schema`` imports it
without the mapper.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from extractor.contract import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    PROACTIVE_BY_TEMPLATE,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)

TEMPLATES = ("2021", "2019")

# --- the words as the templates print them ----------------------------------------------------

# Table 3's rows (the leaf words; numbering and groups are added below).
APPLICATION_ROW_WORDS = {
    "new_received": "本年新收政府信息公开申请数量",
    "carried_over": "上年结转政府信息公开申请数量",
    "carried_forward": "结转下年度继续办理",
    "denied_state_secret": "属于国家秘密",
    "denied_prohibited_by_law": "其他法律行政法规禁止公开",
    "denied_security_stability": "危及三安全一稳定",
    "denied_third_party_rights": "保护第三方合法权益",
    "denied_internal_affairs": "属于三类内部事务信息",
    "denied_process_info": "属于四类过程性信息",
    "denied_law_enforcement_files": "属于行政执法案卷",
    "denied_administrative_query": "属于行政查询事项",
    "unavailable_not_held": "本机关不掌握相关政府信息",
    "unavailable_needs_creation": "没有现成信息需要另行制作",
    "unavailable_unclear": "补正后申请内容仍不明确",
    "not_processed_complaint": "信访举报投诉类申请",
    "not_processed_duplicate": "重复申请",
    "not_processed_publication": "要求提供公开出版物",
    "not_processed_excessive": "无正当理由大量反复申请",
    "not_processed_confirmation": "要求行政机关确认或重新出具已获取信息",
    "other_overdue_correction": "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
    "other_overdue_fee": "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
    "partially_granted": "部分公开",
    "granted": "予以公开",
    "other_processing": "其他处理",
    "total_processed": "总计",
}
# Table 3's columns (申请人情况).
APPLICANT_COLUMN_WORDS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
# Table 2's rows (2021 words; the 2019 template differs in one, see proactive_row_label).
PROACTIVE_ROW_WORDS = {
    "normative_documents": "行政规范性文件",
    "regulations": "规章",
    "other_services": "其他对外管理服务事项",
    "licensing": "行政许可",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
# Table 2's column headers, by template.
PROACTIVE_COLUMN_WORDS = {
    "2021": {
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "amount": "本年收费金额",
    },
    "2019": {
        "made": "本年新制作数量",
        "published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "items_last_year": "上一年项目数量",
        "items_change": "本年增/减",
        "decisions": "处理决定数量",
        "projects": "采购项目数量",
        "amount": "采购总金额",
    },
}

TABLE_TITLES = {
    "proactive_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}


# --- table 2 ---------------------------------------------------------------------------------


def proactive_row_label(key: str, version: str) -> str:
    # The 2019 template prints 规范性文件; 2021 made it 行政规范性文件 (the mapper's canonical).
    if key == "normative_documents" and version == "2019":
        return "规范性文件"
    return PROACTIVE_ROW_WORDS[key]


def proactive_column_label(key: str, version: str) -> str:
    label = PROACTIVE_COLUMN_WORDS[version][key]
    return f"{label}（单位：万元）" if key == "amount" and version == "2021" else label


# --- table 3 ---------------------------------------------------------------------------------

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


def applicant_column_label(key: str) -> str:
    return APPLICANT_COLUMN_WORDS[key]


def application_row_label(key: str) -> str:
    """The leaf words of a row ("属于国家秘密"); numbering is added by the layout."""
    if key == OTHER_ROW_SINGLE:
        return "其他处理"
    if key == "other_other":
        return "其他"
    return APPLICATION_ROW_WORDS[key]


@dataclass(frozen=True)
class OutcomeGroup:
    """A group of table 3's 三、本年度办理结果: its printed head and its rows."""

    head: str
    rows: tuple[str, ...]
    numbered: bool  # its rows print as 1. 2. 3. under the head (else the head is the row)


def _rows_starting(prefix: str) -> tuple[str, ...]:
    return tuple(k for k in APPLICATION_ROWS if k.startswith(prefix))


OTHER_HEAD = "（六）其他处理"


def outcome_groups(single_other: bool) -> list[OutcomeGroup]:
    """（一）…（七） as printed; （六） as the report printed it: one row or three."""
    other = (
        OutcomeGroup(OTHER_HEAD, (OTHER_ROW_SINGLE,), False)
        if single_other
        else OutcomeGroup(OTHER_HEAD, OTHER_ROWS_SPLIT, True)
    )
    return [
        OutcomeGroup("（一）予以公开", ("granted",), False),
        OutcomeGroup("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("partially_granted",), False),
        OutcomeGroup("（三）不予公开", _rows_starting("denied_"), True),
        OutcomeGroup("（四）无法提供", _rows_starting("unavailable_"), True),
        OutcomeGroup("（五）不予处理", _rows_starting("not_processed_"), True),
        other,
        OutcomeGroup("（七）总计", ("total_processed",), False),
    ]


def application_row_printed(key: str) -> str:
    """A row of table 3 with its numbering and group, as the template prints it
    ("三、本年度办理结果（三）不予公开 1.属于国家秘密")."""
    if key in APPLICATION_TOP_ROWS:
        return APPLICATION_TOP_ROWS[key]
    for group in outcome_groups(single_other=key == OTHER_ROW_SINGLE):
        if key in group.rows:
            if not group.numbered:
                return f"{OUTCOMES_HEAD}{group.head}"
            return f"{OUTCOMES_HEAD}{group.head} {group.rows.index(key) + 1}.{application_row_label(key)}"
    raise KeyError(key)


def applicant_column_printed(key: str) -> str:
    """A column of table 3 under its group ("法人或其他组织 商业企业")."""
    if key in LEGAL_PERSON_COLUMNS:
        return f"{LEGAL_PERSONS_HEAD} {applicant_column_label(key)}"
    return applicant_column_label(key)


# --- table 4 ---------------------------------------------------------------------------------
# The template's block and column words (the mapper's table-4 column names,
# ``template.REVIEW_COLUMN_NAMES``, add only their variants to these).
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


def review_block_printed(key: str) -> str:
    return REVIEW_BLOCK_LABELS[key] if key == "review" else f"{LITIGATION_HEAD} {REVIEW_BLOCK_LABELS[key]}"


# --- the six parts of the narrative ---------------------------------------------------------

# The template's part headings by the contract's section keys.
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems_improvements": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
# The paragraph classifier's labels (a part's topics), as the review page names them.
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
# Either kind of name of a part of the text, in words.
SECTION_WORDS = {**SECTION_TITLES, **SECTION_LABELS}


# --- what each key means (the dictionary's last column) -------------------------------------

_ROW_MEANINGS = {
    "regulations": "rules (规章)",
    "normative_documents": "normative documents",
    "licensing": "administrative licensing",
    "other_services": "other external management services",
    "punishment": "administrative penalties",
    "coercion": "administrative coercion",
    "fees": "administrative fees",
    "procurement": "centralised government procurement",
    "new_received": "requests received this year",
    "carried_over": "requests carried over from last year",
    "granted": "requests answered: disclosed in full",
    "partially_granted": "requests answered: disclosed in part",
    "denied_state_secret": "not disclosed: state secret",
    "denied_prohibited_by_law": "not disclosed: prohibited by other laws",
    "denied_security_stability": "not disclosed: endangers security or stability",
    "denied_third_party_rights": "not disclosed: third parties' rights",
    "denied_internal_affairs": "not disclosed: internal affairs",
    "denied_process_info": "not disclosed: process information",
    "denied_law_enforcement_files": "not disclosed: law-enforcement files",
    "denied_administrative_query": "not disclosed: administrative query matter",
    "unavailable_not_held": "cannot be provided: not held",
    "unavailable_needs_creation": "cannot be provided: would need creating",
    "unavailable_unclear": "cannot be provided: request still unclear",
    "not_processed_complaint": "not processed: petition or complaint",
    "not_processed_duplicate": "not processed: duplicate request",
    "not_processed_publication": "not processed: asks for a publication",
    "not_processed_excessive": "not processed: excessive repeated requests",
    "not_processed_confirmation": "not processed: asks to confirm or reissue information",
    "other_overdue_correction": "other: applicant did not complete the request in time",
    "other_overdue_fee": "other: applicant did not pay the fee in time",
    "other_other": "other: any other handling",
    "other_processing": "other handling (printed as one row)",
    "total_processed": "requests answered this year, in total",
    "carried_forward": "requests carried forward to next year",
    "review": "administrative reconsiderations",
    "litigation_direct": "lawsuits without prior reconsideration",
    "litigation_after_review": "lawsuits after reconsideration",
}
_COLUMN_MEANINGS = {
    "issued": "issued this year",
    "repealed": "repealed this year",
    "in_force": "in force",
    "decisions": "decisions this year",
    "amount": "amount in 10,000 yuan",
    "made": "made this year",
    "published": "published this year",
    "total_published": "published in total",
    "items_last_year": "items last year",
    "items_change": "change in items this year",
    "projects": "procurement projects",
    "natural_person": "by natural persons",
    "commercial_enterprise": "by commercial enterprises",
    "research_institution": "by research institutions",
    "social_welfare_org": "by social welfare organisations",
    "legal_service_org": "by legal service organisations",
    "other_org": "by other organisations",
    "total": "in total",
    "upheld": "decision upheld",
    "corrected": "decision corrected",
    "other": "other result",
    "pending": "pending",
}


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldLabel:
    """One number of a template: its key, and its words as that template prints them."""

    table: str
    row: str
    column: str
    templates: tuple[str, ...]  # the template versions that print it with these words
    row_label: str
    column_label: str
    meaning: str

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"

    @property
    def table_label(self) -> str:
        return TABLE_TITLES[self.table]

    @property
    def label(self) -> str:
        """Row and column words in one line: a column heading, a schema description."""
        return f"{self.row_label}｜{self.column_label}"


def _one_template(version: str) -> list[FieldLabel]:
    fields = []
    for row, columns in PROACTIVE_BY_TEMPLATE[version].items():
        for column in columns:
            fields.append(FieldLabel("proactive_disclosure", row, column, (version,), proactive_row_label(row, version),
                                     proactive_column_label(column, version),
                                     f"{_ROW_MEANINGS[row]}: {_COLUMN_MEANINGS[column]}"))
    for row in APPLICATION_ROWS:
        for column in APPLICANT_COLUMNS:
            fields.append(FieldLabel("applications", row, column, (version,), application_row_printed(row),
                                     applicant_column_printed(column),
                                     f"{_ROW_MEANINGS[row]}, {_COLUMN_MEANINGS[column]}"))
    for block in REVIEW_BLOCKS:
        for column in REVIEW_COLUMNS:
            fields.append(FieldLabel("review_litigation", block, column, (version,), review_block_printed(block),
                                     REVIEW_COLUMN_LABELS[column],
                                     f"{_ROW_MEANINGS[block]}: {_COLUMN_MEANINGS[column]}"))
    return fields


@functools.cache
def field_labels() -> tuple[FieldLabel, ...]:
    """Every number of both templates, in the contract's order; a key both templates print
    with the same words is one entry with both versions."""
    merged: dict[tuple[str, str, str], FieldLabel] = {}
    for version in TEMPLATES:
        for field in _one_template(version):
            words = (field.key, field.row_label, field.column_label)
            seen = merged.get(words)
            merged[words] = field if seen is None else FieldLabel(
                field.table, field.row, field.column, (*seen.templates, version), field.row_label,
                field.column_label, field.meaning)
    order = list(TABLE_TITLES)
    return tuple(sorted(merged.values(), key=lambda f: order.index(f.table)))  # stable: contract order within


@functools.cache
def labels_by_key(version: str | None = None) -> dict[str, FieldLabel]:
    """Key → its words for one template version; with None, the 2021 words where both print
    a key (a column of several reports of either template)."""
    found: dict[str, FieldLabel] = {}
    for version_ in (version,) if version else TEMPLATES:
        for field in field_labels():
            if version_ in field.templates:
                found.setdefault(field.key, field)
    return found
