"""Which files a batch reads and where each one's JSON goes.

Output paths mirror input paths under OUT ("a/b/r.pdf" → "OUT/a/b/r.pdf.json": the input's
suffix stays, so r.pdf and r.docx never collide). A name too long for the file system is
shortened with a hash; nothing is ever written outside OUT.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from extractor.readers.dispatch import SUPPORTED_SUFFIXES

_MAX_NAME_BYTES = 240  # under the usual 255-byte limit, with room for ".json.tmp"


def find_inputs(root: Path) -> Iterator[Path]:
    """Supported files under ``root``, sorted, without following directory symlinks."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file() and not name.startswith("~$"):
                yield path


def _safe_name(name: str, suffix: str = "") -> str:
    """``name + suffix``, with ``name`` shortened and hashed if the whole is too long."""
    if len((name + suffix).encode("utf-8")) <= _MAX_NAME_BYTES:
        return name + suffix
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    room = _MAX_NAME_BYTES - len(suffix.encode("utf-8")) - 12
    cut = name.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f"{cut}~{digest}{suffix}"


def output_path(out: Path, rel: Path) -> Path:
    parts = [_safe_name(p) for p in rel.parts[:-1]] + [_safe_name(rel.name, ".json")]
    target = out.joinpath(*parts)
    resolved_out = out.resolve()
    if not target.resolve().is_relative_to(resolved_out):
        raise ValueError(f"refusing to write outside {out}: {rel}")
    return target
