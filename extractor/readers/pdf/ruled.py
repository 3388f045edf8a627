"""Ruled tables: pdfplumber's ``find_tables`` (lines strategy) on the visible rules.

One call per page, after closing the outer borders that a page break leaves open.
pdfplumber gives one bounding box per cell; ``grid_table`` turns those into the table's
true grid with spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractor.layout import Table
from extractor.readers.pdf.geometry import Obj, center_in
from extractor.readers.pdf.grid import grid_table, has_columns
from extractor.readers.pdf.settings import PdfSettings

if TYPE_CHECKING:
    from pdfplumber.page import Page


@dataclass
class EdgePage:
    """A page known only by its rules (pdfplumber edge records, pt), for the table finder:
    the OCR reader measures rules on a page image and hands them over in this shape."""

    edges: list[Obj]
    bbox: tuple[float, float, float, float]

    @property
    def horizontal_edges(self) -> list[Obj]:
        return [e for e in self.edges if e["orientation"] == "h"]

    @property
    def vertical_edges(self) -> list[Obj]:
        return [e for e in self.edges if e["orientation"] == "v"]

    def find_tables(self, table_settings: dict[str, Any]) -> list[Any]:
        if not self.edges and not any(table_settings.get(k) for k in ("explicit_horizontal_lines", "explicit_vertical_lines")):
            # Nothing to find on a page without rules, and pdfplumber (a fifth of a second to
            # import) is then not loaded at all.
            return []
        from pdfplumber.table import TableFinder, TableSettings

        # The same finder pdfplumber's Page.find_tables runs; it reads only the edges.
        return TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]


def ruled_tables(page: Page | EdgePage, chars: list[Obj], number: int, settings: PdfSettings) -> tuple[list[Table], list[Table]]:
    """The page's ruled tables, and its frames: grids with text in one column (a box of
    prose, or a table's fragment at a page break; ``fragments`` decides which)."""
    tables: list[Table] = []
    frames: list[Table] = []
    for found in page.find_tables(table_settings(page.horizontal_edges, page.vertical_edges, settings)):
        x0, top, x1, bottom = found.bbox
        inside = [c for c in chars if center_in(c, (x0, top, x1, bottom))]
        table = grid_table(found.cells, inside, number, settings)
        if table is not None and any(c.text for c in table.cells):
            (tables if has_columns(table) else frames).append(table)
    return tables, frames


def table_settings(h_edges: list[Obj], v_edges: list[Obj], settings: PdfSettings) -> dict[str, object]:
    """pdfplumber's table settings for ruled tables on these edges (also used by the OCR
    reader, whose rules come from a page image): the lines strategy, closing borders added."""
    # pdfplumber's own tolerances (snap, join, intersection) stay at its defaults.
    return {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "explicit_horizontal_lines": _closing_rules(v_edges, h_edges, "h", settings),
        "explicit_vertical_lines": _closing_rules(h_edges, v_edges, "v", settings),
    }


def _closing_rules(
    ends: list[Obj], existing: list[Obj], orientation: str, settings: PdfSettings
) -> list[Obj]:
    """Missing outer borders of ruled tables, as edges to add.

    A table broken by a page often has no bottom rule on the first page and no top rule
    (over its merged label columns) on the next: the column rules simply stop. Where two
    or more rules of one orientation end at the same place (the first and the last at
    least ``closing_rule_min_length`` apart) and existing rules do not already cover
    ``closing_rule_coverage`` of the way, a closing rule is drawn from the first to the
    last. For vertical closing rules (tables without side borders) the rule is only drawn
    where inner vertical rules exist, so two stacked tables with the paragraph between them
    are not joined into one.
    """
    horizontal = orientation == "h"
    along = ("x0", "x1") if horizontal else ("top", "bottom")
    across = ("top", "bottom") if horizontal else ("x0", "x1")
    added: list[Obj] = []
    for key in across:
        for pos, group in _clusters_by(ends, key, settings):
            if len(group) < 2:
                continue
            lo, hi = min(e[along[0]] for e in group), max(e[along[0]] for e in group)
            if hi - lo < settings.closing_rule_min_length:
                continue
            spans = [(lo, hi)] if horizontal else _inner_spans(group, existing, lo, hi, settings)
            for a, b in spans:
                if _coverage(existing, orientation, pos, a, b, settings) < settings.closing_rule_coverage:
                    added.append(_edge(orientation, pos, a, b))
    return added


def _clusters_by(edges: list[Obj], key: str, settings: PdfSettings) -> list[tuple[float, list[Obj]]]:
    out: list[tuple[float, list[Obj]]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if out and e[key] - out[-1][0] <= settings.snap_tolerance:
            out[-1][1].append(e)
        else:
            out.append((e[key], [e]))
    return out


def _inner_spans(
    group: list[Obj], verticals: list[Obj], top: float, bottom: float, settings: PdfSettings
) -> list[tuple[float, float]]:
    """y-ranges between ``top`` and ``bottom`` where vertical rules run inside the rows."""
    snap = settings.snap_tolerance
    x_lo = min(e["x0"] for e in group) + settings.inner_rule_inset
    x_hi = max(e["x1"] for e in group) - settings.inner_rule_inset
    inner = [(v["top"], v["bottom"]) for v in verticals if x_lo < v["x0"] < x_hi]
    merged: list[tuple[float, float]] = []
    for a, b in sorted(inner):
        a, b = max(a, top), min(b, bottom)
        if b - a <= snap:
            continue
        if merged and a <= merged[-1][1] + snap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _coverage(
    edges: list[Obj], orientation: str, pos: float, lo: float, hi: float, settings: PdfSettings
) -> float:
    """Fraction of [lo, hi] drawn by existing edges lying at ``pos``."""
    at, a_key, b_key = ("top", "x0", "x1") if orientation == "h" else ("x0", "top", "bottom")
    near = settings.snap_tolerance + settings.closing_rule_slack
    spans = sorted((max(lo, e[a_key]), min(hi, e[b_key])) for e in edges if abs(e[at] - pos) <= near)
    covered, reach = 0.0, lo
    for a, b in spans:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / (hi - lo) if hi > lo else 1.0


def _edge(orientation: str, pos: float, lo: float, hi: float) -> Obj:
    if orientation == "h":
        return {
            "object_type": "closing_edge",
            "orientation": "h",
            "x0": lo,
            "x1": hi,
            "top": pos,
            "bottom": pos,
            "width": hi - lo,
            "height": 0.0,
        }
    return {
        "object_type": "closing_edge",
        "orientation": "v",
        "x0": pos,
        "x1": pos,
        "top": lo,
        "bottom": hi,
        "width": 0.0,
        "height": hi - lo,
    }
