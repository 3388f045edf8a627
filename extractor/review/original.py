"""Reading an original for the review page, in a child process of its own.

The server never parses an upload itself: a worker did, under its time and memory limits.
Showing the source beside a number means reading the file again, so that happens here, in a
process the server starts with a timeout and a memory cap (``sources.py``), and whose
answer is plain JSON or PNG bytes on stdout.

    python -m extractor.review.original page FILE.pdf PAGE SCALE MAX_PIXELS MEMORY_MB
        → one JSON line {"scale": used} then the PNG of one page: drawn at SCALE pixels a
          point, or smaller where the page would pass MAX_PIXELS (a 10000 pt page would
          otherwise be a 15000×15000 bitmap, 1.7 GB)
    python -m extractor.review.original tables FILE MEMORY_MB      → JSON: the tables as read
      and where each contract field was read from (the same reader, recovery and mapping as
      ``govreport extract``)
"""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path
from typing import Any

from extractor.limits import Limits, memory_limit


def fitted_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale``, lowered so a page of ``width`` × ``height`` points stays within
    ``max_pixels`` (the picture gets smaller; the limit never gets larger)."""
    width, height = max(width, 1.0), max(height, 1.0)
    fitted = min(scale, math.sqrt(max_pixels / (width * height)))
    while fitted < scale and math.ceil(width * fitted) * math.ceil(height * fitted) > max_pixels:
        fitted *= 0.999  # the renderer rounds each side up
    return fitted


def render_page(path: Path, page: int, scale: float, max_pixels: int) -> tuple[bytes, float]:
    """Page ``page`` (from 1) of a PDF as PNG, and the pixels per PDF point it was drawn at."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise ValueError(f"the document has no page {page}")
        width, height = pdf[page - 1].get_size()
        used = fitted_scale(width, height, scale, max_pixels)
        image = pdf[page - 1].render(scale=used).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue(), used


def read_tables(path: Path) -> dict[str, Any]:
    """The original's tables (after recovery, as mapped) and each field's table, row and column."""
    from extractor.mapping.tables import map_tables
    from extractor.numbers import CELL_VALUES
    from extractor.readers.dispatch import read_document
    from extractor.recover import recover

    layout = recover(read_document(path, Limits()), CELL_VALUES)
    tables = layout.tables
    where_cell = {id(cell): (t, cell.row, cell.col) for t, table in enumerate(tables) for cell in table.cells}
    fields: dict[str, list[int]] = {}
    for name, grid in map_tables(tables).grids.items():
        for row, values in grid.items():
            for col, found in values.items():
                if found is not None and found.cell is not None and id(found.cell) in where_cell:
                    fields[f"{name}.{row}.{col}"] = list(where_cell[id(found.cell)])
    return {
        "format": layout.format,
        "positions": str(tables[0].positions) if tables else None,
        "tables": [[[{"text": c.text, "row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan}
                     for c in row] for row in table.rows()] for table in tables],
        "fields": fields,
    }


def main(argv: list[str]) -> int:
    try:
        if argv[:1] == ["page"] and len(argv) == 6:
            with memory_limit(float(argv[5])):
                png, used = render_page(Path(argv[1]), int(argv[2]), float(argv[3]), int(argv[4]))
            sys.stdout.buffer.write(json.dumps({"scale": used}).encode() + b"\n" + png)
        elif argv[:1] == ["tables"] and len(argv) == 3:
            with memory_limit(float(argv[2])):
                read = read_tables(Path(argv[1]))
            sys.stdout.buffer.write(json.dumps(read, ensure_ascii=False).encode())
        else:
            print("usage: python -m extractor.review.original page FILE PAGE SCALE MAX_PIXELS MEMORY_MB | "
                  "tables FILE MEMORY_MB", file=sys.stderr)
            return 2
    except Exception as exc:  # noqa: BLE001 - one line for the server's answer, never a traceback
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
