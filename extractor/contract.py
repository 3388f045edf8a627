"""The output contract (../shared/spec/contract.md) as pydantic models.

The key lists here are the contract's names; product code builds tables from them, so a
field can never be missing or misspelled in the output. ``govreport schema`` prints the
JSON Schema generated from these models.
"""

# No ``from __future__ import annotations``: pydantic would evaluate every field's annotation
# from its text when each model is built (≈ 1 ms a process for the contract's ~150 fields).
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from extractor.warning_codes import WarningCode

# 1.1 (issue 25): the warning code from_page_metadata; narrative checks' details name their
# sentence. Documents of 1.0 are still read (``govreport check``); a batch redoes them.
# 1.2 (issue 27): the optional blocks ``identity`` (who published the report, where) and
# ``measures`` (what evaluators score); documents of 1.0 and 1.1 have neither. Also (issue 30)
# the warning codes cells_inferred, cells_ambiguous, traditional_converted and
# traditional_not_converted.
# 1.3 (issue 24): the warning code columns_doubtful; template_assumed names table 2 in ``where``.
SCHEMA_VERSION = "1.3"

Number = int | float | None

# --- tables.proactive_disclosure ---------------------------------------------------------

PROACTIVE_2021: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "punishment": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount",),
}

PROACTIVE_2019: dict[str, tuple[str, ...]] = {
    "regulations": ("made", "published", "total_published"),
    "normative_documents": ("made", "published", "total_published"),
    "licensing": ("items_last_year", "items_change", "decisions"),
    "other_services": ("items_last_year", "items_change", "decisions"),
    "punishment": ("items_last_year", "items_change", "decisions"),
    "coercion": ("items_last_year", "items_change", "decisions"),
    "fees": ("items_last_year", "items_change"),
    "procurement": ("projects", "amount"),
}

PROACTIVE_BY_TEMPLATE = {"2021": PROACTIVE_2021, "2019": PROACTIVE_2019}

# The only columns of any table that hold money (万元, with decimals); every other value is a
# count of documents, items, decisions or requests, and a count is a whole number.
AMOUNT_COLUMNS: frozenset[str] = frozenset({"amount"})

# --- tables.applications ----------------------------------------------------------------

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)

OUTCOME_ROWS_BEFORE_OTHER: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_security_stability",
    "denied_third_party_rights",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_law_enforcement_files",
    "denied_administrative_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "not_processed_complaint",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
)
OTHER_ROWS_SPLIT: tuple[str, ...] = ("other_overdue_correction", "other_overdue_fee", "other_other")
OTHER_ROW_SINGLE = "other_processing"

APPLICATION_ROWS: tuple[str, ...] = (
    "new_received",
    "carried_over",
    *OUTCOME_ROWS_BEFORE_OTHER,
    *OTHER_ROWS_SPLIT,
    OTHER_ROW_SINGLE,
    "total_processed",
    "carried_forward",
)

# --- tables.review_litigation -----------------------------------------------------------

REVIEW_BLOCKS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")


