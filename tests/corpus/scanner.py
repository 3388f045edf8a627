"""A seeded scanner: any text PDF made into a scan under a random draw of how it was scanned.

``draw(seed)`` picks every parameter of one scan from wide ranges (what county offices' scanners,
fax machines and phones do to a printed report), and ``scan_pdf`` applies it page by page:

* resolution 100-300 dpi;
* a skew per page up to ±3° (the file's own limit drawn first, so some files are straight and
  some are all askew), and for a phone photo a slight keystone (the page's corners pulled in);
* rules worn: lightened stretches, short breaks, whole pieces missing between two crossings;
* a red round official seal (公章) stamped over the text, sometimes over a table's corner;
* uneven lighting, a darker binding shadow along one side, a black scanner border;
* blur; Gaussian, speckle and salt-and-pepper noise;
* grey, colour (tinted paper, the seal red) or binarized pages (a fax);
* one page now and then scanned upside down or sideways;
* saved as JPEG at quality 30-95 (binarized pages losslessly) in an image-only PDF.

The draw is written into the PDF's metadata (``/Subject``, as JSON), so a failing scan can be
reproduced from the file alone: ``json.loads(pypdf.PdfReader(path).metadata["/Subject"])``.
Nothing here knows the report: the same draw on another PDF scans it the same way.
"""

from __future__ import annotations

import io
import json
import math
import time
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

_SEAL_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
_SEAL_TEXT = "人民政府办公室信息公开专用章"


class Colour(StrEnum):
    GREY = "grey"
    COLOUR = "colour"
    BINARY = "binary"  # a fax or a scanner's "text" mode: black and white, no grey


@dataclass(frozen=True)
class Seal:
    page: int  # from 0; -1 is the last page
    x: float  # centre, fraction of the page's width and height
    y: float
    radius: float  # pt (a government seal is 42 mm across: ~60 pt)
    angle: float  # deg the seal's text is turned by
    strength: float  # 0-1, how much ink the stamp left


@dataclass(frozen=True)
class PageDraw:
    skew: float  # deg, counter-clockwise
    keystone: tuple[float, ...]  # 8 corner offsets, fraction of the side (0: a flat scan)
    turn: int  # quarter turns counter-clockwise (2: upside down)


@dataclass(frozen=True)
class ScanDraw:
    """Everything random about one scan; with the source PDF it fixes the output's pixels."""

    seed: int
    dpi: int
    colour: Colour
    jpeg: int  # quality of the scan's JPEG (then 75 in the PDF: see _save_pdf); binarized pages lossless
    max_skew: float  # deg, the file's own limit for its pages' skew
    photo: bool  # taken with a phone: keystone on every page
    blur: float  # Gaussian sigma, px at this dpi
    noise: float  # Gaussian noise, grey levels
    speckle: float  # multiplicative noise, fraction
    salt_pepper: float  # share of pixels set to black or white
    paper: float  # grey level of the paper (0-255)
    ink: float  # grey level of full ink
    lighting: float  # 0-1: how much darker the far side of the page is
    lighting_angle: float  # deg, direction the light falls off to
    shadow_side: str | None  # "left", "right", "top" or None: a binding shadow there
    shadow_width: float  # fraction of the page
    shadow_depth: float  # 0-1, how dark at the very edge
    border: tuple[float, float, float, float]  # black border, fraction of the side: left, top, right, bottom
    rule_wear: float  # 0-1: how worn the table rules are (fades, breaks, missing pieces)
    binary_threshold: float  # grey level below which a binarized pixel is black
    seals: tuple[Seal, ...]
    turned_page: int | None  # a page (from 0) scanned upside down or sideways
    turn: int  # its quarter turns

    def describe(self) -> str:
        parts = [f"{self.dpi}dpi", self.colour.value, f"jpeg{self.jpeg}", f"skew≤{self.max_skew:.1f}°"]
        if self.photo:
            parts.append("photo")
        if self.turned_page is not None:
            parts.append(f"p{self.turned_page + 1}×{self.turn * 90}°")
        if self.seals:
            parts.append(f"{len(self.seals)} seal")
        if self.rule_wear > 0.5:
            parts.append("worn rules")
        return " ".join(parts)

    def page(self, index: int) -> PageDraw:
        """The draw of page ``index`` (from 0): its own skew and keystone."""
        rng = np.random.default_rng([self.seed, 7919, index])
        skew = float(rng.uniform(-self.max_skew, self.max_skew))
        keystone = tuple(float(v) for v in rng.uniform(0.0, 0.015, 8)) if self.photo else (0.0,) * 8
        return PageDraw(round(skew, 3), keystone, self.turn if index == self.turned_page else 0)


