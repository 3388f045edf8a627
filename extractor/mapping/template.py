"""Template knowledge: the printed words of the national templates (row labels, column
headers, the words that tell the 2019 and 2021 versions apart) and their variants.

The canonical words (what the template prints) are in ``extractor.template_labels``, the one
table of labels that the review page, exports, dictionary and schema read too; the variants
here are only for matching. Labels are matched on a squashed form (NFKC, no whitespace, half-width punctuation) with
the outline numbering removed, by keywords that survive the variants seen in real
reports: typos ("其他法律行政止公开"), shortened wording ("其他法律法规禁止公开"),
synonyms (社会组织 for 社会公益组织). Only when no keyword fits is a fuzzy match tried,
and it is reported.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.contract import APPLICANT_COLUMNS
from extractor.outline import strip_numbering
from extractor.template_labels import (
    APPLICANT_COLUMN_WORDS,
    APPLICATION_ROW_WORDS,
    PROACTIVE_COLUMN_WORDS,
    PROACTIVE_ROW_WORDS,
    REVIEW_COLUMN_LABELS,
)
from extractor.text import squash


@dataclass(frozen=True)
class RowRule:
    key: str
    keywords: tuple[str, ...]
    canonical: str


# Order matters: specific leaves before the group words they contain ("其他处理" holds
# "其他"; a merged label "（六）其他处理1.申请人…逾期不补正" is the leaf row).
APPLICATION_RULES: tuple[RowRule, ...] = (
    RowRule("new_received", ("本年新收", "新收政府信息"), APPLICATION_ROW_WORDS["new_received"]),
    RowRule("carried_over", ("上年结转",), APPLICATION_ROW_WORDS["carried_over"]),
    RowRule("carried_forward", ("结转下年", "下年度继续办理", "转下年"), APPLICATION_ROW_WORDS["carried_forward"]),
    RowRule("denied_state_secret", ("国家秘密",), APPLICATION_ROW_WORDS["denied_state_secret"]),
    RowRule("denied_prohibited_by_law", ("禁止公开", "行政止公开", "其他法律"), APPLICATION_ROW_WORDS["denied_prohibited_by_law"]),
    RowRule("denied_security_stability", ("三安全", "一稳定"), APPLICATION_ROW_WORDS["denied_security_stability"]),
    RowRule("denied_third_party_rights", ("第三方",), APPLICATION_ROW_WORDS["denied_third_party_rights"]),
    RowRule("denied_internal_affairs", ("内部事务",), APPLICATION_ROW_WORDS["denied_internal_affairs"]),
    RowRule("denied_process_info", ("过程性",), APPLICATION_ROW_WORDS["denied_process_info"]),
    RowRule("denied_law_enforcement_files", ("执法案卷",), APPLICATION_ROW_WORDS["denied_law_enforcement_files"]),
    RowRule("denied_administrative_query", ("行政查询",), APPLICATION_ROW_WORDS["denied_administrative_query"]),
    RowRule("unavailable_not_held", ("不掌握",), APPLICATION_ROW_WORDS["unavailable_not_held"]),
    RowRule("unavailable_needs_creation", ("另行制作", "没有现成"), APPLICATION_ROW_WORDS["unavailable_needs_creation"]),
    RowRule("unavailable_unclear", ("仍不明确", "补正后申请"), APPLICATION_ROW_WORDS["unavailable_unclear"]),
    RowRule("not_processed_complaint", ("信访", "举报投诉"), APPLICATION_ROW_WORDS["not_processed_complaint"]),
    RowRule("not_processed_duplicate", ("重复申请",), APPLICATION_ROW_WORDS["not_processed_duplicate"]),
    RowRule("not_processed_publication", ("出版物",), APPLICATION_ROW_WORDS["not_processed_publication"]),
    RowRule("not_processed_excessive", ("大量反复",), APPLICATION_ROW_WORDS["not_processed_excessive"]),
    RowRule("not_processed_confirmation", ("确认或重新", "重新出具", "已获取信息"), APPLICATION_ROW_WORDS["not_processed_confirmation"]),
    RowRule("other_overdue_correction", ("逾期不补正",), APPLICATION_ROW_WORDS["other_overdue_correction"]),
    RowRule("other_overdue_fee", ("缴纳费用", "收费通知"), APPLICATION_ROW_WORDS["other_overdue_fee"]),
    RowRule("partially_granted", ("部分公开",), APPLICATION_ROW_WORDS["partially_granted"]),
    RowRule("granted", ("予以公开",), APPLICATION_ROW_WORDS["granted"]),
    RowRule("other_processing", ("其他处理",), APPLICATION_ROW_WORDS["other_processing"]),
    RowRule("total_processed", ("总计", "合计"), APPLICATION_ROW_WORDS["total_processed"]),
)

PROACTIVE_RULES: tuple[RowRule, ...] = (
    RowRule("normative_documents", ("规范性文件",), PROACTIVE_ROW_WORDS["normative_documents"]),
    RowRule("regulations", ("规章",), PROACTIVE_ROW_WORDS["regulations"]),
    RowRule("other_services", ("其他对外管理服务", "对外管理服务"), PROACTIVE_ROW_WORDS["other_services"]),
    RowRule("licensing", ("行政许可",), PROACTIVE_ROW_WORDS["licensing"]),
    RowRule("punishment", ("行政处罚",), PROACTIVE_ROW_WORDS["punishment"]),
    RowRule("coercion", ("行政强制",), PROACTIVE_ROW_WORDS["coercion"]),
    RowRule("fees", ("行政事业性收费", "事业性收费"), PROACTIVE_ROW_WORDS["fees"]),
    RowRule("procurement", ("政府集中采购", "集中采购"), PROACTIVE_ROW_WORDS["procurement"]),
)

# Column headers of table 3 (申请人情况). "其他" must match exactly: "法人或其他组织" is a group.
APPLICANT_HEADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("natural_person", (APPLICANT_COLUMN_WORDS["natural_person"],)),
    ("commercial_enterprise", (APPLICANT_COLUMN_WORDS["commercial_enterprise"],)),
    ("research_institution", (APPLICANT_COLUMN_WORDS["research_institution"],)),
    ("social_welfare_org", (APPLICANT_COLUMN_WORDS["social_welfare_org"], "社会组织", "公益组织", "社会公益")),
    ("legal_service_org", (APPLICANT_COLUMN_WORDS["legal_service_org"], "法律服务")),
    ("total", (APPLICANT_COLUMN_WORDS["total"], "合计")),
)
APPLICANT_OTHER_HEADERS = (APPLICANT_COLUMN_WORDS["other_org"], "其他组织", "其它")
# The first line of a name the template stacks over two ("商业/企业"), as the only text of a
# header cell: a page break between the lines, or a scan that lost the rule between two such
# cells ("商业科研" over two columns, their second lines on the next page). Matched only as a
# cell's whole text, or as a run of them over as many columns: "其他法律" is a row label's head.
APPLICANT_HEADS = (("commercial_enterprise", "商业"), ("research_institution", "科研"), ("legal_service_org", "法律"))

# Column headers of table 2, by template. A header names the columns of the rows below it.
PROACTIVE_HEADERS_2021: dict[str, tuple[str, ...]] = {
    "issued": (PROACTIVE_COLUMN_WORDS["2021"]["issued"], "本年新制发件数", "制发件数"),
    "repealed": (PROACTIVE_COLUMN_WORDS["2021"]["repealed"], "废止件数"),
    "in_force": (PROACTIVE_COLUMN_WORDS["2021"]["in_force"], "现行有效数"),
    "decisions": (PROACTIVE_COLUMN_WORDS["2021"]["decisions"], "处理决定数量"),
    "amount": (PROACTIVE_COLUMN_WORDS["2021"]["amount"], "收费金额"),
}
PROACTIVE_HEADERS_2019: dict[str, tuple[str, ...]] = {
    "made": (PROACTIVE_COLUMN_WORDS["2019"]["made"], "新制作数量"),
    "published": (PROACTIVE_COLUMN_WORDS["2019"]["published"], "新公开数量"),
    "total_published": (PROACTIVE_COLUMN_WORDS["2019"]["total_published"], "公开总数量"),
    "items_last_year": (PROACTIVE_COLUMN_WORDS["2019"]["items_last_year"], "上年项目数量"),
    "items_change": (PROACTIVE_COLUMN_WORDS["2019"]["items_change"], "本年增减", "增/减", "增减"),
    "decisions": (PROACTIVE_COLUMN_WORDS["2019"]["decisions"],),
    "projects": (PROACTIVE_COLUMN_WORDS["2019"]["projects"],),
    "amount": (PROACTIVE_COLUMN_WORDS["2019"]["amount"],),
}
# Words that exist only in one template's table 2: they decide report.template.
TEMPLATE_2019_MARKERS = ("新制作数量", "新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量", "其他对外管理服务")
TEMPLATE_2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")

REVIEW_MARKERS = ("行政复议", "行政诉讼")
# A header row of table 4 printed without its block names.
REVIEW_COLUMN_MARKERS = ("结果维持", "尚未审结")

# Table 3's group （六）其他处理: its label opens the group, and the rows of the group that
# come before its bare "其他" row keep it open (where "其他" alone is the row other_other).
OTHER_GROUP_WORDS = ("其他处理",)
OTHER_GROUP_ROWS = ("other_overdue_correction", "other_overdue_fee")


def opens_other_group(label: str) -> bool:
    """Does a row label name the group （六）其他处理 (merged over its rows)?"""
    text = squash(label)
    return any(w in text for w in OTHER_GROUP_WORDS)


# Table 4's column names as printed under each block (a header cell may be stacked, "结果\n维持").
REVIEW_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "upheld": (REVIEW_COLUMN_LABELS["upheld"], "维持"),
    "corrected": (REVIEW_COLUMN_LABELS["corrected"], "纠正"),
    "other": (REVIEW_COLUMN_LABELS["other"],),
    "pending": (REVIEW_COLUMN_LABELS["pending"],),
    "total": (REVIEW_COLUMN_LABELS["total"], "合计"),
}


def review_column(text: str) -> str | None:
    """The table-4 column a header cell names (the same five under each block), or None."""
    bare = squash(text)
    for key, names in REVIEW_COLUMN_NAMES.items():
        if bare in names:
            return key
    return None


def review_column_misread(text: str) -> str | None:
    """The table-4 column an OCR'd header cell names with one character misread, missing or
    added ("尚未申结", "总计一": a seal's stroke beside the word), when exactly one column's
    names are that close; else None. Only for a whole header row checked against the
    template's order (``review._named_columns``): alone, one character is weak evidence."""
    bare = squash(text)
    if len(bare) < 2:
        return None
    keys = {key for key, names in REVIEW_COLUMN_NAMES.items() if any(_one_edit(bare, name) for name in names)}
    return keys.pop() if len(keys) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one character replaced, removed or added."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def is_review_header(text: str) -> bool:
    """A row of table 4's header: block names, or its column names without them."""
    bare = squash(text)
    return any(m in bare for m in REVIEW_MARKERS) or all(m in bare for m in REVIEW_COLUMN_MARKERS)


def detect_template(texts: Iterable[str]) -> str | None:
    """The template version, "2019" or "2021", by the table-2 header words in ``texts``; None when neither shows."""
    v2019 = v2021 = 0
    for text in texts:
        a, b = template_votes(text)
        v2019 += a
        v2021 += b
    if v2019 == v2021 == 0:
        return None
    return "2019" if v2019 > v2021 else "2021"


def match_application_row(label: str, leaf: str, in_other_group: bool) -> str | None:
    """The row key of a table-3 row by its keywords: its whole label and its last label cell.

    ``in_other_group`` says the row sits under （六）其他处理, where a bare "其他" is a row.
    """
    bare = strip_numbering(leaf)
    if bare in ("其他", "其它"):
        return "other_other" if in_other_group else None
    text = squash(label)
    for rule in APPLICATION_RULES:
        if any(k in text for k in rule.keywords):
            return rule.key
    return None


def match_application_row_fuzzy(leaf: str) -> str | None:
    """A table-3 row with no keyword (OCR damage): the closest canonical label, if close enough.
    Tried only after every exact match of both tables failed (difflib is slow)."""
    bare = strip_numbering(leaf)
    if bare in ("其他", "其它"):
        return None
    return closest_row(bare, APPLICATION_RULES)


def match_proactive_row(label: str) -> str | None:
    text = squash(label)
    if text.startswith("第二十条") or "信息内容" in text:
        return None
    for rule in PROACTIVE_RULES:
        if any(k in text for k in rule.keywords):
            return rule.key
    return None


def proactive_rows_named(label: str) -> list[str]:
    """Every table-2 row whose name the label holds: more than one is rows run together (a
    scan lost the rule between 行政处罚 and 行政强制), never one row's label."""
    text = squash(label)
    return [rule.key for rule in PROACTIVE_RULES if any(k in text for k in rule.keywords)]


def match_proactive_row_fuzzy(label: str) -> str | None:
    """A table-2 label with no keyword, closest canonical label if close enough: a label
    whose tail was cut off ("行政事业性收" when "费" went to the next page as a line of its own)."""
    text = squash(label)
    if text.startswith("第二十条") or "信息内容" in text:
        return None
    return closest_row(strip_numbering(text), PROACTIVE_RULES)


def applicant_column(text: str) -> str | None:
    bare = strip_numbering(text)
    if bare != squash(text):
        # Numbered: a row's label ("（七）总计", a row whose values were merged into one blank
        # cell, so it prints no number), never a column's name.
        return None
    if bare in APPLICANT_OTHER_HEADERS:
        return "other_org"
    if (head := dict((h, k) for k, h in APPLICANT_HEADS).get(bare)) is not None:
        return head
    for key, names in APPLICANT_HEADERS:
        if bare in names or any(bare == n or (len(bare) <= len(n) + 2 and n in bare) for n in names):
            return key
    return None


# The group over the five organisation columns, and the caption over all: neither names one
# column, and the group's "其他" is not the column 其他.
_APPLICANT_GROUPS = ("申请人情况", "法人或者其他组织", "法人或其他组织", "法人和其他组织")


def applicant_columns_in(text: str) -> list[str]:
    """The applicant columns a header cell names, in the order printed: a scan whose header's
    inner rules were lost gives one cell "申请人情况 自然人 法人或其他组织 商业企业 … 总计"
    over the seven columns. Empty unless the names keep the template's order."""
    bare = squash(text)
    for group in _APPLICANT_GROUPS:
        bare = bare.replace(group, "|")
    found: list[tuple[int, str]] = []
    for key, names in (*APPLICANT_HEADERS, ("other_org", APPLICANT_OTHER_HEADERS)):
        at = min((i for n in names if (i := bare.find(n)) >= 0), default=-1)
        if at >= 0:
            found.append((at, key))
    keys = [key for _, key in sorted(found)]
    order = [k for k in APPLICANT_COLUMNS if k in keys]
    return keys if keys == order else []


def _heads_run(bare: str) -> list[str]:
    """The columns of a text made only of stacked names' first lines in the template's order
    ("商业科研"), else none."""
    keys: list[str] = []
    rest = bare
    while rest:
        found = next(((k, h) for k, h in APPLICANT_HEADS if rest.startswith(h)), None)
        if found is None:
            return []
        keys.append(found[0])
        rest = rest[len(found[1]):]
    return keys if keys == [k for k in APPLICANT_COLUMNS if k in keys] and len(set(keys)) == len(keys) else []


def applicant_columns_under(text: str, span: int) -> list[str]:
    """The applicant columns under a header cell ``span`` grid columns wide that names several:
    the names it prints, when there is one per column; or all seven of the template's, when it
    is the caption 申请人情况 over exactly seven columns (the header's inner rules lost and its
    stacked names, "商业/企业" beside "科研机/构", read across as one jumble) and names the
    first and last of them, so it covers the whole header (a caption alone may stand over
    an unnamed column and leave 总计 to a cell beside it). Else none."""
    if span < 2:
        return []
    keys = applicant_columns_in(text)
    if len(keys) == span:
        return keys
    if (heads := _heads_run(squash(text))) and len(heads) == span:
        return heads
    bare = squash(text)
    first, last = APPLICANT_HEADERS[0][1], APPLICANT_HEADERS[-1][1]
    whole = any(n in bare for n in first) and any(n in bare for n in last)
    if span == len(APPLICANT_COLUMNS) and whole and "申请人情况" in bare:
        return list(APPLICANT_COLUMNS)
    return []


def proactive_column(text: str, template: str) -> str | None:
    headers = PROACTIVE_HEADERS_2019 if template == "2019" else PROACTIVE_HEADERS_2021
    bare = squash(text)
    for key, names in headers.items():
        if any(n in bare for n in names):
            return key
    return _proactive_column_misread(bare, headers)


# Characters. A column name this long read with one character wrong (OCR: 上一年 as 七一年)
# is still its column; the template's names differ from each other in two or more places.
_MISREAD_MIN_LENGTH = 5


def _proactive_column_misread(bare: str, headers: dict[str, tuple[str, ...]]) -> str | None:
    """The one column whose name the text holds with a single character wrong, if only one."""
    found = set()
    for key, names in headers.items():
        for name in names:
            n = len(name)
            if n < _MISREAD_MIN_LENGTH:
                continue
            if any(sum(a != b for a, b in zip(bare[i : i + n], name, strict=True)) <= 1
                   for i in range(len(bare) - n + 1)):
                found.add(key)
    return found.pop() if len(found) == 1 else None


def template_votes(text: str) -> tuple[int, int]:
    """(2019 votes, 2021 votes) for a piece of table-2 header text."""
    bare = squash(text)
    return (
        sum(1 for m in TEMPLATE_2019_MARKERS if m in bare),
        sum(1 for m in TEMPLATE_2021_MARKERS if m in bare),
    )


# A label at least this similar (difflib's ratio) to a canonical label is taken for it.
FUZZY_MIN_RATIO = 0.75


# Cached: difflib is slow, and the same labels come back in every table and every report.
@functools.lru_cache(maxsize=1024)
def closest_row(bare: str, rules: tuple[RowRule, ...]) -> str | None:
    """A label with no keyword (OCR damage): the closest canonical label, if close enough."""
    if len(bare) < 4:
        return None
    best, score = None, 0.0
    for rule in rules:
        matcher = difflib.SequenceMatcher(None, bare, rule.canonical)
        # The two cheap upper bounds of the ratio first (as difflib's get_close_matches): a
        # label that cannot beat the best so far or reach the threshold is not compared.
        bar = max(score, FUZZY_MIN_RATIO)
        if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
            continue
        ratio = matcher.ratio()
        if ratio > score:
            best, score = rule.key, ratio
    return best if score >= FUZZY_MIN_RATIO else None
