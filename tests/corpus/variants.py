"""Random report variants the extractor was never tuned on.

Each variant is a DOCX built from a seed number: agency, year, template (2019/2021), the
（六） form, an omitted 其他 column, label wording and numbering styles, spaces and line
breaks in labels, thousands separators, blank cells, random numbers. The expected tables
come from the same random choices, not from any extraction. The tables are laid out by the sample
builder's code (scripts/samples/national_tables.py) on plain "Table Grid" tables.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable

from extractor.contract import (
    APPLICANT_COLUMNS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    OUTCOME_ROWS_BEFORE_OTHER,
    PROACTIVE_2019,
    PROACTIVE_2021,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)
from scripts.samples.docx_builder import (
    SERIF,
    Grid,
    grid_table,
    new_document,
    set_style_font,
    set_table_borders,
    spacer,
)
from scripts.samples.national_tables import (
    DENIED,
    LABELS_2021,
    NOT_PROCESSED,
    OTHER,
    UNAVAILABLE,
    AppRow,
    ProactiveRow,
    applicant_header,
    fill_applications,
    fill_proactive,
    fill_review,
    proactive_rows,
)

AGENCIES = ["临沂市交通运输局", "嘉兴市南湖区人民政府", "贵阳市生态环境局", "大连市人民政府办公室", "广元市应急管理局"]

LEAVES: dict[str, list[str]] = {
    "denied_state_secret": ["属于国家秘密"],
    "denied_prohibited_by_law": ["其他法律行政法规禁止公开", "其他法律法规禁止公开", "其他法律行政止公开"],
    "denied_security_stability": ["危及“三安全一稳定”", "危及\"三安全一稳定\""],
    "denied_third_party_rights": ["保护第三方合法权益"],
    "denied_internal_affairs": ["属于三类内部事务信息"],
    "denied_process_info": ["属于四类过程性信息"],
    "denied_law_enforcement_files": ["属于行政执法案卷"],
    "denied_administrative_query": ["属于行政查询事项"],
    "unavailable_not_held": ["本机关不掌握相关政府信息"],
    "unavailable_needs_creation": ["没有现成信息需要另行制作"],
    "unavailable_unclear": ["补正后申请内容仍不明确"],
    "not_processed_complaint": ["信访举报投诉类申请"],
    "not_processed_duplicate": ["重复申请"],
    "not_processed_publication": ["要求提供公开出版物"],
    "not_processed_excessive": ["无正当理由大量反复申请"],
    "not_processed_confirmation": ["要求行政机关确认或重新出具已获取信息"],
    "other_overdue_correction": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "other_overdue_fee": ["申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    "other_other": ["其他"],
}
GROUPS = [
    (DENIED, OUTCOME_ROWS_BEFORE_OTHER[2:10]),
    (UNAVAILABLE, OUTCOME_ROWS_BEFORE_OTHER[10:13]),
    (NOT_PROCESSED, OUTCOME_ROWS_BEFORE_OTHER[13:18]),
]
TOP_ROWS = ("new_received", "carried_over", "carried_forward")  # labels across all three label columns
APPLICANT_HEADERS = {
    "commercial_enterprise": ["商业企业", "商业\n企业"],
    "research_institution": ["科研机构", "科研\n机构"],
    "social_welfare_org": ["社会公益组织", "社会组织", "社会\n公益\n组织"],
    "legal_service_org": ["法律服务机构", "法律\n服务\n机构"],
    "other_org": ["其他"],
}
HEADERS_2021 = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
                "decisions": "本年处理决定数量", "amount": "本年收费金额（单位：万元）"}
HEADERS_2019 = {"made": "本年新制作数量", "published": "本年新公开数量", "total_published": "对外公开总数量",
                "items_last_year": "上一年项目数量", "items_change": "本年增/减", "decisions": "处理决定数量",
                "projects": "采购项目数量", "amount": "采购总金额"}
PROACTIVE_LABELS = {"regulations": ["规章"], "normative_documents": ["行政规范性文件", "规范性文件"],
                    "licensing": ["行政许可"], "other_services": ["其他对外管理服务事项"], "punishment": ["行政处罚"],
                    "coercion": ["行政强制"], "fees": ["行政事业性收费"], "procurement": ["政府集中采购"]}
GROUPS_2021 = [("第二十条第（一）项", ["regulations", "normative_documents"]), ("第二十条第（五）项", ["licensing"]),
               ("第二十条第（六）项", ["punishment", "coercion"]), ("第二十条第（八）项", ["fees"])]
GROUPS_2019 = [("第二十条第（一）项", ["regulations", "normative_documents"]),
               ("第二十条第（五）项", ["licensing", "other_services"]),
               ("第二十条第（六）项", ["punishment", "coercion"]), ("第二十条第（八）项", ["fees"]),
               ("第二十条第（九）项", ["procurement"])]


@dataclass(frozen=True)
class Layout:
    """Where the page breaks fall and what the tables are drawn with, apart from the content.

    ``push`` puts that many empty paragraphs of ``step`` points before a table (by its contract
    name), moving it and all that follows down the page: a sweep over ``push`` passes every page
    break through every row. Without ``vertical_rules`` only the horizontal rules are drawn."""

    push: Mapping[str, int] = field(default_factory=dict)
    step: float = 8.0
    vertical_rules: bool = True
    blank_rate: float = 0.04
    # A table split by hand into two Word tables before this row (by contract name), as
    # authors do to force a page break; the second repeats the header rows when asked.
    split: Mapping[str, int] = field(default_factory=dict)
    repeat_header: bool = False


HEADER_ROWS = {"proactive_disclosure": 2, "applications": 3, "review_litigation": 3}


class Variant:
    def __init__(self, seed: int, layout: Layout | None = None) -> None:
        self.layout = layout or Layout()
        self.rng = random.Random(seed)
        rng = self.rng
        self.template = rng.choice(["2021", "2019"])
        self.single_other = self.template == "2019" or rng.random() < 0.4
        self.columns = list(APPLICANT_COLUMNS)
        if rng.random() < 0.3:
            self.columns.remove("other_org")
        self.agency = rng.choice(AGENCIES)
        self.year = rng.randint(2019, 2025)
        self.numbering = rng.choice(["{n}.", "{n}、", "（{n}）", "{n}．"])
        self.tables: dict[str, Any] = {}

    # --- numbers ----------------------------------------------------------------------

    def _number(self, big: bool = False) -> tuple[str, int | float | None]:
        rng = self.rng
        if rng.random() < self.layout.blank_rate:
            return "", None
        value = rng.choice([0, 0, 0, rng.randint(1, 30), rng.randint(100, 99999) if big else rng.randint(1, 9)])
        text = f"{value:,}" if value >= 1000 and rng.random() < 0.5 else str(value)
        return text, value

    def _label(self, text: str) -> str:
        """Spaces or a line break inside a label, as narrow cells and PDF copies produce."""
        if len(text) > 4 and self.rng.random() < 0.25:
            i = self.rng.randint(1, len(text) - 1)
            return text[:i] + self.rng.choice([" ", "\n"]) + text[i:]
        return text

    # --- document ---------------------------------------------------------------------

    def build(self, path: Path) -> dict[str, Any]:
        doc = new_document()
        set_style_font(doc.styles["Normal"], SERIF, 10.5)
        doc.add_paragraph(self.agency)
        doc.add_paragraph(f"{self.year}年政府信息公开工作年度报告")
        doc.add_paragraph("一、总体情况")
        doc.add_paragraph("本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》。")
        doc.add_paragraph("二、主动公开政府信息情况")
        self._proactive(doc)
        doc.add_paragraph("三、收到和处理政府信息公开申请情况")
        self._applications(doc)
        doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        self._review(doc)
        doc.add_paragraph("五、存在的主要问题及改进情况")
        doc.add_paragraph("一是公开质量有待提高。")
        doc.add_paragraph("六、其他需要报告的事项")
        doc.add_paragraph("本年度未收取信息处理费。")
        doc.save(str(path))
        return {"report": {"agency": self.agency, "year": self.year, "template": self.template}, "tables": self.tables}

    # Each table draws all its random texts first (in the order the expected values depend on), then
    # lays them out on a plain "Table Grid" table with the sample builder's layout code.

    def _table(self, doc: Document, name: str, n_rows: int, n_cols: int) -> Grid:
        for _ in range(self.layout.push.get(name, 0)):
            spacer(doc, self.layout.step)
        grid = grid_table(doc, n_rows, n_cols)
        if not self.layout.vertical_rules:
            set_table_borders(grid.table, vertical_rules=False)
        return grid

    def _split(self, grid: Grid, name: str) -> None:
        at = self.layout.split.get(name)
        if at is not None:
            split_table(grid.table, at, HEADER_ROWS[name] if self.layout.repeat_header else 0)

    def _proactive(self, doc: Document) -> None:
        spec = PROACTIVE_2019 if self.template == "2019" else PROACTIVE_2021
        headers = HEADERS_2019 if self.template == "2019" else HEADERS_2021
        groups = GROUPS_2019 if self.template == "2019" else GROUPS_2021
        rows: list[ProactiveRow] = []
        out: dict[str, dict[str, Any]] = {}
        for title, items in groups:
            entries: list[tuple[str, list[str]]] = []
            for item in items:
                label = self._label(self.rng.choice(PROACTIVE_LABELS[item]))
                values = []
                out[item] = {}
                for col in spec[item]:
                    text, value = self._number(big=True)
                    if col == "amount" and value and self.rng.random() < 0.5:
                        value = round(value / 100, 2)
                        text = f"{value}"
                    values.append(text)
                    out[item][col] = value
                entries.append((label, values))
            rows += proactive_rows(title, [headers[c] for c in spec[items[0]]], entries)
        grid = self._table(doc, "proactive_disclosure", len(rows), 4)
        fill_proactive(grid, rows)
        self._split(grid, "proactive_disclosure")
        self.tables["proactive_disclosure"] = out

    def _applications(self, doc: Document) -> None:
        cols = self.columns
        rows_spec: list[tuple[str, str | None, str]] = [
            (key, None, LABELS_2021[key]) for key in ("new_received", "carried_over", "granted", "partially_granted")
        ]
        for group, keys in GROUPS:
            for i, key in enumerate(keys, 1):
                rows_spec.append((key, group, self.numbering.format(n=i) + self.rng.choice(LEAVES[key])))
        if self.single_other:
            rows_spec.append((OTHER_ROW_SINGLE, None, OTHER))
        else:
            for i, key in enumerate(OTHER_ROWS_SPLIT, 1):
                rows_spec.append((key, OTHER, self.numbering.format(n=i) + LEAVES[key][0]))
        rows_spec += [(key, None, LABELS_2021[key]) for key in ("total_processed", "carried_forward")]
        org_cols = [c for c in cols if c not in ("natural_person", "total")]
        org_names = [self.rng.choice(APPLICANT_HEADERS[col]) for col in org_cols]
        rows: list[AppRow] = []
        out: dict[str, dict[str, Any]] = {}
        for key, group, label in rows_spec:
            label = self._label(label)
            texts = []
            out[key] = {}
            for col in cols:
                text, value = self._number()
                texts.append(text)
                out[key][col] = value
            for col in APPLICANT_COLUMNS:
                out[key].setdefault(col, None)
            # （七）总计 stays outside the 三、本年度办理结果 cell, its first label cell empty.
            rows.append(AppRow(label, tuple(texts), group, key in TOP_ROWS, outside_outcome=key == "total_processed"))
        grid = self._table(doc, "applications", 3 + len(rows), 3 + len(cols))
        fill_applications(grid, applicant_header(org_names), rows)
        self._split(grid, "applications")
        self.tables["applications"] = out

    def _review(self, doc: Document) -> None:
        texts: list[str] = []
        out: dict[str, dict[str, Any]] = {}
        for block in REVIEW_BLOCKS:
            out[block] = {}
            for col in REVIEW_COLUMNS:
                text, value = self._number()
                texts.append(text)
                out[block][col] = value
        grid = self._table(doc, "review_litigation", 4, 15)
        fill_review(grid, texts)
        self._split(grid, "review_litigation")
        self.tables["review_litigation"] = out


def split_table(table: DocxTable, at: int, repeat: int = 0) -> None:
    """Rows from ``at`` on move to a second table after an empty paragraph, under copies of
    the first ``repeat`` rows. Vertical merges cut by the split continue into the second
    table as Word leaves them (a "continue" cell with no start above it)."""
    tbl = table._tbl
    rows = tbl.findall(qn("w:tr"))
    second = deepcopy(tbl)
    for tr in second.findall(qn("w:tr")):
        second.remove(tr)
    for tr in rows[:repeat]:
        second.append(deepcopy(tr))
    for tr in rows[at:]:
        second.append(tr)  # moved, not copied
    paragraph = OxmlElement("w:p")
    tbl.addnext(paragraph)
    paragraph.addnext(second)


def make_variant(seed: int, path: Path, layout: Layout | None = None) -> dict[str, Any]:
    return Variant(seed, layout).build(path)
