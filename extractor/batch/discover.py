"""Which files a batch reads, and an outcome for every one it cannot.

Every supported name under INPUT is an input; each gets exactly one ``Input``. Those that
cannot be read carry a ``Skip`` reason and go to the manifest as such, never vanish:

* a folder that cannot be listed → one ``skipped_unreadable`` line for the folder;
* a file without read permission → ``skipped_unreadable``;
* a FIFO, socket or device with a report's name → ``skipped_not_regular`` (opening a FIFO
  would block the batch forever);
* symbolic links: a link to a file inside INPUT is read like the file; a dangling link, a
  link loop, a link that leads outside INPUT and a link to a folder are ``skipped_link``,
  unless ``follow_links`` is set, when links are followed wherever they lead (each real
  folder is entered once, so loops end).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from extractor.readers.dispatch import SUPPORTED_SUFFIXES


class Skip(StrEnum):
    """Why an input was not read; the value is the manifest's ``status``."""

    UNREADABLE = "skipped_unreadable"
    NOT_REGULAR = "skipped_not_regular"
    LINK = "skipped_link"


@dataclass(frozen=True)
class Input:
    path: Path  # as the batch opens it
    rel: Path  # relative to INPUT: the manifest's and the output's name
    skip: Skip | None = None
    detail: str = ""  # why it was skipped, for the manifest's ``error``
    folder: bool = False  # a folder (unreadable, or a link to one): its name ends in "/"

    @property
    def name(self) -> str:
        """The manifest's name for it: the path under INPUT ("sub/r.pdf", "sub/")."""
        return f"{self.rel}/" if self.folder else str(self.rel)


def is_candidate(name: str) -> bool:
    """A name the batch reads: a supported suffix, not an Office lock file (~$x.docx)."""
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("~$")


def find_inputs(root: Path, follow_links: bool = False) -> Iterator[Input]:
    """Every input under ``root`` in a stable (sorted) order."""
    root_real = Path(os.path.realpath(root))
    seen: set[tuple[int, int]] = set()
    yield from _walk(root, Path(), root_real, follow_links, seen)


def _walk(folder: Path, rel: Path, root_real: Path, follow: bool, seen: set[tuple[int, int]]) -> Iterator[Input]:
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            return  # a folder reached again through a link: entered once only
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Input(folder, rel, Skip.UNREADABLE, f"folder cannot be listed: {_why(exc)}", folder=True)
        return
    for entry in entries:
        path, item_rel = Path(entry.path), rel / entry.name
        try:
            if entry.is_symlink():
                yield from _link(path, item_rel, entry.name, root_real, follow, seen)
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(path, item_rel, root_real, follow, seen)
            elif is_candidate(entry.name):
                yield _file(path, item_rel, entry.stat(follow_symlinks=False))
        except OSError as exc:
            if is_candidate(entry.name):
                yield Input(path, item_rel, Skip.UNREADABLE, _why(exc))


def _link(path: Path, rel: Path, name: str, root_real: Path, follow: bool, seen: set[tuple[int, int]]) -> Iterator[Input]:
    try:
        st = os.stat(path)  # follows the link
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield Input(path, rel, Skip.LINK, "link loop")
        elif is_candidate(name):
            yield Input(path, rel, Skip.LINK, f"dangling link ({_why(exc)})")
        return
    target = Path(os.path.realpath(path))
    inside = target.is_relative_to(root_real)
    if stat.S_ISDIR(st.st_mode):
        if follow:
            yield from _walk(path, rel, root_real, follow, seen)
        else:
            yield Input(path, rel, Skip.LINK, "link to a folder, not followed (--follow-links)", folder=True)
        return
    if not is_candidate(name):
        return
    if not inside and not follow:
        yield Input(path, rel, Skip.LINK, "link leads outside the input folder, not followed (--follow-links)")
        return
    yield _file(path, rel, st)


def _file(path: Path, rel: Path, st: os.stat_result) -> Input:
    if not stat.S_ISREG(st.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return Input(path, rel, Skip.NOT_REGULAR, f"not a regular file ({kind})")
    if not os.access(path, os.R_OK):
        return Input(path, rel, Skip.UNREADABLE, "permission denied")
    return Input(path, rel)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
