"""Reading a listed input where it lives: a path, or a URL of any file system fsspec knows
(``s3://``, ``gs://``, ``https://``, ``memory://``…; ``pip install 'govreport[remote]'`` and
the file system's own package, e.g. ``s3fs``).

Runs in the child process that extracts the document (a local batch's worker, or a Dask
worker's pool), under the document's limits: the size is checked before a byte is read, a
remote object is copied to the child's temporary folder while it is hashed, and the copy is
removed afterwards. The submitting machine never holds the bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from extractor.errors import UnreadableInput
from extractor.limits import Limits, check_file_size

_BLOCK = 1 << 20  # bytes read and hashed at a time: memory stays flat whatever the size


def is_url(location: str) -> bool:
    """A location with a scheme (``s3://…``); anything else is a local path."""
    return "://" in location


def name_of(location: str) -> str:
    """The file's own name: what its document reports as ``source.file``."""
    return PurePosixPath(urlsplit(location).path).name if is_url(location) else Path(location).name


@dataclass(frozen=True)
class Fetched:
    path: Path  # a local file holding the bytes
    sha256: str


@contextlib.contextmanager
def fetched(location: str, limits: Limits) -> Iterator[Fetched]:
    """The input's bytes as a local file and their sha256; raises a ``GovReportError``
    (``UnreadableInput``, or ``LimitExceeded`` for a file over ``--max-file-mb``)."""
    if not is_url(location):
        path = Path(location)
        try:
            check_file_size(path.stat().st_size, limits)
            sha = _hash_file(path)
        except OSError as exc:
            raise UnreadableInput(f"{exc.strerror or exc}") from None
        yield Fetched(path, sha)
        return
    fd, copy = tempfile.mkstemp(prefix="govreport-fetched-", suffix=Path(name_of(location)).suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            sha = _copy(location, limits, out)
        yield Fetched(Path(copy), sha)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(copy)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy(location: str, limits: Limits, out: object) -> str:
    try:
        import fsspec
    except ImportError:
        raise UnreadableInput("reading URLs needs fsspec: pip install 'govreport[remote]'") from None
    digest = hashlib.sha256()
    try:
        fs, path = fsspec.core.url_to_fs(location)
        size = fs.size(path)
        if size is not None:
            check_file_size(int(size), limits)
        copied = 0
        with fs.open(path, "rb") as fh:
            for block in iter(lambda: fh.read(_BLOCK), b""):
                copied += len(block)
                # A server that gave no size (or a wrong one) is held to the limit as it sends.
                check_file_size(copied, limits)
                digest.update(block)
                out.write(block)  # type: ignore[attr-defined]
    except (OSError, ValueError, ImportError) as exc:
        # fsspec raises FileNotFoundError, PermissionError, or ImportError/ValueError for a
        # scheme whose package is missing or unknown.
        raise UnreadableInput(f"{type(exc).__name__}: {exc}") from None
    return digest.hexdigest()
