"""table_finder against pdfplumber's TableFinder (lines strategy), which it replaces on the
paths that do not import pdfplumber: the same cells and tables, in the same order, to the
last bit of every coordinate.

Three sources of edges: every page of the sample PDFs and of the real report in the shared
corpus (skipped when absent), hand-made edge cases, and random edges from hypothesis near
and at the tolerances.
"""

from __future__ import annotations

import dataclasses
import itertools
from types import SimpleNamespace
from typing import Any

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableFinder, TableSettings

from extractor.readers.pdf.drawings import is_visible_rule
from extractor.readers.pdf.geometry import Obj
from extractor.readers.pdf.ruled import EdgePage, table_settings
from extractor.readers.pdf.settings import PdfSettings
from extractor.readers.pdf.table_finder import GridSettings, find_tables
from tests.helpers import SAMPLES, SHARED

PAGE_BBOX = (0.0, 0.0, 200.0, 200.0)
REAL_PDF = SHARED / "corpus" / "real" / "hzq2023_working.pdf"


def _settings(explicit_h: list[Any] | None = None, explicit_v: list[Any] | None = None) -> dict[str, Any]:
    """The table settings ``ruled.table_settings`` hands to both finders, with these
    explicit lines."""
    s = PdfSettings()
    return {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "edge_min_length_prefilter": s.grid_prefilter_length,
        "snap_tolerance": s.grid_snap,
        "join_tolerance": s.grid_join,
        "edge_min_length": s.grid_min_length,
        "intersection_tolerance": s.grid_intersection,
        "explicit_horizontal_lines": explicit_h or [],
        "explicit_vertical_lines": explicit_v or [],
    }


def _reference(edges: list[Obj], bbox: tuple[float, float, float, float], ts: dict[str, Any]) -> list[Any]:
    # pdfplumber's finder reads only .edges and .bbox of its page with the lines strategy.
    page = SimpleNamespace(edges=edges, bbox=bbox)
    return [(t.bbox, t.cells) for t in TableFinder(page, TableSettings.resolve(ts)).tables]  # type: ignore[arg-type]


def _ours(edges: list[Obj], bbox: tuple[float, float, float, float], ts: dict[str, Any]) -> list[Any]:
    return [(t.bbox, t.cells) for t in EdgePage(edges, bbox).find_tables(ts)]


def _h(x0: float, x1: float, top: float, kind: str = "line") -> Obj:
    return {"object_type": kind, "orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top,
            "width": x1 - x0, "height": 0.0}


def _v(x0: float, top: float, bottom: float, kind: str = "line") -> Obj:
    return {"object_type": kind, "orientation": "v", "x0": x0, "x1": x0, "top": top, "bottom": bottom,
            "width": 0.0, "height": bottom - top}


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Obj]:
    return [_h(x0, x1, top), _h(x0, x1, bottom), _v(x0, top, bottom), _v(x1, top, bottom)]


# --------------------------------------------------------------------------- real pages


def test_same_tables_as_pdfplumber_on_every_page() -> None:
    """Each page twice: its visible rules with the closing borders, as the reader sees it,
    and all its edges (invisible ones too) without explicit lines."""
    settings = PdfSettings()
    found = 0
    for path in [*sorted(SAMPLES.glob("*.pdf")), *([REAL_PDF] if REAL_PDF.exists() else [])]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                drawn = page.filter(lambda obj: is_visible_rule(obj, settings))
                for edges_page, ts in (
                    (drawn, table_settings(drawn.horizontal_edges, drawn.vertical_edges, settings)),
                    (page, _settings()),
                ):
                    edges = edges_page.edges
                    expected = _reference(edges, edges_page.bbox, ts)
                    assert _ours(edges, edges_page.bbox, ts) == expected, f"{path.name} page {page.page_number}"
                    found += len(expected)
    assert found >= 30  # 16 ruled tables in the samples, seen twice: the comparison compared tables


