"""The original beside the number: PDF pages as images with the cell's box drawn in, and the
tables of a Word, HTML or text original with the number's row marked.

Files are read by ``original.py`` in a child process (a timeout and a memory cap; the server
itself parses nothing a client sent). Their number is bounded (``RenderLimits.children``, a
short queue, then 503), pages are drawn within a pixel cap, and results and failures are
kept in a cache bounded in bytes, keyed by the file's path, size and modification time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extractor

# Pixels per PDF point (108 dpi): table digits stay legible, a page stays ~250 KB.
SCALE = 1.5


@dataclass(frozen=True)
class RenderLimits:
    """What showing originals may cost the server: every bound with its unit and reason."""

    scale: float = SCALE  # pixels per PDF point, for pages of ordinary size
    # Pixels of one page image. An A4 page at SCALE is 1.1 M, A3 2.2 M; a 10000 pt page would
    # be 225 M (1.7 GB while drawn). Past the cap the page is drawn smaller, never refused;
    # the server decodes and re-encodes the image to draw a box in, 0.1 s at this size.
    max_pixels: int = 4_000_000
    # Children reading originals at once, across all requests: each can use a CPU and up to
    # ``memory_mb``; more would only slow each other down.
    children: int = field(default_factory=lambda: os.cpu_count() or 1)
    # Requests waiting for a child (or for another request's read of the same page); past it,
    # or past ``wait`` seconds, the answer is 503 with Retry-After. Each waits in one of the
    # server's 40 threads, so the queue stays well under that.
    queue: int = 8
    wait: float = 20.0  # seconds
    timeout: float = 60.0  # seconds one child may read an original
    # RSS of one child, MB (checked as it runs, with an address-space backstop at four
    # times it). A page at max_pixels needs about 200 MB.
    memory_mb: float = 1024.0
    cache_bytes: int = 256_000_000  # page images and tables kept in memory, all together
    cache_items: int = 256
    # Seconds a failure (timeout, unreadable) is remembered for the same file: the next
    # request is answered at once instead of paying for the same failure again.
    failure_seconds: float = 3600.0
    retry_after: int = 5  # seconds, in the 503 when every child is busy


class SourceUnavailable(Exception):
    """The original cannot be shown (gone, unreadable); the message is for the page."""


class RenderBusy(Exception):
    """Every child is busy and the queue is full (or the wait ran out): try again later."""


@dataclass
class _Failed:
    error: SourceUnavailable
    at: float


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


def _size(value: Any) -> int:
    if isinstance(value, tuple):
        return sum(_size(v) for v in value)
    if isinstance(value, bytes | str):
        return len(value)
    return 1024  # a parsed table: small next to a page image, counted roughly


class _Cache:
    """Results and failures by key, bounded in items and bytes; one child per key at a time
    (a second request for the same page waits for the first one's answer)."""

    def __init__(self, limits: RenderLimits, slots: _Slots) -> None:
        self.limits = limits
        self.slots = slots
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.bytes = 0
        self.pending: dict[Any, _Pending] = {}
        self.lock = threading.Lock()

    def _hit(self, key: Any) -> tuple[bool, Any]:
        found = self.items.get(key)
        if found is None:
            return False, None
        if isinstance(found, _Failed) and time.monotonic() - found.at > self.limits.failure_seconds:
            self._drop(key)
            return False, None
        self.items.move_to_end(key)
        return True, found

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self.lock:
            hit, found = self._hit(key)
            pending = None if hit else self.pending.get(key)
            owner = not hit and pending is None
            if owner:
                pending = self.pending[key] = _Pending()
        if hit:
            return _unwrap(found)
        assert pending is not None
        if not owner:
            with self.slots.queued():
                if not pending.done.wait(self.limits.wait + self.limits.timeout):
                    raise RenderBusy("the original is still being read")
            if pending.error is not None:
                raise pending.error
            return pending.value
        try:
            pending.value = make()
        except SourceUnavailable as exc:
            pending.error = exc
            self._put(key, _Failed(exc, time.monotonic()))
            raise
        except BaseException as exc:  # busy: not remembered, the next request tries again
            pending.error = exc
            raise
        else:
            self._put(key, pending.value)
            return pending.value
        finally:
            with self.lock:
                self.pending.pop(key, None)
            pending.done.set()

    def _put(self, key: Any, value: Any) -> None:
        with self.lock:
            self._drop(key)
            self.items[key] = value
            self.bytes += _size(value)
            while self.items and (self.bytes > self.limits.cache_bytes or len(self.items) > self.limits.cache_items):
                self._drop(next(iter(self.items)))

    def _drop(self, key: Any) -> None:
        old = self.items.pop(key, None)
        if old is not None:
            self.bytes -= _size(old)


def _unwrap(found: Any) -> Any:
    if isinstance(found, _Failed):
        raise found.error
    return found


class _Slots:
    """At most ``children`` children at once; a bounded queue waits for a free one."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.free = threading.BoundedSemaphore(max(1, limits.children))
        self.waiting = 0
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def queued(self) -> Iterator[None]:
        """A place in the queue for as long as the block waits; RenderBusy when it is full."""
        with self.lock:
            if self.waiting >= self.limits.queue:
                raise RenderBusy(f"{self.limits.queue} requests already wait to read an original")
            self.waiting += 1
        try:
            yield
        finally:
            with self.lock:
                self.waiting -= 1

    def run(self, work: Callable[[], bytes]) -> bytes:
        with self.queued():
            got = self.free.acquire(timeout=self.limits.wait)
        if not got:
            raise RenderBusy(f"no reader free within {self.limits.wait:g} s")
        try:
            return work()
        finally:
            self.free.release()


def _key(path: Path, *extra: Any) -> tuple[Any, ...]:
    try:
        stat = path.stat()
    except OSError:
        raise SourceUnavailable("the original file is no longer there") from None
    return (str(path), stat.st_size, stat.st_mtime_ns, *extra)


def _run(limits: RenderLimits, *args: str) -> bytes:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(Path(extractor.__file__).parent.parent), os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, "-m", "extractor.review.original", *args], capture_output=True,
                              timeout=limits.timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise SourceUnavailable(f"reading the original took longer than {limits.timeout:g} s") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceUnavailable(f"the original cannot be read ({reason[-1] if reason else 'no reason given'})")
    return done.stdout


class Originals:
    def __init__(self, limits: RenderLimits | None = None) -> None:
        self.limits = limits or RenderLimits()
        self._slots = _Slots(self.limits)
        self._cache = _Cache(self.limits, self._slots)

    def _page(self, path: Path, page: int) -> tuple[bytes, float]:
        out = self._slots.run(lambda: _run(self.limits, "page", str(path), str(page), str(self.limits.scale),
                                           str(self.limits.max_pixels), str(self.limits.memory_mb)))
        head, _, png = out.partition(b"\n")
        return png, float(json.loads(head)["scale"])

    def page(self, path: Path, page: int, box: tuple[float, float, float, float] | None) -> bytes:
        """PNG of ``page`` with ``box`` (PDF points, top-left origin) drawn in, if given."""
        png, scale = self._cache.get(_key(path, "page", page), lambda: self._page(path, page))
        if box is None:
            return png
        return _draw_box(png, box, scale)

    def tables(self, path: Path) -> dict[str, Any]:
        return self._cache.get(_key(path, "tables"), lambda: json.loads(
            self._slots.run(lambda: _run(self.limits, "tables", str(path), str(self.limits.memory_mb)))))


def _draw_box(png: bytes, box: tuple[float, float, float, float], scale: float) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png)).convert("RGB")
    pad = 2
    x0, y0, x1, y1 = (v * scale for v in box)
    area = (max(0, int(x0) - pad), max(0, int(y0) - pad), min(image.width, int(x1) + pad + 2),
            min(image.height, int(y1) + pad + 2))
    if area[0] < area[2] and area[1] < area[3]:
        # Only the box's own pixels are blended (a whole-page overlay costs a page of RGBA).
        region = image.crop(area).convert("RGBA")
        tint = Image.new("RGBA", region.size, (255, 210, 0, 90))
        image.paste(Image.alpha_composite(region, tint).convert("RGB"), area[:2])
    ImageDraw.Draw(image).rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), outline=(220, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # drawn per request: speed over a few KB
    return out.getvalue()


def parse_box(text: str | None) -> tuple[float, float, float, float] | None:
    """``x0,y0,x1,y1`` from a query string; None when absent; ValueError when malformed."""
    if not text:
        return None
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4 or not all(0 <= p < 100000 for p in parts) or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValueError("box is x0,y0,x1,y1 in PDF points")
    return parts[0], parts[1], parts[2], parts[3]
