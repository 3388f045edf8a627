"""Choose a reader by the file's content (its magic bytes), not only its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractor.errors import UnreadableInput, UnsupportedFormat
from extractor.layout import Document

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
        try:
            with zipfile.ZipFile(path) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise UnreadableInput(f"corrupt zip container: {exc}") from exc
        raise UnsupportedFormat("a zip file that is not a Word document")
    if head[:8] == _OLE:
        return "wps" if suffix == "wps" else "doc"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(f"binary content that is not PDF or Word (.{suffix or '?'})")
    return "md" if suffix == "md" else "txt"


def read_document(path: Path, fmt: str) -> Document:
    if fmt == "pdf":
        from extractor.readers.pdf import read_pdf

        return read_pdf(path)
    if fmt == "docx":
        from extractor.readers.docx_reader import read_docx

        return read_docx(path)
    if fmt in ("doc", "wps"):
        from extractor.readers.office_convert import read_via_libreoffice

        return read_via_libreoffice(path, fmt)
    from extractor.readers.text_reader import read_text

    return read_text(path, fmt)
