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
from collections.abc import Callable

# CJK ideographs, CJK punctuation and full-width forms: characters that never need a space.
# Tested by code point, not by a regex class: compiling a class of these ranges costs the re
# module 2-5 ms (it fills a 64k-entry map in Python, per pattern and per use in a pattern), and
# every process paid it several times over at import.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
)
_CJK_SINGLES = frozenset("\u201c\u201d\u2018\u2019\u2014\u2026\u00b7")
# Runs of the whitespace that join_cjk and tidy_paragraph judge by its neighbours.
_BREAKS_RUN = re.compile(r"[ \t\r\n\u00a0\u3000]+")
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
    if len(ch) != 1:
        return False
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES) or ch in _CJK_SINGLES


def has_char_between(text: str, first: str, last: str) -> bool:
    """Some character of ``text`` lies in ``first``…``last`` (a regex class of a CJK range
    costs milliseconds to compile; the first ideograph is usually near the start)."""
    return any(first <= ch <= last for ch in text)


def _is_ascii_word_start(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "(")


def _is_ascii_word_end(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == ")")


Side = Callable[[str], bool]


def _drop_between(text: str, runs: re.Pattern[str], sides: tuple[tuple[Side, Side], ...]) -> str:
    """Delete whitespace whose neighbours qualify, as ``re.sub`` of ``(?<=A)W+(?=B)|…`` would.

    ``sides`` are the (before, after) tests of the alternatives, tried in order; ``runs``
    finds maximal runs of W. Within a run the regex semantics are kept to the letter: a
    deletion starts where the character before qualifies (at the run's start the text's, inside
    it a whitespace character, which an ideographic space can be) and reaches as far as a
    qualifying next character allows, longest first; the scan goes on after it.
    """
    pieces: list[str] = []
    last = 0
    n = len(text)
    for match in runs.finditer(text):
        start, end = match.span()
        p = start
        while p < end:
            q = _longest_drop(text, p, end, n, sides)
            if q > p:
                pieces.append(text[last:p])
                last = p = q
            else:
                p += 1
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _longest_drop(text: str, p: int, end: int, n: int, sides: tuple[tuple[Side, Side], ...]) -> int:
    """The end of the deletion starting at ``p`` (``p`` itself when none starts there)."""
    if p == 0:
        return p
    before = text[p - 1]
    for before_ok, after_ok in sides:
        if not before_ok(before):
            continue
        for q in range(end, p, -1):
            if q < n and after_ok(text[q]):
                return q
    return p


_BETWEEN_CJK: tuple[tuple[Side, Side], ...] = ((is_cjk, is_cjk),)
_CJK_AND_ASCII: tuple[tuple[Side, Side], ...] = ((is_cjk, _is_ascii_word_start), (_is_ascii_word_end, is_cjk))


def join_cjk(text: str) -> str:
    """Remove spaces and line breaks that fall between CJK characters; collapse the rest."""
    text = _drop_between(text, _BREAKS_RUN, _BETWEEN_CJK)
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
    text = _drop_between(text, _SPACES, _CJK_AND_ASCII)
    return text.replace("\n", "")