def _numbers_model(name: str, keys: tuple[str, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {k: (Number, ...) for k in keys}
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


ApplicantRow = _numbers_model("ApplicantRow", APPLICANT_COLUMNS)
ReviewBlock = _numbers_model("ReviewBlock", REVIEW_COLUMNS)


def _items_model(name: str, spec: dict[str, tuple[str, ...]]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        item: (_numbers_model(f"{name}_{item}", cols), ...) for item, cols in spec.items()
    }
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


Proactive2021 = _items_model("ProactiveDisclosure2021", PROACTIVE_2021)
Proactive2019 = _items_model("ProactiveDisclosure2019", PROACTIVE_2019)

_app_fields: dict[str, Any] = {
    row: ((ApplicantRow | None), None if row in (*OTHER_ROWS_SPLIT, OTHER_ROW_SINGLE) else ...)
    for row in APPLICATION_ROWS
}
Applications = create_model(
    "Applications",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Either the three other_* rows or other_processing is present, as printed.",
    **_app_fields,
)
ReviewLitigation = _items_model("ReviewLitigation", dict.fromkeys(REVIEW_BLOCKS, REVIEW_COLUMNS))


class Tables(BaseModel):
    model_config = ConfigDict(extra="forbid")
    proactive_disclosure: Proactive2021 | Proactive2019  # type: ignore[valid-type]
    applications: Applications  # type: ignore[valid-type]
    review_litigation: ReviewLitigation  # type: ignore[valid-type]


# --- the rest of the document -----------------------------------------------------------

# Default factories as Python functions, not the builtins ``list`` and ``dict``: pydantic reads
# each factory's signature, and a builtin's is parsed from text by ``inspect`` through the
# tokenizer, whose pattern costs 2-3 ms to compile in every process.


def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[str, Any]:
    return {}


class Source(BaseModel):
    file: str
    sha256: str
    format: Literal["pdf", "docx", "doc", "wps", "txt", "md", "html"]
    pages: int | None = None
    # Contract addition: true when some of the document was read by OCR; written only then.
    ocr: bool | None = None


class Contact(BaseModel):
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


class Report(BaseModel):
    title: str | None
    agency: str | None
    year: int | None
    template: Literal["2021", "2019"]
    contact: Contact = Field(default_factory=Contact)
    published_on: str | None = None


class SectionParagraph(BaseModel):
    text: str
    label: str | None = None
    confidence: float | None = None
    page: int | None = None


# The six sections in template order.
SectionKey = Literal[
    "overview",
    "proactive_disclosure",
    "applications",
    "review_litigation",
    "problems_improvements",
    "other_matters",
]


class Section(BaseModel):
    number: int
    key: SectionKey
    heading: str | None
    paragraphs: list[SectionParagraph] = Field(default_factory=_empty_list)


class Check(BaseModel):
    rule: str
    status: Literal["pass", "fail", "skipped"]
    message: str
    details: dict[str, Any] = Field(default_factory=_empty_dict)


class Warning(BaseModel):  # noqa: A001 - the contract's name
    code: WarningCode  # one closed list: extractor/warning_codes.py
    message: str
    where: dict[str, Any] = Field(default_factory=_empty_dict)


class Provenance(BaseModel):
    page: int | None = None
    bbox: list[float] | None = None
    raw: str | None = None
    # HTML (contract additions): the table's index on the page and the cell's grid row and
    # column, instead of a page box. Written only where known.
    table: int | None = None
    row: int | None = None
    col: int | None = None
    # Contract addition: the OCR reader's confidence (0-1) for a value read from an image.
    ocr_confidence: float | None = None


# --- identity and measures (1.2; docs/identity.md) ----------------------------------------


class IdentityEvidence(BaseModel):
    """One place the agency's region was read from, and what it said."""

    source: Literal["agency", "address", "contact_sentence"]
    text: str
    division_codes: list[str] = Field(default_factory=_empty_list)  # the divisions it names (several: ambiguous)
    # decided: this evidence named the region; agreed / disagreed with the decision; narrowed: it
    # chose among the names' several candidates; silent: it names no division.
    role: Literal["decided", "agreed", "disagreed", "narrowed", "silent"]


class Identity(BaseModel):
    name: str | None = None  # full name with its region prefix, normalised (docs/identity.md)
    level: Literal["province", "city", "county", "township"] | None = None
    kind: Literal["government", "department"] | None = None
    province: str | None = None
    city: str | None = None  # null for a district of a 直辖市 and a county under its province
    county: str | None = None
    township: str | None = None
    division_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    # high: the name decided and another evidence agreed; medium: the name alone, or the name's
    # candidates narrowed to one by the address or contact sentence; null: unresolved.
    confidence: Literal["high", "medium"] | None = None
    evidence: list[IdentityEvidence] = Field(default_factory=_empty_list)


class Timeliness(BaseModel):
    deadline: str | None  # 31 January of the year after the report's year (条例 第五十条)
    published_on: str | None
    on_time: bool | None  # null: the year or the publication date is unknown
    days_late: int | None  # 0 when on time


class TableCompleteness(BaseModel):
    present: bool  # any value of the table found
    rows_given: int  # template rows with at least one value
    rows: int  # template rows


class Completeness(BaseModel):
    sections_present: int  # of the six, found by their heading
    sections_missing: list[str] = Field(default_factory=_empty_list)
    tables_present: int  # of the three
    tables: dict[str, TableCompleteness] = Field(default_factory=_empty_dict)


class Consistency(BaseModel):
    failed: int
    passed: int
    skipped: int
    failed_by_rule: dict[str, int] = Field(default_factory=_empty_dict)


class CarryOver(BaseModel):
    """Table 3's carried_over against the previous year's carried_forward (corpus checks)."""

    previous_file: str
    previous_year: int
    columns_agree: int
    columns_differ: int
    columns_unknown: int
    agrees: bool | None  # null: no column could be compared


class Repetition(BaseModel):
    """Share of the narrative repeating the same agency's previous report (docs/identity.md)."""

    method: str  # e.g. "char-5gram"
    by_section: dict[str, float | None] = Field(default_factory=_empty_dict)
    overall: float | None
    previous: dict[str, Any] = Field(default_factory=_empty_dict)  # {"file": ..., "year": ...}


class Measures(BaseModel):
    timeliness: Timeliness
    completeness: Completeness
    consistency: Consistency
    # Cross-report: null from `extract`; a batch fills them where the agency has a previous report.
    carry_over: CarryOver | None = None
    repetition: Repetition | None = None


class ReportDocument(BaseModel):
    schema_version: Literal["1.0", "1.1", "1.2", "1.3"] = SCHEMA_VERSION
    source: Source
    report: Report
    sections: list[Section]
    tables: Tables
    checks: list[Check]
    warnings: list[Warning]
    provenance: dict[str, Provenance]
    identity: Identity | None = None
    measures: Measures | None = None


def json_schema() -> dict[str, Any]:
    return ReportDocument.model_json_schema()
