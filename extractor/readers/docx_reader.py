"""Reader for Word .docx files, on the XML of the document part (``docx_package``).

Tables are read from the XML rather than through ``table.rows[i].cells`` because that API
returns a merged cell once per grid column it covers and hides where vertical merges
start. Here each ``w:tc`` is one cell: its grid column comes from ``gridBefore`` and the
``gridSpan`` of the cells before it, and a ``vMerge`` continuation grows the cell above.

The container is checked first (``word_guard``: size unpacked, no DTD, not damaged); spans
and nesting are bounded so a hostile file cannot make the reader loop or recurse without end.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from extractor.contract import Warning
from extractor.errors import UnreadableInput
from extractor.layout import Block, Cell, Document, Paragraph, Table
from extractor.limits import MAX_GRID_SPAN, MAX_TABLE_NESTING, Limits, OcrMode, check_pages
from extractor.readers.docx_package import WordPackage, open_package, qn
from extractor.readers.word_guard import ZIP_ERRORS, check_docx_container
from extractor.text import clean_cell, tidy_paragraph
from extractor.warning_codes import WarningCode

# Clark names ("{ns}p") for the few tags we look up, computed once.
_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_SDT = qn("w:sdt")
_MC_FALLBACK = qn("mc:Fallback")
_W_TXBX = qn("w:txbxContent")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_W_CR = qn("w:cr")
_W_SYM = qn("w:sym")
_W_TYPE = qn("w:type")
_W_VAL = qn("w:val")
_W_STYLE = qn("w:style")
_W_NAME = qn("w:name")
_W_STYLE_ID = qn("w:styleId")
_W_TCPR = qn("w:tcPr")
_W_VMERGE = f"{_W_TCPR}/{qn('w:vMerge')}"
_W_GRID_SPAN = f"{_W_TCPR}/{qn('w:gridSpan')}"
_W_GRID_BEFORE = f"{qn('w:trPr')}/{qn('w:gridBefore')}"
_W_PSTYLE_TAG = qn("w:pStyle")
_W_PSTYLE = f"{qn('w:pPr')}/{_W_PSTYLE_TAG}"
# Case-blind: the names Word shows ("Heading 1") differ from the stored ones
# ("heading 1") only in case, so the stored name is matched as it is.
_HEADING_STYLE = re.compile(r"^(heading|标题|title)", re.I)


def read_docx(path: Path, fmt: str = "docx", limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    pages = check_docx_container(path, limits)
    if pages is not None:
        check_pages(pages, limits)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, *ZIP_ERRORS) as exc:
        raise UnreadableInput(f"damaged Word file: {type(exc).__name__}: {exc}") from exc
    with zf:
        try:
            word = open_package(zf)
            styles = _heading_style_ids(word)
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():
                raise UnreadableInput("refused: the Word XML nests deeper than the parser allows (256 levels)") from exc
            raise UnreadableInput(f"damaged Word XML: {exc}") from exc
        except (KeyError, OSError, *ZIP_ERRORS) as exc:
            raise UnreadableInput(f"damaged Word file: {type(exc).__name__}: {exc}") from exc
        return _read(word, styles, fmt, pages, limits)


def _read(word: WordPackage, styles: set[str], fmt: str, pages: int | None, limits: Limits) -> Document:
    body = word.body
    if body is None:
        raise UnreadableInput("damaged Word file: the document has no body")
    blocks: list[Block] = []
    warnings: list[Warning] = []
    pictures: list[tuple[int, object]] = []  # (where in blocks, the picture)
    for element in _body_children(body):
        if element.tag == _W_P:
            blocks.extend(_paragraph_blocks(element, styles))
            if limits.ocr is not OcrMode.NEVER:
                pictures += [(len(blocks), pic) for pic in _pictures(element, word)]
        elif element.tag == _W_TBL:
            blocks.extend(_tables(element, warnings))
    ocr = bool(pictures) and _read_pictures(blocks, pictures, warnings)
    return Document(blocks=blocks, format=fmt, pages=pages, warnings=warnings, ocr=ocr)


# EMU (English Metric Units) per point: DrawingML sizes are in EMU.
_EMU_PER_PT = 12700
# pt. A picture smaller than this on either side is an icon, a logo or a signature, not a
# table or a page of text (the PDF reader's ``picture_min_size``).
_PICTURE_MIN_SIZE = 60.0
_A_BLIP = qn("a:blip")
_WP_EXTENT = qn("wp:extent")
_R_EMBED = qn("r:embed")


def _pictures(p: etree._Element, word: WordPackage) -> list[object]:
    """The pictures shown in a paragraph (inline or anchored DrawingML), at least
    ``_PICTURE_MIN_SIZE`` a side, as ``ocr.pictures.Picture`` (imported only when one is found)."""
    out: list[object] = []
    for drawing in p.iter(qn("w:drawing")):
        extent = drawing.find(f".//{_WP_EXTENT}")
        blip = drawing.find(f".//{_A_BLIP}")
        if extent is None or blip is None or not blip.get(_R_EMBED):
            continue
        width = int(extent.get("cx", "0")) / _EMU_PER_PT
        height = int(extent.get("cy", "0")) / _EMU_PER_PT
        if min(width, height) < _PICTURE_MIN_SIZE:
            continue
        embed = blip.get(_R_EMBED)
        from extractor.readers.ocr.pictures import Picture

        # A picture whose part is missing is kept (no bytes): it cannot be decoded, and is said so.
        out.append(Picture(word.blob(embed) or b"", width, height, word.related.get(embed, embed)))
    return out


def _read_pictures(blocks: list[Block], pictures: list[tuple[int, object]], warnings: list[Warning]) -> bool:
    """Each picture's tables and text (OCR) put where the picture stands, a warning for each
    that cannot be decoded; False when the OCR extra is not installed (the pictures stay
    unread, as before it)."""
    from extractor.readers import ocr

    if not ocr.available():
        return False
    from extractor.readers.ocr.pictures import read_pictures

    try:
        read = read_pictures([pic for _, pic in pictures])  # type: ignore[misc]
    except ocr.OcrUnavailable:
        return False
    # From the last picture back, so the earlier places stay valid (and pictures at the same
    # place keep their order).
    for (at, _), found in reversed(list(zip(pictures, read, strict=True))):
        blocks[at:at] = found or []
    warnings += [_unreadable_picture(pic) for (_, pic), found in zip(pictures, read, strict=True) if found is None]
    return any(read)


def _unreadable_picture(picture: object) -> Warning:
    name = getattr(picture, "name", "") or "?"
    return Warning(code=WarningCode.PICTURE_UNREADABLE,
                   message=f"a picture ({name}) cannot be decoded (damaged, missing, or a format OCR does not "
                           "read, as EMF); what it shows was not read",
                   where={"picture": name})


def _body_children(body: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables in order, looking through content controls (w:sdt)."""
    out: list[etree._Element] = []
    for child in body.iterchildren():
        if child.tag == _W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                out.extend(_body_children(content))
        elif child.tag in (_W_P, _W_TBL):
            out.append(child)
    return out


