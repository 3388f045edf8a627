"""Mapping layout tables to the contract: each hazard of real reports on its own."""

from __future__ import annotations

import dataclasses

from extractor.contract import APPLICANT_COLUMNS
from extractor.layout import Cell, Table
from extractor.mapping.tables import MappedTables, map_tables
from tests.helpers import grid_table

HEAD = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    ["商业\n企业".replace("\n", ""), "科研机构", "社会公益组织", "法律服务机构", "其他"],
]


def nums(*values: int) -> list[str]:
    return [str(v) for v in values]


def values(mapped, row: str) -> list:
    return [v.value if v else None for v in mapped.grids["applications"][row].values()]


def test_grid_with_merged_group_labels_maps_every_row() -> None:
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)],
        [("三\n、\n本\n年\n度\n办\n理\n结\n果".replace("\n", ""), 4, 1), ("（一）予以公开", 1, 2), *nums(1, 0, 0, 0, 0, 0, 1)],
        [("（三）不予公开", 2, 1), "1.属于国家秘密", *nums(2, 0, 0, 0, 0, 0, 2)],
        ["2.其他法律行政止公开", *nums(3, 0, 0, 0, 0, 0, 3)],
        [("（七）总计", 1, 2), *nums(6, 0, 0, 0, 0, 0, 6)],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, 0, 6]
    assert values(mapped, "denied_state_secret") == [2, 0, 0, 0, 0, 0, 2]
    # The typo in the label still reaches its row.
    assert values(mapped, "denied_prohibited_by_law") == [3, 0, 0, 0, 0, 0, 3]
    assert values(mapped, "total_processed") == [6, 0, 0, 0, 0, 0, 6]
    # Rows the table does not print are null, never 0, and reported.
    assert values(mapped, "carried_over") == [None] * 7
    assert any(n.code == "row_missing" and n.where.get("row") == "carried_over" for n in mapped.warnings)


def test_lost_group_label_does_not_lose_rows() -> None:
    """（三）不予公开 missing: the leaf labels alone identify the rows."""
    text_rows = [
        ["", "1.属于国家秘密", *nums(11, 0, 0, 0, 0, 0, 11)],
        ["", "4.保护第三方合法权益", *nums(1, 0, 0, 0, 0, 0, 1)],
    ]
    mapped = map_tables([grid_table(text_rows, loose=True)])
    assert values(mapped, "denied_state_secret") == [11, 0, 0, 0, 0, 0, 11]
    assert values(mapped, "denied_third_party_rights") == [1, 0, 0, 0, 0, 0, 1]


def test_missing_other_column_gives_nulls_with_a_warning() -> None:
    rows = [
        [("（本列数据的勾稽关系为…）", 3, 1), ("申请人情况", 1, 6)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 4), ("总计", 2, 1)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构"],
        ["一、本年新收政府信息公开申请数量", *nums(21, 0, 1, 0, 0, 22)],
    ]
    mapped = map_tables([grid_table(rows)])
    row = {k: (v.value if v else None) for k, v in mapped.grids["applications"]["new_received"].items()}
    assert row == {
        "natural_person": 21,
        "commercial_enterprise": 0,
        "research_institution": 1,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": None,
        "total": 22,
    }
    assert any(n.code == "column_missing" and n.where["column"] == "other_org" for n in mapped.warnings)


def test_text_row_with_a_lost_cell_is_null_not_shifted() -> None:
    rows = [
        ["", "", "自然人", "法人或其他组织", "", "", "", "总计"],
        ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", ""],
        ["一、本年新收政府信息公开申请数量", "", *nums(21, 0, 0, 0, 0, 21)],
        ["", "(四) 无法提供", "1.本机关不掌握相关政府信息", *nums(7, 0, 0, 0, 7)],
    ]
    mapped = map_tables([grid_table(rows, loose=True)])
    assert values(mapped, "new_received") == [21, 0, 0, 0, 0, None, 21]
    assert values(mapped, "unavailable_not_held") == [None] * 7
    assert any(n.code == "row_unplaced" for n in mapped.warnings)


def test_single_other_processing_row_and_split_rows() -> None:
    single = map_tables([grid_table([["（六）其他处理", *nums(0, 0, 0, 0, 0, 0, 0)]], loose=True)])
    assert "other_processing" in single.grids["applications"]
    assert "other_other" not in single.grids["applications"]
    split = map_tables(
        [
            grid_table(
                [
                    ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *nums(1, 0, 0, 0, 0, 0, 1)],
                    ["", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *nums(0, 0, 0, 0, 0, 0, 0)],
                    ["", "3.其他", *nums(4, 0, 0, 0, 0, 0, 4)],
                ],
                loose=True,
            )
        ]
    )
    assert values(split, "other_other") == [4, 0, 0, 0, 0, 0, 4]
    assert "other_processing" not in split.grids["applications"]


def test_template_2019_detected_from_table_2_headers() -> None:
    rows = [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年新制作数量", "本年新 公开数量", "对外公开 总数量"],
        ["规章", *nums(0, 0, 0)],
        ["规范性文件", *nums(0, 2, 7)],
        [("第二十条第（九）项", 1, 4)],
        ["信息内容", "采购项目数量", ("采购总金额", 1, 2)],
        ["政府集中采购", "12", ("96171.6", 1, 2)],
    ]
    mapped = map_tables([grid_table(rows)])
    assert mapped.template == "2019"
    assert mapped.grids["proactive_disclosure"]["normative_documents"]["total_published"].value == 7
    assert mapped.grids["proactive_disclosure"]["procurement"]["amount"].value == 96171.6
    assert mapped.grids["proactive_disclosure"]["licensing"] == {"items_last_year": None, "items_change": None, "decisions": None}


def test_2021_table_2_values_and_fees_decimal() -> None:
    rows = [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *nums(2, 4, 32)],
        ["行政规范性文件", "6", "", "49"],
        [("第二十条第（八）项", 1, 4)],
        ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
        ["行政事业性收费", ("1613.88", 1, 3)],
    ]
    mapped = map_tables([grid_table(rows)])
    assert mapped.template == "2021"
    assert mapped.grids["proactive_disclosure"]["regulations"]["in_force"].value == 32
    assert mapped.grids["proactive_disclosure"]["normative_documents"]["repealed"].value is None
    assert mapped.grids["proactive_disclosure"]["fees"]["amount"].value == 1613.88
    assert any(n.code == "blank_value" for n in mapped.warnings)


def test_review_table_fifteen_numbers() -> None:
    rows = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*[(h, 2, 1) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        nums(10, 1, 0, 0, 0, 0, 0, 1, 0, 1, 5, 0, 0, 0, 0),
    ]
    mapped = map_tables([grid_table(rows)])
    assert [v.value for v in mapped.grids["review_litigation"]["review"].values()] == [10, 1, 0, 0, 0]
    assert mapped.grids["review_litigation"]["litigation_direct"]["other"].value == 1
    assert mapped.grids["review_litigation"]["litigation_after_review"]["upheld"].value == 5


def test_review_value_cell_spanning_columns_is_not_a_lost_row() -> None:
    """Issue 25: one cell merged over three of the fifteen columns (a Word gridSpan, an HTML
    colspan) holds their places: its fields null with a warning, the other twelve read."""
    rows = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*[(h, 2, 1) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [*nums(10, 1), ("0", 1, 3), *nums(0, 0, 1, 0, 1, 5, 0, 0, 0, 0)],
    ]
    mapped = map_tables([grid_table(rows)])
    grids = mapped.grids["review_litigation"]
    assert [v.value if v else None for v in grids["review"].values()] == [10, 1, None, None, None]
    assert [v.value for v in grids["litigation_direct"].values()] == [0, 0, 1, 0, 1]
    assert grids["litigation_after_review"]["upheld"].value == 5
    fields = [w.where["field"] for w in mapped.warnings if w.code == "merged_cell"]
    assert fields == [f"review_litigation.review.{c}" for c in ("other", "pending", "total")]


