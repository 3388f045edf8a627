"""Scanned values placed by position near the boundary of two of their row's columns.

A scan's grid is found from its rules, or, where rules are faint or missing (a binarized
page, a rules-only table), from the gaps between words: a column boundary can then fall
beside the number rather than between two columns, and a number printed under 本年增/减
lands under 上一年项目数量, the blank beside it, with nothing to say so (table 2 has no sums to
catch it). A number whose cell's centre lies in the outer part of its header cell, on the
side of another column of the same row, may belong to that column: its value is kept and
said (``ocr_low_confidence``), never moved on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout import Cell
from extractor.mapping.values import Warnings
from extractor.numbers import has_number
from extractor.warning_codes import WarningCode


@dataclass(frozen=True)
class BoundarySettings:
    # Share of a header cell's width, at each side, where a value's centre is nearer the
    # neighbouring column than its own: printed values are centred under their header (the
    # national template centres them), so a centre this far out means the grid's boundary
    # fell beside the number. On the sample scans every value's centre lies at 0.50–0.54 of
    # its header's width; 0.2 leaves room for a header cell wider than its column.
    edge_share: float = 0.2


@dataclass(frozen=True)
class ColumnExtent:
    """Where a column's header cell lies across the page (pt)."""

    key: str
    x0: float
    x1: float


def header_extents(cells: list[tuple[Cell, str]]) -> list[ColumnExtent]:
    """The x-extent of each named header cell with a box, left to right (one per column key:
    the union of its cells)."""
    spans: dict[str, tuple[float, float]] = {}
    for cell, key in cells:
        if cell.bbox is None:
            continue
        x0, _, x1, _ = cell.bbox
        old = spans.get(key)
        spans[key] = (min(x0, old[0]), max(x1, old[1])) if old else (x0, x1)
    return sorted((ColumnExtent(k, x0, x1) for k, (x0, x1) in spans.items()), key=lambda e: e.x0)


def neighbour_it_may_belong_to(cell: Cell, key: str, extents: list[ColumnExtent], row_keys: set[str],
                               settings: BoundarySettings | None = None) -> str | None:
    """For a scanned number placed under ``key``: the column of the same row beside it that its
    cell's centre leans towards (past ``edge_share`` of the header's width), or None."""
    settings = settings or BoundarySettings()
    if cell.ocr is None or cell.bbox is None or not has_number(cell.text):
        return None
    keys = [e.key for e in extents]
    if key not in keys:
        return None
    i = keys.index(key)
    own = extents[i]
    width = own.x1 - own.x0
    if width <= 0:
        return None
    centre = (cell.bbox[0] + cell.bbox[2]) / 2
    share = (centre - own.x0) / width
    if share > 1 - settings.edge_share and i + 1 < len(extents) and extents[i + 1].key in row_keys:
        return extents[i + 1].key
    if share < settings.edge_share and i > 0 and extents[i - 1].key in row_keys:
        return extents[i - 1].key
    return None


def say_if_near_boundary(cell: Cell, path: str, key: str, extents: list[ColumnExtent], row_keys: set[str],
                         warnings: Warnings, settings: BoundarySettings | None = None) -> None:
    other = neighbour_it_may_belong_to(cell, key, extents, row_keys, settings)
    if other is None:
        return
    warnings.add(WarningCode.OCR_LOW_CONFIDENCE,
                 f"{path}: {cell.text!r} read by OCR at the edge of its column, beside {other}: the scan's column "
                 "boundary may have fallen beside the number; check the scan",
                 field=path, page=cell.page, ocr_confidence=round(cell.ocr.confidence, 3) if cell.ocr else None)