@pytest.mark.slow
def test_same_tables_as_pdfplumber_on_rules_measured_on_scans() -> None:
    """The rules the OCR reader measures on each scanned sample page (straightened, not
    turned): pixel positions in points, many short pieces, nothing on round numbers."""
    pytest.importorskip("cv2")
    pytest.importorskip("pypdfium2")
    from extractor.readers.ocr.deskew import rotate, skew_angle
    from extractor.readers.ocr.lines import find_rules, to_edges
    from extractor.readers.ocr.render import PageImage, PdfPages
    from extractor.readers.ocr.settings import OcrSettings

    ocr, settings = OcrSettings(), PdfSettings()
    found = 0
    for path in sorted((SAMPLES / "scanned").glob("*.pdf")):
        with PdfPages(path) as pages:
            for index in range(len(pages)):
                image = pages.render(index, ocr.dpi)
                pixels = image.pixels
                skew = skew_angle(pixels, ocr)
                if abs(skew) >= ocr.skew_fine_step:
                    pixels = rotate(pixels, skew)
                upright = PageImage(pixels, image.scale, image.origin)
                edges = to_edges(find_rules(upright, ocr), upright)
                bbox = upright.to_points((0, 0, pixels.shape[1], pixels.shape[0]))
                ts = table_settings([e for e in edges if e["orientation"] == "h"],
                                    [e for e in edges if e["orientation"] == "v"], settings)
                expected = _reference(edges, bbox, ts)
                assert _ours(edges, bbox, ts) == expected, f"{path.name} page {index + 1}"
                found += len(expected)
    assert found >= 10


# --------------------------------------------------------------------------- edge cases


def test_a_ruled_grid_gives_its_cells_column_by_column() -> None:
    edges = [*_box(0, 0, 40, 20), _h(0, 40, 10), _v(20, 0, 20)]
    expected = [((0, 0, 40, 20), [(0, 0, 20, 10), (0, 10, 20, 20), (20, 0, 40, 10), (20, 10, 40, 20)])]
    assert _reference(edges, PAGE_BBOX, _settings()) == expected
    assert _ours(edges, PAGE_BBOX, _settings()) == expected


@pytest.mark.parametrize(
    "edges",
    [
        pytest.param([_h(0, 50, 10)], id="lone edge"),
        pytest.param([_h(0, 50, 10), _v(25, 0, 20)], id="crossing without a cell"),
        pytest.param(_box(0, 0, 40, 20), id="one cell is no table"),
        pytest.param([_h(0, 40, 0), _h(0, 40, 10), _v(0, 0, 10), _v(20, 0, 10), _v(40, 12, 20)], id="open side"),
    ],
)
def test_no_table(edges: list[Obj]) -> None:
    assert _reference(edges, PAGE_BBOX, _settings()) == []
    assert _ours(edges, PAGE_BBOX, _settings()) == []


@pytest.mark.parametrize(
    "edges",
    [
        # Overlapping and touching collinear pieces, and a gap of exactly the join tolerance.
        pytest.param([_h(0, 25, 0), _h(15, 40, 0), _h(0, 17, 20), _h(20, 40, 20), _h(0, 40, 10),
                      _v(0, 0, 20), _v(20, 0, 20), _v(40, 0, 20)], id="collinear pieces"),
        # Rules exactly the snap tolerance apart snap; 3.0000001 apart they do not.
        pytest.param([_h(0, 40, 0), _h(0, 40, 3), _h(0, 40, 20), _v(0, 0, 20), _v(20, 0, 20), _v(40, 0, 20)],
                     id="snap at tolerance"),
        pytest.param([_h(0, 40, 0), _h(0, 40, 3.0000001), _h(0, 40, 20), _v(0, 0, 20), _v(20, 0, 20),
                      _v(40, 0, 20)], id="snap past tolerance"),
        # A rule ending exactly the intersection tolerance short of the crossing, and one past.
        pytest.param([_h(3, 37, 0), _h(0, 40, 20), _v(0, 0, 20), _v(20, 0, 20), _v(40, 3, 20)],
                     id="corner at tolerance"),
        pytest.param([_h(3.0000001, 40, 0), _h(0, 40, 20), _v(0, 0, 20), _v(20, 0, 20), _v(40, 0, 20)],
                     id="corner past tolerance"),
        # Lengths at the minimum, zero length, and duplicates.
        pytest.param([*_box(0, 0, 40, 20), _v(20, 0, 20), _h(50, 53, 5), _v(60, 0, 3), _h(0, 0, 30),
                      _v(70, 5, 5), *_box(0, 0, 40, 20)], id="short zero and duplicate edges"),
        # Two tables touching at a corner are one.
        pytest.param([*_box(0, 0, 20, 10), *_box(20, 10, 40, 20), _v(10, 0, 10), _v(30, 10, 20)],
                     id="tables touching at a corner"),
    ],
)
def test_edge_cases_as_pdfplumber(edges: list[Obj]) -> None:
    expected = _reference(edges, PAGE_BBOX, _settings())
    assert _ours(edges, PAGE_BBOX, _settings()) == expected


