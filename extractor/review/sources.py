"""The original beside the number: PDF pages as images with the cell's box drawn in, and the
tables of a Word, HTML or text original with the number's row marked.

Files are read by ``original.py`` in a child process (a timeout and a memory cap; the server
itself parses nothing a client sent); results are kept in small in-memory caches keyed by the
file's path, size and modification time.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import extractor

# Pixels per PDF point (108 dpi): table digits stay legible, a page stays ~250 KB.
SCALE = 1.5
_TIMEOUT = 60.0


class SourceUnavailable(Exception):
    """The original cannot be shown (gone, unreadable); the message is for the page."""


class _Cache:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()  # outside the lock: two first requests may both read; both get the same answer
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


def _key(path: Path, *extra: Any) -> tuple[Any, ...]:
    try:
        stat = path.stat()
    except OSError:
        raise SourceUnavailable("the original file is no longer there") from None
    return (str(path), stat.st_size, stat.st_mtime_ns, *extra)


def _run(*args: str) -> bytes:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(Path(extractor.__file__).parent.parent), os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, "-m", "extractor.review.original", *args], capture_output=True,
                              timeout=_TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise SourceUnavailable(f"reading the original took longer than {_TIMEOUT:g} s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceUnavailable(f"the original cannot be read ({reason[-1] if reason else 'no reason given'})")
    return done.stdout


class Originals:
    def __init__(self) -> None:
        self._pages = _Cache(48)
        self._tables = _Cache(16)

    def page(self, path: Path, page: int, box: tuple[float, float, float, float] | None) -> bytes:
        """PNG of ``page`` with ``box`` (PDF points, top-left origin) drawn in, if given."""
        png = self._pages.get(_key(path, page), lambda: _run("page", str(path), str(page), str(SCALE)))
        if box is None:
            return png
        return _draw_box(png, box)

    def tables(self, path: Path) -> dict[str, Any]:
        return self._tables.get(_key(path), lambda: json.loads(_run("tables", str(path))))


def _draw_box(png: bytes, box: tuple[float, float, float, float]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png)).convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    x0, y0, x1, y1 = (v * SCALE for v in box)
    pad = 2
    ImageDraw.Draw(overlay).rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill=(255, 210, 0, 90),
                                      outline=(220, 0, 0, 255), width=3)
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG")
    return out.getvalue()


def parse_box(text: str | None) -> tuple[float, float, float, float] | None:
    """``x0,y0,x1,y1`` from a query string; None when absent; ValueError when malformed."""
    if not text:
        return None
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4 or not all(0 <= p < 100000 for p in parts) or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValueError("box is x0,y0,x1,y1 in PDF points")
    return parts[0], parts[1], parts[2], parts[3]
