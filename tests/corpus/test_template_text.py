"""A 2019-template report in a text copy is read as 2019 from its own table-2 labels, also
when the copy lost the tabs of table 2's header rows (they are then lines above the table)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES


def _untabbed_headers(sample: Path, out: Path) -> Path:
    """The copy with table 2's header lines spaced instead of tabbed: no longer table lines."""
    lines = sample.read_text(encoding="utf-8").split("\n")
    header = ("信息内容", "第二十条")
    out.write_text("\n".join(ln.replace("\t", "  ").rstrip() if ln.startswith(header) else ln for ln in lines),
                   encoding="utf-8")
    return out


@pytest.mark.parametrize(("name", "template"), [("003_zibo_renfang_2020", "2019"), ("000_zibo_guofang_2024", "2021"),
                                                ("001_zibo_zfb_2024", "2021")])
def test_template_from_header_lines_above_the_table(name: str, template: str, tmp_path: Path) -> None:
    expected = json.loads((SAMPLES / "expected" / f"{name}.txt.json").read_text(encoding="utf-8"))
    path = _untabbed_headers(SAMPLES / f"{name}.txt", tmp_path / f"{name}.txt")
    doc = json.loads(to_json(extract(path)))
    assert doc["report"]["template"] == template == expected["report"]["template"]
    assert "template_assumed" not in {w["code"] for w in doc["warnings"]}
    assert doc["tables"]["proactive_disclosure"] == expected["tables"]["proactive_disclosure"]
