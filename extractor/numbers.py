"""Reading one number out of a table cell.

Cells hold more than digits: full-width digits, thousands separators, units (件, 万元),
notes ("22（其中修订16件）"), signs ("+3", "-2"), placeholders for blank ("—", "/").
Blank is never zero: a cell without a number gives ``None``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractor.text import nfkc

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNITS = ("万元", "元", "件", "个", "项", "次", "条", "人", "篇")
# Cell content meaning "nothing printed here" rather than a number.
_BLANK = {"", "-", "—", "——", "/", "\\", "无", "空", "－", "--", "---"}
# A sign glued to digits counts only at the start of the cell.
_LEADING = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(.*)$", re.S)


@dataclass(frozen=True)
class CellNumber:
    value: int | float | None
    raw: str
    # Text after the number that is not a known unit ("（其中修订16件）"): kept for a warning.
    note: str | None = None
    # The cell held a placeholder ("—", "/") rather than nothing.
    placeholder: bool = False
    # Digits beyond MAX_VALUE (or too long to be a float): value None, the cell flagged.
    out_of_range: bool = False


# No count or amount in an annual report comes near this; past it a value is noise (a cell of
# 400 nines) and, as a float, would overflow to Infinity, which strict JSON cannot hold.
MAX_VALUE = 10**12


def _normalize(raw: str) -> str:
    text = nfkc(raw)
    text = text.replace("，", ",").replace("．", ".")
    # Spaces inside a number ("1 362") are extraction noise; spaces around it too.
    return re.sub(r"(?<=\d)\s+(?=\d)", "", text).strip()


# Cached: mapping asks for the number of the same cell texts many times over (row views,
# template matching, each table); a report has a few hundred distinct cell texts.
@functools.lru_cache(maxsize=4096)
def parse_cell(raw: str | None) -> CellNumber | None:
    """The number in a cell, a blank (value None), or ``None`` when the cell is text."""
    raw = raw or ""
    text = _normalize(raw)
    if text in _BLANK:
        return CellNumber(None, raw, placeholder=bool(text))
    match = _LEADING.match(text)
    if not match:
        return None
    digits, rest = match.groups()
    rest = rest.strip()
    for unit in _UNITS:
        if rest.startswith(unit):
            rest = rest[len(unit) :].strip()
            break
    if rest and not re.match(r"^[(（\[【]", rest):
        # "3安全" or "1.属于国家秘密" is a label, not a number with a note.
        return None
    plain = digits.replace(",", "")
    if len(plain.lstrip("+-").split(".")[0]) > len(str(MAX_VALUE)):
        # Checked before converting: int() refuses strings of thousands of digits outright.
        return CellNumber(None, raw, note=rest or None, out_of_range=True)
    value: int | float = float(plain) if "." in plain else int(plain)
    if abs(value) > MAX_VALUE:
        return CellNumber(None, raw, note=rest or None, out_of_range=True)
    return CellNumber(value, raw, note=rest or None)


def is_value_cell(raw: str | None) -> bool:
    """True for a cell that holds a number or is blank: the cells that make up a data row."""
    return parse_cell(raw) is not None


def is_number_stack(raw: str | None) -> bool:
    """Numbers and blanks one after another ("5 - 0"): the values of rows or columns that one
    cell holds where a scan lost the rule between them (a speck read as "-" between two)."""
    parts = (raw or "").split()
    return len(parts) > 1 and all(is_value_cell(p) for p in parts) and any(has_number(p) for p in parts)


def numbers_apart(raw: str | None) -> int:
    """Pieces of the text, apart from each other, that hold digits: a scan's cell of two
    cells' numbers ("26090 19", "0 0) 0 2") has two or more; OCR reads one number's digits
    together (looser than ``is_number_stack``: a misread piece such as "0)" still counts)."""
    return sum(any(ch.isdigit() for ch in piece) for piece in nfkc(raw or "").split())


def has_number(raw: str | None) -> bool:
    parsed = parse_cell(raw)
    return parsed is not None and parsed.value is not None


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(_normalize(text))


class _CellValues:
    """Cell reading for stages that must not know units and placeholders themselves
    (``recover.CellValues``)."""

    def has_number(self, text: str) -> bool:
        return has_number(text)

    def is_value(self, text: str) -> bool:
        return is_value_cell(text)


CELL_VALUES = _CellValues()