def _heading_style_ids(word: WordPackage) -> set[str]:
    """Ids of the styles named as headings, read from the styles part's XML (only when some
    paragraph names a style: most reports' paragraphs carry direct formatting alone)."""
    ids: set[str] = set()
    if next(word.document.iter(_W_PSTYLE_TAG), None) is None or word.styles is None:
        return ids
    for style in word.styles.iterchildren(_W_STYLE):
        name = style.find(_W_NAME)
        style_id = style.get(_W_STYLE_ID)
        if name is not None and style_id and _HEADING_STYLE.match(name.get(_W_VAL) or ""):
            ids.add(style_id)
    return ids


def _run_text(p: etree._Element, *, skip_textboxes: bool = True) -> str:
    """The text of a paragraph: w:t, w:tab, w:br and w:cr, without text-box contents."""
    # Most paragraphs hold no text box: then no node needs its ancestors checked.
    boxed = skip_textboxes and next(p.iter(_W_TXBX, _MC_FALLBACK), None) is not None
    parts: list[str] = []
    for node in p.iter(_W_T, _W_TAB, _W_BR, _W_CR, _W_SYM):
        if boxed and _inside_textbox(node, p):
            continue
        tag = node.tag
        if tag == _W_T:
            parts.append(node.text or "")
        elif tag == _W_TAB:
            parts.append("\t")
        elif tag == _W_SYM:
            continue
        elif node.get(_W_TYPE) in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)


