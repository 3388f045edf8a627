"""Narrative checks fail only on real contradictions: a labelled set of sentences.

``data/narrative_sentences.jsonl``: sentences from the seeds, the real texts in
``../shared/corpus`` (with their tables as extracted) and sentences written in their style, each
with the table values it needs, the verdict expected of every check it gives, and whether the
sentence agrees with its tables (``consistent``). ``python scripts/evaluate_narrative.py`` prints
the precision (no ``fail`` on a consistent sentence) and what the fails catch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.narrative import narrative_checks
from extractor.text import nfkc

DATA = Path(__file__).parent / "data" / "narrative_sentences.jsonl"


def labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"applications.granted.total": 9}`` → the document's nested ``tables``."""
    tables: dict[str, Any] = {}
    for path, value in flat.items():
        table, row, column = path.split(".")
        tables.setdefault(table, {}).setdefault(row, {})[column] = value
    return tables


def verdicts(item: dict[str, Any]) -> list[list[str]]:
    checks = narrative_checks([item["sentence"]], nested(item["tables"]), item["year"])
    return [[c.rule, c.status] for c in checks]


@pytest.mark.parametrize("item", labelled(), ids=lambda i: i["sentence"][:24])
def test_labelled_sentence(item: dict[str, Any]) -> None:
    assert verdicts(item) == item["expected"]


def test_no_fail_on_a_consistent_sentence() -> None:
    false_alarms = [i["sentence"] for i in labelled() if i["consistent"] and ["fail"] in [[s] for _, s in verdicts(i)]]
    assert false_alarms == []


def test_every_contradiction_is_caught() -> None:
    missed = [i["sentence"] for i in labelled() if not i["consistent"] and all(s != "fail" for _, s in verdicts(i))]
    assert missed == []


def test_each_check_names_its_sentence() -> None:
    for item in labelled():
        for check in narrative_checks([item["sentence"]], nested(item["tables"]), item["year"]):
            assert check.details["sentence"] in nfkc(item["sentence"]).replace(" ", "")
            assert "「" in check.message


def test_set_covers_its_sources() -> None:
    sources = {i["source"].split(":")[0] for i in labelled()}
    assert sources == {"seed", "corpus", "written"}
    assert len(labelled()) >= 50
