"""Page images: a PDF page rendered by pdfium, and the images a page or a Word file holds.

Everything is a grey ``uint8`` array (0 black, 255 white): colour carries nothing the
reader uses, and one channel is a third of the memory. ``scale`` is points per pixel, the
factor from image coordinates to the page's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractor.errors import LimitExceeded
from extractor.layout import BBox
from extractor.limits import MAX_IMAGE_PIXELS
from extractor.readers.pdfium_lock import pdfium_lock


@dataclass
class PageImage:
    """A page (or an image on a page) as pixels, and where its pixels lie on the page in points."""

    pixels: np.ndarray
    # Points per pixel, and the top-left of the image on the page (pt).
    scale: float
    origin: tuple[float, float] = (0.0, 0.0)
    # Drawn from 1-bit images only (a fax, a scanner's black-and-white mode: CCITT, JBIG2):
    # a thin rule there is dots where its grey fell either side of the threshold.
    bilevel: bool = False

    def to_points(self, box: tuple[float, float, float, float]) -> BBox:
        x0, y0, x1, y1 = box
        ox, oy = self.origin
        return (ox + x0 * self.scale, oy + y0 * self.scale, ox + x1 * self.scale, oy + y1 * self.scale)

    def to_pixels(self, box: BBox) -> tuple[float, float, float, float]:
        """A box in points as pixels of this image (``to_points`` undone)."""
        x0, y0, x1, y1 = box
        ox, oy = self.origin
        per_pt = 1.0 / self.scale
        return ((x0 - ox) * per_pt, (y0 - oy) * per_pt, (x1 - ox) * per_pt, (y1 - oy) * per_pt)


class PdfPages:
    """A PDF opened by pdfium for rendering, one page at a time (a page's pixels are freed
    before the next is drawn: a 200-page scan never holds more than one page)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        with pdfium_lock:
            self._pdf = pdfium.PdfDocument(str(path))

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        with pdfium_lock:
            self._pdf.close()

    def __len__(self) -> int:
        with pdfium_lock:
            return len(self._pdf)

    def undecodable_images(self, index: int, crop: BBox | None = None) -> int:
        """How many images on page ``index`` (within ``crop``, pt, top-left origin) pdfium cannot
        decode: a page renders such an image as nothing, so its text would be lost unsaid."""
        with pdfium_lock:
            page = self._pdf[index]
            try:
                height = page.get_size()[1]
                return sum(1 for obj in _images(page) if _within(obj, height, crop) and not _decodes(obj))
            finally:
                page.close()

    def render(self, index: int, dpi: float, crop: BBox | None = None) -> PageImage:
        """Page ``index`` (from 0) at ``dpi``, or only its part ``crop`` (pt, top-left origin)."""
        with pdfium_lock:
            return self._render(index, dpi, crop)

    def _render(self, index: int, dpi: float, crop: BBox | None) -> PageImage:
        page = self._pdf[index]
        try:
            width, height = page.get_size()
            # A page far larger than paper (14400 pt a side at 300 dpi is 3.6 G pixels) is
            # drawn at a lower dpi, within MAX_IMAGE_PIXELS: its words are large anyway.
            area = (crop[2] - crop[0]) * (crop[3] - crop[1]) if crop is not None else width * height
            scale = min(dpi / 72.0, math.sqrt(MAX_IMAGE_PIXELS / max(area, 1.0)))
            kwargs: dict[str, object] = {"scale": scale, "grayscale": True}
            origin = (0.0, 0.0)
            if crop is not None:
                x0, top, x1, bottom = crop
                # pdfium crops by the distance from each side of the page.
                kwargs["crop"] = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
                origin = (max(0.0, x0), max(0.0, top))
            bitmap = page.render(**kwargs)
            pixels = np.array(bitmap.to_numpy(), copy=True)
            bitmap.close()
            depths = [_bits_per_pixel(obj) for obj in _images(page) if _within(obj, height, crop)]
        finally:
            page.close()
        if pixels.ndim == 3:
            pixels = pixels[:, :, 0]
        return PageImage(pixels, 1.0 / scale, origin, bilevel=bool(depths) and all(d == 1 for d in depths))


