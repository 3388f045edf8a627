"""Encodings a hostile or damaged file may claim (issue 26): only the web's own labels are
honoured, and GBK text with a stray byte is still GBK."""

from __future__ import annotations

import pytest

from extractor.readers.html.encoding import decode_html
from extractor.readers.text_reader import TextSettings, decode_text

REPORT = "政府信息公开工作年度报告。本机关全年新收政府信息公开申请21件。" * 20


@pytest.mark.parametrize("label", ["base64", "rot13", "undefined", "hex", "zlib", "mbcs", "unicode_escape"])
def test_a_label_that_is_no_web_encoding_is_ignored(label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>{REPORT}</p></body></html>'.encode("gbk")
    text, warnings = decode_html(page)
    assert REPORT in text and warnings == []


def test_gbk_text_with_one_stray_byte_is_gbk_with_one_replacement() -> None:
    data = REPORT.encode("gbk")
    cut = len(REPORT[:50].encode("gbk"))  # between two characters, as a lost or extra byte in a copy
    damaged = data[:cut] + b"\xff" + data[cut:]
    text, warnings = decode_text(damaged, TextSettings())
    assert text.count("\ufffd") == 1 and "本机关全年新收政府信息公开申请21件" in text
    assert [w.code for w in warnings] == ["decode_replaced"] and "gb18030" in warnings[0].message
    page = b"<html><body><p>" + damaged + b"</p></body></html>"
    text, warnings = decode_html(page)
    assert text.count("\ufffd") == 1 and [w.code for w in warnings] == ["decode_replaced"]