def _two_cells(top: float, bottom: float, verticals: list[Obj]) -> list[Obj]:
    """Two cells whose rows are more than the snap tolerance apart, the short vertical rules
    meeting them within the intersection tolerance."""
    return [_h(0, 40, top), _h(0, 40, bottom), *verticals]


@pytest.mark.parametrize(
    ("edges", "tables"),
    [
        # Rules of exactly the minimum length (3 pt) count.
        pytest.param(_two_cells(8, 15, [_v(x, 10, 13) for x in (0, 20, 40)]), 1, id="exactly minimum"),
        # A rect's side on an 842 pt page, from y0 = 1.1 to y1 = 4.1: its stored height
        # (y1 - y0) is a hair under 3 pt while bottom - top is 3.0; the stored height decides.
        pytest.param(_two_cells(836, 842.5, [{**_v(x, 842 - 4.1, 842 - 1.1), "height": 4.1 - 1.1} for x in (0, 20, 40)]),
                     0, id="stored height under minimum"),
        # Two pieces joined: the height grows by the change of the bottom (1.14.. + 1.85.. =
        # 3.0) while bottom - top is a hair under 3 pt; pdfplumber keeps the rule.
        pytest.param(_two_cells(0, 6, [p for x in (0, 20, 40)
                                       for p in (_v(x, 0.35, 1.49), _v(x, 1.49, 3.3499999999999996))]),
                     1, id="joined height"),
        # Rows 0.35 and 3.35 - 2**-51 pt apart snap to their mean, but each moves by its own
        # offset (pos + (mean - pos)) and they land one bit apart: two lines, cells 2e-16 pt
        # tall. pdfplumber finds that table; so must we.
        pytest.param(_two_cells(0.35, 3.3499999999999996, [_v(x, 0, 5) for x in (0, 20, 40)]), 1,
                     id="snapped lines a bit apart"),
    ],
)
def test_float_details_as_in_pdfplumber(edges: list[Obj], tables: int) -> None:
    expected = _reference(edges, (0, 0, 595, 842), _settings())
    assert len(expected) == tables
    assert _ours(edges, (0, 0, 595, 842), _settings()) == expected


def test_explicit_lines_close_a_table_as_in_pdfplumber() -> None:
    # The bottom border is missing; an explicit closing edge and a bare position give it,
    # a vertical edge in the horizontal list is skipped.
    edges = [_h(0, 40, 0), _h(0, 40, 10), _v(0, 0, 20), _v(20, 0, 20), _v(40, 0, 20)]
    closing = [_h(0, 40, 20, "closing_edge"), _v(60, 0, 20, "closing_edge")]
    for ts in (_settings(explicit_h=closing), _settings(explicit_h=[20.0])):
        expected = _reference(edges, PAGE_BBOX, ts)
        assert len(expected) == 1 and len(expected[0][1]) == 4
        assert _ours(edges, PAGE_BBOX, ts) == expected


def test_settings_it_cannot_honour_are_refused() -> None:
    with pytest.raises(ValueError, match="strategy"):
        GridSettings.from_table_settings({**_settings(), "vertical_strategy": "text"})
    with pytest.raises(ValueError, match="snap_x_tolerance"):
        GridSettings.from_table_settings({**_settings(), "snap_x_tolerance": 1})
    with pytest.raises(KeyError):
        GridSettings.from_table_settings({"vertical_strategy": "lines"})
    with pytest.raises(ValueError, match="edge records"):
        find_tables([], [], PAGE_BBOX, dataclasses.replace(
            GridSettings.from_table_settings(_settings()), explicit_horizontal=[{"object_type": "rect"}]))


