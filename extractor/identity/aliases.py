"""A user's alias file: agencies renamed or printed under another name, mapped to one name.

One alias a line, ``old = new`` (``#`` starts a comment), UTF-8::

    人民防空办公室 = 国防动员办公室

``old`` is replaced by ``new`` in the agency's own name (the part after its region), so one line
covers every city's 人民防空办公室. Given by ``--aliases FILE`` or the environment variable
``GOVREPORT_ALIASES`` (workers of a batch inherit it); docs/identity.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENV = "GOVREPORT_ALIASES"
# A file of aliases is a few lines; a bigger one is a wrong file (and must not fill memory).
_MAX_BYTES = 1 << 20


class AliasFileError(ValueError):
    """The alias file cannot be read or has a line that is not ``old = new``."""


@dataclass(frozen=True)
class Alias:
    old: str
    new: str

    def apply(self, name: str) -> str:
        return name.replace(self.old, self.new)


def parse_aliases(text: str, where: str = "aliases") -> tuple[Alias, ...]:
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        old, sep, new = (part.strip() for part in line.partition("="))
        if not sep or not old or not new:
            raise AliasFileError(f"{where}: line {number} is not 'old = new': {raw.strip()[:60]}")
        found.append(Alias(old, new))
    return tuple(found)


def read_aliases(path: Path) -> tuple[Alias, ...]:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise AliasFileError(f"{path}: an alias file of more than {_MAX_BYTES // 1024} kB is not one")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AliasFileError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise AliasFileError(f"{path}: cannot read the alias file ({exc.strerror or exc})") from None
    return parse_aliases(text, str(path))


@cache
def _cached(path: str, mtime_ns: int) -> tuple[Alias, ...]:
    return read_aliases(Path(path))


def current_aliases() -> tuple[Alias, ...]:
    """The aliases of the file ``GOVREPORT_ALIASES`` names (none when unset), read once per
    change of the file."""
    path = os.environ.get(ENV)
    if not path:
        return ()
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise AliasFileError(f"{path}: cannot read the alias file ({exc.strerror or exc})") from None
    return _cached(path, mtime)
