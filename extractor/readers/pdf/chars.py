"""Characters: dropping unusable ones and overprinted "fake bold" copies, grouping them
into lines, and the text and extent of a line."""

from __future__ import annotations

import re
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from extractor.contract import Warning
from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.model import Line
from extractor.readers.pdf.settings import PdfSettings
from extractor.text import is_cjk
from extractor.warning_codes import WarningCode

_UNMAPPED = re.compile(r"^\(cid:\d+\)$")


def usable_chars(chars: list[Obj], page: int, warnings: list[Warning], settings: PdfSettings) -> list[Obj]:
    """Printable characters, with overprinted "fake bold" copies removed.

    Each keeps only what the steps after the page scan read (text, box, size; equal strings
    and floats shared): a document's characters are all kept until its end, since tables and
    furniture are decided over all pages, and a 200-page report has some 100,000 of them."""
    kept = [c for c in chars if c["text"].strip() and not _UNMAPPED.match(c["text"])]
    unmapped = sum(1 for c in chars if _UNMAPPED.match(c["text"]))
    if unmapped:
        warnings.append(
            Warning(code=WarningCode.PDF_UNMAPPED_GLYPHS, message=f"page {page}: {unmapped} characters without a text mapping")
        )
    # The characters of a line share their top, bottom and size: one float object each.
    shared: dict[float, float] = {}
    return [
        {"text": sys.intern(c["text"]), "x0": c["x0"], "x1": c["x1"], "top": shared.setdefault(c["top"], c["top"]),
         "bottom": shared.setdefault(c["bottom"], c["bottom"]), "size": shared.setdefault(c["size"], c["size"])}
        for c in dedupe_chars(kept, settings)
    ]


def dedupe_chars(chars: list[Obj], settings: PdfSettings) -> list[Obj]:
    """Drop a character drawn again at (nearly) the same place in the same font.

    Same rule as pdfplumber's ``dedupe_chars`` (same text, font and size, within
    ``dedupe_tolerance``), but pdfplumber restores the original order with ``list.index``,
    quadratic in the number of characters; here the order is kept with positions, so a
    dense page stays cheap.
    """
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, c in enumerate(chars):
        groups[(c["text"], c.get("fontname"), round(c.get("size", 0), 1), c.get("upright"))].append(i)
    tol = settings.dedupe_tolerance
    drop: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        # Kept characters in cells of ``tol`` points: a copy can only sit in the same or a
        # neighbouring cell, so each character is compared with a handful, not with all
        # (a page of 20,000 identical glyphs stays linear).
        cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
        for i in sorted(members, key=lambda i: (chars[i]["doctop"], chars[i]["x0"])):
            top, x0 = chars[i]["doctop"], chars[i]["x0"]
            cy, cx = int(top // tol), int(x0 // tol)
            if _has_copy(cells, cy, cx, top, x0, tol):
                drop.add(i)
            else:
                cells[(cy, cx)].append((top, x0))
    return [c for i, c in enumerate(chars) if i not in drop]


def _has_copy(
    cells: dict[tuple[int, int], list[tuple[float, float]]], cy: int, cx: int, top: float, x0: float, tol: float
) -> bool:
    """A kept character within ``tol`` of (top, x0), looked for in the cell and its eight
    neighbours (most are empty: plain loops, no generator per character)."""
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for k_top, k_x0 in cells.get((cy + dy, cx + dx), ()):
                if abs(top - k_top) <= tol and abs(x0 - k_x0) <= tol:
                    return True
    return False


def group_lines(chars: Iterable[Obj], settings: PdfSettings) -> list[list[Obj]]:
    """Characters clustered into lines: a character joins the line its height overlaps
    (by ``line_overlap`` of the shorter height)."""
    lines: list[list[Obj]] = []
    band: tuple[float, float] | None = None
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        h = c["bottom"] - c["top"]
        if band is not None:
            overlap = min(band[1], c["bottom"]) - max(band[0], c["top"])
            if overlap >= settings.line_overlap * min(h, band[1] - band[0]):
                lines[-1].append(c)
                band = (min(band[0], c["top"]), max(band[1], c["bottom"]))
                continue
        lines.append([c])
        band = (c["top"], c["bottom"])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def line_text(chars: Sequence[Obj], settings: PdfSettings) -> str:
    """Characters of one line left to right, a space where the gap looks like one.

    Between Latin characters a gap of ``word_space`` (a fifth of the font size) is a word
    space. Next to a CJK character, exporters add "autospace" padding (2023 年) and
    justified lines spread characters apart, neither of which is a space, so there only a
    gap of ``cjk_space`` (a whole character) counts.
    """
    parts: list[str] = []
    prev: Obj | None = None
    for c in chars:
        if prev is not None and c["x0"] - prev["x1"] > _space_gap(prev, c, settings):
            parts.append(" ")
        parts.append(c["text"])
        prev = c
    return "".join(parts)


def _space_gap(left: Obj, right: Obj, settings: PdfSettings) -> float:
    size = min(left["size"], right["size"])
    cjk = is_cjk(left["text"][-1:]) or is_cjk(right["text"][:1])
    return (settings.cjk_space if cjk else settings.word_space) * size


def text_runs(chars: Iterable[Obj], size: float, settings: PdfSettings) -> list[tuple[float, float]]:
    """x-intervals of text in one line, split where the gap is wider than ``run_gap``."""
    runs: list[tuple[float, float]] = []
    for c in sorted(chars, key=lambda c: c["x0"]):
        if runs and c["x0"] - runs[-1][1] <= settings.run_gap * size:
            runs[-1] = (runs[-1][0], max(runs[-1][1], c["x1"]))
        else:
            runs.append((c["x0"], c["x1"]))
    return runs


def make_line(page: int, chars: Sequence[Obj], settings: PdfSettings) -> Line:
    return Line(
        page=page,
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        text=line_text(chars, settings),
        size=statistics.median(c["size"] for c in chars),
        lead=_lead_width(chars, settings),
    )


def _lead_width(chars: Sequence[Obj], settings: PdfSettings) -> float:
    # The first piece ends before a CJK character or at a word space.
    first = chars[0]
    if is_cjk(first["text"]):
        return first["x1"] - first["x0"]
    end = first["x1"]
    for prev, c in zip(chars, chars[1:], strict=False):
        if is_cjk(c["text"]) or c["x0"] - prev["x1"] > settings.word_space * c["size"]:
            break
        end = c["x1"]
    return end - first["x0"]
