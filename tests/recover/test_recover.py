"""Stitching tables split by a page break."""

from __future__ import annotations

from extractor.layout import Document
from extractor.mapping.tables import map_tables
from extractor.numbers import CELL_VALUES
from extractor.recover import recover
from tests.helpers import grid_table


def _doc(*tables) -> Document:
    return Document(blocks=list(tables), format="pdf", pages=2)


def test_split_group_label_is_joined_across_pages() -> None:
    """"（四）无" at the foot of page 3, "法提供" at the head of page 4."""
    page3 = grid_table(
        [
            ["一、本年新收政府信息公开申请数量", "", "", *"5100006"],
            [("（四）无", 1, 2), "1.本机关不掌握相关政府信息", *"3000003"],
        ],
        page=3,
    )
    page4 = grid_table(
        [
            [("法提供", 1, 2), "2.没有现成信息需要另行制作", *"1000001"],
        ],
        page=4,
    )
    doc = recover(_doc(page3, page4), CELL_VALUES)
    assert len(doc.tables) == 1
    texts = [c.text for c in doc.tables[0].cells]
    assert "（四）无法提供" in texts
    assert "法提供" not in texts


def test_row_cut_in_two_is_merged() -> None:
    """The label's tail and no numbers on the next page: one row, not two."""
    page1 = grid_table([["2.没有现成信息需要", *"1000001"]], page=1)
    page2 = grid_table([["另行制作", *([""] * 7)]], page=2)
    doc = recover(_doc(page1, page2), CELL_VALUES)
    (table,) = doc.tables
    assert table.n_rows == 1
    assert table.cells[0].text == "2.没有现成信息需要另行制作"


def test_repeated_header_is_dropped() -> None:
    header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    page1 = grid_table([header, ["规章", "1", "2", "3"]], page=1)
    page2 = grid_table([header, ["行政规范性文件", "4", "5", "6"]], page=2)
    doc = recover(_doc(page1, page2), CELL_VALUES)
    (table,) = doc.tables
    assert table.n_rows == 3
    mapped = map_tables(doc.tables)
    assert mapped.grids["proactive_disclosure"]["normative_documents"]["in_force"].value == 6


def test_tables_on_the_same_page_or_other_widths_are_not_stitched() -> None:
    a = grid_table([["a", "1"]], page=1)
    b = grid_table([["b", "2"]], page=1)
    c = grid_table([["c", "3", "4"]], page=2)
    assert len(recover(_doc(a, b, c), CELL_VALUES).tables) == 3


def test_table_over_three_pages_is_one_table() -> None:
    pages = [grid_table([[f"{i}.重复申请", *"1000001"]], page=p) for i, p in enumerate((2, 3, 4), 1)]
    (table,) = recover(_doc(*pages), CELL_VALUES).tables
    assert table.n_rows == 3


def test_pages_with_different_column_rules_are_regridded() -> None:
    """Page 2 draws one wide label column, page 3 splits it in three: same table."""
    from extractor.layout import Cell, Table

    def row(r: int, page: int, labels: list[tuple[str, float, float]], values: list[str]) -> list[Cell]:
        cells = [Cell(t, r, i, page=page, bbox=(x0, 0, x1, 10)) for i, (t, x0, x1) in enumerate(labels)]
        xs = [300 + 30 * i for i in range(len(values) + 1)]
        cells += [Cell(v, r, len(labels) + i, page=page, bbox=(xs[i], 0, xs[i + 1], 10)) for i, v in enumerate(values)]
        return cells

    page2 = Table(cells=row(0, 2, [("自然人以外", 80, 300)], ["5", "6"]), page=2)
    page3 = Table(cells=row(0, 3, [("", 80, 120), ("", 120.5, 200), ("1.属于国家秘密", 200, 302)], ["7", "8"]), page=3)
    (table,) = recover(_doc(page2, page3), CELL_VALUES).tables
    assert table.n_cols == 5
    first = next(c for c in table.cells if c.text == "自然人以外")
    assert (first.col, first.colspan) == (0, 3)
    assert [c.text for c in table.cells if c.row == 1 and c.col >= 3] == ["7", "8"]