def draw(seed: int, pages_hint: int = 5) -> ScanDraw:
    """One scan's parameters from ``seed``, each from its range (``pages_hint``: how many pages
    the turned page and the seals may be placed on; a later page simply has none)."""
    rng = np.random.default_rng([seed, 104729])
    colour = Colour(rng.choice([c.value for c in Colour], p=[0.6, 0.25, 0.15]))
    dpi = int(rng.choice([100, 120, 150, 150, 200, 200, 240, 300]))
    if colour is Colour.BINARY:
        dpi = max(dpi, 150)  # a fax's "fine" mode is ~200 dpi; binarized at 100 dpi no one reads a digit
    photo = bool(rng.random() < 0.2)
    seals = [Seal(-1, float(rng.uniform(0.55, 0.8)), float(rng.uniform(0.25, 0.85)), float(rng.uniform(48, 64)),
                  float(rng.uniform(-30, 30)), float(rng.uniform(0.5, 1.0)))] if rng.random() < 0.6 else []
    if rng.random() < 0.3:  # a seal across a page's table or text, anywhere
        seals.append(Seal(int(rng.integers(0, pages_hint)), float(rng.uniform(0.1, 0.9)), float(rng.uniform(0.1, 0.9)),
                          float(rng.uniform(48, 64)), float(rng.uniform(-30, 30)), float(rng.uniform(0.4, 0.9))))
    turned = int(rng.integers(0, pages_hint)) if rng.random() < 0.2 else None
    border = tuple(float(rng.uniform(0.003, 0.025)) if rng.random() < 0.5 else 0.0 for _ in range(4)) \
        if rng.random() < 0.3 else (0.0, 0.0, 0.0, 0.0)
    shadow_side = str(rng.choice(["left", "right", "top"])) if rng.random() < 0.35 else None
    return ScanDraw(
        seed=seed,
        dpi=dpi,
        colour=colour,
        jpeg=int(rng.integers(30, 96)),
        max_skew=float(rng.choice([rng.uniform(0.0, 0.5), rng.uniform(0.5, 3.0)])),
        photo=photo,
        blur=float(rng.uniform(0.0, 1.0)) * dpi / 200,
        noise=float(rng.uniform(0.0, 10.0)),
        speckle=float(rng.uniform(0.0, 0.08)) if rng.random() < 0.3 else 0.0,
        salt_pepper=float(rng.uniform(0.0, 0.003)) if rng.random() < 0.4 else 0.0,
        paper=float(rng.uniform(205, 250)),
        ink=float(rng.uniform(10, 70)),
        lighting=float(rng.uniform(0.0, 0.25)),
        lighting_angle=float(rng.uniform(0, 360)),
        shadow_side=shadow_side,
        shadow_width=float(rng.uniform(0.03, 0.1)),
        shadow_depth=float(rng.uniform(0.2, 0.6)),
        border=border,  # type: ignore[arg-type]
        rule_wear=float(rng.uniform(0.0, 1.0)),
        binary_threshold=float(rng.uniform(0.45, 0.6)),
        seals=tuple(seals),
        turned_page=turned,
        turn=int(rng.choice([1, 2, 3])) if turned is not None else 0,
    )


