"""The service's errors: one closed list of codes, each with its HTTP status.

Every error answer is ``{"error": {"code": ..., "message": ...}}``. A document's outcome
maps to the status the command line's exit code stands for (422 not a report, 415 cannot be
read, 413 over a limit); the request's own faults have theirs.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from extractor.errors import (
    ConversionFailed,
    ConverterMissing,
    EncryptedInput,
    LimitExceeded,
    NotAReport,
    NoTextLayer,
    UndecodableText,
    UnreadableInput,
    UnsupportedFormat,
)


class ErrorCode(StrEnum):
    # A document's outcome.
    NOT_REPORT = "not_report"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    UNSUPPORTED_FORMAT = "unsupported_format"
    NO_TEXT_LAYER = "no_text_layer"
    UNDECODABLE_TEXT = "undecodable_text"
    CONVERTER_MISSING = "converter_missing"
    CONVERSION_FAILED = "conversion_failed"
    LIMIT_EXCEEDED = "limit_exceeded"
    UNSAFE_NAME = "unsafe_name"
    WORKER_CRASHED = "worker_crashed"
    INTERNAL_ERROR = "internal_error"
    # The request's.
    BAD_REQUEST = "bad_request"
    UPLOAD_TOO_LARGE = "upload_too_large"
    TOO_MANY_DOCUMENTS = "too_many_documents"
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    BUSY = "busy"
    NOT_READY = "not_ready"
    OVERLOADED = "overloaded"  # every reader of originals busy: try again (Retry-After)
    CROSS_ORIGIN = "cross_origin"  # a browser on another site tried to change something
    MISDIRECTED = "misdirected"  # a Host name this server does not answer to (DNS rebinding)
    DISK_FULL = "disk_full"  # the server's disk (or its database) is full
    NOTHING_TO_EXPORT = "nothing_to_export"
    EXPORT_UNAVAILABLE = "export_unavailable"


STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_REPORT: 422,
    ErrorCode.UNREADABLE: 415,
    ErrorCode.ENCRYPTED: 415,
    ErrorCode.UNSUPPORTED_FORMAT: 415,
    ErrorCode.NO_TEXT_LAYER: 415,
    ErrorCode.UNDECODABLE_TEXT: 415,
    ErrorCode.CONVERTER_MISSING: 415,  # exit 3 on the command line: this server cannot read it
    ErrorCode.CONVERSION_FAILED: 415,
    ErrorCode.LIMIT_EXCEEDED: 413,
    ErrorCode.UNSAFE_NAME: 400,
    ErrorCode.WORKER_CRASHED: 500,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.UPLOAD_TOO_LARGE: 413,
    ErrorCode.TOO_MANY_DOCUMENTS: 413,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.BUSY: 429,
    ErrorCode.NOT_READY: 503,
    ErrorCode.OVERLOADED: 503,
    ErrorCode.CROSS_ORIGIN: 403,
    ErrorCode.MISDIRECTED: 421,
    ErrorCode.DISK_FULL: 507,
    ErrorCode.NOTHING_TO_EXPORT: 404,
    ErrorCode.EXPORT_UNAVAILABLE: 501,
}

# A worker's ``Result.reason`` (the error class's reason, or the pool's word for a kill).
UNSAFE_NAME_REASON = "unsafe name"
_BY_REASON: dict[str, ErrorCode] = {
    NotAReport.reason: ErrorCode.NOT_REPORT,
    UnreadableInput.reason: ErrorCode.UNREADABLE,
    EncryptedInput.reason: ErrorCode.ENCRYPTED,
    UnsupportedFormat.reason: ErrorCode.UNSUPPORTED_FORMAT,
    NoTextLayer.reason: ErrorCode.NO_TEXT_LAYER,
    UndecodableText.reason: ErrorCode.UNDECODABLE_TEXT,
    ConverterMissing.reason: ErrorCode.CONVERTER_MISSING,
    ConversionFailed.reason: ErrorCode.CONVERSION_FAILED,
    LimitExceeded.reason: ErrorCode.LIMIT_EXCEEDED,
    UNSAFE_NAME_REASON: ErrorCode.UNSAFE_NAME,
    "time limit": ErrorCode.LIMIT_EXCEEDED,  # the pool killed a worker past the timeout
    "memory limit": ErrorCode.LIMIT_EXCEEDED,
    "worker crashed": ErrorCode.WORKER_CRASHED,
    "disk full": ErrorCode.DISK_FULL,  # the result could not be stored
}
DISK_FULL_REASON = "disk full"

# Outcomes that depend on the moment (load, a crash), not on the file and options: never
# answered from the stored result, the next upload tries again.
_TRANSIENT = {ErrorCode.LIMIT_EXCEEDED, ErrorCode.WORKER_CRASHED, ErrorCode.INTERNAL_ERROR, ErrorCode.DISK_FULL}


def code_for(reason: str | None) -> ErrorCode:
    return _BY_REASON.get(reason or "", ErrorCode.INTERNAL_ERROR)


def reusable(status: str, reason: str | None) -> bool:
    """A finished outcome that the same bytes and options would always get again."""
    return status == "ok" or code_for(reason) not in _TRANSIENT


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
DISK_FULL_MESSAGE = "the server's disk is full; try again later"


def disk_full(exc: BaseException) -> bool:
    """The disk (or the quota) is full: an OSError ENOSPC/EDQUOT, SQLite's SQLITE_FULL, or
    either as the cause of what was raised."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _FULL_ERRNOS:
            return True
        if isinstance(seen, sqlite3.OperationalError) and "full" in str(seen):
            return True  # "database or disk is full"
        seen = seen.__cause__ or seen.__context__
    return False


@dataclass
class ApiError(Exception):
    code: ErrorCode
    message: str
    retry_after: int | None = None  # seconds, for 429 and 503

    @property
    def status(self) -> int:
        return STATUS[self.code]

    def body(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": str(self.code), "message": self.message}}


class Scrubber:
    """Removes the server's own paths from messages bound for clients: a message from deep
    in a reader or a crash may name the stored upload or a temporary folder."""

    def __init__(self, data_dir: Path) -> None:
        roots = {str(data_dir.resolve()), str(data_dir), os.path.realpath(tempfile.gettempdir()),
                 tempfile.gettempdir()}
        self._pattern = re.compile("|".join(re.escape(r) + r"[^\s'\":,)]*" for r in sorted(roots, key=len, reverse=True)))

    def __call__(self, message: str) -> str:
        return self._pattern.sub("<server path>", message)
