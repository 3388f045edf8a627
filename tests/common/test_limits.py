"""The per-document time limit (limits.deadline) whatever the code it interrupts does."""

from __future__ import annotations

import contextlib
import time

import pytest

from extractor.errors import LimitExceeded
from extractor.limits import deadline


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_library_that_wraps_the_timeout_still_ends_as_a_timeout() -> None:
    """rapidocr catches what its model run raises and raises its own error: a 200-page scan
    in a batch came out as "internal error: ONNXRuntimeError: Traceback…" instead of the
    time limit."""

    def wrapping_library() -> None:
        try:
            _busy(5)
        except Exception as exc:
            raise RuntimeError(f"model failed: {exc}") from exc

    with pytest.raises(LimitExceeded, match=r"not finished within 0\.2 s"), deadline(0.2):
        wrapping_library()


def test_a_library_that_swallows_the_timeout_is_stopped_by_the_next_one() -> None:
    def swallowing_library() -> None:
        with contextlib.suppress(LimitExceeded):
            _busy(5)
        _busy(5)

    with pytest.raises(LimitExceeded), deadline(0.2):
        swallowing_library()


def test_an_error_before_the_limit_is_that_error() -> None:
    with pytest.raises(ValueError, match="bad"), deadline(5):
        raise ValueError("bad")
