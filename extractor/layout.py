"""The layout model every reader produces and every later stage consumes.

A document is an ordered list of blocks: paragraphs and tables. A table is a grid of
cells, each cell carrying its own row/column span, so merged cells are represented once
with their true extent (python-docx returns a merged cell several times; pdfplumber
returns ``None`` for the covered positions; both become one :class:`Cell`).

Nothing here knows about annual reports, and nothing after the readers knows which file
format a block came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from extractor.contract import Warning

BBox = tuple[float, float, float, float]


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    bbox: BBox | None = None
    # True when the source marks the paragraph as a heading (Word heading style, markdown #).
    heading: bool = False


@dataclass(frozen=True)
class SourcePosition:
    """Where a source without page geometry (an HTML page) puts a cell: its table's index
    among the page's data tables (from 0), and the cell's row and column in that table's grid."""

    table: int
    row: int
    col: int


@dataclass(frozen=True)
class OcrRead:
    """How sure the OCR reader is of a cell read from an image."""

    # The probability of its least sure character (0-1); 0 where ink was seen but nothing read.
    confidence: float
    # Below the reader's threshold, or ink the model read nothing from: the value gets a
    # warning. The reader decides, as only it knows its model's calibration.
    doubtful: bool

    @staticmethod
    def joined(a: OcrRead | None, b: OcrRead | None) -> OcrRead | None:
        """The reading of a cell joined from two parts: as sure as its less sure part."""
        if a is None or b is None:
            return a or b
        return a if a.confidence <= b.confidence else b


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    # The source marks the cell as continuing a merged cell from the row above, but the
    # table starts here (Word's vMerge "continue" in the first row of a table cut in two).
    continues_above: bool = False
    # The cell's last text line reaches its right side, so its text may run on in the same
    # cell on the next page (a PDF reader can tell); None where the source cannot say.
    last_line_full: bool | None = None
    # The cell's place in its source where there are no pages and boxes (HTML).
    source: SourcePosition | None = None
    # Set when the text was read from an image by OCR.
    ocr: OcrRead | None = None
    # A run of digits goes on into the cell beside it with no gap: a column boundary (found
    # from the scan's gaps) cut one number in two ("65" | "287" of 65287). Its value is doubtful.
    number_cut: bool = False
    # The text as printed where the reader converted it (traditional characters to simplified,
    # ``readers/traditional.py``): provenance shows this as the value's raw text.
    printed: str | None = None

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


class ColumnPositions(StrEnum):
    """How far a table's column numbers can be trusted: what the reader knows, said once."""

    # Cells sit in the columns they were drawn in (a Word grid, a PDF table's geometry).
    EXACT = "exact"
    # A text copy (tab-separated lines, one cell per line) keeps the order of the printed
    # cells but not their columns: blanks and merged cells may have shifted them.
    HINTS = "hints"


def read_by_ocr(cells: Iterable[Cell]) -> bool:
    """Any of ``cells`` read from an image (a scan), not from a text layer: the steps that
    act only on scans (their tolerances or evidence are a scan's) ask this."""
    return any(c.ocr is not None for c in cells)


@dataclass
class Table:
    cells: list[Cell]
    page: int | None = None
    bbox: BBox | None = None
    # The table continues a table that ended on the previous page (set by recovery).
    continued: bool = False
    positions: ColumnPositions = ColumnPositions.EXACT

    @property
    def n_rows(self) -> int:
        return max((c.last_row + 1 for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.last_col + 1 for c in self.cells), default=0)

    def rows(self) -> list[list[Cell]]:
        """Cells that start in each row, left to right (a vertically merged cell appears once)."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def grid(self) -> list[list[Cell | None]]:
        """Every grid position mapped to the cell covering it (``None`` for holes)."""
        width = self.n_cols  # once: in the comprehension it would be recounted per row
        grid: list[list[Cell | None]] = [[None] * width for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.last_row + 1):
                for c in range(cell.col, cell.last_col + 1):
                    grid[r][c] = cell
        return grid

    def row_texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows()]


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block]
    format: str
    pages: int | None = None
    # What the reader saw and could not fully read (characters without a mapping, damage
    # worked around, a conversion): the contract's own warning type, passed on unchanged.
    warnings: list[Warning] = field(default_factory=list)
    # Links to document files (PDF, Word) the source points to, as written: a web page that
    # only links to its report names the file to read instead.
    attachments: list[str] = field(default_factory=list)
    # The date the page says it was published (a web page's "发布日期" line), ISO 8601:
    # the report's own date line comes first; this stands in where it has none.
    published: str | None = None
    # Some of the document (a scanned page, a picture of a table) was read by OCR.
    ocr: bool = False

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
