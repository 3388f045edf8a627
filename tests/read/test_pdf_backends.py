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
from extractor.readers.pdf_document import read_pdf
from tests.corpus.backend_parity import differences, reading
from tests.corpus.page_breaks import PAGE_STEPS, build, cases
from tests.corpus.variants import make_variant
from tests.helpers import ROOT, SAMPLES, SHARED, assemble_pdf

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


def _pdf_with_form(path: Path) -> Path:
    """A page that draws a ruled 2×2 table, rules and text, through a Form XObject placed with a
    matrix (moved and scaled), and a line of text of its own."""
    grid = (b"0.5 w 72 600 m 372 600 l S 72 640 m 372 640 l S 72 680 m 372 680 l S "
            b"72 600 m 72 680 l S 222 600 m 222 680 l S 372 600 m 372 680 l S "
            b"BT /F1 12 Tf 80 655 Td (Name) Tj 150 0 Td (Value) Tj ET BT /F1 12 Tf 80 615 Td (Total) Tj 150 0 Td (42) Tj ET")
    page = b"BT /F1 12 Tf 72 760 Td (Annual report 2023) Tj ET q 1.2 0 0 1.2 -20 -200 cm /X1 Do Q"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >>"
        b" /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
        font,
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Length %d >>\nstream\n%s\nendstream" % (len(grid), grid),
    ]
    path.write_bytes(assemble_pdf(objects))
    return path


def test_form_xobjects_are_walked_with_their_matrices(tmp_path: Path) -> None:
    path = _pdf_with_form(tmp_path / "form.pdf")
    assert differences(path) == []
    document = read_pdf(path)
    (table,) = document.tables
    assert sorted(c.text for c in table.cells) == ["42", "Name", "Total", "Value"]
    # The form's matrix scales the table by 1.2 and moves it: its left rule at 72 lands at 66.4pt.
    assert min(c.bbox[0] for c in table.cells if c.bbox) == pytest.approx(66.4)


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


_THREADS = """
import threading
from pathlib import Path
from extractor.readers.pdf_document import read_pdf
from tests.corpus.backend_parity import summary

paths = sorted(Path("samples").glob("*.pdf"))
alone = {path: summary(read_pdf(path)) for path in paths}
wrong = []

def work(shift):
    for path in paths[shift:] + paths[:shift]:
        if summary(read_pdf(path)) != alone[path]:
            wrong.append(path.name)

threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert not wrong, wrong
"""


def test_threads_reading_at_once_get_what_one_thread_gets() -> None:
    """PDFium is not thread-safe (ctypes lets go of the GIL in its calls) and a dask worker runs
    documents in threads. The back end holds one lock around each use; without it this run
    crashes (segmentation fault), hence a process of its own."""
    result = subprocess.run([sys.executable, "-c", _THREADS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])


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


def test_pdfium_path_loads_no_pdfplumber_even_for_ruled_tables() -> None:
    """pdfminer and pdfplumber cost a fifth of a second to import: the default back end reads
    a report with ruled tables (found by ``table_finder``) without loading either."""
    code = (
        "import sys; from pathlib import Path; from extractor.readers.pdf_document import read_pdf; "
        f"doc = read_pdf(Path({str(SAMPLE_PDFS[0])!r})); "
        "assert len(doc.tables) >= 3, doc.tables; "
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
