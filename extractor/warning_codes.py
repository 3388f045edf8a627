"""Every warning code a document can carry: one closed list (the contract's promise).

The "Warning codes" table of docs/warnings.md is checked against ``DESCRIPTIONS`` by the tests, and a
test scans the source so that no code is used without being listed here.
"""

from __future__ import annotations

from enum import StrEnum


class WarningCode(StrEnum):
    # reading the file
    EXTENSION_MISMATCH = "extension_mismatch"
    FILE_NAME_NOT_UTF8 = "file_name_not_utf8"
    DECODE_REPLACED = "decode_replaced"
    TRADITIONAL_CONVERTED = "traditional_converted"
    TRADITIONAL_NOT_CONVERTED = "traditional_not_converted"
    CONVERTED = "converted"
    PDF_DAMAGED = "pdf_damaged"
    PDF_UNMAPPED_GLYPHS = "pdf_unmapped_glyphs"
    SPAN_CLAMPED = "span_clamped"
    SPAN_REPAIRED = "span_repaired"
    NESTING_LIMIT = "nesting_limit"
    # tables
    HEADER_ON_OTHER_PAGE = "header_on_other_page"
    ROW_ACROSS_PAGES = "row_across_pages"
    TEMPLATE_ASSUMED = "template_assumed"
    TABLE_MISSING = "table_missing"
    ROW_MISSING = "row_missing"
    COLUMN_MISSING = "column_missing"
    COLUMN_UNMAPPED = "column_unmapped"
    COLUMNS_DOUBTFUL = "columns_doubtful"
    ROW_UNMATCHED = "row_unmatched"
    ROW_UNPLACED = "row_unplaced"
    ROW_OUTSIDE_TEMPLATE = "row_outside_template"
    DUPLICATE_ROW = "duplicate_row"
    EXTRA_VALUES = "extra_values"
    LABEL_FUZZY = "label_fuzzy"
    REVIEW_BLOCK_BY_ORDER = "review_block_by_order"
    # cells
    BLANK_VALUE = "blank_value"
    VALUE_MISSING = "value_missing"
    UNREADABLE_VALUE = "unreadable_value"
    NOTE_IN_CELL = "note_in_cell"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    OCR_LOW_CONFIDENCE = "ocr_low_confidence"
    PICTURE_UNREADABLE = "picture_unreadable"
    MERGED_CELL = "merged_cell"
    CELLS_INFERRED = "cells_inferred"
    CELLS_AMBIGUOUS = "cells_ambiguous"
    # report details
    AGENCY_MISSING = "agency_missing"
    FROM_PAGE_METADATA = "from_page_metadata"
    YEAR_MISSING = "year_missing"
    LABELS_RULES_ONLY = "labels_rules_only"
    # identity (docs/identity.md)
    IDENTITY_UNRESOLVED = "identity_unresolved"
    IDENTITY_CONFLICT = "identity_conflict"


