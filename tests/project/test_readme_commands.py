"""Every command block the README prints runs as printed, so a documented command cannot break.

Each ```sh block runs as one bash script in a temporary folder that holds the project's
Makefile, scripts and samples (linked) and a `reports/` folder of sample reports, with the
project's virtual environment first on PATH. Lines ending in `&` (servers) run in the
background and are stopped with the block's process group. The one line not run here is
`make test`: it is this test suite.
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


def _blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)


def _command(line: str) -> str:
    return line.split("#", 1)[0].strip()


def test_the_readme_prints_command_blocks() -> None:
    blocks = _blocks()
    assert len(blocks) >= 3
    assert any(_command(line) == "make demo" for line in blocks[0].splitlines())


def _workspace(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md", "extractor", "models", "scripts", "samples", ".venv"):
        os.symlink(ROOT / name, work / name)
    reports = work / "reports"
    reports.mkdir()
    for src in sorted((ROOT / "samples").iterdir()):
        if src.is_file() and src.suffix in (".pdf", ".docx", ".txt", ".doc"):
            if src.suffix == ".doc" and find_soffice() is None:
                continue
            shutil.copy(src, reports / src.name)
    return work


@pytest.mark.parametrize("index", range(len(_blocks())))
def test_each_readme_block_runs_as_printed(tmp_path: Path, index: int) -> None:
    block = _blocks()[index]
    lines = [line for line in block.splitlines() if _command(line) not in SKIPPED_LINES]
    if not any(_command(line) for line in lines):
        pytest.skip("only `make test` in this block")
    if "dask" in block:
        pytest.importorskip("distributed")
    work = _workspace(tmp_path)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = "set -e\n" + "\n".join(lines) + "\n"
    log = tmp_path / "output.log"
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
    text = log.read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, text[-3000:]
    if "govreport batch reports/ -o out/" in block:  # the Bulk conversion block: every report converted
        outputs = list((work / "out").rglob("*.json"))
        assert len(outputs) >= len(list((work / "reports").iterdir())) - 1
    if "govreport export" in block:
        assert (work / "numbers.parquet").stat().st_size > 0
    if "govreport review" in block:
        assert "政府信息公开年报审阅" in (work / "review.html").read_text(encoding="utf-8")
    if "make demo" in block:
        assert (work / "demo-output.json").exists()
