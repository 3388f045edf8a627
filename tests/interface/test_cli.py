"""The command line: documents, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.helpers import SAMPLES

runner = CliRunner()

REPORT = """某某县人民政府
2024年政府信息公开工作年度报告
一、总体情况
本年度共收到申请2件。
二、主动公开政府信息情况
\t第二十条第（一）项
\t信息内容
\t本年制发件数
\t本年废止件数
\t现行有效件数

\t规章
\t1
\t0
\t4

三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
（七）总计\t1\t0\t0\t0\t0\t0\t1
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0
四、政府信息公开行政复议、行政诉讼情况
行政复议\t行政诉讼
3\t0\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
问题。
六、其他需要报告的事项
无。
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_extract_writes_the_contract_document(tmp_path: Path) -> None:
    src = _write(tmp_path, "report.txt", REPORT)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema_version"] == "1.3"
    assert doc["report"]["agency"] == "某某县人民政府" and doc["report"]["year"] == 2024
    assert doc["tables"]["proactive_disclosure"]["regulations"] == {"issued": 1, "repealed": 0, "in_force": 4}
    assert [s["key"] for s in doc["sections"]][:2] == ["overview", "proactive_disclosure"]
    statuses = {(c["rule"], c["status"]) for c in doc["checks"]}
    # 2 + 0 ≠ 1 + 0: the report's own error is flagged, the printed numbers kept.
    assert ("applications.balance", "fail") in statuses
    assert doc["tables"]["applications"]["total_processed"]["total"] == 1
    assert ("review_litigation.review", "fail") in statuses
    # Rows the text never printed are null with warnings, never zero.
    assert doc["tables"]["applications"]["granted"]["total"] is None
    assert any(w["code"] == "row_missing" for w in doc["warnings"])
    assert doc["provenance"]["applications.new_received.total"]["raw"] == "2"


def test_check_reruns_the_rules(tmp_path: Path) -> None:
    src = _write(tmp_path, "report.txt", REPORT)
    out = tmp_path / "out.json"
    runner.invoke(app, ["extract", str(src), "-o", str(out)])
    result = runner.invoke(app, ["check", str(out)])
    assert result.exit_code == 1
    assert "FAIL applications.balance" in result.stdout


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "tables" in schema["properties"]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_empty_file_cannot_be_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_write(tmp_path, "empty.pdf", b""))])
    assert result.exit_code == 3
    assert "empty" in result.stderr
    assert "Traceback" not in result.output


def test_corrupt_pdf_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_write(tmp_path, "bad.pdf", b"%PDF-1.4\n garbage"))])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_report(tmp_path: Path) -> None:
    src = _write(tmp_path, "letter.txt", "尊敬的客户：\n您的发票已开具，请查收。\n此致\n")
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 1
    assert "not an annual report" in result.stderr


def test_doc_without_libreoffice_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    import extractor.readers.office_convert as office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    src = tmp_path / "old.doc"
    src.write_bytes((SAMPLES / "001_zibo_zfb_2024.doc").read_bytes())
    result = runner.invoke(app, ["extract", str(src)])
    assert result.exit_code == 3
    assert "LibreOffice" in result.stderr


def test_docx_named_pdf_is_read_by_content(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in REPORT.splitlines():
        if "\t" not in line:
            document.add_paragraph(line)
    path = tmp_path / "report.pdf"
    document.save(str(path))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["source"]["format"] == "docx"
    assert any(w["code"] == "extension_mismatch" for w in doc["warnings"])


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from extractor.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_version() -> None:
    from importlib.metadata import version

    run = _console("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"govreport {version('govreport')} (schema_version 1.3)"


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (["extract"], ["bogus"], ["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--jobs", "0"],
                 ["extract", "x.pdf", "--timeout", "soon"], ["export", str(tmp_path), "-o", "x.csv", "--format", "xls"]):
        run = _console(*args)
        assert run.returncode == 2, (args, run.stderr)
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("govreport: "), (args, run.stderr)
        assert "Traceback" not in run.stderr and "╭" not in run.stderr


@pytest.mark.parametrize("raised", ["KeyboardInterrupt", "EOFError"])
def test_an_interrupt_exits_130_without_a_traceback(raised: str) -> None:
    """Ctrl-C (typer makes it Exit(130)) or end of input at a prompt (typer's Abort) inside
    any command: exit 130, at most one line. An earlier version looked Abort up in the
    wrong module and died with a traceback."""
    script = (
        "import sys\n"
        "from extractor import cli\n"
        "@cli.app.command()\n"
        "def interrupted() -> None:\n"
        f"    raise {raised}\n"
        "sys.argv = ['govreport', 'interrupted']\n"
        "cli.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130
    said = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr and len(said) <= 1, proc.stderr