DESCRIPTIONS: dict[WarningCode, str] = {
    WarningCode.EXTENSION_MISMATCH: "the content is another format than the name says; read by its content",
    WarningCode.FILE_NAME_NOT_UTF8: "the file name is not UTF-8; `source.file` shows its odd bytes as `\\xNN`",
    WarningCode.DECODE_REPLACED: "a text copy had invalid bytes; each became U+FFFD",
    WarningCode.TRADITIONAL_CONVERTED: (
        "the text is in traditional characters; converted to simplified (OpenCC) before reading, values' `raw` as printed"
    ),
    WarningCode.TRADITIONAL_NOT_CONVERTED: (
        "the text is in traditional characters and OpenCC is not installed (`pip install govreport[traditional]`): "
        "read as printed, so labels may not be recognised"
    ),
    WarningCode.CONVERTED: "a .doc/.wps file was converted to DOCX by LibreOffice",
    WarningCode.PDF_DAMAGED: (
        "the PDF library worked around damage in the PDF (PDFium: a rebuilt cross-reference table, a compressed "
        "stream that breaks off; pdfplumber: pdfminer's messages); what was lost is `null`"
    ),
    WarningCode.PDF_UNMAPPED_GLYPHS: "characters without a Unicode mapping were left out",
    WarningCode.SPAN_CLAMPED: "a Word cell claimed more than 64 grid columns; read as one",
    WarningCode.SPAN_REPAIRED: "an HTML table row's colspans did not add up to the table's width; its spanning cells were fitted",
    WarningCode.NESTING_LIMIT: "a table nested more than 8 deep (or a web page's elements more than 256 deep) was not read",
    WarningCode.HEADER_ON_OTHER_PAGE: "a table's header rows end one page and its data starts the next; joined",
    WarningCode.ROW_ACROSS_PAGES: "a row cut by a page break was joined from its two pages",
    WarningCode.TEMPLATE_ASSUMED: (
        "table 2's headers were not found; the 2021 template is assumed, so table 2's rows and columns "
        "(`where.table`) may be the other version's"
    ),
    WarningCode.TABLE_MISSING: "a table was not found; all its fields are `null`",
    WarningCode.ROW_MISSING: "a template row was not found; its fields are `null`",
    WarningCode.COLUMN_MISSING: "an applicant column is not printed; `null` in every row",
    WarningCode.COLUMN_UNMAPPED: "values in a column that is not a contract field were ignored",
    WarningCode.COLUMNS_DOUBTFUL: (
        "table 3's 总计 is blank in every row that gives numbers: its columns may be shifted (a column the report "
        "left out, read by position); every value of the table (`where.table`) is in doubt"
    ),
    WarningCode.ROW_UNMATCHED: "a row with numbers matches no template row; ignored",
    WarningCode.ROW_UNPLACED: "a row's numbers cannot be placed in its columns; all `null`",
    WarningCode.ROW_OUTSIDE_TEMPLATE: "a row of the other template version; ignored",
    WarningCode.DUPLICATE_ROW: "a second row for the same field; the first is kept",
    WarningCode.EXTRA_VALUES: "values beyond the template's columns were ignored",
    WarningCode.LABEL_FUZZY: "a row label matched its template row approximately",
    WarningCode.REVIEW_BLOCK_BY_ORDER: "table 4 printed in parts; a part placed by its order",
    WarningCode.BLANK_VALUE: "a cell is blank or a placeholder (—, /); `null`",
    WarningCode.VALUE_MISSING: "a row printed no value for this field (fewer values than columns); null",
    WarningCode.UNREADABLE_VALUE: "a cell holds text that is not a number (`null`), or a count printed with decimals (kept as printed)",
    WarningCode.NOTE_IN_CELL: "a note after the number was ignored (\"22（其中修订16件）\" → 22)",
    WarningCode.NUMBER_OUT_OF_RANGE: "a number past 10¹² (no count is near it); `null`",
    WarningCode.OCR_LOW_CONFIDENCE: "a value read by OCR below the confidence threshold, ink OCR read nothing from, a number past any count (two cells run together), or a count read with decimals or an amount with exactly three (a thousands separator read as a point); check it against the scan",
    WarningCode.PICTURE_UNREADABLE: (
        "a picture in a Word file, or an image on a PDF page read by OCR, could not be decoded (damaged, missing, or a "
        "format OCR or the PDF renderer does not read, as EMF); what it shows was not read"
    ),
    WarningCode.MERGED_CELL: (
        "one value cell spans several columns or rows (a rule missing or cells merged): its numbers split one to a "
        "column where it prints one per column, else `null` in each"
    ),
    WarningCode.CELLS_INFERRED: (
        "a table printed without cell separators (a row's numbers run together): this value was cut from its run, "
        "the only cut that the rule named in `where.rule` allows"
    ),
    WarningCode.CELLS_AMBIGUOUS: (
        "a table printed without cell separators: this value's run cannot be cut in exactly one way that satisfies "
        "the template's identities (none or several); `null`, the reason in the message"
    ),
    WarningCode.AGENCY_MISSING: "the agency was not found in the title",
    WarningCode.FROM_PAGE_METADATA: (
        "the report names no title or agency of its own; taken from the crawler's or site's metadata (标题, 发布机构, 来源)"
    ),
    WarningCode.YEAR_MISSING: "the report year was not found",
    WarningCode.LABELS_RULES_ONLY: "the paragraph classifier could not be loaded; labels from rules only",
    WarningCode.IDENTITY_UNRESOLVED: (
        "the agency's region, level or kind could not be told (no name, no region the division table knows, or a "
        "name several regions share and nothing else chose); those `identity` fields are `null`"
    ),
    WarningCode.IDENTITY_CONFLICT: (
        "the agency's name and its address or contact sentence name different regions; the region is `null`"
    ),
}
