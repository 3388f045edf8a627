"""``OUT/manifest.jsonl``: one line per input, written as results arrive.

Lines are appended and flushed one by one, so an interrupted run keeps what it recorded; at
the end of a run the file is rewritten (atomically) with one line per input, the latest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

NAME = "manifest.jsonl"


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # Disk full, Ctrl-C: leave the old file (if any) and no temporary one.
        tmp.unlink(missing_ok=True)
        raise


class Manifest:
    def __init__(self, out: Path) -> None:
        self.path = out / NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a", encoding="utf-8")

    def add(self, entry: dict[str, Any]) -> None:
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()
        entries: dict[str, dict[str, Any]] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut by a kill -9: the file's own entry comes again below
            entries[entry["path"]] = entry
        write_atomic(self.path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries.values()))


def read(out: Path) -> list[dict[str, Any]]:
    path = out / NAME
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue
    return rows
