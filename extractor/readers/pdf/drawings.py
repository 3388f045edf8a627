"""Which drawing objects are visible rules, the only ones that may border a table.

Office exports (WPS in particular) paint a white, unstroked rectangle behind every text
line and every table cell; fed to pdfplumber these form bogus one-column "tables" of
prose, so invisible and shading rectangles are dropped before tables are searched.
"""

from __future__ import annotations

from typing import Any

from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.settings import PdfSettings


def is_visible_rule(obj: Obj, settings: PdfSettings) -> bool:
    """Keep characters and visible strokes; drop invisible or shading rectangles.

    A white unstroked rectangle is invisible on paper (WPS draws one behind each text
    line); a coloured unstroked one is a shading; neither is a border. A filled bar no
    thicker than ``thin_rule`` is how many exporters draw a border, so it stays.
    """
    kind = obj.get("object_type")
    if kind == "char":
        return True
    if kind == "rect":
        if obj.get("stroke") and not _is_white(obj.get("stroking_color"), settings):
            return True
        thin = min(obj["width"], obj["height"]) <= settings.thin_rule
        return bool(obj.get("fill")) and thin and not _is_white(obj.get("non_stroking_color"), settings)
    if kind in ("line", "curve"):
        return not _is_white(obj.get("stroking_color"), settings)
    return True


def _is_white(color: Any, settings: PdfSettings) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False  # patterns and named colours: assume visible
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= settings.white_ink for v in values)
    return all(v >= settings.white_level for v in values)
