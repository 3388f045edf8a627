"""Commands that read no report import no reader, model or numeric library (issue 15: a
command a person runs dozens of times a day pays only for what it uses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "murmurhash", "pdfplumber", "pdfminer", "pypdfium2", "docx", "lxml", "extractor.pipeline", "extractor.readers",
         "extractor.classify", "extractor.mapping")
_PROBE = """
import sys
from extractor.cli import main
sys.argv = ["govreport", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({m for m in sys.modules for h in HEAVY if m == h or m.startswith(h + ".")})
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
"""


def _heavy_modules(*args: str) -> list[str]:
    code = f"HEAVY = {HEAVY!r}\n{_PROBE}"
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


@pytest.mark.parametrize("args", [("--help",), ("schema",), ("extract", "--help")])
def test_light_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    assert _heavy_modules(*args) == []


def test_check_imports_nothing_heavy(tmp_path: Path) -> None:
    doc = tmp_path / "doc.json"
    subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(ROOT / "samples" / "000_zibo_guofang_2024.txt"),
                    "-o", str(doc)], cwd=ROOT, check=True, timeout=120)
    assert json.loads(doc.read_text(encoding="utf-8"))["checks"]
    assert _heavy_modules("check", str(doc)) == []


def test_the_probe_sees_an_extraction() -> None:
    # The same probe on a command that reads a report finds the pipeline: it can fail.
    heavy = _heavy_modules("extract", str(ROOT / "samples" / "000_zibo_guofang_2024.txt"), "-o", "/dev/null")
    assert "extractor.pipeline" in heavy and "extractor.classify.bow" in heavy
