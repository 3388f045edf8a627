"""OCR reader for scanned pages and pictures of tables (the optional extra ``govreport[ocr]``).

A page image becomes the page layer's ``PageScan`` (``readers/page``), as a PDF page's text
layer does: characters with positions in points, and rules as edges. From there the same
geometric steps as for a PDF with a text layer (the table finder, grid, rules-only tables,
furniture and paragraphs, in ``readers/pdf``'s modules) build tables, paragraphs and
headings, so the layout model is the same, plus each cell's ``OcrRead`` (its confidence).
Nothing here imports the PDF reader's entry point or back ends (``pdf.reader``,
``pdf.pdfium_pages``, ``pdf.plumber_pages``): which PDF pages need OCR is decided, and their
reads put into the PDF's scans, by ``readers/pdf_document.py``. One module per step:

* ``settings``: ``OcrSettings``, every pixel-level tolerance (unit and reason for each).
* ``engine``: RapidOCR's PP-OCRv6 models, pinned to the files in its wheel (nothing is
  downloaded); recognition at each crop's own width with character positions and a
  digits-only reading of numbers.
* ``render``: pages rendered by pdfium (under the process's one ``pdfium_lock``), pictures
  decoded, as grey pixels.
* ``paper``: the paper brought to one level (lighting, shadows, tint, a scanner's border).
* ``deskew``: small skew removed (±3°), pages turned by 90°/180°/270° put upright.
* ``lines``: horizontal and vertical rules from OpenCV line masks, broken rules bridged.
* ``text``: a ruled cell's lines cut out by their ink; other text from the detector's
  boxes; every character placed on the page.
* ``reader``: one image to a page scan; cell confidences after the tables are built.
* ``pdf_pages``: a PDF's targets (scanned pages, pictures on text pages) rendered and read,
  for ``readers/pdf_document.py``.
* ``pictures``: the Word reader's entry (pictures in a DOCX, each read as a page).

The heavy packages (OpenCV, onnxruntime, rapidocr) are imported only when an image is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.readers.ocr.reader import ImageRead
    from extractor.readers.page.scan import OcrTargets

__all__ = ["OcrUnavailable", "available", "read_targets"]


class OcrUnavailable(RuntimeError):
    """The optional OCR packages (or the model files in rapidocr's wheel) are missing."""


def available() -> bool:
    """True when the optional OCR packages are installed (checked without importing them)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("rapidocr", "onnxruntime", "cv2", "pypdfium2"))


def read_targets(path: Any, targets: OcrTargets, numbers: list[int], pdf_settings: Any) -> list[tuple[int, ImageRead]]:
    """``pdf_pages.read_targets``, imported only once the packages are known to be there."""
    if not available():
        raise OcrUnavailable("the OCR packages are not installed")
    from extractor.readers.ocr.pdf_pages import read_targets as read

    return read(path, targets, numbers, pdf_settings)
