"""Warning codes are one closed list: the enum, the README's table and the source agree."""

from __future__ import annotations

import re
from pathlib import Path

from extractor.contract import json_schema
from extractor.warning_codes import DESCRIPTIONS, WarningCode

ROOT = Path(__file__).resolve().parents[1]
# How the code base writes a warning: Notice("code", …), notices.append(("code", …)), {"code": "code"}.
_USES = re.compile(r'(?:Notice\(\s*|append\(\(\s*|"code":\s*)"([a-z_0-9]+)"')


def test_every_code_used_in_the_source_is_listed() -> None:
    used = {m.group(1) for path in (ROOT / "extractor").rglob("*.py") for m in _USES.finditer(path.read_text())}
    assert used, "the pattern finds no warnings: it no longer matches how the code writes them"
    assert used <= {c.value for c in WarningCode}, used - {c.value for c in WarningCode}


def test_every_listed_code_is_described_in_the_readme() -> None:
    assert set(DESCRIPTIONS) == set(WarningCode)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Warning codes", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z_0-9]+)` \| (.+) \|$", section, flags=re.M))
    assert rows == {c.value: DESCRIPTIONS[c] for c in WarningCode}


def test_the_schema_names_the_codes() -> None:
    schema = json_schema()
    text = str(schema)
    assert all(c.value in text for c in WarningCode)
