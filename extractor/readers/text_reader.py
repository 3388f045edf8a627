"""Reader for text copies of reports (.txt, .md).

Text copies come in three table layouts, often mixed in one file:

* Word-style: one cell per line, each line starting with a tab; an empty line ends a row;
  a cell's own line break shows as a line without a tab after an empty line.
* Row-per-line: cells separated by tabs (PDF-to-text output).
* Markdown pipe tables.

Column positions in text are approximate (merged cells collapse, empty cells vanish), so
every table from this reader says its column positions are only hints.

A copy made from a paginated original keeps what each page break left inside a table: the page
footer ("— 4 —", "第 4 页 共 7 页", a bare "4") and, when the table repeats its header rows on
every page, those rows again. Both are dropped (``_mark_page_breaks``, ``_drop_repeated_headers``)
and leave a page-break mark in their place; a Word-style row the break cut in two is joined again
(``_join_cut_rows``).
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
from extractor.page_metadata import is_metadata_line
from extractor.readers.decoding import decode_replacing, nearly_valid
from extractor.text import is_page_number, tidy_paragraph

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SENTENCE_END = tuple("。；！？：:;!?）)」』”")
# Where a page ended inside a table: the form feed pdftotext writes between pages, and the mark
# this reader puts in place of a page footer or a repeated header. Blank to every other rule.
PAGE_BREAK = "\f"
# A cell that is a number ("21", "1,613.88", "　0"): what tells data rows from header rows.
_NUMBER_CELL = re.compile(r"^[-+]?\d[\d,，.]*$")
# A page number is small: no report has a thousand pages, so a lone larger number between two
# rows is not a page footer (it stays what it was, and never becomes a cell of the table).
_MAX_PAGE_NUMBER = 999
# The longest footer form, "第 999 页 共 999 页" with room for spaces and dashes around it;
# a longer line is not looked at (the check runs on every line of the copy).
_MAX_FOOTER_CHARS = 30
_DIGIT = re.compile(r"\d")
# A table's header is a few rows (table 3 of a Word-style copy, one cell per line, has about
# twenty lines); a longer run above the first number is not looked for again, which keeps the
# search for repeated headers linear in the table's lines.
_MAX_HEADER_LINES = 60
# A Word-style cell's text after its first line: a line or two ("出具已获取信息"); more text
# between two tables is prose, and the second table is a table of its own.
_MAX_CELL_TAIL_LINES = 3


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
    with a ``decode_replaced`` warning); then GB18030 (GBK, GB2312), with the same tolerance;
    then UTF-8 with replacement as the last resort."""
    if data.startswith(b"\xef\xbb\xbf"):
        return decode_replacing(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_replacing(data, "utf-16")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    valid = data.decode("utf-8", errors="ignore")
    bad = len(data) - len(valid.encode("utf-8"))  # the bytes strict UTF-8 cannot place
    multibyte = sum(1 for ch in valid if ord(ch) > 0x7F)
    if bad <= len(data) * settings.utf8_bad_share and multibyte >= settings.utf8_valid_per_bad * bad:
        return decode_replacing(data, "utf-8")
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        pass
    if nearly_valid(data, "gb18030", settings.utf8_bad_share, settings.utf8_valid_per_bad):
        return decode_replacing(data, "gb18030")
    return decode_replacing(data, "utf-8")


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
    # A crawler's "浏览次数: 128" is a label and a number, but never a table's row.
    return ("\t" in line or line.lstrip().startswith("|") or _is_spaced_row(line)) and not is_metadata_line(line)


# A blank cell's mark glued to the label before the numbers ("政府集中采购/ 0", "采购无　0"): a
# wrapped or run-together copy lost the space before it. It is that cell, not the label's end;
# kept in the label, the numbers after it moved one column left, silently.
_GLUED_BLANK = re.compile(r"^(?P<label>.*[\u4e00-\u9fff）)”])\s*(?P<mark>——|--|[-—/／\\－无])$")


def _fields(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    match = _SPACED_ROW.match(line) if _is_spaced_row(line) else None
    if match:
        label = match.group("label").strip()
        glued = _GLUED_BLANK.match(label)
        head = [glued.group("label"), glued.group("mark")] if glued else [label]
        return [*head, *match.group("nums").split()]
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
    another cell line; a prose paragraph after a table is not. A page break between them
    (and the empty lines the copy put around it) does not count, but a numbered line across
    a break is a heading (the next section's, above the next table), never a cell's tail.
    """
    after, _, after_break = _nearest_content(lines, i + 1, 1)
    if after >= len(lines) or not lines[after].startswith("\t") or (after > i + 1 and not after_break):
        return False
    before, blanks, before_break = _nearest_content(lines, i - 1, -1)
    if (after_break or before_break) and starts_numbered(lines[i]):
        return False
    return before >= 0 and lines[before].startswith("\t") and (blanks <= 1 or before_break)


def _nearest_content(lines: list[str], i: int, step: int) -> tuple[int, int, bool]:
    """From ``i`` on in the direction ``step``: the first line with text, how many empty lines
    were passed, and whether a page break was among them."""
    blanks = 0
    crossed_break = False
    while 0 <= i < len(lines) and _is_empty(lines[i]):
        if _is_page_break(lines[i]):
            crossed_break = True
        else:
            blanks += 1
        i += step
    return i, blanks, crossed_break


def _is_page_break(line: str) -> bool:
    return PAGE_BREAK in line and not line.strip()


def _is_empty(line: str) -> bool:
    """No text and no cell: "\t" alone is an empty cell of a Word-style row, not an empty line."""
    return not line.strip() and "\t" not in line


def _mark_page_breaks(lines: list[str]) -> list[str]:
    """A page footer between two lines of a table becomes a ``PAGE_BREAK`` mark; elsewhere
    (prose, a footer before or after a table) every line stays as it is."""
    footer = [_is_page_footer(line) for line in lines]
    if not any(footer):
        return lines
    context = _FooterContext.of(lines, footer)
    return [PAGE_BREAK if footer[i] and context.inside_table(i) else line for i, line in enumerate(lines)]


def _is_page_footer(line: str) -> bool:
    """A line that is a page number and nothing else ("— 4 —", "第 4 页 共 7 页", "4").

    Never a line with cells (tabs, pipes): in a table of rows, a lone number on a line of
    its own breaks the row pattern, which is what a footer does."""
    if len(line) > _MAX_FOOTER_CHARS or not _DIGIT.search(line) or "\t" in line or line.lstrip().startswith("|"):
        return False
    if not is_page_number(line):
        return False
    return all(int(n) <= _MAX_PAGE_NUMBER for n in re.findall(r"\d+", line))


@dataclass(frozen=True)
class _FooterContext:
    """For each line, the nearest line above and below with text that is not a footer (-1 or
    ``len(lines)`` when there is none): two passes, so a run of footers costs no more."""

    lines: list[str]
    above: list[int]
    below: list[int]

    @classmethod
    def of(cls, lines: list[str], footer: list[bool]) -> _FooterContext:
        content = [not footer[i] and not _is_empty(line) for i, line in enumerate(lines)]
        above: list[int] = []
        last = -1
        for i in range(len(lines)):
            above.append(last)
            last = i if content[i] else last
        below = [len(lines)] * len(lines)
        nxt = len(lines)
        for i in range(len(lines) - 1, -1, -1):
            below[i] = nxt
            nxt = i if content[i] else nxt
        return cls(lines, above, below)

    def inside_table(self, i: int) -> bool:
        return self._table_above(i) and self._table_below(i)

    def _table_above(self, i: int) -> bool:
        """Above: a table line, or the second line of a Word-style cell (a cell line above it)."""
        j = self.above[i]
        if j < 0:
            return False
        k = self.above[j]
        return _is_table_line(self.lines[j]) or (self._may_end_cell(j) and k >= 0 and self.lines[k].startswith("\t"))

    def _table_below(self, i: int) -> bool:
        """Below: a table line, or the second line of a Word-style cell (a cell line right after it)."""
        j = self.below[i]
        if j >= len(self.lines):
            return False
        return _is_table_line(self.lines[j]) or (
            self._may_end_cell(j) and j + 1 < len(self.lines) and self.lines[j + 1].startswith("\t")
        )

    def _may_end_cell(self, j: int) -> bool:
        """A tab-less line may be a cell's second line; a numbered one ("四、…") is the heading
        between two tables, and a footer next to it is the page's, outside both."""
        return not starts_numbered(self.lines[j])


def _blocks(lines: list[str], settings: TextSettings) -> list[Paragraph | Table]:
    blocks: list[Paragraph | Table] = []
    for region in _regions(_drop_repeated_headers(_mark_page_breaks(lines), settings)):
        if region.kind == "text":
            blocks.extend(_paragraphs(region.lines, settings))
            continue
        tables = _tables(region.lines, settings)
        blocks.extend(tables)
    return blocks


def _drop_repeated_headers(lines: list[str], settings: TextSettings) -> list[str]:
    """Each table's header rows printed again below its header are replaced by a page break
    mark. Done before the final split into regions: a repeated header inside a Word-style
    cell leaves the cell's second line apart from the first, which the mark joins again.

    In a Word-style copy that cell's second line also splits the first regions: the table
    that starts right after it (``_MAX_CELL_TAIL_LINES`` lines of text at most) with the
    previous table's header is that table going on."""
    out: list[str] = []
    header: list[str] | None = None  # of the Word-style table read last
    text_since = 0
    for region in _regions(lines):
        if region.kind == "text":
            out.extend(region.lines)
            text_since += sum(1 for line in region.lines if not _is_empty(line))
            continue
        word_style = not _is_markdown(region.lines) and _is_word_style(region.lines, settings)
        if header and word_style and text_since <= _MAX_CELL_TAIL_LINES and _starts_with(region.lines, header):
            out.extend(_replace_copies(region.lines, header, 0))
        elif not _is_markdown(region.lines):
            found = _find_header(region.lines, word_style)
            out.extend(_replace_copies(region.lines, found.lines, found.end) if found else region.lines)
            header = found.lines if found and word_style else None
        else:
            out.extend(region.lines)
            header = None
        text_since = 0
    return out


def _starts_with(lines: list[str], header: list[str]) -> bool:
    first = next((i for i, line in enumerate(lines) if not _is_empty(line)), len(lines))
    return [_header_key(line) for line in lines[first : first + len(header)]] == header


def _is_markdown(lines: list[str]) -> bool:
    return any(ln.lstrip().startswith("|") for ln in lines if ln.strip())


def _is_word_style(lines: list[str], settings: TextSettings) -> bool:
    """One cell per line: nearly every line with text is a tab and one cell. The second line
    of such a cell (after an empty line, without a tab) is part of the layout, not a stray line."""
    table_lines = [ln for i, ln in enumerate(lines) if ln.strip() and not _is_cell_second_line(lines, i)]
    cell_per_line = sum(1 for ln in table_lines if ln.startswith("\t") and ln.count("\t") == 1)
    return cell_per_line >= settings.cell_per_line_share * len(table_lines)


def _is_cell_second_line(lines: list[str], i: int) -> bool:
    return (
        "\t" not in lines[i]
        and i >= 2
        and _is_empty(lines[i - 1])
        and lines[i - 2].startswith("\t")
        and lines[i - 2].count("\t") == 1
    )


def _tables(lines: list[str], settings: TextSettings) -> list[Table]:
    if _is_markdown(lines):
        return _markdown_tables(lines)
    word_style = _is_word_style(lines, settings)
    rows = _join_cut_rows(*_word_rows(lines)) if word_style else [_fields(ln) for ln in lines if ln.strip()]
    return [_table(rows)] if rows else []


def _holds_number(line: str) -> bool:
    return any(_is_number_cell(cell) for cell in _fields(line))


def _is_number_cell(text: str) -> bool:
    return bool(_NUMBER_CELL.match(text.strip(" \u3000\u00a0")))


@dataclass(frozen=True)
class _Header:
    """A table's header rows: ``lines`` (compared by ``_header_key``) from line ``start`` on."""

    start: int
    lines: list[str]

    @property
    def end(self) -> int:
        return self.start + len(self.lines)


def _find_header(lines: list[str], word_style: bool) -> _Header | None:
    """The header rows: the table's lines above the first row that holds a number, without
    the empty lines and page breaks at either end.

    A page break inside the first data row of a Word-style copy puts the repeated header
    between the row's label and its numbers, so the lines above the first number end with a
    copy of the header: then the header is the part they start and end with."""
    first = next((i for i, line in enumerate(lines) if _holds_number(line)), None)
    if first is None:
        return None
    end = _word_row_start(lines, first) if word_style else first
    while end > 0 and _is_empty(lines[end - 1]):
        end -= 1
    start = next((i for i in range(end) if not _is_empty(lines[i])), end)
    keys = [_header_key(line) for line in lines[start:end]]
    if not keys or len(keys) > _MAX_HEADER_LINES:
        return None
    return _Header(start, keys[: _repeated_head(keys)])


def _repeated_head(keys: list[str]) -> int:
    """The length of the longest run of lines that ``keys`` both starts and ends with, apart
    and with at least one line between the two (all of ``keys`` when there is none)."""
    for size in range((len(keys) - 1) // 2, 0, -1):
        if keys[:size] == keys[-size:]:
            return size
    return len(keys)


def _word_row_start(lines: list[str], i: int) -> int:
    """The first line of the Word-style row that line ``i`` belongs to: rows are separated
    by an empty line before a cell line (an empty line before a tab-less line is inside a
    cell)."""
    while i > 0 and (not _is_empty(lines[i - 1]) or not lines[i].startswith("\t")):
        i -= 1
    return i


def _header_key(line: str) -> str:
    return line.rstrip(" \u3000\u00a0\r")


def _replace_copies(lines: list[str], header: list[str], start: int) -> list[str]:
    """Copies of the header rows from line ``start`` on become one page break mark each."""
    size = len(header)
    out = lines[:start]
    i = start
    while i < len(lines):
        if _header_key(lines[i]) == header[0] and [_header_key(ln) for ln in lines[i : i + size]] == header:
            out.append(PAGE_BREAK)
            i += size
            continue
        out.append(lines[i])
        i += 1
    return out


def _word_rows(lines: list[str]) -> tuple[list[list[str]], dict[int, bool]]:
    """Rows of a Word-style table, and the rows a page break ended, each with whether the
    break was framed evenly (``_evenly_framed_breaks``, used by ``_join_cut_rows``)."""
    rows: list[list[str]] = []
    cut: dict[int, bool] = {}
    even = _evenly_framed_breaks(lines)
    row: list[str] = []
    row_break = False
    for i, line in enumerate(lines):
        if _is_page_break(line):
            if row:
                rows.append(row)
                cut[len(rows) - 1] = even[i]
                row = []
            row_break = False
        elif line.startswith("\t"):
            if row_break and row:
                rows.append(row)
                row = []
            row_break = False
            row.append(line[1:].replace("\t", " "))
        elif not line.strip():
            row_break = True
        elif row or (rows and len(rows) - 1 in cut):
            # Continuation of the previous cell (a line break inside the cell), also when a
            # page break came between the cell and its second line.
            cells = row or rows[-1]
            cells[-1] = f"{cells[-1]}\n{line}"
            row_break = False
    if row:
        rows.append(row)
    return rows, cut


def _evenly_framed_breaks(lines: list[str]) -> dict[int, bool]:
    """For each page break mark: as many empty lines before its run of breaks and empty lines
    as after it. A copy frames a footer evenly (none, or one on each side); an empty line
    more on one side is the table's own row break, so the row ended there."""
    even: dict[int, bool] = {}
    i = 0
    while i < len(lines):
        if not _is_page_break(lines[i]):
            i += 1
            continue
        start = i
        while start > 0 and _is_empty(lines[start - 1]):
            start -= 1
        end = i
        while end < len(lines) and _is_empty(lines[end]):
            end += 1
        marks = [j for j in range(start, end) if _is_page_break(lines[j])]
        framed_evenly = marks[0] - start == end - 1 - marks[-1]
        even.update(dict.fromkeys(marks, framed_evenly))
        i = end
    return even


def _join_cut_rows(rows: list[list[str]], cut: dict[int, bool]) -> list[list[str]]:
    """A row that a page break cut in two is one row again, when both parts together are no
    wider than the table's widest row and

    * the part after the break starts with a number: every row of a report's tables starts
      with its label (or an empty label cell), except table 4's single row of numbers, which
      is as wide as the table, so no header row can take it; or
    * both parts are header cells (no row with a number above them) and the break was framed
      evenly (``_evenly_framed_breaks``): a header row cut between two of its cells.

    Otherwise the rows stay apart: a label cut from its numbers by a break between two label
    cells is placed by the mapping like any row whose first cells are merged away."""
    width = max((len(row) for row in rows), default=0)
    out: list[list[str]] = []
    numbers_seen = False
    for i, row in enumerate(rows):
        if out and i - 1 in cut and row and len(out[-1]) + len(row) <= width:
            header_cut = cut[i - 1] and not numbers_seen and not any(_is_number_cell(c) for c in row)
            if _is_number_cell(row[0]) or header_cut:
                out[-1] = out[-1] + row
                numbers_seen = numbers_seen or any(_is_number_cell(c) for c in row)
                continue
        out.append(row)
        numbers_seen = numbers_seen or any(_is_number_cell(c) for c in row)
    return out


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
    # A crawler's header lines say nothing about how the report's own lines are wrapped.
    wrapped = _looks_hard_wrapped([ln for ln in stripped if ln and not is_metadata_line(ln)], settings)
    out: list[Paragraph] = []
    buf = ""
    for line in stripped:
        if not line:
            if buf:
                out.append(_paragraph(buf))
                buf = ""
            continue
        # A crawler's metadata line ("标题: …", "发布时间: …") is never part of a wrapped paragraph.
        if (buf and wrapped and not buf.endswith(_SENTENCE_END) and not starts_numbered(line)
                and not _is_heading_line(buf) and not is_metadata_line(buf) and not is_metadata_line(line)):
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
