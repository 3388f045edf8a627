"""The PDF reader's entry point: each page's text layer and drawings read once, by the back
end ``limits.pdf_backend`` names, into the page layer's ``PageScan`` (characters, ruled
tables, rules-only regions, image boxes).

What happens next (OCR where a page needs it, then lines, furniture and paragraphs) is
``readers/pdf_document.py``'s: nothing in this package imports the OCR reader.

The back ends turn their libraries' failures into the project's typed errors, so the CLI
and batch runs can say why a file was refused: a PDF that needs a password →
``EncryptedInput``; anything else the PDF libraries reject → ``UnreadableInput``.
"""

from __future__ import annotations

from pathlib import Path

from extractor.contract import Warning
from extractor.limits import Limits, PdfBackend
from extractor.readers.page.scan import PageScan
from extractor.readers.pdf.settings import PdfSettings


def scan_pdf(path: Path, limits: Limits, settings: PdfSettings, warnings: list[Warning]) -> list[PageScan]:
    """Every page's first pass: characters and rules to page scans, in page order."""
    # pdfplumber is imported only when asked for: it costs a fifth of a second to load.
    if PdfBackend(limits.pdf_backend) is PdfBackend.PDFPLUMBER:
        from extractor.readers.pdf.plumber_pages import scan_pdf as scan
    else:
        from extractor.readers.pdf.pdfium_pages import scan_pdf as scan
    return scan(path, limits, settings, warnings)
