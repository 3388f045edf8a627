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


def nearly_valid(data: bytes, encoding: str, bad_share: float, valid_per_bad: int) -> bool:
    """``data`` is text in ``encoding`` but for a few stray bytes: at most ``bad_share`` of
    the bytes fail, and there are ``valid_per_bad`` multi-byte characters for each that does
    (a GBK report with one damaged byte is GBK, not UTF-8 full of replacements)."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad <= len(data) * bad_share and multibyte >= valid_per_bad * max(bad, 1)
