"""Checks on a Word file's container before any XML in it is parsed.

A DOCX is a zip of XML parts: it can be a zip bomb (parts that unpack to gigabytes), carry a
DTD whose entities expand exponentially ("billion laughs") or pull in local files (external
entities), or be damaged. A DOC is an OLE compound file, which is also what Word writes when
a DOCX is protected by a password. Everything here reads only directories and part headers,
so refusing costs milliseconds.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from extractor.errors import EncryptedInput, LimitExceeded, UnreadableInput
from extractor.limits import MAX_ZIP_MEMBERS, Limits

# Word never writes a DTD; any of these in a part's prolog is hostile or broken.
_DTD_MARKERS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_PROLOG_BYTES = 64 * 1024

# What zipfile raises on a damaged container, beyond BadZipFile: unknown versions and
# methods (NotImplementedError), bad sizes (ValueError, EOFError), bad deflate data.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, zlib.error)


def check_docx_container(path: Path, limits: Limits) -> int | None:
    """Refuse a DOCX that is damaged, too large unpacked, or declares a DTD.

    Returns the page count Word recorded (docProps/app.xml), read on the same pass, or None
    for files that do not record one (generated files, LibreOffice conversions)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = checked_members(zf, limits)
            names = {m.filename for m in members}
            if "word/document.xml" not in names:
                raise UnreadableInput("the zip container has no word/document.xml (damaged, or not a Word file)")
            pages = None
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    head = _prolog_without_dtd(zf, member)
                    if member.filename == "docProps/app.xml":
                        found = re.search(rb"<Pages>(\d+)</Pages>", head)
                        pages = int(found.group(1)) if found else None
            return pages
    except (*ZIP_ERRORS, OSError) as exc:
        # OSError: offsets that point before the file's start make the seek itself fail.
        raise UnreadableInput(f"corrupt zip container: {exc}") from exc


def checked_members(zf: zipfile.ZipFile, limits: Limits, what: str = "the Word file") -> list[zipfile.ZipInfo]:
    """The zip's members, once it is known not to be a bomb: too many members, or declared
    sizes that unpack past ``limits.max_unzipped_mb``, raise ``LimitExceeded`` before one byte
    is unpacked. (Also the service's guard on uploaded zips.)"""
    members = zf.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise LimitExceeded(f"{what} holds {len(members)} parts (at most {MAX_ZIP_MEMBERS})")
    # The declared sizes bound what zipfile will ever unpack: it stops at the declared
    # size and fails the CRC check if the data claims more.
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unzipped_mb * 1e6:
        raise LimitExceeded(
            f"{what} unpacks to {unpacked / 1e6:,.0f} MB, over the limit of "
            f"{limits.max_unzipped_mb:g} MB (--max-unzipped-mb)"
        )
    return members


def _prolog_without_dtd(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """The part's first bytes, refused when they declare a DTD."""
    with zf.open(member) as fh:
        head = fh.read(_PROLOG_BYTES)
    if any(marker in head for marker in _DTD_MARKERS):
        raise UnreadableInput(
            f"refused: {member.filename} declares a DTD (entity expansion or external entities); "
            "Word never writes one"
        )
    return head


def check_ole_container(path: Path) -> None:
    """Refuse a password-protected Word file before handing it to LibreOffice (which would
    fail without saying why)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise EncryptedInput("the Word file is protected by a password")
            if ole.exists("WordDocument") and _fib_encrypted(ole.openstream("WordDocument").read(12)):
                raise EncryptedInput("the Word file is protected by a password")
    except EncryptedInput:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises assorted errors on damaged files
        raise UnreadableInput(f"damaged OLE container: {type(exc).__name__}: {exc}") from exc


def _fib_encrypted(fib: bytes) -> bool:
    """fEncrypted: bit 8 of the flags word at offset 0x0A of the File Information Block."""
    return len(fib) >= 12 and bool(int.from_bytes(fib[10:12], "little") & 0x0100)
