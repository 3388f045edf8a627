"""Warning codes are one closed list: the enum, the docs' table (docs/warnings.md) and the source agree."""

from __future__ import annotations

import re

from extractor.contract import json_schema
from extractor.warning_codes import DESCRIPTIONS, WarningCode
from tests.helpers import ROOT

# How the code base writes a warning: Warning(code=WarningCode.NAME, …), or through a helper
# whose parameter is typed ``code: WarningCode`` and passed on as ``code=code``; any other
# value after ``code=`` (a string literal, an untyped variable) would bypass the closed list.
_CODE_ARGUMENT = re.compile(r"\bcode=(?!WarningCode\.)(\S+)")
_ENUM_USE = re.compile(r"\bWarningCode\.([A-Z_0-9]+)\b")


def _source() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in (ROOT / "extractor").rglob("*.py")}


def test_every_warning_is_written_with_the_enum() -> None:
    stray = [
        (name, m.group(0))
        for name, text in _source().items()
        for m in _CODE_ARGUMENT.finditer(text)
        if not (m.group(1).startswith("code") and "code: WarningCode" in text)
    ]
    assert stray == []


def test_every_listed_code_is_used_somewhere() -> None:
    """A code nobody writes any more is a promise the docs make for nothing."""
    used = {m.group(1) for name, text in _source().items() if name != "extractor/warning_codes.py"
            for m in _ENUM_USE.finditer(text)}
    assert used == {c.name for c in WarningCode}


def test_every_listed_code_is_described_in_the_docs() -> None:
    assert set(DESCRIPTIONS) == set(WarningCode)
    section = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_0-9]+)` \| (.+) \|$", section, flags=re.M))
    assert rows == {c.value: DESCRIPTIONS[c] for c in WarningCode}


def test_the_schema_names_the_codes() -> None:
    schema = json_schema()
    text = str(schema)
    assert all(c.value in text for c in WarningCode)