def test_a_row_whose_values_are_one_merged_cell_is_still_a_data_row() -> None:
    """All of a table-2 row's value cells merged into one, each number on its own line
    ("28,731" among them: read as one text it is no number): a data row, not a lost one."""
    rows = [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", ("26\n28,731\n0", 1, 3)],
        ["行政规范性文件", "6", "0", "49"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert _proactive(mapped, "regulations") == [26, 28731, 0]
    assert not any(w.code == "row_missing" and w.where["row"] == "regulations" for w in mapped.warnings)
    assert sum(w.code == "merged_cell" for w in mapped.warnings) == 3


def test_continued_table_without_header_reuses_columns() -> None:
    first = grid_table([*HEAD, [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)]], page=3)
    second = grid_table([["", "", "2.重复申请", *nums(1, 0, 0, 0, 0, 2, 3)]], page=4)
    mapped = map_tables([first, second])
    assert values(mapped, "not_processed_duplicate") == [1, 0, 0, 0, 0, 2, 3]


def test_unnamed_extra_column_is_ignored_with_warning() -> None:
    rows = [
        ["(勾稽)", "申请人情况", "", "", "", "", "", "", "总计"],
        ["", "自然人", "法人或其他组织", "", "", "", "", "其他", ""],
        ["", "", "商业企业", "科研机构", "社会组织", "法律服务机构", "", "", ""],
        ["一、本年新收政府信息公开申请数量", *nums(1, 0, 0, 0, 0, 9, 0, 1)],
    ]
    mapped = map_tables([grid_table(rows, loose=True)])
    assert values(mapped, "new_received") == [1, 0, 0, 0, 0, 0, 1]
    assert any(n.code == "column_unmapped" for n in mapped.warnings)


def test_a_scanned_row_with_a_number_under_no_named_column_has_each_number_said() -> None:
    """Issue 24 (2 SILENT values on a development scan, a tilted 100 dpi photo): the header's
    names stood over the wrong columns, a row's 8 went under 商业企业 and its 4 under no name.
    On a scan every number placed in such a row is said; in a text layer the positions are
    the document's own, and only the ignored value is."""
    rows = [
        ["(勾稽)", "申请人情况", "", "", "", "", "", "", "总计"],
        ["", "自然人", "法人或其他组织", "", "", "", "", "其他", ""],
        ["", "", "商业企业", "科研机构", "社会组织", "法律服务机构", "", "", ""],
        ["一、本年新收政府信息公开申请数量", *nums(1, 0, 0, 0, 0, 9, 0, 1)],
    ]
    scanned = map_tables([_scanned(grid_table(rows, loose=True))])
    assert values(scanned, "new_received") == [1, 0, 0, 0, 0, 0, 1]
    said = {w.where.get("field") for w in scanned.warnings if w.code == "ocr_low_confidence"}
    assert said == {f"applications.new_received.{c}" for c in APPLICANT_COLUMNS}
    text = map_tables([grid_table(rows, loose=True)])
    assert values(text, "new_received") == [1, 0, 0, 0, 0, 0, 1]
    assert not any(w.code == "ocr_low_confidence" for w in text.warnings)


def test_a_scanned_row_with_digits_read_among_stray_marks_has_each_number_said() -> None:
    """Issue 24 (2 SILENT values on a binarized development scan): a column border ran through
    the 结转 row; its first cells read "(0)" and "(0", and the 0 of 科研机构 sat under 社会公益组织
    with nothing said. On a scan, a cell whose digits come with marks that make no number puts
    every number of its row in doubt: each is said, each value kept."""
    rows = [*HEAD, [("四、结转下年度继续办理", 1, 3), "(0)", "(0", "", "0", "", "0", "0"]]
    scanned = map_tables([_scanned(grid_table(rows))])
    assert values(scanned, "carried_forward") == [None, None, None, 0, None, 0, 0]
    said = {w.where.get("field") for w in scanned.warnings if w.code == "ocr_low_confidence"}
    assert {f"applications.carried_forward.{c}" for c in ("social_welfare_org", "other_org", "total")} <= said
    text = map_tables([grid_table(rows)])
    assert not any(w.code == "ocr_low_confidence" for w in text.warnings)


def test_cells_are_layout_cells() -> None:
    # Guard for the helper itself: spans are recorded as the layout model expects.
    table = grid_table([[("a", 2, 2), "b"], ["c"]])
    assert Cell("a", 0, 0, 2, 2) in table.cells
    assert isinstance(table, Table)
    assert {c.text: (c.row, c.col) for c in table.cells}["c"] == (1, 2)
    assert len(APPLICANT_COLUMNS) == 7


def test_review_table_printed_as_three_small_tables() -> None:
    header = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    tables = [
        grid_table([header, nums(27, 10, 9, 15, 61)], loose=True),
        grid_table([header, nums(3, 0, 0, 0, 3)], loose=True),
        grid_table([header, nums(8, 0, 1, 1, 10)], loose=True),
    ]
    mapped = map_tables(tables)
    assert [v.value for v in mapped.grids["review_litigation"]["review"].values()] == [27, 10, 9, 15, 61]
    assert [v.value for v in mapped.grids["review_litigation"]["litigation_after_review"].values()] == [8, 0, 1, 1, 10]


def test_extra_rows_are_reported_not_mapped() -> None:
    rows = [
        ["一、本年新收政府信息公开申请数量", *nums(5, 1, 0, 0, 0, 0, 6)],
        ["其中：网上申请", *nums(4, 1, 0, 0, 0, 0, 5)],
    ]
    mapped = map_tables([grid_table(rows, loose=True)])
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, 0, 6]
    assert any(n.code == "row_unmatched" and "网上申请" in n.message for n in mapped.warnings)


def test_a_missing_table_is_reported_once_not_row_by_row() -> None:
    """Nothing of any table printed: one ``table_missing`` per table and no ``row_missing``."""
    mapped = map_tables([])
    codes = [n.code for n in mapped.warnings]
    assert codes.count("table_missing") == 3
    assert "row_missing" not in codes
    assert all(v is None for grid in mapped.grids.values() for row in grid.values() for v in row.values())


def test_a_table_printed_in_part_reports_each_absent_row() -> None:
    rows = [*HEAD, [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)]]
    mapped = map_tables([grid_table(rows)])
    missing = {n.where.get("row") for n in mapped.warnings if n.code == "row_missing"}
    expected = {k for k in mapped.grids["applications"] if k != "new_received"}
    assert expected <= missing


def test_a_single_value_row_takes_its_one_value_from_any_column_under_its_header() -> None:
    """Without vertical rules the value of 行政许可 may sit in any of the three value columns."""
    for position in range(3):
        values_ = ["", "", ""]
        values_[position] = "17"
        rows = [
            [("第二十条第（一）项", 1, 4)],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "1", "0", "5"],
            [("第二十条第（五）项", 1, 4)],
            ["信息内容", ("本年处理决定数量", 1, 3)],
            ["行政许可", *values_],
        ]
        mapped = map_tables([grid_table(rows)])
        assert mapped.grids["proactive_disclosure"]["licensing"]["decisions"].value == 17, position
        assert not [n for n in mapped.warnings if n.code == "extra_values"]


def test_a_row_short_of_values_gives_nulls_that_are_said() -> None:
    """A table-2 row printing two numbers for three columns (a lost cell, a merged cell in a
    scan): the third field is null with a value_missing warning naming it, never silent."""
    rows = [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *nums(2, 4)],
        ["行政规范性文件", *nums(6, 0, 49)],
    ]
    mapped = map_tables([grid_table(rows)])
    grid = mapped.grids["proactive_disclosure"]
    assert [grid["regulations"][c].value if grid["regulations"][c] else None for c in ("issued", "repealed", "in_force")] == [2, 4, None]
    missing = [w for w in mapped.warnings if w.code == "value_missing"]
    assert [w.where["field"] for w in missing] == ["proactive_disclosure.regulations.in_force"]


