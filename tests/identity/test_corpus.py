"""Corpus checks on agency identity (issue 27, items 1-3 in a batch): every sample and real
report has a region, level and name; the 洪泽区 reports of 2023 and 2024 pair; duplicates, gaps,
cross-report measures and the corpus summary."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from extractor.batch.corpus_checks import RULE, read_summary, write_corpus
from extractor.batch.runner import BatchOptions, run_batch
from extractor.identity.aliases import ENV
from tests.helpers import SAMPLES, SHARED
from tests.identity.fixtures import write_report

REAL = Path(os.environ.get("GOVREPORT_REAL_CORPUS", SHARED / "corpus" / "real"))
HONGZE_2023 = REAL / "hzq2023_working.pdf"

# What each report is, by the stem its files share: (normalised name, level, kind, division code).
EXPECTED = {
    "000_zibo_guofang_2024": ("淄博市国防动员办公室", "city", "department", "370300"),
    "001_zibo_zfb_2024": ("淄博市人民政府办公室", "city", "department", "370300"),
    "002_zhoukou_guofang_2024": ("周口市国防动员办公室", "city", "department", "411600"),
    "003_zibo_renfang_2020": ("淄博市人民防空办公室", "city", "department", "370300"),
    "004_panzhihua_guofang_2023": ("攀枝花市国防动员办公室", "city", "department", "510400"),
    "hzq2023_working": ("淮安市洪泽区人民政府", "county", "government", "320813"),
}


def _outputs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_bytes()) for p in sorted(out.glob("*.json"))}


@pytest.fixture(scope="module")
def samples_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    inputs = folder / "in"
    inputs.mkdir()
    for path in SAMPLES.iterdir():
        if path.is_file() and path.name.split("_")[0] in {"000", "001", "002", "003", "004"}:
            shutil.copy(path, inputs / path.name)
    if HONGZE_2023.exists():
        shutil.copy(HONGZE_2023, inputs / HONGZE_2023.name)
    run_batch(BatchOptions(inputs, folder / "out", jobs=2))
    return folder / "out"


def test_every_sample_and_real_report_has_region_level_and_name(samples_batch: Path) -> None:
    docs = _outputs(samples_batch)
    assert len(docs) >= 31
    for name, doc in docs.items():
        stem = name.split(".")[0]
        identity = doc["identity"]
        got = (identity["name"], identity["level"], identity["kind"], identity["division_code"])
        assert got == EXPECTED[stem], name
        assert not [w for w in doc["warnings"] if w["code"].startswith("identity")], name


def test_same_report_in_several_formats_is_one_agency_year_kept_by_rule(samples_batch: Path) -> None:
    summary = read_summary(samples_batch)
    duplicates = {d["agency"]: d for d in summary["duplicates"]}
    zibo = duplicates["淄博市人民政府办公室"]
    assert zibo["year"] == 2024 and len(zibo["dropped"]) == 6  # seven formats of 001
    assert "most table values" in zibo["why"]
    assert summary["agency_years"] == summary["agencies"] == len(EXPECTED) - (not HONGZE_2023.exists())


def _batch(inputs: Path, out: Path) -> tuple[dict[str, dict], dict, list[dict]]:
    run_batch(BatchOptions(inputs, out, jobs=2))
    checks = [json.loads(line) for line in (out / "corpus_checks.jsonl").read_text(encoding="utf-8").splitlines()]
    return _outputs(out), read_summary(out), checks


def test_the_two_hongze_reports_pair(tmp_path: Path) -> None:
    """The real 2023 report (洪泽区人民政府) and a 2024 fixture that prints the agency in full
    (淮安市洪泽区人民政府): one agency, a carry-over pair, the 2024 report measured against 2023."""
    if not HONGZE_2023.exists():
        pytest.skip(f"real corpus not available at {REAL}")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(HONGZE_2023, inputs / "hongze_2023.pdf")
    write_report(inputs, "hongze_2024.txt", "淮安市洪泽区人民政府", 2024, address="淮安市洪泽区东七街8号",
                 published="2025-02-10")
    docs, summary, checks = _batch(inputs, tmp_path / "out")
    assert {d["identity"]["name"] for d in docs.values()} == {"淮安市洪泽区人民政府"}
    assert summary["consecutive_pairs"] == 1 and summary["agencies"] == 1
    pair = {tuple(c["years"]) for c in checks if c["rule"] == RULE and c["agency"] == "淮安市洪泽区人民政府"}
    assert pair == {(2023, 2024)}
    later = docs["hongze_2024.txt.json"]["measures"]
    assert later["carry_over"]["previous_year"] == 2023 and later["repetition"]["previous"]["year"] == 2023
    assert later["timeliness"] == {"deadline": "2025-01-31", "published_on": "2025-02-10", "on_time": False,
                                   "days_late": 10}


def test_fixture_pair_duplicate_and_gap(tmp_path: Path) -> None:
    """Without the real corpus: 洪泽区人民政府 2021 and 2023, 淮安市洪泽区人民政府 2024 (twice).
    One agency; 2022 a gap; 2024 a duplicate; 2023-2024 a pair; repetition for every report
    with an earlier one (the same text: all of it repeats)."""
    inputs = tmp_path / "in"
    write_report(inputs, "a2021.txt", "洪泽区人民政府", 2021, address="洪泽区东七街8号", published="2022-01-20")
    write_report(inputs, "a2023.txt", "洪泽区人民政府", 2023, address="洪泽区东七街8号", published="2024-01-30")
    write_report(inputs, "b2024.txt", "淮安市洪泽区人民政府", 2024, address="淮安市洪泽区东七街8号")
    shutil.copy(inputs / "b2024.txt", inputs / "c2024_copy.txt")
    docs, summary, checks = _batch(inputs, tmp_path / "out")
    assert summary["agencies"] == 1 and summary["agency_years"] == 3 and summary["consecutive_pairs"] == 1
    assert summary["gaps"] == [{"agency": "淮安市洪泽区人民政府", "missing": [2022]}]
    assert summary["duplicates"][0]["kept"] == "b2024.txt.json"
    assert summary["reports_with_previous"] == summary["repetition_measured"] == 3
    assert summary["timeliness_known"] == 1  # a2023 has a date line; the 2024 ones do not
    for name in ("a2023.txt.json", "b2024.txt.json", "c2024_copy.txt.json"):
        repetition = docs[name]["measures"]["repetition"]
        assert repetition["overall"] > 0.95 and repetition["by_section"]["overview"] > 0.95, name
    assert docs["a2023.txt.json"]["measures"]["carry_over"] is None  # 2022 is missing: no carry-over
    assert docs["a2023.txt.json"]["measures"]["timeliness"]["on_time"] is True
    assert docs["a2021.txt.json"]["measures"]["repetition"] is None
    assert {tuple(c["years"]) for c in checks} == {(2023, 2024)}


def test_aliases_join_a_renamed_agency_and_a_rerun_rewrites_nothing(tmp_path: Path, monkeypatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("000_zibo_guofang_2024.txt", "003_zibo_renfang_2020.txt"):
        shutil.copy(SAMPLES / name, inputs / name)
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("人民防空办公室 = 国防动员办公室\n", encoding="utf-8")
    monkeypatch.setenv(ENV, str(aliases))
    docs, summary, _ = _batch(inputs, tmp_path / "out")
    assert summary["agencies"] == 1 and summary["gaps"][0]["missing"] == [2021, 2022, 2023]
    newer = docs["000_zibo_guofang_2024.txt.json"]["measures"]["repetition"]
    assert newer["previous"] == {"file": "003_zibo_renfang_2020.txt.json", "year": 2020}
    assert 0 <= newer["overall"] < 0.5  # rewritten reports of one office four years apart
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").glob("*.txt.json")}
    write_corpus(tmp_path / "out")
    assert {p: p.stat().st_mtime_ns for p in before} == before
