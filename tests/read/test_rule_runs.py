"""Rules-only tables on scanned pages: runs of rules with a rule broken into pieces at two
heights, and a table's parts on pages the scanner placed a little apart (issue 24)."""

from __future__ import annotations

from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.rule_runs import Rule, stacked_rules
from extractor.readers.pdf.rules_only import RuleRegion, part_offsets, region_columns, table_chains
from extractor.readers.pdf.settings import PdfSettings

SETTINGS = PdfSettings()


def _char(text: str, x0: float, top: float, size: float = 10.0) -> Obj:
    return {"object_type": "char", "text": text, "x0": x0, "x1": x0 + size * (0.5 if text.isdigit() else 1.0),
            "top": top, "bottom": top + size, "doctop": top, "size": size, "upright": True}


def _row(label: str, numbers: list[int], top: float, dx: float = 0.0) -> list[Obj]:
    chars = [_char(c, 92 + dx + 10 * i, top) for i, c in enumerate(label)]
    for k, n in enumerate(numbers):
        chars += [_char(d, 240 + dx + 50 * k + 5 * i, top) for i, d in enumerate(str(n))]
    return chars


def test_a_rule_broken_into_pieces_at_two_heights_keeps_its_table_whole() -> None:
    # A tilted scan: the rule under a row came out as a long piece and, 2pt above it, its
    # last stretch past a gap in the toner. Sorted by height the stretch comes first, and the
    # long piece lines up with the rule above the stretch, not with the stretch.
    rules = [Rule(100, [(85, 512)]), Rule(130, [(85, 512)]), Rule(181.4, [(448, 512)]),
             Rule(183.5, [(132, 429)]), Rule(243, [(132, 511)]), Rule(300, [(86, 511)])]
    chars = [c for k, y in enumerate((105, 135, 190, 250)) for c in _row("行政许可", [k, 2 * k], y)]
    groups = stacked_rules(rules, chars, [], SETTINGS)
    assert [len(g) for g in groups] == [6]
    # Pieces further apart than ``rule_piece_rise`` are two rules: the run breaks as before.
    far = [Rule(100, [(85, 512)]), Rule(130, [(85, 512)]), Rule(150, [(448, 512)]), Rule(170, [(132, 429)]),
           Rule(200, [(132, 511)]), Rule(230, [(86, 511)])]
    assert [len(g) for g in stacked_rules(far, chars, [], SETTINGS)] == [3, 3]


def _part(page: int, dx: float, tops: list[float]) -> RuleRegion:
    rules = [Rule(t - 5, [(85 + dx, 512 + dx)]) for t in tops] + [Rule(tops[-1] + 20, [(85 + dx, 512 + dx)])]
    chars = [c for k, t in enumerate(tops) for c in _row("行政许可", [k, k + 1, 10 * k], t, dx)]
    return RuleRegion(page, rules, chars)


def test_a_tables_part_on_a_page_placed_off_the_one_before_continues_it_on_one_grid() -> None:
    # The scanner placed page 2 twelve points left of page 1: the same table, the same width.
    # Voted on as placed, the two pages' columns interleave (85, 180, 236.5, ...).
    first, second = _part(1, 0.0, [600, 630, 660, 690]), _part(2, -12.0, [80, 110, 140])
    chains = table_chains([[first], [second]], lambda region, below: True, SETTINGS)
    assert [len(c) for c in chains] == [2]
    offsets = part_offsets(chains[0], SETTINGS)
    assert offsets == [0.0, -12.0]
    assert region_columns(chains[0], SETTINGS, offsets) == region_columns([first], SETTINGS)
    # A table of another width at the same offset is not its continuation.
    narrow = _part(2, -12.0, [80, 110, 140])
    narrow.rules = [Rule(r.y, [(73, 470)]) for r in narrow.rules]
    assert [len(c) for c in table_chains([[first], [narrow]], lambda region, below: True, SETTINGS)] == [1, 1]


def test_a_text_layers_parts_a_point_or_two_apart_are_not_moved() -> None:
    first, second = _part(1, 0.0, [600, 630, 660]), _part(2, 1.5, [80, 110, 140])
    assert part_offsets([first, second], SETTINGS) == [0.0, 0.0]