def scan_pdf(pdf: Path, out: Path, scan: ScanDraw) -> None:
    """``pdf`` rasterized and degraded per ``scan``, written to ``out`` as an image-only PDF with
    the draw in its metadata."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images: list[Image.Image] = []
    try:
        n = len(doc)
        for index in range(n):
            page = doc[index]
            bitmap = page.render(scale=scan.dpi / 72, grayscale=True)
            grey = np.asarray(bitmap.to_pil().convert("L"), dtype=np.float32)
            bitmap.close()
            page.close()
            seals = [s for s in scan.seals if s.page == index or (s.page == -1 and index == n - 1)
                     or (s.page >= n and index == n - 1)]
            images.append(degrade(grey, scan, scan.page(index), seals, np.random.default_rng([scan.seed, 31, index])))
    finally:
        doc.close()
    _save_pdf(images, out, scan)


def degrade(grey: np.ndarray, scan: ScanDraw, page: PageDraw, seals: list[Seal], rng: np.random.Generator) -> Image.Image:
    """One clean rendered page (grey, 0 ink .. 255 paper) as the scanner gives it back."""
    import cv2

    per_pt = scan.dpi / 72
    if scan.rule_wear > 0:
        grey = _wear_rules(grey, scan.rule_wear, per_pt, rng)
    # Ink is never black, paper never white: 0..255 mapped to ink..paper, per channel.
    paper_rgb = np.array([scan.paper, scan.paper, scan.paper], dtype=np.float32)
    if scan.colour is Colour.COLOUR:
        paper_rgb = paper_rgb - np.array([0.0, rng.uniform(0, 8), rng.uniform(5, 25)], dtype=np.float32)
    coverage = 1.0 - grey / 255.0  # 1 where full ink
    rgb = paper_rgb[None, None, :] * (1.0 - coverage[..., None]) + scan.ink * coverage[..., None]
    for seal in seals:
        _stamp(rgb, seal, per_pt, rng)
    h, w = grey.shape
    rgb *= _lighting(h, w, scan)[..., None]
    rgb = _geometry(rgb, page, scan.paper)
    _border(rgb, scan.border)
    if scan.blur > 0.05:
        rgb = cv2.GaussianBlur(rgb, (0, 0), scan.blur)
    if scan.noise > 0:
        rgb += rng.normal(0.0, scan.noise, rgb.shape[:2])[..., None].astype(np.float32)
    if scan.speckle > 0:
        rgb *= (1.0 + rng.normal(0.0, scan.speckle, rgb.shape[:2]))[..., None].astype(np.float32)
    if scan.salt_pepper > 0:
        hit = rng.random(rgb.shape[:2]) < scan.salt_pepper
        rgb[hit] = np.where(rng.random(int(hit.sum())) < 0.5, 0.0, 255.0)[:, None]
    rgb = np.clip(rgb, 0, 255)
    if scan.colour is Colour.COLOUR:
        image = Image.fromarray(rgb.astype(np.uint8), "RGB")
    else:
        luma = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        if scan.colour is Colour.BINARY:
            image = Image.fromarray(((luma >= scan.binary_threshold * 255) * 255).astype(np.uint8)).convert("1")
        else:
            image = Image.fromarray(luma.astype(np.uint8))
    if page.turn:
        image = image.rotate(90 * page.turn, expand=True)
    return image


def _wear_rules(grey: np.ndarray, wear: float, per_pt: float, rng: np.random.Generator) -> np.ndarray:
    """Table rules worn by the printer's toner: lightened stretches, short breaks and, on worn
    pages, whole pieces gone. A rule is a long thin run of ink (a glyph's stroke is at most an em)."""
    import cv2

    ink = (grey < 128).astype(np.uint8)
    long_px = max(5, round(40 * per_pt))
    out = grey.copy()
    for horizontal in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (long_px, 1) if horizontal else (1, long_px))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _ = stats[i]
            length = w if horizontal else h
            # "In places": on the most worn page about one place per 300pt of rule.
            for _ in range(int(rng.poisson(wear * length / (300 * per_pt)))):
                kind = rng.random()
                if kind < 0.55:
                    stretch, level = rng.uniform(10, 80) * per_pt, rng.uniform(120, 200)  # faded
                elif kind < 0.9:
                    stretch, level = rng.uniform(1, 6) * per_pt, 255.0  # a short break
                else:
                    stretch, level = rng.uniform(20, 70) * per_pt * wear, 255.0  # a piece missing
                start = int(rng.uniform(0, max(1, length - stretch)))
                end = int(start + stretch)
                part = out[y:y + h, x + start:x + end] if horizontal else out[y + start:y + end, x:x + w]
                np.maximum(part, np.where(part < 160, level, part), out=part)
    return out


def _stamp(rgb: np.ndarray, seal: Seal, per_pt: float, rng: np.random.Generator) -> None:
    """A red round seal pressed on the page: a ring, a star and the office's name along the
    rim, multiplied onto what is printed (a stamp's ink is translucent)."""
    radius = seal.radius * per_pt
    size = int(2 * radius + 4)
    mask = Image.new("L", (size, size), 0)
    pen = ImageDraw.Draw(mask)
    c = size / 2
    ring = max(2, round(2.2 * per_pt))
    pen.ellipse((c - radius, c - radius, c + radius, c + radius), outline=255, width=ring)
    star = [(c + 0.28 * radius * math.cos(math.radians(-90 + 144 * k)),
             c + 0.28 * radius * math.sin(math.radians(-90 + 144 * k))) for k in range(5)]
    pen.polygon(star, fill=255)
    font = _seal_font(int(0.26 * radius))
    if font is not None:
        for k, char in enumerate(_SEAL_TEXT):
            a = math.radians(210 - k * 240 / (len(_SEAL_TEXT) - 1))
            glyph = Image.new("L", (int(0.4 * radius), int(0.4 * radius)), 0)
            ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, fill=255, font=font, anchor="mm")
            glyph = glyph.rotate(math.degrees(a) - 90, expand=True)
            gx = c + 0.72 * radius * math.cos(a) - glyph.width / 2
            gy = c - 0.72 * radius * math.sin(a) - glyph.height / 2
            mask.paste(255, (int(gx), int(gy)), glyph)
    mask = mask.rotate(seal.angle)
    alpha = np.asarray(mask, dtype=np.float32) / 255.0 * seal.strength
    # Stamps print unevenly: blotches of less ink.
    alpha *= np.clip(1.0 - 0.5 * rng.random(alpha.shape).astype(np.float32) ** 4, 0, 1)
    h, w = rgb.shape[:2]
    x0, y0 = int(seal.x * w - c), int(seal.y * h - c)
    ax0, ay0 = max(0, -x0), max(0, -y0)
    bx0, by0 = max(0, x0), max(0, y0)
    bx1, by1 = min(w, x0 + size), min(h, y0 + size)
    if bx1 <= bx0 or by1 <= by0:
        return
    a = alpha[ay0 : ay0 + by1 - by0, ax0 : ax0 + bx1 - bx0, None]
    red = np.array([215, 40, 45], dtype=np.float32) / 255.0
    region = rgb[by0:by1, bx0:bx1]
    region *= 1.0 - a * (1.0 - red)


