"""Contact details and the publication date, read from the report's own text.

Contact details sit in the preamble ("如对本报告有疑问，请与…联系（地址：…；邮编：…）") or in a
trailing paragraph; labels come with full- or half-width colons, several phones, a 传真,
sometimes no e-mail. The publication date is the date line under the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.text import nfkc

_STOP = r"(?=[;；,，。）)\n]|邮编|邮政编码|电话|联系电话|传真|电子邮箱|邮箱|$)"
_ADDRESS = re.compile(r"(?:通讯地址|联系地址|办公地址|地址)\s*[:：]\s*(.+?)" + _STOP)
_POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(\d{6})")
_PHONE_FIELD = re.compile(r"(?:联系电话|咨询电话|办公电话|电话)\s*[:：]\s*([0-9０-９()（）\-－—\s、,，/及和或]+)")
_FAX = re.compile(r"传真\s*[:：]?\s*([0-9()（）\-－—\s]{7,})")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE_NUMBER = re.compile(r"(?:\(?0\d{2,3}\)?[-－—]?)?\d{7,8}(?:[-－—]\d{1,4})?|1[3-9]\d{9}|12345")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


@dataclass
class ContactInfo:
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1).strip() if match else None


def read_contact(texts: list[str]) -> ContactInfo:
    """Contact fields from the paragraphs most likely to hold them, first found wins."""
    info = ContactInfo()
    for raw in texts:
        text = nfkc(raw)
        info.address = info.address or _first(_ADDRESS, text)
        info.postcode = info.postcode or _first(_POSTCODE, text)
        if info.phone is None:
            field = _first(_PHONE_FIELD, text)
            numbers = _PHONE_NUMBER.findall(field or "")
            info.phone = "; ".join(numbers) if numbers else None
        if info.fax is None:
            fax = _first(_FAX, text)
            info.fax = re.sub(r"\s+", "", fax) if fax else None
        if info.email is None:
            email = _EMAIL.search(text)
            info.email = email.group(0).rstrip(".") if email else None
    return info


def read_published_on(texts: list[str]) -> str | None:
    """ISO date of the date line at the end of the report (the last few paragraphs)."""
    for raw in reversed(texts[-4:]):
        match = _DATE.search(nfkc(raw).strip())
        if match:
            year, month, day = (int(g) for g in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None
