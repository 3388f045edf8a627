"""Uploads: multipart bodies streamed to disk under names the server makes, within limits.

The body is parsed as it arrives (python-multipart's streaming parser), each file part going
straight to ``<job>/in/<n><.suffix>`` with its sha256 computed on the way. A body declared
larger than the limit is refused before it is read; one that turns out larger is refused at
the byte that crosses the limit, and the rest is never read. The client's file name is kept
only as text: the suffix (lower case, letters and digits) is the one part of it that reaches
the file system, so a stored file is read as the CLI would read the original.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header

from extractor.errors import EncryptedInput, LimitExceeded
from extractor.limits import Limits
from extractor.readers.dispatch import SUPPORTED_SUFFIXES
from extractor.readers.word_guard import ZIP_ERRORS, checked_members
from extractor.service.errors import DISK_FULL_MESSAGE, UNSAFE_NAME_REASON, ApiError, ErrorCode, disk_full
from extractor.service.jobs import NewDocument, Refusal

_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
_ZIP_UTF8_FLAG = 0x800  # general purpose bit 11: the member names are UTF-8
_ZIP_ENCRYPTED_FLAG = 0x1  # general purpose bit 0: the member is encrypted
_COPY_CHUNK = 1 << 20


def stored_suffix(name: str) -> str:
    """The suffix the stored copy keeps (the reader uses it, as for a file on disk)."""
    suffix = PurePosixPath(re.split(r"[/\\]", name)[-1]).suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


@dataclass
class UploadLimits:
    max_body: int  # bytes, the whole request
    max_file: int  # bytes, one file part or zip member
    max_documents: int  # files in one request, zip members included
    unzip: Limits  # max_unzipped_mb bounds an uploaded zip as it bounds a Word file

    def too_large(self, what: str, limit: int) -> ApiError:
        return ApiError(ErrorCode.UPLOAD_TOO_LARGE, f"{what} is over the limit of {limit / 1e6:g} MB")


@dataclass
class _Part:
    name: str
    handle: BinaryIO
    path: Path
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    size: int = 0


class _Receiver:
    """The parser's callbacks: one file part at a time, written where the server decides."""

    def __init__(self, folder: Path, limits: UploadLimits) -> None:
        self.folder = folder
        self.limits = limits
        self.files: list[tuple[str, Path, str]] = []  # (client name, stored path, sha256)
        self._headers: dict[bytes, bytes] = {}
        self._field = b""
        self._value = b""
        self._part: _Part | None = None
        self.ended = False

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: self._add("_field", d[s:e]),
            "on_header_value": lambda d, s, e: self._add("_value", d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)
        if len(self._field) + len(self._value) > 16384:
            raise ApiError(ErrorCode.BAD_REQUEST, "a part's header is too long")

    def _begin(self) -> None:
        self._headers, self._part = {}, None

    def _header_end(self) -> None:
        self._headers[self._field.strip().lower()] = self._value.strip()
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if b"filename" not in params:
            return  # a plain form field: options come as query parameters, so it is ignored
        if len(self.files) >= self.limits.max_documents:
            raise ApiError(ErrorCode.TOO_MANY_DOCUMENTS, f"more than {self.limits.max_documents} files in one request")
        # Header bytes as sent; names that are not UTF-8 keep their bytes (surrogate escapes),
        # as a file on disk would: source.file then shows them as \xNN.
        name = params[b"filename"].decode("utf-8", "surrogateescape") or "upload"
        path = self.folder / f"{len(self.files)}{stored_suffix(name)}"
        self._part = _Part(name, path.open("xb"), path)

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part is None:
            return
        chunk = data[start:end]
        part.size += len(chunk)
        if part.size > self.limits.max_file:
            raise self.limits.too_large(f"the file {part.name!r}", self.limits.max_file)
        part.digest.update(chunk)
        part.handle.write(chunk)

    def _part_end(self) -> None:
        part, self._part = self._part, None
        if part is not None:
            part.handle.close()
            self.files.append((part.name, part.path, part.digest.hexdigest()))

    def _end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._part is not None:
            self._part.handle.close()


async def receive(headers: dict[str, str], body: AsyncIterator[bytes], folder: Path,
                  limits: UploadLimits) -> list[tuple[str, Path, str]]:
    """Stream a multipart body into ``folder``; returns (client name, stored path, sha256)
    per file part, in order. Raises ``ApiError`` (400, 413) and leaves cleanup to the caller."""
    ctype, params = parse_options_header(headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise ApiError(ErrorCode.BAD_REQUEST, "expected a multipart/form-data upload (curl -F file=@report.pdf)")
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
        # Refused on the header alone: none of the body is read.
        raise limits.too_large("the upload", limits.max_body)
    folder.mkdir(parents=True, exist_ok=True)
    receiver = _Receiver(folder, limits)
    try:
        parser = MultipartParser(params[b"boundary"], receiver.callbacks())  # type: ignore[arg-type]
    except ValueError as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, f"bad multipart boundary: {exc}") from None
    total = 0
    try:
        async for chunk in body:
            total += len(chunk)
            if total > limits.max_body:
                raise limits.too_large("the upload", limits.max_body)
            parser.write(chunk)
            if receiver.ended:
                break  # anything after the closing boundary is the client's epilogue
        parser.finalize()
    except ApiError:
        raise
    except OSError as exc:  # writing the part: the server's fault, not the body's
        if disk_full(exc):
            raise ApiError(ErrorCode.DISK_FULL, DISK_FULL_MESSAGE) from None
        raise
    except Exception as exc:  # noqa: BLE001 - python-multipart's parse errors: a malformed body
        raise ApiError(ErrorCode.BAD_REQUEST, f"malformed multipart body: {type(exc).__name__}") from None
    finally:
        receiver.close()
    if not receiver.ended:
        raise ApiError(ErrorCode.BAD_REQUEST, "the multipart body ended before its closing boundary")
    if not receiver.files:
        raise ApiError(ErrorCode.BAD_REQUEST, "no file in the upload (send one as a file part: curl -F file=@report.pdf)")
    return receiver.files


