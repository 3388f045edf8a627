"""The text parts of a replica: title, the seed's narrative paragraphs, headings, gaps, signature.

A replica is a sequence of blocks; each block appends itself to the document, given the seed text
(the narrative blocks copy their paragraphs from it, the others ignore it). The table blocks are in
national_tables.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from docx.document import Document

from scripts.samples.docx_builder import add_body_paragraph, add_heading, add_line, spacer, write_text


class Block(Protocol):
    def render(self, doc: Document, seed: str) -> None: ...


SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEAD_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def strip_markdown(line: str) -> tuple[str, bool]:
    """Seed 003 came through a Markdown converter: '# ' headings and '**…**' lines. Return the plain
    line and whether the whole line was bold (a heading in the original)."""
    line = line.strip().lstrip("#").strip()
    whole_bold = line.startswith("**") and line.endswith("**") and line.count("**") == 2
    if whole_bold:
        line = line[2:-2]
    return line, whole_bold


def seed_lines(seed: str, start: str, stop: str | None, join_after: Sequence[str] = ()) -> list[str]:
    """The non-empty seed lines from the first one starting with `start` up to (not including) the
    next one starting with `stop`. A line ending with one of `join_after` was cut by a page end in
    the PDF original; it is joined with the next line, as it was one paragraph in the original."""
    lines = seed.splitlines()
    begin = next(i for i, line in enumerate(lines) if strip_markdown(line)[0].startswith(start))
    end = len(lines)
    if stop is not None:
        end = next(i for i in range(begin + 1, len(lines)) if strip_markdown(lines[i])[0].startswith(stop))
    out: list[str] = []
    pending = ""
    for line in lines[begin:end]:
        if not line.strip():
            continue
        text = pending + line.strip() if pending else line
        if any(line.rstrip().endswith(j) for j in join_after):
            pending = text.strip()
            continue
        pending = ""
        out.append(text)
    return out


def add_narrative_line(doc: Document, raw: str, *, size: float = 16) -> None:
    """One seed line as one paragraph: section heading, bold sub-heading, or body text whose Markdown
    bold lead-in ("**扩大公开范围。**…") becomes a bold run."""
    text, whole_bold = strip_markdown(raw)
    if SECTION_RE.match(text) and len(text) < 30:
        add_heading(doc, text)
        return
    p = add_body_paragraph(doc, size=size)
    is_subhead = whole_bold or (SUBHEAD_RE.match(text) and len(text) < 40 and not text.endswith("。"))
    if is_subhead:
        p.paragraph_format.keep_with_next = True
        write_text(p, text, size, bold=True)
        return
    pos = 0
    for m in BOLD_RE.finditer(text):
        if m.start() > pos:
            write_text(p, text[pos : m.start()], size)
        write_text(p, m.group(1), size, bold=True)
        pos = m.end()
    if pos < len(text):
        write_text(p, text[pos:], size)


@dataclass(frozen=True)
class Title:
    """Centred bold title lines and a spacer."""

    lines: tuple[str, ...]

    def render(self, doc: Document, seed: str) -> None:
        for line in self.lines:
            add_line(doc, line, 22, align="center", bold=True, space_after=6)
        spacer(doc, 16)


@dataclass(frozen=True)
class SeedText:
    """The seed's paragraphs from the line starting with `start` up to the one starting with `stop`
    (None: to the end); see seed_lines for `join_after`."""

    start: str
    stop: str | None
    join_after: tuple[str, ...] = ()
    size: float = 16

    def render(self, doc: Document, seed: str) -> None:
        for line in seed_lines(seed, self.start, self.stop, self.join_after):
            add_narrative_line(doc, line, size=self.size)


@dataclass(frozen=True)
class Heading:
    """A section heading (一、… 六、) typed in, where the seed's own line is not copied with the text."""

    line: str
    space_before: float = 0

    def render(self, doc: Document, seed: str) -> None:
        add_heading(doc, self.line, space_before=self.space_before)


@dataclass(frozen=True)
class Gap:
    """Where the seed lost a page: nothing is reproduced, only the paragraph that separates tables."""

    def render(self, doc: Document, seed: str) -> None:
        spacer(doc, 16)


@dataclass(frozen=True)
class Closing:
    """Signature and date, right-aligned, as printed at the end of seed 004."""

    lines: tuple[str, ...]

    def render(self, doc: Document, seed: str) -> None:
        spacer(doc, 28)
        for line in self.lines:
            add_line(doc, line, 16, align="right")
