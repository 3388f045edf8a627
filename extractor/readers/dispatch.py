"""Which reader reads a file: one backend per format, chosen by the file's content.

Everything format-specific outside the readers lives here: the signatures that say what a
file is, the suffixes a batch picks up, and the policy when name and content disagree.
Adding a format means a reader module and one ``Backend`` line below; the pipeline only
calls :func:`read_document`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from extractor.contract import Warning
from extractor.errors import UnreadableInput, UnsupportedFormat
from extractor.layout import Document
from extractor.limits import Limits
from extractor.readers.traditional import to_simplified
from extractor.readers.word_guard import ZIP_ERRORS
from extractor.warning_codes import WarningCode


class Format(StrEnum):
    """The formats read, as ``source.format`` names them."""

    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"
    WPS = "wps"
    TXT = "txt"
    MD = "md"
    HTML = "html"


Read = Callable[[Path, Format, Limits], Document]


# Readers are imported when first used: pdfplumber, python-docx and LibreOffice are not all
# needed for every file, and start-up time matters for one-file commands.
def _read_pdf(path: Path, fmt: Format, limits: Limits) -> Document:
    from extractor.readers.pdf_document import read_pdf

    return read_pdf(path, limits)


def _read_docx(path: Path, fmt: Format, limits: Limits) -> Document:
    from extractor.readers.docx_reader import read_docx

    return read_docx(path, limits=limits)


def _read_legacy_word(path: Path, fmt: Format, limits: Limits) -> Document:
    from extractor.readers.office_convert import read_via_libreoffice
    from extractor.readers.word_guard import check_ole_container

    check_ole_container(path)
    return read_via_libreoffice(path, fmt, limits)


def _read_text(path: Path, fmt: Format, limits: Limits) -> Document:
    from extractor.readers.text_reader import read_text

    return read_text(path, fmt)


def _read_html(path: Path, fmt: Format, limits: Limits) -> Document:
    from extractor.readers.html import read_html

    return read_html(path, fmt)


@dataclass(frozen=True)
class Backend:
    format: Format
    suffixes: tuple[str, ...]
    read: Read


BACKENDS: dict[Format, Backend] = {
    b.format: b
    for b in (
        Backend(Format.PDF, (".pdf",), _read_pdf),
        Backend(Format.DOCX, (".docx",), _read_docx),
        Backend(Format.DOC, (".doc",), _read_legacy_word),
        Backend(Format.WPS, (".wps",), _read_legacy_word),
        Backend(Format.TXT, (".txt",), _read_text),
        Backend(Format.MD, (".md",), _read_text),
        Backend(Format.HTML, (".html", ".htm", ".shtml", ".xhtml"), _read_html),
    )
}
SUPPORTED_SUFFIXES = frozenset(s for b in BACKENDS.values() for s in b.suffixes)
# For messages: the kinds of file a user may give, in the backends' order.
_READS = " ".join(dict.fromkeys(s for b in BACKENDS.values() for s in b.suffixes))
# Formats told apart by name only: their content has no signature.
_PLAIN_TEXT = (Format.TXT, Format.MD)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A web page whatever its name: it opens (after a BOM, an XML declaration and comments such
# as a browser's "saved from url") with a doctype, <html>, or a head element of a page saved
# without one. A markdown file's inline <br> or <table> further down is not a page.
_HTML_START = re.compile(
    rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:!doctype\s+html|html|head|meta|title)\b", re.I | re.S
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff_format(path: Path) -> Format:
    """The format the bytes say, falling back on the suffix for plain text."""
    suffix = path.suffix.lower().lstrip(".")
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        raise UnreadableInput("the file is empty")
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return Format.PDF
    if head[:4] == b"PK\x03\x04":
        return _sniff_zip(path, suffix)
    if head[:8] == _OLE:
        return Format.WPS if suffix == "wps" else Format.DOC
    if _looks_like_html(head):
        return Format.HTML
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise UnsupportedFormat(f"binary content that is not PDF or Word (.{suffix or '?'}; reads {_READS})")
    if f".{suffix}" in BACKENDS[Format.HTML].suffixes:
        # A page fragment (an article saved without <html>) is still HTML: any text is.
        return Format.HTML
    return Format.MD if suffix == "md" else Format.TXT


def _looks_like_html(head: bytes) -> bool:
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return bool(_HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def _sniff_zip(path: Path, suffix: str) -> Format:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (*ZIP_ERRORS, OSError) as exc:
        raise UnreadableInput(f"corrupt zip container: {exc}") from exc
    if "word/document.xml" in names or suffix == "docx":
        # A .docx without its main part is a damaged Word file; the container check says so.
        return Format.DOCX
    raise UnsupportedFormat("a zip file that is not a Word document")


def detect(path: Path) -> tuple[Format, list[Warning]]:
    """The format to read ``path`` as, and a warning when its name says otherwise.

    The content decides. A file named for a binary format whose content has no signature is
    damaged (not text); any other name on plain text is an unsupported type."""
    fmt = sniff_format(path)
    suffix = path.suffix.lower()
    if not suffix or suffix in BACKENDS[fmt].suffixes or (fmt in _PLAIN_TEXT and _is_plain_text_suffix(suffix)):
        return fmt, []
    if fmt in _PLAIN_TEXT:
        if suffix in SUPPORTED_SUFFIXES:
            raise UnreadableInput(f"not a valid {suffix} file (its content has no {suffix} signature)")
        raise UnsupportedFormat(f"unsupported file type {suffix} (reads {_READS})")
    message = f"named {suffix} but the content is {fmt}; read as {fmt}"
    return fmt, [Warning(code=WarningCode.EXTENSION_MISMATCH, message=message)]


def _is_plain_text_suffix(suffix: str) -> bool:
    return any(suffix in BACKENDS[f].suffixes for f in _PLAIN_TEXT)


def read_document(path: Path, limits: Limits | None = None) -> Document:
    """Detect the format and read the file with its backend; a name/content mismatch is
    the first of the document's warnings."""
    fmt, warnings = detect(path)
    document = BACKENDS[fmt].read(path, fmt, limits or Limits())
    document.warnings[:0] = warnings
    return to_simplified(document)
