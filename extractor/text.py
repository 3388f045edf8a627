"""Chinese text normalization shared by every stage.

Extraction tools put spaces and line breaks inside Chinese words (justified lines, narrow
cells that stack one character per line). Chinese has no spaces between words, so a space
or break between two CJK characters is noise; between two Latin words or numbers it is
meaningful and kept.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# CJK ideographs, CJK punctuation and full-width forms: characters that never need a space.
_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
_CJK_CHAR = f"[{_CJK}]"
_CJK_RE = re.compile(_CJK_CHAR)
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK_CHAR})[ \t\r\n\u00a0\u3000]+(?={_CJK_CHAR})")
_SPACE_CJK_ASCII = re.compile(rf"(?<={_CJK_CHAR})[ \t\u00a0\u3000]+(?=[0-9A-Za-z(])|(?<=[0-9A-Za-z)])[ \t\u00a0\u3000]+(?={_CJK_CHAR})")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# Punctuation that NFKC leaves full width on purpose but that we compare half width.
_PUNCT = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "．": "."})


# A page number as printed in headers and footers ("— 7 —", "-3-", "第 4 页 共 7 页", "4/7",
# "Page 3 of 9"), after NFKC and without whitespace. The PDF reader drops those in a page
# margin; text copies and Word-to-PDF exports keep some between table rows or in the body.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―─_~·•.]*\d{1,4}[-—–－―─_~·•.]*"
    r"|第\d{1,4}页(?:[,，]?共\d{1,4}页)?|共\d{1,4}页[,，]?第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}|page\d{1,4}(?:of\d{1,4})?)$",
    re.I,
)


def is_page_number(text: str) -> bool:
    """``text`` is a printed page number and nothing else."""
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", nfkc(text))))


def nfkc(text: str) -> str:
    """Full-width digits, letters and spaces to their ASCII forms."""
    # ASCII is its own NFKC form: most cells (numbers) skip the normaliser.
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# Cached: called for every character of every PDF line, from a few thousand distinct ones.
@functools.lru_cache(maxsize=8192)
def is_cjk(ch: str) -> bool:
    return _CJK_RE.fullmatch(ch) is not None


def join_cjk(text: str) -> str:
    """Remove spaces and line breaks that fall between CJK characters; collapse the rest."""
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = text.replace("\r", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_cell(text: str) -> str:
    """A table cell's text as one line: breaks inside CJK removed, other breaks to spaces."""
    words = text.split()
    if len(words) <= 1:
        # One word (most cells: a number, a label): no inner space to judge, only the outer.
        return words[0] if words else ""
    return _SPACES.sub(" ", join_cjk(text).replace("\n", " ")).strip()


# Cached: every label is compared with the template many times over.
@functools.lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """A comparison key for labels: NFKC, no whitespace at all, half-width punctuation."""
    text = nfkc(text).translate(_PUNCT)
    return re.sub(r"\s+", "", text)


def tidy_paragraph(text: str) -> str:
    """Paragraph text for output: CJK-internal spaces removed, mixed spacing collapsed."""
    text = join_cjk(text.replace("\u3000", " "))
    text = _SPACE_CJK_ASCII.sub("", text)
    return text.replace("\n", "")
