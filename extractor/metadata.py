"""Report metadata read from the document itself: title, agency, year.

Where the report names no title or agency of its own, a crawler's or CMS page's metadata
(``page_metadata``: 标题, 发布机构, 来源) stands in, and ``Metadata.from_page`` says which
fields came from there so the pipeline can warn. 发布机构 is often the office that posted the
report (…管委会办公室), not the agency the report is about, so the agency is first looked for in
the metadata title, the report's own name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.layout import Paragraph
from extractor.page_metadata import FIELD_NAMES, MetaField, PageMetadata
from extractor.text import nfkc

_TITLE = re.compile(r"(政府信息公开|政务公开).{0,6}年度报告|年度报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_SUFFIX = re.compile(r"(政府|办公室|办公厅|委员会|局|厅|部|署|院|中心|委|办|所|站|会|公司|街道|镇|乡)$")
_PUNCT = re.compile(r"[。，；：！？,;:!?]")
_LOOK = 12


# What an agency's name never holds: a colon (a "field: value" line), a link, a date, the name
# of a metadata field. A candidate holding one is a crawler's or site's line, not a name.
_NOT_AGENCY = re.compile(
    # ...or the rest of a title whose 信息公开 OCR misread ("政府息公开工作年度报告"): no
    # agency's name holds 年度报告 or 公开工作.
    r"[:：]|https?|www\.|\.(?:html?|shtml|cn|com)\b|(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|年度报告|公开工作|"
    + "|".join(sorted(FIELD_NAMES, key=len, reverse=True))
)


@dataclass(frozen=True)
class PageSourced:
    """A report field taken from the page's metadata, and the metadata field it came from."""

    field: str  # report.title, report.agency
    name: str  # the metadata field as printed: 标题, 发布机构
    value: str


@dataclass
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    from_page: list[PageSourced] = field(default_factory=list)


def plausible_agency(text: str | None) -> bool:
    return bool(text) and _NOT_AGENCY.search(text or "") is None


def read_metadata(paragraphs: list[Paragraph], page: PageMetadata | None = None) -> Metadata:
    """Title, agency and year from the report's own lines; the page's metadata where those
    name none."""
    own = _from_report(paragraphs)
    if not plausible_agency(own.agency):
        own.agency = None
    if page is None or (own.title and own.agency):
        return own
    titled = page.entry(MetaField.TITLE)
    if own.title is None and titled is not None and _TITLE.search(titled.value):
        own.title = _clean(titled.value)
        own.from_page.append(PageSourced("report.title", titled.name, own.title))
    if own.agency is None:
        candidates = [(titled, _agency_in_title(titled.value)) if titled else (None, None)]
        issuer = page.entry(MetaField.ISSUER, MetaField.SOURCE)
        if issuer is not None:
            candidates.append((issuer, _clean(issuer.value)))
        for entry, agency in candidates:
            if entry is not None and agency and plausible_agency(agency):
                own.agency = agency
                own.from_page.append(PageSourced("report.agency", entry.name, agency))
                break
    if own.year is None and own.title:
        own.year = _year(own.title)
    return own


def _from_report(paragraphs: list[Paragraph]) -> Metadata:
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
