"""Map layout tables to the contract's three tables.

A chain of small steps, row by row over every table of the document in reading order:

1. the template version, from table 2's header words (``template.detect_template``);
2. each row seen as label and value cells (``rows.row_views``) and classified on its own
   (``rows.classify_row``: a header of one of the tables, a data row, numbers alone…);
3. a data row matched to a template row by its label, then handed to the placer of its
   table (``proactive``, ``applications``, ``review``), which puts its numbers in columns
   by the nearest header that names them;
4. each placer's fill step: every contract field present, ``None`` with a warning where
   the report printed nothing.

So a table split over pages, two tables printed as one, or a table that lost its head are
all handled the same way, and anything that cannot be placed is ``None`` with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.contract import Warning
from extractor.layout import ColumnPositions, Table, read_by_ocr
from extractor.mapping import applications, proactive, review, template
from extractor.mapping.applications import ApplicationsPlacer
from extractor.mapping.flattened import place as flattened
from extractor.mapping.proactive import ProactivePlacer
from extractor.mapping.review import ReviewPlacer
from extractor.mapping.rows import RowKind, RowView, classify_row, row_views
from extractor.mapping.values import Grid, Warnings, say_unmatched
from extractor.warning_codes import WarningCode

# The version assumed when table 2's headers are not found: the one in force since 2021.
DEFAULT_TEMPLATE = "2021"


@dataclass
class MappedTables:
    template: str
    # The three tables keyed by the contract's names (tables.proactive_disclosure, …).
    grids: dict[str, Grid]
    warnings: list[Warning]


@dataclass
class _Placers:
    proactive: ProactivePlacer
    applications: ApplicationsPlacer
    review: ReviewPlacer


def map_tables(tables: list[Table], headers_outside: Iterable[str] = (), loose_text: Sequence[str] = ()) -> MappedTables:
    """``headers_outside``: the lines just above each table. A text copy that lost the tabs of
    table 2's header rows ("信息内容  本年新制作数量  本年新公开数量 …") has them as paragraphs, and its
    template is told from them when the tables' own cells tell nothing.

    ``loose_text``: the document's text outside tables, in order. A table found nowhere else is
    looked for there printed without cell separators (``flattened``)."""
    warnings = Warnings()
    version = template.detect_template(cell.text for table in tables for cell in table.cells)
    if version is None:
        version = template.detect_template(headers_outside)
    segs = flattened.loose_segments(loose_text) if loose_text else []
    if version is None and segs:
        version = flattened.detect_version(segs)
    if version is None:
        # Named for table 2: the template decides which of its fields exist, so every field of
        # it (and the other version's, which the document then lacks) is in doubt.
        warnings.add(WarningCode.TEMPLATE_ASSUMED, "table 2 headers not found; the 2021 template is assumed: "
                     "table 2's rows and columns may be the other version's", table=proactive.NAME)
        version = DEFAULT_TEMPLATE
    placers = _Placers(
        ProactivePlacer(version, warnings), ApplicationsPlacer(version, warnings), ReviewPlacer(warnings)
    )
    for table in tables:
        hints = table.positions is ColumnPositions.HINTS
        placers.applications.start_table(table, hints)
        placers.proactive.start_table(hints)
        placers.review.start_table(hints)
        for view in row_views(table, hints):
            _walk_row(view, classify_row(view, version), placers, warnings)
        placers.applications.end_table()
    if segs:
        _recover_flattened(segs, version, placers, warnings)
    grids = {
        proactive.NAME: placers.proactive.fill(),
        applications.NAME: placers.applications.fill(),
        review.NAME: placers.review.fill(),
    }
    return MappedTables(version, grids, warnings)


def _recover_flattened(segs: list[flattened.Segment], version: str, placers: _Placers, warnings: Warnings) -> None:
    """Tables no grid gave, looked for in the loose text (their rows' numbers run together)."""
    wanted = {name for name, grid in ((proactive.NAME, placers.proactive.grid),
                                      (applications.NAME, placers.applications.grid),
                                      (review.NAME, placers.review.grid)) if not grid}
    if not wanted:
        return
    found = flattened.recover(segs, version, wanted, warnings)
    placers.proactive.grid.update(found.grids.get(proactive.NAME, {}))
    placers.review.grid.update(found.grids.get(review.NAME, {}))
    if applications.NAME in found.grids:
        placers.applications.adopt(found.grids[applications.NAME], found.applicant_columns)


def _walk_row(view: RowView, kind: RowKind, placers: _Placers, warnings: Warnings) -> None:
    if kind in (RowKind.REVIEW_HEADER, RowKind.PROACTIVE_HEADER):
        # Another table's header: table 3 ended, and the rows it held stay unmatched.
        placers.applications.release()
    if kind is RowKind.REVIEW_HEADER:
        placers.review.header(view)
    elif kind is RowKind.UNLABELLED_VALUES:
        if placers.review.expecting:
            placers.review.row(view)
    elif kind is RowKind.PROACTIVE_HEADER:
        placers.proactive.header(view)
    elif kind is RowKind.APPLICANT_HEADER:
        placers.applications.header(view)
    elif kind is RowKind.DATA:
        _data_row(view, placers, warnings)


def _data_row(view: RowView, placers: _Placers, warnings: Warnings) -> None:
    """A labelled row: table 3's if its label says so exactly, else table 2's, else table
    3's by an approximate match (reported), else reported as unmatched."""
    label = view.label
    in_other = placers.applications.in_other_group or template.opens_other_group(label)
    key = template.match_application_row(label, view.leaf, in_other)
    if key is not None:
        placers.applications.row(key, view)
        return
    named = template.proactive_rows_named(label) if read_by_ocr(view.cells) else []
    if len(named) > 1 and view.has_numbers:
        # A scan lost the rule between two rows: which value belongs to which row, no one can
        # tell; the rows stay missing (said each). (A text layer's label holds two names only
        # where a table cut by a page break was joined: its values are the first row's.)
        warnings.add(WarningCode.ROW_UNPLACED,
                     f"row {label!r} names {len(named)} rows of table 2 ({', '.join(named)}): their rule was lost; "
                     "its values cannot be placed; all null",
                     label=label, raw=[c.text for c in view.value_cells])
        return
    item = template.match_proactive_row(label)
    if item is not None:
        placers.applications.release()
        placers.proactive.row(item, view)
        return
    key = template.match_application_row_fuzzy(view.leaf)
    if key is not None:
        warnings.add(WarningCode.LABEL_FUZZY, f"row label {label!r} matched approximately to {key}", row=key)
        placers.applications.row(key, view)
    elif view.has_numbers and (item := template.match_proactive_row_fuzzy(label)) is not None:
        warnings.add(WarningCode.LABEL_FUZZY, f"row label {label!r} matched approximately to {item}", row=item)
        placers.applications.release()
        placers.proactive.row(item, view)
    elif view.has_numbers and not (read_by_ocr(view.cells) and placers.applications.hold(view)):
        say_unmatched(view, warnings)