def test_a_column_missing_in_one_row_only_is_said_for_that_row() -> None:
    rows = [
        *HEAD,
        ["一、本年新收政府信息公开申请数量", "", "", *nums(5, 1, 0, 0, 0, 0, 6)],
        ["二、上年结转政府信息公开申请数量", "", "", *nums(2, 0, 0, 0, 0, 0), ""],
    ]
    table = grid_table(rows)
    # Row 二 has no cell at all under 总计 (the grid stops short), not a blank one.
    table.cells = [c for c in table.cells if not (c.row == 4 and c.col == 9)]
    mapped = map_tables([table])
    assert values(mapped, "carried_over") == [2, 0, 0, 0, 0, 0, None]
    missing = [w.where["field"] for w in mapped.warnings if w.code == "value_missing"]
    assert missing == ["applications.carried_over.total"]
    assert not any(w.code == "column_missing" for w in mapped.warnings)


def test_value_cell_spanning_columns_is_not_copied_into_each() -> None:
    """Issue 24/25: a scan's missing rule (or a merged cell) makes one value cell span several
    applicant columns; its one number is not a value of each column."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", ("0", 1, 3), "0", "6"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, None, None, None, 0, 6]
    merged = [w for w in mapped.warnings if w.code == "merged_cell"]
    assert [w.where["field"] for w in merged] == [
        f"applications.new_received.{c}" for c in ("research_institution", "social_welfare_org", "legal_service_org")
    ]


def test_spanning_value_cell_printing_one_number_per_column_is_split() -> None:
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", ("1 30", 1, 2), "0", "0", "0", "36"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, 30, 0, 0, 0, 36]
    assert sum(w.code == "merged_cell" for w in mapped.warnings) == 2


def _proactive(mapped, item: str) -> list:
    return [v.value if v else None for v in mapped.grids["proactive_disclosure"][item].values()]


def test_table_2_values_stay_under_their_header_when_a_cell_is_lost() -> None:
    """A scan's lost rule merges a number into the label cell: the rest stay in their columns
    (by order they would shift left, and table 2 has no sums to catch it)."""
    rows = [
        [("第二十条第（一）项", 1, 4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章 7", 1, 2), "3", "5"],
        ["行政规范性文件", ("6 0", 1, 2), "49"],
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", ("本年处理决定数量", 1, 3)],
        ["行政处罚", "", "12", ""],
    ]
    mapped = map_tables([grid_table(rows)])
    assert _proactive(mapped, "regulations") == [None, 3, 5]
    assert _proactive(mapped, "normative_documents") == [6, 0, 49]
    assert _proactive(mapped, "punishment") == [12]
    codes = {(w.code, w.where.get("field")) for w in mapped.warnings}
    assert ("value_missing", "proactive_disclosure.regulations.issued") in codes
    assert ("merged_cell", "proactive_disclosure.normative_documents.repealed") in codes


def test_value_cell_spanning_rows_is_null_in_each() -> None:
    """A scan's lost horizontal rule: "24" over "5" in one cell reads 245, in two rows."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", "0", "0", ("245", 2, 1), "0", "6"],
        [("二、上年结转政府信息公开申请数量", 1, 3), "1", "0", "0", "0", "0", "1"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, 0, 0, None, 0, 6]
    assert values(mapped, "carried_over") == [1, 0, 0, 0, None, 0, 1]
    fields = [w.where["field"] for w in mapped.warnings if w.code == "merged_cell"]
    assert fields == ["applications.new_received.legal_service_org", "applications.carried_over.legal_service_org"]


def test_table_2_header_with_a_misread_column_name() -> None:
    """OCR read 上一年项目数量 as 七一年项目数量: one character off is still the column; a name
    past recognition leaves its column null, never the row shifted onto the known names."""
    rows = [
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "0", "5", "7"],
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", "七一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "46836", "7600", "24"],
        ["信息内容", "XX", "本年增/减", "处理决定数量"],
        ["行政强制", "5", "6", "7"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert _proactive(mapped, "punishment") == [46836, 7600, 24]
    assert _proactive(mapped, "coercion") == [None, 6, 7]
    assert any(w.code == "value_missing" and w.where.get("field") == "proactive_disclosure.coercion.items_last_year"
               for w in mapped.warnings)


def test_an_ocr_number_past_any_count_is_kept_with_a_warning() -> None:
    """Two scanned cells' numbers run together (their rule lost): 96200 and 86247 read as one."""
    from extractor.layout import OcrRead

    rows = [*HEAD, [("一、本年新收政府信息公开申请数量", 1, 3), "9620086247", "1", "0", "0", "0", "0", "6"]]
    table = grid_table(rows)
    for cell in table.cells:
        cell.ocr = OcrRead(0.99, False)
    mapped = map_tables([table])
    assert values(mapped, "new_received")[0] == 9620086247
    assert any(w.code == "ocr_low_confidence" and w.where.get("field") == "applications.new_received.natural_person"
               for w in mapped.warnings)
    # The same number in a text layer is what the report printed: no OCR warning.
    assert not any(w.code == "ocr_low_confidence" for w in map_tables([grid_table(rows)]).warnings)


def test_a_count_with_decimals_is_kept_and_said() -> None:
    """Issue 24: a scan's "63,976" read as 63.976 is a count a thousand times too small; only
    the amount columns hold decimals. The value stays as read, with a warning naming it."""
    from extractor.layout import OcrRead
    from extractor.mapping.values import Warnings, read_value

    warnings = Warnings()
    scanned = Cell("63.976", 0, 0, ocr=OcrRead(0.99, doubtful=False))
    found = read_value(scanned, "proactive_disclosure.coercion.decisions", warnings)
    assert found.value == 63.976
    assert [(w.code, w.where["field"]) for w in warnings] == [
        ("ocr_low_confidence", "proactive_disclosure.coercion.decisions")]
    read_value(Cell("1.5", 0, 0), "applications.new_received.total", warnings)
    assert warnings[-1].code == "unreadable_value"
    # An amount holds decimals: two or four after the point say nothing; exactly three after
    # one to three digits may be "91,875" read with a point, and are said, the value kept.
    before = len(warnings)
    for printed in ("91.87", "91.8750", "1234.875"):
        read_value(Cell(printed, 0, 0, ocr=OcrRead(0.99, doubtful=False)), "proactive_disclosure.procurement.amount",
                   warnings)
    assert len(warnings) == before
    found = read_value(Cell("91.875", 0, 0, ocr=OcrRead(0.99, doubtful=False)),
                       "proactive_disclosure.procurement.amount", warnings)
    assert found.value == 91.875
    assert [(w.code, w.where["field"]) for w in warnings[before:]] == [
        ("ocr_low_confidence", "proactive_disclosure.procurement.amount")]
    # The same amount in a text layer is what the report printed.
    read_value(Cell("91.875", 0, 0), "proactive_disclosure.procurement.amount", warnings)
    assert len(warnings) == before + 1


def _scanned(table: Table) -> Table:
    """The table as the OCR reader gives it: every cell read from the image."""
    from dataclasses import replace

    from extractor.layout import OcrRead

    return replace(table, cells=[replace(c, ocr=OcrRead(0.95, doubtful=False)) for c in table.cells])


def test_a_header_that_lost_its_inner_rules_still_names_seven_columns() -> None:
    """Issue 24: a scan's header cell over all seven columns, its stacked names ("商业/企业"
    beside "科研机/构") read across as a jumble: the caption over exactly seven columns is the
    national layout, so rows missing a cell are still placed by position."""
    rows = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 1, 3),
         ("申请人情况 自然人法人或其他组织总计 商业科研机社会组法律服其他企业构织务机构", 1, 7)],
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", "0", "0", "0", "0", "6"],
        [("二、上年结转政府信息公开申请数量", 1, 3), "1", ("", 1, 2), "0", "0", "0", "1"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, 0, 6]
    assert values(mapped, "carried_over") == [1, None, None, 0, 0, 0, 1]
    # A caption alone may stand over an unnamed column, with 总计 beside it (sample 004).
    from extractor.mapping.template import applicant_columns_under

    assert applicant_columns_under("申请人情况", 7) == []
    # Six named columns would be a guess: nothing is placed by that header.
    rows[0][1] = ("申请人情况 自然人法人或其他组织总计 商业科研机社会组法律服其他企业构织务机构", 1, 6)
    rows[1] = [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", "0", "0", "0", "6"]
    assert values(map_tables([grid_table(rows)]), "new_received") == [None] * 7


def test_numbers_stacked_over_two_rows_and_a_garbled_number_stay_in_their_rows_as_nulls() -> None:
    """Issue 24: a scan lost the rule between two rows in one column ("5", a speck, "0" read
    "5 - 0" in one cell over both rows), and read another cell as "41°": the rows keep their
    other values; those two cells are null, each with a warning, never a row's label."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", ("5 - 0", 2, 1), "0", "0", "41°", "6"],
        [("二、上年结转政府信息公开申请数量", 1, 3), "1", "0", "0", "0", "0", "1"],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "new_received") == [5, 1, None, 0, 0, None, 6]
    assert values(mapped, "carried_over") == [1, 0, None, 0, 0, 0, 1]
    codes = {(w.code, w.where.get("field")) for w in mapped.warnings}
    assert ("merged_cell", "applications.new_received.research_institution") in codes
    assert ("merged_cell", "applications.carried_over.research_institution") in codes
    assert ("unreadable_value", "applications.new_received.other_org") in codes


def test_numbers_beside_a_scanned_table_3_cell_of_several_numbers_are_said() -> None:
    """Issue 24 (development scan v111_d1033, a binarized photo; one SILENT value): the
    vertical rules of 本年新收 were lost, its six numbers read into one cell ("0 0) 0 0 2 0"),
    and its 总计, printed blank, took a 0 from the row below. With that cell null no sum
    checks the row: every number beside such a cell keeps its value and is said. A row of one
    number a cell is not touched; nor is a text layer's row."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), ("0 0) 0 0 2 0", 1, 6), "0"],
        [("二、上年结转政府信息公开申请数量", 1, 3), "1", "0", "0", "0", "0", "0", "1"],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "new_received")[-1] == 0
    said = {w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"}
    assert "applications.new_received.total" in said
    assert not any(f and ".carried_over." in f for f in said)
    assert not any(w.code == "ocr_low_confidence" for w in map_tables([grid_table(rows)]).warnings)


def test_a_part_without_header_on_a_grid_of_its_own_takes_the_named_columns_in_order() -> None:
    """Issue 24 (development scan v106_d1019, grey, rules-only): the report left 其他 blank in
    every row; on the last page, a part without header, the columns found from its text were
    six, and its grid was not the part before's (the label area cut in four, not three), so
    none of its rows could be placed (147 of 201). One cell per column the header named, in
    their order; a row of another count still cannot be placed."""
    head = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 6)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 4), ("总计", 2, 1)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构"],
    ]
    first = [*head, [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 6)]]
    last = [
        [("（七）总计", 1, 4), *nums(6, 0, 0, 3, 2, 11)],
        [("四、结转下年度继续办理", 1, 4), *nums(12, 27, 0)],
    ]
    mapped = map_tables([_scanned(grid_table(first)), _scanned(grid_table(last))])
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, None, 6]
    assert values(mapped, "total_processed") == [6, 0, 0, 3, 2, None, 11]
    assert values(mapped, "carried_forward") == [None] * 7
    assert any(w.code == "row_unplaced" and w.where.get("row") == "carried_forward" for w in mapped.warnings)


