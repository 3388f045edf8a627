"""Contact details, publication date, sections and narrative checks on every sample."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor.pipeline import extract, to_json
from tests.helpers import ROOT, SHARED

SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("GOVREPORT_CORPUS", SHARED / "corpus"))

CONTACTS = {
    "000_zibo_guofang_2024": {"address": "淄博市张店区联通路106号", "postcode": "255090", "phone": "0533-2722811",
                              "fax": None, "email": "zbrfzhk@zb.shandong.cn"},
    "001_zibo_zfb_2024": {"address": "淄博市张店区人民西路8号", "postcode": "255000", "phone": "0533-3183622",
                          "fax": None, "email": "zwgkb@zb.shandong.cn"},
    "002_zhoukou_guofang_2024": dict.fromkeys(("address", "postcode", "phone", "fax", "email")),
    "003_zibo_renfang_2020": {"address": "淄博市张店区联通路106号209室", "postcode": "255090", "phone": "0533-2721060",
                              "fax": "0533-2722811", "email": "zbrffxk@zb.shandong.cn"},
    "004_panzhihua_guofang_2023": dict.fromkeys(("address", "postcode", "phone", "fax", "email")),
}
PUBLISHED = {"004_panzhihua_guofang_2023": "2024-01-19"}
# Sections whose heading the seed itself lost (003: the page holding 三's heading; 004: table 4).
LOST_HEADINGS = {"003_zibo_renfang_2020": {"applications"}, "004_panzhihua_guofang_2023": {"review_litigation"}}

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))


def _doc(path: Path) -> dict:
    return json.loads(to_json(extract(path)))


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    return {p.name: _doc(p) for p in SAMPLE_FILES}


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_contact_and_date(path: Path, docs: dict[str, dict]) -> None:
    report = docs[path.name]["report"]
    assert report["contact"] == CONTACTS[path.stem]
    assert report["published_on"] == PUBLISHED.get(path.stem)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_six_sections_found(path: Path, docs: dict[str, dict]) -> None:
    sections = docs[path.name]["sections"]
    assert [s["key"] for s in sections] == [
        "overview", "proactive_disclosure", "applications", "review_litigation", "problems_improvements", "other_matters"
    ]
    missing = {s["key"] for s in sections if s["heading"] is None}
    assert missing == LOST_HEADINGS.get(path.stem, set())
    # Every paragraph carries a label from the contract's list and a confidence.
    for section in sections:
        for paragraph in section["paragraphs"]:
            assert paragraph["label"] and 0 < paragraph["confidence"] <= 1


def test_signature_and_date_are_closing(docs: dict[str, dict]) -> None:
    last = docs["004_panzhihua_guofang_2023.txt"]["sections"][-1]["paragraphs"][-2:]
    assert [p["label"] for p in last] == ["closing", "closing"]


def test_narrative_statement_checked(docs: dict[str, dict]) -> None:
    checks = {c["rule"]: c for c in docs["000_zibo_guofang_2024.txt"]["checks"]}
    assert checks["narrative.new_received.total"]["status"] == "pass"
    assert checks["narrative.new_received.total"]["details"]["stated"] == 22


def test_real_pdf_contact() -> None:
    path = CORPUS / "real" / "hzq2023_working.pdf"
    if not path.exists():
        pytest.skip("real corpus not available")
    report = _doc(path)["report"]
    assert report["contact"] == {"address": "淮安市洪泽区洪泽湖大道90号", "postcode": "223100",
                                 "phone": "0517-87222589", "fax": None, "email": "hzzwgk@126.com"}


@pytest.mark.parametrize(
    ("name", "headings"),
    [
        ("kewei-2024-source.md", {"overview": "一、总体情况", "proactive_disclosure": "一、主动公开政府信息情况",
                                  "applications": "二、收到和处理政府信息公开申请情况",
                                  "review_litigation": "三、政府信息公开行政复议、行政诉讼情况",
                                  "problems_improvements": "（一）主要问题", "other_matters": "五、其他需要报告的事项"}),
        ("shuyang-county-2025-source.txt", {"overview": "一、总体情况", "other_matters": "六、其他需要报告的事项"}),
    ],
)
def test_derived_text_sections(name: str, headings: dict[str, str]) -> None:
    path = CORPUS / "derived-text" / name
    if not path.exists():
        pytest.skip("derived texts not available")
    found = {s["key"]: s["heading"] for s in _doc(path)["sections"]}
    for key, heading in headings.items():
        assert found[key] == heading
    assert all(found.values())
