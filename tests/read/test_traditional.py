"""Copies in traditional characters (issue 30): told apart from simplified ones, converted with
OpenCC before their labels are read, the raw text kept as printed; without OpenCC one warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.layout import Cell, Document, Paragraph, Table
from extractor.mapping.values import Warnings, read_value
from extractor.pipeline import extract, to_json
from extractor.readers import traditional
from extractor.readers.traditional import is_traditional, to_simplified

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "000_zibo_guofang_2024.txt"
opencc = pytest.importorskip("opencc")


def _traditional(text: str) -> str:
    return opencc.OpenCC("s2t").convert(text)


def test_every_sample_text_is_simplified_and_its_conversion_traditional() -> None:
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not is_traditional([text]), path.name
        assert is_traditional([_traditional(text)]), path.name


def test_a_short_line_proves_nothing() -> None:
    assert not is_traditional(["行政復議"])


def test_a_traditional_copy_reads_as_its_simplified_original(tmp_path: Path) -> None:
    copy = tmp_path / "trad.txt"
    copy.write_text(_traditional(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    got = json.loads(to_json(extract(copy)))
    want = json.loads(to_json(extract(SAMPLE)))
    assert got["tables"] == want["tables"] and got["report"] == want["report"]
    assert [w["code"] for w in got["warnings"]] == ["traditional_converted"]


def test_a_converted_cell_keeps_its_printed_text_as_raw() -> None:
    cell = Cell(text="3（其中修訂1件）", row=0, col=1)
    prose = Paragraph(text="本機關認真貫徹落實條例，規範性文件與行政復議的數據統計如下。" * 2)
    document = to_simplified(Document(blocks=[prose, Table(cells=[cell])], format="txt"))
    converted = document.tables[0].cells[0]
    assert converted.text == "3（其中修订1件）" and converted.printed == "3（其中修訂1件）"
    assert read_value(converted, "x.y.z", Warnings()).raw == "3（其中修訂1件）"
    assert document.paragraphs[0].text.startswith("本机关认真贯彻落实条例")


def test_without_opencc_one_warning_and_the_text_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(traditional, "_converter", lambda: None)
    prose = Paragraph(text="本機關認真貫徹落實條例，規範性文件與行政復議的數據統計如下。" * 2)
    document = to_simplified(Document(blocks=[prose], format="txt"))
    assert [w.code for w in document.warnings] == ["traditional_not_converted"]
    assert "pip install" in document.warnings[0].message
    assert document.paragraphs[0].text == prose.text


def test_a_web_page_in_traditional_characters_reads_as_its_original(tmp_path: Path) -> None:
    page = ROOT / "samples" / "000_zibo_guofang_2024.html"
    copy = tmp_path / "trad.html"
    copy.write_text(_traditional(page.read_text(encoding="utf-8")), encoding="utf-8")
    got = json.loads(to_json(extract(copy)))
    want = json.loads(to_json(extract(page)))
    assert got["tables"] == want["tables"] and got["report"]["agency"] == want["report"]["agency"]
    assert "traditional_converted" in {w["code"] for w in got["warnings"]}
