"""Reader for text copies of reports (.txt, .md).

Text copies come in three table layouts, often mixed in one file:

* Word-style: one cell per line, each line starting with a tab; an empty line ends a row;
  a cell's own line break shows as a line without a tab after an empty line.
* Row-per-line: cells separated by tabs (PDF-to-text output).
* Markdown pipe tables.

Column positions in text are approximate (merged cells collapse, empty cells vanish), so
every table from this reader says its column positions are only hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extractor.contract import Warning
from extractor.errors import LimitExceeded
from extractor.layout import Cell, ColumnPositions, Document, Paragraph, Table
from extractor.limits import MAX_TEXT_BYTES, MAX_TEXT_LINES
from extractor.outline import is_short_line, starts_numbered
from extractor.text import tidy_paragraph
from extractor.warning_codes import WarningCode

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SENTENCE_END = tuple("。；！？：:;!?）)」』”")


@dataclass(frozen=True)
class TextSettings:
    """The text reader's heuristics, as ``PdfSettings`` holds the PDF reader's."""

    # A UTF-8 file with a few broken bytes (a bad copy, a cut multi-byte character) is still
    # UTF-8: up to this share of its bytes may be invalid before another encoding is tried,
    utf8_bad_share: float = 0.01
    # and it must hold at least this many valid multi-byte characters per broken byte (GBK
    # read as UTF-8 has the opposite: a few pairs that happen to be valid, most broken).
    utf8_valid_per_bad: int = 10
    # Share of a table region's lines that hold one tab-indented cell each for the region to
    # be a Word copy (one cell per line, rows separated by blank lines); a few stray lines
    # (a note, a wrapped label) must not turn it into tab-separated rows.
    cell_per_line_share: float = 0.8
    # A copy is hard-wrapped (a paragraph broken into fixed-width lines, to be re-joined) when
    # it has at least ``hard_wrap_min_lines`` lines and this share of them are at least
    # ``hard_wrap_line_chars`` characters long and stop mid-sentence. Fewer lines prove nothing;
    # shorter lines are headings and table labels, which end without punctuation anyway.
    hard_wrap_min_lines: int = 6
    hard_wrap_line_chars: int = 20
    hard_wrap_share: float = 0.4


def read_text(path: Path, fmt: str = "txt", settings: TextSettings | None = None) -> Document:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        # Text copies of reports are tens of kilobytes; a huge one would cost gigabytes of
        # Python strings and lists long before the file-size limit.
        raise LimitExceeded(
            f"the text file is {size / 1e6:.1f} MB, over the {MAX_TEXT_BYTES / 1e6:g} MB a text copy may have"
        )
    data = path.read_bytes()
    settings = settings or TextSettings()
    text, warnings = decode_text(data, settings)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_TEXT_LINES:
        raise LimitExceeded(f"{len(lines):,} lines, over the {MAX_TEXT_LINES:,} a text copy may have")
    return Document(blocks=_blocks(lines, settings), format=fmt, pages=None, warnings=warnings)


def decode_text(data: bytes, settings: TextSettings) -> tuple[str, list[Warning]]:
    """Text from bytes: a BOM decides; then UTF-8 (nearly all valid: the bad bytes replaced,
    with a ``decode_replaced`` warning); then GB18030 (GBK, GB2312); then UTF-8 with
    replacement as the last resort."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _lenient(data, "utf-16")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    valid = data.decode("utf-8", errors="ignore")
    bad = len(data) - len(valid.encode("utf-8"))  # the bytes strict UTF-8 cannot place
    multibyte = sum(1 for ch in valid if ord(ch) > 0x7F)
    if bad <= len(data) * settings.utf8_bad_share and multibyte >= settings.utf8_valid_per_bad * bad:
        return _lenient(data, "utf-8")
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        pass
    return _lenient(data, "utf-8")


def _lenient(data: bytes, encoding: str) -> tuple[str, list[Warning]]:
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if replaced <= 0:
        return text, []
    return text, [
        Warning(code=WarningCode.DECODE_REPLACED,
                message=f"{replaced} byte sequences are not valid {encoding}; each shown as U+FFFD")
    ]


# "行政许可 97" or "一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21": a row printed with
# spaces (pdftotext and OCR copies). The label must hold CJK text and be short.
_SPACED_ROW = re.compile(r"^\s*(?P<label>[^\t|]{0,40}[\u4e00-\u9fff）)”][^\t|\d]{0,3}?)\s+(?P<nums>[-+]?\d[\d.,]*(?:\s+[-+]?\d[\d.,]*)*)\s*$")


def _is_spaced_row(line: str) -> bool:
    """A label and numbers; a wrapped prose line that happens to end in a number is not.

    Row labels carry commas only inside their parenthesised notes
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"); prose has them outside.
    """
    match = _SPACED_ROW.match(line)
    if not match:
        return False
    label = re.sub(r"[（(][^）)]*[）)]", "", match.group("label"))
    return not re.search(r"[，,。；;！？]", label)