def documents(files: list[tuple[str, Path, str]], folder: Path, limits: UploadLimits,
              unzip: bool) -> list[NewDocument]:
    """The job's documents from the received files: a ``.zip`` part (when ``unzip``) gives its
    members with a report's suffix; any other part is a document as it is. Blocking: zips
    are read here, so the caller runs this in a thread."""
    result: list[NewDocument] = []
    for name, path, sha in files:
        if unzip and stored_suffix(name) == ".zip":
            result.extend(_unpack(path, name, folder, limits, len(result)))
            path.unlink(missing_ok=True)
        else:
            result.append(NewDocument(name, sha, path.name))
        if len(result) > limits.max_documents:
            raise ApiError(ErrorCode.TOO_MANY_DOCUMENTS, f"more than {limits.max_documents} documents in one job")
    if not result:
        raise ApiError(ErrorCode.BAD_REQUEST, "no report files in the upload (.pdf .docx .doc .wps .txt .md .html …)")
    return result


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the file system would have it after unzipping: UTF-8 when the
    zip says so, else its raw bytes (GBK from Chinese Windows) as surrogate escapes."""
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")  # zipfile decoded the bytes as CP437
    except UnicodeEncodeError:
        return info.filename
    return raw.decode("utf-8", "surrogateescape")


def unsafe(name: str) -> bool:
    """A name that would leave the folder it is unpacked in (or cannot be a file name)."""
    parts = re.split(r"[/\\]", name)
    return (name.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", name)) or "\x00" in name
            or any(p == ".." for p in parts))


def _unpack(path: Path, zip_name: str, folder: Path, limits: UploadLimits, first: int) -> list[NewDocument]:
    """A zip's report files, each copied (bounded) to a numbered file of its own; nothing
    named by the zip is created. Members with a name that climbs out (``../``, absolute)
    get a refusal as their outcome and are not unpacked."""
    found: list[NewDocument] = []
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                members = checked_members(zf, limits.unzip, what=f"the zip {zip_name!r}")
            except LimitExceeded as exc:
                raise ApiError(ErrorCode.LIMIT_EXCEEDED, f"limit exceeded: {exc}") from None
            for info in members:
                name = _member_name(info)
                if info.is_dir() or name.startswith("__MACOSX/"):
                    continue
                shown_name = f"{zip_name}/{name}"
                if unsafe(name):
                    found.append(NewDocument(shown_name, refused=Refusal(
                        UNSAFE_NAME_REASON, f"{UNSAFE_NAME_REASON}: the zip member's name leads outside the job "
                        "folder; not unpacked")))
                    continue
                if stored_suffix(name) not in SUPPORTED_SUFFIXES:
                    continue  # like batch: only files with a report's suffix are inputs
                if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
                    found.append(NewDocument(shown_name, refused=Refusal(
                        EncryptedInput.reason, "encrypted: the zip member needs a password; not unpacked")))
                    continue
                if info.file_size > limits.max_file:
                    found.append(NewDocument(shown_name, refused=Refusal(
                        "limit exceeded", f"limit exceeded: the file is {info.file_size / 1e6:.1f} MB, over the limit "
                        f"of {limits.max_file / 1e6:g} MB (--max-file-mb)")))
                    continue
                target = folder / f"z{first + len(found)}-{len(found)}{stored_suffix(name)}"
                sha = _copy_member(zf, info, target, limits.max_file)
                found.append(NewDocument(shown_name, sha, target.name))
                if first + len(found) > limits.max_documents:
                    raise ApiError(ErrorCode.TOO_MANY_DOCUMENTS,
                                   f"more than {limits.max_documents} documents in one job")
    except (*ZIP_ERRORS, OSError) as exc:
        if disk_full(exc):
            raise ApiError(ErrorCode.DISK_FULL, DISK_FULL_MESSAGE) from None
        raise ApiError(ErrorCode.UNREADABLE, f"cannot be read: the zip {zip_name!r} is damaged ({type(exc).__name__})") from None
    return found


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> str:
    digest = hashlib.sha256()
    copied = 0
    with zf.open(info) as src, target.open("xb") as dst:
        while chunk := src.read(_COPY_CHUNK):
            copied += len(chunk)
            if copied > limit:  # zipfile stops at the declared size; this holds regardless
                raise ApiError(ErrorCode.LIMIT_EXCEEDED, f"limit exceeded: a zip member unpacks past {limit / 1e6:g} MB")
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()
