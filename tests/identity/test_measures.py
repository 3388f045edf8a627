"""Evaluator measures (issue 27, item 3): timeliness, completeness, consistency, repetition."""

from __future__ import annotations

import json

import pytest

from extractor.measures import (
    REPETITION,
    completeness,
    consistency,
    overlap,
    repetition,
    timeliness,
)
from extractor.pipeline import extract, to_json
from tests.corpus.copied_reports import DEV_SEEDS, draw
from tests.helpers import SAMPLES


@pytest.mark.parametrize(
    ("year", "published", "on_time", "late"),
    [
        (2024, "2025-01-31", True, 0),
        (2024, "2025-01-02", True, 0),
        (2024, "2025-02-01", False, 1),
        (2023, "2024-03-01", False, 30),  # 2024 is a leap year: 29 days of February
        (2024, None, None, None),
        (2024, "2025-13-01", None, None),
    ],
)
def test_timeliness_against_31_january_of_the_next_year(year, published, on_time, late) -> None:
    found = timeliness(year, published)
    assert found.deadline == f"{year + 1}-01-31"
    assert (found.on_time, found.days_late) == (on_time, late)


def test_timeliness_without_a_year_is_unknown() -> None:
    found = timeliness(None, "2025-01-01")
    assert found.deadline is None and found.on_time is None


def _sample(name: str) -> dict:
    return json.loads(to_json(extract(SAMPLES / name)))


def test_every_document_carries_its_measures() -> None:
    doc = _sample("000_zibo_guofang_2024.txt")
    measures = doc["measures"]
    assert measures["completeness"]["sections_present"] == 6 and measures["completeness"]["tables_present"] == 3
    applications = measures["completeness"]["tables"]["applications"]
    assert applications["rows"] == 25 and applications["rows_given"] == 25  # the split 其他处理 form: 3 rows
    assert measures["consistency"]["failed"] == sum(1 for c in doc["checks"] if c["status"] == "fail")
    assert measures["timeliness"]["deadline"] == "2025-01-31"
    assert measures["carry_over"] is None and measures["repetition"] is None  # a batch fills them


def test_completeness_names_what_is_missing() -> None:
    sections = [{"key": "overview", "heading": "一、总体情况"}, {"key": "applications", "heading": None}]
    tables = {"applications": {"new_received": {"total": None}, "other_processing": None}, "review_litigation": {}}
    found = completeness(sections, tables)
    assert found.sections_present == 1 and "applications" in found.sections_missing
    assert found.tables_present == 0 and found.tables["applications"].rows == 1


def test_consistency_counts_failed_checks_by_rule() -> None:
    checks = [{"rule": "a", "status": "fail"}, {"rule": "a", "status": "fail"}, {"rule": "b", "status": "pass"},
              {"rule": "c", "status": "skipped"}]
    found = consistency(checks)
    assert (found.failed, found.passed, found.skipped, found.failed_by_rule) == (2, 1, 1, {"a": 2})


# --- repetition: a seeded generator of "this year's" narratives (tests/corpus/copied_reports.py)


@pytest.mark.parametrize("seed", DEV_SEEDS[:12])
def test_repetition_tracks_the_share_copied(seed: int) -> None:
    """The measured share lies between the copied share less the n-grams broken at sentence
    edges and the copied share plus what unrelated text shares."""
    found = draw(seed)
    assert found.within, found


def test_repetition_is_per_section_and_null_for_too_little_text() -> None:
    current = {"overview": "本年度我局认真贯彻落实政府信息公开条例" * 3, "other_matters": "无"}
    previous = {"overview": "本年度我局认真贯彻落实政府信息公开条例" * 3}
    found = repetition(current, previous, {"file": "a.json", "year": 2023})
    assert found.by_section["overview"] == 1.0 and found.by_section["other_matters"] is None
    assert found.overall == 1.0 and found.method == f"char-{REPETITION.n}gram"
    assert overlap("短", "短") is None
