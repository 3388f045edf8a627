"""The PDFium back end (the default) reads every PDF as the pdfplumber one does: the same
paragraphs, the same tables cell by cell (position, spans, text, box), the same warnings.

Normal runs cover the samples, the real WPS report and a sample of LibreOffice-printed
variants and page-break cases; ``--run-slow`` (or ``python scripts/compare_pdf_backends.py``)
sweeps all page-break positions of two seeds and twenty variants.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extractor.limits import Limits, PdfBackend
from extractor.readers.office_convert import convert
from extractor.readers.pdf import read_pdf
from tests.corpus.backend_parity import differences, reading
from tests.corpus.page_breaks import PAGE_STEPS, build, cases
from tests.corpus.variants import make_variant
from tests.helpers import ROOT, SAMPLES, SHARED

SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf"))
REAL_PDF = SHARED / "corpus" / "real" / "hzq2023_working.pdf"


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=[p.name for p in SAMPLE_PDFS])
def test_samples_read_the_same_with_both_back_ends(path: Path) -> None:
    assert differences(path) == []


def test_real_report_reads_the_same_with_both_back_ends() -> None:
    if not REAL_PDF.exists():
        pytest.skip(f"real corpus PDF not available: {REAL_PDF}")
    assert differences(REAL_PDF) == []


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_read_the_same(tmp_path: Path, rotation: int) -> None:
    """/Rotate turns pdfminer's page space; the PDFium back end applies the same turn."""
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(SAMPLE_PDFS[0]).pages[:3]:
        writer.add_page(page).rotate(rotation)
    path = tmp_path / f"rotated{rotation}.pdf"
    writer.write(path)
    assert differences(path) == []


def test_the_comparison_sees_a_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parity check is not vacuous: a PDFium reading with one character moved is caught."""
    from extractor.readers.pdf import pdfium_page

    read_page = pdfium_page.PdfiumDocument.read_page

    def shifted(self: pdfium_page.PdfiumDocument, index: int) -> pdfium_page.PageRecords:
        records = read_page(self, index)
        if records.chars:
            records.chars[0] = dict(records.chars[0], text="X")
        return records

    monkeypatch.setattr(pdfium_page.PdfiumDocument, "read_page", shifted)
    assert differences(SAMPLE_PDFS[0]) != []


@pytest.mark.needs_soffice
def test_sampled_variants_and_page_breaks_read_the_same(tmp_path: Path) -> None:
    pdfs = _variants([105, 106], tmp_path) + [pdf for pdf, _ in build(cases([4], [7, 51]), tmp_path)]
    assert [d for pdf in pdfs for d in differences(pdf)] == []


@pytest.mark.slow
@pytest.mark.needs_soffice
def test_whole_sweep_reads_the_same(tmp_path: Path) -> None:
    pdfs = _variants(range(101, 121), tmp_path)
    for start in range(0, PAGE_STEPS, 22):
        pdfs += [pdf for pdf, _ in build(cases([1, 2], range(start, min(start + 22, PAGE_STEPS))), tmp_path)]
    assert [d for pdf in pdfs for d in differences(pdf)] == []


def _variants(seeds: object, folder: Path) -> list[Path]:
    sources = []
    for seed in seeds:  # type: ignore[attr-defined]
        path = folder / f"variant{seed}.docx"
        make_variant(seed, path)
        sources.append(path)
    return convert(sources, "pdf", folder, timeout=60 + 5 * len(sources))


def test_unreadable_inputs_fail_the_same_way(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    for backend in PdfBackend:
        assert reading(bad, backend)["error"].startswith("UnreadableInput: not a valid PDF")


def test_page_limit_is_checked_before_pages_are_read() -> None:
    from extractor.errors import LimitExceeded

    for backend in PdfBackend:
        with pytest.raises(LimitExceeded, match="over the limit of 2"):
            read_pdf(SAMPLE_PDFS[0], Limits(max_pages=2, pdf_backend=backend))


def test_pdfium_path_loads_no_pdfplumber_for_a_page_without_rules(tmp_path: Path) -> None:
    """pdfminer and pdfplumber cost a fifth of a second to import: the default back end loads
    them only for the ruled-table finder (``EdgePage.find_tables``), on a page with rules."""
    from tests.read.test_pdf_reader import _TEXT, _minimal_pdf

    path = _minimal_pdf(tmp_path / "plain.pdf", _TEXT)
    code = (
        "import sys; from pathlib import Path; from extractor.readers.pdf import read_pdf; "
        f"doc = read_pdf(Path({str(path)!r})); "
        "assert [p.text for p in doc.paragraphs] == ['Annual report 2023'], doc; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer')); "
        "assert not loaded, loaded"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_cli_takes_the_back_end(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    outputs = []
    for backend in ("pdfium", "pdfplumber"):
        out = tmp_path / f"{backend}.json"
        result = CliRunner().invoke(app, ["extract", str(SAMPLE_PDFS[0]), "-o", str(out), "--pdf-backend", backend])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    result = CliRunner().invoke(app, ["extract", str(SAMPLE_PDFS[0]), "--pdf-backend", "mupdf"])
    assert result.exit_code == 2
