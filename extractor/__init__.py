"""govreport: Chinese government information disclosure annual reports to validated JSON.

The Python API (docs/python-api.md)::

    from extractor import extract, to_json
    document = extract("report.pdf")          # a ReportDocument (pydantic model)
    print(to_json(document))                  # the JSON `govreport extract` writes

Every name below is imported on first use (PEP 562), so ``import extractor`` and the command
line's start-up pay for nothing they do not use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name → the module that defines it
_LAZY = {
    "extract": "extractor.api",
    "extract_many": "extractor.api",
    "to_json": "extractor.api",
    "to_dict": "extractor.api",
    "to_rows": "extractor.api",
    "Result": "extractor.api",
    "ReportDocument": "extractor.contract",
    "SCHEMA_VERSION": "extractor.contract",
    "Limits": "extractor.limits",
    "OcrMode": "extractor.limits",
    "PdfBackend": "extractor.limits",
    "GovReportError": "extractor.errors",
    "NotAReport": "extractor.errors",
    "UnreadableInput": "extractor.errors",
    "EncryptedInput": "extractor.errors",
    "UnsupportedFormat": "extractor.errors",
    "NoTextLayer": "extractor.errors",
    "UndecodableText": "extractor.errors",
    "ConverterMissing": "extractor.errors",
    "ConversionFailed": "extractor.errors",
    "LimitExceeded": "extractor.errors",
}

# A literal list, so linters and `from extractor import *` know the names; a test holds it to _LAZY.
__all__ = [
    "ConversionFailed",
    "ConverterMissing",
    "EncryptedInput",
    "GovReportError",
    "LimitExceeded",
    "Limits",
    "NoTextLayer",
    "NotAReport",
    "OcrMode",
    "PdfBackend",
    "ReportDocument",
    "Result",
    "SCHEMA_VERSION",
    "UndecodableText",
    "UnreadableInput",
    "UnsupportedFormat",
    "extract",
    "extract_many",
    "to_dict",
    "to_json",
    "to_rows",
]

if TYPE_CHECKING:  # type checkers and editors see the real names
    from extractor.api import Result, extract, extract_many, to_dict, to_json, to_rows
    from extractor.contract import SCHEMA_VERSION, ReportDocument
    from extractor.errors import (
        ConversionFailed,
        ConverterMissing,
        EncryptedInput,
        GovReportError,
        LimitExceeded,
        NotAReport,
        NoTextLayer,
        UndecodableText,
        UnreadableInput,
        UnsupportedFormat,
    )
    from extractor.limits import Limits, OcrMode, PdfBackend


def __getattr__(name: str) -> Any:
    # An unknown name must raise AttributeError: `from extractor import startup` asks here
    # first and imports the submodule only after that.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