def test_a_photographed_parts_lowest_rule_reaching_past_the_others_is_neither_a_side_nor_a_column() -> None:
    # A phone photo is a trapezoid: the lowest rule of page 1's part, its worn stretch bridged,
    # ends 12pt left of the others. The part still continues on page 2 (the ends most rules
    # share are compared), and the sliver between the two left ends is no column: with it,
    # table 4's numbers, placed by position, each moved one column.
    first, second = _part(1, 0.0, [600, 630, 660, 690]), _part(2, 0.0, [80, 110, 140])
    reference = region_columns([first, second], SETTINGS, [0.0, 0.0])
    first.rules[-1] = Rule(first.rules[-1].y, [(73.0, 512.0)])
    chains = table_chains([[first], [second]], lambda region, below: True, SETTINGS)
    assert [len(c) for c in chains] == [2]
    offsets = part_offsets(chains[0], SETTINGS)
    assert offsets == [0.0, 0.0]
    cols = region_columns(chains[0], SETTINGS, offsets)
    assert cols is not None and reference is not None and cols[0] == 85.0 and cols[1:] == reference[1:]
    # A side column holding text is kept, however narrow.
    first.chars.append(_char("注", 74.0, 690))
    assert region_columns(chains[0], SETTINGS, offsets)[:2] == [73.0, 85.0]


def test_a_heading_ocr_read_as_two_boxes_between_two_tables_ends_the_first() -> None:
    """Issue 24 (development scan v127): the heading between tables 3 and 4, read by OCR as two
    boxes with a gap ("四、政府信息公开行政复议、", "行政诉讼情况"), was taken for a row, and table 4
    took table 3's columns. A numbered line of two runs without numbers, read by OCR, is a
    heading; the same band in a text layer, and a numbered row with numbers, stay rows."""
    rules = [Rule(y, [(85, 512)]) for y in (100, 130, 160, 200, 230, 260)]

    def band(heading: str, ocr: bool, gap: float) -> list[Obj]:
        head, tail = heading.split("|")
        chars = [c for k, y in enumerate((105, 135, 205, 235)) for c in _row("行政许可", [k, 2 * k], y)]
        chars += [_char(ch, 92 + 10 * i, 172) for i, ch in enumerate(head)]
        chars += [_char(ch, 92 + 10 * len(head) + gap + 10 * i, 172) for i, ch in enumerate(tail)]
        return [{**c, "ocr_confidence": 0.99} if ocr else c for c in chars]

    def runs(heading: str, ocr: bool = True, gap: float = 9.0) -> list[int]:
        return [len(g) for g in stacked_rules(rules, band(heading, ocr, gap), [], SETTINGS)]

    assert runs("四、政府信息公开行政复议、|行政诉讼情况") == [3, 3]
    assert runs("四、政府信息公开行政复议、|行政诉讼情况", ocr=False) == [6]
    # A row's numbers, or two label cells further apart than an em (a row whose values OCR
    # could not read), are a row.
    assert runs("四、结转下年度继续办理|26") == [6]
    assert runs("三、本年度办理结果|（一）予以公开", gap=14.0) == [6]


def test_a_worn_rule_ending_inside_the_labels_is_no_column_border() -> None:
    # Issue 24 (development scan v139_d1079, a photographed table 3 on three pages): a rule
    # whose first 26pt were worn away ended inside the label column, 1.7pt short of the gap
    # between labels and numbers. Taken as the border there, it cut the labels' last
    # characters into the first number column, and that column's numbers into the labels.
    part = _part(1, 0.0, [600, 630, 660, 690])
    reference = region_columns([part], SETTINGS)
    label_end = max(c["x1"] for c in part.chars if not c["text"].isdigit())
    part.rules[2] = Rule(part.rules[2].y, [(label_end - 1.5, 512.0)])
    cols = region_columns([part], SETTINGS)
    assert cols == reference and label_end - 1.5 not in cols
    # A rule ending where no row's text runs is a border, as drawn.
    part.rules[2] = Rule(part.rules[2].y, [(label_end + 0.5, 512.0)])
    assert label_end + 0.5 in region_columns([part], SETTINGS)