def test_a_scanned_number_beside_a_stroke_read_as_yi_is_a_value_not_the_rows_label() -> None:
    """Issue 24 (development scan v107_d1015, grey): a seal's stroke beside the last number of
    重复申请 read "2 一"; with a Chinese character in it the cell counted as label, so the whole
    row was label, and the row was missing. On a scan, digits beside "一" only are a value
    misread: null, said, the row's six other numbers read. A text layer's cell is unchanged."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "5", "1", "0", "0", "0", "0", "2 一"],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, 0, None]
    assert ("unreadable_value", "applications.new_received.total") in {
        (w.code, w.where.get("field")) for w in mapped.warnings}
    assert values(map_tables([grid_table(rows)]), "new_received") == [None] * 7


def test_a_scanned_cell_with_two_numbers_is_not_one_number() -> None:
    """Issue 24: a scan lost the rule between 本年增/减 "0" and 处理决定数量 "20": the cell
    reads "0 20". A text layer's "1 362" is one number spaced out; OCR's is two cells: null."""
    from extractor.layout import OcrRead
    from extractor.mapping.values import Warnings, read_value

    warnings = Warnings()
    found = read_value(Cell("0 20", 0, 0, ocr=OcrRead(0.96, doubtful=False)), "proactive_disclosure.punishment.items_change",
                       warnings)
    assert found.value is None and [w.code for w in warnings] == ["merged_cell"]
    assert read_value(Cell("1 362", 0, 0), "applications.new_received.total", Warnings()).value == 1362


def test_one_label_cell_over_several_value_rows_gives_each_row_its_numbered_item() -> None:
    """Issue 24: a scan lost the rules between the labels of （三）'s items (not between their
    values): one label cell over three rows reads "1.属于国家秘密 2.其他… 3.危及…"."""
    labels = "1.属于国家秘密 2.其他法律行政法规禁止公开 1 3.危及“三安全一稳定”"
    rows = [
        *HEAD,
        [("（三）不予公开", 3, 1), (labels, 3, 2), *nums(2, 0, 0, 0, 0, 0, 2)],
        nums(3, 0, 0, 0, 0, 0, 3),
        nums(4, 0, 0, 0, 0, 1, 5),
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "denied_state_secret") == [2, 0, 0, 0, 0, 0, 2]
    assert values(mapped, "denied_prohibited_by_law") == [3, 0, 0, 0, 0, 0, 3]
    assert values(mapped, "denied_security_stability") == [4, 0, 0, 0, 0, 1, 5]
    # Numbers that do not run one by one, one per row, are no such split: the rows stay unplaced.
    rows[3][1] = ("1.属于国家秘密 3.危及“三安全一稳定”", 3, 2)
    assert values(map_tables([_scanned(grid_table(rows))]), "denied_security_stability") == [None] * 7


def test_seven_values_under_a_header_naming_fewer_columns_are_the_national_layout() -> None:
    """Issue 24: OCR misread 自然人 and 总计 in the header; the row still prints seven values:
    the template's seven columns in order, said with column_unmapped (the header was misread,
    no column was added)."""
    rows = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7)],
        [("白然入", 2, 1), ("法人或其他组织", 1, 5), ("总汁", 2, 1)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 2, 0, 0, 8)],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [5, 1, 0, 2, 0, 0, 8]
    assert any(w.code == "column_unmapped" and w.where.get("row") == "new_received" for w in mapped.warnings)


def test_two_table_2_rows_run_together_are_not_one_row() -> None:
    """Issue 24 (a SILENT value on a development scan): the rule between 行政处罚 and 行政强制
    was lost; one row "行政处罚行政强制" holds both rows' numbers, and which is whose no one can
    tell. Both rows stay null, each said; none takes the other's number."""
    rows = [
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "3", "1", "12"],
        ["行政处罚行政强制", "0 0", "80886", "0 8"],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert _proactive(mapped, "punishment") == [None, None, None]
    assert _proactive(mapped, "coercion") == [None, None, None]
    assert _proactive(mapped, "licensing") == [3, 1, 12]
    said = {(w.code, w.where.get("row")) for w in mapped.warnings}
    assert {("row_missing", "punishment"), ("row_missing", "coercion")} <= said
    assert any(w.code == "row_unplaced" for w in mapped.warnings)


