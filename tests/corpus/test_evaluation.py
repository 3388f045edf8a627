"""End to end: every sample and the real PDF against their hand-checked expected JSON."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.evaluation import evaluate_file
from extractor.readers.office_convert import find_soffice
from tests.helpers import SAMPLES, SHARED

REAL = Path(os.environ.get("GOVREPORT_REAL_CORPUS", SHARED / "corpus" / "real"))

SAMPLE_CASES = sorted(p.name.removesuffix(".json") for p in (SAMPLES / "expected").glob("*.json"))
REAL_CASES = sorted(p.name.removesuffix(".json") for p in (SAMPLES / "expected-real").glob("*.json"))


def _needs_office(name: str) -> None:
    if name.endswith((".doc", ".wps")) and find_soffice() is None:
        pytest.skip("LibreOffice not installed")


def test_every_sample_has_an_expected_file() -> None:
    originals = {
        p.name
        for p in SAMPLES.iterdir()
        if p.suffix in (".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm", ".shtml") and p.name != "README.md"
    }
    assert originals, "samples/ is empty: run scripts/make_samples.py"
    assert originals == set(SAMPLE_CASES)
    assert {Path(name).suffix for name in originals} >= {".pdf", ".docx", ".doc", ".txt", ".html", ".htm", ".shtml"}


@pytest.mark.parametrize("name", SAMPLE_CASES)
def test_sample_is_extracted_exactly(name: str) -> None:
    _needs_office(name)
    result = evaluate_file(SAMPLES / name, SAMPLES / "expected" / f"{name}.json")
    assert result.error is None
    assert result.mismatches == []
    assert result.accuracy == 1.0
    assert result.unexplained_nulls == []  # every null has a warning that names it


@pytest.mark.parametrize("name", REAL_CASES)
def test_real_report_is_extracted_exactly(name: str) -> None:
    original = REAL / name
    if not original.exists():
        pytest.skip(f"real corpus not available at {REAL}")
    result = evaluate_file(original, SAMPLES / "expected-real" / f"{name}.json")
    assert result.mismatches == []
    assert result.unexplained_nulls == []


def test_a_warning_doubting_a_whole_table_flags_its_fields_even_absent_ones() -> None:
    """A wrong or absent field of a table whose template was assumed, or whose columns are in
    doubt, is flagged, not SILENT; the other tables' fields are not covered by it."""
    from extractor.evaluation import compare

    expected = {"report": {}, "tables": {"proactive_disclosure": {"procurement": {"projects": 3}},
                                         "applications": {"granted": {"total": 4}}}}
    actual = {"report": {}, "tables": {"proactive_disclosure": {}, "applications": {"granted": {"total": 5}}},
              "warnings": [], "checks": []}
    assert compare(expected, actual, "x").silent == ["proactive_disclosure.procurement.projects",
                                                     "applications.granted.total"]
    actual["warnings"] = [{"code": "template_assumed", "message": "", "where": {"table": "proactive_disclosure"}}]
    assert compare(expected, actual, "x").silent == ["applications.granted.total"]
    actual["warnings"].append({"code": "columns_doubtful", "message": "", "where": {"table": "applications"}})
    assert compare(expected, actual, "x").silent == []
