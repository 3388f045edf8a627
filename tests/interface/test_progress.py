"""`govreport extract` on a scan tells a terminal how far OCR has got, and tells a file or a
pipe nothing (issue 24: a 20-page scan printed nothing for half a minute)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SAMPLES, on_a_terminal

pytest.importorskip("rapidocr")

COMMAND = [sys.executable, "-m", "extractor", "extract"]


def _two_page_scan(tmp_path: Path) -> Path:
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(SAMPLES / "003_zibo_renfang_2020.pdf"))
    pages: list[Image.Image] = []
    for i in (0, 1):
        pages.append(doc[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L"))
    doc.close()
    out = tmp_path / "scan.pdf"
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=150.0)
    return out


def test_extract_shows_ocr_progresson_a_terminal(tmp_path: Path) -> None:
    scan = _two_page_scan(tmp_path)
    code, shown = on_a_terminal([*COMMAND, str(scan), "-o", str(tmp_path / "out.json")])
    assert code in (0, 1), shown  # read; a two-page fragment need not be a whole report
    assert "0/2 pages read by OCR" in shown and "1/2 pages read by OCR" in shown
    assert "2/2 pages read by OCR" in shown
    # The progress line is cleared at the end; after it only the result's one line.
    after = shown.rsplit("\x1b[K", 1)[1]
    assert "pages read" not in after and after.count("\n") <= 1, after


def test_extract_to_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    scan = _two_page_scan(tmp_path)
    proc = subprocess.run([*COMMAND, str(scan), "-o", str(tmp_path / "out.json")], capture_output=True, timeout=300)
    assert b"pages read by OCR" not in proc.stderr
