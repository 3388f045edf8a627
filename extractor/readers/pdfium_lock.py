"""The one lock around PDFium, shared by the PDF reader's back end and the OCR reader's renderer.

PDFium is not thread-safe: calls from two threads at once can corrupt its state (a dask
worker runs tasks in threads). Every use holds this lock: opening, each page, closing, and
the OCR reader's rendering too. It sits in a module of its own so that the renderer does not
import the PDF reader's page module (``pdf.pdfium_page``) just for it.
"""

from __future__ import annotations

import threading

# Re-entrant, so a caller may hold it around several steps.
pdfium_lock = threading.RLock()
