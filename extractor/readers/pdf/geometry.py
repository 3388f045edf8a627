"""Geometry shared by the PDF modules: the object type, centres, boxes and clustering of
coordinates. Distances are in PDF points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from extractor.layout import BBox
from extractor.readers.pdf.settings import PdfSettings

# A pdfplumber object (character, rect, line, curve, edge) as the dict pdfplumber gives.
Obj = dict[str, Any]


def center(obj: Obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def center_in(obj: Obj, bbox: BBox | None) -> bool:
    if bbox is None:
        return False
    x, y = center(obj)
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def round_box(box: Sequence[float]) -> BBox:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def cluster(values: Iterable[float], settings: PdfSettings) -> list[float]:
    """Sorted values merged into groups of neighbours at most ``snap_tolerance`` apart; group means."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= settings.snap_tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]
