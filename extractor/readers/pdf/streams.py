"""Damaged compressed streams, found by inflating them: PDFium reads what it can of a broken
stream without a word, where pdfminer logs "Data-loss while decompressing corrupted data".

Only plain ``/FlateDecode`` streams are checked (with another filter first, the raw bytes
are not zlib data), and not in encrypted files (their stream bytes are ciphertext). A
report's streams inflate in a few milliseconds; output is produced in bounded pieces and
dropped, so a stream that inflates to gigabytes costs time (under the document's time
limit), not memory.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

_FLATE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")
# Bytes searched back from "stream" for the object's dictionary; a stream dictionary is a
# few hundred bytes at most.
_DICT_REACH = 2000
_PIECE = 1 << 20  # bytes of inflated output at a time


def damaged_streams(path: Path) -> int:
    """How many Flate streams of the file do not inflate to their end."""
    with open(path, "rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return 0
    with data:
        return sum(1 for keyword, start in _streams(data) if _is_flate(data, keyword) and not _inflates(data, start))


def _streams(data: mmap.mmap) -> Iterator[tuple[int, int]]:
    """Where each "stream" keyword is and where its data starts (a bytes search: a regular
    expression scanning the binary file is ten times slower)."""
    at = data.find(b"stream")
    while at >= 0:
        after = at + len(b"stream")
        if data[at - 3 : at] != b"end":
            if data[after : after + 1] == b"\n":
                yield at, after + 1
            elif data[after : after + 2] == b"\r\n":
                yield at, after + 2
        at = data.find(b"stream", after)


def _is_flate(data: mmap.mmap, at: int) -> bool:
    head = data[max(0, at - _DICT_REACH):at]
    start = head.rfind(b"obj")
    return start >= 0 and _FLATE.search(head, start) is not None


def _inflates(data: mmap.mmap, start: int) -> bool:
    end = data.find(b"endstream", start)
    if end < 0:
        return False
    inflater = zlib.decompressobj()
    chunk = data[start:end]
    try:
        while not inflater.eof:
            out = inflater.decompress(chunk, _PIECE)
            chunk = inflater.unconsumed_tail
            if not out and not chunk:
                break  # all input read, the stream's end never came
    except zlib.error:
        return False
    return inflater.eof
