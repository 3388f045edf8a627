"""The page layer: the page model both page readers fill, and the steps that work on it.

The PDF reader (``readers/pdf``: a page's text layer and drawings) and the OCR reader
(``readers/ocr``: a page image) each make a ``PageScan`` per page: characters with boxes in
points, ruled tables and frames, rules-only regions, and (from a PDF) the boxes of its
images. From there the steps are the same whatever read the page:

* ``scan``: ``PageScan`` and ``scan_page``, a page's characters and rules to its ruled
  tables, frames and rules-only regions; a picture's scan joined to its page's.
* ``blocks``: ``page_contents`` (rules-only tables decided over all pages, the remaining
  characters to lines) and ``page_blocks`` (furniture dropped, framed fragments kept or
  released, lines to paragraphs).

The geometric steps these call (table finder, grid, rules-only tables, furniture,
paragraphs, and their ``PdfSettings``) stay in their modules under ``readers/pdf/``; none of
them imports either reader's entry point. Neither the page layer nor those modules imports
the OCR reader or the PDF reader's back ends, so each reader imports the page layer and
neither imports the other (``tests/read/test_reader_layers.py``). Putting the two together
(which pages need OCR) is ``readers/pdf_document.py``'s job.
"""
