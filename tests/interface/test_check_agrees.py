"""`govreport check OUT.json` reruns every rule `extract` ran, narrative ones included, and agrees
with the document's own `checks` rule for rule, on every sample and real text."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES, SHARED

runner = CliRunner()
CORPUS = Path(os.environ.get("GOVREPORT_CORPUS", SHARED / "corpus"))
SEEDS = Path(os.environ.get("GOVREPORT_SEEDS", SHARED / "seeds"))
_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".htm", ".html", ".shtml"}


def _inputs() -> list[Path]:
    samples = [p for p in sorted(SAMPLES.iterdir())
               if p.suffix in _SUFFIXES and not p.name.startswith("005_") and p.name != "README.md"]
    real = [*sorted(SEEDS.glob("*.txt")), *sorted((CORPUS / "derived-text").glob("*")),
            *sorted((CORPUS / "real").glob("*.pdf"))]
    return [*samples, *real]


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: p.name)
def test_check_agrees_with_extract(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text(to_json(extract(path)), encoding="utf-8")
    document = json.loads(out.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["check", str(out)])
    failed = [c for c in document["checks"] if c["status"] == "fail"]
    skipped = sum(1 for c in document["checks"] if c["status"] == "skipped")
    passed = len(document["checks"]) - len(failed) - skipped
    # Rule for rule: the same failures printed in the same order, the same counts.
    assert [line for line in result.stdout.splitlines() if line.startswith("FAIL ")] == [
        f"FAIL {c['rule']}: {c['message']}" for c in failed]
    assert f"{passed} passed, {len(failed)} failed, {skipped} skipped" in result.stderr
    assert result.exit_code == (1 if failed else 0)


def test_check_reruns_a_failed_narrative_rule(tmp_path: Path) -> None:
    """The issue's case: a JSON holding a failed narrative check; check must fail too."""
    document = json.loads(to_json(extract(SAMPLES / "000_zibo_guofang_2024.txt")))
    paragraphs = document["sections"][0]["paragraphs"]
    paragraphs.append({"text": "2024年，共收到政府信息公开申请99件。", "label": "overview.on_request",
                       "confidence": 1.0, "page": None})
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(out)])
    assert result.exit_code == 1
    assert "FAIL narrative.new_received.total" in result.stdout


def test_check_reads_a_schema_1_0_document(tmp_path: Path) -> None:
    """Documents written before 1.1 (no from_page_metadata code) are still checked."""
    document = json.loads(to_json(extract(SAMPLES / "000_zibo_guofang_2024.txt")))
    document["schema_version"] = "1.0"
    out = tmp_path / "old.json"
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
