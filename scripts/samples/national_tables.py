"""The national template's tables 2, 3 and 4 (国办公开办函〔2021〕30号, and 〔2019〕60号 for table 2),
built with docx_builder.

Each table has a fill function that lays out given texts on a Grid (layout only: it works on a formatted
sample table and on a plain "Table Grid" one), the template's standard texts, and a block dataclass that
the sample replicas use: the numbers and layout choices of one printed table, rendered as a formatted
table of the sample page width.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from docx.document import Document

from scripts.samples.docx_builder import TEXT_W, Grid, Merge, new_table, parse_values, shade

# --- table 2: 主动公开政府信息情况 ---------------------------------------------------------------------

SECTION_FILL = "C6D9F1"  # the 2021 template shades the 第二十条第（x）项 rows
CONTENT = "信息内容"  # the first header cell of every section


@dataclass(frozen=True)
class ProactiveRow:
    """One row of table 2: a section title across all four columns, a header row (信息内容 and the
    column headers) or an item (label and its values)."""

    kind: Literal["section", "header", "item"]
    label: str
    cells: tuple[str, ...] = ()  # column headers or values, from the second column on


def proactive_rows(
    title: str, headers: Sequence[str], items: Sequence[tuple[str, Sequence[str]]]
) -> list[ProactiveRow]:
    """The rows of one 第二十条第（x）项 section: title, header, one row per (label, values) item."""
    return [
        ProactiveRow("section", title),
        ProactiveRow("header", CONTENT, tuple(headers)),
        *(ProactiveRow("item", label, tuple(values)) for label, values in items),
    ]


def fill_proactive(grid: Grid, rows: Sequence[ProactiveRow], *, section_fill: str | None = None) -> None:
    """Table 2 on a 4-column grid. Fewer cells than the three value columns: the last one spans to the
    right edge, as the template's single-value items (本年处理决定数量 …) do."""
    for r, row in enumerate(rows):
        if row.kind == "section":
            cell = grid.merge(Merge(r, 0, r, 3, row.label))
            if section_fill is not None:
                shade(cell, section_fill)
            continue
        header = row.kind == "header"
        grid.text(r, 0, row.label, align="center" if header else "left", bold=header)
        for i, text in enumerate(row.cells):
            if i == len(row.cells) - 1 and 1 + i < 3:
                grid.merge(Merge(r, 1 + i, r, 3, text, bold=header))
            else:
                grid.text(r, 1 + i, text, bold=header)


