"""Every command block the README and the docs (docs/**/*.md) print runs as printed, so a
documented command cannot break.

Each ```sh block runs as one bash script in a temporary folder that holds the project's
Makefile, scripts and samples (linked) and a `reports/` folder of sample reports, with the
project's virtual environment first on PATH. Lines ending in `&` (servers) run in the
background and are stopped with the block's process group. The one line not run here is
`make test`: it is this test suite. Each ```python block of docs/python-api.md runs the same
way, as a script. (```text blocks are shown, not run: installs that need the network.)
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.readers.office_convert import find_soffice
from tests.helpers import ROOT

SKIPPED_LINES = {"make test"}  # the suite itself


PAGES = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md"))]
PYTHON_PAGES = ("docs/python-api.md",)


def _blocks(page: str = "README.md", language: str = "sh") -> list[str]:
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


def _all_blocks() -> list[tuple[str, int]]:
    return [(page, i) for page in PAGES for i in range(len(_blocks(page)))]


def _command(line: str) -> str:
    return line.split("#", 1)[0].strip()


def test_the_readme_prints_command_blocks() -> None:
    blocks = _blocks()
    assert len(blocks) >= 3
    # The README opens with the two set-up commands of a fresh machine.
    assert [_command(line) for line in blocks[0].splitlines()] == ["make demo", "make test"]
    assert len(_all_blocks()) > len(blocks)  # the docs' blocks are collected too


def _workspace(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md", "extractor", "models", "scripts", "samples", "docs", ".venv"):
        os.symlink(ROOT / name, work / name)
    reports = work / "reports"
    reports.mkdir()
    for src in sorted((ROOT / "samples").iterdir()):
        if src.is_file() and src.suffix in (".pdf", ".docx", ".txt", ".doc"):
            if src.suffix == ".doc" and find_soffice() is None:
                continue
            shutil.copy(src, reports / src.name)
    return work


def _run(script: str, work: Path, log: Path) -> int:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # Output to a file, not a pipe: background servers keep a pipe open after the block ends.
    with log.open("wb") as fh:
        proc = subprocess.Popen(["bash", "-c", script], cwd=work, env=env, start_new_session=True,
                                stdout=fh, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=600)
        finally:
            # Background servers (dask scheduler, workers) end with the block.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    return proc.returncode


@pytest.mark.parametrize(("page", "index"), _all_blocks(), ids=[f"{p}-{i}" for p, i in _all_blocks()])
def test_each_command_block_runs_as_printed(tmp_path: Path, page: str, index: int) -> None:
    block = _blocks(page)[index]
    lines = [line for line in block.splitlines() if _command(line) not in SKIPPED_LINES]
    if not any(_command(line) for line in lines):
        pytest.skip("only `make test` in this block")
    if "dask" in block:
        pytest.importorskip("distributed")
    work = _workspace(tmp_path)
    log = tmp_path / "output.log"
    code = _run("set -e\n" + "\n".join(lines) + "\n", work, log)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, text[-3000:]
    if "govreport batch reports/ -o out/" in block:  # the Bulk conversion block: every report converted
        outputs = list((work / "out").rglob("*.json"))
        assert len(outputs) >= len(list((work / "reports").iterdir())) - 1
    if "govreport export out/ --format parquet" in block:
        assert (work / "numbers.parquet").stat().st_size > 0
    if "govreport export out/ -o numbers.csv" in block:  # the README's quickstart
        assert (work / "numbers.csv").read_text(encoding="utf-8-sig").startswith("source_file,agency,year")
    if "govreport review" in block:
        assert "政府信息公开年报审阅" in (work / "review.html").read_text(encoding="utf-8")
    if "make demo" in block:
        assert (work / "demo-output.json").exists()


@pytest.mark.parametrize(("page", "index"), [(p, i) for p in PYTHON_PAGES for i in range(len(_blocks(p, "python")))])
def test_each_python_example_runs_as_printed(tmp_path: Path, page: str, index: int) -> None:
    block = _blocks(page, "python")[index]
    if "pandas" in block:
        pytest.importorskip("pandas")
    work = _workspace(tmp_path)
    (work / "example.py").write_text(block, encoding="utf-8")
    log = tmp_path / "output.log"
    code = _run(f"set -e\n{sys.executable} example.py\n", work, log)
    assert code == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]
