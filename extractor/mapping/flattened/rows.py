"""The template's rows found by their labels in loose text cut into segments.

The row definitions come in as data (``template.APPLICATION_RULES``, ``PROACTIVE_RULES``, the
contract's column lists): a segment's label is the row whose keyword occurs last in it, since a
flattened label carries whatever came before it since the previous run (a heading, a header's
column names, the group label "（三）不予公开"). A table is taken only as a run of rows one
after another in the text, opened where its header words stand, so a sentence of prose with a
number ("全年办理行政许可3件") never becomes a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.contract import APPLICANT_COLUMNS, PROACTIVE_BY_TEMPLATE, REVIEW_BLOCKS, REVIEW_COLUMNS
from extractor.mapping import template
from extractor.mapping.flattened.segments import PLACEHOLDERS, Segment
from extractor.outline import strip_numbering
from extractor.text import squash

# A row's label goes on at most this many characters after its keyword ("逾期不补正" +
# "、行政机关不再处理其政府信息公开申请" is 18), and never across a sentence's punctuation:
# a keyword further back, or before a comma, is prose that names the row.
_KEYWORD_TAIL = 24
_PROSE_MARKS = re.compile(r"[,，。;；:：!！?？]")
# A table 3 found in loose text has at least this many rows in sequence; fewer are a
# sentence or two that happen to name rows.
MIN_APPLICATION_ROWS = 3
# Table 2's column-header words or its group lines: where a flattened table 2 opens.
_PROACTIVE_OPENERS = ("信息内容", "第二十条")
# Below this many of table 3's column names found in its header, the header is not
# recognised and the template's seven columns are assumed.
_MIN_HEADER_NAMES = 4
_GROUPS = ("申请人情况", "法人或者其他组织", "法人或其他组织", "法人和其他组织")


@dataclass(frozen=True)
class FoundRow:
    """A template row found in loose text: its key, label and run as printed, its columns."""

    key: str
    label: str
    run: str
    tokens: str  # the run as tokens (``segments``)
    columns: tuple[str, ...]


@dataclass(frozen=True)
class FoundReview:
    """Table 4 in loose text: its blocks and the run that holds them (all three in one run,
    or one run each)."""

    runs: tuple[tuple[tuple[str, ...], str, str], ...]  # (blocks, run as printed, tokens)
    columns: tuple[str, ...] = REVIEW_COLUMNS


def _cell_marks(tokens: str) -> int:
    """How many characters of a run can stand for a cell of their own (digits, placeholders)."""
    return sum(ch.isdigit() or ch in PLACEHOLDERS for ch in tokens)


def fold_stray_marks(segs: Sequence[Segment]) -> list[Segment]:
    """A run without a digit ("——", "/") after a label that names no row is part of the text
    ("（三）不予公开——1.属于国家秘密…"): it goes back into the next label."""
    out: list[Segment] = []
    carry = ""
    for i, seg in enumerate(segs):
        label = carry + seg.label
        carry = ""
        if seg.has_cells and not seg.has_digits and i < len(segs) - 1 and not _names_a_row(label):
            carry = label + seg.run
            continue
        out.append(Segment(label, seg.run) if label != seg.label else seg)
    return out


def _names_a_row(label: str) -> bool:
    return (application_key(label, True) is not None or proactive_key(label) is not None
            or _is_review_header(Segment(label, "")))


def _tail(label: str) -> str:
    return squash(label)


def _latest_rule(text: str, rules: Sequence[template.RowRule]) -> tuple[str, int] | None:
    """The rule whose keyword ends last in ``text``, with how far before the end it ends."""
    best: tuple[str, int] | None = None
    best_end = -1
    for rule in rules:
        for keyword in rule.keywords:
            at = text.rfind(keyword)
            if at >= 0 and at + len(keyword) > best_end:
                best_end = at + len(keyword)
                best = (rule.key, len(text) - best_end)
    return best


def application_key(label: str, in_other_group: bool) -> str | None:
    text = _tail(label)
    if strip_numbering(_after_last_group(text)) in ("其他", "其它"):
        return "other_other" if in_other_group else None
    if "行政复议" in text or "行政诉讼" in text:
        return None
    found = _latest_rule(text, template.APPLICATION_RULES)
    return found[0] if found is not None and _label_tail_fits(text, found[1]) else None


def _after_last_group(text: str) -> str:
    """The label after its group words (（六）其他处理3.其他 → 3.其他)."""
    for word in template.OTHER_GROUP_WORDS:
        at = text.rfind(word)
        if at >= 0:
            text = text[at + len(word) :]
    return text


_BRACKET_TAIL = re.compile(r"\([^()]*\)$")


def _label_tail_fits(text: str, tail: int) -> bool:
    """The text after a row's keyword is the rest of its label: short, no sentence marks (a
    closing note in brackets, "（二）部分公开（区分处理的，只计这一情形…）", not counted)."""
    rest = _BRACKET_TAIL.sub("", text[len(text) - tail :]) if tail else ""
    return len(rest) <= _KEYWORD_TAIL and not _PROSE_MARKS.search(rest)


def proactive_key(label: str) -> str | None:
    text = _tail(label)
    found = _latest_rule(text, template.PROACTIVE_RULES)
    return found[0] if found is not None and _label_tail_fits(text, found[1]) else None


def find_proactive(segs: Sequence[Segment], version: str) -> list[FoundRow]:
    """Table 2's rows: from the first label with its header words on, while labels name rows."""
    spec = PROACTIVE_BY_TEMPLATE[version]
    rows: list[FoundRow] = []
    for seg in segs:
        text = _tail(seg.label)
        key = proactive_key(seg.label) if seg.has_cells else None
        if not rows:
            if key is not None and any(w in text for w in _PROACTIVE_OPENERS):
                rows.append(FoundRow(key, seg.label, seg.run, seg.tokens, spec[key]))
            continue
        if key is None or key not in spec or any(r.key == key for r in rows):
            break
        rows.append(FoundRow(key, seg.label, seg.run, seg.tokens, spec[key]))
    return rows if any(k in spec for k in (r.key for r in rows)) else []


