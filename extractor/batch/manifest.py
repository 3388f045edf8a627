"""``OUT/manifest.jsonl``: one line per input, written as results arrive.

Each line is appended with one write and flushed, so an interrupted run keeps what it
recorded. A write that fails part-way (disk full) is cut back to the last whole line, and a
file found ending in half a line (a kill during a write) is repaired when a run opens it:
the manifest only ever holds whole lines. At the end of a run it is rewritten (atomically)
with one line per input, the latest; lines of inputs no longer in the folder are dropped.
A file skipped as up to date keeps the outcome its last run recorded, with ``skipped: true``.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from extractor.outputs import OutputError, reason, write_text

NAME = "manifest.jsonl"


def _line(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


class Manifest:
    def __init__(self, out: Path) -> None:
        self.path = out / NAME
        self.entries: dict[str, dict[str, Any]] = {e["path"]: e for e in read(out)}
        # The inputs of this run (set once it is planned): only their lines are compacted.
        self.current: set[str] | None = None
        self._written: set[str] = set()
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
            _repair(self._fd)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {reason(exc)}") from None

    def keep_only(self, pending: set[str]) -> None:
        """The run is planned: its inputs are those with a line written this run and
        ``pending`` (tasks still to finish, whose last known line stays until they do)."""
        self.current = set(self._written) | pending

    def add(self, entry: dict[str, Any]) -> None:
        """Append one line; on failure the file is left as it was and ``OutputError`` raised."""
        self.entries[entry["path"]] = entry
        self._written.add(entry["path"])
        data = _line(entry)
        size = os.fstat(self._fd).st_size
        try:
            written = os.write(self._fd, data)
            if written != len(data):
                raise OSError(28, "short write")
        except OSError as exc:
            with contextlib.suppress(OSError):  # else the next run's repair cuts the half line
                os.ftruncate(self._fd, size)
            raise OutputError(f"cannot write {self.path}: {reason(exc)}") from None

    def close(self) -> None:
        """Compact to one line per input; if that cannot be written, the appended file stays."""
        os.close(self._fd)
        kept = [e for p, e in self.entries.items() if self.current is None or p in self.current]
        write_text(self.path, "".join(_line(e).decode("utf-8") for e in kept))


def _repair(fd: int) -> None:
    """Cut a trailing half line (from a kill or a full disk) back to the last newline."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    keep, chunk = size, 1 << 16
    while keep > 0:
        start = max(0, keep - chunk)
        block = os.pread(fd, keep - start, start)
        cut = block.rfind(b"\n")
        if cut >= 0:
            os.ftruncate(fd, start + cut + 1)
            return
        keep = start
    os.ftruncate(fd, 0)


def read(out: Path) -> list[dict[str, Any]]:
    path = out / NAME
    try:
        data = path.read_bytes()
    except OSError:
        return []
    rows = []
    for line in data.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            rows.append(entry)
    return rows
