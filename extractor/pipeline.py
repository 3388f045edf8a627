"""One report from file to contract document: read → recover → map → classify → check."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from extractor import checks as checks_mod
from extractor.classify import textcat
from extractor.classify.contact import read_contact, read_published_on
from extractor.classify.paragraphs import Labelled, label_paragraphs
from extractor.classify.sections import SectionText, segment
from extractor.contract import ReportDocument, Warning
from extractor.errors import NotAReport
from extractor.identity.aliases import current_aliases
from extractor.identity.resolve import IdentitySources, resolve_identity
from extractor.layout import Document, Paragraph, Table
from extractor.limits import Limits, check_file_size, deadline
from extractor.mapping import applications, proactive
from extractor.mapping.tables import MappedTables, map_tables
from extractor.mapping.values import Found, Grid
from extractor.measures import document_measures
from extractor.metadata import read_metadata
from extractor.names import name_warnings, shown
from extractor.numbers import CELL_VALUES
from extractor.page_metadata import split_metadata
from extractor.readers.dispatch import read_document
from extractor.recover import recover
from extractor.warning_codes import WarningCode


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract(path: Path, limits: Limits | None = None, name: str | None = None) -> ReportDocument:
    """One file to one contract document, or a typed error (``extractor.errors``).

    ``limits`` bound the pages, sizes and seconds one file may cost; reaching one raises
    ``LimitExceeded`` rather than hanging or running out of memory. ``name`` is the file's
    name as its owner knows it (``source.file``, the name warnings) where the bytes are
    stored under another (the HTTP service never uses a client's name as a path); by
    default the path's own name."""
    limits = limits or Limits()
    path = Path(path)
    check_file_size(path.stat().st_size, limits)
    with deadline(limits.timeout):
        return _extract(path, limits, name or path.name)


def _extract(path: Path, limits: Limits, name: str) -> ReportDocument:
    layout = recover(read_document(path, limits), CELL_VALUES)
    return build_document(path, layout, name_warnings(name), name=name)


def build_document(path: Path, layout: Document, warnings: list[Warning], name: str | None = None) -> ReportDocument:
    # A crawler's or CMS page's metadata lines and tables are not report text: out before the
    # title, the sections and the tables are looked for.
    blocks, page_meta = split_metadata(layout.blocks)
    layout = replace(layout, blocks=blocks)
    mapped = map_tables(layout.tables, _lines_above_tables(layout), [p.text for p in layout.paragraphs])
    preamble, sections = segment(layout.blocks)
    meta = read_metadata(layout.paragraphs, page_meta)
    _ensure_report(layout, mapped, sections, meta.title)
    labelled = label_paragraphs(preamble, sections)
    texts = [p.text for p in layout.paragraphs]
    contact = read_contact([p.text for p in preamble] + texts[-6:] + texts)

    tables = _tables_dict(mapped)
    warnings = [*warnings, *layout.warnings, *mapped.warnings]
    if textcat.load_model() is None:
        # No model shipped, or its files damaged: say so rather than degrade silently.
        warnings.append(
            Warning(code=WarningCode.LABELS_RULES_ONLY, message="paragraph classifier not found or unreadable; labels from rules only",
                    where={"model": str(textcat.MODEL_DIR)})
        )
    for taken in meta.from_page:
        warnings.append(
            Warning(code=WarningCode.FROM_PAGE_METADATA,
                    message=f"the report names no {taken.field.split('.')[1]} of its own; taken from the page's "
                    f"{taken.name} line: {taken.value}",
                    where={"field": taken.field, "metadata": taken.name})
        )
    if meta.agency is None:
        warnings.append(Warning(code=WarningCode.AGENCY_MISSING, message="agency not found in the title"))
    if meta.year is None:
        warnings.append(Warning(code=WarningCode.YEAR_MISSING, message="report year not found in the document"))
    section_list = _sections(sections, labelled)
    identity = resolve_identity(
        IdentitySources(meta.agency, contact.address, tuple(p.text for p in preamble)), current_aliases()
    )
    warnings.extend(identity.warnings)
    published_on = read_published_on(texts) or page_meta.published or layout.published
    # From the document's own parts, as `govreport check` reads them from its JSON.
    checks = checks_mod.document_checks({"tables": tables, "sections": section_list, "report": {"year": meta.year}})
    measures = document_measures({"report": {"year": meta.year, "published_on": published_on},
                                  "sections": section_list, "tables": tables, "checks": [c.model_dump() for c in checks]})
    return ReportDocument.model_validate(
        {
            "source": {"file": shown(name or path.name), "sha256": sha256_of(path), "format": layout.format,
                       "pages": layout.pages, "ocr": True if layout.ocr else None},
            "report": {
                "title": meta.title,
                "agency": meta.agency,
                "year": meta.year,
                "template": mapped.template,
                "contact": asdict(contact),
                "published_on": published_on,
            },
            "sections": section_list,
            "tables": tables,
            "checks": checks,
            "warnings": warnings,
            "provenance": _provenance(mapped),
            "identity": identity.identity,
            "measures": measures,
        }
    )


# Paragraphs read just above a table: where a text copy's header rows end up when they lost
# their tabs (table 2's header is two rows, each under a 第二十条 line: four at most).
_HEADER_LINES_ABOVE = 4


def _lines_above_tables(layout: Document) -> list[str]:
    found: list[str] = []
    for i, block in enumerate(layout.blocks):
        if isinstance(block, Table):
            above = layout.blocks[max(0, i - _HEADER_LINES_ABOVE) : i]
            found.extend(b.text for b in above if isinstance(b, Paragraph))
    return found


def _sections(sections: list[SectionText], labelled: list[Labelled]) -> list[dict[str, Any]]:
    """The six sections with labelled paragraphs; the text before section 一 (title,
    preamble) opens the overview section with the label ``preamble``."""
    by_section: dict[str, list[dict[str, Any]]] = {s.key: [] for s in sections}
    for item in labelled:
        key = "overview" if item.section == "preamble" else item.section
        by_section[key].append(
            {"text": item.paragraph.text, "label": item.label, "confidence": item.confidence, "page": item.paragraph.page}
        )
    return [
        {"number": s.number, "key": s.key, "heading": s.heading, "paragraphs": by_section[s.key]} for s in sections
    ]


def _ensure_report(layout: Document, mapped: MappedTables, sections: list[Any], title: str | None) -> None:
    """Refuse documents that are neither titled nor structured like an annual report."""
    found_rows = sum(
        1
        for name in (applications.NAME, proactive.NAME)
        for row in mapped.grids[name].values()
        for v in row.values()
        if v is not None
    )
    if found_rows == 0 and layout.attachments:
        # A page that only links to its report (a web page with the PDF as attachment):
        # the crawler that saved it needs the link to fetch the real file.
        raise NotAReport(
            f"no tables found; the page links to the report as an attachment: {', '.join(layout.attachments)}"
        )
    headings = sum(1 for s in sections if s.heading)
    if found_rows == 0 and headings < 3 and title is None:
        raise NotAReport(
            "no annual-report title, none of the six section headings and none of the three tables were found"
        )


def _plain(grid: Grid) -> dict[str, dict[str, Any]]:
    return {k: {c: (v.value if v is not None else None) for c, v in row.items()} for k, row in grid.items()}


def _tables_dict(mapped: MappedTables) -> dict[str, Any]:
    return {name: _plain(grid) for name, grid in mapped.grids.items()}


def _provenance(mapped: MappedTables) -> dict[str, Any]:
    return {
        f"{table}.{row}.{col}": _where(found)
        for table, grid in mapped.grids.items()
        for row, values in grid.items()
        for col, found in values.items()
        if found is not None
    }


def _where(found: Found) -> dict[str, Any]:
    """Page, box and raw text; a source without geometry (HTML) adds table, row and column."""
    where: dict[str, Any] = {"page": found.page, "bbox": list(found.bbox) if found.bbox else None, "raw": found.raw}
    if found.source is not None:
        where.update(table=found.source.table, row=found.source.row, col=found.source.col)
    if found.ocr_confidence is not None:
        where["ocr_confidence"] = round(found.ocr_confidence, 3)
    return where


def to_json(document: ReportDocument) -> str:
    """The document as the contract's JSON: only the （六） form the report printed."""
    data = document.model_dump(mode="json")
    if data["source"]["ocr"] is None:
        del data["source"]["ocr"]  # written only for a document read (partly) by OCR
    for where in data["provenance"].values():
        # Each entry carries the keys of its kind of source: bbox, or (HTML) table/row/col,
        # and an OCR confidence only for a value read from an image.
        for key in ("table", "row", "col") if where["table"] is None else ("bbox",):
            del where[key]
        if where["ocr_confidence"] is None:
            del where["ocr_confidence"]
    apps = data["tables"]["applications"]
    for key in [k for k, v in apps.items() if v is None]:
        del apps[key]
    # Strict RFC 8259: a NaN or Infinity that slipped through is a bug, never written.
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
