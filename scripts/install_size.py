"""Installed size of govreport and of each extra, measured on this environment's packages.

    python scripts/install_size.py                 # the plain install and every extra
    python scripts/install_size.py ocr service     # only these

For the plain install and for each extra: the distributions it pulls in (its requirements
followed through the installed packages' own metadata) and the bytes their files take on disk
(each file once; pip, setuptools and wheel, which every environment has, not counted). An extra's
figure is what it adds to the plain install. Needs the extras installed here (`.[dev]` has
them all but `train` and `camelot`; `make test` installs it); a requirement that is not installed
is listed as missing instead of guessed at.
"""

from __future__ import annotations

import argparse
import os
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

DIST = "govreport"
ALWAYS_THERE = {"pip", "setuptools", "wheel"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: str, extras: set[str]) -> list[Requirement]:
    try:
        raw = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return []
    wanted = []
    for line in raw:
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras or {""}):
            wanted.append(req)
    return wanted


def closure(extras: set[str]) -> tuple[set[str], set[str]]:
    """(installed distributions, missing requirement names) that DIST[extras] pulls in."""
    found: set[str] = set()
    missing: set[str] = set()
    todo: list[tuple[str, set[str]]] = [(DIST, extras)]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, want = todo.pop()
        key = (_norm(name), frozenset(want))
        if key in seen:
            continue
        seen.add(key)
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.add(_norm(name))
            continue
        found.add(_norm(name))
        todo.extend((req.name, set(req.extras)) for req in _requirements(name, want))
    return found - ALWAYS_THERE, missing


def size_of(dists: set[str]) -> int:
    total, counted = 0, set()
    for name in dists:
        dist = metadata.distribution(name)
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            if path in counted or not path.is_file():
                continue
            counted.add(path)
            total += os.stat(path).st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("extras", nargs="*")
    args = parser.parse_args()
    extras = args.extras or sorted(metadata.metadata(DIST).get_all("Provides-Extra") or [])
    base, base_missing = closure(set())
    print(f"plain install: {size_of(base) / 1e6:.0f} MB, {len(base)} distributions"
          + (f" (missing: {', '.join(sorted(base_missing))})" if base_missing else ""))
    for extra in extras:
        dists, missing = closure({extra})
        added = dists - base
        line = f"[{extra}]: +{size_of(added) / 1e6:.0f} MB, {len(added)} distributions"
        if missing:
            line += f" (not installed here: {', '.join(sorted(missing))})"
        print(line)


if __name__ == "__main__":
    main()
