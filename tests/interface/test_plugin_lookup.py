"""The command line's stand-in for pydantic's plugin loader (extractor/plugin_lookup.py): with
plugins off a command never imports importlib.metadata and writes the same JSON; with plugins on
pydantic's own loader runs; whatever else pydantic asks of the loader comes from the real one.
Each case runs the console entry point in a fresh interpreter: the stand-in lives in sys.modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from extractor.pipeline import extract, to_json
from tests.helpers import ROOT

SAMPLE = ROOT / "samples" / "000_zibo_guofang_2024.txt"


def _run(code: str, **env: str | None) -> str:
    environ = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


_EXTRACT = """
import sys
from extractor.startup import main
sys.argv = ["govreport", "extract", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
loader = sys.modules["pydantic.plugin._loader"]
print("importlib.metadata" in sys.modules, getattr(loader, "__file__", None) is not None)
"""


def _extract_in_a_process(out: Path, **env: str | None) -> tuple[str, str]:
    code = _EXTRACT.replace("sys.argv[1]", repr(str(SAMPLE))).replace("sys.argv[2]", repr(str(out)))
    metadata, real_loader = _run(code, **env).split()
    return metadata, real_loader


def test_a_command_with_plugins_off_never_imports_importlib_metadata(tmp_path: Path) -> None:
    out = tmp_path / "doc.json"
    assert _extract_in_a_process(out, PYDANTIC_DISABLE_PLUGINS=None) == ("False", "False")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(to_json(extract(SAMPLE)))


def test_a_user_who_turns_plugins_on_gets_pydantics_loader(tmp_path: Path) -> None:
    # An empty value (plugins on) is the user's and wins over the command line's default.
    assert _extract_in_a_process(tmp_path / "doc.json", PYDANTIC_DISABLE_PLUGINS="") == ("True", "True")


def test_the_stand_in_answers_from_the_real_loader_for_anything_else() -> None:
    code = """
import os
from extractor import plugin_lookup
assert plugin_lookup.skip_discovery()
assert not plugin_lookup.skip_discovery()  # once: the name is taken
import sys
from pydantic.plugin._loader import get_plugins
assert list(get_plugins()) == []
assert "importlib.metadata" not in sys.modules
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP  # not in the stand-in: the real one's
os.environ["PYDANTIC_DISABLE_PLUGINS"] = ""  # plugins back on: the real lookup runs
print(PYDANTIC_ENTRY_POINT_GROUP, type(get_plugins()).__name__, "importlib.metadata" in sys.modules)
"""
    assert _run(code, PYDANTIC_DISABLE_PLUGINS="__all__") == "pydantic dict_values True"
