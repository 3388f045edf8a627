"""Tables printed without cell separators (issue 30): segments, splits, the identity search, its
bounds, and whole text copies read end to end."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest

from extractor.contract import OUTCOME_ROWS_BEFORE_OTHER
from extractor.mapping.flattened.segments import segments
from extractor.mapping.flattened.solve import Identity, Term, solve
from extractor.mapping.flattened.splits import Budget, SearchCapped, Split, SplitSettings, Splitter
from extractor.pipeline import extract, to_json

OUTCOME_ROWS = [*OUTCOME_ROWS_BEFORE_OTHER, "other_processing"]

def _splitter(steps: int = 100_000) -> Splitter:
    return Splitter(SplitSettings(), Budget(steps))


def test_segments_give_glued_item_numbers_back_to_their_labels() -> None:
    segs = segments("（四）无法提供1.本机关不掌握相关政府信息3100000312.没有现成信息需要另行制作0000000（3）补正后0\n000000")
    assert [(s.label, s.tokens) for s in segs[:3]] == [
        ("（四）无法提供1.本机关不掌握相关政府信息", "310000031"),
        ("2.没有现成信息需要另行制作", "0000000"),
        ("（3）补正后", "0000000"),
    ]


def test_a_decimal_stays_in_its_run_and_full_width_digits_are_read() -> None:
    segs = segments("行政事业性收费96171.6行政许可１２")
    assert [s.tokens for s in segs[:2]] == ["96171.6", "12"]
    assert segs[1].run == "１２"  # as printed


def test_admissible_splits_have_no_leading_zeros_and_decimals_only_in_amounts() -> None:
    splitter = _splitter()
    assert [s.parts for s in splitter.admissible("101", ("issued", "repealed", "in_force"), 10)] == [("1", "0", "1")]
    assert splitter.admissible("0012", ("a", "b"), 10) == []  # "012" and "00" are no cells
    assert splitter.admissible("1.5", ("decisions",), 10) == []
    assert [s.values for s in splitter.admissible("51.5", ("projects", "amount"), 10)] == [(5, 1.5)]
    # A sign only in 本年增/减: "-310" is no 处理决定数量; "-" alone is also a placeholder (blank).
    assert {s.values for s in splitter.admissible("12-310", ("items_last_year", "items_change", "decisions"), 10)} \
        == {(12, -3, 10), (12, -31, 0), (12, None, 310)}


def test_row_total_decides_the_issue_example() -> None:
    splits = _splitter().with_total("801000081", ("a", "b", "c", "d", "e", "f", "total"), 100)
    assert [s.values for s in splits] == [(80, 1, 0, 0, 0, 0, 81)]


def test_the_solver_keeps_only_assignments_satisfying_every_identity() -> None:
    a = [Split(("1",), (1,)), Split(("2",), (2,))]
    b = [Split(("3",), (3,)), Split(("4",), (4,))]
    total = [Split(("5",), (5,))]
    identity = Identity("x", (Term("a", 0), Term("b", 0)), (Term("t", 0),))
    found = solve({"a": a, "b": b, "t": total}, [identity], SplitSettings(), Budget(1000))
    assert found.complete and sorted((s["a"].values, s["b"].values) for s in found.found) == [((1,), (4,)), ((2,), (3,))]
    none = solve({"a": a[:1], "b": b[:1], "t": total}, [identity], SplitSettings(), Budget(1000))
    assert none.found == ()


@pytest.mark.parametrize("run", ["0" * 120, "1" * 120, "9" * 119 + "0", "10" * 60])
def test_worst_case_runs_stay_bounded(run: str) -> None:
    """The longest run allowed, of the digits that admit the most cuts: within the step cap,
    or stopped by it; never long, never unbounded."""
    settings = SplitSettings()
    started = time.monotonic()
    for method in ("admissible", "with_total"):
        splitter = Splitter(settings, Budget(settings.max_steps))
        with contextlib.suppress(SearchCapped):
            getattr(splitter, method)(run, tuple("abcdef") + ("total",), settings.max_candidates)
    assert time.monotonic() - started < 5


def test_the_step_cap_stops_a_search() -> None:
    with pytest.raises(SearchCapped):
        Splitter(SplitSettings(), Budget(50)).admissible("1" * 60, tuple("abcdefg"), 10_000)


def _report(body: str) -> str:
    return ("某市交通运输局\n2024年政府信息公开工作年度报告\n一、总体情况\n本年度，我局认真贯彻落实条例。\n"
            f"{body}\n五、存在的主要问题及改进情况\n一是公开质量有待提高。\n六、其他需要报告的事项\n无。\n")


TABLE2 = ("二、主动公开政府信息情况\n第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1037"
          "第二十条第（五）项信息内容本年处理决定数量行政许可4521第二十条第（六）项信息内容本年处理决定数量行政处罚3行政强制0"
          "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费96171.6")
TABLE3_ROWS = {
    "new_received": ("一、本年新收政府信息公开申请数量", "801000081"),
    "carried_over": ("二、上年结转政府信息公开申请数量", "0000000"),
    "granted": ("三、本年度办理结果（一）予以公开", "220000022"),
    "partially_granted": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0100001"),
    "denied_state_secret": ("（三）不予公开1.属于国家秘密", "0000000"),
    "denied_prohibited_by_law": ("2.其他法律行政法规禁止公开", "0000000"),
    "denied_security_stability": ("3.危及“三安全一稳定”", "0000000"),
    "denied_third_party_rights": ("4.保护第三方合法权益", "0000000"),
    "denied_internal_affairs": ("5.属于三类内部事务信息", "0000000"),
    "denied_process_info": ("6.属于四类过程性信息", "0000000"),
    "denied_law_enforcement_files": ("7.属于行政执法案卷", "0000000"),
    "denied_administrative_query": ("8.属于行政查询事项", "0000000"),
    "unavailable_not_held": ("（四）无法提供1.本机关不掌握相关政府信息", "310000031"),
    "unavailable_needs_creation": ("2.没有现成信息需要另行制作", "0000000"),
    "unavailable_unclear": ("3.补正后申请内容仍不明确", "0000000"),
    "not_processed_complaint": ("（五）不予处理1.信访举报投诉类申请", "0000000"),
    "not_processed_duplicate": ("2.重复申请", "0000000"),
    "not_processed_publication": ("3.要求提供公开出版物", "0000000"),
    "not_processed_excessive": ("4.无正当理由大量反复申请", "0000000"),
    "not_processed_confirmation": ("5.要求行政机关确认或重新出具已获取信息", "0000000"),
    "other_processing": ("（六）其他处理", "270000027"),
    "total_processed": ("（七）总计", "801000081"),
    "carried_forward": ("四、结转下年度继续办理", "0000000"),
}
TABLE3 = ("三、收到和处理政府信息公开申请情况\n申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
          + "".join(label + run for label, run in TABLE3_ROWS.values()))
TABLE4 = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
          "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计110024001510102")


def _extract(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    return json.loads(to_json(extract(path)))


def test_a_flattened_copy_gets_its_tables_back_each_value_said(tmp_path: Path) -> None:
    doc = _extract(tmp_path, _report(f"{TABLE2}\n{TABLE3}\n{TABLE4}"))
    apps = doc["tables"]["applications"]
    assert apps["new_received"] == {"natural_person": 80, "commercial_enterprise": 1, "research_institution": 0,
                                    "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 81}
    assert apps["unavailable_not_held"]["natural_person"] == 31 and apps["total_processed"]["total"] == 81
    assert doc["tables"]["review_litigation"]["litigation_direct"] == \
        {"upheld": 4, "corrected": 0, "other": 0, "pending": 1, "total": 5}
    proactive = doc["tables"]["proactive_disclosure"]
    assert proactive["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert proactive["licensing"] == {"decisions": 4521} and proactive["fees"] == {"amount": 96171.6}
    # 1037: 1|0|37 or 10|3|7 — table 2 has no sums to choose: null, said.
    assert proactive["normative_documents"] == {"issued": None, "repealed": None, "in_force": None}
    codes = {w["where"].get("field"): w for w in doc["warnings"] if w["code"] in ("cells_inferred", "cells_ambiguous")}
    assert codes["applications.new_received.total"]["code"] == "cells_inferred"
    assert codes["applications.new_received.total"]["where"]["rule"] == "applications.row_totals"
    assert codes["proactive_disclosure.normative_documents.issued"]["code"] == "cells_ambiguous"
    assert all(c["status"] != "fail" for c in doc["checks"])
    assert not any(w["code"] == "table_missing" for w in doc["warnings"])


def test_a_row_that_cannot_be_cut_is_null_and_said(tmp_path: Path) -> None:
    """granted lost a digit ("22000002": no cut into seven cells adds up to its total): null with
    cells_ambiguous. The column identities need it, so no other row's cut can be checked either:
    a cut that adds up within its row alone is not trusted (a report's own slip makes another cut
    add up), and every row is null, the reason naming granted."""
    rows = dict(TABLE3_ROWS)
    rows["granted"] = (rows["granted"][0], "22000002")
    body = "".join(label + run for label, run in rows.values())
    doc = _extract(tmp_path, _report(TABLE3.split("一、本年新收")[0] + body))
    apps = doc["tables"]["applications"]
    assert all(v is None for v in apps["granted"].values())
    said = {w["where"]["field"]: w for w in doc["warnings"] if w["code"] == "cells_ambiguous"}
    assert "add up to 总计" in said["applications.granted.total"]["message"]
    assert all(v is None for row in apps.values() for v in row.values())
    assert "cannot be checked without granted" in said["applications.new_received.total"]["message"]


def test_a_table_found_in_its_grid_is_not_looked_for_in_the_text(tmp_path: Path) -> None:
    doc = _extract(tmp_path, _report("三、收到和处理政府信息公开申请情况\n全年本年新收政府信息公开申请数量801000081件。"))
    assert all(v is None for row in doc["tables"]["applications"].values() for v in row.values())
    assert not any(w["code"].startswith("cells_") for w in doc["warnings"])


@pytest.mark.parametrize("digits", ["1" * 40, "10" * 20, "0" * 600])
def test_a_worst_case_table_is_null_and_said_in_bounded_time(tmp_path: Path, digits: str) -> None:
    """Every row of table 3 a long run of the digits that admit the most cuts (or longer than
    any row): the document comes back within seconds, each field null with cells_ambiguous."""
    body = "".join(label + digits for label, _ in TABLE3_ROWS.values())
    started = time.monotonic()
    doc = _extract(tmp_path, _report(TABLE3.split("一、本年新收")[0] + body))
    assert time.monotonic() - started < 10
    apps = doc["tables"]["applications"]
    assert all(v is None for row in apps.values() for v in row.values())
    said = {w["where"]["field"] for w in doc["warnings"] if w["code"] == "cells_ambiguous"}
    assert {f"applications.{r}.{c}" for r in TABLE3_ROWS for c in apps[r]} <= said


def test_an_assignment_search_that_fails_only_at_its_last_row_is_capped() -> None:
    """21 outcome rows of 0 or 2 under a 总计 of 11: every partial assignment fits its bounds and
    none adds up (2^21 of them); the step cap ends the search within seconds, never unbounded."""
    from extractor.contract import APPLICANT_COLUMNS
    from extractor.mapping.flattened.place import _application_identities

    rows = ["new_received", "carried_over", *OUTCOME_ROWS, "total_processed", "carried_forward"]
    candidates = {r: [Split(("x",) * 7, (0,) * 7), Split(("x",) * 7, (2,) * 7)] for r in OUTCOME_ROWS}
    candidates |= {r: [Split(("x",) * 7, (11,) * 7)] for r in ("new_received", "total_processed")}
    candidates |= {r: [Split(("x",) * 7, (0,) * 7)] for r in ("carried_over", "carried_forward")}
    settings = SplitSettings()
    started = time.monotonic()
    with contextlib.suppress(SearchCapped):
        found = solve(candidates, _application_identities(set(rows), APPLICANT_COLUMNS), settings,
                      Budget(settings.max_steps))
        assert found.found == ()
    assert time.monotonic() - started < 5


def test_a_value_cut_from_a_run_keeps_its_digits_as_printed(tmp_path: Path) -> None:
    table4 = TABLE4.replace("110024001510102", "１１００２４００１５１０１\n０２")
    doc = _extract(tmp_path, _report(table4))
    assert doc["tables"]["review_litigation"]["litigation_after_review"]["total"] == 2
    assert doc["provenance"]["review_litigation.litigation_after_review.total"]["raw"] == "２"
    assert doc["provenance"]["review_litigation.review.upheld"]["raw"] == "１"


def test_placeholders_and_glue_become_tokens() -> None:
    segs = segments("规章—0１２行政许可1,234 5无其他1，2")
    assert [s.tokens for s in segs[:3]] == ["—012", "1,234|5无", "1|2"]
    # A comma binds its group of three even with the next cell glued on; a space may group.
    assert segments("许可34,7870—")[0].tokens == "34,7870—"
    assert segments("许可12 3450")[0].tokens == "12_3450"
    # "无" is a word, not a placeholder, away from numbers.
    assert segments("4.无正当理由大量反复申请0")[0].label == "4.无正当理由大量反复申请"


def test_a_placeholder_is_a_cell_and_a_comma_binds() -> None:
    splitter = _splitter()
    three = ("issued", "repealed", "in_force")
    assert [s.values for s in splitter.admissible("—012", three, 10)] == [(None, 0, 12)]
    assert [s.values for s in splitter.admissible("34,7870—", three, 10)] == [(34787, 0, None)]
    assert sorted(s.values for s in splitter.admissible("12_345", ("a", "b"), 10)) == [(1, 2345), (12, 345)]
    assert sorted(s.values for s in splitter.admissible("12_345", ("a",), 10)) == [(12345,)]
    # "——" is one blank or two: the cell count decides.
    assert [s.values for s in splitter.admissible("————", ("a", "b"), 10)] == [(None, None)]
    assert len(splitter.admissible("————", ("a", "b", "c"), 10)) == 3  # —|—|——, —|——|—, ——|—|—
    # In a row total a blank counts nothing.
    assert [s.values for s in splitter.with_total("3—03", ("a", "b", "c", "total"), 10)] == [(3, None, 0, 3)]


def test_table_2_is_not_trusted_where_table_3_shows_vanished_blanks(tmp_path: Path) -> None:
    # Table 3's first row lost a blank (six digits for seven cells): table 2's "000" and "1037"
    # cuts are then withheld, "—"-delimited or not.
    rows = dict(TABLE3_ROWS, carried_over=("二、上年结转政府信息公开申请数量", "000000"))
    table3 = TABLE3.split("一、本年新收")[0] + "".join(label + run for label, run in rows.values())
    doc = _extract(tmp_path, _report(TABLE2 + "\n" + table3 + "\n" + TABLE4))
    assert doc["tables"]["proactive_disclosure"]["regulations"]["issued"] is None
    reasons = [w["message"] for w in doc["warnings"] if w["where"].get("field") == "proactive_disclosure.regulations.issued"]
    assert any("blank cells printed as nothing" in m for m in reasons)


def test_each_block_of_table_4s_one_run_keeps_its_own_digits(tmp_path: Path) -> None:
    doc = _extract(tmp_path, _report(TABLE2 + "\n" + TABLE3 + "\n" + TABLE4))
    raw = {k: v.get("raw") for k, v in doc["provenance"].items() if k.startswith("review_litigation.")}
    # 110024001510102 = 1|1|0|0|2 · 4|0|0|1|5 · 1|0|1|0|2
    assert raw["review_litigation.litigation_direct.upheld"] == "4"
    assert raw["review_litigation.litigation_after_review.total"] == "2"