def _images(page: object) -> list[object]:
    import pypdfium2 as pdfium

    return [obj for obj in page.get_objects(max_depth=2)  # type: ignore[attr-defined]
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]


def _bits_per_pixel(obj: object) -> int:
    """The image's bits per pixel as stored (0 when pdfium cannot tell)."""
    try:
        return int(obj.get_metadata().bits_per_pixel)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - pdfium's error for an image it cannot describe
        return 0


def _within(obj: object, page_height: float, crop: BBox | None) -> bool:
    if crop is None:
        return True
    left, bottom, right, top = obj.get_bounds()  # type: ignore[attr-defined]
    cx, cy = (left + right) / 2, page_height - (bottom + top) / 2
    return crop[0] <= cx <= crop[2] and crop[1] <= cy <= crop[3]


def _decodes(obj: object) -> bool:
    """Whether pdfium decodes the image: a JPEG or JPEG 2000 it cannot read gives no bitmap;
    a damaged Flate stream gives a bitmap all the same (blank), found by its short data."""
    import pypdfium2 as pdfium

    try:
        obj.get_bitmap(render=False)  # type: ignore[attr-defined]
        filters = set(obj.get_filters())  # type: ignore[attr-defined]
        # Under only the filters pdfium hands over decoded, a whole stream is width × height ×
        # bits per pixel / 8 bytes (rows padded to whole bytes); a damaged one is shorter.
        if filters and filters <= set(pdfium.PdfImage.SIMPLE_FILTERS):
            meta = obj.get_metadata()  # type: ignore[attr-defined]
            row = math.ceil(meta.width * meta.bits_per_pixel / 8)
            return len(obj.get_data(decode_simple=True)) >= row * meta.height  # type: ignore[attr-defined]
    except pdfium.PdfiumError:
        return False
    return True


def decode_image(data: bytes) -> np.ndarray | None:
    """An embedded picture (PNG, JPEG, BMP, TIFF) as grey pixels; ``None`` when it cannot be
    decoded. Its size is read from its header first: a picture past ``MAX_IMAGE_PIXELS`` (a
    45 KB PNG can declare 20000 × 20000) raises ``LimitExceeded`` before any pixel is made."""
    size = _declared_size(data)
    if size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS:
        shown = f"of {size[0]:,} × {size[1]:,} pixels" if size[0] > 0 else "of hundreds of millions of pixels"
        raise LimitExceeded(f"a picture {shown}, over the {MAX_IMAGE_PIXELS:,} a picture may have")
    if not data:
        return None  # cv2 raises on an empty buffer rather than answer None
    if size is not None and not _pil_decodes(data):
        return None
    import cv2

    # Past PIL's check, OpenCV decodes (its grey values, as before); its own log of a damaged
    # file ("[ WARN] ... PNG input buffer is incomplete") would pass the one stderr line.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        pixels = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    except cv2.error:  # some damaged files make a decoder fail instead of returning None
        return None
    return pixels if pixels is not None and pixels.size else None


def _pil_decodes(data: bytes) -> bool:
    """Whether PIL decodes every pixel of a picture it knows. A damaged PNG or JPEG is found
    here, quietly: OpenCV's libpng and libjpeg print their complaints ("libpng error: IDAT:
    incorrect data check", "Corrupt JPEG data") straight on stderr, and a JPEG damaged midway
    came out partly grey, to be read as if whole."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # noqa: BLE001 - PIL's many ways (OSError, SyntaxError, ValueError, …) of saying it is damaged
        return False
    return True


def _declared_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the image's header (PIL reads no pixel to say it); None when
    PIL does not know the format; (-1, -MAX_IMAGE_PIXELS) when PIL itself refuses it as a
    decompression bomb (past twice its own limit, more than ours)."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Image.DecompressionBombError:
        return -1, -MAX_IMAGE_PIXELS - 1  # negative: no size to show, the product still over the cap
    except Exception:  # noqa: BLE001 - not an image PIL reads: cv2 decides
        return None
