"""Choose a reader by the file's content (its magic bytes), not only its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractor.errors import UnreadableInput, UnsupportedFormat
from extractor.layout import Document
from extractor.limits import Limits
from extractor.readers.word_guard import ZIP_ERRORS

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".doc", ".wps", ".txt", ".md"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path) -> str:
    """The format the bytes say, falling back on the suffix for plain text."""
    suffix = path.suffix.lower().lstrip(".")
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        raise UnreadableInput("the file is empty")
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return _sniff_zip(path, suffix)
    if head[:8] == _OLE:
        return "wps" if suffix == "wps" else "doc"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(f"binary content that is not PDF or Word (.{suffix or '?'})")
    return "md" if suffix == "md" else "txt"


def _sniff_zip(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (*ZIP_ERRORS, OSError) as exc:
        raise UnreadableInput(f"corrupt zip container: {exc}") from exc
    if "word/document.xml" in names or suffix == "docx":
        # A .docx without its main part is a damaged Word file; the container check says so.
        return "docx"
    raise UnsupportedFormat("a zip file that is not a Word document")


def read_document(path: Path, fmt: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    if fmt == "pdf":
        from extractor.readers.pdf import read_pdf

        return read_pdf(path, limits)
    if fmt == "docx":
        from extractor.readers.docx_reader import read_docx

        return read_docx(path, limits=limits)
    if fmt in ("doc", "wps"):
        from extractor.readers.office_convert import read_via_libreoffice
        from extractor.readers.word_guard import check_ole_container

        check_ole_container(path)
        return read_via_libreoffice(path, fmt, limits)
    from extractor.readers.text_reader import read_text

    return read_text(path, fmt)
