"""Evaluator measures (issue 27, item 3): timeliness, completeness, consistency, repetition."""

from __future__ import annotations

import json
import random

import pytest

from extractor.measures import (
    REPETITION,
    completeness,
    consistency,
    narrative,
    overlap,
    repetition,
    timeliness,
)
from extractor.pipeline import extract, to_json
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


# --- repetition: a seeded generator of "this year's" narratives -----------------------------

DEV_SEEDS = range(0, 12)


def _sentences(doc: dict) -> list[str]:
    texts = [p["text"] for s in doc["sections"] for p in s["paragraphs"] if p.get("label") != "preamble"]
    return [s + "。" for t in texts for s in t.split("。") if len(s) >= 12]


@pytest.fixture(scope="module")
def two_reports() -> tuple[list[str], list[str]]:
    return _sentences(_sample("001_zibo_zfb_2024.txt")), _sentences(_sample("002_zhoukou_guofang_2024.txt"))


@pytest.mark.parametrize("seed", DEV_SEEDS)
def test_repetition_tracks_the_share_copied(seed: int, two_reports) -> None:
    """Last year's report is agency A's sentences; this year's copies a random share of them
    (numbers changed, which the measure ignores) and writes the rest anew (agency B's
    sentences). The measured share follows the copied share of characters."""
    last, fresh = two_reports
    rng = random.Random(seed)
    share = rng.uniform(0.0, 1.0)
    copied = [s for s in last if rng.random() < share]
    new = rng.sample(fresh, k=min(len(fresh), max(1, len(last) - len(copied))))
    this = copied + new
    rng.shuffle(this)
    this = [_bump_numbers(s, rng) for s in this]
    section = lambda texts: [{"key": "overview", "paragraphs": [{"text": t} for t in texts]}]  # noqa: E731
    measured = repetition(narrative(section(this)), narrative(section(last)), {}).overall
    plain = lambda texts: narrative(section(texts))["overview"]  # noqa: E731
    grams = len(plain(this)) - REPETITION.n + 1
    true_share = len(plain(copied)) / grams
    # A copied sentence's n-grams that run into a new neighbour are not found: at most n-1 each.
    lowest = (len(plain(copied)) - (REPETITION.n - 1) * len(copied)) / grams
    # Unrelated text shares stock phrases (< 0.1 on the samples): at most a tenth above.
    assert lowest - 1e-9 <= measured <= true_share + 0.1, (seed, share, true_share, measured)


def _bump_numbers(sentence: str, rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in sentence)


def test_repetition_is_per_section_and_null_for_too_little_text() -> None:
    current = {"overview": "本年度我局认真贯彻落实政府信息公开条例" * 3, "other_matters": "无"}
    previous = {"overview": "本年度我局认真贯彻落实政府信息公开条例" * 3}
    found = repetition(current, previous, {"file": "a.json", "year": 2023})
    assert found.by_section["overview"] == 1.0 and found.by_section["other_matters"] is None
    assert found.overall == 1.0 and found.method == f"char-{REPETITION.n}gram"
    assert overlap("短", "短") is None
