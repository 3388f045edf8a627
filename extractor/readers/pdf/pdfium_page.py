"""A PDF page read by PDFium (pypdfium2's raw ctypes API) into the records the reader uses.

The records have the shape of pdfplumber's, so everything after ``scan_page`` does not know
which library read the page:

* characters: ``text, x0, x1, top, bottom, doctop, size, fontname, upright`` in pdfminer's
  geometry: a box the font size tall, as wide as the glyph's advance (PDFium's own "loose"
  box is the union with the glyph outline, so its sides move with the ink), standing on the
  baseline (see below);
* drawings: ``rect``, ``line`` and ``curve`` objects as pdfminer makes them from each
  subpath (``stroke``, ``fill``, colours), turned into edge records as pdfplumber does;
* the boxes of image objects, for the OCR reader's targets.

Coordinates are pdfminer's: relative to the media box, the page's /Rotate applied, ``top``
measured down from the top of the page. Form XObjects are walked with their matrices
(PDFium's text page does the same for characters).

The one deliberate difference from pdfminer: pdfminer starts the box at the font
descriptor's /Descent below the baseline. LibreOffice writes /Descent 0 for its embedded
fonts, and there PDFium substitutes the bottom of one glyph of the font program, a different
value for every font; PDFium does not say which it did. Boxes of different fonts on one line
would then sit at different heights where pdfminer's line up, and the line and band tests
downstream (tuned on pdfminer's boxes) group a table's header differently (seen on
samples/002). So every box stands on the baseline: identical to pdfminer for LibreOffice
exports; for fonts with a real /Descent (Word, WPS) the box is that descent, 0.14-0.22 em,
higher than pdfminer's (tests/read/test_pdf_backends.py
holds the results of the two back ends equal on the samples and the real WPS report).

Importing ``pypdfium2_raw`` (the bindings only) instead of ``pypdfium2`` keeps start-up
short: the helper package loads argparse, logging, tempfile and more (≈40 ms).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import EncryptedInput, UnreadableInput
from extractor.layout import BBox
from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdfium_lock import pdfium_lock

Matrix = tuple[float, float, float, float, float, float]

_pdfium: Any = None


def _lib() -> Any:
    """The PDFium bindings, the library initialised once per process (pypdfium2, if the OCR
    reader loads it later, initialises again; PDFium ignores a second initialisation)."""
    global _pdfium
    if _pdfium is None:
        import pypdfium2_raw as raw

        config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
        raw.FPDF_InitLibraryWithConfig(config)
        _pdfium = raw
    return _pdfium


@dataclass
class PageRecords:
    """One page's characters, drawings (pdfplumber-shaped dicts) and image boxes."""

    number: int
    width: float
    height: float
    chars: list[Obj] = field(default_factory=list)
    drawings: list[Obj] = field(default_factory=list)
    images: list[BBox] = field(default_factory=list)


class PdfiumDocument:
    """A PDF opened by PDFium; pages are read one at a time and closed at once."""

    def __init__(self, path: Path) -> None:
        pdfium = _lib()
        self._pdfium = pdfium
        with pdfium_lock:
            self._doc = pdfium.FPDF_LoadDocument(str(path).encode("utf-8"), None)
            if not self._doc:
                raise _load_error(pdfium.FPDF_GetLastError())
        self._doctop = 0.0
        # Fonts by PDFium handle: PDFium keeps one font object per font of the document while
        # it is open, so widths looked up on one page serve all the others.
        self._fonts: dict[int, _Font] = {}
        self._calls = _TextCalls(pdfium)
        self._objects = _ObjectCalls(pdfium)

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with pdfium_lock:
            if self._doc:
                self._pdfium.FPDF_CloseDocument(self._doc)
                self._doc = None

    def __len__(self) -> int:
        with pdfium_lock:
            return int(self._pdfium.FPDF_GetPageCount(self._doc))

    def encrypted(self) -> bool:
        with pdfium_lock:
            return int(self._pdfium.FPDF_GetSecurityHandlerRevision(self._doc)) != -1

    def valid_cross_references(self) -> bool:
        """False when PDFium had to rebuild the cross-reference table (a damaged or
        truncated file it repaired)."""
        with pdfium_lock:
            return bool(self._pdfium.FPDF_DocumentHasValidCrossReferenceTable(self._doc))

    def pages(self) -> Iterator[PageRecords]:
        """Every page in order, each read and closed before the next is loaded."""
        for index in range(len(self)):
            yield self.read_page(index)

    def read_page(self, index: int) -> PageRecords:
        pdfium = self._pdfium
        with pdfium_lock:
            page = pdfium.FPDF_LoadPage(self._doc, index)
            if not page:
                raise UnreadableInput(f"damaged PDF: page {index + 1} cannot be loaded")
            try:
                view = _PageView.of(pdfium, page)
                records = PageRecords(index + 1, view.width, view.height)
                _read_chars(self._calls, page, view, self._doctop, records, self._fonts)
                _read_objects(self._objects, page, view, self._doctop, records)
            finally:
                pdfium.FPDF_ClosePage(page)
        self._doctop += view.height
        return records