def _is_table_line(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|") or _is_spaced_row(line)


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    match = _SPACED_ROW.match(line) if _is_spaced_row(line) else None
    if match:
        return [match.group("label").strip(), *match.group("nums").split()]
    return [line]


@dataclass
class _Region:
    kind: str  # "table" or "text"
    lines: list[str] = field(default_factory=list)


def _regions(lines: list[str]) -> list[_Region]:
    """Split the file into runs of table lines and runs of prose lines."""
    regions: list[_Region] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_table_line(line):
            region = _Region("table")
            while i < len(lines):
                cur = lines[i]
                if _is_table_line(cur) or not cur.strip() or _is_continuation(lines, i):
                    region.lines.append(cur)
                else:
                    break
                i += 1
            regions.append(region)
        else:
            if not regions or regions[-1].kind != "text":
                regions.append(_Region("text"))
            regions[-1].lines.append(line)
            i += 1
    return regions


def _is_continuation(lines: list[str], i: int) -> bool:
    """A tab-less line inside a Word-style table: the second line of a cell.

    It follows a cell line (possibly after one empty line) and is followed directly by
    another cell line; a prose paragraph after a table is not.
    """
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if not nxt.startswith("\t"):
        return False
    j = i - 1
    if j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and lines[j].startswith("\t")


def _blocks(lines: list[str], settings: TextSettings) -> list[Paragraph | Table]:
    blocks: list[Paragraph | Table] = []
    for region in _regions(lines):
        if region.kind == "text":
            blocks.extend(_paragraphs(region.lines, settings))
            continue
        tables = _tables(region.lines, settings)
        blocks.extend(tables)
    return blocks


def _tables(lines: list[str], settings: TextSettings) -> list[Table]:
    table_lines = [ln for ln in lines if ln.strip()]
    if any(ln.lstrip().startswith("|") for ln in table_lines):
        return _markdown_tables(lines)
    cell_per_line = sum(1 for ln in table_lines if ln.startswith("\t") and ln.count("\t") == 1)
    if cell_per_line >= settings.cell_per_line_share * len(table_lines):
        rows = _word_rows(lines)
    else:
        rows = [_fields(ln) for ln in lines if ln.strip()]
    return [_table(rows)] if rows else []


def _word_rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] = []
    row_break = False
    for line in lines:
        if line.startswith("\t"):
            if row_break and row:
                rows.append(row)
                row = []
            row_break = False
            row.append(line[1:].replace("\t", " "))
        elif not line.strip():
            row_break = True
        elif row:
            # Continuation of the previous cell (a line break inside the cell).
            row[-1] = f"{row[-1]}\n{line}"
            row_break = False
    if row:
        rows.append(row)
    return rows


def _markdown_tables(lines: list[str]) -> list[Table]:
    tables: list[Table] = []
    rows: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            if rows and not stripped:
                continue
            if rows:
                tables.append(_table(rows))
                rows = []
            if _is_table_line(line):
                rows.append(_fields(line))
            continue
        if _MD_SEPARATOR.match(stripped):
            continue
        cells = stripped.strip("|").split("|")
        rows.append([c.strip() for c in cells])
    if rows:
        tables.append(_table(rows))
    return tables


def _table(rows: list[list[str]]) -> Table:
    cells = [
        Cell(text=text.strip(" \u00a0"), row=r, col=c)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return Table(cells=cells, positions=ColumnPositions.HINTS)


def _paragraphs(lines: list[str], settings: TextSettings) -> list[Paragraph]:
    """One paragraph per line, except where a copy hard-wrapped a paragraph over lines."""
    stripped = [ln.strip() for ln in lines]
    wrapped = _looks_hard_wrapped([ln for ln in stripped if ln], settings)
    out: list[Paragraph] = []
    buf = ""
    for line in stripped:
        if not line:
            if buf:
                out.append(_paragraph(buf))
                buf = ""
            continue
        if buf and wrapped and not buf.endswith(_SENTENCE_END) and not starts_numbered(line) and not _is_heading_line(buf):
            buf += "\n" + line
            continue
        if buf:
            out.append(_paragraph(buf))
        buf = line
    if buf:
        out.append(_paragraph(buf))
    return out


def _is_heading_line(text: str) -> bool:
    """A short numbered line ("一、总体情况") stands alone even in a hard-wrapped copy."""
    return "\n" not in text and is_short_line(text) and starts_numbered(text)


def _looks_hard_wrapped(lines: list[str], settings: TextSettings) -> bool:
    """Many lines of the same length that stop mid-sentence: a copy with fixed line width."""
    if len(lines) < settings.hard_wrap_min_lines:
        return False
    open_ended = sum(1 for ln in lines if len(ln) >= settings.hard_wrap_line_chars and not ln.endswith(_SENTENCE_END))
    return open_ended >= settings.hard_wrap_share * len(lines)


def _paragraph(text: str) -> Paragraph:
    heading = bool(_MD_HEADING.match(text)) or (text.startswith("**") and text.endswith("**"))
    text = _MD_HEADING.sub("", text)
    if heading:
        text = text.strip("*").strip()
    text = text.replace("**", "")
    return Paragraph(text=tidy_paragraph(text), heading=heading)
