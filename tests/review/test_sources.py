"""Showing originals within bounds (issue 26): page images within a pixel cap, a bounded
number of reading children with a short queue, results and failures cached."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from extractor.review.original import fitted_scale
from extractor.review.sources import Originals, RenderBusy, RenderLimits, SourceUnavailable, _Slots
from scripts.attack import huge_page_pdf


def test_a_huge_page_is_drawn_smaller_within_the_pixel_cap(tmp_path: Path) -> None:
    import io

    from PIL import Image

    pdf = tmp_path / "huge.pdf"
    pdf.write_bytes(huge_page_pdf())
    limits = RenderLimits(max_pixels=2_000_000)
    png = Originals(limits).page(pdf, 1, (10, 10, 200, 40))
    with Image.open(io.BytesIO(png)) as image:
        assert image.width * image.height <= limits.max_pixels
        assert image.width == pytest.approx(10000 * fitted_scale(10000, 10000, limits.scale, limits.max_pixels), abs=1)
    # An ordinary page keeps the ordinary scale.
    assert fitted_scale(595, 842, 1.5, limits.max_pixels) == 1.5


def test_a_failure_is_remembered_and_not_paid_for_again(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    originals = Originals(RenderLimits())
    with pytest.raises(SourceUnavailable) as first:
        originals.page(broken, 1, None)
    start = time.perf_counter()
    with pytest.raises(SourceUnavailable) as again:
        originals.page(broken, 1, None)
    assert time.perf_counter() - start < 0.05  # no child started the second time
    assert str(again.value) == str(first.value)


def test_past_the_children_and_the_queue_the_answer_is_busy() -> None:
    slots = _Slots(RenderLimits(children=1, queue=1, wait=0.5))
    holding, release = threading.Event(), threading.Event()

    def hold() -> bytes:
        holding.set()
        release.wait(10)
        return b""

    first = threading.Thread(target=slots.run, args=(hold,))
    first.start()
    holding.wait(5)
    outcomes: list[str] = []

    def second() -> None:
        try:
            slots.run(lambda: b"")
            outcomes.append("ran")
        except RenderBusy as exc:
            outcomes.append(str(exc))

    waiting = threading.Thread(target=second)
    waiting.start()
    time.sleep(0.1)
    with pytest.raises(RenderBusy, match="already wait"):  # the queue (one place) is taken
        slots.run(lambda: b"")
    waiting.join(5)
    release.set()
    first.join(5)
    assert outcomes == ["no reader free within 0.5 s"]
