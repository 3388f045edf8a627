"""Scanned versions of the sample PDFs, and a Word file and a PDF whose tables are pictures.

A scan is simulated the way a scanner and its JPEG encoder degrade a printed page, from a
seed per file so the bytes are the same on every run:

* rasterized at a scanner's resolution (150-300 dpi, per file);
* turned by a small angle (±1.5°, a page fed slightly askew), one page of one file by 90°
  (a landscape page scanned sideways);
* grey paper, a little blur, slight Gaussian noise and dust specks, and the toner of the rules
  lightened at places (broken, faint rules);
* saved as JPEG at quality 30-55 inside a PDF of one image per page (no text layer).

The Word file with table pictures: the replica's tables cut out of its PDF rendering
(each table's part on each page one picture) and pasted where the tables were; its PDF is
LibreOffice's print of that Word file (text with pictures of the tables).
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanSpec:
    """How one sample PDF is scanned."""

    source: str  # stem of the sample PDF
    dpi: int
    angle: float  # degrees, counter-clockwise
    quality: int  # JPEG quality
    seed: int
    turned_page: int | None = None  # a page (from 1) scanned sideways: turned by 90°
    faint_rules: bool = False  # rules lightened in places


SCANS: tuple[ScanSpec, ...] = (
    ScanSpec("000_zibo_guofang_2024", 200, 0.8, 50, 1),
    ScanSpec("001_zibo_zfb_2024", 150, -1.2, 55, 2, faint_rules=True),
    ScanSpec("002_zhoukou_guofang_2024", 300, 0.5, 30, 3),
    ScanSpec("003_zibo_renfang_2020", 150, -0.6, 50, 4, turned_page=2),
    ScanSpec("004_panzhihua_guofang_2023", 180, 1.5, 45, 5),
)


def scan_name(stem: str) -> str:
    return f"{stem}_scan.pdf"


def scan_pdf(pdf: Path, out: Path, spec: ScanSpec, pages_from_1: Sequence[int] | None = None) -> None:
    """``pdf`` (or only its pages ``pages_from_1``) rasterized and degraded per ``spec``,
    written as an image-only PDF."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(spec.seed)
    doc = pdfium.PdfDocument(str(pdf))
    pages: list[Image.Image] = []
    try:
        for index in range(len(doc)):
            if pages_from_1 is not None and index + 1 not in pages_from_1:
                continue
            page = doc[index]
            bitmap = page.render(scale=spec.dpi / 72, grayscale=True)
            img = bitmap.to_pil().convert("L")
            bitmap.close()
            page.close()
            angle = spec.angle + float(rng.uniform(-0.3, 0.3))
            pages.append(_degrade(img, angle, spec, rng, turned=spec.turned_page == index + 1))
    finally:
        doc.close()
    _save_pdf(pages, out, spec.dpi, spec.quality)


def _degrade(img: Image.Image, angle: float, spec: ScanSpec, rng: np.random.Generator, turned: bool) -> Image.Image:
    pixels = np.asarray(img, dtype=np.float32)
    if spec.faint_rules:
        pixels = _fade_rules(pixels, rng)
    paper = float(rng.uniform(232, 246))
    # Ink is never quite black, paper never white: scale 0..255 to ink..paper.
    ink = float(rng.uniform(25, 45))
    pixels = ink + pixels * (paper - ink) / 255.0
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    img = img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=int(paper))
    img = img.filter(ImageFilter.GaussianBlur(radius=0.6 * spec.dpi / 200))
    # Sensor noise: slight (a scanner's is; a noisier field only makes the samples larger).
    pixels = np.asarray(img, dtype=np.float32) + rng.normal(0.0, 1.0, img.size[::-1])
    # Dust: a few hundred dark specks of a pixel or two.
    h, w = pixels.shape
    n = int(rng.integers(150, 300))
    ys, xs = rng.integers(0, h - 2, n), rng.integers(0, w - 2, n)
    for y, x in zip(ys, xs, strict=True):
        pixels[y : y + int(rng.integers(1, 3)), x : x + int(rng.integers(1, 3))] = float(rng.uniform(60, 160))
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if turned:
        out = out.transpose(Image.Transpose.ROTATE_90)
    return out


def _fade_rules(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Rules lightened in stretches (worn toner: grey 150-205 on paper ~240) and broken by a
    few short gaps of up to 4pt (dropped-out toner): long thin dark rows are rules, not glyphs."""
    dark = pixels < 128
    out = pixels.copy()
    h, w = pixels.shape
    for y in np.flatnonzero(dark.sum(axis=1) > 0.3 * w):
        for _ in range(int(rng.integers(2, 6))):
            x0 = int(rng.integers(0, w - 40))
            length = int(rng.integers(20, 200))
            level = float(rng.uniform(150, 205))
            seg = out[y, x0 : x0 + length]
            out[y, x0 : x0 + length] = np.where(seg < 128, level, seg)
        for _ in range(int(rng.integers(0, 3))):
            x0 = int(rng.integers(0, w - 10))
            seg = out[y, x0 : x0 + int(rng.integers(2, 8))]
            seg[seg < 128] = 255.0
    return out


def _save_pdf(pages: Sequence[Image.Image], out: Path, dpi: int, quality: int) -> None:
    # PIL writes each page as one JPEG (DCTDecode) image filling the page at ``dpi``.
    jpegs = []
    for page in pages:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=quality, optimize=True)
        jpegs.append(Image.open(io.BytesIO(buffer.getvalue())))
    # A fixed date: PIL writes the current time otherwise, and the bytes must not change per run.
    fixed = time.strptime("2025-01-01", "%Y-%m-%d")
    jpegs[0].save(out, "PDF", save_all=True, append_images=jpegs[1:], resolution=float(dpi), quality=quality,
                  creationDate=fixed, modDate=fixed)


def write_scans(samples: Path, out: Path) -> list[Path]:
    """Every scan of ``SCANS`` into ``out`` with its expected JSON in ``out/expected``: the
    original's expected numbers (a scan prints the same report)."""
    (out / "expected").mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SCANS:
        target = out / scan_name(spec.source)
        scan_pdf(samples / f"{spec.source}.pdf", target, spec)
        expected = json.loads((samples / "expected" / f"{spec.source}.pdf.json").read_text(encoding="utf-8"))
        expected["file"] = target.name
        expected["notes"] = (f"scan of {spec.source}.pdf ({spec.dpi} dpi, {spec.angle:+.1f}°, JPEG quality "
                             f"{spec.quality}" + (f", page {spec.turned_page} turned 90°" if spec.turned_page else "")
                             + (", rules faded in places" if spec.faint_rules else "") + "); "
                             + expected.get("notes", "")).rstrip("; ")
        (out / "expected" / f"{target.name}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written
