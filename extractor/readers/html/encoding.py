"""A web page's bytes to text: BOM, then the page's own ``<meta>`` charset, then detection."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from extractor.contract import Warning
from extractor.readers.decoding import decode_replacing, nearly_valid

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CHARSET_IN_CONTENT = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# GB2312 and GBK pages use characters beyond their label (GBK in a "gb2312" page is the rule
# on Chinese sites); GB18030 decodes all of them the same and more.
_GB_LABELS = frozenset(
    {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312",
     "chinese", "iso-ir-58", "euc-cn", "x-euc-cn", "csiso58gb231280"}
)
# Template defaults that no Chinese report is written in: a page labelled so is not believed
# (the label was left from the CMS's template), and the bytes decide.
_WESTERN_LABELS = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"})
# The other labels of the Encoding Standard (WHATWG) a Chinese government page might carry,
# with their Python codecs. A label outside it is ignored, as a browser ignores it.
_WEB_LABELS = {
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
    "x-x-big5": "big5hkscs", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp",
    "shift_jis": "shift_jis", "sjis": "shift_jis", "ms_kanji": "shift_jis", "x-sjis": "shift_jis",
    "windows-31j": "cp932", "euc-kr": "euc_kr", "ks_c_5601-1987": "cp949", "windows-949": "cp949",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "iso-8859-2": "iso8859_2", "iso-8859-5": "iso8859_5",
    "iso-8859-15": "iso8859_15", "windows-1250": "cp1250", "windows-1251": "cp1251",
    "windows-1253": "cp1253", "windows-1254": "cp1254", "windows-1256": "cp1256", "windows-874": "cp874",
}
# A page nearly all in one encoding: stray bytes at most 1 % of it, ten multi-byte
# characters for each (the text reader's own tolerance for UTF-8).
_BAD_SHARE = 0.01
_VALID_PER_BAD = 10


def decode_html(data: bytes, prescan_bytes: int = 8192) -> tuple[str, list[Warning]]:
    """The page's text: a BOM decides; then the charset the page declares (a GB label read
    as GB18030) when the bytes decode with it; then strict UTF-8, then GB18030; as a last
    resort UTF-8 with each bad byte replaced (``decode_replaced``).

    One exception to the declaration: a page labelled with a legacy charset whose bytes are
    valid UTF-8 with multi-byte characters is UTF-8 (sites moved to UTF-8 and kept the old
    template's ``<meta>``; Chinese GBK text is practically never valid UTF-8)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return decode_replacing(data[len(bom) :], encoding)
    declared = declared_charset(data[:prescan_bytes])
    if declared not in (None, "utf-8") and _is_multibyte_utf8(data):
        return data.decode("utf-8"), []
    candidates = list(dict.fromkeys(e for e in (declared, "utf-8", "gb18030") if e))
    for encoding in candidates:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError:
            continue
    # A few stray bytes in a page otherwise valid: its encoding, the strays replaced.
    for encoding in candidates:
        if nearly_valid(data, encoding, _BAD_SHARE, _VALID_PER_BAD):
            return decode_replacing(data, encoding)
    return decode_replacing(data, declared or "utf-8")


def declared_charset(head: bytes) -> str | None:
    """The Python codec for the charset a page's ``<meta charset>`` or ``http-equiv``
    declares in ``head``, or None (none, unknown, or not believed)."""
    # Every byte is a Latin-1 character: the markup parses whatever the real encoding is.
    parser = etree.HTMLParser(encoding="iso-8859-1", no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(head, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    for meta in root.iter("meta"):
        label = meta.get("charset")
        if label is None and (meta.get("http-equiv") or "").lower() == "content-type":
            match = _CHARSET_IN_CONTENT.search(meta.get("content") or "")
            label = match.group(1) if match else None
        if label:
            return _codec(label.strip().lower())
    return None


def _codec(label: str) -> str | None:
    """The codec for a label of the web's Encoding Standard; None for anything else
    (``base64``, ``rot13``, ``undefined`` name Python codecs, not text encodings)."""
    if label in _GB_LABELS:
        return "gb18030"
    if label in _WESTERN_LABELS:
        return None
    if label.startswith("utf-16") or label in ("utf8", "unicode-1-1-utf-8", "utf-8"):
        return "utf-8"  # a page decoded to bytes cannot really be UTF-16 without a BOM
    codec = _WEB_LABELS.get(label)
    if codec is None:
        return None
    return codecs.lookup(codec).name


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