def test_a_value_whose_number_was_cut_by_a_column_boundary_is_said() -> None:
    from extractor.mapping.values import Warnings, read_value

    warnings = Warnings()
    found = read_value(Cell("287", 0, 0, number_cut=True), "proactive_disclosure.normative_documents.made", warnings)
    assert found.value == 287
    assert [(w.code, w.where["field"]) for w in warnings] == [
        ("ocr_low_confidence", "proactive_disclosure.normative_documents.made")]


def test_other_processing_found_in_neither_form_names_both() -> None:
    """Issue 24 (SILENT on a development scan): （六）其他处理 printed as one row whose label OCR
    could not read: the output has the 2021 form's three rows (each row_missing), and the one
    row of the other form, absent from the output, is named too."""
    rows = [*HEAD, [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)]]
    mapped = map_tables([grid_table(rows)])
    missing = {w.where.get("row") for w in mapped.warnings if w.code == "row_missing"}
    assert {"other_processing", "other_overdue_correction", "other_overdue_fee", "other_other"} <= missing
    assert "other_processing" not in mapped.grids["applications"]


def test_a_numbered_total_row_printing_no_number_is_a_row_not_a_header() -> None:
    """Issue 25: "（七）总计" whose seven value cells were merged into one blank cell prints no
    number; it names the column 总计 but is table 3's row total_processed (each field null with
    merged_cell), and the row after it keeps its columns (it was left unplaced)."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)],
        ["", ("（七）总计", 1, 2), ("", 1, 7)],
        [("四、结转下年度继续办理", 1, 3), ("", 1, 3), *nums(0, 0, 0, 8)],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "total_processed") == [None] * 7
    merged = {w.where["field"] for w in mapped.warnings if w.code == "merged_cell"}
    assert {f"applications.total_processed.{c}" for c in APPLICANT_COLUMNS} <= merged
    assert values(mapped, "carried_forward") == [None, None, None, 0, 0, 0, 8]
    assert {f"applications.carried_forward.{c}" for c in APPLICANT_COLUMNS[:3]} <= merged
    assert values(mapped, "new_received") == [5, 1, 0, 0, 0, 0, 6]


def test_review_row_merged_into_one_cell_printing_fifteen_numbers_is_split() -> None:
    """Issue 25: table 4's data row merged into one cell, its fifteen numbers one per line (as
    Word keeps a merge of filled cells): read in order, each with merged_cell; it was lost."""
    rows = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*[(h, 2, 1) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [("\n".join(nums(8, 0, 0, 9, 17, 0, 11, 0, 0, 11, 0, 0, 0, 0, 0)), 1, 15)],
    ]
    mapped = map_tables([grid_table(rows)])
    grids = mapped.grids["review_litigation"]
    assert [v.value for v in grids["review"].values()] == [8, 0, 0, 9, 17]
    assert [v.value for v in grids["litigation_direct"].values()] == [0, 11, 0, 0, 11]
    assert sum(w.code == "merged_cell" for w in mapped.warnings) == 15
    assert not any(w.code == "table_missing" and "table 4" in w.message for w in mapped.warnings)


def test_review_run_merged_over_eleven_columns_is_placed_by_position_not_as_one_block() -> None:
    """Issue 25 (merged-cell sweep, dev seeds 40 and 77): eleven of the fifteen cells merged
    leave five cells in the row; by count they were "one block printed alone" and the run's
    first numbers became review.pending and total. Under the header's columns the run is
    null in each of its eleven fields (it prints ten numbers: no split), the rest are read."""
    rows = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*[(h, 2, 1) for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [*nums(3, 1, 0), ("\n".join(nums(2, 0, 5, 0, 0, 10, 2, 0, 0, 0)), 1, 11), "4"],
    ]
    mapped = map_tables([grid_table(rows)])
    grids = mapped.grids["review_litigation"]
    assert [v.value if v else None for v in grids["review"].values()] == [3, 1, 0, None, None]
    assert all(v is None for v in grids["litigation_direct"].values())
    assert [v.value if v else None for v in grids["litigation_after_review"].values()] == [None] * 4 + [4]
    assert sum(w.code == "merged_cell" for w in mapped.warnings) == 11
    assert not any(w.code == "review_block_by_order" for w in mapped.warnings)


def _table_4_with_split_columns(direct: list[str]) -> list:
    """Table 4 whose grid cut 未经复议直接起诉's 尚未审结 and 总计 in two each (17 grid columns
    under 15 names); ``direct`` are the seven cells of that block's part of the number row."""
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 12)],
        [*[(h, 2, 1) for h in names], ("未经复议直接起诉", 1, 7), ("复议后起诉", 1, 5)],
        [*names[:3], (names[3], 1, 2), (names[4], 1, 2), *names],
        [*nums(1, 2, 0, 0, 3), *direct, *nums(0, 0, 0), "", "6"],
    ]
    grids = map_tables([grid_table(rows)])
    return [[v.value if v else None for v in grids.grids["review_litigation"][b].values()]
            for b in ("review", "litigation_direct", "litigation_after_review")]


def test_table_4_name_over_two_grid_columns_takes_the_one_cell_under_it_that_prints() -> None:
    """Issue 24 (development scan v128_d1057, grey, 300 dpi): a red seal's ring over table 4's
    number row drew two short rules in it, so 17 cells lay under the 15 names (尚未审结 and 总计
    each over two grid columns) and the whole table was null (row_unplaced). Each name takes
    the one cell under it that prints; two numbers under one name place nothing by position."""
    assert _table_4_with_split_columns(["10", "9", "4", "0", "", "", "23"]) == [
        [1, 2, 0, 0, 3], [10, 9, 4, 0, 23], [0, 0, 0, None, 6]]
    assert _table_4_with_split_columns(["10", "9", "4", "", "0", "23", ""]) == [
        [1, 2, 0, 0, 3], [10, 9, 4, 0, 23], [0, 0, 0, None, 6]]
    assert _table_4_with_split_columns(["10", "9", "4", "0", "5", "", "23"]) == [[None] * 5] * 3


def test_a_scanned_table_4_header_with_a_name_misread_by_one_character_places_its_row() -> None:
    """Issue 24 (the same scan): OCR read 尚未审结 as "尚未申结" and 总计 as "总计一" (a seal's
    stroke), so the header did not name its fifteen columns and the row fell back to its
    cell count. On a scan a name one character off counts when the fifteen come in the
    template's order; a text layer's cell must name its column exactly."""
    from extractor.mapping.template import review_column_misread

    def mapped(misread: str, scanned: bool) -> list:
        def make(text: str, row: int, col: int, x0: float, x1: float, colspan: int = 1, rowspan: int = 1) -> Cell:
            cell = _ocr_cell(text, row, col, x0, x1, colspan)
            return dataclasses.replace(cell, rowspan=rowspan, ocr=cell.ocr if scanned else None)

        names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        cells = [make("行政复议", 0, 0, 0, 100, colspan=5), make("行政诉讼", 0, 5, 100, 340, colspan=12)]
        cells += [make(n, 1, i, 20 * i, 20 * i + 20, rowspan=2) for i, n in enumerate(names)]
        cells += [make("未经复议直接起诉", 1, 5, 100, 240, colspan=7), make("复议后起诉", 1, 12, 240, 340, colspan=5)]
        spans = [1, 1, 1, 2, 2, 1, 1, 1, 1, 1]
        x, col = 100.0, 5
        for i, span in enumerate(spans):
            text = names[i % 5] if i != 3 else misread
            cells.append(make(text, 2, col, x, x + 20 * span, colspan=span))
            x, col = x + 20 * span, col + span
        row = ["1", "2", "0", "0", "3", "10", "9", "4", "0", "", "", "23", "0", "0", "0", "", "6"]
        cells += [make(v, 3, i, 20 * i, 20 * i + 20) for i, v in enumerate(row)]
        grids = map_tables([Table(cells=cells, page=1)]).grids["review_litigation"]
        return [v.value if v else None for v in grids["litigation_direct"].values()]

    assert mapped("尚未审结", scanned=True) == [10, 9, 4, 0, 23]
    assert mapped("尚未申结", scanned=True) == [10, 9, 4, 0, 23]
    assert mapped("尚未申结", scanned=False) == [None] * 5
    assert review_column_misread("总计一") == "total" and review_column_misread("总") is None
    assert review_column_misread("其他") is None  # two characters off 其他结果