def _inside_textbox(node: etree._Element, stop: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (_W_TXBX, _MC_FALLBACK):
            return True
        parent = parent.getparent()
    return False


def _paragraph_blocks(p: etree._Element, heading_styles: set[str]) -> list[Paragraph]:
    blocks: list[Paragraph] = []
    text = _run_text(p)
    style = p.find(_W_PSTYLE)
    heading = style is not None and style.get(_W_VAL) in heading_styles
    if text.strip():
        blocks.append(Paragraph(text=tidy_paragraph(text), heading=heading))
    # Text boxes: their paragraphs would otherwise be lost. The VML fallback repeats the
    # DrawingML content, so only the first copy of each box is read.
    for box in p.iter(_W_TXBX):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        for inner in box.iter(_W_P):
            inner_text = _run_text(inner, skip_textboxes=False)
            if inner_text.strip():
                blocks.append(Paragraph(text=tidy_paragraph(inner_text)))
    return blocks


def _cell_text(tc: etree._Element) -> str:
    lines = [_run_text(p) for p in tc.iterchildren(_W_P)]
    return clean_cell("\n".join(lines))


def _tables(tbl: etree._Element, warnings: list[Warning], depth: int = 1) -> list[Table]:
    """The table and, after it, any tables nested in its cells (as their own blocks).

    Below ``MAX_TABLE_NESTING`` levels nested tables are not read (with a notice): no
    report nests so deep, and each level costs a recursion."""
    cells: list[Cell] = []
    nested: list[Table] = []
    # For each grid column, the cell that a vMerge continuation in the next row extends.
    open_merges: dict[int, Cell] = {}
    rows = [tr for tr in tbl.iterchildren(_W_TR)]
    for r, tr in enumerate(rows):
        col = _grid_before(tr)
        for tc in tr.iterchildren(_W_TC):
            span = _grid_span(tc)
            if span > MAX_GRID_SPAN:
                warnings.append(
                    Warning(code=WarningCode.SPAN_CLAMPED, message=f"a table cell claims {span} grid columns; read as one")
                )
                span = 1
            vmerge = tc.find(_W_VMERGE)
            continues = vmerge is not None and vmerge.get(_W_VAL, "continue") == "continue"
            if continues and col in open_merges:
                above = open_merges[col]
                above.rowspan = r - above.row + 1
                extra = _cell_text(tc)
                if extra:
                    above.text = f"{above.text} {extra}".strip()
            else:
                cell = Cell(text=_cell_text(tc), row=r, col=col, colspan=span, continues_above=continues)
                cells.append(cell)
                for c in range(col, col + span):
                    open_merges.pop(c, None)
                open_merges[col] = cell
            for inner in tc.iterchildren(_W_TBL):
                if depth >= MAX_TABLE_NESTING:
                    text = "".join(t.text or "" for t in inner.iter(_W_T))
                    warnings.append(
                        Warning(code=WarningCode.NESTING_LIMIT,
                                message=f"a table nested deeper than {MAX_TABLE_NESTING} levels was not read "
                                f"({len(text)} characters: {text[:40]}…)")
                    )
                    continue
                nested.extend(_tables(inner, warnings, depth + 1))
            col += span
    return [Table(cells=cells), *nested] if cells else nested


def _grid_before(tr: etree._Element) -> int:
    node = tr.find(_W_GRID_BEFORE)
    if node is None:
        return 0
    try:
        return min(max(0, int(node.get(_W_VAL, "0"))), MAX_GRID_SPAN)
    except ValueError:
        return 0


def _grid_span(tc: etree._Element) -> int:
    node = tc.find(_W_GRID_SPAN)
    if node is None:
        return 1
    try:
        return max(1, int(node.get(_W_VAL, 1)))
    except ValueError:
        return 1