def applicant_columns(header: str) -> tuple[str, ...]:
    """Table 3's columns named in its (flattened) header, or the template's seven."""
    bare = squash(header)
    for group in _GROUPS:
        bare = bare.replace(group, "|")
    found = [key for key, names in template.APPLICANT_HEADERS if any(n in bare for n in names)]
    if any(n in bare for n in template.APPLICANT_OTHER_HEADERS):
        found.append("other_org")
    if len(found) < _MIN_HEADER_NAMES or "total" not in found:
        return APPLICANT_COLUMNS
    return tuple(c for c in APPLICANT_COLUMNS if c in found)


def find_applications(segs: Sequence[Segment]) -> list[FoundRow]:
    """Table 3's rows: the longest sequence of labels naming rows one after another, opened by a
    row with at least as many digits as there are cells (at least ``MIN_APPLICATION_ROWS``)."""
    best: list[FoundRow] = []
    i = 0
    while i < len(segs):
        rows = _applications_from(segs, i)
        if len(rows) > len(best):
            best = rows
        i += max(1, len(rows))
    return best if len(best) >= MIN_APPLICATION_ROWS else []


def _applications_from(segs: Sequence[Segment], start: int) -> list[FoundRow]:
    first = segs[start]
    key = application_key(first.label, False)
    if key is None or not first.has_digits:
        return []
    columns = applicant_columns(first.label)
    if _cell_marks(first.tokens) < len(columns):
        return []
    rows: list[FoundRow] = []
    in_other = False
    for seg in segs[start:]:
        key = application_key(seg.label, in_other)
        if key is None or not seg.has_cells or any(r.key == key for r in rows):
            break
        in_other = key in template.OTHER_GROUP_ROWS or template.opens_other_group(seg.label)
        rows.append(FoundRow(key, seg.label, seg.run, seg.tokens, columns))
    return rows


def find_review(segs: Sequence[Segment]) -> FoundReview | None:
    """Table 4: a label with its column names and the run after it; three such in a row are
    the three blocks printed as tables of their own."""
    for i, seg in enumerate(segs):
        if not _is_review_header(seg) or not seg.has_digits:
            continue
        parts = [seg]
        for nxt in segs[i + 1 : i + len(REVIEW_BLOCKS)]:
            if not (_is_review_header(nxt) and nxt.has_cells):
                break
            parts.append(nxt)
        if len(parts) == len(REVIEW_BLOCKS):
            return FoundReview(tuple(((b,), p.run, p.tokens) for b, p in zip(REVIEW_BLOCKS, parts, strict=True)))
        return FoundReview(((REVIEW_BLOCKS, seg.run, seg.tokens),))
    return None


def _is_review_header(seg: Segment) -> bool:
    text = squash(seg.label)
    return all(m in text for m in template.REVIEW_COLUMN_MARKERS)