def _seal_font(size: int) -> ImageFont.FreeTypeFont | None:
    for path in _SEAL_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, max(6, size))
    return None  # no CJK font on this machine: the seal is a ring and a star


def _lighting(h: int, w: int, scan: ScanDraw) -> np.ndarray:
    """A scanner lamp's or a window's light: the page darker towards one side, and a binding
    shadow along one edge."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    a = math.radians(scan.lighting_angle)
    t = ((xs / w - 0.5) * math.cos(a) + (ys / h - 0.5) * math.sin(a)) + 0.5
    light = 1.0 - scan.lighting * np.clip(t, 0, 1)
    if scan.shadow_side is not None:
        if scan.shadow_side == "left":
            d = xs / w
        elif scan.shadow_side == "right":
            d = 1.0 - xs / w
        else:
            d = ys / h
        light *= 1.0 - scan.shadow_depth * np.exp(-d / scan.shadow_width) ** 2
    return light.astype(np.float32)


def _geometry(rgb: np.ndarray, page: PageDraw, paper: float) -> np.ndarray:
    """The page skewed, and for a photo its corners moved (a keystone), the same size."""
    import cv2

    h, w = rgb.shape[:2]
    rotation = cv2.getRotationMatrix2D((w / 2, h / 2), page.skew, 1.0)
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    k = np.array(page.keystone, dtype=np.float32).reshape(4, 2) * np.array([w, h], dtype=np.float32)
    inward = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float32)
    moved = corners + k * inward
    moved = (np.hstack([moved, np.ones((4, 1), np.float32)]) @ rotation.T).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, moved)
    return cv2.warpPerspective(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=(paper, paper, paper))


def _border(rgb: np.ndarray, border: tuple[float, float, float, float]) -> None:
    """The scanner lid's black beyond the paper's edge."""
    h, w = rgb.shape[:2]
    left, top, right, bottom = (int(border[0] * w), int(border[1] * h), int(border[2] * w), int(border[3] * h))
    if left:
        rgb[:, :left] = 18.0
    if right:
        rgb[:, w - right :] = 18.0
    if top:
        rgb[:top] = 18.0
    if bottom:
        rgb[h - bottom :] = 18.0


def _save_pdf(images: list[Image.Image], out: Path, scan: ScanDraw) -> None:
    """Not ``scripts.samples.scans._save_pdf``: PIL encodes each JPEG frame again when it
    writes the PDF, at the quality given to that call (there the sample's; here none, so PIL's
    75). A page is thus compressed twice, at ``scan.jpeg`` and then at 75, as a scan saved and
    then put into a PDF by another program often is; the sweep's figures were measured so."""
    frames = []
    for image in images:
        if image.mode == "1":
            frames.append(image)  # stored losslessly, as a fax is
            continue
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=scan.jpeg)
        frames.append(Image.open(io.BytesIO(buffer.getvalue())))
    # A fixed date: PIL writes the current time otherwise, and the bytes must not change per run.
    fixed = time.strptime("2025-01-01", "%Y-%m-%d")
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=float(scan.dpi),
                   creationDate=fixed, modDate=fixed, subject=json.dumps(asdict(scan), ensure_ascii=False),
                   title="govreport scan sweep")


def read_draw(path: Path) -> ScanDraw:
    """The draw recorded in a scan's metadata."""
    from pypdf import PdfReader

    data = json.loads(PdfReader(str(path)).metadata["/Subject"])
    data["colour"] = Colour(data["colour"])
    data["seals"] = tuple(Seal(**s) for s in data["seals"])
    data["border"] = tuple(data["border"])
    return ScanDraw(**data)