def test_a_scanned_page_placed_off_the_page_before_still_continues_its_table() -> None:
    """Issue 24: a scanner placed page 3 five points left of page 2; page 3 splits the label
    column that page 2 draws whole. The same width moved as a whole is the same table, its
    columns compared moved back (and laid onto page 2's width when a photo's perspective made
    it a little wider); moved further than ``page_shift``, or wider than ``page_scale``
    allows, it is another table."""
    from extractor.layout import Cell, Table

    def row(r: int, page: int, dx: float, labels: list[tuple[str, float, float]], values: list[str]) -> list[Cell]:
        cells = [Cell(t, r, i, page=page, bbox=(x0 + dx, 0, x1 + dx, 10)) for i, (t, x0, x1) in enumerate(labels)]
        xs = [300 + dx + 30 * i for i in range(len(values) + 1)]
        cells += [Cell(v, r, len(labels) + i, page=page, bbox=(xs[i], 0, xs[i + 1], 10)) for i, v in enumerate(values)]
        return cells

    def pages(dx: float, width: float = 0.0) -> list[Table]:
        page2 = Table(cells=row(0, 2, 0.0, [("自然人以外", 80, 300)], ["5", "6"]), page=2)
        third = [("", 80, 120), ("", 120.5, 200), ("1.属于国家秘密", 200, 302)]
        page3 = Table(cells=row(0, 3, dx, third, ["7", "8" if not width else "9"]), page=3)
        if width:
            last = page3.cells[-1]
            page3.cells[-1] = Cell(last.text, 0, last.col, page=3, bbox=(last.bbox[0], 0, last.bbox[2] + width, 10))
        return recover(_doc(page2, page3), CELL_VALUES).tables

    (table,) = pages(-5.0)
    assert table.n_cols == 5
    assert [c.text for c in table.cells if c.row == 1 and c.col >= 3] == ["7", "8"]
    assert len(pages(-20.0)) == 2
    # A photo's perspective widened page 3 by 2% (within ``page_scale``): the same table; by
    # 5%, another.
    assert len(pages(-5.0, width=0.02 * 280)) == 1
    assert len(pages(-5.0, width=0.05 * 280)) == 2


def test_a_third_page_is_compared_with_one_page_of_the_table_not_with_all_its_pages_at_once() -> None:
    """Issue 24 (a development photo, table 3 over three pages): page 3, photographed 2% wider,
    was laid onto page 2 and joined; its cells keep their own boxes. Page 4, compared with the
    sides of both pages' cells at once, saw each value column split by a 4pt sliver, and each
    of its values spanned two columns (null, 其他 and 总计 lost). Compared with one page's
    places of the grid, every value keeps one column."""
    from extractor.layout import Cell, Table

    def row(page: int, labels: list[tuple[str, float, float]], values: list[str], scale: float = 1.0) -> Table:
        def x(v: float) -> float:
            return 80 + (v - 80) * scale
        cells = [Cell(t, 0, i, page=page, bbox=(x(x0), 0, x(x1), 10)) for i, (t, x0, x1) in enumerate(labels)]
        cells += [Cell(v, 0, len(labels) + i, page=page, bbox=(x(300 + 30 * i), 0, x(330 + 30 * i), 10))
                  for i, v in enumerate(values)]
        return Table(cells=cells, page=page)

    page2 = row(2, [("自然人以外", 80, 300)], ["5", "6"])
    page3 = row(3, [("", 80, 120), ("", 120.5, 200), ("1.属于国家秘密", 200, 300)], ["7", "8"], scale=1.02)
    page4 = row(4, [("", 80, 160), ("2.其他法律行政法规禁止公开", 160, 300)], ["9", "10"])
    (table,) = recover(_doc(page2, page3, page4), CELL_VALUES).tables
    values = {c.text: (c.col, c.colspan) for c in table.cells if c.text.isdigit()}
    assert values["9"] == values["7"] == values["5"] and values["10"] == values["8"] == values["6"]
    assert {span for _, span in values.values()} == {1}


