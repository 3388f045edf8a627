"""A batch's inputs named in a list (``--input-list``) rather than found in a folder.

One input per line: a path (relative ones are relative to the list's folder) or a URL that
the workers can read (``s3://bucket/2024/r.pdf``; see ``remote``). A line may carry the
file's sha256 first, as ``sha256sum`` prints it (``<64 hex>  <path>``): then a re-run skips
an input whose output is up to date without anyone reading it. Blank lines and lines
starting with ``#`` are ignored.

Each input's name in the manifest and under OUT is its location without the scheme:
``s3://bucket/2024/r.pdf`` → ``bucket/2024/r.pdf`` (OUT/bucket/2024/r.pdf.json), a relative
path as written, an absolute one without its leading ``/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from extractor.batch.remote import is_url

_SHA_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


@dataclass(frozen=True)
class Listed:
    location: str  # the path or URL a worker reads
    rel: str  # its name in the manifest and under OUT
    sha256: str | None = None  # as the list gives it
    error: str | None = None  # why it cannot be run (the manifest's ``error``)


class InputListError(Exception):
    """The list itself cannot be read."""


def read_input_list(path: Path) -> Iterator[Listed]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputListError(f"cannot read the input list {path}: {reason}") from None
    seen: dict[str, str] = {}  # name under OUT → the location that has it
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sha = None
        match = _SHA_LINE.match(line)
        if match:
            sha, line = match.group(1).lower(), match.group(2)
        entry = _entry(line, sha, path.parent)
        if entry.error is None and entry.rel in seen:
            if seen[entry.rel] == entry.location:
                continue  # the same input listed again: one input, one outcome
            # Another input with the same name under OUT: it is named by its line instead.
            entry = Listed(entry.location, line, sha, error=f"its output would overwrite that of {seen[entry.rel]}")
        seen.setdefault(entry.rel, entry.location)
        yield entry


def _entry(line: str, sha: str | None, base: Path) -> Listed:
    if is_url(line):
        parts = urlsplit(line)
        name = unquote(f"{parts.netloc}{parts.path}")
        location = line
    else:
        name = line
        location = str(base / line) if not Path(line).is_absolute() else line
    rel = PurePosixPath(name.lstrip("/"))
    if not rel.parts or ".." in rel.parts:
        return Listed(location, line, sha, error=f"cannot be named under OUT: {line}")
    return Listed(location, str(rel), sha)
