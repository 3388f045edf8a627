"""The Python API (`from extractor import extract`): the same document as the command line,
the same errors, and an `import extractor` that loads nothing until a name is used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor import NotAReport, ReportDocument, extract, extract_many, to_dict, to_json, to_rows
from extractor.batch.export import long_rows
from tests.helpers import ROOT, SAMPLES

TXT = SAMPLES / "000_zibo_guofang_2024.txt"


def test_import_extractor_loads_nothing_until_a_name_is_used() -> None:
    code = ("import sys, extractor\n"
            "print(sorted(m for m in sys.modules if m.startswith(('extractor.', 'pydantic', 'typer'))))\n"
            "extractor.extract\n"
            "print('extractor.pipeline' in sys.modules or 'extractor.api' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=60).stdout.splitlines()
    assert out == ["[]", "True"]


def test_extract_gives_the_command_lines_document() -> None:
    document = extract(TXT)
    assert isinstance(document, ReportDocument)
    cli = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(TXT)], cwd=ROOT, capture_output=True,
                         check=True, timeout=120).stdout.decode("utf-8")
    assert to_json(document) + "\n" == cli
    assert to_dict(document) == json.loads(cli)


def test_options_are_the_command_lines() -> None:
    with pytest.raises(ValueError):
        extract(TXT, ocr="sometimes")
    assert extract(TXT, ocr="never", pdf_backend="pdfplumber", timeout=None).report.year == 2024


@pytest.mark.parametrize("source", ["https://example.org/report.pdf", "http://example.org/a.pdf"])
def test_a_url_is_refused_not_fetched(source: str) -> None:
    with pytest.raises(ValueError, match="URLs are not fetched"):
        extract(source)


def test_a_folder_points_to_extract_many(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="extract_many"):
        extract(tmp_path)
    with pytest.raises(FileNotFoundError):
        extract(tmp_path / "missing.pdf")


def test_not_a_report_is_the_typed_error(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("关于召开会议的通知\n\n请各单位按时参加。\n", encoding="utf-8")
    with pytest.raises(NotAReport) as caught:
        extract(letter)
    assert caught.value.exit_code == 1
    assert isinstance(caught.value, extractor.GovReportError)


def test_extract_many_goes_on_past_a_failure(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(TXT.read_bytes())
    (tmp_path / "b.txt").write_text("不是年报。\n", encoding="utf-8")
    (tmp_path / "notes.xlsx").write_bytes(b"ignored: not a suffix a batch reads")
    results = list(extract_many(tmp_path))
    assert [(r.path.relative_to(tmp_path).as_posix(), r.ok) for r in results] == [("b.txt", False), ("sub/a.txt", True)]
    assert isinstance(results[0].error, NotAReport)
    assert [r.ok for r in extract_many([TXT])] == [True]


def test_to_rows_are_the_export_long_table(tmp_path: Path) -> None:
    document = extract(TXT)
    (tmp_path / "r.json").write_text(to_json(document), encoding="utf-8")
    assert to_rows(document, source_file="r") == list(long_rows(tmp_path))
    assert to_rows(document)[0]["source_file"] == TXT.name


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError):
        extractor.no_such_name  # noqa: B018
    assert "extract" in dir(extractor)


def test_every_public_name_loads() -> None:
    assert sorted(extractor.__all__) == sorted(extractor._LAZY)
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None
