"""The entry point: open the PDF, read each page once, then drop page furniture and
assemble paragraphs.

Failures become the project's typed errors, so the CLI and batch runs can say why a
file was refused: a PDF that needs a password → ``EncryptedInput``; one without a
single usable character → ``NoTextLayer`` (a scan); anything else the PDF libraries
reject → ``UnreadableInput``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.errors import EncryptedInput, GovReportError, NoTextLayer, UnreadableInput
from extractor.layout import Document
from extractor.readers.pdf.chars import group_lines, make_line, usable_chars
from extractor.readers.pdf.drawings import is_visible_rule
from extractor.readers.pdf.furniture import drop_page_furniture
from extractor.readers.pdf.geometry import center_in
from extractor.readers.pdf.model import PageContent
from extractor.readers.pdf.paragraphs import assemble
from extractor.readers.pdf.ruled import ruled_tables
from extractor.readers.pdf.rules_only import rule_only_tables

_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)


def read_pdf(path: Path) -> Document:
    """Read a PDF into paragraphs and tables (blocks in page order, then top to bottom)."""
    notices: list[tuple[str, str]] = []
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(page, notices) for page in pdf.pages]
    except _PDF_ERRORS as exc:
        raise _typed_error(exc) from exc
    if not any(p.lines or p.tables for p in pages):
        raise NoTextLayer("no readable characters on any page")
    drop_page_furniture(pages)
    blocks = assemble(pages)
    return Document(blocks=blocks, format="pdf", pages=len(pages), notices=notices)


def _read_page(page: Page, notices: list[tuple[str, str]]) -> PageContent:
    """Tables first (ruled, then rules only); the characters outside them become lines."""
    number = page.page_number
    chars = usable_chars(page.chars, number, notices)
    drawn = page.filter(is_visible_rule)
    tables = ruled_tables(drawn, chars, number)
    taken = [t.bbox for t in tables if t.bbox]
    tables += rule_only_tables(drawn.horizontal_edges, chars, taken, number)
    free = [c for c in chars if not any(center_in(c, t.bbox) for t in tables if t.bbox)]
    content = PageContent(number, float(page.height), tables=tables)
    content.lines = [make_line(number, group) for group in group_lines(free)]
    return content


def _typed_error(exc: Exception) -> GovReportError:
    """The project's error for a PDF that pdfplumber or pdfminer cannot open or parse.

    pdfminer already tries the empty user password (so a file that is merely restricted
    opens); ``PDFPasswordIncorrect`` means a real password is needed. pdfplumber wraps
    pdfminer's exceptions in ``PdfminerException(original)``, hence the walk down the chain.
    """
    chain = list(_exception_chain(exc))
    if any(isinstance(e, PDFPasswordIncorrect) for e in chain):
        return EncryptedInput("the PDF needs a password to open")
    if any(isinstance(e, PDFEncryptionError) for e in chain):
        # An encryption method pdfminer does not implement: still a locked file, not a broken one.
        return EncryptedInput("the PDF's encryption method is not supported")
    original = next((e for e in chain if not isinstance(e, PdfminerException)), exc)
    detail = textwrap.shorten(str(original), 120, placeholder=" …") or type(original).__name__
    return UnreadableInput(f"not a valid PDF: {detail}")


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = wrapped or current.__cause__ or current.__context__
