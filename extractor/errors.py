"""Typed errors raised inside the package; the CLI maps each to one message and exit code."""

from __future__ import annotations


class GovReportError(Exception):
    """Base class: ``exit_code`` follows the contract (1 not a report, 3 unreadable)."""

    exit_code = 3
    reason = "error"


class UnreadableInput(GovReportError):
    """The file cannot be read at all: corrupt, truncated, wrong content."""

    reason = "cannot be read"


class EncryptedInput(GovReportError):
    reason = "encrypted"


class UnsupportedFormat(GovReportError):
    reason = "unsupported format"


class NoTextLayer(GovReportError):
    reason = "no text layer (scanned image?)"


class UndecodableText(GovReportError):
    """Characters are there but their fonts map them to no Unicode text (not a scan)."""

    reason = "text layer cannot be decoded"


class ConverterMissing(GovReportError):
    """LibreOffice is needed for .doc/.wps and is not installed."""

    reason = "converter missing"


class ConversionFailed(GovReportError):
    reason = "conversion failed"


class LimitExceeded(GovReportError):
    reason = "limit exceeded"


class NotAReport(GovReportError):
    exit_code = 1
    reason = "not an annual report"
