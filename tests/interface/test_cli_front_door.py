"""The command line a new user meets (issue 28): help with choices, extras and an example per
command; a word after `extract -o`; -v and -q; errors that say what to do instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import ExportFormat, app
from tests.helpers import ROOT, SAMPLES, on_a_terminal

runner = CliRunner()
COMMANDS = ("extract", "schema", "check", "batch", "serve", "review", "export")
TXT = SAMPLES / "000_zibo_guofang_2024.txt"


def _help(*args: str) -> str:
    # A wide terminal: no help line is wrapped in the middle of what is asserted.
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_has_an_example_and_no_bool_or_readme(command: str) -> None:
    text = _help(command)
    assert "Example" in text
    assert "<bool>" not in text
    assert "README" not in text


def test_extras_are_named_in_full_in_help() -> None:
    # Rich markup read [ocr] as a tag and printed "pip install 'govreport'".
    assert "pip install 'govreport[ocr]'" in _help("extract")
    assert "'govreport[service]'" in _help("serve")
    assert "'govreport[export]'" in _help("export")
    assert "'govreport'" not in _help("extract").replace("'govreport[", "")


def test_export_format_lists_its_choices() -> None:
    assert "<csv|parquet|jsonl|xlsx>" in _help("export")
    from extractor.batch.export import Format

    assert [f.value for f in ExportFormat] == [f.value for f in Format]


def test_top_level_help_names_exit_codes() -> None:
    text = _help()
    assert "Exit codes: 0 success" in text and "<bool>" not in text


def test_extract_to_a_file_says_what_it_found(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(TXT), "-o", str(out)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"govreport: {out}: 3 of 3 tables, 0 of ") and "checks failed" in lines[0]
    assert lines[0].endswith("warning") or lines[0].endswith("warnings")


def test_quiet_says_nothing_and_verbose_lists_each_warning(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    quiet = runner.invoke(app, ["extract", str(TXT), "-o", str(out), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    sample = SAMPLES / "003_zibo_renfang_2020.txt"  # a report with warnings
    verbose = runner.invoke(app, ["extract", str(sample), "-o", str(out), "--verbose"])
    lines = verbose.stderr.splitlines()
    assert verbose.exit_code == 0 and len(lines) > 1
    warned = int(lines[0].rsplit(", ", 1)[1].split()[0])
    assert len(lines) == 1 + warned and all(line.startswith("  ") for line in lines[1:])
    both = runner.invoke(app, ["extract", str(TXT), "-q", "-v"])
    assert both.exit_code == 2


def test_a_folder_given_to_extract_points_to_batch(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    assert f"govreport batch {tmp_path} -o OUT" in result.stderr


def test_a_url_is_not_mangled_into_a_missing_file() -> None:
    result = runner.invoke(app, ["extract", "https://example.org/a.pdf"])
    assert result.exit_code == 2
    assert result.stderr.startswith("govreport: https://example.org/a.pdf: URLs are not fetched")


def test_an_unsupported_kind_names_the_supported_ones(tmp_path: Path) -> None:
    sheet = tmp_path / "numbers.xlsx"
    sheet.write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(sheet)])
    assert result.exit_code == 3
    assert "unsupported file type .xlsx" in result.stderr and ".pdf .docx" in result.stderr


def test_batch_summary_names_the_failed_files_then_a_count(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "good.txt").write_bytes(TXT.read_bytes())
    for i in range(23):
        (reports / f"empty-{i:02}.pdf").write_bytes(b"")
    run = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(reports), "-o", str(tmp_path / "out"),
                          "-j", "1"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 1
    named = [line for line in run.stderr.splitlines() if line.startswith("  empty-")]
    assert len(named) == 20 and named[0] == "  empty-00.pdf: cannot be read: the file is empty"
    assert "  … and 3 more" in run.stderr
    quiet = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(reports), "-o", str(tmp_path / "q"),
                            "-j", "1", "-q"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert quiet.returncode == 1 and quiet.stderr == ""


def test_serve_options_come_from_the_environment_too() -> None:
    # The host from GOVREPORT_HOST: beyond loopback without a key it is refused (before any
    # server starts), which shows the variable was read.
    env = {k: v for k, v in os.environ.items() if k != "GOVREPORT_API_KEY"}
    run = subprocess.run([sys.executable, "-m", "extractor.cli", "serve"], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={**env, "GOVREPORT_HOST": "0.0.0.0"})
    assert run.returncode == 2 and "--host 0.0.0.0" in run.stderr
    text = _help("serve")
    for option in ("host", "port", "jobs", "data-dir", "api-key", "keep-days", "timeout", "max-pages", "max-file-mb",
                   "max-unzipped-mb", "ocr", "pdf-backend", "memory-mb", "max-upload-mb", "max-queue", "cors-origin"):
        assert f"GOVREPORT_{option.upper().replace('-', '_')}" in text, option


def test_a_pdf_shows_pages_read_on_a_terminal(tmp_path: Path) -> None:
    code, shown = on_a_terminal([sys.executable, "-m", "extractor.cli", "extract",
                                 str(SAMPLES / "000_zibo_guofang_2024.pdf"), "-o", str(tmp_path / "out.json")],
                                cwd=ROOT, timeout=120)
    assert code == 0, shown
    assert "1/7 pages read" in shown and "7/7 pages read" in shown  # the sample has 7 pages
    assert "3 of 3 tables" in shown.rsplit("\x1b[K", 1)[1]


def test_every_command_takes_verbose_and_quiet() -> None:
    for command in COMMANDS:
        help_text = runner.invoke(app, [command, "--help"]).stdout
        assert "--verbose" in help_text and "--quiet" in help_text, command
