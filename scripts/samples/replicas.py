"""The five replicas, as data: for each seed its numbers, its layout hazards and the layout choices that
make them happen (see the docstring of scripts/make_samples.py for the hazards).

The numbers are the seeds' numbers, typed in. Nothing the seed text lost is made up: a truncated table
stays truncated, a lost label stays empty, a cell the seed does not give stays blank ("_").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scripts.samples.docx_builder import (
    BLANK,
    Merge,
    new_document,
    parse_values,
    save_reproducible,
    set_core_properties,
    set_document_defaults,
)
from scripts.samples.narrative import Block, Closing, Gap, Heading, SeedText, Title
from scripts.samples.national_tables import (
    NOTE,
    NOTE_BROKEN,
    ORG_NAMES,
    ZEROS7,
    ApplicationTable,
    AppRow,
    Proactive2019,
    Proactive2021,
    ReviewTable,
    applicant_header,
    std_rows_2021,
)


@dataclass(frozen=True)
class Replica:
    """One sample: where its text comes from, the document as a sequence of blocks, and the PDF checks."""

    stem: str  # output file name without suffix
    seed: str  # file name under the seeds directory
    agency: str
    year: int
    blocks: tuple[Block, ...]
    # Checks on the printed PDF that the intended hazards really happened (see verify.py):
    split_between: tuple[str, str] | None = None  # these two row labels must land on different pages
    stacked_label: str | None = None  # this label must print one character per line

    def write_docx(self, seed_text: str, path: Path) -> None:
        doc = new_document()
        set_document_defaults(doc)
        set_core_properties(
            doc,
            author=self.agency,
            title=f"{self.agency}{self.year}年政府信息公开工作年度报告",
            created=datetime(self.year + 1, 1, 15, 9, 0, 0),
            comments=f"govreport sample: replica of seed {self.seed}",
        )
        for block in self.blocks:
            block.render(doc, seed_text)
        save_reproducible(doc, path)


def row(label: str, values: str, group: str | None = None, *, top: bool = False) -> AppRow:
    """A table 3 row with its values typed as in the seed: "21 0 _ 21"."""
    return AppRow(label, parse_values(values), group, top)


HEADING_2 = Heading("二、主动公开政府信息情况")
HEADING_3 = Heading("三、收到和处理政府信息公开申请情况", space_before=12)
HEADING_4 = Heading("四、政府信息公开行政复议、行政诉讼情况", space_before=12)
SECTION_5_TO_END = SeedText("五、存在的主要问题及改进情况", None)
ZEROS15 = " ".join(["0"] * 15)

# Seeds 000/001 (Word originals) print these header cells with manual line breaks:
REVIEW_HEADERS_SEED = ("结果\n维持", "结果纠正", "其他结果", "尚未\n审结", "总\n计")
LITIGATION_HEADERS_SEED = ("结果维持", "结果纠正", "其他\n结果", "尚未\n审结", "总计",
                           "结果维持", "结果\n纠正", "其他\n结果", "尚未审结", "总计")  # fmt: skip
REVIEW_SEED = ReviewTable(
    ZEROS15, review_headers=REVIEW_HEADERS_SEED, litigation_headers=LITIGATION_HEADERS_SEED
)


# The PDF seeds (002, 003) print the group labels with ASCII brackets and a space.
_DENIED, _UNAVAILABLE, _NOT_PROCESSED, _OTHER = (
    "(三) 不予公开",
    "(四) 无法提供",
    "(五) 不予处理",
    "(六) 其他处理",
)
_LOST = ""  # a group label the seed lost: its merged cell stays empty


# --- 000: 淄博市国防动员办公室 2024 (Word original, 2021 template) --------------------------------------

REPLICA_000 = Replica(
    stem="000_zibo_guofang_2024",
    seed="000_61d337464d76a693.txt",
    agency="淄博市国防动员办公室",
    year=2024,
    blocks=(
        Title(("淄博市国防动员办公室", "2024年政府信息公开工作年度报告")),
        SeedText("本年度报告中所列数据", "二、主动公开政府信息情况"),
        HEADING_2,
        Proactive2021("0 0 0", "1 0 1", "0", "3", "0", "0", value_prefix="\u3000"),  # "　3" as the seed
        HEADING_3,
        # Rows of at least 1 cm make table 3 taller than a page, so it always runs over a page end.
        ApplicationTable(
            label_widths=(640, 1000, 2850),
            n_values=7,
            header=applicant_header(ORG_NAMES, NOTE_BROKEN),
            rows=std_rows_2021(
                {
                    "new_received": "21 1 0 0 0 0 22",
                    "carried_over": "2 0 0 0 0 0 2",
                    "granted": "1 0 0 0 0 0 1",
                    "partially_granted": "1 0 0 0 0 0 1",
                    "denied_law_enforcement_files": "2 0 0 0 0 0 2",
                    "unavailable_not_held": "18 1 0 0 0 0 19",
                    "total_processed": "22 1 0 0 0 0 23",
                    "carried_forward": "1 0 0 0 0 0 1",
                },
                break_item5=True,
            ),
            row_height=567,
        ),
        HEADING_4,
        REVIEW_SEED,
        SECTION_5_TO_END,
    ),
    split_between=("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"),
)


# --- 001: 淄博市人民政府办公室 2024 (Word original, 2021 template; 其他 row of （六） is 10) -------------

REPLICA_001 = Replica(
    stem="001_zibo_zfb_2024",
    seed="001_521dd7cc156fe419.txt",
    agency="淄博市人民政府办公室",
    year=2024,
    blocks=(
        Title(("淄博市人民政府办公室", "2024年政府信息公开工作年度报告")),
        SeedText("本报告根据", "二、主动公开政府信息情况"),
        HEADING_2,
        Proactive2021("2 4 32", "6 1 49", "0", "0", "0", "0", row_height=340),
        SeedText("注：1.本表中", "三、收到和处理政府信息公开申请情况", size=10.5),
        # The space before this heading (and the small notes and 17 pt rows) are tuned so that the page
        # ends inside the （四）无法提供 group of table 3: 26-42 pt work with LibreOffice 7/24, 32 is in the
        # middle. verify.py checks it (split_between).
        Heading("三、收到和处理政府信息公开申请情况", space_before=32),
        # 380 twips leave ~266 twips of text width: one 10.5 pt character per line.
        ApplicationTable(
            label_widths=(380, 1150, 2900),
            n_values=7,
            # The template's own header cells: 商业⏎企业, 科研⏎机构.
            header=applicant_header(("商业\n企业", "科研\n机构", *ORG_NAMES[2:]), NOTE_BROKEN),
            rows=std_rows_2021(
                {
                    "new_received": "243 2 0 0 0 0 245",
                    "carried_over": "16 0 0 0 0 0 16",
                    "granted": "43 1 0 0 0 0 44",
                    "denied_security_stability": "2 0 0 0 0 0 2",
                    "denied_law_enforcement_files": "1 0 0 0 0 0 1",
                    "unavailable_not_held": "188 1 0 0 0 0 189",
                    "unavailable_needs_creation": "15 0 0 0 0 0 15",
                    "other_other": "10 0 0 0 0 0 10",
                    "total_processed": "259 2 0 0 0 0 261",
                },
                break_item5=True,
            ),
            row_height=340,
        ),
        HEADING_4,
        REVIEW_SEED,
        SECTION_5_TO_END,
    ),
    split_between=("本机关不掌握相关政府信息", "补正后申请内容仍不明确"),
    stacked_label="三、本年度办理结果",
)


# --- 002: 周口市国防动员办公室 2024 (PDF original, 2021 template without the 其他 column) ---------------

# In the seed every row of （四）…（六） has 5 numbers for 6 columns; which cell is missing cannot be told,
# so the replica leaves the 法律服务机构 cell blank in each of them and invents no value.
_SHORT_ZERO = f"0 0 0 0 {BLANK} 0"

REPLICA_002 = Replica(
    stem="002_zhoukou_guofang_2024",
    seed="002_45cc4d257aad614e.txt",
    agency="周口市国防动员办公室",
    year=2024,
    blocks=(
        Title(("周口市国防动员办公室 2024 年政府信息公开工作年度报告",)),
        SeedText("一、总体情况", "二、主动公开政府信息情况"),
        HEADING_2,
        Proactive2021("0 0 0", "0 0 0", "19", "24", "0", "1465", vertical_rules=False),
        HEADING_3,
        ApplicationTable(
            label_widths=(700, 1000, 2900),
            n_values=6,
            header=applicant_header(ORG_NAMES[:4]),  # the agency dropped the 其他 column
            rows=(
                row("一、本年新收政府信息公开申请数量", "21 0 0 0 0 21", top=True),
                row("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0", top=True),
                row("(一) 予以公开", "1 0 0 0 0 1"),
                row("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "2 0 0 0 0 2"),
                row("1.属于国家秘密", "11 0 0 0 0 11", _LOST),
                row("2.其他法律法规禁止公开", "0 0 0 0 0 0", _LOST),
                row("3.危及“三安全一稳定”", "0 0 0 0 0 0", _LOST),
                row("4.保护第三方合法权益", "0 0 0 0 0 0", _LOST),
                row("5.属于三类内部事务信息", "0 0 0 0 0 0", _LOST),
                row("6.属于四类过程性信息", "0 0 0 0 0 0", _LOST),
                row("7.属于行政执法案卷", "0 0 0 0 0 0", _LOST),
                row("8.属于行政查询事项", "0 0 0 0 0 0", _LOST),
                row("1.本机关不掌握相关政府信息", f"7 0 0 0 {BLANK} 7", _UNAVAILABLE),
                row("2.没有现成信息需要另行制作", _SHORT_ZERO, _UNAVAILABLE),
                row("3.补正后申请内容仍不明确", _SHORT_ZERO, _UNAVAILABLE),
                row("1.信访举报投诉类申请", _SHORT_ZERO, _NOT_PROCESSED),
                row("2.重复申请", _SHORT_ZERO, _NOT_PROCESSED),
                row("3.要求提供公开出版物", _SHORT_ZERO, _NOT_PROCESSED),
                row("4.无正当理由大量反复申请", _SHORT_ZERO, _NOT_PROCESSED),
                row("5.要求行政机关确认或重新出具已获取信息", _SHORT_ZERO, _NOT_PROCESSED),
                row("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _SHORT_ZERO, _OTHER),
                row(
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    _SHORT_ZERO,
                    _OTHER,
                ),
                row("3.其他", _SHORT_ZERO, _OTHER),
                # The seed prints (七) 总计 in the first label column: outside the 三、 cell.
                row("(七) 总计", "21 0 0 0 0 21", top=True),
                row("四、结转下年度继续办理", "0 0 0 0 0 0", top=True),
            ),
            vertical_rules=False,
        ),
        HEADING_4,
        ReviewTable("1 0 0 0 1 0 0 1 0 1 0 0 0 0 0", vertical_rules=False),
        SECTION_5_TO_END,
    ),
)


# --- 003: 淄博市人民防空办公室 2020 (PDF original, 2019 template; a page of the seed is lost) -------------

REPLICA_003 = Replica(
    stem="003_zibo_renfang_2020",
    seed="003_a3edccc839184d0e.txt",
    agency="淄博市人民防空办公室",
    year=2020,
    blocks=(
        Title(("淄博市人民防空办公室", "2020 年政府信息公开工作年度报告")),
        SeedText("本文按照", "二、主动公开政府信息情况"),
        HEADING_2,
        Proactive2019({"规章": "0 0 0", "规范性文件": "0 0 1"}, keep_rows=6),
        Gap(),
        # Narrow label columns (2 / 3 / 7 characters per line), as the seed's broken labels show. The seed
        # lost the table head and row 一、: the table starts at 二、 (no header, no heading 三、).
        ApplicationTable(
            label_widths=(560, 800, 1600),
            n_values=7,
            header=(),
            rows=(
                row("二、上年结转政府信息公开申请数量", ZEROS7, top=True),
                row("(一) 予以公开", "2 0 0 0 0 0 2"),
                row("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", ZEROS7),
                row("1. 属于国家秘密", ZEROS7, _DENIED),
                row("2. 其他法律行政法规禁止公开", ZEROS7, _DENIED),
                row("3. 危及“三安全一稳定”", ZEROS7, _DENIED),
                row("4. 保护第三方合法权益", ZEROS7, _DENIED),
                row("5. 属于三类内部事务信息", ZEROS7, _DENIED),
                row("6. 属于四类过程性信息", ZEROS7, _DENIED),
                row("7. 属于行政执法案卷", ZEROS7, _DENIED),
                row("8. 属于行政查询事项", ZEROS7, _DENIED),
                row("1. 本机关不掌握相关政府信息", ZEROS7, _UNAVAILABLE),
                row("2. 没有现成信息需要另行制作", ZEROS7, _UNAVAILABLE),
                row("3. 补正后申请内容仍不明确", ZEROS7, _UNAVAILABLE),
                row("1. 信访举报投诉类申请", ZEROS7, _NOT_PROCESSED),
                row("2. 重复申请", ZEROS7, _NOT_PROCESSED),
                row("3. 要求提供公开出版物", ZEROS7, _NOT_PROCESSED),
                row("4. 无正当理由大量反复申请", ZEROS7, _NOT_PROCESSED),
                row("5. 要求行政机关确认或重新出具已获取信息", ZEROS7, _NOT_PROCESSED),
                row("(六) 其他处理", ZEROS7),  # the 2019 template: one row
                row("(七) 总计", "2 0 0 0 0 0 2"),
                row("四、结转下年度继续办理", ZEROS7, top=True),
            ),
        ),
        HEADING_4,
        # 520-twip columns: the headers stack one character per line ("结 果 维 持" in the seed).
        ReviewTable(ZEROS15, col_width=520),
        SeedText("五、存在的主要问题及改进情况", None, join_after=("加强与市政府",)),
    ),
)


# --- 004: 攀枝花市人民政府国防动员办公室 2023 (PDF original; table 3 cut off, no table 4) -------------------

REPLICA_004 = Replica(
    stem="004_panzhihua_guofang_2023",
    seed="004_8398b021416f8c8e.txt",
    agency="攀枝花市人民政府国防动员办公室",
    year=2023,
    blocks=(
        Title(("攀枝花市人民政府国防动员办公室 2023年政府信息公开工作年度报告",)),
        SeedText("2023年，我办紧密结合", "二、主动公开政府信息情况", join_after=("按要求做好各类栏目",)),
        HEADING_2,
        Proactive2021("0 0 0", "0 0 0", "105", "2", "0", "1613.88"),
        HEADING_3,
        ApplicationTable(
            label_widths=(560, 1000, 2770),
            n_values=8,
            # The seed's own header, read off its tab positions: 总计 spans the three header rows at the
            # right; 其他 sits beside (not under) 法人或其他组织; 社会组织 for 社会公益组织; and an unnamed
            # column after 法律服务机构 that is still part of the 法人或其他组织 group. 8 value columns.
            header=(
                Merge(0, 0, 2, 2, NOTE),
                Merge(0, 3, 0, 9, "申请人情况"),
                Merge(0, 10, 2, 10, "总计"),
                Merge(1, 3, 2, 3, "自然人"),
                Merge(1, 4, 1, 8, "法人或其他组织"),
                Merge(1, 9, 2, 9, "其他"),
                *(
                    Merge(2, 4 + i, 2, 4 + i, name)
                    for i, name in enumerate(("商业企业", "科研机构", "社会组织", "法律服务机构", ""))
                ),
            ),
            # Rows 一、二、 give 8 numbers (the unnamed column included); the outcome rows give 7, one per
            # named column, so the unnamed column is blank there.
            rows=(
                row("一、本年新收政府信息公开申请数量", "1 0 0 0 0 0 0 1", top=True),
                row("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0 0", top=True),
                row("(一) 予以公开", f"1 0 0 0 0 {BLANK} 0 1"),
                row("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", f"0 0 0 0 0 {BLANK} 0 0"),
                row("1. 属于国家秘密", f"0 0 0 0 0 {BLANK} 0 0"),
                row("2. 其他法律法规禁止公开", f"0 0 0 0 0 {BLANK} 0 0"),
            ),
            # The seed shows neither 三、本年度办理结果 nor （三）不予公开: both label cells stay empty.
            outcome_label="",
        ),
        # Table 3 ends here in the seed, and section 四 with table 4 is missing.
        SeedText("五、存在的主要问题及改进情况", "攀枝花市人民政府国防动员办公室"),
        Closing(("攀枝花市人民政府国防动员办公室", "2024年1月19日")),
    ),
)

REPLICAS: tuple[Replica, ...] = (REPLICA_000, REPLICA_001, REPLICA_002, REPLICA_003, REPLICA_004)