# --------------------------------------------------------------------------- random edges

# Grid lines 10 pt apart (on a page of 160 pt), moved by offsets below, at and above the tolerances (3 pt), and
# by any amount up to 4 pt.
_OFFSETS = [0.0, 0.5, 1.0, 1.5, 2.9, 3.0, 3.1, 2.9999999, 3.0000001, 6.0]
_offset = st.sampled_from(_OFFSETS + [-o for o in _OFFSETS]) | st.floats(-4, 4, allow_nan=False)
_grid = st.integers(0, 16).map(lambda k: 10.0 * k)


def _lines(least: int) -> st.SearchStrategy[tuple[float, ...]]:
    """Positions of at least ``least`` grid lines out of five 10 pt apart, in order."""
    steps = (0.0, 10.0, 20.0, 30.0, 40.0)
    return st.sampled_from([c for n in range(least, 6) for c in itertools.combinations(steps, n)])


# Half the rules of a table drawn exactly, the others off by up to 3 pt.
_jitter = st.just(0.0) | _offset.map(lambda o: o / 2)
_coord = st.builds(lambda g, o: g + o, _grid, _offset) | st.integers(0, 320).map(lambda k: k / 2)


@st.composite
def _edge(draw: st.DrawFn, orientation: str, kind: str = "line") -> Obj:
    pos, a, b = draw(_coord), draw(_coord), draw(_coord)
    lo, hi = min(a, b), max(a, b)
    return _h(lo, hi, pos, kind) if orientation == "h" else _v(pos, lo, hi, kind)


@st.composite
def _ruled_grid(draw: st.DrawFn) -> list[Obj]:
    """A table's full rules, some cut in pieces (gaps around the join tolerance), some
    pieces dropped, all ends and positions jittered."""
    # Placed 20 pt steps apart, tables up to 40 pt wide overlap, touch or stand apart.
    ox, oy = draw(st.integers(0, 6)) * 20.0, draw(st.integers(0, 6)) * 20.0
    xs = [ox + x for x in draw(_lines(3))]
    ys = [oy + y for y in draw(_lines(2))]
    edges: list[Obj] = []
    for orientation, positions, across in (("h", ys, xs), ("v", xs, ys)):
        for pos in positions:
            cuts = sorted(draw(st.lists(st.sampled_from(across[1:-1] or across), max_size=2)))
            ends = [across[0], *cuts, across[-1]]
            for lo, hi in zip(ends, ends[1:], strict=False):
                if draw(st.integers(0, 9)) == 0:
                    continue  # a piece missing
                p = pos + draw(_jitter)
                a, b = lo + draw(_jitter), hi + draw(_jitter)
                lo2, hi2 = min(a, b), max(a, b)
                edges.append(_h(lo2, hi2, p) if orientation == "h" else _v(p, lo2, hi2))
    return edges


@st.composite
def _page(draw: st.DrawFn) -> tuple[list[Obj], dict[str, Any]]:
    # One to three tables, which may overlap, touch or stand apart, and loose rules.
    edges = [e for grid in draw(st.lists(_ruled_grid(), min_size=1, max_size=3)) for e in grid]
    edges += draw(st.lists(_edge("h") | _edge("v"), max_size=8))
    edges += draw(st.lists(st.sampled_from(edges), max_size=3)) if edges else []  # duplicates
    edges = draw(st.permutations(edges))
    explicit = st.lists(_edge("h", "closing_edge") | _edge("v", "closing_edge") | _coord, max_size=3)
    return edges, _settings(draw(explicit), draw(explicit))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_page())
def test_random_edges_give_the_same_tables_as_pdfplumber(page: tuple[list[Obj], dict[str, Any]]) -> None:
    edges, ts = page
    assert _ours(edges, PAGE_BBOX, ts) == _reference(edges, PAGE_BBOX, ts)
