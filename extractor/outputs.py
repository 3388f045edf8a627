"""The one rule every writer follows (extract -o, batch outputs, manifest, export).

* A regular file (or a name not yet taken) is written to a temporary file in the target's own
  folder and renamed over the target: a reader sees the old file or the new one, never half.
* A target that exists and is not a regular file (a device such as /dev/null, a FIFO) is
  written in place: renaming over it would replace the device with a file.
* Any failure (missing folder, target is a folder, no permission, disk full) leaves the old
  target untouched and no temporary file, and is raised as ``OutputError`` with one line
  that says why; the command line turns it into exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from extractor.names import shown


class OutputError(Exception):
    """An output could not be written; the message is one line for the user."""


_REASONS = {
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENXIO: "a FIFO with no reader",
}


def reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_bytes(target: Path, data: bytes, *, make_parents: bool = False) -> None:
    write_with(target, lambda fh: fh.write(data), make_parents=make_parents)


def write_text(target: Path, text: str, *, make_parents: bool = False) -> None:
    write_bytes(target, text.encode("utf-8"), make_parents=make_parents)


def write_with(target: Path, write: Callable[[BinaryIO], object], *, make_parents: bool = False) -> None:
    """Run ``write`` on a binary file handle that becomes ``target`` only if it all succeeds."""
    target = Path(target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"cannot write {shown(str(target))}: {reason(exc)}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {shown(str(target))}: it is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(target, write)
        return
    _write_replacing(target, write, make_parents)


def _write_in_place(target: Path, write: Callable[[BinaryIO], object]) -> None:
    try:
        # O_NONBLOCK only for the open: a FIFO nobody reads fails at once (ENXIO) instead of hanging.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
    except OSError as exc:
        raise OutputError(f"cannot write {shown(str(target))}: {reason(exc)}") from None


def _write_replacing(target: Path, write: Callable[[BinaryIO], object], make_parents: bool) -> None:
    folder = target.parent
    try:
        if make_parents:
            folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {shown(str(target))}: {reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {shown(str(target))}: {reason(exc)}") from None
    except BaseException:
        # Ctrl-C or a bug in ``write``: the old target stays and no temporary file is left.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    # mkstemp creates 0600 files; outputs get the permissions a plain open() would give.
    current = os.umask(0)
    os.umask(current)
    return current
