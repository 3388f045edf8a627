"""The page's view of a document: every contract field laid out once, in the template's
shape; failed checks and warnings on their cells; corrections applied to a copy."""

from __future__ import annotations

import copy
import json

import pytest

from extractor.contract import PROACTIVE_BY_TEMPLATE
from extractor.review import render
from extractor.review.corrections import Correction, InvalidReview, parse_value
from tests.helpers import SAMPLES

pytest.importorskip("jinja2", reason="the service extra is not installed")


@pytest.fixture(scope="module")
def document() -> dict:
    from extractor.pipeline import extract, to_json

    return json.loads(to_json(extract(SAMPLES / "000_zibo_guofang_2024.txt")))


def _fields(view: render.ReportView) -> list[str]:
    return [td.field for table in view.tables for row in table.rows for td in row if td.field]


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("single_other", [True, False])
def test_every_field_is_laid_out_once_with_a_printed_label(document: dict, version: str, single_other: bool) -> None:
    doc = copy.deepcopy(document)
    doc["report"]["template"] = version
    doc["tables"]["proactive_disclosure"] = {item: dict.fromkeys(cols, 1) for item, cols in PROACTIVE_BY_TEMPLATE[version].items()}
    apps = doc["tables"]["applications"]
    row = dict.fromkeys(apps["granted"], 0)
    for key in ("other_processing", "other_overdue_correction", "other_overdue_fee", "other_other"):
        apps.pop(key, None)
    if single_other:
        apps["other_processing"] = dict(row)
    else:
        apps.update(other_overdue_correction=dict(row), other_overdue_fee=dict(row), other_other=dict(row))
    view = render.build(doc)
    fields = _fields(view)
    expected = [f"{t}.{r}.{c}" for t, rows in doc["tables"].items() for r, cols in rows.items() for c in cols]
    assert sorted(fields) == sorted(expected) and len(fields) == len(set(fields))
    heads = [td.text for table in view.tables for row in table.rows for td in row if td.head]
    assert ("（六）其他处理" in heads) and (("2.申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请" in heads)
                                          is not single_other)
    assert ("本年制发件数" in heads) is (version == "2021") and ("本年新制作数量" in heads) is (version == "2019")
    # Each table is a full grid once rowspans and colspans are placed as a browser places them.
    for table in view.tables:
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(table.rows):
            c = 0
            for td in row:
                while (r, c) in taken:
                    c += 1
                taken |= {(r + i, c + j) for i in range(td.rowspan) for j in range(td.colspan)}
                c += td.colspan
        width = max(c for _, c in taken) + 1
        assert taken == {(r, c) for r in range(len(table.rows)) for c in range(width)}, table.key


def test_null_is_blank_and_distinct_from_zero(document: dict) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["applications"]["granted"]["total"] = None
    doc["tables"]["applications"]["granted"]["other_org"] = 0
    cells = {td.field: td for table in render.build(doc).tables for row in table.rows for td in row if td.field}
    assert cells["applications.granted.total"].shown == "" and "null" in cells["applications.granted.total"].classes
    assert cells["applications.granted.other_org"].shown == "0" and "null" not in cells["applications.granted.other_org"].classes


def test_a_failed_check_marks_the_cells_it_adds_up(document: dict) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["applications"]["granted"]["natural_person"] += 1
    doc["checks"] = render.recheck(doc, doc["tables"])
    view = render.build(doc)
    failed = {c.rule: c for c in view.failed}
    assert set(failed) >= {"applications.outcomes", "applications.row_totals"}
    assert "applications.granted.natural_person" in failed["applications.outcomes"].fields
    assert "applications.total_processed.natural_person" in failed["applications.outcomes"].fields
    assert failed["applications.row_totals"].fields == [f"applications.granted.{c}" for c in
                                                         ("natural_person", "commercial_enterprise", "research_institution",
                                                          "social_welfare_org", "legal_service_org", "other_org", "total")]
    cells = {td.field: td for table in view.tables for row in table.rows for td in row if td.field}
    assert "fail" in cells["applications.granted.total"].classes
    assert "fail" not in cells["review_litigation.review.total"].classes


def test_corrections_apply_to_a_copy_and_the_checks_run_again(document: dict) -> None:
    before = copy.deepcopy(document)
    total = document["tables"]["applications"]["granted"]["total"]
    fix = Correction("applications.granted.total", total, total + 5, "", "审阅人", 0.0)
    view = render.build(document, [fix])
    assert document == before  # never overwritten
    assert view.rechecked and any(c.rule == "applications.row_totals" for c in view.failed)
    cell = next(td for t in view.tables for r in t.rows for td in r if td.field == "applications.granted.total")
    assert cell.value == total + 5 and cell.extracted == total and "corrected" in cell.classes
    corrected = render.corrected_document(document, [fix], {})
    assert corrected["tables"]["applications"]["granted"]["total"] == total + 5
    assert corrected["review"]["corrections_applied"] is True
    assert document["tables"]["applications"]["granted"]["total"] == total


def test_warnings_link_to_their_cells(document: dict) -> None:
    doc = copy.deepcopy(document)
    doc["warnings"] = [{"code": "blank_value", "message": "x", "where": {"field": "applications.granted.total"}},
                       {"code": "row_missing", "message": "y", "where": {"row": "carried_over"}},
                       {"code": "row_across_pages", "message": "z", "where": {"pages": [4, 5]}}]
    view = render.build(doc)
    assert view.warnings[0].fields == ["applications.granted.total"]
    assert len(view.warnings[1].fields) == 7 and view.warnings[2].fields == []


@pytest.mark.parametrize(("text", "value"), [("12", 12), (" 1,234 ", 1234), ("96171.6", 96171.6), ("", None),
                                             ("3.0", 3), (None, None), ("-2", -2)])
def test_a_reviewer_value_is_a_number_or_blank(text: str | None, value: object) -> None:
    assert parse_value(text) == value and type(parse_value(text)) is type(value)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "1e40", "12件"])
def test_a_reviewer_value_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidReview):
        parse_value(text)