@dataclass(frozen=True)
class Proactive2021:
    """Table 2 of the 2021 template, 14 x 4: each field is one item's values ("issued repealed in_force"
    for the two document rows, one number for the others)."""

    regulations: str
    normative: str
    licensing: str
    punishment: str
    coercion: str
    fees: str
    value_prefix: str = ""  # seed 000 prints "　3": a full-width space before the single values
    vertical_rules: bool = True
    row_height: int = 400  # minimum, twips

    def rows(self) -> list[ProactiveRow]:
        def single(value: str) -> tuple[str]:
            return (self.value_prefix + value,)

        decisions = ("本年处理决定数量",)
        return [
            *proactive_rows(
                "第二十条第（一）项",
                ("本年制发件数", "本年废止件数", "现行有效件数"),
                [("规章", parse_values(self.regulations)), ("行政规范性文件", parse_values(self.normative))],
            ),
            *proactive_rows("第二十条第（五）项", decisions, [("行政许可", single(self.licensing))]),
            *proactive_rows(
                "第二十条第（六）项",
                decisions,
                [("行政处罚", single(self.punishment)), ("行政强制", single(self.coercion))],
            ),
            *proactive_rows(
                "第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", single(self.fees))]
            ),
        ]

    def render(self, doc: Document, seed: str = "") -> None:
        grid = new_table(
            doc, 14, [TEXT_W // 4] * 4, vertical_rules=self.vertical_rules, row_height=self.row_height
        )
        fill_proactive(grid, self.rows(), section_fill=SECTION_FILL)


# The 2019 template's table 2 (国办公开办函〔2019〕60号): (section, column headers, item labels), with
# the header line breaks of seed 003's original.
# fmt: off
SECTIONS_2019: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新\n公开数量", "对外公开\n总数量"), ("规章", "规范性文件")),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)
# fmt: on


@dataclass(frozen=True)
class Proactive2019:
    """Table 2 of the 2019 template, cut after `keep_rows` rows: seed 003 lost the page after the
    第二十条第（五）项 header, so the replica prints only what the seed shows and invents no numbers."""

    values: Mapping[str, str]  # item label -> its values; only the items of the kept rows
    keep_rows: int

    def rows(self) -> list[ProactiveRow]:
        rows = [
            row
            for title, headers, labels in SECTIONS_2019
            for row in proactive_rows(title, headers, [(label, ()) for label in labels])
        ][: self.keep_rows]
        return [
            ProactiveRow(row.kind, row.label, parse_values(self.values[row.label]))
            if row.kind == "item"
            else row
            for row in rows
        ]

    def render(self, doc: Document, seed: str = "") -> None:
        grid = new_table(doc, self.keep_rows, [TEXT_W // 4] * 4)
        fill_proactive(grid, self.rows())


# --- table 3: 收到和处理政府信息公开申请情况 ---------------------------------------------------------

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NOTE_BROKEN = "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）"
OUTCOME = "三、本年度办理结果"
# The group labels of the outcome rows (（六）其他处理 is also the 2019 template's single row):
DENIED = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"
ORG_NAMES = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
ZEROS7 = "0 0 0 0 0 0 0"
# Seeds 000/001 (Word originals) break this label by hand:
ITEM5_BROKEN = "5.要求行政机关确认或重新\n出具已获取信息"


@dataclass(frozen=True)
class AppRow:
    """One row of table 3 below the header."""

    label: str
    values: tuple[str, ...]  # one text per value column; "" = blank cell
    group: str | None = None  # shared group label (（三）不予公开 …); "" = a group label the seed lost
    top: bool = False  # the label spans all three label columns (一、 二、 四、 rows)
    # Not under the 三、本年度办理结果 cell although not a top row: its first label cell stays empty
    # (the test variants print （七）总计 so).
    outside_outcome: bool = False


def applicant_header(org_names: Sequence[str], note: str = NOTE) -> list[Merge]:
    """Three header rows over 3 label columns and 自然人 | the 法人或其他组织 columns | 总计."""
    n_cols = 3 + 1 + len(org_names) + 1
    return [
        Merge(0, 0, 2, 2, note),
        Merge(0, 3, 0, n_cols - 1, "申请人情况"),
        Merge(1, 3, 2, 3, "自然人"),
        Merge(1, 4, 1, 3 + len(org_names), "法人或其他组织"),
        Merge(1, n_cols - 1, 2, n_cols - 1, "总计"),
        *(Merge(2, 4 + i, 2, 4 + i, name) for i, name in enumerate(org_names)),
    ]


def fill_applications(
    grid: Grid, header: Sequence[Merge], rows: Sequence[AppRow], *, outcome_label: str = OUTCOME
) -> None:
    """3 label columns (三、本年度办理结果 | group label | item label) and the value columns.

    The first label column is one vertically merged cell over the outcome rows; a group label
    (（三）不予公开 …) is one vertically merged cell over its items; rows without a group put their label
    across the second and third label columns; 一、二、四、 rows across all three. An empty header:
    the table starts with a data row (seed 003 lost its head)."""
    n_header = 3 if header else 0
    for m in header:
        grid.merge(m)
    # Runs of consecutive rows share the 三、 cell and the group cells; merged once all rows are written.
    runs: list[tuple[int, int, int, str]] = []  # (first row, last row, column, text)
    for i, row in enumerate(rows):
        r = n_header + i
        if row.top:
            grid.merge(Merge(r, 0, r, 2, row.label, align="left", bold=True))
        elif row.group is None:
            grid.merge(Merge(r, 1, r, 2, row.label, align="left"))
        else:
            grid.text(r, 2, row.label, align="left")
        assert len(row.values) == grid.n_cols - 3, (row.label, row.values)
        grid.values(r, 3, row.values)
        if not row.top and not row.outside_outcome:
            _extend(runs, r, 0, outcome_label)
        if row.group is not None:
            _extend(runs, r, 1, row.group)
    for first, last, col, label in runs:
        grid.merge(Merge(first, col, last, col, label, bold=col == 0))


def _extend(runs: list[tuple[int, int, int, str]], r: int, col: int, label: str) -> None:
    """Grow the last merged run of `col` if it ends on the row above with the same label."""
    for i in range(len(runs) - 1, -1, -1):
        first, last, c, text = runs[i]
        if c == col:
            if last == r - 1 and text == label:
                runs[i] = (first, r, c, text)
                return
            break
    runs.append((r, r, col, label))


@dataclass(frozen=True)
class RowSpec:
    key: str  # the contract's row key
    label: str
    group: str | None
    top: bool = False


# The 2021 template's rows with full-width labels, as in the Word originals of seeds 000/001. The keys
# are the contract's (extractor/contract.py APPLICATION_ROWS without other_processing), repeated here so
# that the sample builder does not depend on product code.
ROWS_2021: tuple[RowSpec, ...] = (
    RowSpec("new_received", "一、本年新收政府信息公开申请数量", None, top=True),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量", None, top=True),
    RowSpec("granted", "（一）予以公开", None),
    RowSpec("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    RowSpec("denied_state_secret", "1.属于国家秘密", DENIED),
    RowSpec("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", DENIED),
    RowSpec("denied_security_stability", "3.危及“三安全一稳定”", DENIED),
    RowSpec("denied_third_party_rights", "4.保护第三方合法权益", DENIED),
    RowSpec("denied_internal_affairs", "5.属于三类内部事务信息", DENIED),
    RowSpec("denied_process_info", "6.属于四类过程性信息", DENIED),
    RowSpec("denied_law_enforcement_files", "7.属于行政执法案卷", DENIED),
    RowSpec("denied_administrative_query", "8.属于行政查询事项", DENIED),
    RowSpec("unavailable_not_held", "1.本机关不掌握相关政府信息", UNAVAILABLE),
    RowSpec("unavailable_needs_creation", "2.没有现成信息需要另行制作", UNAVAILABLE),
    RowSpec("unavailable_unclear", "3.补正后申请内容仍不明确", UNAVAILABLE),
    RowSpec("not_processed_complaint", "1.信访举报投诉类申请", NOT_PROCESSED),
    RowSpec("not_processed_duplicate", "2.重复申请", NOT_PROCESSED),
    RowSpec("not_processed_publication", "3.要求提供公开出版物", NOT_PROCESSED),
    RowSpec("not_processed_excessive", "4.无正当理由大量反复申请", NOT_PROCESSED),
    RowSpec("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", NOT_PROCESSED),
    RowSpec("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", OTHER),
    RowSpec("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", OTHER),
    RowSpec("other_other", "3.其他", OTHER),
    RowSpec("total_processed", "（七）总计", None),
    RowSpec("carried_forward", "四、结转下年度继续办理", None, top=True),
)  # fmt: skip
LABELS_2021: dict[str, str] = {spec.key: spec.label for spec in ROWS_2021}


def std_rows_2021(nonzero: Mapping[str, str], *, break_item5: bool = False) -> tuple[AppRow, ...]:
    """All rows of the 2021 template; rows not in `nonzero` (key -> values) are all zeros, as seeds 000
    and 001 print every cell. break_item5: the label 5.要求行政机关确认或重新⏎出具已获取信息 has a manual
    line break, as in those seeds."""
    assert set(nonzero) <= set(LABELS_2021), set(nonzero) - set(LABELS_2021)
    rows = []
    for spec in ROWS_2021:
        label = ITEM5_BROKEN if break_item5 and spec.key == "not_processed_confirmation" else spec.label
        rows.append(AppRow(label, parse_values(nonzero.get(spec.key, ZEROS7)), spec.group, spec.top))
    return tuple(rows)


@dataclass(frozen=True)
class ApplicationTable:
    """Table 3 as printed in one sample: label column widths (twips), value column count, header, rows."""

    label_widths: tuple[int, int, int]
    n_values: int
    header: Sequence[Merge]  # empty: the table starts with a data row
    rows: Sequence[AppRow]
    outcome_label: str = OUTCOME  # "" where the seed lost it (004)
    vertical_rules: bool = True
    row_height: int = 400  # minimum, twips

    def render(self, doc: Document, seed: str = "") -> None:
        # The value columns share what the label columns leave; the last one takes the rounding rest.
        value_w = (TEXT_W - sum(self.label_widths)) // self.n_values
        widths = [*self.label_widths, *[value_w] * self.n_values]
        widths[-1] += TEXT_W - sum(widths)
        n_header = 3 if self.header else 0
        grid = new_table(
            doc,
            n_header + len(self.rows),
            widths,
            vertical_rules=self.vertical_rules,
            row_height=self.row_height,
        )
        fill_applications(grid, self.header, self.rows, outcome_label=self.outcome_label)


# --- table 4: 行政复议、行政诉讼情况 ----------------------------------------------------------------

REVIEW_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def fill_review(
    grid: Grid,
    values: Sequence[str],
    *,
    review_headers: Sequence[str] = REVIEW_HEADERS,
    litigation_headers: Sequence[str] = REVIEW_HEADERS * 2,
) -> None:
    """4 x 15: 行政复议 (5 columns) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5); the five review headers
    span two rows; row 4 holds the 15 values."""
    grid.merge(Merge(0, 0, 0, 4, "行政复议"))
    grid.merge(Merge(0, 5, 0, 14, "行政诉讼"))
    for c, header in enumerate(review_headers):
        grid.merge(Merge(1, c, 2, c, header))
    grid.merge(Merge(1, 5, 1, 9, "未经复议直接起诉"))
    grid.merge(Merge(1, 10, 1, 14, "复议后起诉"))
    for c, header in enumerate(litigation_headers, start=5):
        grid.text(2, c, header)
    grid.values(3, 0, values)


@dataclass(frozen=True)
class ReviewTable:
    """Table 4 as printed in one sample. `col_width` narrows the table so that headers stack one
    character per line; without it the 15 columns share the text width."""

    values: str
    review_headers: tuple[str, ...] = REVIEW_HEADERS
    litigation_headers: tuple[str, ...] = REVIEW_HEADERS * 2
    col_width: int | None = None
    vertical_rules: bool = True

    def render(self, doc: Document, seed: str = "") -> None:
        width = self.col_width or TEXT_W // 15
        widths = [width] * 15
        if self.col_width is None:
            widths[-1] += TEXT_W - sum(widths)
        grid = new_table(doc, 4, widths, vertical_rules=self.vertical_rules)
        fill_review(
            grid,
            parse_values(self.values),
            review_headers=self.review_headers,
            litigation_headers=self.litigation_headers,
        )
