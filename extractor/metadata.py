"""Report metadata read from the document itself: title, agency, year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.layout import Paragraph
from extractor.text import nfkc

_TITLE = re.compile(r"(政府信息公开|政务公开).{0,6}年度报告|年度报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_SUFFIX = re.compile(r"(政府|办公室|办公厅|委员会|局|厅|部|署|院|中心|委|办|所|站|会|公司|街道|镇|乡)$")
_PUNCT = re.compile(r"[。，；：！？,;:!?]")
_LOOK = 12


@dataclass
class Metadata:
    title: str | None
    agency: str | None
    year: int | None


def read_metadata(paragraphs: list[Paragraph]) -> Metadata:
    head = [p.text.strip() for p in paragraphs[:_LOOK] if p.text.strip()]
    for i, text in enumerate(head):
        if not _TITLE.search(text) or len(text) > 60:
            continue
        title = text
        agency = _agency_in_title(text)
        # The agency often stands on its own line above the title ("洪泽区人民政府").
        if i > 0 and _looks_like_agency(head[i - 1]):
            title = f"{head[i - 1]}{text}" if not agency else text
            agency = agency or head[i - 1]
        # ...or the title is split over two lines ("2024年上海市科委政府信息公开工作" / "年度报告").
        if text in ("年度报告",) and i > 0:
            title = head[i - 1] + text
            agency = _agency_in_title(title)
        year = _year(title) or _year(" ".join(head))
        return Metadata(_clean(title), agency, year)
    return Metadata(None, None, _year(" ".join(head)))


def _agency_in_title(title: str) -> str | None:
    text = _clean(title)
    match = _YEAR.search(text)
    if not match:
        return None
    before = text[: match.start()].strip()
    if before:
        return before
    # "2024年上海市科委政府信息公开工作年度报告": the agency follows the year.
    after = re.split(r"(?:政府信息公开|政务公开|信息公开)", text[match.end() :], maxsplit=1)[0]
    after = re.sub(r"^度", "", after).strip()
    return after or None


def _looks_like_agency(text: str) -> bool:
    text = _clean(text)
    return 2 <= len(text) <= 30 and not _PUNCT.search(text) and bool(_AGENCY_SUFFIX.search(text)) and not _YEAR.search(text)


def _year(text: str) -> int | None:
    # Spaces inside a number are extraction noise (OCR and spaced-out type read "202 2年").
    match = _YEAR.search(re.sub(r"(?<=\d)\s+(?=\d)", "", nfkc(text)))
    return int(match.group(1)) if match else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text).replace("#", "").replace("*", ""))