REVIEW_HEADER = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [*[(w, 2, 1) for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]


def test_header_at_a_page_foot_and_data_at_the_next_head_stay_two_rows() -> None:
    """Table 4's header ends page 4, its one data row starts page 5: the data row must not be
    read as the tail of the header row (all 15 numbers would be lost), and a warning names
    both pages."""
    data = [str(n) for n in range(1, 16)]
    doc = recover(_doc(grid_table(REVIEW_HEADER, page=4), grid_table([data], page=5)), CELL_VALUES)
    assert len(doc.tables) == 1
    assert doc.tables[0].row_texts()[-1] == data
    mapped = map_tables(doc.tables)
    assert [f.value for f in mapped.grids["review_litigation"]["review"].values()] == [1, 2, 3, 4, 5]
    (warning,) = [w for w in doc.warnings if w.code == "header_on_other_page"]
    assert warning.where["pages"] == [4, 5]


def test_a_row_joined_across_pages_is_reported_with_both_pages() -> None:
    page1 = grid_table([["1.属于国家秘密", *"1000001"], ["2.没有现成信息需要", *"1000001"]], page=2)
    page2 = grid_table([["另行制作", *[""] * 7]], page=3)
    doc = recover(_doc(page1, page2), CELL_VALUES)
    assert doc.tables[0].row_texts()[-1][0] == "2.没有现成信息需要另行制作"
    (warning,) = [w for w in doc.warnings if w.code == "row_across_pages"]
    assert warning.where["pages"] == [2, 3]
    assert not [w for w in doc.warnings if w.code == "header_on_other_page"]


def test_a_complete_label_over_a_blank_value_is_not_joined_to_the_next_row() -> None:
    """"行政处罚 | (blank)" ends page 1 and "行政强制 | 9" starts page 2. Geometry alone matches
    a cut row (labels over labels, a number under a blank); only the reader's note that the
    upper label stopped short of its cell's side tells the rows apart."""
    for full, rows in ((False, 2), (True, 1), (None, 1)):
        upper = grid_table([["行政处罚", ""]], page=1)
        upper.cells[0].last_line_full = full
        doc = recover(_doc(upper, grid_table([["行政强制", "9"]], page=2)), CELL_VALUES)
        assert doc.tables[0].n_rows == rows, full


def test_a_header_row_cut_in_two_joins_even_where_a_manual_break_ends_a_line_short() -> None:
    """"科研" / "机构" split by the page break, "科研" ending short of its cell (a manual line
    break in the label): without numbers below, the halves are one header row."""
    upper = grid_table([["商业企", "科研"]], page=1)
    upper.cells[1].last_line_full = False
    doc = recover(_doc(upper, grid_table([["业", "机构"]], page=2)), CELL_VALUES)
    assert doc.tables[0].row_texts() == [["商业企业", "科研机构"]]


def test_scanned_parts_whose_inner_rules_a_photo_bent_by_five_points_share_one_grid() -> None:
    """Issue 24 (a development photo): the sides of table 3's parts on two pages agree within
    2pt, each inner rule lies 4-5pt off (perspective). Compared at a text layer's 4pt, each
    column got a sliver beside it and the values spanned two columns; scanned parts' rules
    are one within ``scan_edge_snap``. A text layer's parts keep the 4pt tolerance."""
    from extractor.layout import Cell, OcrRead, Table

    def part(page: int, inner: float, labels: list[float], ocr: bool) -> Table:
        xs = [*labels, *(120.0 + 40 * k + inner for k in range(7)), 400.0 + 2]
        read = OcrRead(0.99, doubtful=False) if ocr else None
        cells = [Cell("" if k < len(labels) else str(k), 0, k, page=page, bbox=(xs[k], 0, xs[k + 1], 10), ocr=read)
                 for k in range(len(xs) - 1)]
        return Table(cells=cells, page=page)

    for ocr, slivers in ((True, False), (False, True)):
        # Page 3 splits the label column that page 2 draws whole: the grids are compared.
        page2, page3 = part(2, 0.0, [80.0], ocr), part(3, 4.5, [80.0, 100.0], ocr)
        (table,) = recover(_doc(page2, page3), CELL_VALUES).tables
        spans = {c.colspan for c in table.cells if c.text.isdigit()}
        assert (spans != {1}) is slivers


def test_a_scanned_parts_own_columns_a_few_points_apart_stay_apart() -> None:
    """Issue 24 (a binarized development scan): a scan's grid may have columns 3-4pt wide.
    Matched with the next page's rules at ``scan_edge_snap``, only the two parts' rules are
    taken for each other; the first part's own stay apart (merged, two cells of a row fell in
    one column and a row was lost)."""
    from extractor.layout import Cell, OcrRead, Table

    read = OcrRead(0.99, doubtful=False)

    def part(page: int, xs: list[float], texts: list[str]) -> Table:
        return Table(cells=[Cell(t, 0, k, page=page, bbox=(xs[k], 0, xs[k + 1], 10), ocr=read)
                            for k, t in enumerate(texts)], page=page)

    page2 = part(2, [80, 100, 103.5, 160, 200, 240], ["（三）", "", "3.危及", "1", "2"])
    page3 = part(3, [80, 130, 160, 200, 240], ["", "4.保护第三方", "3", "4"])
    (table,) = recover(_doc(page2, page3), CELL_VALUES).tables
    first_row = sorted((c.col, c.text) for c in table.cells if c.row == 0)
    assert len({col for col, _ in first_row}) == len(first_row) == 5


def test_a_scanned_part_moved_as_a_whole_by_six_points_is_laid_onto_the_first() -> None:
    """Issue 24 (a binarized development photo): page 4's part lay 6pt left of page 3's, sides
    and all. Within ``scan_edge_snap`` of each other, its sides were taken as in place, and a
    6pt-wide column put its cells one column off. Sides further apart than ``edge_snap``: the
    part is laid onto the first, whatever the rules' matching tolerance."""
    from extractor.layout import Cell, OcrRead, Table

    read = OcrRead(0.99, doubtful=False)

    def part(page: int, dx: float, xs: list[float], texts: list[str]) -> Table:
        return Table(cells=[Cell(t, 0, k, page=page, bbox=(xs[k] + dx, 0, xs[k + 1] + dx, 10), ocr=read)
                            for k, t in enumerate(texts)], page=page)

    page3 = part(3, 0.0, [90, 160, 166, 230, 300], ["5.属于", "", "1", "2"])
    page4 = part(4, -6.0, [90, 130, 160, 166, 230, 300], ["", "6.属于", "", "3", "4"])
    (table,) = recover(_doc(page3, page4), CELL_VALUES).tables
    cols = {c.text: c.col for c in table.cells if c.text.isdigit()}
    assert cols["3"] == cols["1"] and cols["4"] == cols["2"]
