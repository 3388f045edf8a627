"""The first pass over a PDF with pdfplumber (pdfminer): each page's characters and visible
rules to a ``PageScan``, the page closed at once; pdfminer's exceptions and log messages to
the project's errors and warnings.

The reference back end (``--pdf-backend pdfplumber``); the default is ``pdfium_pages``.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractor.contract import Warning
from extractor.errors import EncryptedInput, GovReportError, UnreadableInput
from extractor.limits import Limits, check_pages
from extractor.progress import step
from extractor.readers.page.scan import PageScan, scan_page
from extractor.readers.pdf.chars import usable_chars
from extractor.readers.pdf.drawings import is_visible_rule
from extractor.readers.pdf.settings import PdfSettings
from extractor.warning_codes import WarningCode

_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)


def scan_pdf(path: Path, limits: Limits, settings: PdfSettings, warnings: list[Warning]) -> list[PageScan]:
    """Every page's first pass (with the boxes of its images, for the OCR decision)."""
    try:
        with _pdfminer_log(warnings), pdfplumber.open(path) as pdf:
            # Counting pages walks the page tree only; no page content is parsed yet.
            check_pages(len(pdf.pages), limits)
            scans: list[PageScan] = []
            for page in pdf.pages:
                scans.append(_scan_page(page, warnings, settings))
                step("pages read", len(scans), len(pdf.pages))  # a terminal shows it (extractor.progress)
                # Drop the page's parsed objects now, so memory does not grow with the pages.
                page.close()
            return scans
    except _PDF_ERRORS as exc:
        raise _typed_error(exc) from exc
    except GovReportError:
        raise
    except Exception as exc:
        # pdfminer's parser lets plain Python errors through on damaged objects; an error
        # raised in our own code is a bug and must not pass for a damaged file.
        if not _raised_in_parser(exc):
            raise
        raise UnreadableInput(f"damaged PDF: {type(exc).__name__}: {textwrap.shorten(str(exc), 100)}") from exc


def _scan_page(page: Page, warnings: list[Warning], settings: PdfSettings) -> PageScan:
    number = page.page_number
    chars = usable_chars(page.chars, number, warnings, settings)
    drawn = page.filter(lambda obj: is_visible_rule(obj, settings))
    # pdfplumber parsed the page's objects already: the image list costs nothing more.
    return scan_page(number, float(page.height), chars, drawn, settings, _image_boxes(page))


def _image_boxes(page: Page) -> list[tuple[float, float, float, float]]:
    return [(img["x0"], img["top"], img["x1"], img["bottom"]) for img in page.images]


def _raised_in_parser(exc: BaseException) -> bool:
    """True when the deepest frame from a known package is pdfminer's or pdfplumber's
    (standard-library frames below it do not count)."""
    last = None
    tb = exc.__traceback__
    while tb is not None:
        parts = Path(tb.tb_frame.f_code.co_filename).parts
        last = next((p for p in ("pdfminer", "pdfplumber", "extractor") if p in parts), last)
        tb = tb.tb_next
    return last in ("pdfminer", "pdfplumber")


@contextmanager
def _pdfminer_log(warnings: list[Warning]) -> Iterator[None]:
    """pdfminer reports damage it worked around ("Data-loss while decompressing corrupted
    data") on its logger; turn those into the document's warnings instead of stray lines on
    stderr."""
    seen: set[str] = set()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = textwrap.shorten(record.getMessage(), 160)
            if record.levelno >= logging.WARNING and message not in seen and len(seen) < 20:
                seen.add(message)
                warnings.append(Warning(code=WarningCode.PDF_DAMAGED, message=f"the PDF is damaged; pdfminer: {message}"))

    logger = logging.getLogger("pdfminer")
    handler = Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _typed_error(exc: Exception) -> GovReportError:
    """The project's error for a PDF that pdfplumber or pdfminer cannot open or parse.

    pdfminer already tries the empty user password (so a file that is merely restricted
    opens); ``PDFPasswordIncorrect`` means a real password is needed. pdfplumber wraps
    pdfminer's exceptions in ``PdfminerException(original)``, hence the walk down the chain.
    """
    chain = list(_exception_chain(exc))
    ours = next((e for e in chain if isinstance(e, GovReportError)), None)
    if ours is not None:
        # Our own error (the document's deadline) raised while pdfplumber was on the stack.
        return ours
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