def test_numbers_one_per_line_in_one_cell_are_not_one_number() -> None:
    """A Word or web cell holding "12" and "8" as two paragraphs (cells merged) read as 128;
    a number's own spaces within a line ("1 362") still join."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), "1 362", "12\n8", *nums(0, 0, 0, 0), "1382"],
    ]
    mapped = map_tables([grid_table(rows)])
    assert values(mapped, "new_received") == [1362, None, 0, 0, 0, 0, 1382]
    [merged] = [w for w in mapped.warnings if w.code == "merged_cell"]
    assert merged.where["field"] == "applications.new_received.commercial_enterprise"


def _ocr_cell(text: str, row: int, col: int, x0: float, x1: float, colspan: int = 1) -> Cell:
    from extractor.layout import OcrRead

    return Cell(text, row, col, 1, colspan, page=1, bbox=(x0, 100.0 + 20 * row, x1, 118.0 + 20 * row),
                ocr=OcrRead(0.99, doubtful=False))


def test_a_scanned_number_at_the_edge_of_its_column_beside_another_of_its_row_is_said() -> None:
    """Issue 24 (development scan v110, binarized, rules-only): the grid's boundary fell beside
    "5", which landed under 上一年项目数量 (blank) though printed under 本年增/减; table 2 has no
    sums to catch it. Its cell's centre at 0.92 of its header's width, beside another column
    of the row: the value is kept and said. A centred value is not."""
    header = [_ocr_cell("信息内容", 0, 0, 85, 169), _ocr_cell("上一年项目数量", 0, 1, 169, 311, colspan=2),
              _ocr_cell("本年增/减", 0, 3, 311, 397), _ocr_cell("处理决定数量", 0, 4, 397, 517)]
    rows = [
        [_ocr_cell("其他对外管理服务事项", 1, 0, 85, 169), _ocr_cell("", 1, 1, 169, 289), _ocr_cell("5", 1, 2, 289, 311),
         _ocr_cell("", 1, 3, 311, 397), _ocr_cell("6", 1, 4, 397, 517)],
        [_ocr_cell("行政许可", 2, 0, 85, 169), _ocr_cell("3", 2, 1, 169, 311, colspan=2), _ocr_cell("1", 2, 3, 311, 397),
         _ocr_cell("9", 2, 4, 397, 517)],
    ]
    table = Table(cells=header + [c for row in rows for c in row], page=1)
    mapped = map_tables([table])
    assert mapped.template == "2019"
    edge = [w for w in mapped.warnings if w.code == "ocr_low_confidence"]
    assert [w.where["field"] for w in edge] == ["proactive_disclosure.other_services.items_last_year"]
    assert "beside items_change" in edge[0].message


def test_a_scanned_table_3_value_at_the_edge_of_other_org_beside_total_is_said() -> None:
    """The same in table 3: "7" printed under 总计 lands under 其他 (blank) when the boundary
    falls beside it; the row's sum cannot catch it (its total is then missing)."""
    names = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    header = [_ocr_cell("申请人情况", 0, 0, 100, 200)] + [
        _ocr_cell(n, 0, 1 + i, 200 + 40 * i, 240 + 40 * i) for i, n in enumerate(names)]
    values = ["0", "0", "0", "0", "0", "7", ""]
    row = [_ocr_cell("3.申请内容不明确", 1, 0, 100, 200)] + [
        _ocr_cell(v, 1, 1 + i, 200 + 40 * i + (34 if i == 5 else 0), 240 + 40 * i + (4 if i == 5 else 0))
        for i, v in enumerate(values)]
    mapped = map_tables([Table(cells=header + row, page=1)])
    edge = [w for w in mapped.warnings if w.code == "ocr_low_confidence"]
    assert [w.where["field"] for w in edge] == ["applications.unavailable_unclear.other_org"]


def _scanned_table_4_row(texts: list[tuple[str, int]], litigation_span: int, width: float) -> tuple[MappedTables, set[str]]:
    """Table 4 scanned: its two block headers and one row of (text, grid columns) cells, each
    ``width`` pt a column; the mapping, and the fields an ``ocr_low_confidence`` names."""
    header = [_ocr_cell("行政复议", 0, 0, 84, 214, colspan=5),
              _ocr_cell("行政诉讼", 0, 5, 214, 518, colspan=litigation_span)]
    cells, col = [], 0
    for text, span in texts:
        cells.append(_ocr_cell(text, 1, col, 84 + width * col, 84 + width * (col + span), colspan=span))
        col += span
    mapped = map_tables([Table(cells=header + cells, page=1)])
    return mapped, {w.where["field"] for w in mapped.warnings if w.code == "ocr_low_confidence"}


def test_a_scanned_table_4_row_placed_by_its_grid_spans_is_said_value_by_value() -> None:
    """Issue 24 (development scan v134): a rules-only table 4 whose grid lost the blank 尚未审结
    column and joined two cells elsewhere: 13 cells whose spans add up to 15 by chance, so "10"
    (printed under 总计) was placed under review.pending with nothing said. Placed by the scan's
    grid, each value is kept and said."""
    texts = [("0 8", 2), ("3", 1), ("10", 1), ("0", 2), ("0 0", 1), ("1", 1), ("", 1), ("0", 1), ("5", 1), ("0", 1),
             ("21", 1), ("0", 1), ("0", 1)]
    mapped, said = _scanned_table_4_row(texts, litigation_span=10, width=29)
    assert "review_litigation.review.pending" in said
    assert mapped.grids["review_litigation"]["review"]["pending"].value == 10  # kept, not moved on a guess


def test_a_scanned_table_4_row_of_fifteen_cells_on_a_wider_grid_is_said_value_by_value() -> None:
    """Issue 24 (development scan v110, binarized): garbled header words gave table 4 a grid of
    17 columns; the data row's fifteen cells (two of them over two columns) read by order put
    19 (printed under 尚未审结) under 其他结果, and with 总计 unreadable no check could say so.
    Cells that do not sit one to a grid column: each value is kept and said."""
    texts = [("27", 2), ("0", 1), ("0", 1), ("0", 1), ("(0)", 1), ("7", 1), ("7", 1), ("7", 1), ("0", 1), ("", 1),
             ("", 1), ("0", 1), ("19", 1), ("6", 2), ("", 1)]
    mapped, said = _scanned_table_4_row(texts, litigation_span=12, width=25)
    assert "review_litigation.litigation_after_review.other" in said
    assert mapped.grids["review_litigation"]["litigation_after_review"]["other"].value == 19  # kept, said


def test_a_scanned_table_4_row_with_a_cell_of_two_numbers_is_said_value_by_value() -> None:
    """Issue 24 (development photo v170): a sliver column at the table's side moved each of the
    fifteen numbers one column right, the last two into one cell. Fifteen cells, one to a
    column, but sixteen numbers: the grid is not the printed one; each value is kept and said
    (the first cell blank and the last null skipped both blocks' checks)."""
    texts = [("", 1), ("7", 1), ("1", 1), ("25", 1), ("0", 1), ("0", 1), ("0", 1), ("8", 1), ("5", 1), ("0", 1),
             ("0", 1), ("7", 1), ("27", 1), ("8", 1), ("27 8", 1)]
    mapped, said = _scanned_table_4_row(texts, litigation_span=10, width=29)
    assert {"review_litigation.review.corrected", "review_litigation.litigation_direct.total"} <= said
    assert mapped.grids["review_litigation"]["review"]["corrected"].value == 7  # kept, said


