"""Bytes to text when no encoding fits every byte: shared by the text and HTML readers."""

from __future__ import annotations

from extractor.contract import Warning
from extractor.warning_codes import WarningCode


def decode_replacing(data: bytes, encoding: str) -> tuple[str, list[Warning]]:
    """``data`` in ``encoding``, each invalid byte sequence as U+FFFD with one
    ``decode_replaced`` warning saying how many (never a silent loss)."""
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    if replaced <= 0:
        return text, []
    return text, [
        Warning(code=WarningCode.DECODE_REPLACED,
                message=f"{replaced} byte sequences are not valid {encoding}; each shown as U+FFFD")
    ]
