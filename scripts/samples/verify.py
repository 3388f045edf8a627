"""Checks on a replica's printed PDF: real Chinese text, and the intended layout hazards happened."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber

from scripts.samples.replicas import Replica


def _page_of(pages: list[str], needle: str) -> int | None:
    for i, page in enumerate(pages):
        if needle in page:
            return i + 1
    return None


def _is_stacked(pdf: pdfplumber.PDF, label: str) -> bool:
    """True if the label's characters sit in one column, one per line (same x, rising y)."""
    for page in pdf.pages:
        chars = [c for c in page.chars if c["text"] in label]
        for start in (c for c in chars if c["text"] == label[0]):
            column = sorted(
                (c for c in chars if abs(c["x0"] - start["x0"]) < 3 and c["top"] >= start["top"] - 1),
                key=lambda c: c["top"],
            )
            if "".join(c["text"] for c in column).startswith(label):
                return True
    return False


def verify_pdf(replica: Replica, pdf_path: Path) -> list[str]:
    """Check that the PDF has real Chinese text and that the intended hazards happened; return
    human-readable findings (raises SystemExit on a failed check)."""
    with pdfplumber.open(pdf_path) as pdf:
        pages = ["".join(p.extract_text().split()) for p in pdf.pages]
        findings = [f"{len(pages)} pages"]
        if replica.agency not in pages[0]:
            sys.exit(f"{pdf_path.name}: agency name not found as text on page 1 (fonts?)")
        if replica.split_between:
            first, last = (_page_of(pages, s) for s in replica.split_between)
            if first is None or last is None or first == last:
                sys.exit(
                    f"{pdf_path.name}: expected {replica.split_between} on different pages, got {first}/{last}"
                )
            findings.append(
                f"'{replica.split_between[0]}' on p{first}, '{replica.split_between[1]}' on p{last}"
            )
        if replica.stacked_label:
            if not _is_stacked(pdf, replica.stacked_label):
                sys.exit(f"{pdf_path.name}: '{replica.stacked_label}' is not stacked one character per line")
            findings.append(f"'{replica.stacked_label}' stacked one character per line")
    return findings
