"""A batch's output folder: where each JSON goes, what is up to date, who holds it.

Output paths mirror input paths under OUT ("a/b/r.pdf" → "OUT/a/b/r.pdf.json": the input's
suffix stays, so r.pdf and r.docx never collide). Names keep their bytes exactly (a GBK name
gives a GBK output name); a name too long for the file system is shortened with a hash;
nothing is ever written outside OUT.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from extractor.contract import SCHEMA_VERSION
from extractor.names import is_utf8, raw_bytes

# Under the usual 255-byte limit, with room for the writer's ".govreport-XXXXXXXX.tmp".
_MAX_NAME_BYTES = 220
LOCK_NAME = ".govreport-batch.lock"


def _safe_name(name: str, suffix: str = "") -> str:
    """``name + suffix``, with ``name`` shortened and hashed if the whole is too long."""
    raw, tail = raw_bytes(name), raw_bytes(suffix)
    if len(raw + tail) <= _MAX_NAME_BYTES:
        return name + suffix
    digest = hashlib.sha1(raw).hexdigest()[:10]
    room = _MAX_NAME_BYTES - len(tail) - 12
    # Cut on a character boundary where the name is UTF-8; other bytes are kept as they are.
    cut = raw[:room].decode("utf-8", errors="ignore") if is_utf8(name) else os.fsdecode(raw[:room])
    return f"{cut}~{digest}{suffix}"


def output_path(out: Path, rel: Path) -> Path:
    parts = [_safe_name(p) for p in rel.parts[:-1]] + [_safe_name(rel.name, ".json")]
    target = out.joinpath(*parts)
    if any(p in ("..", "") for p in rel.parts) or rel.is_absolute():
        raise ValueError(f"refusing to write outside {out}: {rel}")
    return target


def up_to_date(target: Path, sha256: str) -> bool:
    """The JSON exists for the same source bytes and schema: nothing to redo."""
    return output_sha256(target) == sha256


def output_sha256(target: Path) -> str | None:
    """The sha256 of the source the JSON at ``target`` was made from, if it exists and has
    this schema version (else None: it must be made again)."""
    try:
        data = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        return None
    sha = (data.get("source") or {}).get("sha256")
    return sha if isinstance(sha, str) else None


def iter_output_paths(out: Path) -> Iterator[Path]:
    """Every ``*.json`` under ``out`` (sorted), without holding them in memory."""
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".json"):
                yield Path(dirpath) / name


def iter_outputs(out: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every JSON document a batch wrote under ``out``, read one at a time."""
    for path in iter_output_paths(out):
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("tables"), dict) and isinstance(data.get("report"), dict):
            yield path, data


def remove_stale_temporaries(out: Path) -> int:
    """Remove the writer's temporary files (``.govreport-*.tmp``) that a batch killed with
    SIGKILL mid-write left in OUT. Only safe under the OUT lock: no other writer is running."""
    removed = 0
    for dirpath, _, filenames in os.walk(out):
        for name in filenames:
            if name.startswith(".govreport-") and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
    return removed


class OutLocked(Exception):
    """Another batch is writing into the same OUT."""


@contextlib.contextmanager
def pid_lock(path: Path, busy: Callable[[str], Exception], *, process_only: bool = False) -> Iterator[None]:
    """Hold the lock file ``path`` and write this PID into it; when another process holds it,
    raise ``busy(its PID)`` at once. The kernel releases the lock when the holder dies, so a
    killed holder never leaves a stale lock.

    ``flock`` by default: forked children (a batch's workers) share it. ``process_only``: a
    POSIX record lock (``lockf``), this process's alone, gone the instant it dies even while
    forked children wind down."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            if process_only:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise busy(holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold OUT for one batch: a second batch into it stops at once, naming the first's PID."""
    with pid_lock(out / LOCK_NAME, lambda pid: OutLocked(f"another batch (PID {pid}) is writing to this folder")):
        yield