def test_table_2_row_with_more_numbers_than_columns_is_null_not_shifted() -> None:
    """A scan's column boundary inside "48503" leaves "48" and "503" under one header cell, and
    an unnamed column before them: by order the row would read 0, 0, 48 and drop 503 (the
    0 of 本年废止 then silently taken for 现行有效). More numbers than columns: nothing placed."""
    rows = [
        [("第二十条第（一）项", 1, 5)],
        ["信息内容", "", "本年制发件数", "本年废止件数", ("现行有效件数", 1, 2)],
        ["规章", "", "0", "0", "48", "503"],
        ["行政规范性文件", "", "3", "1", "49", ""],
    ]
    mapped = map_tables([grid_table(rows)])
    assert _proactive(mapped, "regulations") == [None, None, None]
    assert any(w.code == "row_unplaced" and w.where.get("row") == "regulations" for w in mapped.warnings)
    assert _proactive(mapped, "normative_documents") == [3, 1, 49]


def test_a_scanned_table_2_header_that_lost_a_name_does_not_shift_its_rows() -> None:
    """Issue 24 (development scan v103_d1010, binarized, two SILENT values): OCR read the
    header's 上一年项目数量 into the row above, so the header named 本年增/减 and 处理决定数量
    only, over the last two columns. 行政处罚's three numbers were taken in order among those
    two (its 16383 became 本年增减); 行政强制, its 1,419 lost, gave 处理决定数量 its 本年增减 0.
    Three cells for three columns are read in the template's order, each said; two cannot be
    placed: null, said. A header naming every column is unchanged."""
    rows = [
        [("第二十条第（六）项", 1, 4)],
        ["信息内容", "", "本年增/减", "处理决定数量"],
        ["行政处罚", "16383", "0)", "20"],
        ["行政强制", "0", ("0", 1, 2)],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert _proactive(mapped, "punishment") == [16383, None, 20]
    said = {w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"}
    assert {f"proactive_disclosure.punishment.{c}" for c in ("items_last_year", "decisions")} <= said
    assert _proactive(mapped, "coercion") == [None, None, None]
    assert any(w.code == "row_unplaced" and w.where.get("row") == "coercion" for w in mapped.warnings)

    rows[1][1] = "上一年项目数量"
    mapped = map_tables([_scanned(grid_table(rows))])
    assert _proactive(mapped, "punishment") == [16383, None, 20]
    assert not any(w.code == "ocr_low_confidence" and w.where.get("field", "").endswith("items_last_year")
                   for w in mapped.warnings)


def test_table_2_numbers_beside_a_scanned_cell_of_two_rows_are_said() -> None:
    """Issue 24: a binarized scan lost the rule under 行政许可; its row ran into the next one,
    whose 处理决定数量 cell read "26090 19" (one number of each row) and whose 本年增减 cell
    held 行政许可's 92740 alone. Table 2 has no sums to show it: every number beside the
    stack keeps its value with a warning that names it."""
    rows = [
        [("第二十条第（五）项", 1, 4)],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["其他对外管理服务事项", "", "92740", "26090 19"],
        ["行政处罚", "0", "18", "0"],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    grid = mapped.grids["proactive_disclosure"]
    assert grid["other_services"]["items_change"].value == 92740
    said = {w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"}
    assert "proactive_disclosure.other_services.items_change" in said
    # A row without such a cell is not touched.
    assert not any(f and ".punishment." in f for f in said)


def test_a_row_two_scanned_rows_are_labelled_as_keeps_its_numbers_but_says_them() -> None:
    """Issue 24: a binarized scan's garbled labels matched several rows to one template row;
    the first is kept, but it may be another row's values: each number is said (once). A
    text layer's duplicate row is left as it was (its labels are read as printed)."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)],
        [("2.其他法律行政法规禁止公开", 1, 3), *nums(1, 0, 0, 0, 22, 0, 23)],
        [("2.其他法律行政法规禁止公开", 1, 3), *nums(0, 0, 0, 0, 0, 0, 0)],
        [("2.其他法律行政法规禁止公开", 1, 3), *nums(3, 0, 0, 0, 0, 0, 3)],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "denied_prohibited_by_law") == [1, 0, 0, 0, 22, 0, 23]
    said = [w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"]
    assert sorted(said) == sorted(f"applications.denied_prohibited_by_law.{c}" for c in APPLICANT_COLUMNS)
    text = map_tables([grid_table(rows)])
    assert not any(w.code == "ocr_low_confidence" for w in text.warnings)


def test_a_table_whose_total_is_blank_in_every_row_has_doubtful_columns() -> None:
    """Issue 24: a report printed without 其他, its header unreadable in the scan: the columns
    were read by position, the 总计 numbers landed under 其他 and 总计 stayed blank, so no
    row-total check could fire. The whole table is said to be in doubt."""
    labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"]
    shifted = [[*nums(5, 1, 0, 0, 0, 6), ""], [*nums(1, 0, 0, 0, 0, 1), ""], [*nums(2, 0, 0, 0, 0, 2), ""]]

    def doubts(n_rows: int) -> list[dict]:
        rows = [[label, "", "", *row] for label, row in zip(labels[:n_rows], shifted[:n_rows], strict=True)]
        return [w.where for w in map_tables([grid_table([*HEAD, *rows])]).warnings if w.code == "columns_doubtful"]

    assert doubts(3) == [{"table": "applications"}]
    # Two rows only: too few to doubt a table by.
    assert doubts(2) == []
    # 总计 given in one row: the report's own choice to leave the others blank, not a shift.
    shifted[2][-1] = "2"
    assert doubts(3) == []


def test_an_assumed_template_names_table_2() -> None:
    """Issue 24: table 2's headers unreadable, the 2021 template assumed: the fields of table 2 (and
    the 2019 ones the document then lacks) are in doubt, so the warning names the table."""
    mapped = map_tables([grid_table([*HEAD, ["一、本年新收政府信息公开申请数量", "", "", *nums(5, 1, 0, 0, 0, 0, 6)]])])
    assumed = [w for w in mapped.warnings if w.code == "template_assumed"]
    assert mapped.template == "2021" and [w.where for w in assumed] == [{"table": "proactive_disclosure"}]


def test_a_scanned_header_cell_left_blank_where_the_template_prints_total_is_total() -> None:
    """Issue 24 (development scan v115): a red seal over "总计" left its header cell unread, and
    every row's total was ignored as an unnamed column. A blank cell at the header's right
    end, over the same rows as 自然人, is where the template prints 总计; the row totals
    check tests the guess. Not so for a cell inside the group's row, nor for a text layer."""
    from dataclasses import replace

    def mapped(blank: Cell, ocr: bool = True) -> MappedTables:
        cells = [replace(_ocr_cell("自然人", 0, 0, 100, 140), rowspan=2),
                 _ocr_cell("法人或其他组织", 0, 1, 140, 300, colspan=4), blank,
                 *(_ocr_cell(t, 1, 1 + k, 140 + 40 * k, 180 + 40 * k) for k, t in enumerate(("商业企业", "科研机构", "社会组织", "法律服务机构"))),
                 _ocr_cell("一、本年新收政府信息公开申请数量", 2, -1, 40, 100)]
        cells += [_ocr_cell(v, 2, k, 100 + 40 * k, 140 + 40 * k) for k, v in enumerate(("3", "1", "0", "0", "1", "5"))]
        cells = [replace(c, col=c.col + 1) for c in cells]
        if not ocr:
            cells = [replace(c, ocr=None) for c in cells]
        return map_tables([Table(cells=cells, page=1)])

    top = replace(_ocr_cell("", 0, 5, 300, 340), rowspan=2)
    assert values(mapped(top), "new_received") == [3, 1, 0, 0, 1, None, 5]
    assert values(mapped(top, ocr=False), "new_received")[-1] is None
    assert values(mapped(_ocr_cell("", 1, 5, 300, 340)), "new_received")[-1] is None


def test_a_scanned_header_cell_naming_nothing_between_two_columns_one_apart_is_the_one_between() -> None:
    """Issue 24 (development scan v127_d1054): a seal over 社会公益组织's first lines left
    "组织", which names no column, and seven rows' values under it were ignored as an unnamed
    column. A scanned header cell right between 科研机构 and 法律服务机构 is 社会公益组织 (the
    row totals check tests the guess); not where the two beside it are further apart in the
    template, nor on a text layer."""
    from dataclasses import replace

    def mapped(names: tuple[str, ...], ocr: bool = True, row: tuple[str, ...] = ("3", "1", "", "2", "1", "1", "5")) -> list:
        cells = [replace(_ocr_cell("自然人", 0, 1, 100, 140), rowspan=2),
                 _ocr_cell("法人或其他组织", 0, 2, 140, 340, colspan=5),
                 replace(_ocr_cell("总计", 0, 7, 340, 380), rowspan=2),
                 *(_ocr_cell(n, 1, 2 + k, 140 + 40 * k, 180 + 40 * k) for k, n in enumerate(names)),
                 _ocr_cell("一、本年新收政府信息公开申请数量", 2, 0, 40, 100)]
        cells += [_ocr_cell(v, 2, 1 + k, 100 + 40 * k, 140 + 40 * k) for k, v in enumerate(row)]
        if not ocr:
            cells = [replace(c, ocr=None) for c in cells]
        return values(map_tables([Table(cells=cells, page=1)]), "new_received")

    names = ("商业企业", "科研机构", "组织", "法律服务机构", "其他")
    assert mapped(names) == [3, 1, None, 2, 1, 1, 5]
    assert mapped(names, ocr=False) == [3, 1, None, None, 1, 1, 5]
    assert mapped(("商业企业", "组织", "", "法律服务机构", "其他"))[2:4] == [None, None]


def test_the_first_lines_of_stacked_column_names_name_their_columns() -> None:
    """Issue 24 (development scan v125): table 3's header cut by a page break between the two
    lines of its stacked names, and a worn rule lost between two of them: "商业科研" over two
    columns and "法律" alone on one page, "企业", "机构", "服务机构" on the next. The first
    lines alone name their columns (as a cell's whole text, or a run of them in the template's
    order over as many columns); a row label's head ("其他法律") does not."""
    from extractor.mapping.template import applicant_column, applicant_columns_under

    assert applicant_columns_under("商业科研", 2) == ["commercial_enterprise", "research_institution"]
    assert applicant_columns_under("科研商业", 2) == []
    assert applicant_columns_under("商业科研", 3) == []
    assert applicant_column("法律") == "legal_service_org" and applicant_column("商业") == "commercial_enterprise"
    assert applicant_column("其他法律") is None and applicant_column("机构") is None


def test_a_scanned_table_4_row_of_fourteen_cells_one_holding_two_numbers_gives_the_fifteen_in_order() -> None:
    """Issue 24 (development scan v104): the grid lost the gap between two columns of 复议后起诉
    on a turned, tilted page: fourteen cells, one holding "25 9". No cell blank and fifteen
    numbers: read in order, each value said. With a blank cell the order is no proof: null."""
    texts = [("6", 1), ("7", 1), ("0", 1), ("3", 1), ("9", 1), ("0", 1), ("5", 1), ("0", 1), ("0", 1), ("2", 1),
             ("25 9", 1), ("0", 1), ("24", 1), ("17", 1)]
    mapped, said = _scanned_table_4_row(texts, litigation_span=9, width=29)
    after = mapped.grids["review_litigation"]["litigation_after_review"]
    assert [after[c].value for c in ("upheld", "corrected", "other", "pending", "total")] == [25, 9, 0, 24, 17]
    assert "review_litigation.litigation_after_review.total" in said
    texts[2] = ("", 1)
    mapped, _ = _scanned_table_4_row(texts, litigation_span=9, width=29)
    assert mapped.grids["review_litigation"]["litigation_after_review"]["upheld"] is None


def test_scanned_rows_whose_labels_name_no_row_are_placed_by_position_between_two_placed_rows() -> None:
    """Issue 24 (development scan v157_d1171, grey 120 dpi): OCR read two wrapped labels out of
    order ("二、上年申请数量 结转政府信息公开") and cut one ("(2) 重复申"): their rows matched no
    template row and were dropped (row_unmatched, 14 nulls). A scanned row between two placed
    rows of table 3 is the missing template row between them, in order, when exactly as many
    are missing; said (label_fuzzy). With another count, or in a text layer, still unmatched."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)],
        [("二、上年申请数量 结转政府信息公开", 1, 3), *nums(1, 0, 0, 0, 0, 0, 1)],
        [("三、本年度办理结果", 1, 1), ("（一）予以公开", 1, 2), *nums(4, 1, 0, 0, 0, 0, 5)],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    assert values(mapped, "carried_over") == [1, 0, 0, 0, 0, 0, 1]
    fuzzy = [w for w in mapped.warnings if w.code == "label_fuzzy"]
    assert [w.where.get("row") for w in fuzzy] == ["carried_over"]
    assert not any(w.code == "row_unmatched" for w in mapped.warnings)
    # Its numbers keep their values, each said (dev v188_d1265: "(七" placed as 总计, its
    # numbers one column over, a blank 其他 took a 0 with nothing saying so).
    said = {w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"}
    assert {f"applications.carried_over.{c}" for c in ("natural_person", "total")} <= said
    assert not any(f and ".granted." in f for f in said)
    # A text layer's label is as printed: a row it does not name is not guessed.
    text = map_tables([grid_table(rows)])
    assert values(text, "carried_over") == [None] * 7
    assert any(w.code == "row_unmatched" for w in text.warnings)
    # Two unnamed rows where one template row is missing: neither is placed.
    two = [*rows[:4], rows[4], [("二、上年申请数量 补充", 1, 3), *nums(2, 0, 0, 0, 0, 0, 2)], rows[5]]
    mapped = map_tables([_scanned(grid_table(two))])
    assert values(mapped, "carried_over") == [None] * 7
    assert sum(w.code == "row_unmatched" for w in mapped.warnings) == 2
    # After table 3's last row, nothing follows to place it by: unmatched.
    trailing = map_tables([_scanned(grid_table([*rows[:3], rows[3], rows[4]]))])
    assert any(w.code == "row_unmatched" for w in trailing.warnings)


def test_numbers_of_a_scanned_row_whose_label_holds_numbers_are_said() -> None:
    """Issue 24 (development scan v192_d1277, binarized): the border between a row's label
    and its values was lost, two numbers went into the label ("…另行制作 7 0)") and the rest
    were read one column over (5, 0, 6 for 4, 5, 0) with nothing saying so. A scanned label
    holding numbers besides its outline numbers ("（四）", "(2)", "1.") has each of its row's
    numbers said; a clean label, or a text layer's, is left alone."""
    rows = [
        *HEAD,
        [("一、本年新收政府信息公开申请数量", 1, 3), *nums(5, 1, 0, 0, 0, 0, 6)],
        [("（四）无法提供", 1, 1), ("(2) 没有现成信息需要另行制作 7 0)", 1, 2), *nums(5, 0, 6, 0, 0, 1, 12)],
        [("（四）无法提供", 1, 1), ("3.补正后申请内容仍不明确", 1, 2), *nums(1, 0, 0, 0, 0, 0, 1)],
    ]
    mapped = map_tables([_scanned(grid_table(rows))])
    said = {w.where.get("field") for w in mapped.warnings if w.code == "ocr_low_confidence"}
    assert "applications.unavailable_needs_creation.research_institution" in said
    assert not any(f and (".unavailable_unclear." in f or ".new_received." in f) for f in said)
    assert not any(w.code == "ocr_low_confidence" for w in map_tables([grid_table(rows)]).warnings)