def _load_error(code: int) -> Exception:
    pdfium = _lib()
    if code == pdfium.FPDF_ERR_PASSWORD:
        return EncryptedInput("the PDF needs a password to open")
    if code == pdfium.FPDF_ERR_SECURITY:
        return EncryptedInput("the PDF's encryption method is not supported")
    if code == pdfium.FPDF_ERR_FILE:
        return UnreadableInput("not a valid PDF: the file cannot be opened")
    return UnreadableInput("not a valid PDF: PDFium cannot parse it")


@dataclass(frozen=True)
class _PageView:
    """From PDF user space to pdfminer's page space (origin at the media box's lower left,
    the page's /Rotate applied, as pdfminer's interpreter sets its initial matrix)."""

    ctm: Matrix
    width: float
    height: float

    @classmethod
    def of(cls, pdfium: Any, page: Any) -> _PageView:
        box = [ctypes.c_float() for _ in range(4)]
        if not pdfium.FPDFPage_GetMediaBox(page, *box):
            # No /MediaBox anywhere in the page tree: PDFium's default page size.
            x0, y0 = 0.0, 0.0
            x1, y1 = float(pdfium.FPDF_GetPageWidthF(page)), float(pdfium.FPDF_GetPageHeightF(page))
        else:
            x0, y0, x1, y1 = (float(v.value) for v in box)
            x0, x1 = min(x0, x1), max(x0, x1)
            y0, y1 = min(y0, y1), max(y0, y1)
        rotation = int(pdfium.FPDFPage_GetRotation(page)) * 90
        if rotation == 90:
            return cls((0.0, -1.0, 1.0, 0.0, -y0, x1), y1 - y0, x1 - x0)
        if rotation == 180:
            return cls((-1.0, 0.0, 0.0, -1.0, x1, y1), x1 - x0, y1 - y0)
        if rotation == 270:
            return cls((0.0, 1.0, -1.0, 0.0, y1, -x0), y1 - y0, x1 - x0)
        return cls((1.0, 0.0, 0.0, 1.0, -x0, -y0), x1 - x0, y1 - y0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: a point is transformed by m first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _decimal(value: float) -> float:
    """A single-precision value from PDFium as the decimal number it most likely was: PDFium
    keeps coordinates as 32-bit floats (516.15 comes back as 516.1500244), pdfminer as the
    decimal the file wrote; seven significant digits is what a float32 holds."""
    return float(f"{value:.7g}")


# --- characters ---------------------------------------------------------------------------


class _TextCalls:
    """PDFium's per-character text functions, typed with plain addresses (``c_void_p``).

    pypdfium2's bindings return typed pointers, and a typed pointer needs a ``ctypes.cast``
    (≈1 µs) to serve as a dict key; with plain addresses a call costs ≈0.4 µs and its result
    is an int. Same C functions, other ctypes signatures."""

    def __init__(self, pdfium: Any) -> None:
        def typed(function: Any, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        handle, index, double = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
        self.load = typed(pdfium.FPDFText_LoadPage, handle, handle)
        self.close = typed(pdfium.FPDFText_ClosePage, None, handle)
        self.count = typed(pdfium.FPDFText_CountChars, ctypes.c_int, handle)
        self.text_object = typed(pdfium.FPDFText_GetTextObject, handle, handle, index)
        self.unicode = typed(pdfium.FPDFText_GetUnicode, ctypes.c_uint, handle, index)
        self.text = typed(pdfium.FPDFText_GetText, ctypes.c_int, handle, index, index, ctypes.c_char_p)
        self.origin = typed(pdfium.FPDFText_GetCharOrigin, ctypes.c_int, handle, index, double, double)
        self.map_error = typed(pdfium.FPDFText_HasUnicodeMapError, ctypes.c_int, handle, index)
        self.font_size = typed(pdfium.FPDFText_GetFontSize, ctypes.c_double, handle, index)
        self.matrix = typed(pdfium.FPDFText_GetMatrix, ctypes.c_int, handle, index, ctypes.POINTER(pdfium.FS_MATRIX))
        self.loose_box = typed(pdfium.FPDFText_GetLooseCharBox, ctypes.c_int, handle, index, ctypes.POINTER(pdfium.FS_RECTF))
        self.font = typed(pdfium.FPDFTextObj_GetFont, handle, handle)
        self.font_name = typed(pdfium.FPDFFont_GetBaseFontName, ctypes.c_size_t, handle, ctypes.c_char_p, ctypes.c_size_t)
        self.glyph_width = typed(pdfium.FPDFFont_GetGlyphWidth, ctypes.c_int, handle, ctypes.c_uint, ctypes.c_float,
                                 ctypes.POINTER(ctypes.c_float))
        self.matrix_type = pdfium.FS_MATRIX
        self.rect_type = pdfium.FS_RECTF


@dataclass
class _Font:
    """A PDFium font of the open document, and what the reader needs of it."""

    name: str
    widths: dict[int, float] = field(default_factory=dict)  # advance per unit of font size, by code point


@dataclass
class _TextObject:
    """What the characters of one PDFium text object share: the font, and the text matrix
    times the font size (page space, pdfminer's orientation)."""

    font: _Font
    a: float
    b: float
    c: float
    d: float
    upright: bool
    plain: bool  # upright, unrotated, not mirrored: x grows with the advance, y with the size


def _read_chars(calls: _TextCalls, page: Any, view: _PageView, doctop: float, records: PageRecords,
                fonts: dict[int, _Font]) -> None:
    text_page = calls.load(ctypes.cast(page, ctypes.c_void_p).value)
    if not text_page:
        return
    try:
        objects: dict[int, _TextObject] = {}
        styles: dict[tuple[float, ...], _TextObject] = {}
        ox, oy = ctypes.c_double(), ctypes.c_double()
        text_object, unicode, origin, map_error = calls.text_object, calls.unicode, calls.origin, calls.map_error
        c0, c1, c2, c3, c4, c5 = view.ctm
        height = view.height
        chars = records.chars
        last: tuple[int, float, float] | None = None  # text object and origin of the last character
        count = calls.count(text_page)
        codes = _page_codes(calls, text_page, count)
        for i in range(count):
            handle = text_object(text_page, i)
            if not handle:
                last = None
                continue  # a space or line break PDFium generated; pdfminer has none
            obj = objects.get(handle)
            if obj is None:
                obj = objects[handle] = _text_object(calls, text_page, i, handle, view, fonts, styles)
            code = codes[i] if codes is not None else unicode(text_page, i)
            origin(text_page, i, ox, oy)
            # No Unicode for a glyph: PDFium passes the character code on as if it were text.
            # pdfminer writes it as "(cid:N)", which ``usable_chars`` counts and drops.
            unmapped = map_error(text_page, i)
            text = f"(cid:{code})" if unmapped else chr(code) if 0 < code < 0x110000 else ""
            here = (handle, ox.value, oy.value)
            if here == last and chars:
                # One glyph mapped to several code points (a ligature "ff", or ToUnicode giving
                # a string): PDFium lists a piece per code point at the same origin; pdfminer
                # has one character with all the text.
                chars[-1]["text"] += text
                _widen(calls, text_page, i, chars[-1], view)
                continue
            last = here
            widths = obj.font.widths
            width = widths.get(code)
            if width is None:
                width = widths[code] = _glyph_width(calls, handle, code)
            # PDFium computes in single precision: 209.8 comes back as 209.8000030518.
            x, y = round(here[1], 4), round(here[2], 4)
            px, py = c0 * x + c2 * y + c4, c1 * x + c3 * y + c5
            if obj.plain and width > 0:
                # Upright text (nearly every character of a report): the box without corners.
                top = height - py - obj.d
                char = {"text": text, "fontname": obj.font.name, "size": obj.d, "upright": True, "x0": px,
                        "x1": px + obj.a * width, "top": top, "bottom": height - py, "doctop": doctop + top}
            else:
                char = _char(text, obj, width, (px, py), height, doctop)
            if width == 0 and text.strip():
                _widen(calls, text_page, i, char, view)
            chars.append(char)
    finally:
        calls.close(text_page)


def _page_codes(calls: _TextCalls, text_page: int, count: int) -> list[int] | None:
    """Every character's code point in one call, where PDFium's page text lines up with its
    characters one to one (no control characters left out, nothing beyond the BMP taking two
    UTF-16 units); else None, and the caller asks character by character."""
    if count <= 0:
        return None
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = calls.text(text_page, 0, count, buffer)
    if written != count + 1:  # the count includes the closing NUL
        return None
    codes = list(memoryview(buffer.raw[: 2 * count]).cast("H"))
    return None if any(0xD800 <= c < 0xE000 for c in codes) else codes


def _text_object(calls: _TextCalls, text_page: int, index: int, handle: int, view: _PageView,
                 fonts: dict[int, _Font], styles: dict[tuple[float, ...], _TextObject]) -> _TextObject:
    """The text object's font and matrix. PDFium makes a text object of each string of a TJ
    array, a few characters each, so the derived record is shared by all objects of the same
    font, size and matrix (``styles``, per page)."""
    font_handle = calls.font(handle) or 0
    m = calls.matrix_type()
    calls.matrix(text_page, index, m)
    raw = calls.font_size(text_page, index)
    style = (font_handle, raw, m.a, m.b, m.c, m.d)
    known = styles.get(style)
    if known is not None:
        return known
    font = fonts.get(font_handle)
    if font is None:
        # PDFium drops the subset tag ("BAAAAA+"); two subsets of one font are different fonts
        # (``dedupe_chars`` compares names), so each font of the document gets its own tag.
        font = fonts[font_handle] = _Font(f"F{len(fonts)}+{_font_name(calls, font_handle)}")
    size = _decimal(raw)
    linear = (_decimal(m.a) * size, _decimal(m.b) * size, _decimal(m.c) * size, _decimal(m.d) * size, 0.0, 0.0)
    a, b, c, d, _, _ = _multiply(linear, (*view.ctm[:4], 0.0, 0.0))
    # pdfminer: upright when the text runs left to right, not mirrored, not rotated.
    styles[style] = _TextObject(font, a, b, c, d, a * d > 0 and b * c <= 0, b == 0 and c == 0 and a > 0 and d > 0)
    return styles[style]


def _font_name(calls: _TextCalls, font: int) -> str:
    if not font:
        return ""
    size = calls.font_name(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    calls.font_name(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def _glyph_width(calls: _TextCalls, handle: int, code: int) -> float:
    """The advance of the glyph for code point ``code`` per unit of font size (negative: a
    vertical font's vertical advance).

    ``FPDFFont_GetGlyphWidth`` takes a code point, maps it back to the character code and
    reads the font's width for it (the /W or /Widths entry), as pdfminer does."""
    font = calls.font(handle)
    value = ctypes.c_float()
    # Per 1000 units of font size, so the float32 result keeps the font's integer widths.
    if not font or not calls.glyph_width(font, code, 1000.0, value):
        return 0.0
    return _decimal(value.value) / 1000.0


def _widen(calls: _TextCalls, text_page: int, index: int, char: Obj, view: _PageView) -> None:
    """A character whose advance the font cannot give by code point (a ligature, a glyph
    whose code point maps to no single character code): the right side of PDFium's loose
    box, which is at least the advance (upright text only; others keep their box)."""
    if not char["upright"]:
        return
    rect = calls.rect_type()
    if not calls.loose_box(text_page, index, rect):
        return
    x0, _ = _apply(view.ctm, _decimal(rect.left), 0.0)
    x1, _ = _apply(view.ctm, _decimal(rect.right), 0.0)
    char["x1"] = max(char["x1"], x0, x1)


def _char(text: str, obj: _TextObject, width: float, origin: tuple[float, float], height: float, doctop: float) -> Obj:
    """pdfminer's character box, through the text matrix (times the font size), from PDFium's
    glyph origin.

    Horizontal writing: (0, 0) to (advance, 1) in units of the font size, on the baseline
    (the module's docstring says why not from the font's descent). Vertical writing (a
    negative width: PDFium gives a vertical font's vertical advance): PDFium's origin is the
    lower left of the glyph's cell, which pdfminer makes one font size wide and the advance
    tall, ending one font size above that origin."""
    a, b, c, d = obj.a, obj.b, obj.c, obj.d
    ox, oy = origin
    vertical = width < 0
    if not vertical and b == 0 and c == 0:
        # Upright or mirrored text without rotation: nearly every character of a report.
        x0, x1 = (ox, ox + a * width) if a >= 0 else (ox + a * width, ox)
        y0, y1 = (oy, oy + d) if d >= 0 else (oy + d, oy)
    else:
        u1, v0 = (1.0, 1.0 + width) if vertical else (width, 0.0)
        xs = [ox + a * u + c * v for u in (0.0, u1) for v in (v0, 1.0)]
        ys = [oy + b * u + d * v for u in (0.0, u1) for v in (v0, 1.0)]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return {
        "text": text,
        "fontname": obj.font.name,
        "size": x1 - x0 if vertical else y1 - y0,
        "upright": obj.upright,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": height - y0,
        "doctop": doctop + top,
    }


# --- drawings and images ------------------------------------------------------------------


class _ObjectCalls:
    """PDFium's page-object functions, typed with plain addresses (see ``_TextCalls``)."""

    def __init__(self, pdfium: Any) -> None:
        def typed(function: Any, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        handle, index, i32 = ctypes.c_void_p, ctypes.c_int, ctypes.c_int
        floats = ctypes.POINTER(ctypes.c_float)
        uint = ctypes.POINTER(ctypes.c_uint)
        self.count = typed(pdfium.FPDFPage_CountObjects, i32, handle)
        self.get = typed(pdfium.FPDFPage_GetObject, handle, handle, index)
        self.form_count = typed(pdfium.FPDFFormObj_CountObjects, i32, handle)
        self.form_get = typed(pdfium.FPDFFormObj_GetObject, handle, handle, ctypes.c_ulong)
        self.kind = typed(pdfium.FPDFPageObj_GetType, i32, handle)
        self.matrix = typed(pdfium.FPDFPageObj_GetMatrix, i32, handle, ctypes.POINTER(pdfium.FS_MATRIX))
        self.draw_mode = typed(pdfium.FPDFPath_GetDrawMode, i32, handle, ctypes.POINTER(ctypes.c_int),
                               ctypes.POINTER(ctypes.c_int))
        self.stroke_colour = typed(pdfium.FPDFPageObj_GetStrokeColor, i32, handle, uint, uint, uint, uint)
        self.fill_colour = typed(pdfium.FPDFPageObj_GetFillColor, i32, handle, uint, uint, uint, uint)
        self.segments = typed(pdfium.FPDFPath_CountSegments, i32, handle)
        self.segment = typed(pdfium.FPDFPath_GetPathSegment, handle, handle, index)
        self.segment_kind = typed(pdfium.FPDFPathSegment_GetType, i32, handle)
        self.point = typed(pdfium.FPDFPathSegment_GetPoint, i32, handle, floats, floats)
        self.closes = typed(pdfium.FPDFPathSegment_GetClose, i32, handle)
        self.matrix_type = pdfium.FS_MATRIX
        self.PATH, self.IMAGE, self.FORM = pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_FORM
        self.MOVETO, self.BEZIERTO = pdfium.FPDF_SEGMENT_MOVETO, pdfium.FPDF_SEGMENT_BEZIERTO
        self.NO_FILL = pdfium.FPDF_FILLMODE_NONE


def _read_objects(calls: _ObjectCalls, page: Any, view: _PageView, doctop: float, records: PageRecords) -> None:
    address = ctypes.cast(page, ctypes.c_void_p).value
    handles = (calls.get(address, i) for i in range(calls.count(address)))
    _walk(calls, handles, view.ctm, view, doctop, records, 0)


# Form XObjects nest; past this depth a file is built to make the walk spin (a real report
# nests two or three deep at most).
_MAX_FORM_DEPTH = 12


def _walk(calls: _ObjectCalls, handles: Iterator[int], outer: Matrix, view: _PageView, doctop: float,
          records: PageRecords, depth: int) -> None:
    m = calls.matrix_type()
    for handle in handles:
        kind = calls.kind(handle)
        if kind not in (calls.PATH, calls.IMAGE, calls.FORM):
            continue
        matrix = outer
        if calls.matrix(handle, m):
            matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == calls.PATH:
            records.drawings.extend(_path_objects(calls, handle, matrix, view.height, doctop))
        elif kind == calls.IMAGE:
            corners = [_apply(matrix, x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)]
            xs, ys = [x for x, _ in corners], [y for _, y in corners]
            records.images.append((min(xs), view.height - max(ys), max(xs), view.height - min(ys)))
        elif depth < _MAX_FORM_DEPTH:
            children = (calls.form_get(handle, i) for i in range(max(calls.form_count(handle), 0)))
            _walk(calls, children, matrix, view, doctop, records, depth + 1)


def _path_objects(calls: _ObjectCalls, handle: int, matrix: Matrix, height: float, doctop: float) -> list[Obj]:
    """A path object as pdfminer paints it: each subpath a line, a rectangle or a curve."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not calls.draw_mode(handle, fill_mode, stroke):
        return []
    style = {
        "stroke": bool(stroke.value),
        "fill": fill_mode.value != calls.NO_FILL,
        "stroking_color": _colour(calls.stroke_colour, handle),
        "non_stroking_color": _colour(calls.fill_colour, handle),
    }
    out: list[Obj] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    subpath: list[tuple[str, tuple[float, float]]] = []
    a, b, c, d, e, f = matrix
    for i in range(calls.segments(handle)):
        segment = calls.segment(handle, i)
        kind = calls.segment_kind(segment)
        calls.point(segment, x, y)
        px, py = _decimal(x.value), _decimal(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == calls.MOVETO:
            out.extend(_subpath_object(subpath, style, height, doctop))
            subpath = [("m", point)]
            continue
        if not subpath:
            # A path must start with a move; pdfminer ignores one that does not, and so does
            # ``_subpath_object`` (the marker is not "m").
            subpath = [("x", point)]
        # PDFium lists a curve as three points (two controls, then the end); pdfminer keeps
        # only the end point of each segment.
        subpath.append(("c" if kind == calls.BEZIERTO else "l", point))
        if calls.closes(segment):
            subpath.append(("h", subpath[0][1]))
    out.extend(_subpath_object(subpath, style, height, doctop))
    return out


def _subpath_object(subpath: list[tuple[str, tuple[float, float]]], style: dict[str, Any], height: float,
                    doctop: float) -> list[Obj]:
    if not subpath or subpath[0][0] != "m":
        return []
    # Bézier segments come as three points each; only every third is an end point.
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    run = 0
    for op, point in subpath:
        if op == "c":
            run += 1
            if run % 3:
                continue
        else:
            run = 0
        ops.append(op)
        pts.append(point)
    shape = "".join(ops)
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop(-2)
    flipped = [(px, height - py) for px, py in pts]
    if shape in ("mlh", "ml"):
        return [_line(flipped[0], flipped[1], style, doctop)]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            return [_box("rect", flipped, style, doctop)]
    return [dict(_box("curve", flipped, style, doctop), pts=flipped)]


def _box(kind: str, pts: list[tuple[float, float]], style: dict[str, Any], doctop: float) -> Obj:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
            "width": x1 - x0, "height": bottom - top, **style}


def _line(p0: tuple[float, float], p1: tuple[float, float], style: dict[str, Any], doctop: float) -> Obj:
    return dict(_box("line", [p0, p1], style, doctop), pts=[p0, p1])


def _colour(getter: Any, handle: Any) -> tuple[float, ...] | None:
    """The colour as RGB fractions (PDFium converts grey and CMYK to RGB; ``is_visible_rule``
    reads three values as grey/RGB levels), or None for a pattern PDFium cannot express."""
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(handle, r, g, b, a):
        return None
    return (r.value / 255.0, g.value / 255.0, b.value / 255.0)


def obj_to_edges(obj: Obj) -> list[Obj]:
    """pdfplumber's edges of a drawing (``utils.geometry.obj_to_edges``): a rectangle's four
    sides, a line, each segment of a curve; orientation "h", "v" (or None for a slanted curve
    segment; pdfplumber calls every slanted *line* "v", and so does this)."""
    kind = obj["object_type"]
    if kind == "line":
        return [dict(obj, orientation="h" if obj["top"] == obj["bottom"] else "v")]
    if kind == "rect":
        x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
        doctop = obj["doctop"]
        return [
            dict(obj, object_type="rect_edge", height=0, bottom=top, orientation="h"),
            dict(obj, object_type="rect_edge", height=0, top=bottom, doctop=doctop + obj["height"], orientation="h"),
            dict(obj, object_type="rect_edge", width=0, x1=x0, orientation="v"),
            dict(obj, object_type="rect_edge", width=0, x0=x1, orientation="v"),
        ]
    pts = obj["pts"]
    offset = obj["doctop"] - obj["top"]
    return [
        {
            "object_type": "curve_edge",
            "x0": min(p0[0], p1[0]),
            "x1": max(p0[0], p1[0]),
            "top": min(p0[1], p1[1]),
            "doctop": min(p0[1], p1[1]) + offset,
            "bottom": max(p0[1], p1[1]),
            "width": abs(p0[0] - p1[0]),
            "height": abs(p0[1] - p1[1]),
            "orientation": "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None),
        }
        for p0, p1 in zip(pts, pts[1:], strict=False)
    ]
