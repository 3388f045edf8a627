"""Reader for PDF files with a text layer, on PDFium (default) or pdfplumber.

The page is read once (characters and drawing objects) into the page layer's ``PageScan``
(``readers/page``) and everything else is derived from those lists, one module per step.
``readers/pdf_document.read_pdf`` reads a whole PDF: this package's scans, OCR where a page
needs it (nothing here imports the OCR reader), then the page layer's steps, which call the
geometric modules below (the OCR reader calls them too, on scans read from page images).

* ``reader``: the entry point ``scan_pdf``: the back end's first pass.
* ``pdfium_page``, ``pdfium_pages``: the default back end (``--pdf-backend pdfium``): each page
  read by PDFium into pdfplumber-shaped records and freed; its typed errors (password,
  damaged) and damage warnings (``streams``: compressed streams that break off).
* ``plumber_pages``: the reference back end (``--pdf-backend pdfplumber``) and pdfminer's
  errors and log messages.
* ``chars``: usable characters (no unmapped glyphs, no overprinted "fake bold" copies),
  grouped into lines with their text.
* ``drawings``: which drawing objects are visible rules; white and shading rectangles
  that office exports paint behind text are not.
* ``ruled``: ruled tables from the lines-strategy table finder, after closing the outer
  borders a page break leaves open; ``table_finder`` is that finder without pdfplumber
  (the same cells as pdfplumber's ``TableFinder``), used on pages known by their edges.
* ``rule_runs``, ``rule_columns``, ``rule_rows``, ``rules_only``: tables drawn with
  horizontal rules only.
* ``grid``: cell boxes from either kind of table to a ``Table`` with spans and text.
* ``furniture``: page numbers and running headers and footers, removed.
* ``paragraphs``: the remaining lines grouped into paragraphs, continuing across a page
  break when the page ends mid-sentence, and put in reading order with the tables.
* ``model`` and ``geometry``: the line and page records, and shared coordinate helpers.
* ``settings``: ``PdfSettings``, every tolerance of the steps above in one frozen object
  (unit and reason given for each). ``read_pdf`` creates the defaults when none is given
  and passes the object down explicitly to each step, which has no constants of its own.

The geometric modules (``chars`` to ``settings`` above) import neither ``reader`` nor a back
end, and this ``__init__`` imports only ``settings``: the page layer and the OCR reader use
them without loading the PDF reader's entry point (``tests/read/test_reader_layers.py``).

Tables continued on the next page are not joined here: each page's part is its own block.
Nothing here knows about annual reports.
"""

from extractor.readers.pdf.settings import PdfSettings

__all__ = ["PdfSettings"]
